/**
 * Mentor-led lessons: a class of younger pupils, the mentors who led it, and how many pupils were there.
 * Leading with fewer than three mentors, with a mentor not yet trained on the lesson's date, or with a
 * mentor no older than the class, is allowed but flagged (docs/decisions/0064 and 0066).
 */
import { type Actor, assertCanSeeSchool } from "~/auth/actor";
import type { z } from "zod";
import { prisma } from "~/db.server";
import type { MentorLesson, Prisma } from "~/generated/prisma/client";
import { academicYearOf, formatAcademicYear } from "~/lib/academic-year";
import { formatDate, londonDayStart } from "~/lib/dates";
import { classNotYounger, cohortLabel, mentorYearGroupIn, RECOMMENDED_LEADERS } from "~/lib/mvp";
import type { lessonSchema } from "~/lib/mvp-schemas";
import { londonDateInputValue } from "~/lib/london-time";
import { trainedOn, trainingProgress } from "~/models/mvp-training-rules";
import { classNameKey } from "~/models/mvp-reach-rules";
import { dayOutsideSchoolDays } from "~/models/school-records.server";
import { notFound } from "~/lib/responses.server";
import { sameAsStored } from "~/lib/same-as-stored";
import { changedMeanwhile, editVersion, type ChangedMeanwhile } from "./edit-versions.server";
import { alreadyDeleted, deleteLogged, recordAudit, type AlreadyDeleted } from "./audit.server";
import { notFoundIfGone } from "./db-errors.server";
import { canSeeMentors, recordingSchoolId } from "./mvp-access.server";
import { listCurriculum } from "./mvp-modules.server";
import { counted } from "~/lib/numbers";
import { answerSentBefore, saveOnce, type SentWithOtherDetails } from "./sent-forms.server";

export type LessonInput = z.infer<typeof lessonSchema>;
type Tx = Prisma.TransactionClient;
/** A lesson saved (`repeat`: the same form was sent before, and nothing more was saved), or why not. */
export type LessonResult = { ok: true; id: string; academicYear: number; warnings: string[]; repeat?: boolean } | { ok: false; field: string; message: string };
type LessonChangeResult = (Extract<LessonResult, { ok: true }> & { changed: boolean }) | Extract<LessonResult, { ok: false }>;

const mentorWithTraining = {
  id: true,
  displayName: true,
  yearGroup: true,
  withdrawnOn: true,
  cohort: { select: { schoolId: true, academicYear: true, yearGroups: true, namesRemovedAt: true } },
  completions: { select: { moduleId: true } },
} as const;

/**
 * The mentors an MVP lead can choose from for a lesson in a given year: this year's and last year's
 * cohorts (mentors trained in Year 10 often lead lessons in Year 11), still active, plus any already
 * chosen for the lesson being changed. Grouped by cohort (`cohort` is its label, which says when the
 * cohort's names have been removed: a lesson recorded late can still count its mentors under their
 * neutral labels), trained mentors first.
 */
export async function mentorOptions(actor: Actor, academicYear: number, alreadyChosen: string[] = []) {
  const schoolId = recordingSchoolId(actor);
  const [mentors, curriculum] = await Promise.all([
    prisma.mentor.findMany({
      where: {
        cohort: { schoolId },
        OR: [{ withdrawnOn: null, cohort: { academicYear: { in: [academicYear - 1, academicYear] } } }, { id: { in: alreadyChosen } }],
      },
      orderBy: [{ cohort: { academicYear: "desc" } }, { createdAt: "asc" }, { id: "asc" }],
      select: mentorWithTraining,
    }),
    listCurriculum(),
  ]);
  const options = mentors.map(({ completions, cohort, ...mentor }) => ({
    ...mentor,
    cohort: cohort.namesRemovedAt ? `${cohortLabel(cohort)} (names removed)` : cohortLabel(cohort),
    trained: trainingProgress(
      completions.map((c) => c.moduleId),
      curriculum,
    ).trained,
  }));
  // Grouped by cohort (newest year first, as read), trained mentors first within each: the usual choice.
  const cohorts = [...new Set(options.map((m) => m.cohort))];
  return options.sort((a, b) => cohorts.indexOf(a.cohort) - cohorts.indexOf(b.cohort) || Number(b.trained) - Number(a.trained));
}

