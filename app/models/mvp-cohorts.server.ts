/** Mentor cohorts: a school's group of pupil mentors trained together in one academic year. */
import { type Actor, assertCanSeeSchool } from "~/auth/actor";
import type { z } from "zod";
import { prisma } from "~/db.server";
import type { MentorCohort, Prisma } from "~/generated/prisma/client";
import { academicYearOf, formatAcademicYear } from "~/lib/academic-year";
import { formatDate, londonDayEnd, londonDayStart } from "~/lib/dates";
import { cohortLabel, storeYearGroups } from "~/lib/mvp";
import { cohortTrainingWindow, type cohortSchema } from "~/lib/mvp-schemas";
import { answerSentBefore, saveOnce, type SentWithOtherDetails } from "./sent-forms.server";
import { trainingProgress, type CurriculumModule } from "~/models/mvp-training-rules";
import { notFound } from "~/lib/responses.server";
import { sameAsStored } from "~/lib/same-as-stored";
import { changedMeanwhile, editVersion, type ChangedMeanwhile } from "./edit-versions.server";
import { alreadyDeleted, deleteLogged, recordAudit, type AlreadyDeleted } from "./audit.server";
import { notFoundIfGone } from "./db-errors.server";
import { mentorReadScope, recordingSchoolId } from "./mvp-access.server";
import { listCurriculum } from "./mvp-modules.server";

export type CohortInput = z.infer<typeof cohortSchema>;
type FieldResult = { ok: true; id: string } | { ok: false; field: string; message: string };

/** Cohorts of one school and year with how far their mentors have got, for the school's MVP page. */
export async function listCohorts(actor: Actor, schoolId: string, academicYear: number) {
  mentorReadScope(actor);
  assertCanSeeSchool(actor, schoolId);
  const [cohorts, curriculum] = await Promise.all([
    prisma.mentorCohort.findMany({
      where: { schoolId, academicYear },
      orderBy: { createdAt: "asc" },
      include: {
        mentors: { select: { withdrawnOn: true, completions: { select: { moduleId: true } } } },
        trainingSessions: { orderBy: { heldOn: "asc" }, select: { heldOn: true } },
      },
    }),
    listCurriculum(),
  ]);
  return cohortSummaries(cohorts, curriculum);
}

type CohortWithMentors = MentorCohort & {
  mentors: { withdrawnOn: Date | null; completions: { moduleId: string }[] }[];
  trainingSessions: { heldOn: Date }[];
};

/** Each cohort as the school's MVP page lists it: its training days, label, and its mentors counted (all, withdrawn, trained). */
export function cohortSummaries(cohorts: CohortWithMentors[], curriculum: readonly CurriculumModule[]) {
  return cohorts.map(({ mentors, trainingSessions, ...cohort }) => ({
    ...cohort,
    trainingDays: trainingSessions.map((s) => s.heldOn),
    label: cohortLabel(cohort),
    mentors: mentors.length,
    withdrawn: mentors.filter((m) => m.withdrawnOn).length,
    trained: mentors.filter(
      (m) =>
        trainingProgress(
          m.completions.map((c) => c.moduleId),
          curriculum,
        ).trained,
    ).length,
  }));
}

/** One cohort with its training sessions (by day), mentors and their progress; 404 for a cohort this person may not read. */
export async function getCohort(actor: Actor, cohortId: string) {
  const [cohort, curriculum] = await Promise.all([
    prisma.mentorCohort.findFirst({
      where: { id: cohortId, ...mentorReadScope(actor) },
      include: {
        school: { select: { id: true, name: true } },
        trainingSessions: { orderBy: { heldOn: "asc" }, select: { id: true, heldOn: true, note: true } },
        mentors: {
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          include: { completions: { select: { moduleId: true } }, _count: { select: { lessons: true } } },
        },
      },
    }),
    listCurriculum(),
  ]);
  if (!cohort) notFound("mentor cohort");
  const mentors = cohort.mentors.map(({ completions, _count, ...mentor }) => ({
    ...mentor,
    lessonsLed: _count.lessons,
    progress: trainingProgress(
      completions.map((c) => c.moduleId),
      curriculum,
    ),
  }));
  return { ...cohort, label: cohortLabel(cohort), mentors };
}

/** A cohort of the MVP lead's own school, for changing it; 404 otherwise. */
export async function getCohortForRecording(actor: Actor, cohortId: string) {
  return (await findCohortForRecording(actor, cohortId)) ?? notFound("mentor cohort");
}

/** As `getCohortForRecording`, with null for a cohort not there. Throws a 403 response unless the actor records MVP for a school. */
function findCohortForRecording(actor: Actor, cohortId: string) {
  return prisma.mentorCohort.findFirst({
    where: { id: cohortId, schoolId: recordingSchoolId(actor) },
    include: { _count: { select: { mentors: true } } },
  });
}

