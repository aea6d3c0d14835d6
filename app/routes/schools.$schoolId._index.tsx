import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireSchoolAccess } from "~/auth/guards.server";
import { can } from "~/auth/roles";
import { SchoolPeople } from "~/components/school-people";
import { pageFrom } from "~/lib/pagination";
import { notFound } from "~/lib/responses.server";
import { schoolStatusLabel } from "~/lib/statuses";
import { formatDate } from "~/lib/dates";
import { schoolTypeLabel } from "~/lib/schools";
import { listOpenInvitations } from "~/models/invitations.server";
import { getSchool } from "~/models/schools.server";
import { listUsers } from "~/models/users.server";
import { listsPageTitle } from "~/lib/page-title";
import { SummaryList, SummaryRow } from "~/components/summary-list";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: listsPageTitle(data?.school.name ?? "School", [
      { name: "people", list: data?.people?.people },
      { name: "invitations", list: data?.people?.invitations },
    ]),
  },
];

export async function loader(args: LoaderFunctionArgs) {
  const schoolId = args.params.schoolId ?? "";
  // Checked before the lookup, so a school user cannot learn which other ids exist.
  const user = await requireSchoolAccess(args, schoolId);
  const school = await getSchool(user, schoolId);
  if (!school) notFound("school");
  // The school's people are the lead's to manage, so only the lead sees them here.
  const searchParams = new URL(args.request.url).searchParams;
  const people = can(user, "users:manage")
    ? {
        people: await listUsers(user, { schoolId, page: pageFrom(searchParams, "peoplePage") }),
        invitations: await listOpenInvitations(user, { schoolId, page: pageFrom(searchParams, "invitationsPage") }),
      }
    : null;
  return { school, canManage: can(user, "schools:manage"), people };
}

export default function SchoolPage() {
  const { school, canManage, people } = useLoaderData<typeof loader>();
  const rows: [string, string][] = [
    ["URN", school.urn],
    ["Local authority", school.localAuthority],
    ["Locality", school.locality?.name ?? "None"],
    ["Type", schoolTypeLabel(school.type)],
    ["Number on roll", school.numberOnRoll?.toLocaleString("en-GB") ?? "Not known"],
    ["Postcode", school.postcode ?? "Not known"],
    ["Status", schoolStatusLabel(school.status)],
    ["Opened", school.openedOn ? formatDate(school.openedOn) : "Not known"],
    ...(school.status === "CLOSED" ? [["Closed", school.closedOn ? formatDate(school.closedOn) : "Not known"] as [string, string]] : []),
  ];
  return (
    <>
      {canManage ? (
        <p className="mb-4">
          <Link to="/schools">Back to all schools</Link>
        </p>
      ) : null}
      <h1>{school.name}</h1>
      <SummaryList className="mb-8 max-w-3xl">
        {rows.map(([term, value]) => (
          <SummaryRow key={term} term={term}>
            {value}
          </SummaryRow>
        ))}
      </SummaryList>
      {school.status === "CLOSED" ? (
        <p className="panel mb-8 max-w-3xl">
          This school is closed. Its past bookings, survey results and reach are kept, but it cannot book sessions, join a waiting list, open pupil surveys or
          have new people invited.
        </p>
      ) : null}
      {people ? <SchoolPeople schoolId={school.id} schoolName={school.name} canInvite={school.status === "OPEN"} {...people} /> : null}
      <p className="mb-8">
        <Link to={`/reach/schools/${school.id}`}>Reach over the years: sessions, MVP and surveys</Link>
      </p>
      {canManage ? (
        <Link to={`/schools/${school.id}/edit`} className="button">
          Edit school details
        </Link>
      ) : (
        <p className="max-w-3xl">If any of these details are wrong, tell the VRN schools lead. They keep them in step with Get Information About Schools.</p>
      )}
    </>
  );
}
