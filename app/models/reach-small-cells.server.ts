/**
 * The finest parts a year's published reach figures can be combined into, school by school, and which of
 * them are small (1 to 4): for the secondary suppression of the files and report for publication
 * (app/models/reach-export.server.ts, app/models/reach-report.server.ts; decisions 0109 and 0117).
 *
 * The published files split a year's figures by term and by topic, and each split is a download of its
 * own. A locality's total in one file, less the same locality's totals in others (the year less two of
 * its terms; all topics less the other topics) and less what a reader knows (their own school's exact
 * count, the other schools' bands), can leave one school's count in the missing term or topic, which that
 * file withheld. So a locality's count is withheld in every file whenever one of its schools has a small
 * count in any of the finest parts the files can be combined into, not only in the file at hand:
 *
 * - pupils reached by sessions: each term and topic (their sums are every other split the files offer);
 * - pupils reached by mentor-led lessons: the year and each term (topics do not split them, and a year is
 *   not the sum of its terms, as a class counts once however many lessons it had);
 * - survey responses: each topic (and runs with no session), for the year;
 * - mentors trained: the year.
 *
 * A school's own figure that adds up more than one of these parts is withheld when one of them is small
 * (`isWithheldSum`, decision 0117), as its band could otherwise pin them. The board report narrowed to a
 * few schools splits pupils reached by sessions more finely still, by month and topic and by term, topic
 * and year group (`smallReportParts`).
 */
import { TERMS, type Term } from "~/lib/academic-year";
import { DISCLOSURE_SQL, FEW_SCHOOLS, isSmallCount, isWithheldSum } from "~/models/disclosure";
import { filterPeriod, schoolGroup } from "~/models/reach-rules";
import { NO_SCOPE } from "./reach.server";
import { instant, lessonReachBySchool, mentorsBySchool, reachRows, schoolConditions, schoolRows, type QueryFilters } from "./reach-queries.server";
import { isOneOf, rowsTable } from "./raw-sql.server";

/**
 * The term of a tally's month (text "2026-10-01", a London calendar month) as SQL on both engines: autumn
 * for September to December, spring for January to March, summer for April to August, as `termOf` in
 * app/lib/academic-year.ts. `column` is the month's column, e.g. `t."month"`.
 */
export function termOfTallyMonthSql(column: string): string {
  const month = `substr(${column}, 6, 2)`;
  return `(CASE WHEN ${month} >= '09' THEN 'autumn' WHEN ${month} <= '03' THEN 'spring' ELSE 'summer' END)`;
}

/** The counts of people the files and the board report publish (as named on SchoolReach). */
export const PUBLISHED_COUNTS = ["pupils", "mentorsTrained", "mvpPupils", "surveyResponses"] as const;
export type PublishedCount = (typeof PUBLISHED_COUNTS)[number];

/** A count's finest parts school by school: school id → part (e.g. "autumn/topic-id") → count. */
type SchoolParts = Map<string, Map<string, number>>;

/** Adds `count` to one school's part. */
function addTo(parts: SchoolParts, schoolId: string, part: string, count: number) {
  const own = parts.get(schoolId) ?? new Map<string, number>();
  parts.set(schoolId, own.set(part, (own.get(part) ?? 0) + count));
}

const TERM_SEPARATOR = "/";

/**
 * A year's tallies of one table (`alias` "t" for SessionTally, "y" for SessionYearGroupTally) in scope:
 * the FROM and WHERE of a statement, by the year's months, which the tallies' month index reads in order.
 */
function talliesOfYear(table: "SessionTally" | "SessionYearGroupTally", alias: string, scope: QueryFilters, year: number) {
  const school = schoolConditions(scope);
  return {
    sql: `FROM "${table}" ${alias}${school.sql ? ` JOIN "School" s ON s."id" = ${alias}."schoolId"` : ""}
      WHERE ${alias}."month" >= ? AND ${alias}."month" < ?${school.sql}`,
    params: [`${year}-09-01`, `${year + 1}-09-01`, ...school.params],
  };
}

