import { formatDate, formatDateTime, formatSessionTimes } from "~/lib/dates";
import { counted } from "~/lib/numbers";
import { surveyTemplateStatusLabel } from "~/lib/statuses";
import {
  BEFORE_SURVEY_MINUTES_INTO_SESSION,
  beforeSessionStartsAt,
  beforeSurveyClosesAt,
  closingDayEnd,
  runState,
  type RunState,
} from "~/models/survey-run-state";
import { SummaryRow } from "./summary-list";

type RunForStatus = {
  closedAt: Date | string | null;
  closesOn: Date | string | null;
  maxResponses: number | null;
  responseCount: number;
  phase: string;
  booking: { delivery: { startsAt: Date | string } } | null;
};

const asDate = (value: Date | string | null) => (value === null ? null : new Date(value));

/**
 * Whether a run takes answers at `now` (runState). Work it out in the loader and send it with the run:
 * worked out again while rendering, the browser's clock could disagree with the server's at the moment
 * it closes.
 */
export function runStateOf(run: RunForStatus, now = new Date()): RunState {
  return runState(
    {
      closedAt: asDate(run.closedAt),
      closesOn: asDate(run.closesOn),
      maxResponses: run.maxResponses,
      responseCount: run.responseCount,
      beforeSessionStartsAt: beforeSessionStartsAt(run),
    },
    now,
  );
}

const CLOSED_REASONS = { closed: "Closed", date: "Closed: date passed", full: "Closed: limit reached", session: "Closed: session time reached" } as const;

/** A run's status, as its loader worked it out (runStateOf). */
export function RunStatusTag({ state }: { state: RunState }) {
  return state.open ? <strong className="tag tag-green">Open</strong> : <strong className="tag tag-grey">{CLOSED_REASONS[state.reason]}</strong>;
}

/** What a run is for: its booking's session, MVP, or a session whose booking is gone. */
export function runTarget(run: {
  context: string;
  booking: { delivery: { startsAt: Date | string; endsAt: Date | string; topic: { title: string } } } | null;
}) {
  if (run.booking) return `${run.booking.delivery.topic.title}, ${formatSessionTimes(run.booking.delivery.startsAt, run.booking.delivery.endsAt)}`;
  return run.context === "MVP" ? "MVP" : "A session no longer booked";
}

/**
 * A run's closing, as a term and its description for a summary list: when it closed and what closed it,
 * or, while it is open, every way it will close.
 */
export function RunClosing({ run, state }: { run: RunForStatus; state: RunState }) {
  const sessionStart = beforeSessionStartsAt(run);
  const sessionClose = sessionStart ? beforeSurveyClosesAt(sessionStart) : null;
  const dayEnd = run.closesOn ? closingDayEnd(new Date(run.closesOn)) : null;
  // Of a closing day and a session, only the earlier can close it (the day, at the same moment, as runState
  // says): the later is not offered as a way.
  const bySession =
    sessionClose && !(dayEnd && dayEnd <= sessionClose)
      ? `${formatDateTime(sessionClose)}, ${BEFORE_SURVEY_MINUTES_INTO_SESSION} minutes after the session ${state.open ? "starts" : "started"}${
          // A closing day set for later is said to come later, not dropped without a word.
          run.closesOn && dayEnd && dayEnd > sessionClose ? ` (the closing day set, ${formatDate(run.closesOn)}, ends later)` : ""
        }`
      : null;
  const byDate = run.closesOn && !(sessionClose && dayEnd && dayEnd > sessionClose) ? `at the end of ${formatDate(run.closesOn)}` : null;
  const byCount = run.maxResponses ? `after ${counted(run.maxResponses, "response")}` : null;
  // Closed at a moment: when, and no more; a person, its booking or its school may have closed it (decision 0144).
  if (run.closedAt) return <Closing term="Closed on" description={formatDateTime(run.closedAt)} />;
  if (!state.open) {
    // Each other reason comes from the setting described beside it; "closed" is the closedAt above.
    const closedBy = { closed: null, date: byDate, session: bySession, full: byCount }[state.reason];
    return <Closing term="Closed" description={closedBy ?? "yes"} />;
  }
  // Each setting is a way it closes; with more than one, the first to come closes it.
  const ways = [byDate, bySession, byCount].filter(Boolean);
  return <Closing term="Closes" description={ways.length > 1 ? `whichever comes first: ${ways.join("; ")}` : (ways[0] ?? "when you close it")} />;
}

function Closing({ term, description }: { term: string; description: string }) {
  return (
    <>
      <SummaryRow term={term}>{description}</SummaryRow>
    </>
  );
}

const TEMPLATE_STATUS_TAG: Record<string, string> = { PUBLISHED: "tag-green", RETIRED: "tag-grey" };

export function TemplateStatusTag({ status }: { status: string }) {
  return <strong className={`tag ${TEMPLATE_STATUS_TAG[status] ?? ""}`.trim()}>{surveyTemplateStatusLabel(status)}</strong>;
}
