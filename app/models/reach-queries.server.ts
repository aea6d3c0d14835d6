/**
 * The queries behind every reach figure. Sessions are read in one pass per period (each reached booking
 * once, with its pupils per year group); the rest come back grouped (per school, per class, per core
 * item), so a page costs a handful of queries whatever the number of schools: never one per school.
 * The rules are those of the capabilities that own the data:
 * - a booking reaches pupils when it is DELIVERED (an attendance return was recorded) on a delivery that
 *   went ahead (SCHEDULED); cancelled and did-not-happen deliveries and bookings reach nobody
 *   (attendance.server.ts, delivery-status.server.ts);
 * - mentor-led lessons are counted by class (app/models/mvp-reach-rules.ts), mentors as trained by
 *   app/models/mvp-training-rules.ts (read from Mentor.trainedAt, a running tally), a school's MVP stage
 *   by app/lib/mvp.ts;
 * - survey items are scored by app/lib/survey-scoring.ts.
 * The SQL runs on both engines (app/models/raw-sql.server.ts): every name quoted, `?` parameters.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { londonDay } from "~/lib/london-time";
import type { Period, ReachFilters } from "~/models/reach-rules";
import { byEngine, engine } from "~/db.server";
import { LESSONS_FOR_FULL_REACH } from "~/models/mvp-reach-rules";
import { readKey, readRows } from "./reach-db.server";
import { DISCLOSURE_SQL } from "./disclosure";
import { occasionOf, pairedOnly, runOfSessionHeld } from "./before-after";
import { selectRows } from "./raw-sql.server";

/** The filters a query applies: the lead's, optionally narrowed to one school. */
export type QueryFilters = Omit<ReachFilters, "year" | "term"> & { schoolId?: string | null };

export type Sql = { sql: string; params: unknown[] };

/** Instants are stored as ISO text in UTC ("2026-09-07T09:00:00.000+00:00"), so text order is time order. */
function sqlInstant(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

/** An instant as a query parameter: ISO text on SQLite (see sqlInstant), a timestamp on PostgreSQL. */
export const instant: (date: Date) => unknown = byEngine<(date: Date) => unknown>({ sqlite: sqlInstant, postgresql: (date) => date });

const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));

/** An instant read back from a query as SQLite's ISO text (see sqlInstant): PostgreSQL gives a Date. */
export const instantText = (value: string | Date): string => (typeof value === "string" ? value : sqlInstant(value));

/**
 * SQL giving the instant `expression` as SQLite stores it, ISO text in UTC to the millisecond (see sqlInstant),
 * on both engines: PostgreSQL writes its timestamp out the same way, so a row needs no Date made and turned
 * back into text (`instantText`), which cost a national page thousands of each.
 */
export const instantTextSql: (expression: string) => string = byEngine<(expression: string) => string>({
  sqlite: (expression) => expression,
  postgresql: (expression) => `to_char(${expression}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"+00:00"')`,
});

/**
 * Runs one of reach's SELECTs, written for both engines (quoted names, `?` parameters, instants through
 * `instant`), and returns its rows. SQLite reads through its own read-only connection, with results kept
 * until the data changes (reach-db.server.ts); PostgreSQL through `selectRows`, counts as numbers.
 */
export async function reachRows<T extends Record<string, unknown>>({ sql, params }: Sql): Promise<T[]> {
  return byEngine({ sqlite: async () => readRows<T>(sql, params), postgresql: () => readOnceOnPage<T>(sql, params) })();
}

/**
 * The reads of the page being answered on PostgreSQL (`readingOnceEach`): each statement's rows by its text and
 * parameters (`readKey`, as SQLite's kept rows are), while `open`; closed when the page's function returns, so
 * that work it started that runs later reads afresh.
 */
type PageReads = { reads: Map<string, Promise<unknown[]>>; open: boolean };

const readsOfPage = new AsyncLocalStorage<PageReads>();