/** Pupils reached by sessions in each term and topic ("autumn/topic-id"), added up in SQL. */
async function sessionPupilParts(scope: QueryFilters, year: number): Promise<SchoolParts> {
  const from = talliesOfYear("SessionTally", "t", scope, year);
  const term = termOfTallyMonthSql('t."month"');
  const rows = await reachRows<{ schoolId: string; term: string; topicId: string; pupils: unknown }>({
    sql: `SELECT t."schoolId" AS "schoolId", ${term} AS "term", t."topicId" AS "topicId", SUM(t."pupils") AS "pupils"
      ${from.sql} GROUP BY t."schoolId", ${term}, t."topicId"`,
    params: from.params,
  });
  const parts: SchoolParts = new Map();
  for (const row of rows) addTo(parts, row.schoolId, `${row.term}${TERM_SEPARATOR}${row.topicId}`, Number(row.pupils ?? 0));
  return parts;
}

/*
 * A part of 1 to 4 is a sum of records none of which is negative, so it holds a record of 1 to 4 itself.
 * Each statement below adds up the parts of only the schools with such a record (a subquery, `IN (SELECT
 * ...)`, read once): at national scale they are a few hundred of 3,500, and their parts are read by index.
 */

/** The schools with 1 to 4 pupils reached by sessions in a term and topic of `year`. */
async function schoolsWithSmallSessionParts(scope: QueryFilters, year: number): Promise<Set<string>> {
  const from = talliesOfYear("SessionTally", "t", scope, year);
  const rows = await reachRows<{ schoolId: string }>({
    sql: `SELECT t."schoolId" AS "schoolId" ${from.sql}
        AND t."schoolId" IN (SELECT c."schoolId" FROM "SessionTally" c WHERE c."month" >= ? AND c."month" < ? AND ${DISCLOSURE_SQL.isSmall('c."pupils"')})
      GROUP BY t."schoolId", ${termOfTallyMonthSql('t."month"')}, t."topicId" HAVING ${DISCLOSURE_SQL.isSmall('SUM(t."pupils")')}`,
    params: [...from.params, `${year}-09-01`, `${year + 1}-09-01`],
  });
  return new Set(rows.map((row) => row.schoolId));
}

/**
 * The schools with 1 to 4 pupils reached by mentor-led lessons in `year` or one of its terms: a class counts
 * at its largest lesson, so a school with such a count has a lesson of 1 to 4 pupils present.
 */
async function schoolsWithSmallMentorLedParts(scope: QueryFilters, year: number): Promise<Set<string>> {
  const withSmallLesson = {
    sql: `SELECT c."schoolId" FROM "MentorLesson" c WHERE c."academicYear" = ? AND ${DISCLOSURE_SQL.isSmall('c."pupilsPresent"')}`,
    params: [year],
  };
  const bySchool = await lessonReachBySchool(
    scope,
    year,
    [null, ...TERMS].map((term) => filterPeriod({ year, term })),
    { schools: withSmallLesson },
  );
  const schools = new Set<string>();
  for (const own of bySchool) if (own.periods.some((period) => isSmallCount(period.pupilsReachedOnce))) schools.add(own.schoolId);
  return schools;
}

/**
 * Survey responses of `year` per school after sessions on each topic ("" for runs with no session), as
 * SQL's SELECT to GROUP BY; `smallOnly` keeps only the groups of 1 to 4, from the schools with a run of 1 to 4.
 */
function surveyResponsesByTopicSql(scope: QueryFilters, year: number, smallOnly = false) {
  const school = schoolConditions(scope);
  const among = smallOnly
    ? ` AND r."schoolId" IN (SELECT c."schoolId" FROM "SurveyRun" c WHERE c."academicYear" = ? AND ${DISCLOSURE_SQL.isSmall('c."responseCount"')})`
    : "";
  return {
    sql: `SELECT r."schoolId" AS "schoolId", COALESCE(d."topicId", '') AS "topicId", SUM(r."responseCount") AS "responses"
      FROM "SurveyRun" r LEFT JOIN "Booking" b ON b."id" = r."bookingId" LEFT JOIN "Delivery" d ON d."id" = b."deliveryId"
        ${school.sql ? 'JOIN "School" s ON s."id" = r."schoolId"' : ""}
      WHERE r."academicYear" = ?${school.sql}${among}
      GROUP BY r."schoolId", COALESCE(d."topicId", '')${smallOnly ? ` HAVING ${DISCLOSURE_SQL.isSmall('SUM(r."responseCount")')}` : ""}`,
    params: [year, ...school.params, ...(smallOnly ? [year] : [])],
  };
}

