/**
 * A cohort's training sessions: the days its mentors were (or will be) trained, as London calendar
 * days, kept by the school's MVP lead. Completions ticked on the grid can be dated to one of them, so
 * "trained by the day of a lesson" can be answered (decisions 0065 and 0066).
 */
import type { Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { dateProblem } from "~/lib/date-fields";
import { formatDate, londonDayStart } from "~/lib/dates";
import { cohortLabel } from "~/lib/mvp";
import { cohortTrainingWindow } from "~/lib/mvp-schemas";
import { trainingDaysFromText } from "~/lib/training-dates-text";
import { recordAudit } from "./audit.server";
import { notFoundIfGone } from "./db-errors.server";
import { getCohortForRecording } from "./mvp-cohorts.server";
import { dayOutsideSchoolDays } from "./school-records.server";
import { sentAlready } from "~/lib/sent-once";
import { answerSentBefore, saveOnce, type SentWithOtherDetails } from "./sent-forms.server";
import { counted } from "~/lib/numbers";

type Result = { ok: true; message: string } | { ok: false; field: string; message: string };

/**
 * One session to add: `heldOn` is "YYYY-MM-DD" (already read by the form's schema), `note` may be "";
 * `formToken` is the cohort page's token for its form (decision 0147), none from a caller in code.
 */
export type TrainingSessionInput = { heldOn: string; note: string; formToken?: string };

const COHORT_CHANGED = "This cohort has just been changed. Nothing was saved: check its year and notes, and try again.";

/**
 * The cohort's year and training-date notes as the saving transaction sees them, and whether its year,
 * which a new training day's window comes from, is not the one read before it (a change of the cohort
 * saved a moment before). Null for a cohort deleted meanwhile: the write's failure is then its 404.
 */
async function cohortNow(tx: Prisma.TransactionClient, seen: { id: string; academicYear: number }) {
  const now = await tx.mentorCohort.findUnique({ where: { id: seen.id }, select: { academicYear: true, trainingDates: true } });
  return now && { ...now, yearChanged: now.academicYear !== seen.academicYear };
}

/**
 * Adds a training day to a cohort of the MVP lead's own school (404 for any other). Refuses, by the
 * date field, a day outside the cohort's window (see `cohortTrainingWindow`) or one already listed. The
 * same form sent again (`input.formToken`: a double click, a second tab, a retry) adds nothing more and
 * says which day the first sending added, with `repeat` (decision 0147); 404 when that day is not this
 * cohort's now. Sent again with other details, it is refused whole (SentWithOtherDetails, decision 0178).
 */
export async function addTrainingSession(
  actor: Actor,
  cohortId: string,
  input: TrainingSessionInput,
): Promise<(Result & { repeat?: true }) | SentWithOtherDetails> {
  const cohort = await getCohortForRecording(actor, cohortId);
  const problem = dateProblem("date of the training session", input.heldOn, cohortTrainingWindow(cohort.academicYear));
  if (problem) return { ok: false, field: "heldOn", message: problem };
  const once = await saveOnce(input.formToken, "MentorTrainingSession", { cohortId: cohort.id, ...input }, (note) =>
    addTrainingSessionOnce(actor, cohort, input, note),
  );
  // The first sending's day, if it is still one of this cohort's, of the actor's school (else a 404).
  const day = (first: { heldOn: Date }) => `the training session on ${formatDate(first.heldOn)} added`;
  return answerSentBefore(once, {
    find: (ids) => prisma.mentorTrainingSession.findFirst({ where: { id: ids[0], cohortId: cohort.id }, select: { heldOn: true } }),
    what: "training session",
    repeat: (first) => ({ ok: true as const, message: sentAlready(day(first)), repeat: true as const }),
    made: day,
  });
}

/** addTrainingSession's transaction: the day checked, added, audited and noted as the form's (`note`). */
function addTrainingSessionOnce(
  actor: Actor,
  cohort: Awaited<ReturnType<typeof getCohortForRecording>>,
  input: TrainingSessionInput,
  note: (tx: Prisma.TransactionClient, ids: string[]) => Promise<void>,
): Promise<Result> {
  const heldOn = londonDayStart(input.heldOn);
  return prisma.$transaction(async (tx) => {
    if ((await cohortNow(tx, cohort))?.yearChanged) return { ok: false, field: "heldOn", message: COHORT_CHANGED };
    const outside = await dayOutsideSchoolDays(tx, cohort.schoolId, heldOn, "a training session", { called: "Your school" });
    if (outside) return { ok: false, field: "heldOn", message: outside };
    if (await tx.mentorTrainingSession.findUnique({ where: { cohortId_heldOn: { cohortId: cohort.id, heldOn } } })) {
      return { ok: false, field: "heldOn", message: `${formatDate(heldOn)} is already a training session of this cohort` };
    }
    const created = await tx.mentorTrainingSession.create({ data: { cohortId: cohort.id, heldOn, note: input.note } }).catch(notFoundIfGone("mentor cohort"));
    await recordAudit(
      {
        actor,
        action: "create",
        entityType: "MentorCohort",
        entityId: cohort.id,
        summary: `Added a training session on ${formatDate(heldOn)} to the MVP mentor cohort ${cohortLabel(cohort)}`,
      },
      tx,
    );
    await note(tx, [created.id]);
    return { ok: true, message: `Training session on ${formatDate(heldOn)} added` };
  });
}

/**
 * Removes a training day. Completions dated to it keep their date: they record when the modules were
 * done, which stays true. 404 for a cohort not of this lead's school; a session not in the cohort (removed
 * already, or another cohort's) changes nothing, and the message says so.
 */
export async function removeTrainingSession(actor: Actor, cohortId: string, sessionId: string): Promise<{ ok: true; message: string }> {
  const cohort = await getCohortForRecording(actor, cohortId);
  return prisma.$transaction(async (tx) => {
    const session = await tx.mentorTrainingSession.findFirst({ where: { id: sessionId, cohortId: cohort.id } });
    // Removed already (a second press), or never this cohort's (an edited form): either way, not here.
    if (!session) return { ok: true, message: "That training session is not in this cohort's list now, so nothing was removed" };
    await tx.mentorTrainingSession.delete({ where: { id: session.id } });
    await recordAudit(
      {
        actor,
        action: "delete",
        entityType: "MentorCohort",
        entityId: cohort.id,
        summary: `Removed the training session on ${formatDate(session.heldOn)} from the MVP mentor cohort ${cohortLabel(cohort)}`,
      },
      tx,
    );
    return { ok: true, message: `Training session on ${formatDate(session.heldOn)} removed` };
  });
}

/**
 * Turns the cohort's notes on training, written before days were dates, into training sessions, then
 * clears the notes. All or nothing: when the text does not read as dates for certain, or a day falls
 * outside the cohort's window or the school's days (dayOutsideSchoolDays), nothing changes and the
 * message says why.
 */
export async function addNotedTrainingDays(actor: Actor, cohortId: string): Promise<{ ok: true; message: string } | { ok: false; message: string }> {
  const cohort = await getCohortForRecording(actor, cohortId);
  const days = trainingDaysFromText(cohort.trainingDates);
  if (!days) {
    return { ok: false, message: `“${cohort.trainingDates}” could not be read as dates. Add each training day below, then change the cohort's notes.` };
  }
  const window = cohortTrainingWindow(cohort.academicYear);
  const outside = days.find((day) => day < window.earliest || day > window.latest);
  if (outside) {
    return {
      ok: false,
      message: `${formatDate(outside)} is outside this cohort's year (${formatDate(window.earliest)} to ${formatDate(window.latest)}). Add the right days below, then change the cohort's notes.`,
    };
  }
  return prisma.$transaction(async (tx) => {
    const now = await cohortNow(tx, cohort);
    if (now?.yearChanged) return { ok: false as const, message: COHORT_CHANGED };
    // The same button pressed twice: the first press added the days and cleared the notes.
    if (now && now.trainingDates === "") return { ok: true as const, message: "The training days in the cohort's notes were already added" };
    if (now && now.trainingDates !== cohort.trainingDates) return { ok: false as const, message: COHORT_CHANGED };
    // The earliest day and the latest are the ones that could fall outside the school's days.
    const sorted = days.map(londonDayStart).sort((a, b) => a.getTime() - b.getTime());
    for (const day of new Set([sorted[0]!, sorted.at(-1)!])) {
      const outside = await dayOutsideSchoolDays(tx, cohort.schoolId, day, "a training session", { called: "Your school" });
      if (outside)
        return {
          ok: false as const,
          message: `${outside}. Add the right days below, then change the cohort's notes; if your school's dates are wrong, ask the VRN schools lead to correct them.`,
        };
    }
    const existing = await tx.mentorTrainingSession.findMany({ where: { cohortId: cohort.id }, select: { heldOn: true } });
    const have = new Set(existing.map((s) => s.heldOn.getTime()));
    const toAdd = days.map(londonDayStart).filter((day) => !have.has(day.getTime()));
    // The cohort first: one deleted a moment before is then the 404 of a missing cohort.
    await tx.mentorCohort.update({ where: { id: cohort.id }, data: { trainingDates: "" } }).catch(notFoundIfGone("mentor cohort"));
    await tx.mentorTrainingSession.createMany({ data: toAdd.map((heldOn) => ({ cohortId: cohort.id, heldOn })) });
    await recordAudit(
      {
        actor,
        action: "update",
        entityType: "MentorCohort",
        entityId: cohort.id,
        summary: `Added ${counted(toAdd.length, "training session")} to the MVP mentor cohort ${cohortLabel(cohort)} from its notes “${cohort.trainingDates}”`,
      },
      tx,
    );
    return { ok: true, message: notedDaysAdded(toAdd.length, days.length - toAdd.length) };
  });
}

/**
 * What adding the days in a cohort's notes did, in words: how many days were added, and how many of the
 * notes' days were training sessions already and so were not added again (the notes are cleared either way).
 */
function notedDaysAdded(added: number, listedAlready: number): string {
  if (listedAlready === 0) return `${counted(added, "training day")} added from the cohort's notes`;
  if (added === 0) {
    return listedAlready === 1
      ? "No training day added: the day in the cohort's notes was already a training session, and the notes were cleared"
      : `No training day added: all ${listedAlready} days in the cohort's notes were already training sessions, and the notes were cleared`;
  }
  const already = listedAlready === 1 ? "1 was already a training session" : `${listedAlready} were already training sessions`;
  return `${counted(added, "training day")} added from the cohort's notes; ${already}`;
}