/** A PostgreSQL read through `selectRows`, sent once on a page made by `readingOnceEach` and its rows shared. */
function readOnceOnPage<T extends Record<string, unknown>>(sql: string, params: unknown[]): Promise<T[]> {
  const page = readsOfPage.getStore();
  if (!page?.open) return selectRows<T>(sql, ...params);
  const key = readKey(sql, params);
  let read = page.reads.get(key);
  if (!read) page.reads.set(key, (read = selectRows<T>(sql, ...params)));
  return read as Promise<T[]>;
}

/**
 * `read` (one of reach's page functions, given the actor and its filters) made to send each statement with the
 * same parameters once on PostgreSQL while it runs, its rows shared by every part of the page that asks for them,
 * to be read and never changed, as SQLite's kept results are. On SQLite results are already shared until the data
 * changes (reach-db.server.ts). PostgreSQL keeps nothing from one request to the next, and without this a
 * national board report read the list of its area's 3,500 schools 13 times, in about 68 statements where 50
 * differ (decision 0199). Called within another such read (the dashboard within the board report), it shares
 * the outer one's reads. Once `read` has settled, nothing is shared: a timer or a read it left running reads
 * afresh.
 */
export function readingOnceEach<A extends unknown[], R>(read: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  // Not on SQLite: a first `run` turns on Node's tracking of every promise's context, which has a cost.
  if (engine !== "postgresql") return read;
  return (...args) => {
    if (readsOfPage.getStore()?.open) return read(...args);
    const page: PageReads = { reads: new Map(), open: true };
    return readsOfPage.run(page, async () => {
      try {
        return await read(...args);
      } finally {
        page.open = false;
        page.reads.clear();
      }
    });
  };
}

/** Conditions on the school `s` (the caller joins School as `s` when `sql` is not empty). */
export function schoolConditions(f: QueryFilters): Sql {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (condition: string, value: unknown) => {
    parts.push(condition);
    params.push(value);
  };
  if (f.schoolId) add('s."id" = ?', f.schoolId);
  if (f.localAuthority) add('s."localAuthority" = ?', f.localAuthority);
  if (f.localityId) add('s."localityId" = ?', f.localityId);
  if (f.schoolType) add('s."type" = ?', f.schoolType);
  return { sql: parts.map((p) => ` AND ${p}`).join(""), params };
}

/** Joins School as `s` to the table `alias` only when the conditions name it: every row's school exists. */
function joinSchoolWhenFiltered(alias: string, school: Sql): string {
  return school.sql ? ` JOIN "School" s ON s."id" = ${alias}."schoolId"` : "";
}

/** `counts` is "yearGroup:pupils" pairs joined by commas, e.g. "7:25,8:30"; see eachCount. */
export type BookingFact = { schoolId: string; deliveryId: string; topicId: string; startsAt: string; pupils: number; counts: string };

/** Calls `add` for each year group's pupils in a fact's counts. */
export function eachCount(counts: string, add: (yearGroup: number, pupils: number) => void) {
  if (!counts) return;
  for (const pair of counts.split(",")) {
    const colon = pair.indexOf(":");
    add(Number(pair.slice(0, colon)), Number(pair.slice(colon + 1)));
  }
}

/**
 * Ends a subquery (EXISTS) to be answered for each row of the query around it, through its indexes, as SQLite
 * always answers one. PostgreSQL would turn it into a join over every row of the subquery's table, of every year
 * (all bookings, all returns), then match: three to four times the time of looking up the period's few thousand
 * deliveries one by one at national scale. `OFFSET 0` keeps a subquery whole there, a limit its planner does not
 * look through; SQLite accepts OFFSET only after LIMIT and needs nothing (decision 0201). For a subquery that
 * most rows around it pass, or that finds its one row by a unique index (a booking's return); not where it keeps
 * few rows of many (one school's bookings of the area's deliveries): PostgreSQL does best starting from those.
 */
export const EACH_ROW_IN_TURN = byEngine({ sqlite: "", postgresql: " OFFSET 0" });

