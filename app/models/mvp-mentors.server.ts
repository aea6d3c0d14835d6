/**
 * Pupil mentors. They are children: we keep a first name and initial or a pseudonym, a year group and
 * an optional gender, and nothing else. Audit entries say what changed without repeating the name, so
 * the names can be removed for good when the retention period ends.
 */
import { sameAsStored } from "~/lib/same-as-stored";
import type { Actor } from "~/auth/actor";
import type { z } from "zod";
import { prisma } from "~/db.server";
import { nameKey } from "~/lib/text-fields";
import type { Prisma } from "~/generated/prisma/client";
import { formatAcademicYear } from "~/lib/academic-year";
import { formatDate, londonDayStart } from "~/lib/dates";
import { londonDateInputValue } from "~/lib/london-time";
import { counted } from "~/lib/numbers";
import { cohortLabel } from "~/lib/mvp";
import { checkMentorList, cohortFull, type RefusedLine } from "~/lib/mentor-list";
import { cohortTrainingWindow, type mentorListSchema, type mentorSchema } from "~/lib/mvp-schemas";
import { notFound } from "~/lib/responses.server";
import { changedMeanwhile, editVersion, type ChangedMeanwhile } from "./edit-versions.server";
import { alreadyDeleted, deleteLogged, recordAudit, type AlreadyDeleted } from "./audit.server";
import { notFoundIfGone } from "./db-errors.server";
import { recordingSchoolId } from "./mvp-access.server";
import { getCohortForRecording } from "./mvp-cohorts.server";
import { answerSentBefore, saveOnce, type SentWithOtherDetails } from "./sent-forms.server";

export type MentorInput = z.infer<typeof mentorSchema>;
type MentorListInput = z.infer<typeof mentorListSchema>;
type Tx = Prisma.TransactionClient;
type Result = { ok: true; changed?: boolean } | { ok: false; field?: string; message: string };

const NAMES_REMOVED = "Mentors' names in this cohort have been removed under the data retention rule, so they cannot be changed.";

/** A mentor of the MVP lead's own school; 404 for anyone else's. */
export async function getMentor(actor: Actor, mentorId: string) {
  return (await findMentor(actor, mentorId)) ?? notFound("mentor");
}

/** As `getMentor`, with null for a mentor not there. Throws a 403 response unless the actor records MVP for a school. */
async function findMentor(actor: Actor, mentorId: string) {
  const mentor = await prisma.mentor.findFirst({
    where: { id: mentorId, cohort: { schoolId: recordingSchoolId(actor) } },
    include: { cohort: true, _count: { select: { lessons: true, completions: true } } },
  });
  return mentor ? { ...mentor, cohortLabel: cohortLabel(mentor.cohort) } : null;
}

const DUPLICATE = "Another mentor in this cohort has that name. Add a second letter, like “Aisha Kh.”, or use a pseudonym";

/**
 * Why the cohort cannot take this name now, or null: it is gone, its names removed, or another mentor has
 * it (in any case). Read inside the saving transaction, so a mentor or a removal saved a moment before counts.
 */
async function nameRefusal(tx: Prisma.TransactionClient, cohortId: string, displayName: string, exceptId?: string) {
  const cohort = await tx.mentorCohort.findUnique({ where: { id: cohortId }, select: { namesRemovedAt: true } });
  if (!cohort) return { ok: false as const, message: "This cohort has just been deleted by someone else, so nothing was saved" };
  if (cohort.namesRemovedAt) return { ok: false as const, message: NAMES_REMOVED };
  const others = await tx.mentor.findMany({ where: { cohortId, id: exceptId ? { not: exceptId } : undefined }, select: { displayName: true } });
  const wanted = nameKey(displayName);
  return others.some((m) => nameKey(m.displayName) === wanted) ? { ok: false as const, field: "displayName", message: DUPLICATE } : null;
}

/** What adding one mentor did: the name added, with `repeat` when an earlier sending of the form added it; or the refusal. */
type AddMentorResult = { ok: true; displayName: string; repeat?: true } | { ok: false; field?: string; message: string };

/**
 * Adds one mentor to the MVP lead's own cohort; refused for a name the cohort already has, in any case, and
 * once the cohort has MAX_MENTORS_PER_COHORT (`cohortFull`).
 * The same form sent again (`input.formToken`: a double click, a second tab, a retry) adds nothing more
 * and returns the name the first sending added, with `repeat` (decision 0147); 404 when that mentor is not
 * in this cohort now. Sent again with other details (another name, say), it is refused whole
 * (SentWithOtherDetails, decision 0178).
 */
