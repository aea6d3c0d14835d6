import { data, type LoaderFunctionArgs, type MetaFunction, type SerializeFrom } from "@remix-run/node";
import type { ReactNode } from "react";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { LIST_CONTROL_STATE } from "~/components/layout";
import { StageTag } from "~/components/mvp-figures";
import { Pagination, rangeText } from "~/components/pagination";
import { ReachFilterForm, SharedSessionsNote } from "~/components/reach";
import { formatCount } from "~/lib/numbers";
import { formatDate } from "~/lib/dates";
import { pageFrom } from "~/lib/pagination";
import { badRequest } from "~/lib/responses.server";
import {
  filterQuery,
  formatShare,
  OPTIONAL_SCHOOL_COLUMNS,
  parseSchoolTableOptions,
  periodLabel,
  reachYears,
  SCHOOL_PAGE_SIZE,
  schoolTableOrderOffered,
  SHARED_SESSIONS,
  type OptionalSchoolColumn,
  type SchoolSort,
  type SchoolTableOptions,
} from "~/models/reach-rules";
import { schoolTypeLabel } from "~/lib/schools";
import { listSchoolReach, readReachFilters } from "~/models/reach.server";
import { allProblems, readChoices, readSearch, SEARCH_MAX } from "~/lib/filter-choices";
import { FieldProblem, SchoolSearchField } from "~/components/forms";
import { listPageTitle } from "~/lib/page-title";
import { NoteBelow } from "~/components/separators";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: listPageTitle("Every school's reach", data?.list) }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "reach:read-all");
  const params = new URL(args.request.url).searchParams;
  const read = await readReachFilters(params);
  const { filters, options: filterOptions } = read;
  if (!schoolTableOrderOffered(params)) {
    badRequest("That address orders the table, or shows its columns, in a way the page does not offer. Choose from the table's headings and columns.");
  }
  const options = parseSchoolTableOptions(params, pageFrom(params));
  // The table's own fields are checked as the filters are: a value the form does not offer is not used.
  const table = readChoices(params, { reached: { offered: ["yes", "no"], message: "Choose reached, not reached or all schools" } });
  const { search, problem: searchProblem } = readSearch(params, { tooLong: `Enter a school name or URN of ${SEARCH_MAX} characters or fewer` });
  const problems = allProblems(read.problems, table.problems, searchProblem ? { q: searchProblem } : null);
  // The table shows what its form shows: a `reached` or search refused above (or given twice) is "all".
  const reached = table.values.reached;
  const used: SchoolTableOptions = { ...options, search, reached: reached === "yes" || reached === "no" ? reached : "all" };
  const list = await listSchoolReach(user, filters, used);
  return data({ filters, options: used, filterOptions, problems, years: reachYears(), list }, { status: problems ? 400 : 200 });
}

type SchoolRow = SerializeFrom<typeof loader>["list"]["items"][number];
type Column = { sort: SchoolSort; label: string; cell: (school: SchoolRow) => ReactNode; nowrap?: boolean; optional?: OptionalSchoolColumn };

/** The table's columns after the school; the optional ones show only when chosen (or sorted by). */
const COLUMNS: Column[] = [
  { sort: "pupils", label: "Pupils reached", cell: (s) => formatCount(s.pupils) },
  { sort: "share", label: "Attendances ÷ roll", cell: (s) => formatShare(s.share) },
  { sort: "deliveries", label: SHARED_SESSIONS.schoolColumn, cell: (s) => formatCount(s.deliveries) },
  { sort: "topics", label: "Topics", cell: (s) => (s.topics.length ? s.topics.join(", ") : "None"), optional: "topics" },
  { sort: "lastDelivery", label: "Last session", cell: (s) => (s.lastDelivery ? formatDate(s.lastDelivery) : "None"), nowrap: true },
  { sort: "mvpStage", label: "MVP stage", cell: (s) => <StageTag stage={s.mvpStage} />, nowrap: true },
  { sort: "mentorsTrained", label: "Mentors trained", cell: (s) => formatCount(s.mentorsTrained), optional: "mentorsTrained" },
  { sort: "mvpPupils", label: "Pupils reached by MVP", cell: (s) => formatCount(s.mvpPupils), optional: "mvpPupils" },
  { sort: "surveyResponses", label: "Survey responses", cell: (s) => formatCount(s.surveyResponses), optional: "surveyResponses" },
];

const SCHOOL_COLUMN = { sort: "name" as const, label: "School" };

const OPTIONAL_LABELS: Record<OptionalSchoolColumn, string> = Object.fromEntries(COLUMNS.flatMap((c) => (c.optional ? [[c.optional, c.label]] : []))) as Record<
  OptionalSchoolColumn,
  string
>;

