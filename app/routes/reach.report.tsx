import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { ComparedWith, CoreItemsTable, FilterScopeNote, HeadlineFigures, ReachCharts } from "~/components/reach";
import { formatDate } from "~/lib/dates";
import { formatAcademicYear } from "~/lib/academic-year";
import { FEW_SCHOOLS } from "~/models/disclosure";
import { filterQuery, periodLabel } from "~/models/reach-rules";
import { describeFilters } from "~/models/reach-export.server";
import { getBoardReport, type ReportCoreItems } from "~/models/reach-report.server";
import { readReachFilters } from "~/models/reach.server";
import { ErrorSummary } from "~/components/forms";

export const meta: MetaFunction = () => [{ title: "Reach report for the board – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "reach:read-all");
  const { filters, problems } = await readReachFilters(new URL(args.request.url).searchParams);
  const [dashboard, description] = await Promise.all([getBoardReport(user, filters), describeFilters(filters)]);
  return data({ filters, problems, dashboard, description, preparedOn: formatDate(new Date()) }, { status: problems ? 400 : 200 });
}

/**
 * The headline figures, charts and locality table, laid out to print on A4 for the board. A report that
 * leaves the service, so its counts follow the small-number rules (app/models/reach-report.server.ts).
 */
export default function ReachReport() {
  const { filters, problems, dashboard, description, preparedOn } = useLoaderData<typeof loader>();
  const period = periodLabel(filters);
  return (
    <article className="reach-report">
      <p className="no-print mb-4">
        <Link to={`/reach?${filterQuery(filters)}`}>Back to the reach dashboard</Link>. Use your browser&apos;s print command to print this report or save it as
        a PDF (A4).
      </p>
      {problems ? (
        // The report has no form of its own: its filters are chosen on the dashboard, which the message points to.
        <div className="no-print">
          <ErrorSummary
            message={`Some filters in this report's address are not used, and the report is made without them: ${Object.values(problems).join("; ")}. Choose filters on the reach dashboard.`}
          />
        </div>
      ) : null}
      <h1>Reach of the Schools Forum, {period}</h1>
      <p className="mb-6">
        {description}. Prepared on {preparedOn}.
      </p>
      <p className="mb-6 max-w-3xl">
        So that no pupil can be picked out once this report is shared, counts of 1 to 4 pupils, mentors or survey responses are shown as &ldquo;&lt;5&rdquo; and
        other counts are rounded down to a multiple of 5 (35 means 35 to 39); a locality&apos;s count is &ldquo;withheld&rdquo; where one of its schools has 1
        to 4 of it, in this period or in any term or topic of the year, and then also in the totals of a report of a few schools (one chosen by area, type of
        school, topic or term, or a year in which fewer than {FEW_SCHOOLS} schools have any figure); such a report also withholds its months or year groups
        where one of its schools has 1 to 4 pupils in a month, or in a year group, of a term and topic. Over many schools, a count or a row of a table that
        fewer than {FEW_SCHOOLS} schools have is withheld where one of them has 1 to 4 (the whole table, for a row), and so is a count where the whole area less
        the reports of areas and types of school that show it would leave fewer than {FEW_SCHOOLS} schools&apos; figure, one of them with 1 to 4. Sessions are
        shown as the pupils beside them are, rounded down or withheld with them, since each recorded at least one pupil. Shares of the roll are left out. Counts
        of schools are exact. Survey responses count every response; each core survey item&apos;s share agreeing counts only surveys with at least 10 responses
        in their results, and is rounded to the nearest 5 percentage points (0% and 100% mean none and all) and given with the range its count of pupils giving
        a view stands for (&ldquo;35 to 39&rdquo;); it is withheld where fewer than 10 pupils gave a view, or where the rounded share could be that of 1 to 4
        pupils agreeing or not agreeing, and a change is given only between two shares shown. Core survey items are given only in the report of the whole area
        for a whole academic year, once it is over, and are then kept as first published. The reach dashboard has the exact figures.
      </p>
      <h2 id="report-headline">Headline figures</h2>
      <FilterScopeNote filters={filters} comparison={dashboard.comparison} />
      <ComparedWith comparison={dashboard.comparison} />
      <HeadlineFigures headline={dashboard.headline} previous={dashboard.previousHeadline} comparison={dashboard.comparison} id="report-headline" published />
      <h2>Change in the core survey items</h2>
      {dashboard.coreItems.shown ? (
        <CoreItemsTable
          items={dashboard.coreItems.items}
          previous={dashboard.coreItems.previous}
          year={filters.year}
          comparison={dashboard.comparison}
          published
        />
      ) : (
        <CoreItemsNotGiven {...dashboard.coreItems} year={filters.year} />
      )}
      <ReachCharts data={dashboard} period={period} published />
    </article>
  );
}

/**
 * Why the report gives no core survey items (decision 0155), and where they are: a share over a few
 * schools or part of a year, beside another report's share of an overlapping pool, could give back a few
 * pupils' answers.
 */
function CoreItemsNotGiven({ why, wholeYear, year }: Extract<ReportCoreItems, { shown: false }> & { year: number }) {
  const wholeReport = wholeYear ? (
    <Link to={`/reach/report?${filterQuery({ year: wholeYear, term: null, localityId: null, localAuthority: null, schoolType: null, topicId: null })}`}>
      the report of the whole area for {formatAcademicYear(wholeYear)}
    </Link>
  ) : null;
  return (
    <div className="panel mb-8 max-w-3xl space-y-2">
      {why === "narrowed" ? (
        <p>
          A report of some schools (chosen by area, type of school, topic or term) gives no core survey items: set beside another report whose schools overlap
          its own, a share could give back a few pupils&apos; answers. They are published only for the whole area and a whole academic year.
        </p>
      ) : why === "under way" ? (
        <p>
          The core survey items for {formatAcademicYear(year)} are published once the year is over, for the whole area, and then kept as they are: a share of
          the year so far, set beside the same share a few days later, could give back one pupil&apos;s answer. The reach dashboard has the figures so far, for
          use inside the VRN.
        </p>
      ) : (
        <p>
          Fewer than {FEW_SCHOOLS} schools have any figure in {formatAcademicYear(year)}, so its core survey items would be a few schools&apos; pupils&apos;
          answers, and are not published.
        </p>
      )}
      {wholeReport ? <p>See {wholeReport}.</p> : null}
    </div>
  );
}