export async function listLessons(actor: Actor, schoolId: string, academicYear: number) {
  assertCanSeeSchool(actor, schoolId);
  const lessons = await prisma.mentorLesson.findMany({
    where: { schoolId, academicYear },
    orderBy: [{ deliveredOn: "desc" }, { createdAt: "desc" }],
    include: { leaders: { select: { mentor: { select: { displayName: true, yearGroup: true, cohort: { select: { academicYear: true } } } } } } },
  });
  return lessonSummaries(
    lessons.map(({ leaders, ...lesson }) => ({ ...lesson, leaders: leaders.map((l) => l.mentor) })),
    canSeeMentors(actor, schoolId),
  );
}

/**
 * Lessons as the school's MVP page lists them: with `showNames` (canSeeMentors), the leaders' names in
 * alphabetical order and the reflection; without, only how many led each lesson. `classNotYounger` flags a
 * class no younger than a leader (classNotYounger).
 */
export function lessonSummaries(
  lessons: (MentorLesson & { leaders: { displayName: string; yearGroup: number; cohort: { academicYear: number } }[] })[],
  showNames: boolean,
) {
  return lessons.map(({ leaders, reflection, ...lesson }) => ({
    ...lesson,
    reflection: showNames ? reflection : "",
    leaderCount: leaders.length,
    classNotYounger: classNotYounger(lesson, leaders),
    leaders: showNames ? leaders.map((l) => l.displayName).sort((a, b) => a.localeCompare(b, "en-GB")) : [],
  }));
}

/** A lesson of the MVP lead's own school, for changing it; 404 otherwise. */
export async function getLessonForRecording(actor: Actor, lessonId: string) {
  return (await findLessonForRecording(actor, lessonId)) ?? notFound("lesson");
}

/** As `getLessonForRecording`, with null for a lesson not there. Throws a 403 response unless the actor records MVP for a school. */
async function findLessonForRecording(actor: Actor, lessonId: string) {
  const lesson = await prisma.mentorLesson.findFirst({
    where: { id: lessonId, schoolId: recordingSchoolId(actor) },
    include: { leaders: { select: { mentorId: true } } },
  });
  return lesson ? { ...lesson, mentorIds: lesson.leaders.map((l) => l.mentorId) } : null;
}

/**
 * Checks the chosen mentors belong to this school, to a cohort of the lesson's year or the year before, and
 * were not withdrawn by the lesson date; returns the warnings (too few leaders, a leader not yet trained, a
 * leader in the class's year group or below it), and whether any of their cohorts' names
 * have been removed (the lesson then keeps no reflection).
 */
