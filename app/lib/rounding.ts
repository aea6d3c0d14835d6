/**
 * How every average and percentage a reader sees is rounded, in one place
 * (docs/decisions/0058-rounding-and-the-school-table.md).
 *
 * The rule is half away from zero on the number as written in decimal: 2.5 → 3, −2.5 → −3, 1.05 → 1.1.
 * It is how people round by hand and what Excel's ROUND does, so a figure on screen matches the same
 * figure worked out from a CSV. JavaScript's `Math.round` differs: it rounds halves up (−2.5 → −2) and
 * works on the binary value (`Math.round(1.005 * 100) / 100` is 1, not 1.01). Intl's "halfExpand"
 * rounding mode is the rule above, so the platform does the arithmetic.
 */

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(places: number, grouping: boolean, style: "decimal" | "percent" = "decimal"): Intl.NumberFormat {
  const key = `${places}:${grouping}:${style}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.NumberFormat("en-GB", { style, maximumFractionDigits: places, roundingMode: "halfExpand", useGrouping: grouping });
    formatters.set(key, found);
  }
  return found;
}

/** `value` rounded half away from zero to `places` decimal places (0 to 3), as a number for files and sums. */
export function roundHalfAwayFromZero(value: number, places = 0): number {
  // "-0" reads back as -0; a reader's zero has no sign.
  return Number(formatter(places, false).format(value)) || 0;
}

/**
 * An average as a reader expects it. People (pupils, mentors, survey responses) come whole: there is no
 * 0.3 of a pupil, and "171" says all that "171.3" does. Small counts of events (sessions) keep one
 * decimal below 10, where 1.3 against 1 is a real difference between schools; from 10 up they are whole.
 * "1.0" is written "1". Thousands are grouped ("1,204").
 */
export function formatAverage(value: number, of: "people" | "events"): string {
  const places = of === "events" && Math.abs(value) < 10 ? 1 : 0;
  return formatter(places, true).format(roundHalfAwayFromZero(value, places));
}

/**
 * A share (0.123 for 12.3%) as the percentage a reader sees, as a number: whole ("12"), except that a
 * share above 0 but under 1% keeps one decimal ("0.4") so a little is not read as nothing.
 */
export function percentShown(share: number): number {
  // Intl moves the decimal point itself: 0.0045 * 100 in binary is 0.44999…, which would round down.
  const places = share > 0 && share < 0.01 ? 1 : 0;
  return Number(formatter(places, false, "percent").format(share).replace("%", "")) || 0;
}

/** A share as a percentage, "12%" or "0.4%" (`percentShown`); "–" when there is nothing to divide by. */
export function formatPercent(share: number | null): string {
  return share === null ? "–" : `${formatter(1, true).format(percentShown(share))}%`;
}

/** A mean score on the 1-5 survey scale as a reader sees it, to two places: a change of 0.05 matters there. */
export function meanShown(mean: number): number {
  return roundHalfAwayFromZero(mean, 2);
}

/** A mean score to two places, "3.20"; "–" when there is none. */
export function formatMean(mean: number | null): string {
  return mean === null ? "–" : meanShown(mean).toFixed(2);
}

/** A change's sign as written: "+" up, the true minus "−" (not a hyphen) down, none for no change. */
const sign = (change: number) => (change > 0 ? "+" : change < 0 ? "−" : "");

/**
 * A change in a share, given in percentage points (worked out from the percentages shown, see
 * `changeBetween` in app/lib/survey-scoring.ts), signed: "+12 points", "+1 point", "−3 points", "+2.6 points"
 * when a share under 1% took part, "0 points".
 */
export function formatPoints(points: number | null): string {
  if (points === null) return "–";
  return `${sign(points)}${formatter(1, true).format(Math.abs(points))} ${Math.abs(points) === 1 ? "point" : "points"}`;
}

/** A change in a mean score, signed, to two places: "+0.43", "−0.20", "0.00". */
export function formatMeanChange(change: number | null): string {
  if (change === null) return "–";
  return `${sign(change)}${meanShown(Math.abs(change)).toFixed(2)}`;
}