/**
 * SQL (with one parameter, the moment) true of a booking (`b`) whose attendance return was recorded at or
 * after that moment: recording the return is what marks a booking delivered, so as the records stood before
 * it, the booking had reached nobody yet (a year "to date" a year earlier, decision 0137).
 */
export const RETURN_RECORDED_FROM_SQL = `EXISTS (SELECT 1 FROM "AttendanceReturn" late WHERE late."bookingId" = b."id" AND late."recordedAt" >= ?${EACH_ROW_IN_TURN})`;

/**
 * Every booking that reached pupils in the period, one row each with its pupils per year group: the one
 * pass over sessions that every figure (by school, month, topic, year group, locality) is added up from.
 * The school is joined only when a school filter asks for it. With `recordedFrom`, only the bookings whose
 * attendance return was recorded at or after that moment (RETURN_RECORDED_FROM_SQL).
 */
export async function reachedBookings(f: QueryFilters, period: Period, { recordedFrom = null as Date | null } = {}): Promise<BookingFact[]> {
  const school = schoolConditions(f);
  const topic = f.topicId ? ' AND d."topicId" = ?' : "";
  // Only deliveries whose last return in some locality came at or after the moment can have such a booking:
  // DeliveryLocalityTally names them, so the period's other bookings are not looked at one by one.
  const late = recordedFrom
    ? ` AND d."id" IN (SELECT t."deliveryId" FROM "DeliveryLocalityTally" t WHERE t."startsAt" >= ? AND t."startsAt" < ? AND t."lastRecordedAt" >= ?) AND ${RETURN_RECORDED_FROM_SQL}`
    : "";
  const rows = await reachRows<{ schoolId: string; deliveryId: string; topicId: string; startsAt: string; counts: string | null }>({
    sql: `SELECT b."schoolId" AS "schoolId", d."id" AS "deliveryId", d."topicId" AS "topicId", ${instantTextSql('d."startsAt"')} AS "startsAt",
        (SELECT string_agg(c."yearGroup" || ':' || c."pupils", ',') FROM "AttendanceReturn" r JOIN "AttendanceCount" c ON c."returnId" = r."id" WHERE r."bookingId" = b."id") AS "counts"
      FROM "Delivery" d
      JOIN "Booking" b ON b."deliveryId" = d."id"${school.sql ? ' JOIN "School" s ON s."id" = b."schoolId"' : ""}
      WHERE d."status" = 'SCHEDULED' AND b."status" = 'DELIVERED' AND d."startsAt" >= ? AND d."startsAt" < ?${topic}${school.sql}${late}`,
    params: [
      instant(period.start),
      instant(period.end),
      ...(f.topicId ? [f.topicId] : []),
      ...school.params,
      ...(recordedFrom ? [instant(period.start), instant(period.end), instant(recordedFrom), instant(recordedFrom)] : []),
    ],
  });
  return rows.map((r) => {
    let pupils = 0;
    eachCount(r.counts ?? "", (_, count) => (pupils += count));
    // The figures compare instants as SQLite's ISO text.
    return { schoolId: r.schoolId, deliveryId: r.deliveryId, topicId: r.topicId, startsAt: r.startsAt, pupils, counts: r.counts ?? "" };
  });
}

/**
 * The moment a comparison "to date" stops (app/models/reach-comparison.ts): records dated at or after it
 * are left out. Null for a whole year. Far in the future it changes nothing, so queries always bind one.
 * A span a year earlier is also read as its records stood then (`recordedBefore`, decision 0137).
 */
export type CutOff = Date | null;

const cutOffParam = (cutOff: CutOff) => instant(cutOff ?? new Date("9999-12-31T00:00:00Z"));

/**
 * The condition that a row of `alias` was recorded (its `createdAt`) before `asAt`, with its parameter;
 * nothing when `asAt` is null (the records as they stand now), so this year's views read from their
 * indexes alone.
 */
function recordedBefore(alias: string, asAt: Date | null): Sql {
  return asAt ? { sql: ` AND ${alias}."createdAt" < ?`, params: [instant(asAt)] } : { sql: "", params: [] };
}

