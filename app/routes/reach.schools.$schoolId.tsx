import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireSchoolAccess } from "~/auth/guards.server";
import { can } from "~/auth/roles";
import { StageTag } from "~/components/mvp-figures";
import { Pagination } from "~/components/pagination";
import { counted, formatCount } from "~/lib/numbers";
import { BookingStatusTag, formatLabel } from "~/components/delivery-ui";
import { deliveryStatusLabel } from "~/lib/statuses";
import { formatDate, formatSessionTimes } from "~/lib/dates";
import { pageFrom } from "~/lib/pagination";
import { formatShare, SHARED_SESSIONS } from "~/models/reach-rules";
import { schoolTypeLabel } from "~/lib/schools";
import { getSchoolReachHistory } from "~/models/reach-schools.server";
import { TableHead } from "~/components/table-head";
import { DataTable } from "~/components/data-table";
import { SharedSessionsNote } from "~/components/reach";
import { listPageTitle } from "~/lib/page-title";
import { NoteBelow } from "~/components/separators";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: listPageTitle(`Reach: ${data?.history.school.name ?? "School"}`, data?.history.deliveriesPage) },
];

export async function loader(args: LoaderFunctionArgs) {
  const schoolId = args.params.schoolId ?? "";
  // Checked before the lookup, so a school user cannot learn which other ids exist.
  const user = await requireSchoolAccess(args, schoolId);
  const history = await getSchoolReachHistory(user, schoolId, pageFrom(new URL(args.request.url).searchParams));
  return { history, isLead: can(user, "reach:read-all") };
}

export default function SchoolReachHistory() {
  const { history, isLead } = useLoaderData<typeof loader>();
  const { school, years, sessions, deliveriesPage } = history;
  return (
    <>
      <p className="mb-4">
        {isLead ? <Link to="/reach/schools">Back to every school&apos;s reach</Link> : <Link to="/our-reach">Back to your school&apos;s reach</Link>}
      </p>
      <h1>{school.name}: reach over the years</h1>
      <p className="mb-8 max-w-3xl">
        {schoolTypeLabel(school.type)} in {school.locality ?? "no locality"} ({school.localAuthority})
        {school.numberOnRoll ? `, ${counted(school.numberOnRoll, "pupil")} on roll` : ""}
        {school.open ? "." : school.closedOn ? `. This school closed on ${formatDate(school.closedOn)}.` : ". This school has closed."}{" "}
        <Link to={`/schools/${school.id}`}>School details</Link>
      </p>
      <DataTable
        caption={<>Reach in each academic year (the current year so far)</>}
        className="text-base"
        wrapperClassName="mb-2"
        describedBy="years-sessions-note"
      >
        <thead>
          <tr>
            <th scope="col">Academic year</th>
            <th scope="col">Pupils reached</th>
            <th scope="col">Attendances ÷ roll</th>
            <th scope="col">{SHARED_SESSIONS.schoolColumn}</th>
            <th scope="col">Topics</th>
            <th scope="col">MVP stage</th>
            <th scope="col">Mentors trained</th>
            <th scope="col">Pupils reached by MVP</th>
            <th scope="col">Survey responses</th>
          </tr>
        </thead>
        <tbody>
          {years.map(({ year, label, figures }) => (
            <tr key={year}>
              <th scope="row">{label}</th>
              <td>{formatCount(figures.pupils)}</td>
              <td>{formatShare(figures.share)}</td>
              <td>{formatCount(figures.deliveries)}</td>
              <td>{figures.topics.length ? figures.topics.join(", ") : "None"}</td>
              <td className="whitespace-nowrap">
                <StageTag stage={figures.mvpStage} />
              </td>
              <td>{formatCount(figures.mentorsTrained)}</td>
              <td>{formatCount(figures.mvpPupils)}</td>
              <td>{formatCount(figures.surveyResponses)}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      <SharedSessionsNote id="years-sessions-note" of="school" />

      <h2>Sessions</h2>
      <p className="mb-4 max-w-3xl">Every session this school booked, newest first. Only sessions that happened, with attendance recorded, count as reach.</p>
      {sessions.length === 0 ? (
        <p className="panel">No sessions booked yet.</p>
      ) : (
        <DataTable
          listStart="page"
          caption={
            <>
              Sessions booked, page {deliveriesPage.page} of {deliveriesPage.pageCount}
            </>
          }
          className="text-base"
        >
          <TableHead columns={["Date", "Topic", "Status", "Pupils reached"]} />
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <th scope="row" className="font-normal">
                  {formatSessionTimes(s.startsAt, s.endsAt)}
                </th>
                <td>
                  {s.topic}
                  <NoteBelow className="text-muted">{formatLabel(s.format)}</NoteBelow>
                </td>
                <td>
                  {/* The booking's state, then the session's where it did not go ahead: "Cancelled" twice said neither. */}
                  <BookingStatusTag status={s.bookingStatus} returnDue={s.returnDue} unanswered={s.unanswered} />{" "}
                  {s.deliveryStatus === "SCHEDULED" ? null : (
                    <span className="tag tag-grey">Session: {deliveryStatusLabel(s.deliveryStatus).toLowerCase()}</span>
                  )}
                </td>
                <td>{s.pupils !== null ? formatCount(s.pupils) : s.returnDue ? "Not recorded yet" : s.upcoming ? "Not yet: still to come" : "None"}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <Pagination page={deliveriesPage.page} pageCount={deliveriesPage.pageCount} label="Pages of sessions" />
    </>
  );
}
