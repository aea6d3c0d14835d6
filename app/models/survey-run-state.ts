/** Whether a survey run is still taking answers: the one rule, used by the pupil pages, the model and the staff screens. */
import { isIsoDate, londonDayStart, nextIsoDate } from "~/lib/dates";

export type RunState = { open: true } | { open: false; reason: "closed" | "date" | "full" | "session" };

/**
 * Whether the London day a run closes on (stored as that day's UTC midnight) has ended by `now`. A stored
 * date outside four-digit years, which no form accepts but a row may still hold, is compared as it
 * stands rather than breaking every page that lists the run.
 */
function closingDayHasEnded(closesOn: Date, now: Date): boolean {
  if (Number.isNaN(closesOn.getTime())) return false;
  const day = closesOn.toISOString().slice(0, 10);
  const next = isIsoDate(day) ? nextIsoDate(day) : null;
  return next ? now >= londonDayStart(next) : now >= closesOn;
}

/**
 * A run for before a booked session takes no answers once that session has begun: answers given after
 * it would be counted as pupils' views before it (decision 0131). The instant it closes, or null for any
 * other run (after a session, feedback, MVP). Pass the run's phase and its booking's session, as read.
 */
export function closesAtSessionStart(run: { phase: string; booking: { delivery: { startsAt: Date | string } } | null }): Date | null {
  return run.phase === "BEFORE" && run.booking ? new Date(run.booking.delivery.startsAt) : null;
}

/**
 * Whether a survey for before a booked session may still be opened at `now`: only until the session
 * begins, when such a run would close at once (closesAtSessionStart, decision 0131).
 */
export function canOpenBeforeSurvey(session: { startsAt: Date | string }, now = new Date()): boolean {
  return now < new Date(session.startsAt);
}

/**
 * Open until closed by hand, until the end of its closing day in London, until it has its number of
 * responses, or, for a run before a session, until the session begins (`closesAtSessionStart`).
 */
export function runState(
  run: { closedAt: Date | null; closesOn: Date | null; maxResponses: number | null; responseCount: number; closesAtSessionStart: Date | null },
  now = new Date(),
): RunState {
  if (run.closedAt) return { open: false, reason: "closed" };
  if (run.closesAtSessionStart && now >= run.closesAtSessionStart) return { open: false, reason: "session" };
  if (run.closesOn && closingDayHasEnded(run.closesOn, now)) return { open: false, reason: "date" };
  if (run.maxResponses !== null && run.responseCount >= run.maxResponses) return { open: false, reason: "full" };
  return { open: true };
}
