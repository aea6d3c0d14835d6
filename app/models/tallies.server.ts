/**
 * Running tallies: counts kept beside the rows they count, so reach and survey results read a few
 * thousand tally rows instead of every booking, return and answer (docs/decisions/0073-running-tallies.md).
 *
 * - SessionTally / SessionYearGroupTally: per school, London month and topic, the sessions that reached
 *   pupils (DELIVERED bookings of deliveries that went ahead, as reach counts them) and their pupils.
 * - DeliveryLocalityTally: per delivery that went ahead, each locality of the schools it reached, so each
 *   locality's count of sessions is read from an index rather than as a distinct count over every booking
 *   (an online workshop joined by three schools of one locality is one session there), with when the first
 *   and last of its returns there were recorded, for the same counts as the records stood at a moment.
 * - SurveyAnswerTally and SurveyRun.countedResponses: per run, the counted (inResults) responses, and the
 *   counted answers (SurveyAnswer.inResults: steps of ten of each question's answerers, decision 0123) per
 *   question and option, as the results pages and reach's core items count them.
 * - CoreItemTally: per run and core survey item, those answers summed as reach adds them up (its answers,
 *   those on the scale, those agreeing and their score), rewritten with the answer tally.
 * - Mentor.trainedAt: when each mentor became trained (app/models/mvp-training-rules.ts), so reach counts
 *   mentors trained by a date from one column instead of every module completion.
 *
 * Every write that changes a counted row calls one of the `recount…` functions inside its own
 * transaction. They rewrite the tallies of what was touched (a school, a run) from the rows themselves
 * rather than adding and subtracting, so a tally can never drift from its rows by a missed case, and a
 * repair is the same call for everything. Through Prisma's query API, or SQL written for both engines.
 */
import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/db.server";
import { londonDateParts } from "~/lib/academic-year";
import { statement, type SqlStatement } from "~/lib/sql-steps";
import { CORE_ITEM_TALLY_SQL } from "~/lib/survey-scoring";
import { DISCLOSURE_SQL } from "./disclosure";
import { MENTOR_TRAINED_AT_SQL } from "./mvp-training-rules";
import { executeStatement, isOneOf } from "./raw-sql.server";

type Db = Prisma.TransactionClient | typeof prisma;

/** The London month an instant falls in, as its first day: "2025-10-01". The tallies' month key. */
export function tallyMonth(instant: Date): string {
  const { year, month } = londonDateParts(instant);
  return `${year}-${String(month).padStart(2, "0")}-01`;
}

/** The academic year a tally month ("2025-10-01") belongs to: 2025. */
function academicYearOfMonth(month: string): number {
  const year = Number(month.slice(0, 4));
  return Number(month.slice(5, 7)) >= 9 ? year : year - 1;
}

/**
 * Rewrites the session tallies of each school from its bookings, and which localities the deliveries they
 * booked reached (`recountDeliveryLocalities`). Call inside the transaction of any write to a booking's
 * status, its delivery's status, date or topic, or an attendance return, with every school whose bookings
 * it touched, and in `formerDeliveryIds` any delivery a booking of theirs has just left (a booking moved).
 */
export async function recountSessionTallies(db: Db, schoolIds: Iterable<string>, formerDeliveryIds: Iterable<string> = []): Promise<void> {
  const ids = [...new Set(schoolIds)];
  if (ids.length === 0) return;
  await recountDeliveryLocalities(db, { schoolIds: ids, deliveryIds: formerDeliveryIds });
  const bookings = await db.booking.findMany({
    where: { schoolId: { in: ids }, status: "DELIVERED", delivery: { status: "SCHEDULED" } },
    select: {
      schoolId: true,
      delivery: { select: { startsAt: true, topicId: true } },
      attendance: { select: { counts: { select: { yearGroup: true, pupils: true } } } },
    },
  });
  const sessions = new Map<string, Prisma.SessionTallyCreateManyInput>();
  const yearGroups = new Map<string, Prisma.SessionYearGroupTallyCreateManyInput>();
  for (const booking of bookings) {
    const { startsAt, topicId } = booking.delivery;
    const month = tallyMonth(startsAt);
    const key = `${booking.schoolId}|${month}|${topicId}`;
    let tally = sessions.get(key);
    if (!tally) {
      tally = { schoolId: booking.schoolId, month, topicId, academicYear: academicYearOfMonth(month), sessions: 0, pupils: 0, lastStartsAt: startsAt };
      sessions.set(key, tally);
    }
    tally.sessions += 1;
    if (startsAt > (tally.lastStartsAt as Date)) tally.lastStartsAt = startsAt;
    for (const count of booking.attendance?.counts ?? []) {
      tally.pupils += count.pupils;
      const groupKey = `${key}|${count.yearGroup}`;
      const group = yearGroups.get(groupKey) ?? { schoolId: booking.schoolId, month, topicId, yearGroup: count.yearGroup, pupils: 0 };
      group.pupils += count.pupils;
      yearGroups.set(groupKey, group);
    }
  }
  await db.sessionTally.deleteMany({ where: { schoolId: { in: ids } } });
  await db.sessionYearGroupTally.deleteMany({ where: { schoolId: { in: ids } } });
  if (sessions.size) await db.sessionTally.createMany({ data: [...sessions.values()] });
  if (yearGroups.size) await db.sessionYearGroupTally.createMany({ data: [...yearGroups.values()] });
}