/** Pupils reached by a school's mentor-led lessons in one period, counted by class (app/models/mvp-reach-rules.ts). */
type LessonReachInPeriod = {
  /** Lessons in the period. */
  lessons: number;
  /** Pupils of the classes with a lesson in the period, each class at its largest lesson of the period. */
  pupilsReachedOnce: number;
  /** The same for the classes with LESSONS_FOR_FULL_REACH or more lessons in the period. */
  pupilsReachedFive: number;
};

/** A school's mentor-led lessons of an academic year: `periods[i]` for the caller's period i. */
export type LessonReachOfSchool = { schoolId: string; lessonsInYear: number; periods: LessonReachInPeriod[] };

/**
 * Mentor-led lessons of the academic year, added up per school for each of `periods` (e.g. the year and its
 * three terms) in one pass over the lessons: each school's classes (its year groups and stored class keys, so
 * "8b" and "8B" of one year group are one class, decision 0206) are grouped first, then added up, so a
 * national area's lessons come back as one row a school. `lessonsInYear` counts the year's lessons before the
 * cut-off, for the school's stage. With `asAt`, only lessons recorded before that moment; `schools`, a
 * statement listing school ids, narrows the lessons to those schools' (the small-part checks of decision 0109).
 * Schools with no lesson in the year are left out.
 */
export async function lessonReachBySchool(
  f: QueryFilters,
  year: number,
  periods: readonly Period[],
  { cutOff = null as CutOff, schools = null as Sql | null, asAt = null as Date | null } = {},
): Promise<LessonReachOfSchool[]> {
  const school = schoolConditions(f);
  const among = schools ? ` AND l."schoolId" IN (${schools.sql})` : "";
  const recorded = recordedBefore("l", asAt);
  const inPeriod = 'l."deliveredOn" >= ? AND l."deliveredOn" < ?';
  const byClass = periods.map(
    (_, i) => `SUM(CASE WHEN ${inPeriod} THEN 1 ELSE 0 END) AS "lessons${i}", MAX(CASE WHEN ${inPeriod} THEN l."pupilsPresent" ELSE 0 END) AS "largest${i}"`,
  );
  const bySchool = periods.map(
    (_, i) => `SUM(c."lessons${i}") AS "lessons${i}", SUM(c."largest${i}") AS "once${i}",
      SUM(CASE WHEN c."lessons${i}" >= ${LESSONS_FOR_FULL_REACH} THEN c."largest${i}" ELSE 0 END) AS "five${i}"`,
  );
  const rows = await reachRows<Record<string, unknown> & { schoolId: string; lessonsInYear: unknown }>({
    sql: `SELECT c."schoolId" AS "schoolId", SUM(c."lessonsInYear") AS "lessonsInYear", ${bySchool.join(", ")}
      FROM (SELECT l."schoolId" AS "schoolId", SUM(CASE WHEN l."deliveredOn" < ? THEN 1 ELSE 0 END) AS "lessonsInYear", ${byClass.join(", ")}
        FROM "MentorLesson" l${joinSchoolWhenFiltered("l", school)}
        WHERE l."academicYear" = ?${recorded.sql}${school.sql}${among}
        GROUP BY l."schoolId", l."yearGroup", l."classKey") c
      GROUP BY c."schoolId"`,
    params: [
      cutOffParam(cutOff),
      ...periods.flatMap((p) => [instant(p.start), instant(p.end), instant(p.start), instant(p.end)]),
      year,
      ...recorded.params,
      ...school.params,
      ...(schools?.params ?? []),
    ],
  });
  return rows.map((r) => ({
    schoolId: r.schoolId,
    lessonsInYear: num(r.lessonsInYear),
    periods: periods.map((_, i) => ({ lessons: num(r[`lessons${i}`]), pupilsReachedOnce: num(r[`once${i}`]), pupilsReachedFive: num(r[`five${i}`]) })),
  }));
}

export type MentorsBySchool = { schoolId: string; cohorts: number; mentors: number; mentorsTrained: number };