function yearProblem(academicYear: number, now: Date): string | null {
  return academicYear > academicYearOf(now) ? "The academic year cannot be in the future" : null;
}

/**
 * Adds a mentor cohort at the actor's school (an MVP lead's). The same form sent again (`input.formToken`: a
 * double click, a second tab, a retry) adds nothing more and returns the cohort the first sending added,
 * with `repeat` (decision 0147); a 404 response when that cohort is not the actor's school's now. Sent
 * again with other details, it is refused whole (SentWithOtherDetails, decision 0178). Refused by the
 * academic year's field for a year still to come.
 */
export async function createCohort(actor: Actor, input: CohortInput, now = new Date()): Promise<(FieldResult & { repeat?: boolean }) | SentWithOtherDetails> {
  const schoolId = recordingSchoolId(actor);
  const problem = yearProblem(input.academicYear, now);
  if (problem) return { ok: false, field: "academicYear", message: problem };
  const data = {
    academicYear: input.academicYear,
    yearGroups: storeYearGroups(input.yearGroups),
    trainingDates: input.trainingDates,
    trainers: input.trainers,
  };
  const once = await saveOnce(
    input.formToken,
    "MentorCohort",
    input,
    (note) =>
      prisma.$transaction(async (tx) => {
        const created = await tx.mentorCohort.create({ data: { ...data, schoolId } });
        await recordAudit(
          { actor: actor, action: "create", entityType: "MentorCohort", entityId: created.id, summary: `Added the MVP mentor cohort ${cohortLabel(created)}` },
          tx,
        );
        await note(tx, [created.id]);
        return created.id;
      }),
    now,
  );
  if ("saved" in once) return { ok: true, id: once.saved };
  // The first sending's cohort, if it is still the actor's school's (else a 404, as for any other cohort).
  return answerSentBefore(once, {
    find: (ids) => prisma.mentorCohort.findFirst({ where: { id: ids[0], schoolId }, select: { id: true, yearGroups: true, academicYear: true } }),
    what: "mentor cohort",
    repeat: (first) => ({ ok: true as const, id: first.id, repeat: true }),
    made: (first) => `the cohort ${cohortLabel(first)} added`,
  });
}

/** A cohort's fields its form changes, by their labels there, in its order (decision 0148). */
const COHORT_FORM_FIELDS = {
  academicYear: "Academic year",
  yearGroups: "Mentors' year groups",
  trainingDates: "Notes on training",
  trainers: "Trainers",
} as const;

/** The fingerprint of a cohort's details as its page shows them (editVersion). Pure: the cohort was read for an actor already. */
export function cohortVersion(cohort: Record<keyof typeof COHORT_FORM_FIELDS, unknown>): string {
  return editVersion(cohort, Object.keys(COHORT_FORM_FIELDS));
}

/**
 * Changes a cohort's details. A new academic year must agree with what is recorded of the cohort
 * (recordedYearProblem), since its year decides when its mentors' names are removed. `changed` is false,
 * with nothing written, when the form gave the details as they were. With `input.version`, the
 * fingerprint its page showed (cohortVersion), a change after another changed the cohort is refused
 * with `changedMeanwhile` (decision 0148).
 */
export async function updateCohort(
  actor: Actor,
  cohortId: string,
  input: CohortInput,
  now = new Date(),
): Promise<{ ok: true; id: string; changed: boolean } | { ok: false; field: string; message: string } | ChangedMeanwhile> {
  const existing = await getCohortForRecording(actor, cohortId);
  const problem = yearProblem(input.academicYear, now);
  if (problem) return { ok: false, field: "academicYear", message: problem };
  const data = {
    academicYear: input.academicYear,
    yearGroups: storeYearGroups(input.yearGroups),
    trainingDates: input.trainingDates,
    trainers: input.trainers,
  };
  return prisma.$transaction(async (tx) => {
    const current = (await tx.mentorCohort.findUnique({ where: { id: existing.id } })) ?? notFound("mentor cohort");
    if (sameAsStored(current, data)) return { ok: true, id: cohortId, changed: false };
    const stale = changedMeanwhile(current, data, COHORT_FORM_FIELDS, input.version);
    if (stale) return stale;
    const recorded = existing.academicYear === input.academicYear ? null : await recordedYearProblem(tx, existing.id, input.academicYear);
    if (recorded) return { ok: false, field: "academicYear", message: recorded };
    const updated = await tx.mentorCohort.update({ where: { id: existing.id }, data }).catch(notFoundIfGone("mentor cohort"));
    await recordAudit(
      { actor: actor, action: "update", entityType: "MentorCohort", entityId: cohortId, summary: `Changed the MVP mentor cohort ${cohortLabel(updated)}` },
      tx,
    );
    return { ok: true, id: cohortId, changed: true };
  });
}

