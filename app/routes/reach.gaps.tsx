import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { Pagination, rangeText } from "~/components/pagination";
import { ReachFilterForm } from "~/components/reach";
import { formatCount } from "~/lib/numbers";
import { formatDate } from "~/lib/dates";
import { formatAcademicYear } from "~/lib/academic-year";
import { pageFrom } from "~/lib/pagination";
import {
  describeNotReached,
  describeNotReachedInTwoYears,
  describeReturnsAwaited,
  filterQuery,
  formatShare,
  periodLabel,
  reachYears,
} from "~/models/reach-rules";
import { schoolTypeLabel } from "~/lib/schools";
import { getReachGaps } from "~/models/reach-schools.server";
import { readReachFilters } from "~/models/reach.server";
import type { SchoolReach } from "~/models/reach.server";
import { DataTable } from "~/components/data-table";
import { listsPageTitle } from "~/lib/page-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: listsPageTitle("Gaps in reach", [
      { name: "not reached", list: data?.gaps.notReached },
      { name: "not reached in two years", list: data?.gaps.twoYears },
    ]),
  },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "reach:read-all");
  const params = new URL(args.request.url).searchParams;
  const { filters, options, problems } = await readReachFilters(params);
  const gaps = await getReachGaps(user, filters, { notReached: pageFrom(params), twoYears: pageFrom(params, "page2") });
  return data({ filters, options, problems, years: reachYears(), gaps }, { status: problems ? 400 : 200 });
}

type ReturnsAwaited = Record<string, { sessions: number; lastEndsAt: string }>;

/** "1, on 27 November 2026"; "3, the last on 27 November 2026". */
const awaitedText = ({ sessions, lastEndsAt }: { sessions: number; lastEndsAt: string }) =>
  `${formatCount(sessions)}, ${sessions === 1 ? "on" : "the last on"} ${formatDate(lastEndsAt)}`;

function GapTable({ caption, schools, awaited }: { caption: string; schools: SchoolReach[]; awaited: ReturnsAwaited }) {
  return (
    <DataTable caption={caption} className="text-base">
      <thead>
        <tr>
          <th scope="col">School</th>
          <th scope="col">Locality</th>
          <th scope="col">Type</th>
          <th scope="col">Number on roll</th>
          <th scope="col">Sessions ended, attendance not recorded</th>
        </tr>
      </thead>
      <tbody>
        {schools.map((s) => (
          <tr key={s.id}>
            <th scope="row">
              <Link to={`/reach/schools/${s.id}`}>{s.name}</Link>
            </th>
            <td>{s.locality ?? "No locality"}</td>
            <td>{schoolTypeLabel(s.type)}</td>
            <td>{s.numberOnRoll ? formatCount(s.numberOnRoll) : "Not known"}</td>
            <td>{awaited[s.id] ? awaitedText(awaited[s.id]!) : "None"}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

export default function ReachGaps() {
  const { filters, options, problems, years, gaps } = useLoaderData<typeof loader>();
  const refused = Object.keys(problems ?? {});
  const period = periodLabel(filters);
  const twoYears = `${formatAcademicYear(filters.year - 1)} or ${formatAcademicYear(filters.year)}`;
  return (
    <>
      <p className="mb-4">
        <Link to={`/reach?${filterQuery(filters)}`}>Back to the reach dashboard</Link>
      </p>
      <h1>Gaps: schools not reached</h1>
      <p className="mb-6 max-w-3xl text-xl">
        Open schools that no session has reached, largest first, and the localities with the lowest coverage: where to target next term&apos;s offer.
      </p>
      <ReachFilterForm filters={filters} options={options} years={years} problems={problems} />

      <h2 id="localities-heading">Localities with the lowest coverage, {period}</h2>
      <DataTable caption={<>Lowest coverage first</>} className="text-base" wrapperClassName="mb-10">
        <thead>
          <tr>
            <th scope="col">Locality</th>
            <th scope="col">Coverage</th>
            <th scope="col">Schools reached</th>
            <th scope="col">Pupils reached</th>
          </tr>
        </thead>
        <tbody>
          {gaps.localities.map((l) => (
            <tr key={l.id ?? "none"}>
              <th scope="row">
                {l.id ? <Link to={`/reach/schools?${filterQuery({ ...filters, localityId: l.id }, { reached: "no", sort: "roll" })}`}>{l.name}</Link> : l.name}
              </th>
              <td>{formatShare(l.coverage)}</td>
              <td>
                {formatCount(l.schoolsReached)} of {formatCount(l.openSchools)}
              </td>
              <td>{formatCount(l.pupils)}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>

      <h2>Not reached in {period}</h2>
      <p className="mb-4" data-list-start="page">
        {describeNotReached(gaps.notReached, gaps.openSchools, rangeText(gaps.notReached.page, 25, gaps.notReached.total))}
        {describeReturnsAwaited(gaps.notReached.awaitingReturns)}
      </p>
      {gaps.notReached.total > 0 ? (
        <GapTable caption={`Open schools not reached in ${period}, largest first`} schools={gaps.notReached.items} awaited={gaps.notReached.returnsAwaited} />
      ) : null}
      <Pagination page={gaps.notReached.page} pageCount={gaps.notReached.pageCount} label="Pages of schools not reached" leaveOut={refused} />

      <h2 className="mt-10">Not reached in {twoYears}</h2>
      <p className="mb-4" data-list-start="page2">
        {describeNotReachedInTwoYears(gaps.twoYears, rangeText(gaps.twoYears.page, 25, gaps.twoYears.total))}
        {describeReturnsAwaited(gaps.twoYears.awaitingReturns)}
      </p>
      {gaps.twoYears.total > 0 ? (
        <GapTable caption={`Open schools not reached in ${twoYears}, largest first`} schools={gaps.twoYears.items} awaited={gaps.twoYears.returnsAwaited} />
      ) : null}
      <Pagination
        page={gaps.twoYears.page}
        pageCount={gaps.twoYears.pageCount}
        param="page2"
        label="Pages of schools not reached in two years"
        leaveOut={refused}
      />
    </>
  );
}
