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
 * and year group (`schoolsWithSmallReportParts`).
 */
import { termOf, TERMS, type Term } from "~/lib/academic-year";
import { londonDayStart } from "~/lib/dates";
import { isSmallCount, isWithheldSum } from "~/models/disclosure";
import { filterPeriod } from "~/models/reach-rules";
import { mvpPupilsOf } from "./reach.server";
import { lessonsByClass, mentorsBySchool, reachRows, schoolConditions, type QueryFilters } from "./reach-queries.server";

/** The counts the localities file publishes per locality, as named on SchoolReach. */
export type PublishedCount = "pupils" | "mentorsTrained" | "mvpPupils" | "surveyResponses";

/** A count's finest parts school by school: school id → part (e.g. "autumn/topic-id") → count. */
type SchoolParts = Map<string, Map<string, number>>;

/** Adds `count` to one school's part. */
function addTo(parts: SchoolParts, schoolId: string, part: string, count: number) {
  const own = parts.get(schoolId) ?? new Map<string, number>();
  parts.set(schoolId, own.set(part, (own.get(part) ?? 0) + count));
}

/** The school ids among `parts` with a small part. */
function schoolsWithSmall(parts: SchoolParts): Set<string> {
  return new Set([...parts].filter(([, own]) => [...own.values()].some(isSmallCount)).map(([schoolId]) => schoolId));
}

const TERM_SEPARATOR = "/";

/** Pupils reached by sessions in each term and topic ("autumn/topic-id"), or each month and topic ("2025-10-01/topic-id"). */
/**
 * The term of a tally's month ("2026-10-01"), worked out once per month for all of a query's rows: at
 * national scale a year's tallies are over 100,000 rows, and reading London's calendar for each was most
 * of the board report's time.
 */
function termsOfMonths() {
  const terms = new Map<string, string>();
  return (month: string) => {
    let term = terms.get(month);
    if (term === undefined) terms.set(month, (term = termOf(londonDayStart(month))));
    return term;
  };
}

/** The schools with any pupils reached by sessions in `year`, each with one part of them: no part is read. */
async function schoolsReachedBySessions(scope: QueryFilters, year: number): Promise<SchoolParts> {
  const school = schoolConditions(scope);
  const rows = await reachRows<{ schoolId: string }>({
    sql: `SELECT DISTINCT t."schoolId" AS "schoolId"
      FROM "SessionTally" t${school.sql ? ' JOIN "School" s ON s."id" = t."schoolId"' : ""}
      WHERE t."academicYear" = ? AND t."pupils" > 0${school.sql}`,
    params: [year, ...school.params],
  });
  return new Map(rows.map((row) => [row.schoolId, new Map([["year", 1]])]));
}

async function sessionPupilParts(scope: QueryFilters, year: number): Promise<{ byTerm: SchoolParts; byMonth: SchoolParts }> {
  const school = schoolConditions(scope);
  const rows = await reachRows<{ schoolId: string; month: string; topicId: string; pupils: unknown }>({
    sql: `SELECT t."schoolId" AS "schoolId", t."month" AS "month", t."topicId" AS "topicId", t."pupils" AS "pupils"
      FROM "SessionTally" t${school.sql ? ' JOIN "School" s ON s."id" = t."schoolId"' : ""}
      WHERE t."academicYear" = ?${school.sql}`,
    params: [year, ...school.params],
  });
  const byTerm: SchoolParts = new Map();
  const byMonth: SchoolParts = new Map();
  const termOfMonth = termsOfMonths();
  for (const row of rows) {
    const pupils = Number(row.pupils ?? 0);
    addTo(byTerm, row.schoolId, `${termOfMonth(row.month)}${TERM_SEPARATOR}${row.topicId}`, pupils);
    addTo(byMonth, row.schoolId, `${row.month}${TERM_SEPARATOR}${row.topicId}`, pupils);
  }
  return { byTerm, byMonth };
}

/** Pupils reached by sessions in each term, topic and year group ("autumn/topic-id/8"). */
async function sessionPupilsByYearGroup(scope: QueryFilters, year: number): Promise<SchoolParts> {
  const school = schoolConditions(scope);
  const rows = await reachRows<{ schoolId: string; month: string; topicId: string; yearGroup: unknown; pupils: unknown }>({
    sql: `SELECT y."schoolId" AS "schoolId", y."month" AS "month", y."topicId" AS "topicId", y."yearGroup" AS "yearGroup", y."pupils" AS "pupils"
      FROM "SessionYearGroupTally" y${school.sql ? ' JOIN "School" s ON s."id" = y."schoolId"' : ""}
      WHERE y."month" >= ? AND y."month" < ?${school.sql}`,
    params: [`${year}-09-01`, `${year + 1}-09-01`, ...school.params],
  });
  const parts: SchoolParts = new Map();
  const termOfMonth = termsOfMonths();
  for (const row of rows) {
    const part = [termOfMonth(row.month), row.topicId, Number(row.yearGroup)].join(TERM_SEPARATOR);
    addTo(parts, row.schoolId, part, Number(row.pupils ?? 0));
  }
  return parts;
}

