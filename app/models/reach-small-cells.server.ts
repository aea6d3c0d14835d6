/**
 * Which schools have a small count (1 to 4) hidden somewhere in the published reach files of a year, for
 * the localities file's secondary suppression (app/models/reach-export.server.ts, decision 0109).
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
 */
import { termOf, TERMS } from "~/lib/academic-year";
import { londonDayStart } from "~/lib/dates";
import { isSmallCount } from "~/models/disclosure";
import { filterPeriod } from "~/models/reach-rules";
import { mvpPupilsOf } from "./reach.server";
import { lessonsByClass, mentorsBySchool, reachRows, schoolConditions, type QueryFilters } from "./reach-queries.server";

/** The counts the localities file publishes per locality, as named on SchoolReach. */
export type PublishedCount = "pupils" | "mentorsTrained" | "mvpPupils" | "surveyResponses";

/** Adds `count` to a part's total; parts are keyed "schoolId|part", e.g. "s1|autumn/topic-id". */
function addTo(parts: Map<string, number>, key: string, count: number) {
  parts.set(key, (parts.get(key) ?? 0) + count);
}

/** The school ids among `parts` (keyed "schoolId|part") whose count is small. */
function schoolsWithSmall(parts: ReadonlyMap<string, number>): Set<string> {
  const schools = new Set<string>();
  for (const [key, count] of parts) if (isSmallCount(count)) schools.add(key.slice(0, key.indexOf("|")));
  return schools;
}

async function sessionPupilsByTermAndTopic(scope: QueryFilters, year: number): Promise<Set<string>> {
  const school = schoolConditions(scope);
  const rows = await reachRows<{ schoolId: string; month: string; topicId: string; pupils: unknown }>({
    sql: `SELECT t."schoolId" AS "schoolId", t."month" AS "month", t."topicId" AS "topicId", t."pupils" AS "pupils"
      FROM "SessionTally" t${school.sql ? ' JOIN "School" s ON s."id" = t."schoolId"' : ""}
      WHERE t."academicYear" = ?${school.sql}`,
    params: [year, ...school.params],
  });
  const parts = new Map<string, number>();
  for (const row of rows) addTo(parts, `${row.schoolId}|${termOf(londonDayStart(row.month))}/${row.topicId}`, Number(row.pupils ?? 0));
  return schoolsWithSmall(parts);
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

async function surveyResponsesByTopic(scope: QueryFilters, year: number): Promise<Set<string>> {
  const school = schoolConditions(scope);
  const rows = await reachRows<{ schoolId: string; topicId: string; responses: unknown }>({
    sql: `SELECT r."schoolId" AS "schoolId", COALESCE(d."topicId", '') AS "topicId", SUM(r."responseCount") AS "responses"
      FROM "SurveyRun" r LEFT JOIN "Booking" b ON b."id" = r."bookingId" LEFT JOIN "Delivery" d ON d."id" = b."deliveryId"
        ${school.sql ? 'JOIN "School" s ON s."id" = r."schoolId"' : ""}
      WHERE r."academicYear" = ?${school.sql}
      GROUP BY r."schoolId", COALESCE(d."topicId", '')`,
    params: [year, ...school.params],
  });
  const parts = new Map<string, number>();
  for (const row of rows) addTo(parts, `${row.schoolId}|${row.topicId}`, Number(row.responses ?? 0));
  return schoolsWithSmall(parts);
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
  const [pupils, mvpPupils, surveyResponses, mentorsTrained] = await Promise.all([
    sessionPupilsByTermAndTopic(schools, year),
    mentorLedPupilsByTerm(schools, year),
    surveyResponsesByTopic(schools, year),
    mentorsTrainedInYear(schools, year),
  ]);
  return { pupils, mvpPupils, surveyResponses, mentorsTrained };
}