/**
 * Mentors of the year's cohorts per school, and those trained (every required module completed) before the
 * cut-off: when each became trained is kept on the mentor (`trainedAt`, NULL until then).
 */
export async function mentorsBySchool(f: QueryFilters, year: number, cutOff: CutOff = null): Promise<MentorsBySchool[]> {
  const school = schoolConditions(f);
  const rows = await reachRows<{ schoolId: string; cohorts: unknown; mentors: unknown; mentorsTrained: unknown }>({
    // Each cohort's mentors counted from the mentors' index (cohort, trained), not joined: a join made a row per
    // mentor, and counting the cohorts among them took a sort of its own, twice the time at national scale.
    sql: `SELECT c."schoolId" AS "schoolId", COUNT(*) AS "cohorts",
        SUM((SELECT COUNT(*) FROM "Mentor" m WHERE m."cohortId" = c."id")) AS "mentors",
        SUM((SELECT COUNT(*) FROM "Mentor" m WHERE m."cohortId" = c."id" AND m."trainedAt" < ?)) AS "mentorsTrained"
      FROM "MentorCohort" c${joinSchoolWhenFiltered("c", school)}
      WHERE c."academicYear" = ?${school.sql}
      GROUP BY c."schoolId"`,
    params: [cutOffParam(cutOff), year, ...school.params],
  });
  return rows.map((r) => ({ schoolId: r.schoolId, cohorts: num(r.cohorts), mentors: num(r.mentors), mentorsTrained: num(r.mentorsTrained) }));
}

export type LeadersBySchool = { schoolId: string; trained: number; untrained: number };

/**
 * Mentors (of any year's cohort) who led a lesson of the year, per school (the lesson's), split by the trained
 * rule (now). Each leader row carries its lesson's school and year (decision 0203), so the year's pairs of school
 * and mentor come from one index in order, not from the year's lessons joined to their leaders.
 */
export async function lessonLeadersBySchool(year: number): Promise<LeadersBySchool[]> {
  const rows = await reachRows<{ schoolId: string; trained: unknown; untrained: unknown }>({
    sql: `SELECT x."schoolId" AS "schoolId",
        SUM(CASE WHEN m."trainedAt" IS NOT NULL THEN 1 ELSE 0 END) AS "trained",
        SUM(CASE WHEN m."trainedAt" IS NULL THEN 1 ELSE 0 END) AS "untrained"
      FROM (SELECT DISTINCT ll."schoolId" AS "schoolId", ll."mentorId" AS "mentorId" FROM "MentorLessonLeader" ll WHERE ll."academicYear" = ?) x
      JOIN "Mentor" m ON m."id" = x."mentorId"
      GROUP BY x."schoolId"`,
    params: [year],
  });
  return rows.map((r) => ({ schoolId: r.schoolId, trained: num(r.trained), untrained: num(r.untrained) }));
}

/** Staff trained in the year or before (and before the cut-off; with `asAt`, recorded before it), per school: trained staff stay trained (mvpStage). */
export async function staffTrainedSoFar(f: QueryFilters, year: number, cutOff: CutOff = null, asAt: Date | null = null): Promise<Map<string, number>> {
  const school = schoolConditions(f);
  const recorded = recordedBefore("t", asAt);
  const rows = await reachRows<{ schoolId: string; staff: unknown }>({
    sql: `SELECT t."schoolId" AS "schoolId", COUNT(*) AS "staff" FROM "StaffTraining" t${joinSchoolWhenFiltered("t", school)}
      WHERE t."academicYear" <= ? AND t."trainedOn" < ?${recorded.sql}${school.sql} GROUP BY t."schoolId"`,
    params: [year, cutOffParam(cutOff), ...recorded.params, ...school.params],
  });
  return new Map(rows.map((r) => [r.schoolId, num(r.staff)]));
}