export async function addMentor(actor: Actor, cohortId: string, input: MentorInput): Promise<AddMentorResult | SentWithOtherDetails> {
  const cohort = await getCohortForRecording(actor, cohortId);
  if (cohort.namesRemovedAt) return { ok: false, message: NAMES_REMOVED };
  const once = await saveOnce(input.formToken, "Mentor", { cohortId: cohort.id, ...input }, (note) => addMentorOnce(actor, cohort, input, note));
  // The first sending's mentor, if it is still in this cohort of the actor's school (else a 404).
  return answerSentBefore(once, {
    find: (ids) => prisma.mentor.findFirst({ where: { id: ids[0], cohortId: cohort.id }, select: { displayName: true } }),
    what: "mentor",
    repeat: (first) => ({ ok: true as const, displayName: first.displayName, repeat: true as const }),
    made: (first) => `${first.displayName} added to the cohort`,
  });
}

type Note = (tx: Tx, ids: string[]) => Promise<void>;
type RecordingCohort = Awaited<ReturnType<typeof getCohortForRecording>>;

/** addMentor's transaction: the name checked, the mentor made, audited and noted as the form's (`note`). */
function addMentorOnce(actor: Actor, cohort: RecordingCohort, input: MentorInput, note: Note): Promise<AddMentorResult> {
  return prisma.$transaction(async (tx) => {
    const refused = await nameRefusal(tx, cohort.id, input.displayName);
    if (refused) return refused;
    // Counted in the transaction that writes, which holds the write lock: two sent at once cannot both fit.
    const full = cohortFull(await tx.mentor.count({ where: { cohortId: cohort.id } }), 1);
    if (full) return { ok: false as const, message: full };
    const created = await tx.mentor
      .create({ data: { cohortId: cohort.id, displayName: input.displayName, yearGroup: input.yearGroup, gender: input.gender ?? null } })
      .catch(notFoundIfGone("mentor cohort"));
    await recordAudit(
      {
        actor: actor,
        action: "create",
        entityType: "Mentor",
        entityId: created.id,
        summary: `Added a Year ${input.yearGroup} mentor to the MVP cohort ${cohortLabel(cohort)}`,
      },
      tx,
    );
    await note(tx, [created.id]);
    return { ok: true as const, displayName: created.displayName };
  });
}

/** What a paste did: every name added (with `repeat` when an earlier sending of the form added them), or (nothing saved) the lines refused and why. */
export type MentorListResult = { ok: true; added: number; repeat?: true } | { ok: false; refused: RefusedLine[]; message?: string };

/**
 * Adds the mentors pasted one per line, all in `yearGroup`, or none of them when any line is refused
 * (`checkMentorList`: the name rule, duplicates within the list and with the cohort's mentors, and more than the
 * cohort has room for). The same
 * form sent again (`input.formToken`) adds nothing more and returns how many the first sending added,
 * with `repeat` (decision 0147); 404 when none of them is in this cohort now. Sent again with other details,
 * it is refused whole (SentWithOtherDetails, decision 0178).
 */
export async function addMentors(actor: Actor, cohortId: string, input: MentorListInput): Promise<MentorListResult | SentWithOtherDetails> {
  const cohort = await getCohortForRecording(actor, cohortId);
  if (cohort.namesRemovedAt) return { ok: false, refused: [], message: NAMES_REMOVED };
  const once = await saveOnce(input.formToken, "Mentor", { cohortId: cohort.id, ...input }, (note) => addMentorsOnce(actor, cohort, input, note));
  // The first sending's mentors, if they are still in this cohort of the actor's school (else a 404).
  return answerSentBefore(once, {
    find: async (ids) => ((await prisma.mentor.count({ where: { id: { in: ids }, cohortId: cohort.id } })) > 0 ? ids.length : null),
    what: "mentor",
    repeat: (added) => ({ ok: true as const, added, repeat: true as const }),
    made: (added) => `${counted(added, "mentor")} added to the cohort`,
  });
}

/** addMentors' transaction: the list checked against the cohort, its mentors made, audited and noted as the form's (`note`). */
function addMentorsOnce(actor: Actor, cohort: RecordingCohort, input: MentorListInput, note: Note): Promise<MentorListResult> {
  return prisma.$transaction(async (tx) => {
    // Read inside the transaction, so a mentor added meanwhile counts as a duplicate.
    const existing = await tx.mentor.findMany({ where: { cohortId: cohort.id }, select: { displayName: true } });
    const { names, refused } = checkMentorList(
      input.names,
      existing.map((m) => m.displayName),
    );
    // A list too long is refused whole (line 0), not line by line: said as it is, not as "1 line could not be added".
    const wholeList = refused.find((r) => r.line === 0);
    if (wholeList) return { ok: false as const, refused: [], message: `${wholeList.reason}. No mentors were added` };
    if (refused.length > 0) return { ok: false as const, refused };
    await tx.mentor
      .createMany({ data: names.map((displayName) => ({ cohortId: cohort.id, displayName, yearGroup: input.yearGroup })) })
      .catch(notFoundIfGone("mentor cohort"));
    await recordAudit(
      {
        actor,
        action: "create",
        entityType: "MentorCohort",
        entityId: cohort.id,
        summary: `Added ${counted(names.length, `Year ${input.yearGroup} mentor`)} to the MVP cohort ${cohortLabel(cohort)}`,
      },
      tx,
    );
    // The mentors just made: no other in the cohort has any of these names (checkMentorList).
    const made = await tx.mentor.findMany({ where: { cohortId: cohort.id, displayName: { in: names } }, select: { id: true } });
    await note(
      tx,
      made.map((m) => m.id),
    );
    return { ok: true as const, added: names.length };
  });
}