/** The choice of the less-used columns: checkboxes in the GET filter form, so it works without JavaScript. */
function ColumnChoice({ chosen }: { chosen: readonly OptionalSchoolColumn[] }) {
  return (
    <fieldset className="mb-4 md:col-span-2 lg:col-span-3">
      <legend className="label">More columns (each school&apos;s page has them all)</legend>
      <div className="flex flex-wrap gap-x-8 gap-y-2">
        {OPTIONAL_SCHOOL_COLUMNS.map((column) => (
          <div key={column} className="flex items-center gap-2">
            <input type="checkbox" id={`column-${column}`} name="column" value={column} defaultChecked={chosen.includes(column)} className="h-6 w-6" />
            <label htmlFor={`column-${column}`}>{OPTIONAL_LABELS[column]}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * How a screen reader hears a column's order: names go A to Z, the last session newest or oldest first, the
 * MVP stage (in the order a school goes through them) furthest or earliest first, topics by how many, figures
 * largest or smallest first.
 */
function sortOrderWords(sort: SchoolSort, descending: boolean) {
  if (sort === "name") return descending ? "Z to A" : "A to Z";
  if (sort === "lastDelivery") return descending ? "newest first" : "oldest first";
  if (sort === "mvpStage") return descending ? "furthest stage first" : "earliest stage first";
  if (sort === "topics") return descending ? "most topics first" : "fewest topics first";
  return descending ? "largest first" : "smallest first";
}

/** A column heading that sorts by it: a plain link, so it works without JavaScript. */
function SortHeader({
  column,
  sort,
  descending,
  leaveOut,
}: {
  column: { sort: SchoolSort; label: string };
  sort: SchoolSort;
  descending: boolean;
  /** Filters the page refused (readReachFilters), not carried to the sorted page. */
  leaveOut: readonly string[];
}) {
  const location = useLocation();
  const active = column.sort === sort;
  const params = new URLSearchParams(location.search);
  for (const name of leaveOut) params.delete(name);
  params.set("sort", column.sort);
  // A second press turns the order round; names start A to Z, figures largest first.
  const nextDescending = active ? !descending : column.sort !== "name";
  params.set("dir", nextDescending ? "desc" : "asc");
  params.delete("page");
  return (
    <th scope="col" aria-sort={active ? (descending ? "descending" : "ascending") : undefined}>
      <Link to={`?${params}`} state={LIST_CONTROL_STATE}>
        {column.label}
        {active ? <span aria-hidden="true">{descending ? " ▼" : " ▲"}</span> : null}
        <span className="sr-only">{active ? `, sorted ${sortOrderWords(column.sort, descending)}` : ", sort by this column"}</span>
      </Link>
    </th>
  );
}

export default function ReachSchools() {
  const { filters, options, filterOptions, problems, years, list } = useLoaderData<typeof loader>();
  const refused = Object.keys(problems ?? {});
  const period = periodLabel(filters);
  const shown = COLUMNS.filter((column) => !column.optional || options.columns.includes(column.optional));
  return (
    <>
      <p className="mb-4">
        <Link to={`/reach?${filterQuery(filters)}`}>Back to the reach dashboard</Link>
      </p>
      <h1>Every school&apos;s reach</h1>
      <ReachFilterForm filters={filters} options={filterOptions} years={years} problems={problems}>
        <div className="mb-4">
          <SchoolSearchField id="reach-q" label="School name or URN" value={options.search} problem={problems?.q} />
        </div>
        <div className="mb-4">
          <label htmlFor="reach-reached" className="label">
            Reached by a session
          </label>
          <FieldProblem id="reach-reached" problem={problems?.reached} />
          <select
            id="reach-reached"
            name="reached"
            defaultValue={options.reached === "all" ? "" : options.reached}
            aria-describedby={problems?.reached ? "reach-reached-error" : undefined}
            aria-invalid={problems?.reached ? true : undefined}
            className="input"
          >
            <option value="">All schools</option>
            <option value="yes">Reached</option>
            <option value="no">Not reached</option>
          </select>
        </div>
        <ColumnChoice chosen={options.columns} />
        <input type="hidden" name="sort" value={options.sort} />
        <input type="hidden" name="dir" value={options.descending ? "desc" : "asc"} />
      </ReachFilterForm>
      {/* Where focus goes after a sort or another page (useFocusAfterNavigation): the rows start here, below the filters. */}
      <p className="mb-4" role="status" data-list-start="sort dir page">
        {list.total === 0 ? "No schools match these filters." : `Schools ${rangeText(list.page, SCHOOL_PAGE_SIZE, list.total)}.`}
      </p>
      {list.total > 0 ? (
        <div className="mb-2 overflow-x-auto" role="region" aria-labelledby="schools-caption" tabIndex={0}>
          <table className="text-base" aria-describedby="schools-sessions-note">
            <caption id="schools-caption">Schools&apos; reach, {period}. Select a heading to sort.</caption>
            <thead>
              <tr>
                <SortHeader column={SCHOOL_COLUMN} sort={options.sort} descending={options.descending} leaveOut={refused} />
                {shown.map((column) => (
                  <SortHeader key={column.sort} column={column} sort={options.sort} descending={options.descending} leaveOut={refused} />
                ))}
              </tr>
            </thead>
            <tbody>
              {list.items.map((school) => (
                <tr key={school.id}>
                  <th scope="row">
                    <Link to={`/reach/schools/${school.id}`}>{school.name}</Link>
                    <NoteBelow className="font-normal text-muted">
                      {school.locality ?? "No locality"}, {schoolTypeLabel(school.type)}
                      {school.numberOnRoll ? `, ${formatCount(school.numberOnRoll)} on roll` : ""}
                      {school.open ? "" : ", closed"}
                    </NoteBelow>
                  </th>
                  {shown.map((column) => (
                    <td key={column.sort} className={column.nowrap ? "whitespace-nowrap" : undefined}>
                      {column.cell(school)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {list.total > 0 ? <SharedSessionsNote id="schools-sessions-note" of="school" /> : null}
      <Pagination page={list.page} pageCount={list.pageCount} label="Pages of schools" leaveOut={refused} />
    </>
  );
}
