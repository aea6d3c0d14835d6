/**
 * The training grid: a cohort's mentors by the live modules, ticked when completed. Saving makes the
 * stored completions for the cells shown exactly the ticked set, adding and removing in one transaction,
 * so a whole training day is recorded with one save.
 */
import type { Actor } from "~/auth/actor";
import type { z } from "zod";
import { prisma } from "~/db.server";
import { formatDate } from "~/lib/dates";
import { londonDateInputValue } from "~/lib/london-time";
import { cohortLabel } from "~/lib/mvp";
import { counted } from "~/lib/numbers";
import type { trainingGridSchema } from "~/lib/mvp-schemas";
import { trainingProgress } from "~/models/mvp-training-rules";
import { recordAudit } from "./audit.server";
import { recountMentorsTrained } from "./tallies.server";

import { getCohortForRecording } from "./mvp-cohorts.server";
import { listCurriculum } from "./mvp-modules.server";

/** The grid as sent: its form always sends `shown`; without it, no box was shown ticked. */
export type TrainingGridInput = Omit<z.infer<typeof trainingGridSchema>, "shown"> & { shown?: string[] };

/** The value of one checkbox: which mentor completed which module. */
export function gridCell(mentorId: string, moduleId: string) {
  return `${mentorId}:${moduleId}`;
}

export async function getTrainingGrid(actor: Actor, cohortId: string) {
  const cohort = await getCohortForRecording(actor, cohortId);
  const [mentors, curriculum, sessions] = await Promise.all([
    prisma.mentor.findMany({
      where: { cohortId: cohort.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, displayName: true, yearGroup: true, withdrawnOn: true, completions: { select: { moduleId: true } } },
    }),
    listCurriculum(),
    pastSessions(cohort.id, new Date()),
  ]);
  const modules = curriculum.filter((m) => m.active);
  return {
    cohort: { id: cohort.id, label: cohortLabel(cohort), academicYear: cohort.academicYear },
    sessions,
    modules,
    mentors: mentors.map(({ completions, ...mentor }) => {
      const done = completions.map((c) => c.moduleId);
      return { ...mentor, done, progress: trainingProgress(done, curriculum) };
    }),
  };
}

/** The cohort's training sessions held by `now` (a tick cannot be dated to a day still to come), latest first. */
function pastSessions(cohortId: string, now: Date) {
  return prisma.mentorTrainingSession.findMany({
    where: { cohortId, heldOn: { lte: now } },
    orderBy: { heldOn: "desc" },
    select: { id: true, heldOn: true, note: true },
  });
}

/**
 * Why new ticks dated `completedAt` cannot be saved, or null: a mentor among `cells` ("mentorId:moduleId")
 * stopped before that London day. The withdrawal form refuses a date before the mentor's last completion
 * (mvp-mentors.server.ts), so the grid refuses the same record made the other way round; training on or
 * before the day they stopped (an earlier session chosen) can still be recorded.
 */
function trainingAfterWithdrawal(mentors: { id: string; displayName: string; withdrawnOn: Date | null }[], cells: string[], completedAt: Date): string | null {
  const day = londonDateInputValue(completedAt);
  const ticked = new Set(cells.map((cell) => cell.split(":")[0]));
  const stopped = mentors.find((m) => ticked.has(m.id) && m.withdrawnOn && londonDateInputValue(m.withdrawnOn) < day);
  if (!stopped?.withdrawnOn) return null;
  return `${stopped.displayName} stopped being a mentor on ${formatDate(stopped.withdrawnOn)}, so training on ${formatDate(completedAt)} cannot be recorded for them. Untick their new boxes, choose an earlier training session, or bring them back first. Nothing was saved.`;
}

/**
 * The grid's boxes named in `values` ("mentorId:moduleId"), of live modules only (a module retired since
 * the page loaded is left alone); null when one names a mentor or module the page did not show.
 */
function cellsOfGrid(values: string[], mentors: Set<string>, modules: Set<string>, liveModules: Set<string>): Set<string> | null {
  const cells = new Set<string>();
  for (const value of values) {
    const [mentorId = "", moduleId = "", ...rest] = value.split(":");
    if (rest.length > 0 || !mentors.has(mentorId) || !modules.has(moduleId)) return null;
    if (liveModules.has(moduleId)) cells.add(gridCell(mentorId, moduleId));
  }
  return cells;
}

type SaveResult = { ok: true; added: number; removed: number; trained: number; mentors: number } | { ok: false; message: string };

const TAMPERED = "The grid did not match this cohort. Reload the page and tick the boxes again.";

/**
 * Saves the grid: the boxes the person changed from those the page showed ticked (`input.shown`), so a
 * box another recorder ticked or cleared since is left as they left it; and, when `input.column` asks, a
 * whole module ticked or cleared as it stands now. New ticks are completed on the training session
 * `input.trainedAt` names (the start of that London day), or at `now` without one; ticks already saved
 * keep their day.
 * Refuses (nothing saved) a grid naming mentors or modules this cohort's page did not show, or a session
 * that is not one of this cohort's held by now.
 */
