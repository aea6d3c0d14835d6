/**
 * How survey answers become figures. Stored values are what the pupil chose (see SurveyAnswer in
 * prisma/schema.prisma); reverse scoring is applied here, when results are worked out.
 *
 * Core items (questions with a `coreKey`) are agreement items compared before and after a session:
 * - "share agreeing" is the share of answers, leaving out "not sure", that agree or strongly agree
 *   with the statement as worded, so for a reverse-scored item ("A knife makes you safer") a fall
 *   is the aim;
 * - the "mean score" runs from 1 to 5 with reverse items turned round, so higher is always better;
 * - the change is the after figure minus the before figure, as both are shown (`changeBetween`).
 * Results for fewer than MIN_RESPONSES_FOR_RESULTS responses are never shown (DOMAIN.md).
 */

import { meanShown, percentShown, roundHalfAwayFromZero } from "~/lib/rounding";

export const QUESTION_TYPES = ["AGREEMENT", "SINGLE_CHOICE", "MULTIPLE_CHOICE", "YES_NO", "SCALE_0_10", "FREE_TEXT"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const AGREEMENT_LABELS = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"] as const;
export const NOT_SURE_VALUE = 0;
export const MIN_RESPONSES_FOR_RESULTS = 10;

/** An agreement answer on the 1-5 scale with reverse items turned round; null for "not sure". */
export function agreementScore(value: number, reverseScored: boolean): number | null {
  if (!Number.isInteger(value) || value < 1 || value > 5) return null;
  return reverseScored ? 6 - value : value;
}

/**
 * The same rules as SQL, for aggregate queries over SurveyAnswer `a` joined to SurveyQuestion `q`:
 * counted answers (not "not sure"), answers agreeing, and the sum of scores.
 */
export const CORE_ITEM_SQL = {
  counted: (a = "a") => `SUM(CASE WHEN ${a}."value" BETWEEN 1 AND 5 THEN 1 ELSE 0 END)`,
  agreeing: (a = "a") => `SUM(CASE WHEN ${a}."value" IN (4, 5) THEN 1 ELSE 0 END)`,
  scoreSum: (a = "a", q = "q") =>
    `SUM(CASE WHEN ${a}."value" BETWEEN 1 AND 5 THEN (CASE WHEN ${q}."reverseScored" THEN 6 - ${a}."value" ELSE ${a}."value" END) ELSE 0 END)`,
} as const;

/** The same sums over SurveyAnswerTally rows (`t`), where each row stands for `t.answers` answers of one value. */
export const CORE_ITEM_TALLY_SQL = {
  answers: (t = "t") => `SUM(${t}."answers")`,
  counted: (t = "t") => `SUM(CASE WHEN ${t}."value" BETWEEN 1 AND 5 THEN ${t}."answers" ELSE 0 END)`,
  agreeing: (t = "t") => `SUM(CASE WHEN ${t}."value" IN (4, 5) THEN ${t}."answers" ELSE 0 END)`,
  scoreSum: (t = "t", q = "q") =>
    `SUM(CASE WHEN ${t}."value" BETWEEN 1 AND 5 THEN ${t}."answers" * (CASE WHEN ${q}."reverseScored" THEN 6 - ${t}."value" ELSE ${t}."value" END) ELSE 0 END)`,
} as const;

export type PhaseFigures = { responses: number; counted: number; shareAgreeing: number | null; meanScore: number | null };

/** Figures for one core item in one phase, from the aggregate counts; empty when too few responded. */
export function phaseFigures(responses: number, counted: number, agreeing: number, scoreSum: number): PhaseFigures {
  if (responses < MIN_RESPONSES_FOR_RESULTS || counted === 0) return { responses, counted, shareAgreeing: null, meanScore: null };
  return { responses, counted, shareAgreeing: agreeing / counted, meanScore: scoreSum / counted };
}

/** A core item's change: in the share agreeing, as percentage points; in the mean score, on its 1-5 scale. */
export type CoreItemChange = { points: number | null; meanScore: number | null };

/**
 * After minus before, worked out from the figures as they are shown (whole percentages, means to two
 * places), so the change beside them is always their difference: 45% then 27% is −18 points, even when
 * the unrounded shares were 17.4 points apart. Every page and file that gives a change takes it from here.
 */
export function changeBetween(before: PhaseFigures, after: PhaseFigures): CoreItemChange {
  const points =
    before.shareAgreeing === null || after.shareAgreeing === null
      ? null
      : roundHalfAwayFromZero(percentShown(after.shareAgreeing) - percentShown(before.shareAgreeing), 1);
  const meanScore =
    before.meanScore === null || after.meanScore === null ? null : roundHalfAwayFromZero(meanShown(after.meanScore) - meanShown(before.meanScore), 2);
  return { points, meanScore };
}