async function checkLeaders(tx: Tx, schoolId: string, mentorIds: string[], deliveredOn: Date, classYearGroup: number) {
  const unique = [...new Set(mentorIds)];
  const [mentors, curriculum] = await Promise.all([
    tx.mentor.findMany({
      where: { id: { in: unique }, cohort: { schoolId } },
      select: { ...mentorWithTraining, completions: { select: { moduleId: true, completedAt: true } } },
    }),
    listCurriculum(tx),
  ]);
  // Ids of another school's mentors are refused outright, never linked.
  if (mentors.length !== unique.length) return { ok: false as const, message: "Select mentors from your school's list" };
  // A cohort's mentors lead lessons in its academic year and the next (mentorOptions); a lesson outside those contradicts their cohort's year.
  const lessonYear = academicYearOf(deliveredOn);
  const otherYear = mentors.find((m) => lessonYear < m.cohort.academicYear || lessonYear > m.cohort.academicYear + 1);
  if (otherYear) {
    const cohortYear = otherYear.cohort.academicYear;
    return {
      ok: false as const,
      message: `${otherYear.displayName} is in the ${formatAcademicYear(cohortYear)} cohort, whose mentors lead lessons in ${formatAcademicYear(cohortYear)} and ${formatAcademicYear(cohortYear + 1)}, not on ${formatDate(deliveredOn)}`,
    };
  }
  // A mentor who stopped on the day of a lesson led it first: only a day before the lesson's is refused.
  const withdrawn = mentors.find((m) => m.withdrawnOn && m.withdrawnOn < deliveredOn);
  if (withdrawn) {
    return { ok: false as const, message: `${withdrawn.displayName} stopped being a mentor on ${formatDate(withdrawn.withdrawnOn!)}, before this lesson` };
  }
  const warnings: string[] = [];
  if (unique.length < RECOMMENDED_LEADERS) {
    warnings.push(`Only ${counted(unique.length, "mentor")} led this lesson: at least ${RECOMMENDED_LEADERS} are recommended.`);
  }
  // Mentors lead lessons for younger pupils: a mentor's year group moves up with each academic year after
  // their cohort's, so a Year 10 mentor of last year's cohort is in Year 11 now.
  const notOlder = mentors.filter((m) => mentorYearGroupIn(m, lessonYear) <= classYearGroup);
  if (notOlder.length > 0) {
    const names = notOlder.map((m) => `${m.displayName} (Year ${mentorYearGroupIn(m, lessonYear)})`).join(", ");
    warnings.push(
      `The class is in Year ${classYearGroup}, and ${names} ${notOlder.length === 1 ? "is not older" : "are not older"}: MVP lessons are for younger pupils.`,
    );
  }
  // Trained by the lesson's day: modules completed after it do not count for it (decision 0066).
  const lessonDay = londonDateInputValue(deliveredOn);
  const untrained = mentors.filter((m) => !trainedOn(m.completions, curriculum, lessonDay));
  if (untrained.length > 0) {
    const names = untrained.map((m) => m.displayName).join(", ");
    warnings.push(`${names} had not finished training by ${formatDate(deliveredOn)}, the day of this lesson.`);
  }
  // A lesson led by mentors whose names have gone keeps no reflection, as their earlier lessons keep none (removeNamesInCohort).
  const namesRemoved = mentors.some((m) => m.cohort.namesRemovedAt);
  return { ok: true as const, mentorIds: unique, warnings, namesRemoved };
}

function lessonData(input: LessonInput) {
  const deliveredOn = londonDayStart(input.deliveredOn);
  return {
    deliveredOn,
    academicYear: academicYearOf(deliveredOn),
    className: input.className,
    classKey: classNameKey(input.className),
    yearGroup: input.yearGroup,
    pupilsPresent: input.pupilsPresent,
    topic: input.topic,
    reflection: input.reflection ?? "",
  };
}

type LessonData = ReturnType<typeof lessonData>;
type CheckedLeaders = { namesRemoved: boolean; warnings: string[] };

/**
 * A lesson's leader rows, each with the lesson's school and academic year (copied, decision 0203): written with
 * the lesson, and again with any change to it, as its leaders are deleted and written anew.
 */
function leaderRows(mentorIds: readonly string[], schoolId: string, academicYear: number) {
  return mentorIds.map((mentorId) => ({ mentorId, schoolId, academicYear }));
}

/** The lesson as saved: without its reflection when any leader's name has been removed. */
function keptData(data: LessonData, leaders: CheckedLeaders): LessonData {
  return leaders.namesRemoved ? { ...data, reflection: "" } : data;
}

/** The warnings to show, saying so when a reflection that was written was not kept. */
function keptWarnings(data: LessonData, leaders: CheckedLeaders): string[] {
  const dropped = leaders.namesRemoved && data.reflection !== "";
  return dropped
    ? [...leaders.warnings, "The reflection was not kept: some of these mentors' names have been removed, and their lessons keep no reflection."]
    : leaders.warnings;
}