export async function saveTrainingGrid(actor: Actor, cohortId: string, input: TrainingGridInput, now = new Date()): Promise<SaveResult> {
  const cohort = await getCohortForRecording(actor, cohortId);
  let completedAt = now;
  if (input.trainedAt) {
    const session = (await pastSessions(cohort.id, now)).find((s) => s.id === input.trainedAt);
    if (!session) return { ok: false, message: "Choose one of this cohort's training sessions, or today." };
    completedAt = session.heldOn;
  }
  return prisma.$transaction(async (tx) => {
    const [cohortMentors, curriculum] = await Promise.all([
      tx.mentor.findMany({ where: { cohortId: cohort.id }, select: { id: true, displayName: true, withdrawnOn: true } }),
      listCurriculum(tx),
    ]);
    const ownMentors = new Set(cohortMentors.map((m) => m.id));
    // Any mentor not of this cohort means a forged or stale form: refuse rather than guess.
    if (input.mentor.some((id) => !ownMentors.has(id))) return { ok: false, message: TAMPERED };
    // The grid always names its rows and columns; one naming none shows nothing to save.
    if (input.mentor.length === 0 || input.module.length === 0) return { ok: false, message: TAMPERED };
    const shownMentors = new Set(input.mentor);
    const shownModules = new Set(input.module);
    // A module retired since the page loaded is left alone rather than treated as unticked.
    const liveModules = new Set(curriculum.filter((m) => m.active && shownModules.has(m.id)).map((m) => m.id));

    const ticked = cellsOfGrid(input.done, shownMentors, shownModules, liveModules);
    const wasTicked = cellsOfGrid(input.shown ?? [], shownMentors, shownModules, liveModules);
    if (!ticked || !wasTicked) return { ok: false, message: TAMPERED };

    const existing = await tx.moduleCompletion.findMany({
      where: { mentorId: { in: [...shownMentors] }, moduleId: { in: [...liveModules] } },
      select: { mentorId: true, moduleId: true },
    });
    const have = new Set(existing.map((c) => gridCell(c.mentorId, c.moduleId)));
    // The saved boxes, with this person's changes to what their page showed made to them.
    const wanted = new Set(have);
    for (const cell of ticked) if (!wasTicked.has(cell)) wanted.add(cell);
    for (const cell of wasTicked) if (!ticked.has(cell)) wanted.delete(cell);
    if (input.column) {
      // A whole module at once: ticked for every mentor still in the cohort (one who withdrew did not
      // attend), or cleared for everyone; the rest of the grid is saved as it was ticked.
      const [action, moduleId = ""] = input.column.split(":");
      if (!shownModules.has(moduleId)) return { ok: false, message: TAMPERED };
      for (const mentor of cohortMentors.filter((m) => shownMentors.has(m.id))) {
        const cell = gridCell(mentor.id, moduleId);
        if (action === "clear") wanted.delete(cell);
        else if (!mentor.withdrawnOn && liveModules.has(moduleId)) wanted.add(cell);
      }
    }

    const toAdd = [...wanted].filter((cell) => !have.has(cell));
    const toRemove = existing.filter((c) => !wanted.has(gridCell(c.mentorId, c.moduleId)));
    const stoppedFirst = trainingAfterWithdrawal(cohortMentors, toAdd, completedAt);
    if (stoppedFirst) return { ok: false, message: stoppedFirst };

    for (const mentorId of new Set(toRemove.map((c) => c.mentorId))) {
      const moduleIds = toRemove.filter((c) => c.mentorId === mentorId).map((c) => c.moduleId);
      await tx.moduleCompletion.deleteMany({ where: { mentorId, moduleId: { in: moduleIds } } });
    }
    if (toAdd.length > 0) {
      await tx.moduleCompletion.createMany({
        data: toAdd.map((cell) => {
          const [mentorId, moduleId] = cell.split(":") as [string, string];
          return { mentorId, moduleId, completedAt };
        }),
      });
    }

    const after = await tx.moduleCompletion.findMany({ where: { mentorId: { in: [...ownMentors] } }, select: { mentorId: true, moduleId: true } });
    const trained = [...ownMentors].filter(
      (id) =>
        trainingProgress(
          after.filter((c) => c.mentorId === id).map((c) => c.moduleId),
          curriculum,
        ).trained,
    ).length;

    if (toAdd.length > 0 || toRemove.length > 0) {
      await recountMentorsTrained(tx, [...toAdd.map((cell) => cell.split(":")[0]!), ...toRemove.map((c) => c.mentorId)]);
      await recordAudit(
        {
          actor: actor,
          action: "record-training",
          entityType: "MentorCohort",
          entityId: cohort.id,
          summary: `Recorded mentor training for the MVP cohort ${cohortLabel(cohort)}: ${toAdd.length} completed, ${toRemove.length} taken off; ${trained} of ${counted(ownMentors.size, "mentor")} trained`,
        },
        tx,
      );
    }
    return { ok: true, added: toAdd.length, removed: toRemove.length, trained, mentors: ownMentors.size };
  });
}
