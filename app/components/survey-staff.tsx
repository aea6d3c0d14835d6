import { runState } from "~/lib/survey-run-state";

type RunForStatus = { closedAt: Date | string | null; closesOn: Date | string | null; maxResponses: number | null; responseCount: number };

const asDate = (value: Date | string | null) => (value === null ? null : new Date(value));

export function runStateOf(run: RunForStatus) {
  return runState({ closedAt: asDate(run.closedAt), closesOn: asDate(run.closesOn), maxResponses: run.maxResponses, responseCount: run.responseCount });
}

const CLOSED_REASONS = { closed: "Closed", date: "Closed: date passed", full: "Closed: limit reached" } as const;

export function RunStatusTag({ run }: { run: RunForStatus }) {
  const state = runStateOf(run);
  return state.open ? <strong className="tag tag-green">Open</strong> : <strong className="tag tag-grey">{CLOSED_REASONS[state.reason]}</strong>;
}

const TEMPLATE_STATUS = { DRAFT: ["Draft", "tag"], PUBLISHED: ["Published", "tag tag-green"], RETIRED: ["Retired", "tag tag-grey"] } as const;

export function TemplateStatusTag({ status }: { status: string }) {
  const [label, className] = TEMPLATE_STATUS[status as keyof typeof TEMPLATE_STATUS] ?? [status, "tag"];
  return <strong className={className}>{label}</strong>;
}
