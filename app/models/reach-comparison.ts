/**
 * Which dates a figure is compared with. A year (or term) still under way is compared with the same
 * dates a year earlier, never with the whole of last year: three months of sessions against twelve
 * always reads as a fall. A period that is over is compared whole with the whole one before it.
 * Every page that sets one year's figures beside another's asks `comparisonWindow`
 * (docs/decisions/0056-compare-like-with-like.md).
 */
import { formatAcademicYear } from "~/lib/academic-year";
import { formatDate, londonDayEnd, londonDayStart } from "~/lib/dates";
import { londonDateInputValue } from "~/lib/london-time";
import { FIRST_REACH_YEAR, filterPeriod, periodLabel, type Period, type ReachFilters } from "~/models/reach-rules";

export type ComparisonWindow = {
  /** The period shown: the whole year or term, or its part up to the end of today (London). */
  current: Period;
  /** The same span one year earlier: the same calendar dates, or the whole previous year or term. */
  previous: Period;
  /** True when the period is still under way (or not begun), so both spans stop at today's date. */
  toDate: boolean;
  /** False before the period's first day: both spans are empty and there is nothing to compare yet. */
  begun: boolean;
  /** The academic year the previous span belongs to (the year that starts in it). */
  previousYear: number;
  /** What the previous span is, for "compared with …": "1 September to 29 November 2025", or "2025/26". */
  previousLabel: string;
  /** What the current span is: "1 September to 29 November 2026", or "2026/27". */
  currentLabel: string;
  /**
   * What each figure is set beside, for "up 4 on …": "Summer term 2024/25" or "2024/25" for a whole
   * period, "the same dates in Autumn term 2025/26" while it is under way; null before it has begun.
   */
  previousFigureLabel: string | null;
};

/** "YYYY-MM-DD" of the same calendar day a year earlier; 29 February becomes 28 February. */
export function sameDayAYearEarlier(isoDate: string): string {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  const leapDay = month === 2 && day === 29;
  return `${year - 1}-${String(month).padStart(2, "0")}-${String(leapDay ? 28 : day).padStart(2, "0")}`;
}

/** "1 September to 29 November 2025"; "1 September 2025 to 2 January 2026" across a new year; one day alone. */
function spanLabel(firstDay: string, lastDay: string): string {
  const [first, last] = [formatDate(londonDayStart(firstDay)), formatDate(londonDayStart(lastDay))];
  if (firstDay === lastDay) return last;
  return firstDay.slice(0, 4) === lastDay.slice(0, 4) ? `${first.replace(/ \d+$/, "")} to ${last}` : `${first} to ${last}`;
}

const dayBefore = (instant: Date) => londonDateInputValue(new Date(instant.getTime() - 1));

/**
 * The spans to compare for the chosen year (and term) at the moment `now`, in London time.
 * - Over (its last London day has ended, or ends today at midnight): the whole period against the
 *   whole period a year earlier.
 * - Under way: from its first day to the end of today, against its first day a year earlier to the end
 *   of the same calendar date a year earlier (29 February against 28 February). Days are London days,
 *   so a clock change between the two years moves no session across the line.
 * - Not begun yet (a later term of this year): both spans are empty, and the labels name the periods
 *   alone, so nothing reads as a comparison.
 */
export function comparisonWindow(filters: Pick<ReachFilters, "year" | "term">, now = new Date()): ComparisonWindow {
  const whole = filterPeriod(filters);
  const wholeBefore = filterPeriod({ year: filters.year - 1, term: filters.term });
  const today = londonDateInputValue(now);
  const endOfToday = londonDayEnd(today);
  const previousPeriod = periodLabel({ year: filters.year - 1, term: filters.term });
  if (endOfToday.getTime() >= whole.end.getTime()) {
    return {
      current: whole,
      previous: wholeBefore,
      toDate: false,
      begun: true,
      previousYear: filters.year - 1,
      previousLabel: previousPeriod,
      currentLabel: periodLabel(filters),
      previousFigureLabel: previousPeriod,
    };
  }
  if (now.getTime() < whole.start.getTime()) {
    return {
      current: { start: whole.start, end: whole.start },
      previous: { start: wholeBefore.start, end: wholeBefore.start },
      toDate: true,
      begun: false,
      previousYear: filters.year - 1,
      previousLabel: previousPeriod,
      currentLabel: periodLabel(filters),
      previousFigureLabel: null,
    };
  }
  const endBefore = londonDayEnd(sameDayAYearEarlier(today));
  return {
    current: { start: whole.start, end: endOfToday },
    previous: { start: wholeBefore.start, end: endBefore },
    toDate: true,
    begun: true,
    previousYear: filters.year - 1,
    previousLabel: spanLabel(londonDateInputValue(wholeBefore.start), dayBefore(endBefore)),
    currentLabel: spanLabel(londonDateInputValue(whole.start), today),
    previousFigureLabel: `the same dates in ${previousPeriod}`,
  };
}

/** "2025/26" for a whole year; "2026/27 so far" while it is under way, for tables with a row per year. */
export function yearLabel(year: number, now = new Date()): string {
  return comparisonWindow({ year, term: null }, now).toDate ? `${formatAcademicYear(year)} so far` : formatAcademicYear(year);
}

/**
 * Which spans the headline figures compare, as the pages describe them; `yearWide…` for the figures
 * counted for the whole academic year whatever the term (mentors trained, surveys and their core items),
 * which stop at today's date in both years while the year is under way. A `…FigureLabel` names what a
 * figure is set beside ("Summer term 2024/25", "the same dates in 2024/25"), or is null when the period
 * has not begun and there is nothing to compare.
 */
export type ComparisonLabels = {
  toDate: boolean;
  begun: boolean;
  currentLabel: string;
  previousLabel: string;
  previousFigureLabel: string | null;
  yearWideToDate: boolean;
  yearWidePreviousLabel: string;
  yearWidePreviousFigureLabel: string | null;
  /**
   * Why there is nothing to compare with, when the year before is one the service has no figures for
   * (before FIRST_REACH_YEAR): its zeros mean "no figures", not "none", so no change is claimed against them.
   */
  noPreviousFigures: string | null;
};

/**
 * The windows of the headline figures: `window` for those a term narrows, `yearWide` for those of the
 * whole academic year (the same window when no term is chosen), and the labels the pages show for both.
 */
export function headlineComparison(filters: Pick<ReachFilters, "year" | "term">, now = new Date()) {
  const window = comparisonWindow(filters, now);
  // A finished autumn term must not set this year's surveys so far against the whole of last year's.
  const yearWide = filters.term ? comparisonWindow({ year: filters.year, term: null }, now) : window;
  const labels: ComparisonLabels = {
    toDate: window.toDate,
    begun: window.begun,
    currentLabel: window.currentLabel,
    previousLabel: window.previousLabel,
    previousFigureLabel: window.previousFigureLabel,
    yearWideToDate: yearWide.toDate,
    yearWidePreviousLabel: yearWide.previousLabel,
    yearWidePreviousFigureLabel: yearWide.previousFigureLabel,
    noPreviousFigures: filters.year <= FIRST_REACH_YEAR ? `Nothing to compare: the service's figures begin in ${formatAcademicYear(FIRST_REACH_YEAR)}` : null,
  };
  return { window, yearWide, labels };
}