/** Survey responses of the year after sessions on each topic ("topic-id"; "" for runs with no session). */
async function surveyResponsesByTopic(scope: QueryFilters, year: number): Promise<SchoolParts> {
  const rows = await reachRows<{ schoolId: string; topicId: string; responses: unknown }>(surveyResponsesByTopicSql(scope, year));
  const parts: SchoolParts = new Map();
  for (const row of rows) addTo(parts, row.schoolId, row.topicId, Number(row.responses ?? 0));
  return parts;
}

/** The schools with 1 to 4 survey responses after sessions on one topic (or with no session) in `year`. */
async function schoolsWithSmallSurveyParts(scope: QueryFilters, year: number): Promise<Set<string>> {
  const rows = await reachRows<{ schoolId: string }>(surveyResponsesByTopicSql(scope, year, true));
  return new Set(rows.map((row) => row.schoolId));
}

async function mentorsTrainedInYear(scope: QueryFilters, year: number): Promise<Set<string>> {
  return new Set((await mentorsBySchool(scope, year)).filter((m) => isSmallCount(m.mentorsTrained)).map((m) => m.schoolId));
}

/**
 * For each published count, the schools (within `scope`'s school filters: local authority, locality,
 * type; its topic is ignored, since every topic's parts count) with a small count in any of the parts
 * of `year` listed above, each found by SQL without reading the other parts. No actor: callers are
 * exports that have checked theirs.
 */
export async function schoolsWithSmallParts(scope: QueryFilters, year: number): Promise<Record<PublishedCount, Set<string>>> {
  const schools = { ...scope, topicId: null };
  const [pupils, mvpPupils, surveyResponses, mentorsTrained] = await Promise.all([
    schoolsWithSmallSessionParts(schools, year),
    schoolsWithSmallMentorLedParts(schools, year),
    schoolsWithSmallSurveyParts(schools, year),
    mentorsTrainedInYear(schools, year),
  ]);
  return { pupils, mvpPupils, surveyResponses, mentorsTrained };
}

/** Whether a part of pupils reached by sessions ("autumn/topic-id") or of survey responses ("topic-id") is in a file's term and topic. */
const partIn = (part: string, term: Term | null, topicId: string | null) => {
  const [first, second] = part.split(TERM_SEPARATOR);
  return second === undefined ? topicId === null || first === topicId : (term === null || first === term) && (topicId === null || second === topicId);
};

/**
 * The counts of each school (within `scope`'s school filters) that a published file of `period` (a year,
 * with its term and topic, if any) withholds from the school's own row: those that add up more than one
 * part of the year that is not 0, one of them of 1 to 4 (`isWithheldSum`, decision 0117). Pupils reached
 * by sessions are the sum of their terms and topics within the file's; survey responses of their topics
 * (the term does not narrow them). Pupils reached by mentor-led lessons (the year, or a term) and mentors
 * trained (the year) are each a part of their own, so never a sum. No actor: callers have checked theirs.
 */
export async function schoolCountsWithheld(
  scope: QueryFilters,
  period: { year: number; term: Term | null; topicId: string | null },
): Promise<Map<string, Set<PublishedCount>>> {
  const schools = { ...scope, topicId: null };
  const [sessions, surveyResponses] = await Promise.all([sessionPupilParts(schools, period.year), surveyResponsesByTopic(schools, period.year)]);
  const withheld = new Map<string, Set<PublishedCount>>();
  const check = (count: PublishedCount, parts: SchoolParts, term: Term | null) => {
    for (const [schoolId, own] of parts) {
      const inFile = [...own].filter(([part]) => partIn(part, term, period.topicId)).map(([, n]) => n);
      if (isWithheldSum(inFile)) withheld.set(schoolId, (withheld.get(schoolId) ?? new Set<PublishedCount>()).add(count));
    }
  };
  check("pupils", sessions, period.term);
  check("surveyResponses", surveyResponses, null);
  return withheld;
}

