/**
 * What the programme reports, per academic year, for a school and for the whole area: staff trained,
 * mentors trained, mentors who led a lesson, lessons delivered, and younger pupils reached by at least
 * one and at least five mentor-led lessons (counted by class, app/models/mvp-reach-rules.ts).
 */
import type { Actor } from "~/auth/actor";
import { can } from "~/auth/roles";
import { mvpStage, MVP_STAGES, type MvpStage } from "~/lib/mvp";
import { forbidden } from "~/lib/responses.server";
import { readSchoolYear, schoolYearFigures } from "./mvp-school-year.server";
import { lessonLeadersBySchool, lessonReachBySchool, mentorsBySchool, readingOnceEach, schoolsInScope, staffTrainedBySchool } from "./reach-queries.server";
import { sessionFigures } from "./reach-sessions.server";
import { filterPeriod, openDuring } from "./reach-rules";

/**
 * A school's (or the area's) MVP counts for one academic year. "Trained" is the rule of
 * app/models/mvp-training-rules.ts: every required module completed.
 */
export type MvpCounts = {
  /** Staff whose MVP training is dated in the year. */
  staffTrained: number;
  /** Staff trained in the year or any year before: what the school's stage goes by. */
  staffTrainedToDate: number;
  /** Mentors in the year's cohorts. */
  mentors: number;
  /** Of those, the mentors who are trained. */
  mentorsTrained: number;
  /** Trained mentors, of any year's cohort, who led at least one lesson in the year. */
  mentorsWhoLed: number;
  /** Mentors not (yet) trained who led at least one lesson in the year: counted apart, never as "led". */
  untrainedMentorsWhoLed: number;
  lessons: number;
  pupilsReachedOnce: number;
  pupilsReachedFive: number;
};

/** The counts with the school's stage and its number of mentor cohorts. */
export type MvpFigures = MvpCounts & { stage: MvpStage; cohorts: number };

const NO_FIGURES: MvpFigures = {
  stage: "NOT_STARTED",
  staffTrained: 0,
  staffTrainedToDate: 0,
  cohorts: 0,
  mentors: 0,
  mentorsTrained: 0,
  mentorsWhoLed: 0,
  untrainedMentorsWhoLed: 0,
  lessons: 0,
  pupilsReachedOnce: 0,
  pupilsReachedFive: 0,
};

/** Every record of the year, whatever its date: the figures go by the academic year recorded. */
const WHOLE_RECORD = { start: new Date("1970-01-01T00:00:00Z"), end: new Date("9999-12-31T00:00:00Z") };
const EVERY_SCHOOL = { localAuthority: null, localityId: null, schoolType: null, topicId: null, schoolId: null };

/**
 * The same figures for every school, added up in SQL (app/models/reach-queries.server.ts) rather than from
 * every lesson, leader and completion: the area's view at national scale. tests/unit/mvp-reach-area.test.ts
 * checks it against each school's own figures.
 */
async function areaFiguresBySchool(academicYear: number): Promise<Map<string, MvpFigures>> {
  const [staff, mentors, lessons, leaders] = await Promise.all([
    staffTrainedBySchool(academicYear),
    mentorsBySchool(EVERY_SCHOOL, academicYear),
    lessonReachBySchool(EVERY_SCHOOL, academicYear, [WHOLE_RECORD]),
    lessonLeadersBySchool(academicYear),
  ]);
  const staffThisYearOf = new Map(staff.map((s) => [s.schoolId, s.inYear]));
  const staffSoFarOf = new Map(staff.map((s) => [s.schoolId, s.soFar]));
  const mentorsOf = new Map(mentors.map((m) => [m.schoolId, m]));
  const leadersOf = new Map(leaders.map((l) => [l.schoolId, l]));
  const lessonsOf = new Map(lessons.map((l) => [l.schoolId, l.periods[0]!]));
  const ids = new Set([...staff.map((s) => s.schoolId), ...mentors.map((m) => m.schoolId), ...lessons.map((l) => l.schoolId)]);
  const result = new Map<string, MvpFigures>();
  for (const schoolId of ids) {
    const own = lessonsOf.get(schoolId);
    const lessonCount = own?.lessons ?? 0;
    const cohorts = mentorsOf.get(schoolId);
    const staffTrainedToDate = staffSoFarOf.get(schoolId) ?? 0;
    result.set(schoolId, {
      stage: mvpStage({
        lessons: lessonCount,
        mentors: cohorts?.mentors ?? 0,
        mentorsTrained: cohorts?.mentorsTrained ?? 0,
        staffTrainedSoFar: staffTrainedToDate,
      }),
      staffTrained: staffThisYearOf.get(schoolId) ?? 0,
      staffTrainedToDate,
      cohorts: cohorts?.cohorts ?? 0,
      mentors: cohorts?.mentors ?? 0,
      mentorsTrained: cohorts?.mentorsTrained ?? 0,
      mentorsWhoLed: leadersOf.get(schoolId)?.trained ?? 0,
      untrainedMentorsWhoLed: leadersOf.get(schoolId)?.untrained ?? 0,
      lessons: lessonCount,
      pupilsReachedOnce: own?.pupilsReachedOnce ?? 0,
      pupilsReachedFive: own?.pupilsReachedFive ?? 0,
    });
  }
  return result;
}

