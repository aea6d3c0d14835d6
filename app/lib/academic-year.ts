/**
 * Academic years run from 1 September to 31 August and are written "2025/26". We store and pass
 * the year they start in (2025), in Europe/London time, where every date in the service lives.
 */
import { toLondonWallTime } from "./london-time";

/** The calendar date in London of an instant, as numbers. */
export function londonDateParts(date: Date): { year: number; month: number; day: number } {
  const { year, month, day } = toLondonWallTime(date);
  return { year, month, day };
}

export function academicYearOf(date: Date): number {
  const { year, month } = londonDateParts(date);
  return month >= 9 ? year : year - 1;
}

export function formatAcademicYear(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, "0")}`;
}

/** Reads "2025/26" (or "2025") back into 2025; null when it is not a real academic year. */
export function parseAcademicYear(value: string | null | undefined): number | null {
  const match = /^(\d{4})(?:\/(\d{2}))?$/.exec((value ?? "").trim());
  if (!match) return null;
  const start = Number(match[1]);
  if (match[2] !== undefined && Number(match[2]) !== (start + 1) % 100) return null;
  return start >= 2000 && start <= 2100 ? start : null;
}

export const TERMS = ["autumn", "spring", "summer"] as const;
export type Term = (typeof TERMS)[number];

/** Autumn is September to December, spring January to March, summer April to August. */
export function termOf(date: Date): Term {
  const { month } = londonDateParts(date);
  if (month >= 9) return "autumn";
  return month <= 3 ? "spring" : "summer";
}

/** Whether an academic year has ended by the given moment (it ends at the close of 31 August). */
export function academicYearHasClosed(startYear: number, now: Date): boolean {
  return academicYearOf(now) > startYear;
}

/** Academic years from the first given up to the current one, newest first, for pickers. */
export function academicYearsUpTo(now: Date, first = 2022): number[] {
  const years = [];
  for (let year = academicYearOf(now); year >= first; year--) years.push(year);
  return years;
}
