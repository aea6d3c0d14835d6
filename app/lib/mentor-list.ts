/**
 * A list of mentors pasted into a cohort, one per line: each line checked by the same name rule as a
 * mentor added one at a time (`mentorNameProblem`), and against the other lines and the cohort's
 * mentors for duplicates (names compare without case). Blank lines are skipped. Pure, for the form
 * and the model alike.
 */
import { MAX_MENTORS_PER_COHORT, mentorNameProblem, normaliseMentorName } from "./mvp";
import { nameKey } from "./text-fields";

/** The most mentors one paste adds: a large cohort, and a cap on what one request writes. */
export const MAX_MENTORS_PER_PASTE = 60;

/** A line refused: its number in the pasted text (from 1), what it said, and why. */
export type RefusedLine = { line: number; text: string; reason: string };

const key = nameKey;

/**
 * The names to add, in the order pasted, and the lines refused. `existing` are the cohort's mentors'
 * names. Nothing should be saved unless `refused` is empty.
 */
export function checkMentorList(text: string, existing: readonly string[]): { names: string[]; refused: RefusedLine[] } {
  const taken = new Set(existing.map(key));
  const seen = new Map<string, number>();
  const names: string[] = [];
  const refused: RefusedLine[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = index + 1;
    const name = normaliseMentorName(raw);
    if (!name) return;
    const problem = mentorNameProblem(name);
    if (problem) refused.push({ line, text: name, reason: problem });
    else if (taken.has(key(name))) refused.push({ line, text: name, reason: "A mentor in this cohort already has this name" });
    else if (seen.has(key(name))) refused.push({ line, text: name, reason: `The same name as line ${seen.get(key(name))}` });
    else {
      seen.set(key(name), line);
      names.push(name);
    }
  });
  if (names.length + refused.length > MAX_MENTORS_PER_PASTE) {
    return { names: [], refused: [{ line: 0, text: "", reason: `Paste ${MAX_MENTORS_PER_PASTE} mentors or fewer at a time` }] };
  }
  const full = cohortFull(existing.length, names.length);
  if (full) return { names: [], refused: [{ line: 0, text: "", reason: full }] };
  return { names, refused };
}

/**
 * Why `adding` more mentors cannot join a cohort that has `has`: a cohort holds at most MAX_MENTORS_PER_COHORT
 * (the largest training grid the server reads). Null when they fit.
 */
export function cohortFull(has: number, adding: number): string | null {
  if (has + adding <= MAX_MENTORS_PER_COHORT) return null;
  const room = Math.max(MAX_MENTORS_PER_COHORT - has, 0);
  return room === 0
    ? `This cohort has ${has} mentors, the most a cohort can have: add more mentors in a cohort of their own`
    : `A cohort can have at most ${MAX_MENTORS_PER_COHORT} mentors and this one has ${has}: add ${room} or fewer`;
}
