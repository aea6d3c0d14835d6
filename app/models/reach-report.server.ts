/**
 * The reach report for the board: the dashboard's figures in the form they may take once they leave the
 * platform. DOMAIN.md ("Small numbers"): figures in shared reports follow UK statistical practice, so the
 * report applies the same rules as the files for publication (app/models/disclosure.ts, decisions 0045,
 * 0109 and 0113), here on the server, so the exact figures never reach the page or its data.
 */
import type { Actor } from "~/auth/actor";
import {
  FEW_SCHOOLS,
  isWithheldSum,
  publishedChange,
  publishedCount,
  publishedPhase,
  publishedSessions,
  WITHHELD,
  type PublishedPhase,
} from "~/models/disclosure";
import { SCHOOL_YEAR_GROUPS } from "~/lib/year-groups";
import { headlineComparison } from "~/models/reach-comparison";
import type { ReachFilters } from "~/models/reach-rules";
import { withheldCounts } from "./reach-export.server";
import { getReachDashboard, scopeOf, type CoreItemResult, type Headline, type LocalityReach, type ShownCount } from "./reach.server";
import { readingOnceEach } from "./reach-queries.server";
import {
  fewSchoolsCountsWithheld,
  fewLeftOnDates,
  fewSchoolsFigures,
  hasFewSchoolsWithFigures,
  PUBLISHED_COUNTS,
  schoolsWithSmallParts,
  smallReportParts,
  type PublishedCount,
} from "./reach-small-cells.server";
import { coreItemsArePublished, publishedCoreItems } from "./core-item-publication.server";
import { academicYearHasClosed } from "~/lib/academic-year";

/**
 * A core item as published (decision 0124): each phase's responses as a published count and its share
 * agreeing rounded, of a base rounded down to fives, or withheld (`publishedPhase`); the change is between
 * the shares printed. No exact share, mean or count is kept.
 */
export type PublishedCoreItem = Pick<CoreItemResult, "coreKey" | "prompt" | "reverseScored"> & {
  before: PublishedPhase;
  after: PublishedPhase;
  change: { points: number | null };
};

export function publishedCoreItem({ coreKey, prompt, reverseScored, before, after }: CoreItemResult): PublishedCoreItem {
  const [shownBefore, shownAfter] = [publishedPhase(before), publishedPhase(after)];
  return { coreKey, prompt, reverseScored, before: shownBefore, after: shownAfter, change: { points: publishedChange(shownBefore, shownAfter) } };
}

/**
 * The core items of a board report (decision 0155): a finished year's, over the whole area, as first
 * published and kept, beside the year before's kept the same way (`previous` is empty where that year's
 * are not published); or why there are none. `narrowed`: the report has a filter but the year. `under way`:
 * the year is not over. `few schools`: fewer than FEW_SCHOOLS schools have any figure in the year.
 * `wholeYear` is the year whose whole-area report gives them, to link to: the report's own year once it is
 * over, or the year before while it is under way; null where that report gives none either.
 */
export type ReportCoreItems =
  | { shown: true; items: PublishedCoreItem[]; previous: PublishedCoreItem[] }
  | { shown: false; why: "narrowed" | "under way" | "few schools"; wholeYear: number | null };

const hasFilterButTheYear = (filters: ReachFilters) =>
  Boolean(filters.localityId || filters.localAuthority || filters.schoolType || filters.topicId || filters.term);

/** The core items a board report for `filters` publishes at `now` (`ReportCoreItems`). Lead only. */
async function reportCoreItems(actor: Actor, filters: ReachFilters, now: Date): Promise<ReportCoreItems> {
  const closed = academicYearHasClosed(filters.year, now);
  const notGiven = async (why: Extract<ReportCoreItems, { shown: false }>["why"]): Promise<ReportCoreItems> => {
    const latest = closed ? filters.year : filters.year - 1;
    return { shown: false, why, wholeYear: (await coreItemsArePublished(actor, latest, now)) ? latest : null };
  };
  if (hasFilterButTheYear(filters)) return notGiven("narrowed");
  if (!closed) return notGiven("under way");
  const [items, previous] = await Promise.all([publishedCoreItems(actor, filters.year, now), publishedCoreItems(actor, filters.year - 1, now)]);
  if (!items) return notGiven("few schools");
  return { shown: true, items: items.map(publishedCoreItem), previous: (previous ?? []).map(publishedCoreItem) };
}

/**
 * A headline with every count of people in its published form, or "withheld" where `withheld` has it, its
 * sessions as `publishedSessions` gives them, and no share of the roll (with the public roll it gives the count).
 */
