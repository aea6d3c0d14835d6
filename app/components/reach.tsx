import { Form, Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { TERMS, formatAcademicYear } from "~/lib/academic-year";
import { formatCount } from "~/lib/numbers";
import { formatPoints } from "~/lib/rounding";
import type { ComparisonLabels } from "~/models/reach-comparison";
import { describePublishedShare, describeShareAgreeing, formatShare, SHARED_SESSIONS, TERM_LABELS, type ReachFilters } from "~/models/reach-rules";
import { SCHOOL_TYPES, schoolTypeLabel } from "~/lib/schools";
import type { PublishedCoreItem } from "~/models/reach-report.server";
import type { CoreItemResult, Headline, LocalityReach, ReachFilterOptions, ShownCount } from "~/models/reach.server";
import type { FilterProblems } from "~/lib/filter-choices";
import { BarChart, ColumnChart } from "./charts";
import { AcademicYearSelect, FilterProblemsSummary, FilterSelect } from "./forms";
import { TableHead } from "./table-head";
import { NoteBelow } from "./separators";
import { Term, Value } from "./summary-list";

/** The lead's filters: a GET form, so it works without JavaScript and the address can be shared. */
export function ReachFilterForm({
  filters,
  options,
  years,
  problems = null,
  children,
}: {
  filters: ReachFilters;
  options: ReachFilterOptions;
  years: number[];
  /**
   * Values in the address that were not used (readReachFilters, and a page's own fields such as the
   * school table's search), shown in a summary linking to `#reach-<field>` and by each field.
   */
  problems?: FilterProblems | null;
  children?: ReactNode;
}) {
  const location = useLocation();
  return (
    <div role="search" aria-labelledby="reach-filters" className="no-print mb-8 border-2 border-line p-4">
      <FilterProblemsSummary id="reach" problems={problems} />
      <Form method="get" key={location.search} className="grid gap-x-6 md:grid-cols-2 lg:grid-cols-3">
        <h2 id="reach-filters" className="md:col-span-2 lg:col-span-3">
          Choose figures
        </h2>
        <AcademicYearSelect idPrefix="reach" years={years} value={filters.year} error={problems?.year} />
        <FilterSelect
          idPrefix="reach"
          name="term"
          error={problems?.term}
          label="Term"
          value={filters.term}
          all="Whole year"
          options={TERMS.map((t) => ({ value: t, label: TERM_LABELS[t] }))}
        />
        <FilterSelect
          idPrefix="reach"
          name="la"
          error={problems?.la}
          label="Local authority"
          value={filters.localAuthority}
          options={options.localAuthorities.map((la) => ({ value: la, label: la }))}
        />
        <FilterSelect
          idPrefix="reach"
          name="locality"
          error={problems?.locality}
          label="Locality"
          value={filters.localityId}
          options={options.localities.map((l) => ({ value: l.id, label: l.name }))}
        />
        <FilterSelect
          idPrefix="reach"
          name="type"
          error={problems?.type}
          label="School type"
          value={filters.schoolType}
          options={SCHOOL_TYPES.map((t) => ({ value: t, label: schoolTypeLabel(t) }))}
        />
        <FilterSelect
          idPrefix="reach"
          name="topic"
          error={problems?.topic}
          label="Session topic"
          value={filters.topicId}
          options={options.topics.map((t) => ({ value: t.id, label: t.title }))}
        />
        {children}
        <p className="flex items-center gap-6 md:col-span-2 lg:col-span-3">
          <button type="submit" className="button button-secondary">
            Show figures
          </button>
          <Link to={location.pathname}>Clear filters</Link>
        </p>
      </Form>
    </div>
  );
}

/** A count as shown: the number with thousands separators, or "<5" or "withheld" as published. */
const formatShown = (count: ShownCount): string => (typeof count === "number" ? formatCount(count) : count);

/**
 * The change from `before` to `now`, in words. `approximate`: both are published forms, rounded down to a
 * multiple of 5, so the true change can be up to 4 either way and is said to be "about" that.
 */
function Change({ now, before, approximate = false }: { now: number; before: number; approximate?: boolean }) {
  const about = approximate ? "about " : "";
  // A published 0 is exactly 0 (only counts from 5 up are rounded), so two of them are the same.
  if (now === before) return <>{approximate && now !== 0 ? "about the same as" : "same as"}</>;
  return <>{now > before ? `up ${about}${formatCount(now - before)} on` : `down ${about}${formatCount(before - now)} on`}</>;
}

/**
 * What a term or topic narrows and what it does not, above the figures: mentors trained and surveys are
 * the academic year's whatever the term, and MVP figures are not by topic.
 */
export function FilterScopeNote({ filters, comparison }: { filters: Pick<ReachFilters, "term" | "topicId">; comparison: ComparisonLabels }) {
  if (!filters.term && !filters.topicId) return null;
  return (
    <p className="mb-4 max-w-3xl">
      {filters.term
        ? `A term narrows sessions and mentor-led lessons; mentors trained and surveys are counted for the whole year${
            comparison.yearWideToDate ? ` so far, against the same dates a year earlier (${comparison.yearWidePreviousLabel})` : ""
          }. `
        : ""}
      {filters.topicId ? "A topic narrows sessions and the surveys around them; MVP figures are not by topic." : ""}
    </p>
  );
}

/** The sentence that says what is compared with what, above the figures. */
export function ComparedWith({ comparison }: { comparison: ComparisonLabels }) {
  return (
    <p className="mb-4 max-w-3xl" data-testid="compared-with">
      {!comparison.begun
        ? `${comparison.currentLabel} has not begun: its sessions and mentor-led lessons have no figures to compare yet.`
        : comparison.noPreviousFigures
          ? `Figures for ${comparison.currentLabel}. ${comparison.noPreviousFigures}.`
          : comparison.toDate
            ? `Figures for ${comparison.currentLabel}, so far, compared with the same dates a year earlier: ${comparison.previousLabel}. Last year's sessions and mentor-led lessons count as they had been recorded by that date, as this year's latest attendance returns and lessons may still be to come; mentors trained count by the day their training was completed, and survey responses by the day they were given.`
            : `The whole of ${comparison.currentLabel}, compared with the whole of ${comparison.previousLabel}.`}
    </p>
  );
}

/** What the before and after columns count, under the table and in place of it (decision 0136). */
const PAIRED_NOTE =
  "Before and after count a session's surveys only where it was surveyed on both sides, item by item (for MVP, a school's surveys only where it has both in the year), so each change compares the same sessions' (or schools') pupils, not one school's pupils with another's.";

/**
 * The headline figures, each beside the same figure for the same span a year earlier, named as that span
 * (a term's figures beside the same term, year-wide figures beside the year); a figure of a period not
 * begun has no comparison. Counts may be published forms (the board report): a change is given only
 * between two numbers, and with `published` it is "about" so (both are rounded down to a multiple of 5)
 * and the share of the roll is left out.
 */
export function HeadlineFigures({
  headline,
  previous,
  comparison,
  id,
  published = false,
}: {
  headline: Headline<ShownCount>;
  previous: Headline<ShownCount>;
  comparison: ComparisonLabels;
  id: string;
  published?: boolean;
}) {
  // Published counts of people are rounded down to a multiple of 5: a change between two is only "about" so.
  const change = (now: ShownCount, before: ShownCount) =>
    typeof now === "number" && typeof before === "number" ? <Change now={now} before={before} approximate={published} /> : undefined;
  const figures: { label: string; value: string; was: string; change?: ReactNode; yearWide?: boolean }[] = [
    {
      label: "Pupils reached by sessions",
      value: formatShown(headline.pupils),
      was: formatShown(previous.pupils),
      change: change(headline.pupils, previous.pupils),
    },
    {
      label: "Sessions delivered",
      value: formatShown(headline.deliveries),
      was: formatShown(previous.deliveries),
      change: change(headline.deliveries, previous.deliveries),
    },
    {
      label: "Schools reached (coverage)",
      value: `${formatCount(headline.schoolsReached)} of ${formatCount(headline.openSchools)} (${formatShare(headline.coverage)})`,
      was: `${formatCount(previous.schoolsReached)} (${formatShare(previous.coverage)})`,
    },
    ...(published ? [] : [{ label: "Attendances as a share of the roll", value: formatShare(headline.rollShare), was: formatShare(previous.rollShare) }]),
    {
      label: "MVP mentors trained (every required module)",
      value: formatShown(headline.mentorsTrained),
      was: formatShown(previous.mentorsTrained),
      change: change(headline.mentorsTrained, previous.mentorsTrained),
      yearWide: true,
    },
    {
      label: "Pupils reached by mentor-led lessons",
      value: formatShown(headline.mvpPupils),
      was: formatShown(previous.mvpPupils),
      change: change(headline.mvpPupils, previous.mvpPupils),
    },
    {
      label: "Survey responses",
      value: formatShown(headline.surveyResponses),
      was: formatShown(previous.surveyResponses),
      change: change(headline.surveyResponses, previous.surveyResponses),
      yearWide: true,
    },
  ];
  return (
    <dl aria-labelledby={id} className="mb-8 grid gap-4 sm:grid-cols-2 lg:grid-cols-4 print:grid-cols-4">
      {figures.map((f) => {
        const last = f.yearWide ? comparison.yearWidePreviousFigureLabel : comparison.previousFigureLabel;
        return (
          <div key={f.label} className="border-l-4 border-brand bg-surface p-4">
            <Term className="font-bold">{f.label}</Term>
            <Value className="text-3xl font-bold" end=", ">
              {f.value}
            </Value>
            {/* Ends with a full stop: the next card's label would otherwise follow the last figure, "(2,373)Sessions delivered". */}
            <Value className="text-base text-muted">
              {last === null ? (
                "Not begun: nothing to compare yet"
              ) : comparison.noPreviousFigures ? (
                comparison.noPreviousFigures
              ) : (
                <>
                  {f.change ? <>{f.change} </> : null}
                  {last}
                  {f.change ? "" : ":"} {f.change ? `(${f.was})` : f.was}
                </>
              )}
            </Value>
          </div>
        );
      })}
    </dl>
  );
}

/**
 * Before and after each core survey item; groups under 10 responses show no figure. With `published` (the
 * board report) the items are their published forms (`PublishedCoreItem`, decision 0124): rounded shares of
 * rounded bases, withheld where they could show 1 to 4 pupils, and changes only between shares shown.
 */
export function CoreItemsTable({
  year,
  comparison,
  ...figures
}: {
  year: number;
  comparison: ComparisonLabels;
} & (
  { items: CoreItemResult[]; previous: CoreItemResult[]; published?: false } | { items: PublishedCoreItem[]; previous: PublishedCoreItem[]; published: true }
)) {
  const rows = figures.published
    ? figures.items.map((item) => ({ ...item, before: describePublishedShare(item.before), after: describePublishedShare(item.after) }))
    : figures.items.map((item) => ({ ...item, before: describeShareAgreeing(item.before), after: describeShareAgreeing(item.after) }));
  const previous: { coreKey: string; change: { points: number | null } }[] = figures.previous;
  if (rows.length === 0) {
    return (
      <p className="panel mb-8">
        No core survey item was shown on both sides of any session (or school, for MVP) in {formatAcademicYear(year)}
        {figures.published ? " when its figures were first published, so this report gives none, now or later." : " for these filters."} {PAIRED_NOTE}
      </p>
    );
  }
  return (
    <>
      <div className="mb-2 overflow-x-auto" role="region" aria-labelledby="core-caption" tabIndex={0}>
        <table className="text-base" aria-describedby="core-paired-note">
          <caption id="core-caption">Pupils agreeing with each core survey item, before and after sessions</caption>
          <TableHead columns={["Item", "Before", "After", "Change", `Change, ${comparison.yearWidePreviousLabel}`]} />
          <tbody>
            {rows.map((item) => {
              return (
                <tr key={item.coreKey}>
                  <th scope="row">
                    {item.prompt}
                    {item.reverseScored ? <NoteBelow className="font-normal text-muted">A fall is the aim</NoteBelow> : null}
                  </th>
                  <td>{item.before}</td>
                  <td>{item.after}</td>
                  <td>{formatPoints(item.change.points)}</td>
                  <td>{formatPoints(previous.find((p) => p.coreKey === item.coreKey)?.change.points ?? null)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="mb-8 max-w-3xl text-muted" id="core-paired-note">
        {PAIRED_NOTE}
      </p>
    </>
  );
}

function LocalityTable({
  localities,
  caption,
  published,
  id = "localities",
}: {
  localities: LocalityReach<ShownCount>[];
  caption: string;
  published: boolean;
  id?: string;
}) {
  return (
    <>
      <div className="mb-2 overflow-x-auto" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
        <table className="text-base" aria-describedby={`${id}-sessions-note`}>
          <caption id={`${id}-caption`}>{caption}</caption>
          <TableHead
            columns={[
              "Locality",
              "Pupils reached",
              "Schools reached",
              "Coverage",
              { label: "Attendances ÷ roll", show: !published },
              SHARED_SESSIONS.localityColumn,
              "Pupils reached by MVP",
            ]}
          />
          <tbody>
            {localities.map((l) => (
              <tr key={l.id ?? "none"}>
                <th scope="row">
                  {l.name}
                  <NoteBelow className="font-normal text-muted">{l.localAuthority}</NoteBelow>
                </th>
                <td>{formatShown(l.pupils)}</td>
                <td>
                  {formatCount(l.schoolsReached)} of {formatCount(l.openSchools)}
                </td>
                <td>{formatShare(l.coverage)}</td>
                {published ? null : <td>{formatShare(l.rollShare)}</td>}
                <td>{formatShown(l.deliveries)}</td>
                <td>{formatShown(l.mvpPupils)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <SharedSessionsNote id={`${id}-sessions-note`} of="locality" />
    </>
  );
}

const SHARED_SESSIONS_NOTES = {
  locality: [SHARED_SESSIONS.localityColumn, SHARED_SESSIONS.localityNote],
  school: [SHARED_SESSIONS.schoolColumn, SHARED_SESSIONS.schoolNote],
  schoolAverages: [SHARED_SESSIONS.schoolColumn, SHARED_SESSIONS.schoolAveragesNote],
} as const;

/**
 * The note under a table of sessions per locality or per school (`of`), naming the column or row it is
 * about: a shared online workshop counts once for each school or locality that joined it, so the figures
 * can add up to more than the sessions delivered. The table points to it with `aria-describedby={id}`.
 */
export function SharedSessionsNote({ id, of }: { id: string; of: keyof typeof SHARED_SESSIONS_NOTES }) {
  const [column, note] = SHARED_SESSIONS_NOTES[of];
  return (
    <p id={id} className="mb-8 max-w-3xl text-base text-muted">
      {column}: {note}
    </p>
  );
}

type ChartData = {
  months: { label: string; short: string; pupils: ShownCount }[];
  topics: { id: string; title: string; pupils: ShownCount; deliveries: ShownCount }[];
  localities: LocalityReach<ShownCount>[];
  yearGroups: { yearGroup: number; pupils: ShownCount }[];
};

/** A chart's bar for a count as shown: the chart draws and names a published "<5" or "withheld" as what it is. */
const bar = (label: string, count: ShownCount, text?: string) => ({ label, value: count, text: text ?? formatShown(count) });

function SimpleTable({ id, caption, headers, rows }: { id: string; caption: string; headers: string[]; rows: (string | number)[][] }) {
  return (
    <div className="mb-10 overflow-x-auto" role="region" aria-labelledby={`${id}-table`} tabIndex={0}>
      <table className="text-base">
        <caption id={`${id}-table`}>{caption}</caption>
        <TableHead columns={headers} />
        <tbody>
          {rows.map(([first, ...rest]) => (
            <tr key={String(first)}>
              <th scope="row">{first}</th>
              {rest.map((cell, i) => (
                <td key={i}>{typeof cell === "number" ? formatCount(cell) : cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The four charts of the dashboard and the board report, each followed by its table; with `published`
 * (the board report) the counts are their published forms and the share of the roll is left out.
 */
export function ReachCharts({ data, period, published = false }: { data: ChartData; period: string; published?: boolean }) {
  return (
    <>
      <section aria-labelledby="chart-months" className="break-inside-avoid">
        <h2 id="chart-months">Pupils reached by month</h2>
        <ColumnChart title={`Pupils reached by sessions each month, ${period}`} items={data.months.map((m) => bar(m.short, m.pupils))} />
        <SimpleTable
          id="months"
          caption={`Pupils reached each month, ${period}`}
          headers={["Month", "Pupils reached"]}
          rows={data.months.map((m) => [m.label, m.pupils])}
        />
      </section>
      <section aria-labelledby="chart-topics" className="break-inside-avoid">
        <h2 id="chart-topics">Pupils reached by topic</h2>
        {data.topics.length ? (
          <>
            <BarChart title={`Pupils reached by each session topic, ${period}`} items={data.topics.map((t) => bar(t.title, t.pupils))} />
            <SimpleTable
              id="topics"
              caption={`Pupils reached by topic, ${period}`}
              headers={["Topic", "Pupils reached", "Sessions"]}
              rows={data.topics.map((t) => [t.title, t.pupils, t.deliveries])}
            />
          </>
        ) : (
          <p className="panel mb-10">No sessions reached pupils in {period} for these filters.</p>
        )}
      </section>
      <section aria-labelledby="chart-localities" className="break-inside-avoid">
        <h2 id="chart-localities">Pupils reached and coverage by locality</h2>
        <BarChart
          title={`Pupils reached in each locality, with the share of its schools reached, ${period}`}
          items={data.localities.map((l) => bar(l.name, l.pupils, `${formatShown(l.pupils)} · ${formatShare(l.coverage)} of schools`))}
        />
        <LocalityTable localities={data.localities} caption={`Reach by locality, ${period}`} published={published} />
      </section>
      <section aria-labelledby="chart-years" className="break-inside-avoid">
        <h2 id="chart-years">Pupils reached by year group</h2>
        <ColumnChart title={`Pupils reached in each year group, ${period}`} items={data.yearGroups.map((y) => bar(`Y${y.yearGroup}`, y.pupils))} />
        <SimpleTable
          id="years"
          caption={`Pupils reached by year group, ${period}`}
          headers={["Year group", "Pupils reached"]}
          rows={data.yearGroups.map((y) => [`Year ${y.yearGroup}`, y.pupils])}
        />
      </section>
    </>
  );
}