function describe(data: LessonData, leaders: number) {
  return `${data.className} (Year ${data.yearGroup}) on ${formatDate(data.deliveredOn)}: ${counted(data.pupilsPresent, "pupil")}, ${counted(leaders, "mentor")}`;
}

/**
 * Records a mentor-led lesson at the actor's school (an MVP lead's), with its academic year and any
 * warnings about its mentors; or the refusal by its field. The same form sent again (`input.formToken`: a
 * double click, a second tab, a retry) records nothing more and returns the lesson the first sending
 * recorded, with `repeat` (decision 0147); a 404 response when that lesson is not the actor's school's now.
 * Sent again with other details, it is refused whole (SentWithOtherDetails, decision 0178).
 */
export async function createLesson(actor: Actor, input: LessonInput): Promise<LessonResult | SentWithOtherDetails> {
  const schoolId = recordingSchoolId(actor);
  const data = lessonData(input);
  const once = await saveOnce(input.formToken, "MentorLesson", input, (note) => recordNewLesson(actor, schoolId, input, data, note));
  // The year of the lesson the first sending recorded, which the page goes back to: the school's own, or a 404
  // for a token a form at another school used.
  return answerSentBefore(once, {
    find: (ids) =>
      prisma.mentorLesson.findFirst({ where: { id: ids[0], schoolId }, select: { id: true, academicYear: true, className: true, deliveredOn: true } }),
    what: "lesson",
    repeat: (first): LessonResult => ({ ok: true, id: first.id, academicYear: first.academicYear, warnings: [], repeat: true }),
    made: (first) => `the lesson for ${first.className} on ${formatDate(first.deliveredOn)} recorded`,
  });
}

async function recordNewLesson(
  actor: Actor,
  schoolId: string,
  input: LessonInput,
  data: LessonData,
  note: (tx: Prisma.TransactionClient, ids: string[]) => Promise<void>,
): Promise<LessonResult> {
  return prisma.$transaction(async (tx) => {
    const outside = await dayOutsideSchoolDays(tx, schoolId, data.deliveredOn, "a lesson", { called: "Your school" });
    if (outside) return { ok: false, field: "deliveredOn", message: outside };
    const leaders = await checkLeaders(tx, schoolId, input.mentorIds, data.deliveredOn, data.yearGroup);
    if (!leaders.ok) return { ok: false, field: "mentorIds", message: leaders.message };
    const lesson = await tx.mentorLesson
      .create({ data: { ...keptData(data, leaders), schoolId, leaders: { create: leaderRows(leaders.mentorIds, schoolId, data.academicYear) } } })
      .catch(notFoundIfGone("mentor"));
    await recordAudit(
      {
        actor: actor,
        action: "create",
        entityType: "MentorLesson",
        entityId: lesson.id,
        summary: `Recorded a mentor-led lesson for ${describe(data, leaders.mentorIds.length)}`,
      },
      tx,
    );
    await note(tx, [lesson.id]);
    return { ok: true, id: lesson.id, academicYear: data.academicYear, warnings: keptWarnings(data, leaders) };
  });
}

/** A lesson's fields its form changes, by their labels there, in its order (decision 0148); `mentorIds` sorted. */
const LESSON_FORM_FIELDS = {
  deliveredOn: "Date of the lesson",
  className: "Class",
  yearGroup: "Year group of the class",
  pupilsPresent: "Pupils present",
  mentorIds: "Mentors who led the lesson",
  topic: "Scenario or topic",
  reflection: "Reflection",
} as const;

/** The fingerprint of a lesson as its page shows it (editVersion), with the ids of the mentors who led it. Pure: it was read for an actor already. */
export function lessonVersion(lesson: Record<Exclude<keyof typeof LESSON_FORM_FIELDS, "mentorIds">, unknown> & { mentorIds: readonly string[] }): string {
  return editVersion({ ...lesson, mentorIds: [...lesson.mentorIds].sort() }, Object.keys(LESSON_FORM_FIELDS));
}