function publishedHeadline(headline: Headline, withheld: ReadonlySet<PublishedCount>): Headline<ShownCount> {
  const count = (key: PublishedCount) => (withheld.has(key) ? WITHHELD : publishedCount(headline[key]));
  return {
    ...headline,
    pupils: count("pupils"),
    deliveries: publishedSessions(count("pupils"), headline.deliveries),
    mentorsTrained: count("mentorsTrained"),
    mvpPupils: count("mvpPupils"),
    surveyResponses: count("surveyResponses"),
    rollShare: null,
  };
}

/**
 * Whether the report's figures are a few schools' (perhaps one's), so that the rules of decisions 0113 and
 * 0117 apply: any filter but the year narrows them, as an area, a type of school, a topic or a term can
 * each leave one school in them (a topic only one school took), and the report with no filter but the year
 * is a few schools' when fewer than `FEW_SCHOOLS` schools have any figure in the year
 * (`hasFewSchoolsWithFigures`, asked only then).
 */
async function isNarrowed(filters: ReachFilters, year: number): Promise<boolean> {
  if (hasFilterButTheYear(filters)) return true;
  return hasFewSchoolsWithFigures(scopeOf(filters), year);
}

/**
 * The counts a report of a few schools (`isNarrowed`) withholds throughout: its totals are a few localities'
 * or a few schools' within them, so a count withheld in any of its locality rows (`rows`) is withheld in the
 * headline and its breakdowns too. Over many schools, `fewSchoolsFigures` says which are withheld.
 */
function withheldThroughout(rows: ReadonlyMap<string, ReadonlySet<PublishedCount>>): Set<PublishedCount> {
  return new Set([...rows.values()].flatMap((counts) => [...counts]));
}

/** The report's filters for another academic year, for the whole of it: the parts that count are the year's. */
const yearOf = (filters: ReachFilters, year: number): ReachFilters => ({ ...filters, year, term: null });

/**
 * The counts a report with `filters` withholds throughout for another academic year, by that year's own
 * figures: on a narrowed report, as `withheldThroughout`; over many schools, those that are a few schools'
 * in that year and hold a small part (`fewSchoolsCountsWithheld`).
 */
async function withheldInYear(actor: Actor, filters: ReachFilters, year: number): Promise<Set<PublishedCount>> {
  if (await isNarrowed(filters, year)) return withheldThroughout(await withheldCounts(actor, yearOf(filters, year)));
  return fewSchoolsCountsWithheld(year, () => schoolsWithSmallParts(scopeOf(filters), year));
}

/**
 * The board report's figures for `filters`, for an actor who may read all reach (checked by
 * `getReachDashboard`): the dashboard's headline, core items and chart figures, with every count of pupils,
 * mentors and survey responses published as "<5" (1 to 4) or rounded down to a multiple of 5, shares of
 * the roll left out, and a locality's count "withheld" wherever the localities file withholds it (one of its
 * schools has 1 to 4 of it, in this file's filters or in any term or topic of the year), and throughout a
 * report of a few schools (`isNarrowed`: any filter but the year, or fewer than `FEW_SCHOOLS` schools with
 * figures in the year; `withheldThroughout`), the figures it is compared with by the same rule for their own
 * year. On a report of a few schools the month and year-group tables are withheld whole when one of its
 * schools has 1 to 4 pupils in a month and topic, or in a term, topic and year group, of the year
 * (`smallReportParts`, decisions 0117 and 0121); a withheld year-group table lists every year group,
 * so that which had pupils says nothing. Over many schools, a month, topic or year-group table is withheld whole
 * when it adds a part of 1 to 4 to another (`isWithheldSum`, decision 0121), and a count or a table whose row is
 * a few schools' with a small part among them is withheld as a narrowed report's would be (`fewSchoolsFigures`,
 * decision 0165). Sessions are shown as the pupils beside them (`publishedSessions`); counts of schools are not
 * about pupils and stay exact; survey results keep their own rules (decision 0044), which already hold everywhere. Core items are given only by the
 * report of the whole area for a finished year, as first published and kept, with their shares as `publishedCoreItem` gives
 * them (`ReportCoreItems`, decisions 0124 and 0155); the dashboard keeps its exact core items for any filter and the year so far.
 */
