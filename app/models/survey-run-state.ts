/** Whether a survey run is still taking answers: the one rule, used by the pupil pages, the model and the staff screens. */
import { isIsoDate, londonDayStart, nextIsoDate } from "~/lib/dates";

export type RunState = { open: true } | { open: false; reason: "closed" | "date" | "full" };

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

/** Open until closed by hand, until the end of its closing day in London, or until it has its number of responses. */
export function runState(
  run: { closedAt: Date | null; closesOn: Date | null; maxResponses: number | null; responseCount: number },
  now = new Date(),
): RunState {
  if (run.closedAt) return { open: false, reason: "closed" };
  if (run.closesOn && closingDayHasEnded(run.closesOn, now)) return { open: false, reason: "date" };
  if (run.maxResponses !== null && run.responseCount >= run.maxResponses) return { open: false, reason: "full" };
  return { open: true };
}