/**
 * Whether fewer than FEW_SCHOOLS schools within `scope`'s school filters (its topic is ignored) have any
 * figure in `year`: pupils reached by sessions, survey responses, mentors trained or pupils reached by
 * mentor-led lessons. Then the board report with no filter but the year adds up a few schools' figures and
 * follows the rules of a narrowed report (decision 0121). One statement that goes through the schools and stops
 * at the FEW_SCHOOLS-th with a figure, each looked up by its own indexes: a national year finds them among its
 * first schools. (The schools of every figure listed and made distinct stopped as early on SQLite, but PostgreSQL
 * made them distinct with a hash, which reads them all first: 16–19 ms a year at national scale, against 4–6.)
 * Where fewer than FEW_SCHOOLS have one, every school in scope is looked up: for a national year with no figure,
 * 0.9 ms on PostgreSQL and 5 ms on SQLite, where the list stopped at once.
 */
export async function hasFewSchoolsWithFigures(scope: QueryFilters, year: number): Promise<boolean> {
  const school = schoolConditions({ ...scope, topicId: null });
  const yearPeriod = filterPeriod({ year, term: null });
  const [row] = await reachRows<{ schools: unknown }>({
    sql: `SELECT COUNT(*) AS "schools" FROM (SELECT s."id" FROM "School" s
      WHERE (EXISTS (SELECT 1 FROM "SessionTally" t WHERE t."schoolId" = s."id" AND t."month" >= ? AND t."month" < ? AND t."pupils" > 0)
          OR EXISTS (SELECT 1 FROM "SurveyRun" r WHERE r."schoolId" = s."id" AND r."academicYear" = ? AND r."responseCount" > 0)
          OR EXISTS (SELECT 1 FROM "MentorCohort" c JOIN "Mentor" m ON m."cohortId" = c."id"
            WHERE c."schoolId" = s."id" AND c."academicYear" = ? AND m."trainedAt" IS NOT NULL)
          OR EXISTS (SELECT 1 FROM "MentorLesson" l
            WHERE l."schoolId" = s."id" AND l."academicYear" = ? AND l."deliveredOn" >= ? AND l."deliveredOn" < ? AND l."pupilsPresent" > 0))${school.sql}
      LIMIT ${FEW_SCHOOLS}) y`,
    params: [`${year}-09-01`, `${year + 1}-09-01`, year, year, year, instant(yearPeriod.start), instant(yearPeriod.end), ...school.params],
  });
  return Number(row?.schools ?? 0) < FEW_SCHOOLS;
}

/**
 * For the board report of a few schools over `scope`'s school filters (its topic is ignored, since every
 * topic's parts count): whether any school has pupils reached by sessions of 1 to 4 in one month and topic
 * of `year` (`months`), or in one term, topic and year group (`yearGroups`), the parts of the report's
 * month and year-group tables, which such a report withholds whole, since its rows add up to its headline,
 * whose band could pin them (decision 0117). Each is one statement: the month one stops at the first small
 * month; the year-group one adds up only the schools with a year group of 1 to 4 in a month, as above.
 */
export async function smallReportParts(scope: QueryFilters, year: number): Promise<{ months: boolean; yearGroups: boolean }> {
  const schools = { ...scope, topicId: null };
  const months = talliesOfYear("SessionTally", "t", schools, year);
  const yearGroups = talliesOfYear("SessionYearGroupTally", "y", schools, year);
  const [month, yearGroup] = await Promise.all([
    // A SessionTally row is one school's month and topic (its key), so each row is a part.
    reachRows({ sql: `SELECT 1 AS "found" ${months.sql} AND ${DISCLOSURE_SQL.isSmall('t."pupils"')} LIMIT 1`, params: months.params }),
    reachRows({
      sql: `SELECT 1 AS "found" ${yearGroups.sql}
          AND y."schoolId" IN (SELECT c."schoolId" FROM "SessionYearGroupTally" c WHERE c."month" >= ? AND c."month" < ? AND ${DISCLOSURE_SQL.isSmall('c."pupils"')})
        GROUP BY y."schoolId", ${termOfTallyMonthSql('y."month"')}, y."topicId", y."yearGroup" HAVING ${DISCLOSURE_SQL.isSmall('SUM(y."pupils")')} LIMIT 1`,
      params: [...yearGroups.params, `${year}-09-01`, `${year + 1}-09-01`],
    }),
  ]);
  return { months: month.length > 0, yearGroups: yearGroup.length > 0 };
}

