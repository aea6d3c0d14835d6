import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { StageTag } from "~/components/mvp-figures";
import { Pagination, rangeText } from "~/components/pagination";
import { ReachFilterForm } from "~/components/reach";
import { formatCount } from "~/lib/numbers";
import { formatDate } from "~/lib/dates";
import { pageFrom } from "~/lib/pagination";
import {
  filterQuery,
  formatShare,
  parseReachFilters,
  parseSchoolTableOptions,
  periodLabel,
  reachYears,
  SCHOOL_PAGE_SIZE,
  type SchoolSort,
} from "~/models/reach-rules";
import { schoolTypeLabel } from "~/lib/schools";
import { listSchoolReach, reachFilterOptions } from "~/models/reach.server";

export const meta: MetaFunction = () => [{ title: "Every school’s reach – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "reach:read-all");
  const params = new URL(args.request.url).searchParams;
  const filters = parseReachFilters(params);
  const options = parseSchoolTableOptions(params, pageFrom(params));
  const [list, filterOptions] = await Promise.all([listSchoolReach(user, filters, options), reachFilterOptions()]);
  return json({ filters, options, filterOptions, years: reachYears(), list });
}

const COLUMNS: { sort: SchoolSort; label: string }[] = [
  { sort: "name", label: "School" },
  { sort: "pupils", label: "Pupils reached" },
  { sort: "share", label: "Share of roll" },
  { sort: "deliveries", label: "Sessions" },
  { sort: "topics", label: "Topics" },
  { sort: "lastDelivery", label: "Last session" },
  { sort: "mvpStage", label: "MVP stage" },
  { sort: "mentorsTrained", label: "Mentors trained" },
  { sort: "mvpPupils", label: "Pupils reached by MVP" },
  { sort: "surveyResponses", label: "Survey responses" },
];

/** A column heading that sorts by it: a plain link, so it works without JavaScript. */
function SortHeader({ column, sort, descending }: { column: (typeof COLUMNS)[number]; sort: SchoolSort; descending: boolean }) {
  const location = useLocation();
  const active = column.sort === sort;
  const params = new URLSearchParams(location.search);
  params.set("sort", column.sort);
  // A second press turns the order round; names start A to Z, figures largest first.
  const nextDescending = active ? !descending : column.sort !== "name";
  params.set("dir", nextDescending ? "desc" : "asc");
  params.delete("page");
  return (
    <th scope="col" aria-sort={active ? (descending ? "descending" : "ascending") : undefined} className="whitespace-nowrap">
      <Link to={`?${params}`}>
        {column.label}
        {active ? <span aria-hidden="true">{descending ? " ▼" : " ▲"}</span> : null}
        <span className="sr-only">{active ? `, sorted ${descending ? "largest first" : "smallest first"}` : ", sort by this column"}</span>
      </Link>
    </th>
  );
}

export default function ReachSchools() {
  const { filters, options, filterOptions, years, list } = useLoaderData<typeof loader>();
  const period = periodLabel(filters);
  return (
    <>
      <p className="mb-4">
        <Link to={`/reach?${filterQuery(filters)}`}>Back to the reach dashboard</Link>
      </p>
      <h1>Every school’s reach</h1>
      <ReachFilterForm filters={filters} options={filterOptions} years={years}>
        <div className="mb-4">
          <label htmlFor="reach-q" className="label">
            School name or URN
          </label>
          <input id="reach-q" name="q" type="search" defaultValue={options.search} className="input" />
        </div>
        <div className="mb-4">
          <label htmlFor="reach-reached" className="label">
            Reached by a session
          </label>
          <select id="reach-reached" name="reached" defaultValue={options.reached === "all" ? "" : options.reached} className="input">
            <option value="">All schools</option>
            <option value="yes">Reached</option>
            <option value="no">Not reached</option>
          </select>
        </div>
        <input type="hidden" name="sort" value={options.sort} />
        <input type="hidden" name="dir" value={options.descending ? "desc" : "asc"} />
      </ReachFilterForm>
      <p className="mb-4" role="status">
        {list.total === 0 ? "No schools match these filters." : `Schools ${rangeText(list.page, SCHOOL_PAGE_SIZE, list.total)}.`}
      </p>
      {list.total > 0 ? (
        <div className="overflow-x-auto" role="region" aria-labelledby="schools-caption" tabIndex={0}>
          <table className="text-base">
            <caption id="schools-caption">Schools’ reach, {period}. Select a heading to sort.</caption>
            <thead>
              <tr>
                {COLUMNS.map((column) => (
                  <SortHeader key={column.sort} column={column} sort={options.sort} descending={options.descending} />
                ))}
              </tr>
            </thead>
            <tbody>
              {list.items.map((school) => (
                <tr key={school.id}>
                  <th scope="row">
                    <Link to={`/reach/schools/${school.id}`}>{school.name}</Link>
                    <span className="block font-normal text-muted">
                      {school.locality ?? "No locality"}, {schoolTypeLabel(school.type)}
                      {school.numberOnRoll ? `, ${formatCount(school.numberOnRoll)} on roll` : ""}
                      {school.open ? "" : ", closed"}
                    </span>
                  </th>
                  <td>{formatCount(school.pupils)}</td>
                  <td>{formatShare(school.share)}</td>
                  <td>{formatCount(school.deliveries)}</td>
                  <td>{school.topics.length ? school.topics.join(", ") : "None"}</td>
                  <td className="whitespace-nowrap">{school.lastDelivery ? formatDate(school.lastDelivery) : "None"}</td>
                  <td className="whitespace-nowrap">
                    <StageTag stage={school.mvpStage} />
                  </td>
                  <td>{formatCount(school.mentorsTrained)}</td>
                  <td>{formatCount(school.mvpPupils)}</td>
                  <td>{formatCount(school.surveyResponses)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pagination page={list.page} pageCount={list.pageCount} label="Pages of schools" />
    </>
  );
}
