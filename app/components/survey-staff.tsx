import { beforeSessionStartsAt, runState } from "~/models/survey-run-state";
import { surveyTemplateStatusLabel } from "~/lib/statuses";

type RunForStatus = {
  closedAt: Date | string | null;
  closesOn: Date | string | null;
  maxResponses: number | null;
  responseCount: number;
  phase: string;
  booking: { delivery: { startsAt: Date | string } } | null;
};

const asDate = (value: Date | string | null) => (value === null ? null : new Date(value));

/** Whether a run as a page's loader sent it (dates as strings) takes answers at `now` (runState). */
export function runStateOf(run: RunForStatus, now = new Date()) {
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

export function RunStatusTag({ run }: { run: RunForStatus }) {
  const state = runStateOf(run);
  return state.open ? <strong className="tag tag-green">Open</strong> : <strong className="tag tag-grey">{CLOSED_REASONS[state.reason]}</strong>;
}

const TEMPLATE_STATUS_TAG: Record<string, string> = { PUBLISHED: "tag-green", RETIRED: "tag-grey" };

export function TemplateStatusTag({ status }: { status: string }) {
  return <strong className={`tag ${TEMPLATE_STATUS_TAG[status] ?? ""}`.trim()}>{surveyTemplateStatusLabel(status)}</strong>;
}
