import { formatDateTime } from "~/lib/dates";
import { jobOutcomeLabel } from "~/lib/statuses";
import { DataTable } from "./data-table";

/** ScheduledWorkStatus (app/models/job-runs.server.ts) as it arrives in loader data. */
type ScheduledWork = {
  lastRanAt: Date | null;
  startedAt: Date | null;
  overdue: boolean;
  failed: string[];
  noOutcome: string[];
  runs: { job: string; label: string; startedAt: Date; outcome: string; unfinished: "stopped" | "unrecorded" | null; summary: string; error: string }[];
};

/** What the table says of a run that will never record its outcome (unfinishedState in job-runs.server.ts). */
const UNFINISHED = {
  stopped: {
    outcome: "Stopped before it finished",
    said: "Not recorded: its lease ran out without being renewed, so the process running it has most likely stopped.",
  },
  unrecorded: { outcome: "Outcome not recorded", said: "It ended, but what it did could not be saved." },
} as const;

/**
 * The lead's view of scheduled work: when it last ran, each job's latest run, and a warning (in words,
 * not only colour) when nothing has run for over two hours, a job failed last time or its last run
 * will never record its outcome.
 */
export function ScheduledWorkPanel({ work }: { work: ScheduledWork }) {
  return (
    <section aria-labelledby="scheduled-work-heading" className="mb-10">
      <h2 id="scheduled-work-heading">Scheduled work</h2>
      {work.startedAt ? (
        <p className="mb-4">Scheduled work started in this server at {formatDateTime(work.startedAt)}. It first runs within a minute of starting.</p>
      ) : work.overdue || !work.lastRanAt ? (
        <div className="mb-4 max-w-3xl border-4 border-danger p-4">
          <p className="font-bold">
            Warning:{" "}
            {work.lastRanAt ? `scheduled work has not run since ${formatDateTime(work.lastRanAt)}, over two hours ago.` : "scheduled work has never run."}
          </p>
          <p>
            Until it runs, no session reminders are sent, a lapsed waiting-list offer passes on only when someone books or changes that session&apos;s waiting
            list, no mentors&apos; names are removed when due, and no nightly backup is made. Check that the server is running with scheduled work on, or that{" "}
            <code>npm run jobs</code> runs hourly from cron.
          </p>
        </div>
      ) : (
        <p className="mb-4">Scheduled work last ran at {formatDateTime(work.lastRanAt)}.</p>
      )}
      {work.failed.length > 0 ? (
        <p className="mb-4 max-w-3xl border-4 border-danger p-4 font-bold">Warning: failed on its last run: {work.failed.join(", ")}. See the table below.</p>
      ) : null}
      {work.noOutcome.length > 0 ? (
        <p className="mb-4 max-w-3xl border-4 border-danger p-4 font-bold">
          Warning: no outcome recorded for the last run of: {work.noOutcome.join(", ")}. See the table below.
        </p>
      ) : null}
      {work.runs.length > 0 ? (
        <DataTable caption={<>Each job&apos;s latest run</>}>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Started</th>
              <th scope="col">Outcome</th>
              <th scope="col">What it did</th>
            </tr>
          </thead>
          <tbody>
            {work.runs.map((run) => (
              <tr key={run.job}>
                <td>{run.label}</td>
                <td>{formatDateTime(run.startedAt)}</td>
                <td>{run.unfinished ? UNFINISHED[run.unfinished].outcome : jobOutcomeLabel(run.outcome)}</td>
                <td>{run.unfinished ? UNFINISHED[run.unfinished].said : run.outcome === "FAILED" ? `Failed: ${run.error}` : run.summary}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      ) : null}
    </section>
  );
}
