import type { Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import { londonDayStart } from "~/lib/dates";
import { classNameKey } from "~/models/mvp-reach-rules";
import { recountMentorsTrained } from "~/models/tallies.server";
import { createSchool, createUser } from "./factories";

/** A school with its MVP lead and a teacher, and a curriculum of two required modules and one optional. */
export async function mvpSchool() {
  const school = await createSchool();
  const lead = await createUser({ role: "MVP_LEAD", schoolId: school.id });
  const teacher = await createUser({ role: "TEACHER", schoolId: school.id });
  return { school, mvpLead: actor(lead), teacher: actor(teacher) };
}

export async function vrnLead() {
  return actor(await createUser({ role: "VRN_LEAD", schoolId: null }));
}

function actor(user: Actor): Actor {
  return { id: user.id, email: user.email, name: user.name, role: user.role, schoolId: user.schoolId };
}

/** The curriculum is shared by every school, so each test file makes it once. */
export async function curriculum() {
  const existing = await prisma.trainingModule.findMany({ orderBy: { position: "asc" } });
  if (existing.length > 0) return existing;
  return Promise.all([
    prisma.trainingModule.create({ data: { title: "The bystander approach", required: true, position: 1 } }),
    prisma.trainingModule.create({ data: { title: "Leading a lesson", required: true, position: 2 } }),
    prisma.trainingModule.create({ data: { title: "County lines", required: false, position: 3 } }),
  ]).then((modules) => modules.sort((a, b) => a.position - b.position));
}

export async function cohortWithMentors(schoolId: string, academicYear: number, names: string[]) {
  return prisma.mentorCohort.create({
    data: {
      schoolId,
      academicYear,
      yearGroups: "10",
      trainingDates: "14 and 15 October",
      trainers: "R. Hall",
      mentors: { create: names.map((displayName) => ({ displayName, yearGroup: 10 })) },
    },
    include: { mentors: { orderBy: { createdAt: "asc" } } },
  });
}

/** Every mentor completes every module, at `completedAt` (by default now). */
export async function completeAll(mentorIds: string[], moduleIds: string[], completedAt = new Date()) {
  await prisma.moduleCompletion.createMany({ data: mentorIds.flatMap((mentorId) => moduleIds.map((moduleId) => ({ mentorId, moduleId, completedAt }))) });
  // Written directly, so the mentors' running tally is rewritten as the app's own writes do.
  await recountMentorsTrained(prisma, mentorIds);
}

export async function lesson(schoolId: string, academicYear: number, className: string, pupilsPresent: number, mentorIds: string[], reflection = "") {
  return prisma.mentorLesson.create({
    data: {
      schoolId,
      academicYear,
      deliveredOn: londonDayStart(`${academicYear}-11-10`),
      className,
      classKey: classNameKey(className),
      yearGroup: 8,
      pupilsPresent,
      topic: "Knife carrying",
      reflection,
      leaders: { create: mentorIds.map((mentorId) => ({ mentorId, schoolId, academicYear })) },
    },
  });
}