/**
 * Changes a lesson and who led it; `changed` is false, with nothing written, when the form gave it as it
 * was. With `input.version`, the fingerprint its page showed (lessonVersion), a change after another
 * changed the lesson is refused with `changedMeanwhile` (decision 0148).
 */
export async function updateLesson(actor: Actor, lessonId: string, input: LessonInput): Promise<LessonChangeResult | ChangedMeanwhile> {
  const existing = await getLessonForRecording(actor, lessonId);
  const data = lessonData(input);
  return prisma.$transaction(async (tx) => {
    // A day saved before the school's days were known is checked only when it is changed (decision 0116).
    const moved = existing.deliveredOn.getTime() !== data.deliveredOn.getTime();
    const outside = moved ? await dayOutsideSchoolDays(tx, existing.schoolId, data.deliveredOn, "a lesson", { called: "Your school" }) : null;
    if (outside) return { ok: false, field: "deliveredOn", message: outside };
    const leaders = await checkLeaders(tx, existing.schoolId, input.mentorIds, data.deliveredOn, data.yearGroup);
    if (!leaders.ok) return { ok: false, field: "mentorIds", message: leaders.message };
    const current = (await tx.mentorLesson.findUnique({ where: { id: existing.id }, include: { leaders: true } })) ?? notFound("lesson");
    const sameLeaders =
      current.leaders
        .map((l) => l.mentorId)
        .sort()
        .join() === [...leaders.mentorIds].sort().join();
    if (sameLeaders && sameAsStored(current, keptData(data, leaders))) {
      return { ok: true, id: existing.id, academicYear: data.academicYear, warnings: keptWarnings(data, leaders), changed: false };
    }
    const storedLeaders = current.leaders.map((l) => l.mentorId).sort();
    const stale = changedMeanwhile(
      { ...current, mentorIds: storedLeaders },
      { ...keptData(data, leaders), mentorIds: [...leaders.mentorIds].sort() },
      LESSON_FORM_FIELDS,
      input.version,
    );
    if (stale) return stale;
    await tx.mentorLessonLeader.deleteMany({ where: { lessonId: existing.id } });
    await tx.mentorLesson
      .update({
        where: { id: existing.id },
        data: { ...keptData(data, leaders), leaders: { create: leaderRows(leaders.mentorIds, existing.schoolId, data.academicYear) } },
      })
      .catch(notFoundIfGone("lesson"));
    await recordAudit(
      {
        actor: actor,
        action: "update",
        entityType: "MentorLesson",
        entityId: existing.id,
        summary: `Changed the mentor-led lesson for ${describe(data, leaders.mentorIds.length)}`,
      },
      tx,
    );
    return { ok: true, id: existing.id, academicYear: data.academicYear, warnings: keptWarnings(data, leaders), changed: true };
  });
}

/**
 * Deletes a lesson of the MVP lead's school, returning what it was. A lesson deleted before at the school,
 * as by the same press sent again, is answered `AlreadyDeleted`, with nothing written (alreadyDeleted); a
 * 404 for one that never was, or not the school's. Throws a 403 response unless the actor records MVP for
 * a school.
 */
export async function deleteLesson(
  actor: Actor,
  lessonId: string,
): Promise<{ ok: true; unchanged: false; academicYear: number; className: string } | AlreadyDeleted> {
  // Only the actor's own school's (a 403 for anyone who does not record MVP for one).
  const existing = await findLessonForRecording(actor, lessonId);
  if (!existing) return alreadyDeleted(actor, "MentorLesson", lessonId, "lesson");
  return prisma.$transaction(async (tx) => {
    const gone = await deleteLogged(actor, tx, {
      entityType: "MentorLesson",
      entityId: existing.id,
      what: "lesson",
      summary: `Deleted the mentor-led lesson for ${existing.className} on ${formatDate(existing.deliveredOn)}`,
      remove: () => tx.mentorLesson.deleteMany({ where: { id: existing.id } }),
    });
    return gone ?? { ok: true as const, unchanged: false as const, academicYear: existing.academicYear, className: existing.className };
  });
}