/**
 * The ids of the schools that no published figure holding none of `schools` takes in: those sharing a local
 * authority, a locality (or none) and a type with one of `schools` (`schoolGroup`). These are the finest
 * groups the published figures can be narrowed to: a report chosen by all three, or the "No locality" row of
 * the localities file chosen by authority and type. Every other school is in such a figure that holds none of
 * `schools`, so the whole area less those figures can leave exactly these schools. Worked out here from every
 * school's group, one statement kept with reach's results: in SQL, matching each school's group to another's
 * has no index to use, and took tens of milliseconds a table at national scale.
 */
async function schoolsLeftBeside(schools: ReadonlySet<string>): Promise<string[]> {
  const { all, groups } = await groupsAround(schools);
  const keys = groupKeys(all);
  const left: string[] = [];
  for (let i = 0; i < all.length; i++) if (groups.has(keys[i]!)) left.push(all[i]!.id);
  return left;
}

const keptGroupKeys = new WeakMap<readonly object[], string[]>();

/** Each school's `schoolGroup`, worked out once for each list of every school that reach keeps (read until anything changes). */
function groupKeys(all: readonly { localAuthority: string; localityId: string | null; type: string }[]): string[] {
  let keys = keptGroupKeys.get(all);
  if (!keys) keptGroupKeys.set(all, (keys = all.map(schoolGroup)));
  return keys;
}

/**
 * Every school with its group (`schoolGroup`), and the groups of `schools` among them, each with the last of
 * `schools` in it. Gone through in a plain loop: a national board report asks this eight times, and a pair or
 * an empty list made for each of 3,500 schools was all garbage.
 */
async function groupsAround(schools: ReadonlySet<string>) {
  const all = schools.size === 0 ? [] : await schoolRows(NO_SCOPE);
  const keys = groupKeys(all);
  const groups = new Map<string, (typeof all)[number]>();
  for (let i = 0; i < all.length; i++) if (schools.has(all[i]!.id)) groups.set(keys[i]!, all[i]!);
  return { all, groups };
}

/**
 * The schools with a figure of one kind in `year` (at most FEW_SCHOOLS of them) among `schools`, the schools
 * the reports of the rest leave out (`schoolsLeftBeside`), for a report over the whole area.
 */
function schoolsWithFigureSql(count: PublishedCount, year: number, schools: readonly string[]) {
  const yearPeriod = filterPeriod({ year, term: null });
  const limit = ` LIMIT ${FEW_SCHOOLS}`;
  const query = (alias: string, sql: string, params: unknown[]) => {
    const among = isOneOf(`${alias}."schoolId"`, schools);
    return { sql: `${sql} AND ${among.sql}${limit}`, params: [...params, ...among.params] };
  };
  switch (count) {
    case "pupils":
      return query("t", `SELECT DISTINCT t."schoolId" AS "schoolId" FROM "SessionTally" t WHERE t."month" >= ? AND t."month" < ? AND t."pupils" > 0`, [
        `${year}-09-01`,
        `${year + 1}-09-01`,
      ]);
    case "surveyResponses":
      return query("r", `SELECT DISTINCT r."schoolId" AS "schoolId" FROM "SurveyRun" r WHERE r."academicYear" = ? AND r."responseCount" > 0`, [year]);
    case "mentorsTrained":
      return query(
        "c",
        `SELECT DISTINCT c."schoolId" AS "schoolId" FROM "MentorCohort" c JOIN "Mentor" m ON m."cohortId" = c."id" WHERE c."academicYear" = ? AND m."trainedAt" IS NOT NULL`,
        [year],
      );
    case "mvpPupils":
      return query(
        "l",
        `SELECT DISTINCT l."schoolId" AS "schoolId" FROM "MentorLesson" l
          WHERE l."academicYear" = ? AND l."deliveredOn" >= ? AND l."deliveredOn" < ? AND l."pupilsPresent" > 0`,
        [year, instant(yearPeriod.start), instant(yearPeriod.end)],
      );
  }
}