/**
 * Rewrites DeliveryLocalityTally for every delivery any of `schoolIds` has a booking on (in any status), and
 * for `deliveryIds`: one row per delivery that went ahead and locality ("" for none) of a school it reached
 * with a DELIVERED booking, with the delivery's start and topic, and when the first and the last of those
 * bookings' attendance returns were recorded (the first null when one has none; decision 0204). Called by
 * `recountSessionTallies`; call it yourself inside the transaction that moves a school to another locality
 * (or out of one), with that school.
 * Two statements for each 500 schools or deliveries. The migrations that made the table and added the
 * return times fill them with their own SQL to the same effect (tests/unit/tally-migration.test.ts).
 */
export async function recountDeliveryLocalities(
  db: Db,
  { schoolIds = [], deliveryIds = [] }: { schoolIds?: Iterable<string>; deliveryIds?: Iterable<string> },
): Promise<void> {
  const marks = (count: number) => Array.from({ length: count }, () => "?").join(", ");
  // A few hundred values a statement, however many schools an import moves: each engine caps a statement's values.
  for (const schools of inGroups([...new Set(schoolIds)], 500)) {
    await rewriteDeliveryLocalities(
      db,
      (column) => `${column} IN (SELECT o."deliveryId" FROM "Booking" o WHERE o."schoolId" IN (${marks(schools.length)}))`,
      schools,
    );
  }
  for (const deliveries of inGroups([...new Set(deliveryIds)], 500)) {
    await rewriteDeliveryLocalities(db, (column) => `${column} IN (${marks(deliveries.length)})`, deliveries);
  }
}

/** `items` in groups of at most `size`, in order. */
function inGroups<T>(items: T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return groups;
}

/** Rewrites the rows of the deliveries `picked` names (a condition on the delivery id column given) from their bookings. */
async function rewriteDeliveryLocalities(db: Db, picked: (column: string) => string, params: string[]): Promise<void> {
  await executeStatement(db, `DELETE FROM "DeliveryLocalityTally" WHERE ${picked('"deliveryId"')}`, ...params);
  await executeStatement(
    db,
    `INSERT INTO "DeliveryLocalityTally" ("deliveryId", "locality", "startsAt", "topicId", "firstRecordedAt", "lastRecordedAt")
      SELECT d."id", COALESCE(s."localityId", ''), d."startsAt", d."topicId",
        CASE WHEN COUNT(r."id") < COUNT(*) THEN NULL ELSE MIN(r."recordedAt") END, MAX(r."recordedAt")
      FROM "Delivery" d JOIN "Booking" b ON b."deliveryId" = d."id" JOIN "School" s ON s."id" = b."schoolId"
        LEFT JOIN "AttendanceReturn" r ON r."bookingId" = b."id"
      WHERE d."status" = 'SCHEDULED' AND b."status" = 'DELIVERED' AND ${picked('d."id"')}
      GROUP BY d."id", COALESCE(s."localityId", ''), d."startsAt", d."topicId"`,
    ...params,
  );
}

/** The schools with a booking on a delivery: whose tallies a change to the delivery touches. */
export async function schoolsBookedOn(db: Db, deliveryId: string): Promise<string[]> {
  const bookings = await db.booking.findMany({ where: { deliveryId }, select: { schoolId: true } });
  return bookings.map((b) => b.schoolId);
}

/**
 * The statements that rewrite a survey run's tallies from its responses: the number counted in results,
 * and the counted answers per question and option, then per core item. Which responses and answers are
 * counted is their own `inResults`, set in steps when they are saved (app/models/disclosure.ts), never
 * worked out again here. Run them, in this order, inside the
 * transaction of any write to the run's responses or answers (`recountSurveyRunTally`, or an answer's own
 * statements in app/models/survey-responses.server.ts).
 */
