/**
 * Dates as people in Leicester read them, whatever the server's own time zone and across clock changes.
 * Strings are assembled from parts rather than taken whole from Intl, so the server and the browser
 * (with different ICU versions) render exactly the same text and hydration never disagrees.
 */
import { fromLondonWallTime, toLondonWallTime } from "./london-time";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** What a page shows for a stored date that is not a date at all, rather than failing the whole page. */
export const UNKNOWN_DATE = "unknown date";

function londonParts(value: Date | string) {
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return null;
  const wall = toLondonWallTime(instant);
  // The weekday of the London calendar day, so it is right whatever the server's own time zone.
  const weekday = new Date(0);
  weekday.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  const hour12 = wall.hour % 12 === 0 ? 12 : wall.hour % 12;
  const minutes = wall.minute === 0 ? "" : `:${String(wall.minute).padStart(2, "0")}`;
  return {
    date: `${wall.day} ${MONTHS[wall.month - 1]!} ${wall.year}`,
    weekday: WEEKDAYS[weekday.getUTCDay()]!,
    time: `${hour12}${minutes}${wall.hour < 12 ? "am" : "pm"}`,
  };
}

/**
 * "21 November 2026". Never throws: an odd stored value (a year such as 10000 reads as "1 January 10000")
 * must not take down a page that lists it, and one that is not a date at all reads as "unknown date".
 */
export function formatDate(value: Date | string): string {
  return londonParts(value)?.date ?? UNKNOWN_DATE;
}

/**
 * "21 November 2026 at 3:08pm", "1 July 2026 at 12pm": when a record was made (audit, outbox, sign-ins).
 * Times as GOV.UK writes them: "10am" on the hour, "10:30am" otherwise. Never throws, as `formatDate`.
 */
export function formatDateTime(value: Date | string): string {
  const parts = londonParts(value);
  return parts ? `${parts.date} at ${parts.time}` : UNKNOWN_DATE;
}

/**
 * "Tuesday 5 January 2027, 10am": a moment people plan around (a session's start, the last time to book or
 * to take an offered place), with its weekday. Never throws, as `formatDate`.
 */
export function formatDayAndTime(value: Date | string): string {
  const parts = londonParts(value);
  return parts ? `${parts.weekday} ${parts.date}, ${parts.time}` : UNKNOWN_DATE;
}

/**
 * When a session runs, in London time, for pages, emails and calendar text alike:
 * "Tuesday 5 January 2027, 10am to 11am", or with both dates when it spans days
 * ("Tuesday 5 January 2027, 10am to Wednesday 6 January 2027, 4pm"). Never throws, as `formatDate`.
 */
export function formatSessionTimes(startsAt: Date | string, endsAt: Date | string): string {
  const start = londonParts(startsAt);
  const end = londonParts(endsAt);
  if (!start || !end) return start ? `${start.weekday} ${start.date}, ${start.time}` : UNKNOWN_DATE;
  const sameDay = start.date === end.date;
  return `${start.weekday} ${start.date}, ${start.time} to ${sameDay ? "" : `${end.weekday} ${end.date}, `}${end.time}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a "YYYY-MM-DD" string is a real calendar date. */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  // setUTCFullYear, unlike Date.UTC, reads years below 100 as they are (Date.UTC(1, 0, 1) is in 1901).
  const date = new Date(0);
  date.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return date.toISOString().slice(0, 10) === value;
}

/**
 * The instant a London calendar day ("YYYY-MM-DD") begins. UK clocks change at 01:00 UTC, so midnight
 * always exists and the offset at the guessed instant is the right one.
 */
export function londonDayStart(isoDate: string): Date {
  const start = fromLondonWallTime(isoDate, "00:00");
  if (!start) throw new Error(`Not a date: ${isoDate}`);
  return start;
}

/** The "YYYY-MM-DD" calendar day after `isoDate`. Null past 9999-12-31, which no four-digit year can write. */
export function nextIsoDate(isoDate: string): string | null {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return next.getUTCFullYear() <= 9999 ? next.toISOString().slice(0, 10) : null;
}

/**
 * The instant the London day after `isoDate` begins: the exclusive end of a "to" date filter. Throws
 * for a day with no next day in four-digit years (9999-12-31); forms keep dates far inside that.
 */
export function londonDayEnd(isoDate: string): Date {
  const next = nextIsoDate(isoDate);
  if (!next) throw new Error(`No day after ${isoDate}`);
  return londonDayStart(next);
}