/**
 * What recorded of a cohort contradicts its being of `academicYear`, or null: its training sessions must
 * fall in that year's training window (cohortTrainingWindow), nothing its mentors did (training completed,
 * a lesson led, stopping) may come before that window opens, and the lessons they led must be in that
 * academic year or the next, the years a cohort's mentors are offered for lessons.
 */
async function recordedYearProblem(tx: Prisma.TransactionClient, cohortId: string, academicYear: number): Promise<string | null> {
  const window = cohortTrainingWindow(academicYear);
  const opens = londonDayStart(window.earliest);
  const closes = londonDayEnd(window.latest);
  const year = formatAcademicYear(academicYear);
  const [sessionBefore, sessionAfter, completion, withdrawal, lessonBefore, lessonAfter] = await Promise.all([
    tx.mentorTrainingSession.findFirst({ where: { cohortId, heldOn: { lt: opens } }, orderBy: { heldOn: "asc" }, select: { heldOn: true } }),
    tx.mentorTrainingSession.findFirst({ where: { cohortId, heldOn: { gte: closes } }, orderBy: { heldOn: "asc" }, select: { heldOn: true } }),
    tx.moduleCompletion.findFirst({
      where: { mentor: { cohortId }, completedAt: { lt: opens } },
      orderBy: { completedAt: "asc" },
      select: { completedAt: true },
    }),
    tx.mentor.findFirst({ where: { cohortId, withdrawnOn: { lt: opens } }, orderBy: { withdrawnOn: "asc" }, select: { withdrawnOn: true } }),
    tx.mentorLesson.findFirst({
      where: { leaders: { some: { mentor: { cohortId } } }, academicYear: { lt: academicYear } },
      orderBy: { deliveredOn: "asc" },
      select: { deliveredOn: true },
    }),
    tx.mentorLesson.findFirst({
      where: { leaders: { some: { mentor: { cohortId } } }, academicYear: { gt: academicYear + 1 } },
      orderBy: { deliveredOn: "desc" },
      select: { deliveredOn: true },
    }),
  ]);
  const trainingDates = `${year}'s training dates, ${formatDate(window.earliest)} to ${formatDate(window.latest)}`;
  const session = sessionBefore ?? sessionAfter;
  if (session) return `This cohort has a training session on ${formatDate(session.heldOn)}, outside ${trainingDates}`;
  if (completion) return `A mentor in this cohort completed training on ${formatDate(completion.completedAt)}, before ${trainingDates}`;
  if (withdrawal?.withdrawnOn) return `A mentor in this cohort stopped on ${formatDate(withdrawal.withdrawnOn)}, before ${trainingDates}`;
  if (lessonBefore) return `This cohort's mentors led a lesson on ${formatDate(lessonBefore.deliveredOn)}, before the academic year ${year}`;
  if (lessonAfter) {
    return `This cohort's mentors led a lesson on ${formatDate(lessonAfter.deliveredOn)}: a ${year} cohort's mentors lead lessons in ${year} and ${formatAcademicYear(academicYear + 1)}`;
  }
  return null;
}

/**
 * Only an empty cohort can go: deleting mentors would silently change the year's figures. A cohort deleted
 * before at the lead's school, as by the same press sent again, is answered `AlreadyDeleted`, with nothing
 * written (alreadyDeleted); a 404 for one that never was, or not the school's. Throws a 403 response unless
 * the actor records MVP for a school.
 */
export async function deleteCohort(
  actor: Actor,
  cohortId: string,
): Promise<{ ok: true; unchanged: false; academicYear: number } | AlreadyDeleted | { ok: false; message: string }> {
  // Only the actor's own school's (a 403 for anyone who does not record MVP for one).
  const existing = await findCohortForRecording(actor, cohortId);
  // The log's "delete" entries for a cohort include its training sessions removed (mvp-training-sessions),
  // but a cohort is gone only once deleteCohort has deleted it, so any such entry at the school will do.
  if (!existing) return alreadyDeleted(actor, "MentorCohort", cohortId, "mentor cohort");
  return prisma.$transaction(async (tx) => {
    if ((await tx.mentor.count({ where: { cohortId } })) > 0) {
      return { ok: false as const, message: "This cohort has mentors, so it cannot be deleted. Delete or withdraw its mentors first." };
    }
    const gone = await deleteLogged(actor, tx, {
      entityType: "MentorCohort",
      entityId: existing.id,
      what: "mentor cohort",
      summary: `Deleted the empty MVP mentor cohort ${cohortLabel(existing)}`,
      remove: () => tx.mentorCohort.deleteMany({ where: { id: existing.id } }),
    });
    return gone ?? { ok: true as const, unchanged: false as const, academicYear: existing.academicYear };
  });
}