/** Staff trained per school: in the academic year, and in it or any year before (what a school's stage goes by). */
export async function staffTrainedBySchool(year: number): Promise<{ schoolId: string; inYear: number; soFar: number }[]> {
  const rows = await reachRows<{ schoolId: string; inYear: unknown; soFar: unknown }>({
    sql: `SELECT t."schoolId" AS "schoolId", SUM(CASE WHEN t."academicYear" = ? THEN 1 ELSE 0 END) AS "inYear", COUNT(*) AS "soFar"
      FROM "StaffTraining" t WHERE t."academicYear" <= ? GROUP BY t."schoolId"`,
    params: [year, year],
  });
  return rows.map((r) => ({ schoolId: r.schoolId, inYear: num(r.inYear), soFar: num(r.soFar) }));
}

/**
 * Survey runs in scope: the year's, opened before the cut-off, and with a topic chosen, only those around a
 * session on that topic.
 */
function surveyRunConditions(f: QueryFilters, year: number, cutOff: CutOff): Sql {
  const school = schoolConditions(f);
  // Tested run by run (a run has one booking): a list of every booking on the topic, of every year,
  // cost more than the year's runs themselves.
  const topic = f.topicId
    ? ' AND EXISTS (SELECT 1 FROM "Booking" b JOIN "Delivery" d ON d."id" = b."deliveryId" WHERE b."id" = r."bookingId" AND d."topicId" = ?)'
    : "";
  return {
    sql: `r."academicYear" = ? AND r."createdAt" < ?${topic}${school.sql}`,
    params: [year, cutOffParam(cutOff), ...(f.topicId ? [f.topicId] : []), ...school.params],
  };
}

/**
 * Survey responses per school id, of the runs `surveyRunConditions` keeps. With `asAt` (the same dates a year
 * earlier, as they stood then: decision 0137), only the responses given on a London day before the one
 * `asAt` falls in; a response keeps its day and no time (DOMAIN.md), and `asAt` is a London midnight, the
 * end of the span's last day. Without it, every response the runs have, from their running counts.
 */
export async function surveyResponsesBySchool(f: QueryFilters, year: number, cutOff: CutOff = null, asAt: Date | null = null): Promise<Map<string, number>> {
  const where = surveyRunConditions(f, year, cutOff);
  // Each run's responses by then, counted on its (runId, submittedOn) index.
  const responses = asAt
    ? { sql: `(SELECT COUNT(*) FROM "SurveyResponse" s WHERE s."runId" = r."id" AND s."submittedOn" < ?)`, params: [instant(londonDay(asAt))] }
    : { sql: `r."responseCount"`, params: [] };
  const rows = await reachRows<{ schoolId: string; responses: unknown }>({
    sql: `SELECT r."schoolId" AS "schoolId", SUM(${responses.sql}) AS "responses" FROM "SurveyRun" r${joinSchoolWhenFiltered("r", schoolConditions(f))}
      WHERE ${where.sql} GROUP BY r."schoolId"`,
    params: [...responses.params, ...where.params],
  });
  return new Map(rows.map((r) => [r.schoolId, num(r.responses)]));
}

export type CoreItemRow = {
  coreKey: string;
  phase: "BEFORE" | "AFTER";
  localityId: string | null;
  responses: number;
  counted: number;
  agreeing: number;
  scoreSum: number;
};

/**
 * Answers to the core items before and after sessions, per item and phase (and locality, when asked):
 * only counted answers, and of each run only the items it shows on its own, with ten or more of their
 * answerers counted (app/models/disclosure.ts, decision 0123), read from the runs' core item tallies, their
 * counted answers summed per item (app/models/tallies.server.ts). `responses` are an item's answerers. Like
 * with like: a run's item counts only where its booking (or, for MVP, its school) shows the item in the
 * other phase too, among the runs the filters keep, and only of sessions that took place or are still to
 * come (app/models/before-after.ts, decision 0136).
 */
