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

/** The earliest date any record here can hold: the MVP programme's records start in 2015/16. */
const EARLIEST_RECORD_DATE = "2015-09-01";

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
  /** A filter over records (the audit log): 2015/16 to the end of next academic year. */
  recordFilter: (now: Date): DateWindow => ({ earliest: EARLIEST_RECORD_DATE, latest: yearEnd(academicYearOf(now) + 1) }),
};

type WindowOf = (now: Date) => DateWindow;

/**
 * What is wrong with `value` as the `what` of a form ("the date of the lesson"), or null when it is a
 * real "YYYY-MM-DD" date inside `window`. `invalid` replaces the message for text that is not a date.
 */
export function dateProblem(what: string, value: string, window: DateWindow, invalid?: string): string | null {
  if (!isIsoDate(value)) return invalid ?? `The ${what} must be a real date, like 26/11/2026`;
  const today = londonDateInputValue(new Date());
  if (value < window.earliest) {
    return window.earliest === today ? `The ${what} must be today or later` : `The ${what} must be on or after ${formatDate(window.earliest)}`;
  }
  if (value > window.latest) {
    return window.latest === today ? `The ${what} must be today or in the past` : `The ${what} must be on or before ${formatDate(window.latest)}`;
  }
  return null;
}

/**
 * The Zod schema of a required date field sent by a date input ("YYYY-MM-DD"), within the window of
 * its kind from `DATE_WINDOWS`, worked out when the form is checked. `.optional()` works as usual.
 */
export function dateField(what: string, windowOf: WindowOf, { invalid }: { invalid?: string } = {}) {
  return z
    .string({ required_error: `Enter the ${what}` })
    .trim()
    .min(1, `Enter the ${what}`)
    .superRefine((value, ctx) => {
      const problem = dateProblem(what, value, windowOf(new Date()), invalid);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}

/** The `min` and `max` a date input shows for a kind of field, the same window its schema enforces. */
export function dateInputLimits(windowOf: WindowOf, now = new Date()): { min: string; max: string } {
  const { earliest, latest } = windowOf(now);
  return { min: earliest, max: latest };
}
