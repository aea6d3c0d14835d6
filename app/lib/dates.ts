/**
 * Dates as people in Leicester read them, whatever the server's own time zone and across clock changes.
 * Strings are assembled from parts rather than taken whole from Intl, so the server and the browser
 * (with different ICU versions) render exactly the same text and hydration never disagrees.
 */
import { fromLondonWallTime, toLondonWallTime } from "./london-time";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function londonParts(value: Date | string) {
  const wall = toLondonWallTime(new Date(value));
  return { day: String(wall.day), month: MONTHS[wall.month - 1]!, year: String(wall.year), hour: wall.hour, minute: String(wall.minute).padStart(2, "0") };
}

/** "21 November 2026" */
export function formatDate(value: Date | string): string {
  const { day, month, year } = londonParts(value);
  return `${day} ${month} ${year}`;
}

/** "21 November 2026 at 3:08pm", the GOV.UK style. */
export function formatDateTime(value: Date | string): string {
  const { day, month, year, hour, minute } = londonParts(value);
  const hour12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${day} ${month} ${year} at ${hour12}:${minute}${hour < 12 ? "am" : "pm"}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a "YYYY-MM-DD" string is a real calendar date. */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
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

/** The instant the London day after `isoDate` begins: the exclusive end of a "to" date filter. */
export function londonDayEnd(isoDate: string): Date {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  const next = new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
  return londonDayStart(next);
}