async function mentorLedPupilsByTerm(scope: QueryFilters, year: number): Promise<Set<string>> {
  const schools = new Set<string>();
  const periods = await Promise.all([null, ...TERMS].map((term) => lessonsByClass(scope, year, filterPeriod({ year, term }))));
  for (const groups of periods) {
    const bySchool = new Map<string, typeof groups>();
    for (const group of groups) bySchool.set(group.schoolId, [...(bySchool.get(group.schoolId) ?? []), group]);
    for (const [schoolId, own] of bySchool) if (isSmallCount(mvpPupilsOf(own))) schools.add(schoolId);
  }
  return schools;
}

/** Survey responses of the year after sessions on each topic ("topic-id"; "" for runs with no session). */
async function surveyResponsesByTopic(scope: QueryFilters, year: number): Promise<SchoolParts> {
  const school = schoolConditions(scope);
  const rows = await reachRows<{ schoolId: string; topicId: string; responses: unknown }>({
    sql: `SELECT r."schoolId" AS "schoolId", COALESCE(d."topicId", '') AS "topicId", SUM(r."responseCount") AS "responses"
      FROM "SurveyRun" r LEFT JOIN "Booking" b ON b."id" = r."bookingId" LEFT JOIN "Delivery" d ON d."id" = b."deliveryId"
        ${school.sql ? 'JOIN "School" s ON s."id" = r."schoolId"' : ""}
      WHERE r."academicYear" = ?${school.sql}
      GROUP BY r."schoolId", COALESCE(d."topicId", '')`,
    params: [year, ...school.params],
  });
  const parts: SchoolParts = new Map();
  for (const row of rows) addTo(parts, row.schoolId, row.topicId, Number(row.responses ?? 0));
  return parts;
}

async function mentorsTrainedInYear(scope: QueryFilters, year: number): Promise<Set<string>> {
  return new Set((await mentorsBySchool(scope, year)).filter((m) => isSmallCount(m.mentorsTrained)).map((m) => m.schoolId));
}

/**
 * For each published count, the schools (within `scope`'s school filters: local authority, locality,
 * type; its topic is ignored, since every topic's parts count) with a small count in any of the parts
 * of `year` listed above. No actor: callers are exports that have checked theirs.
 */
export async function schoolsWithSmallParts(scope: QueryFilters, year: number): Promise<Record<PublishedCount, Set<string>>> {
  const schools = { ...scope, topicId: null };
  const [sessions, mvpPupils, surveyResponses, mentorsTrained] = await Promise.all([
    sessionPupilParts(schools, year),
    mentorLedPupilsByTerm(schools, year),
    surveyResponsesByTopic(schools, year),
    mentorsTrainedInYear(schools, year),
  ]);
  return { pupils: schoolsWithSmall(sessions.byTerm), mvpPupils, surveyResponses: schoolsWithSmall(surveyResponses), mentorsTrained };
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
  check("pupils", sessions.byTerm, period.term);
  check("surveyResponses", surveyResponses, null);
  return withheld;
}

/**
 * The schools within `scope`'s school filters with any pupils reached by sessions, mentors trained, pupils
 * reached by mentor-led lessons or survey responses in `year`: those whose figures the board report over
 * that scope adds up (decision 0121).
 */
async function schoolsWithFigures(scope: QueryFilters, year: number, sessions: SchoolParts): Promise<Set<string>> {
  const [surveyResponses, mentors, lessons] = await Promise.all([
    surveyResponsesByTopic(scope, year),
    mentorsBySchool(scope, year),
    lessonsByClass(scope, year, filterPeriod({ year, term: null })),
  ]);
  const withSome = (parts: SchoolParts) => [...parts].filter(([, own]) => [...own.values()].some((n) => n > 0)).map(([schoolId]) => schoolId);
  return new Set([
    ...withSome(sessions),
    ...withSome(surveyResponses),
    ...mentors.filter((m) => m.mentorsTrained > 0).map((m) => m.schoolId),
    ...lessons.filter((g) => g.lessons > 0 && g.largestClass > 0).map((g) => g.schoolId),
  ]);
}

/**
 * How many schools have any figure in `year` over `scope`'s school filters: `schoolsWithSmallReportParts`'s
 * `schools`, without reading each school's parts, for the years a board report is compared with (decision 0121).
 */
export async function countSchoolsWithFigures(scope: QueryFilters, year: number): Promise<number> {
  const schools = { ...scope, topicId: null };
  return (await schoolsWithFigures(schools, year, await schoolsReachedBySessions(schools, year))).size;
}

/**
 * For the board report over `scope`'s school filters (its topic is ignored, since every topic's parts count):
 * whether any school has pupils reached by sessions of 1 to 4 in one month and topic of `year` (`months`),
 * or in one term, topic and year group (`yearGroups`), the parts of the report's month and year-group tables,
 * which a report of a few schools withholds whole, since its rows add up to its headline, whose band could
 * pin them (decision 0117); and how many schools have any figure in the year (`schools`), which decides
 * whether a report with no filter but the year is one of a few schools (decision 0121).
 */
export async function schoolsWithSmallReportParts(scope: QueryFilters, year: number): Promise<{ months: boolean; yearGroups: boolean; schools: number }> {
  const schools = { ...scope, topicId: null };
  const [sessions, yearGroups] = await Promise.all([sessionPupilParts(schools, year), sessionPupilsByYearGroup(schools, year)]);
  const withFigures = await schoolsWithFigures(schools, year, sessions.byTerm);
  return { months: schoolsWithSmall(sessions.byMonth).size > 0, yearGroups: schoolsWithSmall(yearGroups).size > 0, schools: withFigures.size };
}