export function surveyRunTallyStatements(runId: string): SqlStatement[] {
  return [
    statement(
      `UPDATE "SurveyRun" SET "countedResponses" = (SELECT COUNT(*) FROM "SurveyResponse" WHERE "runId" = ? AND "inResults" = TRUE) WHERE "id" = ?`,
      runId,
      runId,
    ),
    statement(`DELETE FROM "SurveyAnswerTally" WHERE "runId" = ?`, runId),
    statement(`DELETE FROM "CoreItemTally" WHERE "runId" = ?`, runId),
    statement(
      `INSERT INTO "SurveyAnswerTally" ("runId", "questionId", "value", "answers") SELECT a."runId", a."questionId", a."value", COUNT(*) FROM "SurveyAnswer" a WHERE a."runId" = ? AND a."value" IS NOT NULL AND a."inResults" = TRUE GROUP BY a."runId", a."questionId", a."value"`,
      runId,
    ),
    statement(coreItemTallyFill(' AND t."runId" = ?'), runId),
  ];
}

/** Rewrites a survey run's tallies from its responses (`surveyRunTallyStatements`) through `db`, a transaction's client when inside one. */
export async function recountSurveyRunTally(db: Db, runId: string): Promise<void> {
  for (const { sql, values } of surveyRunTallyStatements(runId)) await executeStatement(db, sql, ...values);
}

/**
 * The INSERT that sums runs' answer tallies into their core item tallies (CoreItemTally), by the scoring of
 * app/lib/survey-scoring.ts, for the runs `runs` picks (SQL after the WHERE's other conditions, on the answer
 * tally `t`): only questions shown on their own in their run (DISCLOSURE_SQL.questionShownByTally), as
 * `answerCounted` counts answers. The same statement on both engines; the migrations `core_item_tally` and
 * `core_item_tally_shown_questions` filled existing runs with it.
 */
function coreItemTallyFill(runs = ""): string {
  return `INSERT INTO "CoreItemTally" ("runId", "coreKey", "answers", "counted", "agreeing", "scoreSum") SELECT t."runId", q."coreKey", ${CORE_ITEM_TALLY_SQL.answers("t")}, ${CORE_ITEM_TALLY_SQL.counted("t")}, ${CORE_ITEM_TALLY_SQL.agreeing("t")}, ${CORE_ITEM_TALLY_SQL.scoreSum("t", "q")} FROM "SurveyAnswerTally" t JOIN "SurveyQuestion" q ON q."id" = t."questionId" WHERE q."coreKey" IS NOT NULL AND q."type" = 'AGREEMENT' AND ${DISCLOSURE_SQL.questionShownByTally("t")}${runs} GROUP BY t."runId", q."coreKey"`;
}

/**
 * Rewrites when each mentor became trained (`Mentor.trainedAt`) from their module completions and the
 * curriculum. Call inside the transaction of any write to completions, with the mentors touched, or with
 * no list after any change to the curriculum (a module added, deleted, made required or optional, retired
 * or brought back), which can change every mentor's. One UPDATE of one statement however many mentors.
 */
export async function recountMentorsTrained(db: Db, mentorIds?: Iterable<string>): Promise<void> {
  const ids = mentorIds ? [...new Set(mentorIds)] : null;
  if (ids?.length === 0) return;
  const only = ids ? isOneOf('"id"', ids) : null;
  await executeStatement(
    db,
    `UPDATE "Mentor" SET "trainedAt" = ${MENTOR_TRAINED_AT_SQL('"Mentor"')}${only ? ` WHERE ${only.sql}` : ""}`,
    ...(only?.params ?? []),
  );
}

/**
 * Rewrites every tally from the rows (`npm run tallies:repair`, and the data generators after a bulk
 * load). Schools and runs go in batches, each in its own transaction, so a large database never holds
 * one long write.
 */
export async function recountAllTallies(db: typeof prisma = prisma): Promise<{ schools: number; runs: number }> {
  const BATCH = 200;
  await recountMentorsTrained(db);
  const schools = (await db.school.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((s) => s.id);
  for (let i = 0; i < schools.length; i += BATCH) {
    const batch = schools.slice(i, i + BATCH);
    await db.$transaction((tx) => recountSessionTallies(tx, batch), { timeout: 60_000 });
  }
  // A delivery no school's booking names any more (its bookings removed behind the models' back) was in no batch.
  await executeStatement(
    db,
    `DELETE FROM "DeliveryLocalityTally" WHERE NOT EXISTS (SELECT 1 FROM "Delivery" d JOIN "Booking" b ON b."deliveryId" = d."id" JOIN "School" s ON s."id" = b."schoolId"
      WHERE d."id" = "DeliveryLocalityTally"."deliveryId" AND d."status" = 'SCHEDULED' AND b."status" = 'DELIVERED' AND COALESCE(s."localityId", '') = "DeliveryLocalityTally"."locality")`,
  );
  const runs = (await db.surveyRun.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((r) => r.id);
  for (let i = 0; i < runs.length; i += BATCH) {
    const batch = runs.slice(i, i + BATCH);
    await db.$transaction(
      async (tx) => {
        for (const runId of batch) await recountSurveyRunTally(tx, runId);
      },
      { timeout: 60_000 },
    );
  }
  return { schools: schools.length, runs: runs.length };
}
