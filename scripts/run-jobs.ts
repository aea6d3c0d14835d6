// `npm run jobs`: runs whatever scheduled work is due (see app/models/jobs.server.ts) and says what it did.
// Run it hourly from cron with the same DATABASE_URL as the server.
import { DEFAULT_DATABASE_URL } from "./env.mjs";

process.env.DATABASE_URL ||= DEFAULT_DATABASE_URL;

// Imported after DATABASE_URL is set: the database client reads it when it loads.
const { configureDatabase, prisma } = await import("~/db.server");
const { describeJobsReport, runScheduledJobs } = await import("~/models/jobs.server");

try {
  // The same connection settings as the server (WAL, busy timeout), so a job never trips over a request.
  await configureDatabase();
  const report = await runScheduledJobs();
  for (const line of describeJobsReport(report)) console.log(line);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
