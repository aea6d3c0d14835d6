// `npm run tallies:repair`: rewrites every running tally (sessions per school, month and topic; the
// localities each session reached; survey answers per run, question and option, and per run and core
// item; when each mentor became trained) from the rows it counts, on the database at DATABASE_URL, and
// says how many tally rows changed. The app keeps the tallies in step in the same transaction as each
// write (app/models/tallies.server.ts), so this finds nothing to change unless rows were written behind
// its back (by hand in SQL, say). Safe to run while the app serves: each batch is one short transaction.
// `npm run tallies:repair -- --check` also exits with 1 when it had to correct anything.
import { DEFAULT_DATABASE_URL } from "./env.mjs";
import { requireExistingDatabase } from "./prepare-db.mjs";

process.env.DATABASE_URL ||= DEFAULT_DATABASE_URL;
// Not a new, empty database for a mistyped DATABASE_URL: it says so and stops.
requireExistingDatabase();

// Imported after DATABASE_URL is set: the database client reads it when it loads.
const { prisma } = await import("~/db.server");
const { recountAllTallies } = await import("~/models/tallies.server");

/** Every tally row as text, to compare before and after. */
async function snapshot(): Promise<Set<string>> {
  const rows = await Promise.all([
    prisma.sessionTally.findMany(),
    prisma.sessionYearGroupTally.findMany(),
    prisma.deliveryLocalityTally.findMany(),
    prisma.surveyAnswerTally.findMany(),
    prisma.coreItemTally.findMany(),
    prisma.surveyRun.findMany({ select: { id: true, countedResponses: true } }),
    prisma.mentor.findMany({ select: { id: true, trainedAt: true } }),
  ]);
  return new Set(rows.flatMap((list, i) => list.map((row) => `${i}:${JSON.stringify(row)}`)));
}

const before = await snapshot();
const { schools, runs } = await recountAllTallies(prisma);
const after = await snapshot();
// A corrected row is one that went and one that came: both are counted, each for what it is.
const written = [...after].filter((row) => !before.has(row)).length;
const replaced = [...before].filter((row) => !after.has(row)).length;
const changed = written + replaced;
console.log(
  `Recounted the tallies of ${schools} schools and ${runs} survey runs: ${changed === 0 ? "all were right" : `${replaced} tally rows were wrong (replaced or removed) and ${written} were written`}.`,
);
await prisma.$disconnect();
// With --check (for monitoring), a repair that had to correct anything exits with 1 so someone looks why.
if (changed > 0 && process.argv.includes("--check")) process.exitCode = 1;