/**
 * The counts of people a board report of the whole area over many schools withholds for `year` (decisions 0165
 * and 0193): those where the schools left once every report that holds no small part is taken away are fewer
 * than FEW_SCHOOLS, with a small part among them. A report narrowed to a local authority, a locality or a type
 * of school (or a localities file's row) is shown where none of its schools has a small part of the count, so the whole area's figure less
 * such reports is the figure of the schools they leave out (`schoolsLeftBeside`) beside the schools with a small
 * part (`small`, as `schoolsWithSmallParts` gives): 339 shown as 335, less the
 * secondary schools' 330 and the reader's own special school's 8, left a pupil referral unit's 1. Where every
 * school with the count is in those groups, this is decision 0165's rule of a count that only a few schools
 * have. Each count is one statement that stops at the FEW_SCHOOLS-th school. For the year a report is compared
 * with, as for its own. No actor: callers (the board report) have checked theirs.
 */
export async function fewSchoolsCountsWithheld(year: number, small: () => Promise<Record<PublishedCount, ReadonlySet<string>>>): Promise<Set<PublishedCount>> {
  const parts = await small();
  const withSmall = PUBLISHED_COUNTS.filter((count) => parts[count].size > 0);
  if (withSmall.length === 0) return new Set();
  // One statement, each count's part its own: the few results kept for reach (reach-db.server.ts) are not
  // crowded out by four.
  const left = await Promise.all(withSmall.map(async (count) => ({ count, schools: await schoolsLeftBeside(parts[count]) })));
  // A count whose schools with a small part are in no group (none is a school here) leaves none to read.
  const queries = left.filter(({ schools }) => schools.length > 0).map(({ count, schools }) => ({ count, ...schoolsWithFigureSql(count, year, schools) }));
  const rows =
    queries.length === 0
      ? []
      : await reachRows<{ count: string; schoolId: string }>({
          sql: queries.map((query) => `SELECT '${query.count}' AS "count", h."schoolId" AS "schoolId" FROM (${query.sql}) h`).join(" UNION ALL "),
          params: queries.flatMap((query) => query.params),
        });
  return new Set(withSmall.filter((count) => rows.filter((row) => row.count === count).length < FEW_SCHOOLS));
}

/**
 * Whether a row of one table of pupils reached by sessions in `year` (`values`, its rows' keys in the column
 * `key` of `table`) is fewer than FEW_SCHOOLS schools' with one of `around` among them (`FewSchoolRows`), counting only the
 * schools that reports holding none of `around` leave out (`schoolsLeftBeside`, decision 0193): the row of
 * the whole area less the same row of those reports is theirs. One statement: each row's part stops at its
 * FEW_SCHOOLS-th school, so a row of many schools costs a few index reads. The schools left out are named by
 * their groups, once, before the parts, as one parameter (`rowsTable`, decision 0197): named school by school,
 * they cost ten times as much to look up (17 ms against 1.9 for the months of a national year).
 */
