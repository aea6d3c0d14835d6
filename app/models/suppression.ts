/**
 * Small-number rules for figures that leave the platform (DOMAIN.md, "Small numbers"): a count of 1 to 4
 * is shown as "<5", and survey results from fewer than 10 responses are not shown at all. Internal
 * screens show exact counts; exports "for publication" apply these rules.
 */
import { MIN_RESPONSES_FOR_RESULTS } from "../lib/survey-scoring";

const SMALL_COUNT_LIMIT = 5;
const SUPPRESSED_COUNT = "<5";

/** Whether a count is small enough to identify someone: 1 to 4. Zero is a true zero and is shown. */
export function isSmallCount(count: number): boolean {
  return count > 0 && count < SMALL_COUNT_LIMIT;
}

/** The count as it may be published: "<5" for 1 to 4, otherwise the number. */
export function publishableCount(count: number): string {
  return isSmallCount(count) ? SUPPRESSED_COUNT : String(count);
}

/** Survey results are shown only for this many responses or more. */
export function surveyResultsShowable(responses: number): boolean {
  return responses >= MIN_RESPONSES_FOR_RESULTS;
}

/** The note every published file carries, so a reader knows why some cells are not numbers. */
export const PUBLICATION_NOTE =
  `Prepared for publication: counts of 1 to 4 are shown as "${SUPPRESSED_COUNT}" (with shares worked out from them left out), ` +
  `and survey figures from fewer than ${MIN_RESPONSES_FOR_RESULTS} responses are left out.`;
