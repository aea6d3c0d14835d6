/**
 * Before and after, like with like (decision 0136). A change from a "before" column to an "after" column
 * over many surveys says something about the sessions only when both columns are the same groups of
 * pupils. A booking surveyed only before its session, beside another surveyed only after, would set one
 * school's pupils against another's and call the difference a change. So every figure of before and after
 * over several bookings (the lead's comparison by topic, reach, the board report and the files) counts a
 * run's core item only where the same occasion shows that item on its own in the other phase as well.
 *
 * The rule is SQL, as the figures are added up in the database; each function returns a fragment.
 */
import { PLACE_HOLDING_STATUSES } from "~/lib/statuses";

/**
 * A survey run's occasion (SurveyRun alias `r`): its booking, so a booking's surveys before the session
 * pair with its surveys after it. A run with no booking (a school's MVP surveys, or a run whose booking was
 * removed) pairs with the school's other runs of the same kind: MVP surveys are the school's, not a
 * session's, and are opened before and after its mentors' training.
 */
export const occasionOf = (r = "r") => `COALESCE(${r}."bookingId", ${r}."context" || ':' || ${r}."schoolId")`;

/**
 * Of `rows` (SQL selecting one row per run, or per run and core item, with columns "occasion", "year" and
 * "phase", BEFORE or AFTER, and any others), only those whose occasion has a row in the other phase too:
 * per occasion and year, and per each of `alsoSame` (column names, e.g. `["coreKey"]`, so an item pairs
 * only with the same item). Returns a parenthesised subquery with the same columns plus "firstPhase" and
 * "lastPhase"; give it an alias. Works on SQLite and PostgreSQL (window functions).
 */
export function pairedOnly(rows: string, alsoSame: readonly string[] = []): string {
  const partition = ['x."occasion"', 'x."year"', ...alsoSame.map((column) => `x."${column}"`)].join(", ");
  return `(SELECT y.* FROM (SELECT x.*, MIN(x."phase") OVER (PARTITION BY ${partition}) AS "firstPhase", MAX(x."phase") OVER (PARTITION BY ${partition}) AS "lastPhase" FROM (${rows}) x) y WHERE y."firstPhase" <> y."lastPhase")`;
}

/**
 * Whether a survey run (SurveyRun alias `r`) belongs in a before-and-after comparison: a school's own runs
 * (no booking), and runs of a booking whose session took place or is still to come. A session cancelled,
 * declined or recorded as not taking place had no effect to measure, so its surveys would set a change
 * beside sessions that happened (the single booking's comparison already refuses such a booking). Held
 * or to come is what holds a place (PLACE_HOLDING_STATUSES), the same list the pages use. One primary-key
 * lookup per run.
 */
export const runOfSessionHeld = (r = "r") =>
  `NOT EXISTS (SELECT 1 FROM "Booking" gone WHERE gone."id" = ${r}."bookingId" AND gone."status" NOT IN (${PLACE_HOLDING_STATUSES.map((status) => `'${status}'`).join(", ")}))`;
