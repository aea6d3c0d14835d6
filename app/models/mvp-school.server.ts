/**
 * Everything a school's MVP page shows for one academic year, cut to what the reader may see: the
 * school's MVP lead and the VRN lead see the records behind the figures; other staff of the school see
 * the figures and the classes reached, never the mentors. The figures and the lists come from one read
 * of the year's records (readSchoolYear).
 */
import { type Actor, assertCanSeeSchool } from "~/auth/actor";
import { prisma } from "~/db.server";
import { notFound } from "~/lib/responses.server";
import { canRecordFor, canSeeMentors } from "./mvp-access.server";
import { cohortSummaries } from "./mvp-cohorts.server";
import { lessonSummaries } from "./mvp-lessons.server";
import { readSchoolYear, schoolYearFigures } from "./mvp-school-year.server";

export async function getSchoolMvp(actor: Actor, schoolId: string, academicYear: number) {
  assertCanSeeSchool(actor, schoolId);
  const [school, year] = await Promise.all([
    prisma.school.findUnique({ where: { id: schoolId }, select: { id: true, name: true, urn: true } }),
    readSchoolYear(actor, schoolId, academicYear),
  ]);
  if (!school) notFound("school");
  const { figures, classes } = schoolYearFigures(year);
  const detail = canSeeMentors(actor, schoolId);
  return {
    school,
    academicYear,
    figures,
    classes,
    canRecord: canRecordFor(actor, schoolId),
    detail: detail
      ? {
          staff: year.staffToDate
            .filter((s) => s.academicYear === academicYear)
            .map(({ id, name, role, trainedOn, trainer }) => ({ id, name, role, trainedOn, trainer })),
          cohorts: cohortSummaries(year.cohorts, year.curriculum),
          lessons: lessonSummaries(year.lessons, true),
        }
      : null,
  };
}