export async function coreItemAnswers(f: QueryFilters, year: number, { byLocality = false, cutOff = null as CutOff } = {}): Promise<CoreItemRow[]> {
  const where = surveyRunConditions(f, year, cutOff);
  const locality = byLocality ? 's."localityId"' : "NULL";
  const rows = await reachRows<{
    coreKey: string;
    phase: string;
    localityId: string | null;
    responses: unknown;
    counted: unknown;
    agreeing: unknown;
    scoreSum: unknown;
  }>({
    sql: `SELECT p."coreKey" AS "coreKey", p."phase" AS "phase", p."localityId" AS "localityId", SUM(p."answers") AS "responses",
        SUM(p."counted") AS "counted", SUM(p."agreeing") AS "agreeing", SUM(p."scoreSum") AS "scoreSum"
      FROM ${pairedOnly(
        `SELECT c."coreKey" AS "coreKey", r."phase" AS "phase", ${locality} AS "localityId", ${occasionOf("r")} AS "occasion", r."academicYear" AS "year",
           c."answers" AS "answers", c."counted" AS "counted", c."agreeing" AS "agreeing", c."scoreSum" AS "scoreSum"
         FROM "SurveyRun" r${byLocality ? ' JOIN "School" s ON s."id" = r."schoolId"' : joinSchoolWhenFiltered("r", schoolConditions(f))}
         JOIN "CoreItemTally" c ON c."runId" = r."id"
         WHERE r."phase" IN ('BEFORE', 'AFTER') AND ${DISCLOSURE_SQL.coreItemShownByTally("c")} AND ${runOfSessionHeld("r")} AND ${where.sql}`,
        ["coreKey"],
      )} p
      GROUP BY p."coreKey", p."phase", p."localityId"`,
    params: where.params,
  });
  return rows.map((r) => ({
    coreKey: r.coreKey,
    phase: r.phase as "BEFORE" | "AFTER",
    localityId: r.localityId,
    responses: num(r.responses),
    counted: num(r.counted),
    agreeing: num(r.agreeing),
    scoreSum: num(r.scoreSum),
  }));
}

/**
 * Each core item's wording as `year`'s pupils read it: from the newest template that a survey of that
 * academic year used, of those whose questions carry the key.
 */
export async function coreItemPromptsOfYear(year: number): Promise<Map<string, { prompt: string; reverseScored: boolean }>> {
  const rows = await reachRows<{ coreKey: string; prompt: string; reverseScored: unknown }>({
    sql: `SELECT q."coreKey" AS "coreKey", q."prompt" AS "prompt", q."reverseScored" AS "reverseScored"
      FROM "SurveyQuestion" q JOIN "SurveyTemplate" t ON t."id" = q."templateId"
      WHERE q."coreKey" IS NOT NULL AND t."id" IN (SELECT r."templateId" FROM "SurveyRun" r WHERE r."academicYear" = ?)
      ORDER BY t."createdAt" ASC, t."version" ASC`,
    params: [year],
  });
  // Later rows overwrite earlier ones, so the newest wording of the year wins.
  return new Map(rows.map((r) => [r.coreKey, { prompt: r.prompt, reverseScored: Boolean(num(r.reverseScored)) }]));
}

/** Each core item's wording, from the newest question that carries its key. */
export async function coreItemPrompts(): Promise<Map<string, { prompt: string; reverseScored: boolean }>> {
  const rows = await reachRows<{ coreKey: string; prompt: string; reverseScored: unknown }>({
    sql: `SELECT q."coreKey" AS "coreKey", q."prompt" AS "prompt", q."reverseScored" AS "reverseScored"
      FROM "SurveyQuestion" q JOIN "SurveyTemplate" t ON t."id" = q."templateId"
      WHERE q."coreKey" IS NOT NULL ORDER BY t."createdAt" ASC, t."version" ASC`,
    params: [],
  });
  // Later rows overwrite earlier ones, so the newest wording wins.
  return new Map(rows.map((r) => [r.coreKey, { prompt: r.prompt, reverseScored: Boolean(num(r.reverseScored)) }]));
}

export type SchoolListing = {
  id: string;
  name: string;
  urn: string;
  type: string;
  numberOnRoll: number | null;
  status: string;
  /** The start of the London day it opened, or null when not known (as are the next). */
  openedOn: Date | null;
  /** The start of the London day it closed; only a closed school has one. */
  closedOn: Date | null;
  localAuthority: string;
  localityId: string | null;
  locality: string | null;
};

