/**
 * One school's MVP records for one academic year, read once: the school's MVP page works out its figures
 * (app/models/mvp-reach.server.ts) and its lists of staff, cohorts and lessons from these same rows, so
 * each table is asked once a request rather than once for the figures and again for each list.
 */
import { type Actor, assertCanSeeSchool } from "~/auth/actor";
import { prisma } from "~/db.server";
import { mvpStage } from "~/lib/mvp";
import { pupilsReached, reachByClass, type ClassReach } from "~/models/mvp-reach-rules";
import { trainingProgress } from "~/models/mvp-training-rules";
import type { MvpFigures } from "./mvp-reach.server";
import { listCurriculum } from "./mvp-modules.server";

/**
 * Reads the school's records for `academicYear`: staff training of that year and every year before (the
 * stage goes by staff trained to date), the year's cohorts with their training days and mentors, the
 * year's lessons with their leaders, every mentor who is in those cohorts or led those lessons (a leader
 * may be from an earlier year's cohort) with the modules they completed, and the curriculum.
 * 403 for a school this person may not see.
 */
export async function readSchoolYear(actor: Actor, schoolId: string, academicYear: number) {
  assertCanSeeSchool(actor, schoolId);
  const [staffToDate, cohorts, lessons, curriculum] = await Promise.all([
    prisma.staffTraining.findMany({
      where: { schoolId, academicYear: { lte: academicYear } },
      orderBy: [{ trainedOn: "asc" }, { name: "asc" }],
      select: { id: true, name: true, role: true, trainedOn: true, trainer: true, academicYear: true },
    }),
    prisma.mentorCohort.findMany({
      where: { schoolId, academicYear },
      orderBy: { createdAt: "asc" },
      include: { trainingSessions: { orderBy: { heldOn: "asc" }, select: { heldOn: true } } },
    }),
    prisma.mentorLesson.findMany({
      where: { schoolId, academicYear },
      orderBy: [{ deliveredOn: "desc" }, { createdAt: "desc" }],
      include: { leaders: { select: { mentorId: true } } },
    }),
    listCurriculum(),
  ]);
  // The leaders are named by the lessons just read: asking for "mentors who led one of the school's
  // lessons this year" instead made SQLite look through every mentor in the area, school by school.
  const leaderIds = [...new Set(lessons.flatMap((lesson) => lesson.leaders.map((leader) => leader.mentorId)))].sort();
  const mentors = await prisma.mentor.findMany({
    where: { OR: [{ cohortId: { in: cohorts.map((cohort) => cohort.id) } }, { id: { in: leaderIds } }] },
    select: {
      id: true,
      cohortId: true,
      displayName: true,
      yearGroup: true,
      withdrawnOn: true,
      completions: { select: { moduleId: true } },
    },
  });
  // A leader is in this year's cohort or last year's (checkLeaders refuses any other), so the cohort's year
  // is known without reading it, which would be one more statement for every MVP page.
  const thisYears = new Set(cohorts.map((cohort) => cohort.id));
  const mentorsById = new Map(mentors.map((m) => [m.id, { ...m, cohort: { academicYear: thisYears.has(m.cohortId) ? academicYear : academicYear - 1 } }]));
  return {
    academicYear,
    staffToDate,
    cohorts: cohorts.map((cohort) => ({ ...cohort, mentors: mentors.filter((m) => m.cohortId === cohort.id) })),
    // The reads are not one snapshot: a leader removed between them is left out of this one page rather
    // than failing it.
    lessons: lessons.map(({ leaders, ...lesson }) => ({ ...lesson, leaders: leaders.flatMap((l) => mentorsById.get(l.mentorId) ?? []) })),
    curriculum,
  };
}

/** What readSchoolYear returns. */
export type SchoolYear = Awaited<ReturnType<typeof readSchoolYear>>;

/** The school's figures for the year and its classes reached, from its records. */
export function schoolYearFigures(year: SchoolYear): { figures: MvpFigures; classes: ClassReach[] } {
  const trained = new Map<string, boolean>();
  const isTrained = (mentor: SchoolYear["cohorts"][number]["mentors"][number]) => {
    let known = trained.get(mentor.id);
    if (known === undefined) {
      known = trainingProgress(
        mentor.completions.map((c) => c.moduleId),
        year.curriculum,
      ).trained;
      trained.set(mentor.id, known);
    }
    return known;
  };
  const mentors = year.cohorts.flatMap((c) => c.mentors);
  const mentorsTrained = mentors.filter(isTrained).length;
  const classes = reachByClass(year.lessons);
  const reached = pupilsReached(classes);
  const staffTrainedToDate = year.staffToDate.length;
  // Leaders are counted by mentor, whichever year's cohort trained them, and split by the trained rule.
  const leaders = new Map(year.lessons.flatMap((l) => l.leaders.map((leader) => [leader.id, isTrained(leader)] as const)));
  const trainedLeaders = [...leaders.values()].filter(Boolean).length;
  return {
    classes,
    figures: {
      stage: mvpStage({ lessons: year.lessons.length, mentors: mentors.length, mentorsTrained, staffTrainedSoFar: staffTrainedToDate }),
      staffTrained: year.staffToDate.filter((s) => s.academicYear === year.academicYear).length,
      staffTrainedToDate,
      cohorts: year.cohorts.length,
      mentors: mentors.length,
      mentorsTrained,
      mentorsWhoLed: trainedLeaders,
      untrainedMentorsWhoLed: leaders.size - trainedLeaders,
      lessons: year.lessons.length,
      pupilsReachedOnce: reached.atLeastOne,
      pupilsReachedFive: reached.atLeastFive,
    },
  };
}
