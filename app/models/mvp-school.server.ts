/**
 * Everything a school's MVP page shows for one academic year, cut to what the reader may see: the
 * school's MVP lead and the VRN lead see the records behind the figures; other staff of the school see
 * the figures and the classes reached, never the mentors.
 */
import { type Actor, assertCanSeeSchool } from "~/auth/actor";
import { prisma } from "~/db.server";
import { notFound } from "~/lib/responses.server";
import { canRecordFor, canSeeMentors } from "./mvp-access.server";
import { listCohorts } from "./mvp-cohorts.server";
import { listLessons } from "./mvp-lessons.server";
import { getSchoolFigures } from "./mvp-reach.server";
import { listStaffTrained } from "./mvp-staff.server";

export async function getSchoolMvp(actor: Actor, schoolId: string, academicYear: number) {
  assertCanSeeSchool(actor, schoolId);
  const school = await prisma.school.findUnique({ where: { id: schoolId }, select: { id: true, name: true, urn: true } });
  if (!school) notFound("school");
  const { figures, classes } = await getSchoolFigures(actor, schoolId, academicYear);
  const detail = canSeeMentors(actor, schoolId);
  const [staff, cohorts, lessons] = detail
    ? await Promise.all([
        listStaffTrained(actor, schoolId, academicYear),
        listCohorts(actor, schoolId, academicYear),
        listLessons(actor, schoolId, academicYear),
      ])
    : [null, null, null];
  return {
    school,
    academicYear,
    figures,
    classes,
    canRecord: canRecordFor(actor, schoolId),
    detail: detail && staff && cohorts && lessons ? { staff, cohorts, lessons } : null,
  };
}
