/**
 * School terms as the VRN lead records them for each academic year (the `Term` rows): autumn, spring
 * and summer, each with a half-term. Dates are London calendar days, "YYYY-MM-DD", both ends included,
 * so they compare as strings. This module holds the rules that need no database: checking a year's
 * terms, suggesting dates for a year with none yet, and whether a session's day is a school day.
 */
import { z } from "zod";
import { editVersionField } from "./edit-version";
import { academicYearOf, formatAcademicYear, TERMS, type Term } from "./academic-year";
import { DATE_WINDOWS, dateField } from "./date-fields";
import { formatDate } from "./dates";
import { wholeNumber } from "./numbers";

/** One term's days: the term, and the half-term holiday inside it. */
export type TermDates = { name: Term; startsOn: string; endsOn: string; halfTermStartsOn: string; halfTermEndsOn: string };

export const TERM_NAMES: Record<Term, string> = { autumn: "Autumn term", spring: "Spring term", summer: "Summer term" };

type DateKey = "startsOn" | "halfTermStartsOn" | "halfTermEndsOn" | "endsOn";

/** The form's field for one date of one term, such as "autumn.startsOn". */
export type TermField = `${Term}.${DateKey}`;

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** The day of the week of a "YYYY-MM-DD" day, 0 for Sunday. Calendar arithmetic: no time zone involved. */
function weekdayOf(isoDate: string): number {
  return new Date(`${isoDate}T12:00:00Z`).getUTCDay();
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The first day on or after `isoDate` that falls on `weekday` (0 Sunday to 6 Saturday). */
function onOrAfter(isoDate: string, weekday: number): string {
  return addDays(isoDate, (weekday - weekdayOf(isoDate) + 7) % 7);
}

/** The last day on or before `isoDate` that falls on `weekday`. */
function onOrBefore(isoDate: string, weekday: number): string {
  return addDays(isoDate, -((weekdayOf(isoDate) - weekday + 7) % 7));
}

const MONDAY = 1;
const FRIDAY = 5;

/**
 * Likely term dates for an academic year (starting in `startYear`), for a year the lead has not set up:
 * the usual pattern of English schools, with each term and half-term starting on a Monday (autumn on the
 * first weekday from 3 September) and ending on a Friday. Local authorities publish their own dates,
 * which the lead enters over these; Easter moves each year, so spring and summer are only a start.
 */
export function suggestedTerms(startYear: number): TermDates[] {
  const next = startYear + 1;
  const autumnStart = weekdayOf(`${startYear}-09-03`) % 6 === 0 ? onOrAfter(`${startYear}-09-03`, MONDAY) : `${startYear}-09-03`;
  const autumnHalf = onOrBefore(`${startYear}-10-31`, MONDAY);
  const springHalf = onOrAfter(`${next}-02-15`, MONDAY);
  const summerHalf = onOrBefore(`${next}-05-31`, MONDAY);
  return [
    {
      name: "autumn",
      startsOn: autumnStart,
      halfTermStartsOn: autumnHalf,
      halfTermEndsOn: addDays(autumnHalf, 4),
      endsOn: onOrBefore(`${startYear}-12-20`, FRIDAY),
    },
    {
      name: "spring",
      startsOn: onOrAfter(`${next}-01-05`, MONDAY),
      halfTermStartsOn: springHalf,
      halfTermEndsOn: addDays(springHalf, 4),
      endsOn: onOrBefore(`${next}-04-01`, FRIDAY),
    },
    {
      name: "summer",
      startsOn: onOrAfter(`${next}-04-15`, MONDAY),
      halfTermStartsOn: summerHalf,
      halfTermEndsOn: addDays(summerHalf, 4),
      endsOn: onOrBefore(`${next}-07-22`, FRIDAY),
    },
  ];
}

/**
 * What is wrong with a year's terms, one message per field, or none. Each term must have its half-term
 * inside it (starting after the term starts, ending before it ends, not ending before it starts), the
 * terms must come in order autumn, spring, summer without overlapping, and all of it must lie within the
 * academic year (1 September to 31 August). Expects real "YYYY-MM-DD" dates (the form checks that first).
 */
export function termDatesProblems(startYear: number, terms: TermDates[]): { field: TermField; message: string }[] {
  const problems: { field: TermField; message: string }[] = [];
  const yearStart = `${startYear}-09-01`;
  const yearEnd = `${startYear + 1}-08-31`;
  const words = `the academic year ${formatAcademicYear(startYear)}`;
  let previous: TermDates | undefined;
  for (const name of TERMS) {
    const term = terms.find((t) => t.name === name);
    if (!term) continue;
    const label = TERM_NAMES[name].toLowerCase();
    const add = (key: DateKey, message: string) => {
      if (!problems.some((p) => p.field === `${name}.${key}`)) problems.push({ field: `${name}.${key}`, message });
    };
    if (term.startsOn < yearStart || term.startsOn > yearEnd) add("startsOn", `The ${label} must start within ${words}`);
    if (term.endsOn < yearStart || term.endsOn > yearEnd) add("endsOn", `The ${label} must end within ${words}`);
    if (term.endsOn <= term.startsOn) add("endsOn", `The ${label} must end after it starts`);
    if (term.halfTermStartsOn <= term.startsOn || term.halfTermStartsOn >= term.endsOn) {
      add("halfTermStartsOn", `The ${label}'s half-term must start after the term starts and before it ends`);
    }
    if (term.halfTermEndsOn < term.halfTermStartsOn) add("halfTermEndsOn", `The ${label}'s half-term must not end before it starts`);
    else if (term.halfTermEndsOn >= term.endsOn) add("halfTermEndsOn", `The ${label}'s half-term must end before the term ends`);
    if (previous && term.startsOn <= previous.endsOn) {
      add("startsOn", `The ${label} must start after the ${TERM_NAMES[previous.name].toLowerCase()} ends (${formatDate(previous.endsOn)})`);
    }
    previous = term;
  }
  return problems;
}

/**
 * Why `isoDate` may be a poor day for a session in schools, or null when it is a school day: a weekend,
 * a half-term, or a school holiday (outside every term). `terms` are the terms of the academic year the
 * day falls in, or none when the lead has not recorded them (then only weekends are known). For a
 * warning, never a refusal: a session on a Saturday or in a holiday is sometimes intended.
 */
export function schoolDayWarning(isoDate: string, terms: TermDates[]): string | null {
  const reasons: string[] = [];
  const weekday = weekdayOf(isoDate);
  if (weekday === 0 || weekday === 6) reasons.push(`a ${WEEKDAYS[weekday]}`);
  const term = terms.find((t) => t.startsOn <= isoDate && isoDate <= t.endsOn);
  if (terms.length > 0 && !term) reasons.push("in the school holidays (outside the terms recorded)");
  else if (term && term.halfTermStartsOn <= isoDate && isoDate <= term.halfTermEndsOn) reasons.push(`in the ${term.name} half-term`);
  return reasons.length > 0 ? `${formatDate(isoDate)} is ${reasons.join(" and ")}` : null;
}

/** The academic years whose terms the lead may set: last year (to correct it) to the year after next, as sessions. */
export function termYearsAround(now: Date): number[] {
  const current = academicYearOf(now);
  return [current - 1, current, current + 1, current + 2];
}

const termFields = (name: Term) => {
  const label = TERM_NAMES[name].toLowerCase();
  return z.object({
    startsOn: dateField(`first day of the ${label}`, DATE_WINDOWS.term),
    halfTermStartsOn: dateField(`first day of the ${label}'s half-term`, DATE_WINDOWS.term),
    halfTermEndsOn: dateField(`last day of the ${label}'s half-term`, DATE_WINDOWS.term),
    endsOn: dateField(`last day of the ${label}`, DATE_WINDOWS.term),
  });
};

/** The lead's form for a year's term dates: the year, then each term's first and last days and its half-term. */
export const termsSchema = z.object({
  academicYear: wholeNumber("academic year", 2000, 2100),
  autumn: termFields("autumn"),
  spring: termFields("spring"),
  summer: termFields("summer"),
  // The page's fingerprint of the year's recorded dates: a save after another changed them is refused (decision 0148).
  version: editVersionField,
});

/** The three terms of a checked form, in order. */
export function termsFromForm(value: z.infer<typeof termsSchema>): TermDates[] {
  return TERMS.map((name) => ({ name, ...value[name] }));
}
