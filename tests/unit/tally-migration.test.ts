/**
 * The migration that made the running tallies filled them from the rows already there, in SQL of each
 * engine's own (SQLite's date functions; PostgreSQL's time zones). Run again on rows written since, each
 * engine's fill gives the tallies the app counts (app/models/tallies.server.ts): London months across
 * midnight and both clock changes, sessions that reach nobody, responses left out of results.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma, byEngine } from "~/db.server";
import { booking, deliveryAt, locality, school, surveyRun, surveyTemplate, topic } from "./reach-factories";

/** London wall-clock starts on the edges of months and of summer time (1 April 00:30 is still March in UTC). */
const STARTS = [
  ["2025-03-30", "00:30"],
  ["2025-03-30", "02:30"],
  ["2025-03-31", "23:30"],
  ["2025-04-01", "00:30"],
  ["2025-09-30", "23:45"],
  ["2025-10-01", "00:30"],
  ["2025-10-26", "00:30"],
  ["2025-10-26", "01:30"],
  ["2025-10-31", "23:30"],
  ["2025-11-01", "00:15"],
  ["2026-01-01", "00:00"],
] as const;

/** Every tally row as text, in one order, to compare two fills. */
async function tallies(): Promise<string[]> {
  const rows = await Promise.all([
    prisma.sessionTally.findMany({ orderBy: [{ schoolId: "asc" }, { month: "asc" }, { topicId: "asc" }] }),
    prisma.sessionYearGroupTally.findMany({ orderBy: [{ schoolId: "asc" }, { month: "asc" }, { topicId: "asc" }, { yearGroup: "asc" }] }),
    prisma.surveyAnswerTally.findMany({ orderBy: [{ runId: "asc" }, { questionId: "asc" }, { value: "asc" }] }),
    prisma.surveyRun.findMany({ select: { id: true, countedResponses: true }, orderBy: { id: "asc" } }),
  ]);
  return rows.flatMap((list, i) => list.map((row) => `${i}:${JSON.stringify(row)}`));
}

/** The statements after "-- Fill the tallies" in this engine's running_tallies migration. */
function fillStatements(): string[] {
  const folder = byEngine({ sqlite: "prisma/migrations", postgresql: "prisma/postgresql/migrations" });
  const migration = fs.readdirSync(folder).find((name) => name.endsWith("_running_tallies"))!;
  const sql = fs.readFileSync(path.join(folder, migration, "migration.sql"), "utf8");
  return sql
    .slice(sql.indexOf("-- Fill the tallies"))
    .split(/;\s*\n/)
    .map((statement) => statement.replace(/^\s*--.*$/gm, "").trim())
    .filter(Boolean);
}

beforeAll(async () => {
  const place = (await locality("Migrated")).id;
  const topics = [(await topic("Migrated one")).id, (await topic("Migrated two")).id];
  const schools = [(await school(place, 400)).id, (await school(place, 900)).id];
  const templates = [await surveyTemplate("BEFORE"), await surveyTemplate("AFTER")];
  for (const [i, [date, time]] of STARTS.entries()) {
    const delivery = await deliveryAt(topics[i % 2]!, date, time, i === 2 ? "CANCELLED" : "SCHEDULED");
    const first = await booking(delivery.id, schools[0]!, "DELIVERED", { 7: 10 + i, 9: 3 });
    await booking(delivery.id, schools[1]!, i % 3 === 0 ? "CONFIRMED" : "DELIVERED", i % 4 === 0 ? {} : { 8: 20 + i });
    const answers = Array.from({ length: 4 + i * 2 }, (_, n) => ({ law: n % 6, "knife-safer": 1 + (n % 5) }));
    await surveyRun(templates[i % 2]!, schools[0]!, 2024 + (i % 2), answers, first.id);
  }
});

describe("the running-tally migration's fill", () => {
  it("gives the tallies the app counts, on this engine", async () => {
    const counted = await tallies();
    expect(counted.filter((row) => row.startsWith("0:")).length).toBeGreaterThan(5);
    await prisma.$transaction(async (tx) => {
      // One connection throughout: the fill's temporary table lives on the connection that made it.
      await tx.sessionTally.deleteMany();
      await tx.sessionYearGroupTally.deleteMany();
      await tx.surveyAnswerTally.deleteMany();
      await tx.surveyRun.updateMany({ data: { countedResponses: 0 } });
      for (const statement of fillStatements()) await tx.$executeRawUnsafe(statement);
    });
    expect(await tallies()).toEqual(counted);
  });
});