/** A school's figures for one academic year and its classes reached; 403 for a school this person may not see. */
export async function getSchoolFigures(actor: Actor, schoolId: string, academicYear: number) {
  return schoolYearFigures(await readSchoolYear(actor, schoolId, academicYear));
}

const COUNTS = [
  "staffTrained",
  "staffTrainedToDate",
  "cohorts",
  "mentors",
  "mentorsTrained",
  "mentorsWhoLed",
  "untrainedMentorsWhoLed",
  "lessons",
  "pupilsReachedOnce",
  "pupilsReachedFive",
] as const;

/** Area totals are sums over schools: classes and mentors belong to one school, so nothing is counted twice. */
function addUp(rows: MvpFigures[]) {
  return Object.fromEntries(COUNTS.map((key) => [key, rows.reduce((sum, row) => sum + row[key], 0)])) as Record<(typeof COUNTS)[number], number>;
}

/**
 * Whether a school did anything for MVP in the year itself (staff trained, a cohort, a lesson): a closed
 * school counts in a year only then, not for a stage it reached in earlier years and carried forward.
 */
function activeInYear(figures: MvpFigures | undefined): boolean {
  return figures !== undefined && (figures.staffTrained > 0 || figures.cohorts > 0 || figures.lessons > 0);
}

/**
 * The VRN lead's view across the area: every school running MVP in the year with its stage and figures,
 * the totals, and (when asked) the schools of the forum that have not started. The schools in the forum that
 * year are those open for some of it by their opening and closing days (`openDuring`, decision 0158), and
 * any other that did anything for MVP in the year or was reached by a session in it, as it was open then
 * (as reach counts a year's open schools, `openInPeriod`). Each row's `open` is the school's status today,
 * so the page can say which of them has closed since.
 */
export const getAreaOverview = readingOnceEach(async function getAreaOverview(actor: Actor, academicYear: number, { includeNotStarted = false } = {}) {
  if (!can(actor, "mvp:read-all")) forbidden();
  // All read through reach's connection (results kept until anything changes), not every school through Prisma.
  const year = filterPeriod({ year: academicYear, term: null });
  const [bySchool, schools, sessions] = await Promise.all([
    areaFiguresBySchool(academicYear),
    schoolsInScope(EVERY_SCHOOL),
    sessionFigures(EVERY_SCHOOL, year, { withTopics: false, charts: false, deliveries: false }),
  ]);
  const reachedInYear = (schoolId: string) => (sessions.bySchool.get(schoolId)?.sessions ?? 0) > 0;
  const all = schools
    .filter((s) => openDuring(s, year) || activeInYear(bySchool.get(s.id)) || reachedInYear(s.id))
    // By name as the database orders text (code points), then furthest along first below.
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((s) => ({
      id: s.id,
      name: s.name,
      urn: s.urn,
      locality: s.locality,
      open: s.status === "OPEN",
      figures: bySchool.get(s.id) ?? NO_FIGURES,
    }));
  // Furthest along first, so the table reads as the programme's progress; then by name.
  all.sort((a, b) => MVP_STAGES.indexOf(b.figures.stage) - MVP_STAGES.indexOf(a.figures.stage));
  const running = all.filter((row) => row.figures.stage !== "NOT_STARTED");
  const stageCounts = Object.fromEntries(MVP_STAGES.map((stage) => [stage, all.filter((row) => row.figures.stage === stage).length])) as Record<
    MvpStage,
    number
  >;
  return {
    totals: addUp(running.map((row) => row.figures)),
    stageCounts,
    schoolsRunning: running.length,
    schoolsInForum: all.length,
    rows: includeNotStarted ? all : running,
  };
});