/** A mentor's fields their form changes, by their labels there, in its order (decision 0148). */
const MENTOR_FORM_FIELDS = { displayName: "First name and initial, or a pseudonym", yearGroup: "Year group", gender: "Gender" } as const;

/** The fingerprint of a mentor's details as their page shows them (editVersion). Pure: the mentor was read for an actor already. */
export function mentorVersion(mentor: Record<keyof typeof MENTOR_FORM_FIELDS, unknown>): string {
  return editVersion(mentor, Object.keys(MENTOR_FORM_FIELDS));
}

/**
 * Changes a mentor's name, year group or gender; refused for a name another mentor in the cohort has.
 * `changed` is false, with nothing written, when the form gave the details as they were. With `input.version`, the fingerprint their page showed (mentorVersion), a change after another
 * changed the mentor is refused with `changedMeanwhile` (decision 0148).
 */
export async function updateMentor(actor: Actor, mentorId: string, input: MentorInput): Promise<Result | ChangedMeanwhile> {
  const mentor = await getMentor(actor, mentorId);
  if (mentor.cohort.namesRemovedAt) return { ok: false, message: NAMES_REMOVED };
  const data = { displayName: input.displayName, yearGroup: input.yearGroup, gender: input.gender ?? null };
  return prisma.$transaction(async (tx) => {
    const current = await tx.mentor.findUnique({ where: { id: mentor.id }, select: { displayName: true, yearGroup: true, gender: true } });
    // The details as they are (a second tab that made the same change): nothing to write or audit.
    if (current && sameAsStored(current, data)) return { ok: true as const, changed: false };
    const stale = current && changedMeanwhile(current, data, MENTOR_FORM_FIELDS, input.version);
    if (stale) return stale;
    const refused = await nameRefusal(tx, mentor.cohortId, input.displayName, mentor.id);
    if (refused) return refused;
    const { count } = await tx.mentor.updateMany({ where: { id: mentor.id }, data });
    if (count === 0) return { ok: false as const, message: "This mentor has just been deleted by someone else, so nothing was saved" };
    await recordAudit(
      {
        actor: actor,
        action: "update",
        entityType: "Mentor",
        entityId: mentor.id,
        summary: `Changed a mentor's details in the MVP cohort ${mentor.cohortLabel}`,
      },
      tx,
    );
    return { ok: true as const, changed: true };
  });
}

/**
 * A withdrawn mentor stays in the figures for what they did; they just stop being offered for lessons.
 * The day they stopped (`withdrawnOnIso`, "YYYY-MM-DD") must agree with what is recorded of them: not in
 * the future, not before their cohort's training could begin (its academic year's window), not before
 * a training module they completed, and after the last lesson they led (a lesson on the day they stopped
 * is refused too).
 */
export async function withdrawMentor(
  actor: Actor,
  mentorId: string,
  withdrawnOnIso: string,
  now = new Date(),
): Promise<{ ok: true; cohortId: string; displayName: string } | { ok: false; field: "withdrawnOn"; message: string; alreadyWithdrawn?: true }> {
  const mentor = await getMentor(actor, mentorId);
  const withdrawnOn = londonDayStart(withdrawnOnIso);
  return prisma.$transaction(async (tx) => {
    // As this transaction sees them: withdrawn, or their cohort moved to another year, a moment ago counts.
    const current = await tx.mentor.findUnique({ where: { id: mentor.id }, select: { withdrawnOn: true, cohort: { select: { academicYear: true } } } });
    if (!current) notFound("mentor");
    if (current.withdrawnOn) {
      const message = `${mentor.displayName} already stopped being a mentor on ${formatDate(current.withdrawnOn)}. To change that date, bring them back first.`;
      return { ok: false as const, field: "withdrawnOn" as const, message, alreadyWithdrawn: true as const };
    }
    const problem = await withdrawalProblem(tx, { ...mentor, cohort: current.cohort }, withdrawnOnIso, now);
    if (problem) return { ok: false as const, field: "withdrawnOn" as const, message: problem };
    await tx.mentor.update({ where: { id: mentor.id }, data: { withdrawnOn } }).catch(notFoundIfGone("mentor"));
    await recordAudit(
      {
        actor: actor,
        action: "withdraw",
        entityType: "Mentor",
        entityId: mentor.id,
        summary: `Withdrew a mentor from the MVP cohort ${mentor.cohortLabel} from ${formatDate(withdrawnOn)}`,
      },
      tx,
    );
    return { ok: true as const, cohortId: mentor.cohortId, displayName: mentor.displayName };
  });
}

