/**
 * The "trained" rule. A mentor is trained when they have completed every required module of the
 * curriculum as it stands (retired modules no longer count, optional ones never do). The rule is
 * judged against today's curriculum: see docs/decisions/0007-mvp-data-and-rules.md.
 */
import { londonDateInputValue } from "~/lib/london-time";

export type CurriculumModule = { id: string; required: boolean; active: boolean };

export type TrainingProgress = { requiredDone: number; requiredTotal: number; optionalDone: number; trained: boolean };

export function trainingProgress(completedModuleIds: Iterable<string>, modules: readonly CurriculumModule[]): TrainingProgress {
  const completed = new Set(completedModuleIds);
  const live = modules.filter((m) => m.active);
  const required = live.filter((m) => m.required);
  const requiredDone = required.filter((m) => completed.has(m.id)).length;
  const optionalDone = live.filter((m) => !m.required && completed.has(m.id)).length;
  // With no required module there is no curriculum to finish, so nobody counts as trained.
  const trained = required.length > 0 && requiredDone === required.length;
  return { requiredDone, requiredTotal: required.length, optionalDone, trained };
}

export function isTrained(completedModuleIds: Iterable<string>, modules: readonly CurriculumModule[]): boolean {
  return trainingProgress(completedModuleIds, modules).trained;
}

/**
 * The same rule as SQL, for Mentor `m`: when the mentor became trained, that is the latest completion of
 * the live required modules once every one of them is completed (and at least one exists); NULL while
 * not trained. A mentor was trained by an instant exactly when this is before it. Written for both
 * engines (quoted names, booleans tested as they are: SQLite stores them as 0 and 1). Kept on
 * `Mentor.trainedAt` (app/models/tallies.server.ts), so reach reads it instead of every completion.
 */
export const MENTOR_TRAINED_AT_SQL = (m = "m") =>
  `(SELECT CASE WHEN COUNT(*) > 0 AND COUNT(*) = (SELECT COUNT(*) FROM "TrainingModule" WHERE "required" AND "active") THEN MAX(mc."completedAt") END ` +
  `FROM "ModuleCompletion" mc JOIN "TrainingModule" tm ON tm."id" = mc."moduleId" WHERE mc."mentorId" = ${m}."id" AND tm."required" AND tm."active")`;

/** A module completion with the instant it counts from (a training day's start in London, or when it was ticked). */
export type DatedCompletion = { moduleId: string; completedAt: Date | string };

/**
 * Whether a mentor was trained on a London day ("YYYY-MM-DD"): every required module completed on or
 * before that day, so a module completed on the day of a lesson counts for that lesson. The curriculum
 * is today's, as in `trainingProgress`.
 */
export function trainedOn(completions: readonly DatedCompletion[], modules: readonly CurriculumModule[], day: string): boolean {
  const byThen = completions.filter((c) => londonDateInputValue(new Date(c.completedAt)) <= day).map((c) => c.moduleId);
  return trainingProgress(byThen, modules).trained;
}
