/** Whether a survey run is still taking answers: the one rule, used by the pupil pages, the model and the staff screens. */
import { isIsoDate, londonDayStart, nextIsoDate } from "~/lib/dates";

export type RunState = { open: true } | { open: false; reason: "closed" | "date" | "full" | "session" };

/**
 * The instant the London day a run closes on (stored as that day's UTC midnight) ends. A stored date
 * outside four-digit years, which no form accepts but a row may still hold, is taken as it stands rather
 * than breaking every page that lists the run; one that is no date at all, as never.
 */
export function closingDayEnd(closesOn: Date): Date | null {
  if (Number.isNaN(closesOn.getTime())) return null;
  const day = closesOn.toISOString().slice(0, 10);
  const next = isIsoDate(day) ? nextIsoDate(day) : null;
  return next ? londonDayStart(next) : closesOn;
}

/**
 * How long into its session a survey for before it still takes answers, in minutes: a class often answers
 * as the session opens, before its content begins (decision 0131).
 */
export const BEFORE_SURVEY_MINUTES_INTO_SESSION = 15;

/**
 * The start of the session a run is for, when the run is for before it, or null for any other run (after a
 * session, feedback, MVP, or a run whose booking is gone). Pass the run's phase and its booking's session, as read.
 */
export function beforeSessionStartsAt(run: { phase: string; booking: { delivery: { startsAt: Date | string } } | null }): Date | null {
  return run.phase === "BEFORE" && run.booking ? new Date(run.booking.delivery.startsAt) : null;
}

/**
 * When a survey for before a session that starts at `startsAt` stops taking answers:
 * BEFORE_SURVEY_MINUTES_INTO_SESSION after the start. Answers given later would be counted as pupils'
 * views before the session (decision 0131).
 */
export function beforeSurveyClosesAt(startsAt: Date | string): Date {
  return new Date(new Date(startsAt).getTime() + BEFORE_SURVEY_MINUTES_INTO_SESSION * 60_000);
}

/**
 * Whether a survey for before a booked session may still be opened at `now`: only until it would close at
 * once (beforeSurveyClosesAt).
 */
export function canOpenBeforeSurvey(session: { startsAt: Date | string }, now = new Date()): boolean {
  return now < beforeSurveyClosesAt(session.startsAt);
}

/**
 * Whether a survey for after a booked session may be opened at `now`: once the session has started, so
 * that no answer counted as "after" can come before it (decision 0138).
 */
export function canOpenAfterSurvey(session: { startsAt: Date | string }, now = new Date()): boolean {
  return now >= new Date(session.startsAt);
}

/**
 * Open until closed at a moment (closedAt: by a person, or with its booking, session or school, decision
 * 0144; the reason "closed" says no more than that), until the end of its closing day in London, until it
 * has its number of responses, or, for a run before a session, until beforeSurveyClosesAt. Closed by a day
 * and by its session, the reason is whichever came first.
 */
export function runState(
  run: { closedAt: Date | null; closesOn: Date | null; maxResponses: number | null; responseCount: number; beforeSessionStartsAt: Date | null },
  now = new Date(),
): RunState {
  if (run.closedAt) return { open: false, reason: "closed" };
  const ends: { at: Date; reason: "date" | "session" }[] = [];
  const dayEnd = run.closesOn && closingDayEnd(run.closesOn);
  if (dayEnd) ends.push({ at: dayEnd, reason: "date" });
  if (run.beforeSessionStartsAt) ends.push({ at: beforeSurveyClosesAt(run.beforeSessionStartsAt), reason: "session" });
  const [first] = ends.filter((end) => now >= end.at).sort((a, b) => a.at.getTime() - b.at.getTime());
  if (first) return { open: false, reason: first.reason };
  if (run.maxResponses !== null && run.responseCount >= run.maxResponses) return { open: false, reason: "full" };
  return { open: true };
}
