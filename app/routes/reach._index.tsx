import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { ComparedWith, CoreItemsTable, FilterScopeNote, HeadlineFigures, ReachCharts, ReachFilterForm } from "~/components/reach";
import { filterParams, filterQuery, periodLabel, reachYears } from "~/models/reach-rules";
import { getReachDashboard, readReachFilters } from "~/models/reach.server";

export const meta: MetaFunction = () => [
  { title: "Reach – VRN Schools Forum" },
  { name: "description", content: "Pupils, schools and localities reached by sessions, MVP and surveys, by academic year." },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "reach:read-all");
  const { filters, options, problems } = await readReachFilters(new URL(args.request.url).searchParams);
  const dashboard = await getReachDashboard(user, filters);
  return data({ filters, options, problems, years: reachYears(), dashboard }, { status: problems ? 400 : 200 });
}

/** Hidden copies of the filters, so the export forms download what the page shows. */
function FilterInputs({ query }: { query: string }) {
  return (
    <>
      {[...new URLSearchParams(query)].map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

/**
 * A table's two downloads. The published form (small numbers suppressed) is the first and main button, as any
 * figure that leaves the VRN must be in it (DOMAIN.md); exact figures are the other, named as the VRN's own.
 * Only the first button's name and value (`publication=1`) go with the form, and only when it is pressed.
 */
function ExportForm({ action, table, query }: { action: string; table: string; query: string }) {
  return (
    // A plain form: the browser downloads the file rather than the app navigating to it.
    <form method="get" action={action} className="mb-4 flex flex-wrap items-center gap-4">
      <FilterInputs query={query} />
      <button type="submit" name="publication" value="1" className="button">
        Download {table} for publication (CSV)
      </button>
      <button type="submit" className="button button-secondary">
        Download {table} with exact figures, for the VRN only (CSV)
      </button>
    </form>
  );
}

export default function ReachDashboard() {
  const { filters, options, problems, years, dashboard } = useLoaderData<typeof loader>();
  const period = periodLabel(filters);
  const query = filterParams(filters).toString();
  return (
    <>
      <h1>Reach</h1>
      <p className="mb-6 max-w-3xl text-xl">Who the sessions, MVP and surveys reached, where, and where not yet.</p>
      <ul className="mb-8 flex flex-wrap gap-x-8 gap-y-2">
        <li>
          <Link to={`/reach/schools?${query}`}>Every school&apos;s reach</Link>
        </li>
        <li>
          <Link to={`/reach/gaps?${query}`}>Gaps: schools not reached</Link>
        </li>
        <li>
          <Link to={`/reach/report?${query}`}>Report for the board (printable)</Link>
        </li>
      </ul>
      <ReachFilterForm filters={filters} options={options} years={years} problems={problems} />

      <h2 id="headline">Headline figures, {period}</h2>
      <FilterScopeNote filters={filters} comparison={dashboard.comparison} />
      <ComparedWith comparison={dashboard.comparison} />
      <HeadlineFigures headline={dashboard.headline} previous={dashboard.previousHeadline} comparison={dashboard.comparison} id="headline" />

      <h2>Change in the core survey items</h2>
      <CoreItemsTable items={dashboard.coreItems} previous={dashboard.previousCoreItems} year={filters.year} comparison={dashboard.comparison} />

      <ReachCharts data={dashboard} period={period} />

      <section aria-labelledby="exports" className="no-print">
        <h2 id="exports">Download as a spreadsheet</h2>
        <p className="mb-4 max-w-3xl">
          CSV files for the filters above, which open in Excel. Anything that leaves the VRN must be the file for publication: counts of 1 to 4 are shown as
          “&lt;5”, other counts are rounded down to a multiple of 5 (“35” means 35 to 39), and survey figures from fewer than 10 responses are left out. The
          file with exact figures is for use inside the VRN only.
        </p>
        <ExportForm action="/reach/schools.csv" table="schools" query={query} />
        <ExportForm action="/reach/localities.csv" table="localities" query={query} />
      </section>
      <p className="no-print mt-8">
        <Link to={`/reach/schools?${filterQuery(filters, { reached: "no" })}`}>Schools not reached in {period}</Link>
      </p>
    </>
  );
}
