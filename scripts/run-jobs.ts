// `npm run jobs`: runs whatever scheduled work is due (see app/models/scheduled-work.server.ts), records
// each run as the server does, and says what it did. For operators who set SCHEDULED_WORK=off and use cron
// (hourly, with the same DATABASE_URL as the server). A slot the server already ran is not run again.
import { DEFAULT_DATABASE_URL } from "./env.mjs";
import { requireExistingDatabase } from "./prepare-db.mjs";

process.env.DATABASE_URL ||= DEFAULT_DATABASE_URL;
// Not a new, empty database for a mistyped DATABASE_URL: it says so and stops.
requireExistingDatabase();

// Imported after DATABASE_URL is set: the database client reads it when it loads.
const { configureDatabase, prisma } = await import("~/db.server");
const { leaseHolderName } = await import("~/models/job-runs.server");
const { describeJobPass, runDueWork, SCHEDULED_JOBS } = await import("~/models/scheduled-work.server");
const { jobsMailProblem, thisProcessMail } = await import("~/models/server-mail.server");

try {
  // The same connection settings as the server (WAL, busy timeout), so a job never trips over a request.
  await configureDatabase();
  // A command that would send email otherwise than the server does (no SMTP_URL, another APP_URL) runs nothing.
  const problem = await jobsMailProblem(thisProcessMail());
  if (problem) {
    console.error(problem);
    process.exitCode = 1;
  } else {
    const passes = await runDueWork({
      clock: () => new Date(),
      holder: leaseHolderName(),
      trigger: "command",
      jobs: SCHEDULED_JOBS.filter((job) => job.byCommand),
    });
    for (const pass of passes) console.log(describeJobPass(pass));
    if (passes.some((pass) => pass.outcome === "FAILED")) process.exitCode = 1;
  }
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