async function fewSchoolRows(
  table: "SessionTally" | "SessionYearGroupTally",
  key: "topicId" | "month" | "yearGroup",
  values: readonly (string | number)[],
  year: number,
  around: ReadonlySet<string>,
): Promise<FewSchoolRows> {
  const groups = values.length === 0 ? [] : [...(await groupsAround(around)).groups.values()];
  if (groups.length === 0) return { anyFew: values.length > 0, holdsSmall: false };
  const part = `SELECT * FROM (SELECT DISTINCT t."${key}" AS "row", t."schoolId" AS "schoolId" FROM "${table}" t JOIN "School" s ON s."id" = t."schoolId"
    WHERE t."month" >= ? AND t."month" < ? AND t."pupils" > 0 AND t."${key}" = ?
      AND EXISTS (SELECT 1 FROM "groupsLeft" g WHERE g."localAuthority" = s."localAuthority" AND g."type" = s."type" AND g."locality" = COALESCE(s."localityId", ''))
    LIMIT ${FEW_SCHOOLS}) p`;
  const groupsLeft = rowsTable(
    "groupsLeft",
    ["localAuthority", "type", "locality"],
    groups.map((school) => [school.localAuthority, school.type, school.localityId ?? ""]),
  );
  const rows = await reachRows<{ row: string | number; schoolId: string }>({
    sql: `WITH ${groupsLeft.sql} ${values.map(() => part).join(" UNION ALL ")}`,
    params: [...groupsLeft.params, ...values.flatMap((value) => [`${year}-09-01`, `${year + 1}-09-01`, value])],
  });
  const byRow = new Map<string, string[]>(values.map((value) => [String(value), []]));
  for (const row of rows) byRow.get(String(row.row))?.push(row.schoolId);
  const few = [...byRow.values()].filter((schools) => schools.length < FEW_SCHOOLS);
  return { anyFew: few.length > 0, holdsSmall: few.some((schools) => schools.some((id) => around.has(id))) };
}

/**
 * `fewSchoolRows`' answer for a table: whether any of its rows is fewer than FEW_SCHOOLS of the schools left
 * out (a row with none of them too), and whether such a row holds one of the schools around which they are.
 */
type FewSchoolRows = { anyFew: boolean; holdsSmall: boolean };

/**
 * The schools with pupils reached by sessions of 1 to 4 in a month and topic (`months`), or in a term, topic
 * and year group (`yearGroups`), of `year`: the finer parts a report's month and year-group tables split, for
 * which a narrowed report withholds that table (as `smallReportParts`). The year-group statement adds up only
 * the schools with a year group of 1 to 4 in a month.
 */
async function schoolsWithSmallReportParts(year: number): Promise<{ months: Set<string>; yearGroups: Set<string> }> {
  const inYear = (alias: string) => `${alias}."month" >= ? AND ${alias}."month" < ?`;
  const months = [`${year}-09-01`, `${year + 1}-09-01`];
  const [monthParts, yearGroupParts] = await Promise.all([
    reachRows<{ schoolId: string }>({
      sql: `SELECT DISTINCT t."schoolId" AS "schoolId" FROM "SessionTally" t WHERE ${inYear("t")} AND ${DISCLOSURE_SQL.isSmall('t."pupils"')}`,
      params: months,
    }),
    reachRows<{ schoolId: string }>({
      sql: `SELECT y."schoolId" AS "schoolId" FROM "SessionYearGroupTally" y WHERE ${inYear("y")}
          AND y."schoolId" IN (SELECT c."schoolId" FROM "SessionYearGroupTally" c WHERE ${inYear("c")} AND ${DISCLOSURE_SQL.isSmall('c."pupils"')})
        GROUP BY y."schoolId", ${termOfTallyMonthSql('y."month"')}, y."topicId", y."yearGroup" HAVING ${DISCLOSURE_SQL.isSmall('SUM(y."pupils")')}`,
      params: [...months, ...months],
    }),
  ]);
  return { months: new Set(monthParts.map((row) => row.schoolId)), yearGroups: new Set(yearGroupParts.map((row) => row.schoolId)) };
}

/**
 * The counts of people that the whole area's figures on the dates a report is compared with (a year under way's
 * same dates a year earlier, or a term) withhold over many schools (decision 0193): those where the schools with
 * the count on those dates in the groups (`schoolGroup`) of the schools with a small part of `year` are more
 * than none and fewer than FEW_SCHOOLS. A narrowed report's figures on those dates are shown where none of its
 * schools has a small part of the year, so the whole area's less theirs is those few schools'. `byGroup` is the
 * number of schools with each count on those dates in each group (the dashboard's `previousSchoolsWithByGroup`).
 * No actor: the caller (the board report) has checked theirs.
 */
