import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { can } from "~/auth/roles";
import { Page } from "~/components/layout";
import { Pagination, rangeText } from "~/components/pagination";
import { RunStatusTag, runStateOf, runTarget } from "~/components/survey-staff";
import { formatAcademicYear } from "~/lib/academic-year";
import { formatDate } from "~/lib/dates";
import { pageFrom } from "~/lib/pagination";
import { formatCode } from "~/lib/survey-code";
import { PHASE_LABELS } from "~/lib/survey-schemas";
import { listRuns, RUNS_PAGE_SIZE } from "~/models/survey-runs.server";
import { TableHead } from "~/components/table-head";
import { DataTable } from "~/components/data-table";
import { listPageTitle } from "~/lib/page-title";
import { NoteBelow } from "~/components/separators";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: listPageTitle("Pupil surveys", data) }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "surveys:run");
  const { total, runs, page, pageCount } = await listRuns(user, pageFrom(new URL(args.request.url).searchParams));
  return {
    runs: runs.map((run) => ({ ...run, state: runStateOf(run) })),
    total,
    page,
    pageSize: RUNS_PAGE_SIZE,
    pageCount,
    lead: can(user, "surveys:read-all"),
    mvp: can(user, "surveys:run-mvp"),
    // School staff open a session's surveys from their bookings; the lead from the session's page.
    books: can(user, "deliveries:book"),
  };
}

export default function Surveys() {
  const { runs, total, page, pageSize, pageCount, lead, mvp, books } = useLoaderData<typeof loader>();
  return (
    <Page title="Pupil surveys" lead="Short anonymous surveys pupils answer on a phone or classroom computer, before and after a session or for MVP.">
      <ul className="mb-8 space-y-2">
        <li>
          {books ? (
            <>
              To survey pupils before or after a session, open the booking from <Link to="/bookings">your sessions</Link> and choose to open a survey.
            </>
          ) : (
            <>
              To survey pupils before or after a session, open a school&apos;s booking from its session&apos;s page in{" "}
              <Link to="/sessions/schedule">the schedule</Link>, then open a survey from the booking.
            </>
          )}
        </li>
        {mvp ? (
          <li>
            <Link to="/surveys/new?for=mvp">Open a survey for MVP</Link> (mentors before or after training, or feedback on a lesson)
          </li>
        ) : null}
        {lead ? (
          <>
            <li>
              <Link to="/surveys/compare">Compare before and after across all bookings of a topic</Link>
            </li>
            <li>
              <Link to="/admin/surveys">Survey templates</Link>
            </li>
          </>
        ) : null}
      </ul>
      {runs.length === 0 ? (
        <p>No surveys yet.</p>
      ) : (
        <DataTable caption={<>Surveys, newest first ({rangeText(page, pageSize, total)})</>} listStart="page">
          <TableHead columns={["Code", "Survey", { label: "School", show: lead }, "For", "Opened", { label: "Responses", numeric: true }, "Status"]} />
          <tbody>
            {runs.map((run) => (
              <tr key={run.id}>
                <td>
                  <Link to={`/surveys/${run.id}`} className="font-mono font-bold">
                    {formatCode(run.code)}
                  </Link>
                </td>
                <td>{run.template.title}</td>
                {lead ? <td>{run.school.name}</td> : null}
                <td>
                  {runTarget(run)}
                  <NoteBelow className="text-base text-muted">
                    {PHASE_LABELS[run.phase]}, {formatAcademicYear(run.academicYear)}
                  </NoteBelow>
                </td>
                <td>{formatDate(run.createdAt)}</td>
                <td className="text-right">{run.responseCount}</td>
                <td>
                  <RunStatusTag state={run.state} />
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <Pagination page={page} pageCount={pageCount} label="Pages of surveys" />
    </Page>
  );
}