export const getBoardReport = readingOnceEach(async function getBoardReport(actor: Actor, filters: ReachFilters, now: Date = new Date()) {
  const { window, yearWide } = headlineComparison(filters, now);
  const earlierYears = [...new Set([window.previousYear, yearWide.previousYear])].filter((year) => year !== filters.year);
  const smallParts = schoolsWithSmallParts(scopeOf(filters), filters.year);
  const [dashboard, withheld, narrowed, earlier, coreItems] = await Promise.all([
    getReachDashboard(actor, filters, now, { coreItems: false, byGroup: true }),
    withheldCounts(actor, filters, smallParts),
    isNarrowed(filters, filters.year),
    Promise.all(earlierYears.map((year) => withheldInYear(actor, filters, year))),
    reportCoreItems(actor, filters, now),
  ]);
  const rows = {
    topicIds: dashboard.topics.filter((t) => t.pupils > 0).map((t) => t.id),
    yearGroups: dashboard.yearGroups.filter((y) => y.pupils > 0).map((y) => y.yearGroup),
    months: dashboard.months.filter((m) => m.pupils > 0).map((m) => m.month),
  };
  const few = narrowed ? null : await fewSchoolsFigures(filters.year, rows, smallParts);
  // Over many schools the headline stays published, so a table of its parts is withheld whole when it adds
  // a part of 1 to 4 to another (isWithheldSum): shown, four months of "<5" beside 380 under a headline of
  // 384 shown as 380 would each be exactly 1 (decision 0121); or when a row of it is a few schools' with a
  // small part among them (decision 0165).
  const small = few
    ? {
        months: few.months || isWithheldSum(dashboard.months.map((m) => m.pupils)),
        yearGroups: few.yearGroups || isWithheldSum(dashboard.yearGroups.map((y) => y.pupils)),
        topics: few.topics || isWithheldSum(dashboard.topics.map((t) => t.pupils)),
      }
    : { ...(await smallReportParts(scopeOf(filters), filters.year)), topics: false };
  const throughout = few ? few.counts : withheldThroughout(withheld);
  // The figures compared with are the same dates a year earlier while the year is under way: judged by the
  // schools in them, not in that whole year, a count of fewer than FEW_SCHOOLS schools is withheld (by the
  // 20th of September, two schools' 26 and 4 were "30", and the reader's own 26 left the other's 4 to 8).
  // A whole finished year is judged by its own report's rules (`earlier`), which publish a few schools'
  // count with no small part among them; withheld here too, the comparison would hide what that report shows.
  const ownSpan = window.toDate || filters.term !== null;
  // Over many schools, also where the schools left out by the narrowed reports' figures on those dates, around
  // a small part of that year, are few on them: 339 on the first 20 days as "335", less the secondary schools'
  // "330" and the reader's own 8, left a unit's 1 (decision 0193).
  const fewEarlier = ownSpan
    ? [
        ...PUBLISHED_COUNTS.filter((key) => dashboard.previousSchoolsWith[key] > 0 && dashboard.previousSchoolsWith[key] < FEW_SCHOOLS),
        ...(narrowed ? [] : await fewLeftOnDates(scopeOf(filters), window.previousYear, dashboard.previousSchoolsWithByGroup!)),
      ]
    : [];
  const throughoutEarlier = new Set([...throughout, ...earlier.flatMap((counts) => [...counts]), ...fewEarlier]);
  const pupils = (count: number): ShownCount => (throughout.has("pupils") ? WITHHELD : publishedCount(count));
  const localities = dashboard.localities.map((l): LocalityReach<ShownCount> => {
    const count = (key: PublishedCount) => (withheld.get(l.id ?? "")?.has(key) || throughout.has(key) ? WITHHELD : publishedCount(l[key]));
    return {
      ...l,
      pupils: count("pupils"),
      deliveries: publishedSessions(count("pupils"), l.deliveries),
      mentorsTrained: count("mentorsTrained"),
      mvpPupils: count("mvpPupils"),
      surveyResponses: count("surveyResponses"),
      rollShare: null,
    };
  });
  return {
    comparison: dashboard.comparison,
    headline: publishedHeadline(dashboard.headline, throughout),
    previousHeadline: publishedHeadline(dashboard.previousHeadline, throughoutEarlier),
    coreItems,
    months: dashboard.months.map((m) => ({ ...m, pupils: small.months ? WITHHELD : pupils(m.pupils) })),
    // Withheld, the topics go in the order of their titles: in the order of their pupils, they would rank them.
    topics: (small.topics ? [...dashboard.topics].sort((a, b) => a.title.localeCompare(b.title, "en-GB")) : dashboard.topics).map((t) => {
      const shown = small.topics ? WITHHELD : pupils(t.pupils);
      return { ...t, pupils: shown, deliveries: publishedSessions(shown, t.deliveries) };
    }),
    localities,
    yearGroups: small.yearGroups
      ? SCHOOL_YEAR_GROUPS.map((yearGroup): { yearGroup: number; pupils: ShownCount } => ({ yearGroup, pupils: WITHHELD }))
      : dashboard.yearGroups.map((y) => ({ ...y, pupils: pupils(y.pupils) })),
  };
});
