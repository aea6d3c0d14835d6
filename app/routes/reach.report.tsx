import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { ComparedWith, CoreItemsTable, FilterScopeNote, HeadlineFigures, ReachCharts } from "~/components/reach";
import { formatDate } from "~/lib/dates";
import { filterQuery, parseReachFilters, periodLabel } from "~/models/reach-rules";
import { describeFilters } from "~/models/reach-export.server";
import { getReachDashboard } from "~/models/reach.server";

export const meta: MetaFunction = () => [{ title: "Reach report for the board – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "reach:read-all");
  const filters = parseReachFilters(new URL(args.request.url).searchParams);
  const [dashboard, description] = await Promise.all([getReachDashboard(user, filters), describeFilters(filters)]);
  return json({ filters, dashboard, description, preparedOn: formatDate(new Date()) });
}

/** The headline figures, charts and locality table, laid out to print on A4 for the board. */
export default function ReachReport() {
  const { filters, dashboard, description, preparedOn } = useLoaderData<typeof loader>();
  const period = periodLabel(filters);
  return (
    <article className="reach-report">
      <p className="no-print mb-4">
        <Link to={`/reach?${filterQuery(filters)}`}>Back to the reach dashboard</Link>. Use your browser’s print command to print this report or save it as a
        PDF (A4).
      </p>
      <h1>Reach of the Schools Forum, {period}</h1>
      <p className="mb-6">
        {description}. Prepared on {preparedOn}. Figures are exact and for the board: apply the small-number rules before publishing.
      </p>
      <h2 id="report-headline">Headline figures</h2>
      <FilterScopeNote filters={filters} comparison={dashboard.comparison} />
      <ComparedWith comparison={dashboard.comparison} />
      <HeadlineFigures headline={dashboard.headline} previous={dashboard.previousHeadline} comparison={dashboard.comparison} id="report-headline" />
      <h2>Change in the core survey items</h2>
      <CoreItemsTable items={dashboard.coreItems} previous={dashboard.previousCoreItems} year={filters.year} comparison={dashboard.comparison} />
      <ReachCharts data={dashboard} period={period} />
    </article>
  );
}
