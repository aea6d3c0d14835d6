/**
 * Reads the training days out of the free text cohorts held before days were dates ("14 and 15 October
 * 2025", "14/10/2025", "2025-10-14; 21/10/2025"). All or nothing: when any part of the text is not a
 * date this can read for certain, it gives null and the lead adds the days by hand (decision 0065).
 */
import { isoDateFrom } from "./date-fields";
import { isIsoDate } from "./dates";

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTH = `(${MONTHS.map((m) => `${m.slice(0, 3)}(?:${m.slice(3)})?`).join("|")})`;
const DAY = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;
// One or more days sharing a month and year: "14 October 2025", "14 and 15 Oct 2025", "14, 15 & 16 October 2025".
const DAYS_IN_MONTH = new RegExp(String.raw`^(${DAY}(?:\s*(?:,|and|&)\s*${DAY})*)\s+${MONTH}\.?,?\s+(\d{4})$`, "i");
// What may separate whole dates: commas, semicolons, "and", "&", new lines.
const SEPARATOR = /\s*(?:[,;&\n]|\band\b)\s*/i;

function monthDays(text: string): string[] | null {
  const match = DAYS_IN_MONTH.exec(text);
  if (!match) return null;
  const month = MONTHS.findIndex((m) => m.startsWith(match.at(-2)!.toLowerCase().slice(0, 3))) + 1;
  const year = match.at(-1)!;
  const days = match[1]!.split(/\s*(?:,|and|&)\s*/i).map((d) => d.replace(/\D+$/, ""));
  const dates = days.map((d) => `${year}-${String(month).padStart(2, "0")}-${d.padStart(2, "0")}`);
  return dates.every(isIsoDate) ? dates : null;
}

/**
 * The "YYYY-MM-DD" days in `text`, in order and without repeats, or null when the text is empty or any
 * part of it is not a whole date (a year is always needed: "14 October" could be any year).
 */
export function trainingDaysFromText(text: string): string[] | null {
  const whole = text.trim().replace(/\s+/g, " ");
  if (!whole) return null;
  const found = monthDays(whole) ?? splitDates(whole);
  return found ? [...new Set(found)].sort() : null;
}

function splitDates(text: string): string[] | null {
  // Whole dates one after another, or groups of days each with its month ("14 October and 2 November 2025"
  // has no year on its first part, so it is refused rather than guessed).
  const parts = text.split(/\s*[;\n]\s*/).filter(Boolean);
  const days: string[] = [];
  for (const part of parts) {
    const inMonth = monthDays(part);
    if (inMonth) {
      days.push(...inMonth);
      continue;
    }
    for (const piece of part.split(SEPARATOR).filter(Boolean)) {
      const iso = isoDateFrom(piece) ?? monthDays(piece)?.[0] ?? null;
      if (!iso) return null;
      days.push(iso);
    }
  }
  return days.length > 0 ? days : null;
}