export async function fewLeftOnDates(scope: QueryFilters, year: number, byGroup: Record<PublishedCount, Record<string, number>>): Promise<PublishedCount[]> {
  const parts = await schoolsWithSmallParts(scope, year);
  const groups = await Promise.all(PUBLISHED_COUNTS.map(async (count) => [...(await groupsAround(parts[count])).groups.keys()]));
  return PUBLISHED_COUNTS.filter((count, i) => {
    const left = groups[i]!.reduce((sum, group) => sum + (byGroup[count][group] ?? 0), 0);
    return left > 0 && left < FEW_SCHOOLS;
  });
}

/** What a report over many schools withholds of the figures that are nonetheless a few schools' (`fewSchoolsFigures`). */
export type FewSchoolsFigures = { counts: Set<PublishedCount>; topics: boolean; months: boolean; yearGroups: boolean };

/**
 * For the board report of the whole area over many schools (no filter but the year, and FEW_SCHOOLS or
 * more schools with figures, so not narrowed): its figures that are nonetheless a few schools' and hold a
 * small part, which it withholds as a narrowed report would (decision 0165). Over many schools a
 * headline count or a row of the topic, month or year-group table can still be two schools' (mentors
 * trained only where MVP began, a topic two schools took, July, Year 13), and a reader who knows their own
 * school's exact figure could subtract it and pin the other's "<5" in the schools file. So:
 * - `counts`: as `fewSchoolsCountsWithheld` (also where the whole area less reports narrowed to the other
 *   schools leaves a few schools' figure);
 * - `topics`, `months`, `yearGroups`: whether the table has a row of fewer than FEW_SCHOOLS schools, one of
 *   them with a small part of pupils reached by sessions (a term and topic; for months and year groups also
 *   a month and topic, or a term, topic and year group), counting only the schools that reports narrowed
 *   around such parts leave out, whose same rows are shown (decision 0193). The table is then withheld whole:
 *   with the headline shown, one row withheld would be the headline less the rest.
 * `rows` are the report's topics, year groups and months (as the tallies name them) with pupils; `small` is
 * `schoolsWithSmallParts` for the year, which the report reads anyway. No actor: the caller (the report)
 * has checked theirs. Each row is asked for its first FEW_SCHOOLS schools only.
 */
export async function fewSchoolsFigures(
  year: number,
  rows: { topicIds: readonly string[]; yearGroups: readonly number[]; months: readonly string[] },
  small: Promise<Record<PublishedCount, ReadonlySet<string>>>,
): Promise<FewSchoolsFigures> {
  const parts = await small;
  const table = (key: "topicId" | "month" | "yearGroup", around: ReadonlySet<string>) =>
    key === "yearGroup"
      ? fewSchoolRows("SessionYearGroupTally", key, rows.yearGroups, year, around)
      : fewSchoolRows("SessionTally", key, key === "month" ? rows.months : rows.topicIds, year, around);
  // A narrowed report withholds its topics with its headline, and its months and year groups also for their
  // finer parts: the schools around which the whole area's row less narrowed reports' rows is a few schools'.
  // Those finer parts are read over the whole area only where a table has a row of few schools around the
  // headline's small parts alone: more schools around leave more out, so no row of many becomes one of few.
  const [counts, topics, months, yearGroups] = await Promise.all([
    fewSchoolsCountsWithheld(year, () => small),
    table("topicId", parts.pupils),
    table("month", parts.pupils),
    table("yearGroup", parts.pupils),
  ]);
  const finer = months.anyFew || yearGroups.anyFew ? await schoolsWithSmallReportParts(year) : null;
  const [inMonths, inYearGroups] = await Promise.all([
    finer && months.anyFew ? table("month", new Set([...parts.pupils, ...finer.months])) : months,
    finer && yearGroups.anyFew ? table("yearGroup", new Set([...parts.pupils, ...finer.yearGroups])) : yearGroups,
  ]);
  return { counts, topics: topics.holdsSmall, months: inMonths.holdsSmall, yearGroups: inYearGroups.holdsSmall };
}