/** What in the mentor's record contradicts their stopping on `day` ("YYYY-MM-DD"), or null. */
async function withdrawalProblem(tx: Tx, mentor: { id: string; displayName: string; cohort: { academicYear: number } }, day: string, now: Date) {
  if (day > londonDateInputValue(now)) return "The date the mentor stopped must be today or in the past";
  const window = cohortTrainingWindow(mentor.cohort.academicYear);
  if (day < window.earliest) {
    return `${mentor.displayName}'s cohort is ${formatAcademicYear(mentor.cohort.academicYear)}, whose training begins on ${formatDate(window.earliest)}: the date they stopped cannot be before that`;
  }
  const [lastLesson, lastCompletion] = await Promise.all([
    tx.mentorLesson.findFirst({ where: { leaders: { some: { mentorId: mentor.id } } }, orderBy: { deliveredOn: "desc" }, select: { deliveredOn: true } }),
    tx.moduleCompletion.findFirst({ where: { mentorId: mentor.id }, orderBy: { completedAt: "desc" }, select: { completedAt: true } }),
  ]);
  if (lastLesson && day < londonDateInputValue(lastLesson.deliveredOn)) {
    return `${mentor.displayName} led a lesson on ${formatDate(lastLesson.deliveredOn)}, so the date they stopped must be that day or later`;
  }
  if (lastCompletion && day < londonDateInputValue(lastCompletion.completedAt)) {
    return `${mentor.displayName} completed training on ${formatDate(lastCompletion.completedAt)}, so the date they stopped cannot be before that`;
  }
  return null;
}

/**
 * Brings back a withdrawn mentor. `changed` is false, with nothing written or audited, when they were not
 * withdrawn (brought back already, perhaps a moment before by the same change sent twice): twice at once
 * is one change, and the second is told nothing changed.
 */
export async function reinstateMentor(actor: Actor, mentorId: string) {
  const mentor = await getMentor(actor, mentorId);
  const changed = await prisma.$transaction(async (tx) => {
    // Only if still withdrawn: bringing back a mentor already back changes nothing and is not audited.
    const { count } = await tx.mentor.updateMany({ where: { id: mentor.id, withdrawnOn: { not: null } }, data: { withdrawnOn: null } });
    if (count === 0) {
      // Brought back a moment before, or deleted: the 404 of a mentor never there (decision 0118).
      if (!(await tx.mentor.findUnique({ where: { id: mentor.id }, select: { id: true } }))) notFound("mentor");
      return false;
    }
    await recordAudit(
      {
        actor: actor,
        action: "reinstate",
        entityType: "Mentor",
        entityId: mentor.id,
        summary: `Brought back a withdrawn mentor in the MVP cohort ${mentor.cohortLabel}`,
      },
      tx,
    );
    return true;
  });
  return { ...mentor, changed };
}

/**
 * For a mentor added by mistake. One who has led a lesson is part of the record: withdraw them instead. A
 * mentor deleted before at the lead's school, as by the same press sent again, is answered `AlreadyDeleted`,
 * with nothing written (alreadyDeleted); a 404 for one that never was, or not the school's. Throws a 403
 * response unless the actor records MVP for a school.
 */
export async function deleteMentor(
  actor: Actor,
  mentorId: string,
): Promise<{ ok: true; unchanged: false; cohortId: string } | AlreadyDeleted | { ok: false; message: string }> {
  // Only the actor's own school's (a 403 for anyone who does not record MVP for one).
  const mentor = await findMentor(actor, mentorId);
  if (!mentor) return alreadyDeleted(actor, "Mentor", mentorId, "mentor");
  return prisma.$transaction(async (tx) => {
    if ((await tx.mentorLessonLeader.count({ where: { mentorId: mentor.id } })) > 0) {
      return { ok: false as const, message: "This mentor has led lessons, so they cannot be deleted. Withdraw them instead." };
    }
    const gone = await deleteLogged(actor, tx, {
      entityType: "Mentor",
      entityId: mentor.id,
      what: "mentor",
      summary: `Deleted a mentor from the MVP cohort ${mentor.cohortLabel}`,
      remove: () => tx.mentor.deleteMany({ where: { id: mentor.id } }),
    });
    return gone ?? { ok: true as const, unchanged: false as const, cohortId: mentor.cohortId };
  });
}
