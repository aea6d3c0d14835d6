/**
 * The migrations that made the running tallies filled them from the rows already there, in SQL of each
 * engine's own (SQLite's date functions; PostgreSQL's time zones). Run again on rows written since, each
 * engine's fill gives the tallies the app counts (app/models/tallies.server.ts): London months across
 * midnight and both clock changes, sessions that reach nobody, responses left out of results; and when
 * each mentor became trained, with retired and optional modules beside the required ones.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma, byEngine } from "~/db.server";
import { migrationFill, POSTGRESQL_MIGRATIONS, SQLITE_MIGRATIONS } from "../../scripts/lib/engines.mjs";
import { londonDayStart } from "~/lib/dates";
import { cohortWithMentors, completeAll, curriculum, lesson } from "./mvp-factories";
import { booking, deliveryAt, locality, returnsRecordedAt, school, surveyRun, surveyTemplate, topic } from "./reach-factories";

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
    prisma.coreItemTally.findMany({ orderBy: [{ runId: "asc" }, { coreKey: "asc" }] }),
  ]);
  return rows.flatMap((list, i) => list.map((row) => `${i}:${JSON.stringify(row)}`));
}

/** The statements after `marker` in this engine's migration whose name ends with `name`. */
function fillStatements(name = "_running_tallies", marker = "-- Fill the tallies"): string[] {
  return migrationFill(byEngine({ sqlite: SQLITE_MIGRATIONS, postgresql: POSTGRESQL_MIGRATIONS }), name, marker)
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
  // Mentors trained on different days, part-way, and by a module since retired (the app's own recount).
  const [one, two, optional] = await curriculum();
  const retired = await prisma.trainingModule.create({ data: { title: "Retired", required: true, active: false, position: 4 } });
  const cohort = await cohortWithMentors(schools[0]!, 2025, ["Aisha K.", "Ben T.", "Cal M.", "Dev P."]);
  const [aisha, ben, cal, dev] = cohort.mentors.map((m) => m.id);
  await completeAll([aisha!, ben!], [one!.id], londonDayStart("2025-10-14"));
  await completeAll([aisha!], [two!.id, optional!.id], londonDayStart("2025-10-15"));
  await completeAll([ben!], [two!.id], londonDayStart("2026-02-03"));
  await completeAll([cal!], [one!.id, retired.id, optional!.id]);
  await completeAll([dev!], [retired.id]);
});

describe("the running-tally migration's fill", () => {
  it("gives the tallies the app counts, on this engine", async () => {
    const counted = await tallies();
    expect(counted.filter((row) => row.startsWith("0:")).length).toBeGreaterThan(5);
    expect(counted.filter((row) => row.startsWith("4:")).length).toBeGreaterThan(5);
    await prisma.$transaction(async (tx) => {
      // One connection throughout: the fill's temporary table lives on the connection that made it.
      await tx.sessionTally.deleteMany();
      await tx.sessionYearGroupTally.deleteMany();
      await tx.surveyAnswerTally.deleteMany();
      await tx.surveyRun.updateMany({ data: { countedResponses: 0 } });
      await tx.coreItemTally.deleteMany();
      for (const statement of fillStatements()) await tx.$executeRawUnsafe(statement);
      // The core item tally's migration, which came later, fills it from the answer tally just filled.
      for (const statement of fillStatements("_core_item_tally", "-- Fill the tally")) await tx.$executeRawUnsafe(statement);
    });
    expect(await tallies()).toEqual(counted);
  });
});

describe("the mentor-trained migration's fill", () => {
  it("gives each mentor the day the app says they became trained, on this engine", async () => {
    const trainedAt = () => prisma.mentor.findMany({ select: { id: true, trainedAt: true }, orderBy: { id: "asc" } });
    const counted = await trainedAt();
    expect(counted.filter((m) => m.trainedAt).map((m) => m.trainedAt)).toEqual(
      expect.arrayContaining([londonDayStart("2025-10-15"), londonDayStart("2026-02-03")]),
    );
    expect(counted.filter((m) => m.trainedAt === null)).toHaveLength(2);
    await prisma.$transaction(async (tx) => {
      await tx.mentor.updateMany({ data: { trainedAt: null } });
      for (const statement of fillStatements("_mentor_trained_at", "-- Fill the tally")) await tx.$executeRawUnsafe(statement);
    });
    expect(await trainedAt()).toEqual(counted);
  });
});

describe("the lesson leaders' copies migration's fill", () => {
  it("gives each leader its lesson's school and academic year, on this engine", async () => {
    const [first, second] = await prisma.school.findMany({ orderBy: { id: "asc" }, take: 2 });
    const cohort = await cohortWithMentors(first!.id, 2024, ["Eve R.", "Finn S.", "Gia T."]);
    const leaders = cohort.mentors.map((m) => m.id);
    await lesson(first!.id, 2024, "9A", 28, leaders);
    await lesson(first!.id, 2025, "9A", 27, leaders.slice(0, 2));
    await lesson(second!.id, 2025, "10C", 30, leaders.slice(1));
    const copies = () =>
      prisma.mentorLessonLeader.findMany({
        select: { lessonId: true, mentorId: true, schoolId: true, academicYear: true, lesson: { select: { schoolId: true, academicYear: true } } },
        orderBy: [{ lessonId: "asc" }, { mentorId: "asc" }],
      });
    const written = await copies();
    expect(written).toHaveLength(3 + 2 + 2);
    for (const row of written) expect([row.schoolId, row.academicYear]).toEqual([row.lesson.schoolId, row.lesson.academicYear]);
    await prisma.$transaction(async (tx) => {
      await tx.mentorLessonLeader.updateMany({ data: { schoolId: "", academicYear: 0 } });
      for (const statement of fillStatements("_lesson_leaders_carry_school_and_year", "-- Fill the copies")) await tx.$executeRawUnsafe(statement);
    });
    expect(await copies()).toEqual(written);
  });
});

describe("the fill of when each delivery's returns in a locality came", () => {
  it("gives each DeliveryLocalityTally row the first and last return's times the app counts, on this engine", async () => {
    // The second school's returns came in later, so a session both schools returned has two times.
    const [, second] = await prisma.school.findMany({ where: { locality: { name: { startsWith: "Migrated" } } }, orderBy: { id: "asc" } });
    // Whatever the booking's status: a return of a booking not delivered counts in neither time.
    const returned = await prisma.booking.findMany({ where: { schoolId: second!.id, attendance: { isNot: null } }, select: { id: true } });
    await returnsRecordedAt(
      returned.map((b) => b.id),
      londonDayStart("2026-02-01"),
    );
    const times = () =>
      prisma.deliveryLocalityTally.findMany({
        select: { deliveryId: true, locality: true, firstRecordedAt: true, lastRecordedAt: true },
        orderBy: [{ deliveryId: "asc" }, { locality: "asc" }],
      });
    const counted = await times();
    // A session with a DELIVERED booking and no return (no first), and one returned on two days.
    expect(counted.some((row) => row.firstRecordedAt === null && row.lastRecordedAt !== null)).toBe(true);
    expect(counted.some((row) => row.firstRecordedAt && row.lastRecordedAt && row.firstRecordedAt < row.lastRecordedAt)).toBe(true);
    await prisma.$transaction(async (tx) => {
      await tx.deliveryLocalityTally.updateMany({ data: { firstRecordedAt: null, lastRecordedAt: null } });
      for (const statement of fillStatements("_delivery_locality_tally_knows_when_returns_came", "-- Fill the new columns"))
        await tx.$executeRawUnsafe(statement);
    });
    expect(await times()).toEqual(counted);
  });
});