/** A school as `schoolRows` reads it; `locality` (its locality's name) on PostgreSQL only. */
type SchoolRow = Omit<SchoolListing, "openedOn" | "closedOn" | "locality"> & {
  openedOn: string | Date | null;
  closedOn: string | Date | null;
  locality?: string | null;
};

/**
 * The schools within `f`'s school filters (its topic is ignored) as SQL gives them: on SQLite one statement
 * kept with reach's results, so that each caller in a request reads the same rows (`schoolsInScope`, and the
 * groups of schools of the small-part checks in app/models/reach-small-cells.server.ts). There the locality's
 * name is not joined: looking it up for each of a national 3,500 schools doubled the statement's time, and
 * `schoolsInScope` takes it from the 40 localities, kept too. PostgreSQL keeps nothing, so there the name is
 * joined, and a page makes no more round trips than before (decision 0196).
 */
export function schoolRows(f: QueryFilters): Promise<SchoolRow[]> {
  const school = schoolConditions(f);
  const locality = byEngine({
    sqlite: { column: "", join: "" },
    postgresql: { column: ', l."name" AS "locality"', join: ' LEFT JOIN "Locality" l ON l."id" = s."localityId"' },
  });
  return reachRows<SchoolRow>({
    sql: `SELECT s."id" AS "id", s."name" AS "name", s."urn" AS "urn", s."type" AS "type", s."numberOnRoll" AS "numberOnRoll", s."status" AS "status",
        s."openedOn" AS "openedOn", s."closedOn" AS "closedOn", s."localAuthority" AS "localAuthority", s."localityId" AS "localityId"${locality.column}
      FROM "School" s${locality.join} WHERE 1 = 1${school.sql}`,
    params: school.params,
  });
}

/** The name of each locality by its id (on SQLite, where `schoolRows` does not join them). */
async function localityNames(): Promise<Map<string, string>> {
  const rows = await reachRows<{ id: string; name: string }>({ sql: `SELECT l."id" AS "id", l."name" AS "name" FROM "Locality" l`, params: [] });
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** `schoolsInScope`'s listing of each list of rows `schoolRows` gave, made once for it (see there). */
const listings = new WeakMap<readonly SchoolRow[], readonly SchoolListing[]>();

/**
 * The schools within `f`'s school filters (its topic is ignored), each with its locality's name and its dates as
 * instants. To be read, never changed: the listing is made once for each list of rows `schoolRows` gives, and
 * every caller given those rows shares it. A list of rows is SQLite's kept result (new once anything changes,
 * the locality names with it) or PostgreSQL's read of one page; a national board report asked three times.
 */
export async function schoolsInScope(f: QueryFilters): Promise<readonly SchoolListing[]> {
  const [rows, localities] = await Promise.all([
    schoolRows(f),
    byEngine<() => Promise<Map<string, string> | null>>({ sqlite: localityNames, postgresql: async () => null })(),
  ]);
  let listing = listings.get(rows);
  if (!listing) listings.set(rows, (listing = listingOf(rows, localities)));
  return listing;
}

function listingOf(rows: readonly SchoolRow[], localities: Map<string, string> | null): SchoolListing[] {
  const nameOf = (r: SchoolRow) => (r.localityId === null ? null : localities ? (localities.get(r.localityId) ?? null) : (r.locality ?? null));
  const day = (value: string | Date | null) => (value === null ? null : new Date(instantText(value)));
  // Every field named, in one order: objects of one shape keep the many reads of them across 3,500 schools quick.
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    urn: r.urn,
    type: r.type,
    numberOnRoll: r.numberOnRoll === null ? null : Number(r.numberOnRoll),
    status: r.status,
    openedOn: day(r.openedOn),
    closedOn: day(r.closedOn),
    localAuthority: r.localAuthority,
    localityId: r.localityId,
    locality: nameOf(r),
  }));
}
