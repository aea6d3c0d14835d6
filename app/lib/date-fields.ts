/**
 * The dates a form or an address may give, each field with its own window, all from one place. A date
 * outside its window is almost always a typing slip or a hand-made request, and years such as 9999
 * break date arithmetic further on, so the schema refuses them with a message by the field and the
 * date input shows the same window as its `min` and `max`.
 */
import { z } from "zod";
import { academicYearOf } from "./academic-year";
import { formatDate, isIsoDate } from "./dates";
import { londonDateInputValue } from "./london-time";
import { withoutFormatCharacters } from "./fixed-form";
import { inFixedForm } from "./text-fields";

/** The earliest date any record here can hold: the MVP programme's records start in 2015/16. */
const EARLIEST_RECORD_DATE = "2015-09-01";

/**
 * The earliest day a school's opening or closing may be. London's clocks kept local mean time before
 * 1848, which London time here does not model; and a school open since before then counts in every
 * period these records hold (from 2015/16), as one whose opening is not known does.
 */
const EARLIEST_SCHOOL_DATE = "1850-01-01";

/** The first and last "YYYY-MM-DD" days a field accepts, both included. */
export type DateWindow = { earliest: string; latest: string };

const yearStart = (startYear: number) => `${startYear}-09-01`;
const yearEnd = (startYear: number) => `${startYear + 1}-08-31`;

/**
 * Each kind of date field's window, worked out from `now` (academic years run 1 September to 31 August,
 * in London).
 */
export const DATE_WINDOWS = {
  /** A session's date: from the start of last academic year (one already held) to the end of the year after next. */
  delivery: (now: Date): DateWindow => ({ earliest: yearStart(academicYearOf(now) - 1), latest: yearEnd(academicYearOf(now) + 2) }),
  /** A survey's closing date: today to the end of next academic year. */
  surveyClosing: (now: Date): DateWindow => ({ earliest: londonDateInputValue(now), latest: yearEnd(academicYearOf(now) + 1) }),
  /** Something that has already happened (MVP training, lessons, a mentor stopping): 2015/16 to today. */
  past: (now: Date): DateWindow => ({ earliest: EARLIEST_RECORD_DATE, latest: londonDateInputValue(now) }),
  /** A guide page's next review: from the start of last academic year to five years ahead. */
  guideReview: (now: Date): DateWindow => ({ earliest: yearStart(academicYearOf(now) - 1), latest: yearEnd(academicYearOf(now) + 5) }),
  /** A day of a school term: terms are set up from last academic year to the year after next, as sessions are. */
  term: (now: Date): DateWindow => ({ earliest: yearStart(academicYearOf(now) - 1), latest: yearEnd(academicYearOf(now) + 2) }),
  /**
   * The day a school opened: from 1850 to the end of the fifth academic year from now (GIAS lists schools
   * proposed to open, some years ahead; one whose day were left out would count as open in every year).
   */
  schoolOpened: (now: Date): DateWindow => ({ earliest: EARLIEST_SCHOOL_DATE, latest: yearEnd(academicYearOf(now) + 5) }),
  /** The day a school closed: from 1850 to today (a school recorded as closed has closed). */
  schoolClosed: (now: Date): DateWindow => ({ earliest: EARLIEST_SCHOOL_DATE, latest: londonDateInputValue(now) }),
  /** A filter over records (the audit log): 2015/16 to the end of next academic year. */
  recordFilter: (now: Date): DateWindow => ({ earliest: EARLIEST_RECORD_DATE, latest: yearEnd(academicYearOf(now) + 1) }),
};

type WindowOf = (now: Date) => DateWindow;

// Day, month and a four-digit year, in the UK's order, split by "/", ".", "-" or spaces: 11/02/2027 is 11 February.
const UK_DATE = /^(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4})$/;
// Year, month and day, in ISO 8601's order but typed without its zeros or with "/" or ".": 2027-2-10 is 10 February.
const YEAR_FIRST_DATE = /^(\d{4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})$/;
// The same with a two-digit year, which could be any century: asked for in full rather than guessed.
const SHORT_YEAR_DATE = /^\d{1,2}\s*[/.\- ]\s*\d{1,2}\s*[/.\- ]\s*\d{2}$/;

/**
 * A date as people type it, as "YYYY-MM-DD": that form already (what a date input sends), year, month and day
 * in that order without its zeros ("2027-2-10", "2027/02/10"), or day/month/year in the UK's order
 * ("11/02/2027", "1.2.2027", "11 02 2027"). Null when it is none of these, or is not a real day (31/02/2027).
 */
export function isoDateFrom(value: string): string | null {
  const text = withoutFormatCharacters(value).trim();
  if (isIsoDate(text)) return text;
  const uk = UK_DATE.exec(text);
  const yearFirst = uk ? null : YEAR_FIRST_DATE.exec(text);
  const [year, month, day] = uk ? [uk[3]!, uk[2]!, uk[1]!] : yearFirst ? [yearFirst[1]!, yearFirst[2]!, yearFirst[3]!] : [];
  if (!year) return null;
  const iso = `${year}-${month!.padStart(2, "0")}-${day!.padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

/**
 * What is wrong with `value` as the `what` of a form ("the date of the lesson"), or null when it is a
 * real date (see isoDateFrom) inside `window`. `invalid` replaces the message for text that is not a date.
 */
export function dateProblem(what: string, value: string, window: DateWindow, invalid?: string): string | null {
  const iso = isoDateFrom(value);
  if (!iso) {
    if (SHORT_YEAR_DATE.test(withoutFormatCharacters(value).trim())) return `Enter the year of the ${what} in full, like 26/11/2026`;
    return invalid ?? `The ${what} must be a real date, like 26/11/2026`;
  }
  const today = londonDateInputValue(new Date());
  if (iso < window.earliest) {
    return window.earliest === today ? `The ${what} must be today or later` : `The ${what} must be on or after ${formatDate(window.earliest)}`;
  }
  if (iso > window.latest) {
    return window.latest === today ? `The ${what} must be today or in the past` : `The ${what} must be on or before ${formatDate(window.latest)}`;
  }
  return null;
}

/**
 * The Zod schema of a required date field, within the window of its kind from `DATE_WINDOWS`, worked
 * out when the form is checked. It accepts what a date input sends ("YYYY-MM-DD") and a UK date typed
 * where there is no date picker ("11/02/2027"), and gives "YYYY-MM-DD". `.optional()` works as usual.
 */
export function dateField(what: string, windowOf: WindowOf, { invalid }: { invalid?: string } = {}) {
  return inFixedForm(
    z
      .string({ required_error: `Enter the ${what}` })
      .trim()
      .min(1, `Enter the ${what}`)
      .superRefine((value, ctx) => {
        const problem = dateProblem(what, value, windowOf(new Date()), invalid);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .transform((value) => isoDateFrom(value) ?? value),
  );
}

/** The `min` and `max` a date input shows for a kind of field, the same window its schema enforces. */
export function dateInputLimits(windowOf: WindowOf, now = new Date()): { min: string; max: string } {
  const { earliest, latest } = windowOf(now);
  return { min: earliest, max: latest };
}
