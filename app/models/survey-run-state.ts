/** Whether a survey run is still taking answers: the one rule, used by the pupil pages, the model and the staff screens. */
import { londonDayEnd } from "~/lib/dates";

export type RunState = { open: true } | { open: false; reason: "closed" | "date" | "full" };

/** Open until closed by hand, until the end of its closing day in London, or until it has its number of responses. */
export function runState(
  run: { closedAt: Date | null; closesOn: Date | null; maxResponses: number | null; responseCount: number },
  now = new Date(),
): RunState {
  if (run.closedAt) return { open: false, reason: "closed" };
  if (run.closesOn && now >= londonDayEnd(run.closesOn.toISOString().slice(0, 10))) return { open: false, reason: "date" };
  if (run.maxResponses !== null && run.responseCount >= run.maxResponses) return { open: false, reason: "full" };
  return { open: true };
}
