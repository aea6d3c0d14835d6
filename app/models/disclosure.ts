/**
 * Disclosure control: the one place that decides how a figure about pupils may be shown, so that no
 * page, download or report can forget it. The rules and the reasons for them are in decisions 0044
 * (survey figures) and 0045 (published counts), and in plain words on the privacy notice.
 *
 * Survey figures (every role, every screen and file):
 * - a run's results count its responses ten at a time (`inResults` on SurveyResponse), so figures move
 *   in steps of RESULTS_STEP and the difference of two views is a group of at least 10 pupils, the same
 *   threshold as for results themselves (decision 0114);
 * - a run's results are shown only when MIN_RESPONSES_FOR_RESULTS responses are counted;
 * - each question counts its own answerers the same way, ten at a time among the counted responses
 *   (`inResults` on SurveyAnswer), and its breakdown is shown only over MIN_RESPONSES_FOR_RESULTS of them
 *   or more: a question pupils may skip never shows, or moves by, fewer than ten pupils (decision 0123);
 * - a figure over several runs (a booking's or a topic's before and after, reach) counts a run's answers to
 *   a question only when that question is shown on its own in that run, so no difference of figures gives
 *   back a group that is not.
 *
 * Published counts (files "for publication"): 0 is 0, 1 to 4 is "<5", anything else is rounded down to a
 * multiple of 5. Every published count then stands for five possible values; sums and differences of up
 * to three of them can never narrow a "<5" to one value (decision 0045 gives the arithmetic). A total of
 * more parts can, so a total that adds a part of 1 to 4 to another is withheld (`isWithheldSum`, 0117).
 *
 * Published shares (a core survey item's share agreeing, decision 0124): of a base giving a view of at
 * least 10, rounded down to fives like any count, and rounded to SHARE_STEP points; withheld wherever the
 * share and the base as printed fit a number agreeing, or not agreeing, of 1 to 4 (`publishedShare`).
 */
import { MIN_RESPONSES_FOR_RESULTS, type PhaseFigures } from "../lib/survey-scoring";

export { MIN_RESPONSES_FOR_RESULTS };

/**
 * Survey results change only when this many more responses are counted: the results threshold itself, so
 * that no difference of two views shows a group of fewer than MIN_RESPONSES_FOR_RESULTS (DOMAIN.md,
 * "Small numbers"; decision 0114).
 */
export const RESULTS_STEP = MIN_RESPONSES_FOR_RESULTS;

const PUBLISHED_BAND = 5;
const SUPPRESSED_COUNT = "<5";

/** Whether a count is small enough to identify someone: 1 to 4. Zero is a true zero and is shown. */
export function isSmallCount(count: number): boolean {
  return count > 0 && count < PUBLISHED_BAND;
}

/**
 * A count of pupils as a file for publication shows it: 0, "<5" for 1 to 4, else rounded down to a
 * multiple of 5 (37 is shown as 35: the true figure is the one shown or up to 4 more).
 */
export function publishedCount(count: number): number | typeof SUPPRESSED_COUNT {
  if (count === 0) return 0;
  if (isSmallCount(count)) return SUPPRESSED_COUNT;
  return Math.floor(count / PUBLISHED_BAND) * PUBLISHED_BAND;
}

/**
 * Whether a published total of finest parts (counts that are published on their own, such as one school's
 * pupils with one topic in one term) must be "withheld" rather than shown: when it adds a part of 1 to 4 to
 * any other part that is not 0. Shown as a band, such a total can meet the lowest (or highest) sum its
 * parts' bands allow, and then pins every "<5" among them: 10 with topic A and 1 with each of four others
 * is 14, shown as 10 (10 to 14), and the parts' lowest sum is 10 + 1 + 1 + 1 + 1 = 14 (decision 0117). A
 * total of one part that is not 0 is that part and shows as it does.
 */
export function isWithheldSum(parts: Iterable<number>): boolean {
  let nonZero = 0;
  let small = false;
  for (const part of parts) {
    if (part !== 0) nonZero += 1;
    if (isSmallCount(part)) small = true;
  }
  return small && nonZero > 1;
}

/** Published shares move in steps of this many percentage points (decision 0124). */
const SHARE_STEP = 5;

/**
 * A share of pupils agreeing as a published figure shows it: the percentage (`publishedPercent`) of a base
 * that is the published count of those giving a view (35 means 35 to 39), or withheld and why.
 */
export type PublishedShare = { percent: number; base: number } | { withheld: "fewer than 10 giving a view" } | { withheld: "1 to 4 on one side"; base: number };

/**
 * `agreeing` of `counted` as a published percentage: 0 and 100 only when none or all agree, otherwise the
 * nearest multiple of SHARE_STEP (halves up), kept from 5 to 95 so that 0% and 100% always mean what they say.
 * Whole numbers throughout: 1 of 8 is 12.5%, shown as 15%.
 */
function publishedPercent(agreeing: number, counted: number): number {
  if (agreeing === 0) return 0;
  if (agreeing === counted) return 100;
  // floor(agreeing / counted * 100 / SHARE_STEP + 1/2), in integers.
  const steps = Math.floor((2 * 100 * agreeing + SHARE_STEP * counted) / (2 * SHARE_STEP * counted));
  return Math.min(100 - SHARE_STEP, Math.max(SHARE_STEP, steps * SHARE_STEP));
}

/**
 * Whether a share printed as `percent` of a base printed as `base` (any count from `base` to `base` + 4)
 * fits some number agreeing, or not agreeing, of 1 to 4. A reader knows the rule, so such a figure could
 * be that small count, whatever the true one is.
 */
function fitsSmallSide(percent: number, base: number): boolean {
  for (let counted = base; counted < base + PUBLISHED_BAND; counted++) {
    for (let small = 1; small < PUBLISHED_BAND; small++) {
      if (publishedPercent(small, counted) === percent || publishedPercent(counted - small, counted) === percent) return true;
    }
  }
  return false;
}

/**
 * A share agreeing as published (decision 0124): shown only when at least MIN_RESPONSES_FOR_RESULTS gave a
 * view, and then as a rounded percentage of the published base, unless that percentage and base fit a
 * number agreeing or not agreeing of 1 to 4 (`fitsSmallSide`, which the true counts always do when either
 * is 1 to 4). The exact share never leaves: 4 of 9 is not "44% of 5", which only 4 of 9 could give.
 */
export function publishedShare(agreeing: number, counted: number): PublishedShare {
  if (counted < MIN_RESPONSES_FOR_RESULTS) return { withheld: "fewer than 10 giving a view" };
  // The published count of those giving a view: 10 or more here, so never "<5".
  const base = Math.floor(counted / PUBLISHED_BAND) * PUBLISHED_BAND;
  const percent = publishedPercent(agreeing, counted);
  return fitsSmallSide(percent, base) ? { withheld: "1 to 4 on one side", base } : { percent, base };
}

/** A question's counts as a file for publication shows them (`publishedBreakdown`), or withheld. */
export type PublishedBreakdown = { counts: (number | typeof SUPPRESSED_COUNT)[] } | { withheld: "a count of 1 to 4 could be worked out" };

/**
 * The counts of each answer to one question, over `answered` pupils, as a file for publication shows them
 * (decision 0143): each by `publishedCount`, or all withheld where a reader could work a "<5" out exactly.
 * The reader knows `answered` exactly (answerers are counted in steps of RESULTS_STEP) and what each cell
 * allows (0 is 0, "<5" is 1 to 4, 35 is 35 to 39, and none is more than `answered`). Where each pupil
 * gives one answer (`oneAnswerEach`) the counts add up to `answered`; where pupils may tick several, to
 * `answered` or more. So a "<5" is at least `answered` less the most the other cells can hold, and, one
 * answer each, at most `answered` less the least they can. Ten who answered, five answers shown as "<5"
 * and one as 5, can only be five 1s and a 5; twenty ticking, five "<5" and a 0, only five 4s. Where any
 * "<5" is left one value, the question's counts are all withheld.
 */
export function publishedBreakdown(counts: readonly number[], answered: number, { oneAnswerEach }: { oneAnswerEach: boolean }): PublishedBreakdown {
  const shown = counts.map(publishedCount);
  const ranges = shown.map((cell) =>
    cell === 0 ? [0, 0] : cell === SUPPRESSED_COUNT ? [1, PUBLISHED_BAND - 1] : [cell, Math.min(cell + PUBLISHED_BAND - 1, answered)],
  );
  const lowest = ranges.reduce((sum, [low]) => sum + low!, 0);
  const highest = ranges.reduce((sum, [, high]) => sum + high!, 0);
  const workedOut = ranges.some(([low, high], i) => {
    if (shown[i] !== SUPPRESSED_COUNT) return false;
    const least = Math.max(low!, answered - (highest - high!));
    const most = oneAnswerEach ? Math.min(high!, answered - (lowest - low!)) : high!;
    return least >= most;
  });
  return workedOut ? { withheld: "a count of 1 to 4 could be worked out" } : { counts: shown };
}

/**
 * A core item's phase as published: its responses as a published count, and its share agreeing as
 * `publishedShare`, or null where there is none to show (fewer than 10 responses, or every one "not sure").
 * No exact share or mean is kept, so none reaches a page's data.
 */
export type PublishedPhase = { responses: number | typeof SUPPRESSED_COUNT; share: PublishedShare | null };

export function publishedPhase(f: PhaseFigures): PublishedPhase {
  // shareAgreeing is agreeing / counted, so this gives back the whole number agreeing.
  const share = f.shareAgreeing === null ? null : publishedShare(Math.round(f.shareAgreeing * f.counted), f.counted);
  return { responses: publishedCount(f.responses), share };
}

/**
 * The change, in percentage points, between two published phases: the difference of the percentages
 * printed, and none where either is withheld or missing, so no change is claimed that the figures beside
 * it do not show, and none gives back a withheld share.
 */
export function publishedChange(before: PublishedPhase, after: PublishedPhase): number | null {
  if (!before.share || !after.share || "withheld" in before.share || "withheld" in after.share) return null;
  return after.share.percent - before.share.percent;
}

/** Of a run's responses, how many its results count: whole steps of RESULTS_STEP (27 responses: 20 counted). */
export function responsesCounted(responses: number): number {
  return Math.floor(responses / RESULTS_STEP) * RESULTS_STEP;
}

/** Whether responses waiting to be counted (not yet `inResults`) make a whole step and are counted now. */
export function stepComplete(waiting: number): boolean {
  return waiting >= RESULTS_STEP;
}

/** Survey results, of a run or of any group of runs, are shown only for this many counted responses or more. */
export function surveyResultsShowable(counted: number): boolean {
  return counted >= MIN_RESPONSES_FOR_RESULTS;
}

/**
 * A question's breakdown is shown only over this many of its counted answerers or more: the same threshold
 * as a run's, applied to the pupils who answered the question, not to every response (decision 0123).
 */
export function questionResultsShowable(answerersCounted: number): boolean {
  return answerersCounted >= MIN_RESPONSES_FOR_RESULTS;
}

/**
 * The statement that counts, in a run, each question's answerers waiting to be counted (their response is
 * counted, their answer not yet) in whole steps of RESULTS_STEP: of a question with 13 waiting, 10 are
 * counted and 3 wait for 7 more. Which ones is by the answer's response id, a random UUID that says nothing
 * about the pupil or when they answered. All the rows of one pupil's answer to a question are counted
 * together. Run it in the transaction that counts a step of the run's responses, before its tallies are
 * rewritten; parameters: the run's id, twice.
 */
export const COUNT_ANSWERERS_IN_STEPS_SQL = `UPDATE "SurveyAnswer" SET "inResults" = TRUE
  WHERE "runId" = ? AND "inResults" = FALSE AND ("questionId", "responseId") IN (
    SELECT ranked."questionId", ranked."responseId" FROM (
      SELECT w."questionId", w."responseId",
        ROW_NUMBER() OVER (PARTITION BY w."questionId" ORDER BY w."responseId") AS "place",
        COUNT(*) OVER (PARTITION BY w."questionId") AS "waiting"
      FROM (SELECT DISTINCT a."questionId", a."responseId" FROM "SurveyAnswer" a JOIN "SurveyResponse" r ON r."id" = a."responseId"
            WHERE a."runId" = ? AND r."inResults" = TRUE AND a."inResults" = FALSE) w
    ) ranked
    WHERE ranked."place" <= (ranked."waiting" / ${RESULTS_STEP}) * ${RESULTS_STEP})`;

/**
 * The same rules as SQL, for figures over several runs. `answerCounted` keeps counted answers to questions
 * shown on their own in their run (its answerers counted are MIN_RESPONSES_FOR_RESULTS or more), taking the
 * alias of SurveyAnswer (`a`); `runShown` and `countedResponses` say whether a run (`r`) is shown on its
 * own and how many responses it counts then.
 */
export const DISCLOSURE_SQL = {
  runShown: (r = "r") => `(SELECT COUNT(*) FROM "SurveyResponse" shown WHERE shown."runId" = ${r}."id" AND shown."inResults") >= ${MIN_RESPONSES_FOR_RESULTS}`,
  answerCounted: (a = "a") =>
    `${a}."inResults" = TRUE AND (SELECT COUNT(DISTINCT shown."responseId") FROM "SurveyAnswer" shown WHERE shown."runId" = ${a}."runId" AND shown."questionId" = ${a}."questionId" AND shown."inResults" = TRUE) >= ${MIN_RESPONSES_FOR_RESULTS}`,
  countedResponses: (r = "r") =>
    `(CASE WHEN ${DISCLOSURE_SQL.runShown(r)} THEN (SELECT COUNT(*) FROM "SurveyResponse" c WHERE c."runId" = ${r}."id" AND c."inResults") ELSE 0 END)`,
  /**
   * Whether a run's core item (CoreItemTally `c`, app/models/tallies.server.ts) is shown on its own: its
   * counted answers, one per pupil who answered the item, are MIN_RESPONSES_FOR_RESULTS or more.
   */
  coreItemShownByTally: (c = "c") => `${c}."answers" >= ${MIN_RESPONSES_FOR_RESULTS}`,
  /**
   * Whether the question of an answer tally row (SurveyAnswerTally `t`) is shown on its own in its run: its
   * counted answers with a value are MIN_RESPONSES_FOR_RESULTS or more, as `answerCounted` asks of a single
   * choice question (one row per pupil). A core item's tally adds up only such questions, so two questions
   * of one item in a survey, one with 3 answerers, never add those 3 to the other's figures.
   */
  questionShownByTally: (t = "t") =>
    `(SELECT SUM(shown."answers") FROM "SurveyAnswerTally" shown WHERE shown."runId" = ${t}."runId" AND shown."questionId" = ${t}."questionId") >= ${MIN_RESPONSES_FOR_RESULTS}`,
  /** Whether a count (an SQL expression, e.g. `SUM(t."pupils")`) is small: 1 to 4, as `isSmallCount`. */
  isSmall: (count: string) => `${count} BETWEEN 1 AND ${PUBLISHED_BAND - 1}`,
} as const;

/**
 * Below this many schools with any figure in the year, the board report with no filter but the year is a
 * few schools' and follows the rules of a narrowed report (decision 0121).
 */
export const FEW_SCHOOLS = 10;

/** What a published total shows in place of a count it withholds (secondary suppression, decision 0045). */
export const WITHHELD = "withheld";

/** Beside a figure of a results file that is published, not exact ("Responses (as published: …)"), so it is not read as the exact count the page shows. */
export const AS_PUBLISHED = `as published: rounded down to a multiple of ${PUBLISHED_BAND}; 1 to 4 shown as ${SUPPRESSED_COUNT}`;

/** What a survey's results file says of its figures (resultsCsv): it may be shared, so they are published ones. */
export const RESULTS_FILE_NOTE =
  `Figures as published: a count of 1 to 4 pupils is shown as "${SUPPRESSED_COUNT}" and others are rounded down to a multiple of ${PUBLISHED_BAND} (35 means 35 to 39). ` +
  `A question's counts are all "${WITHHELD}" where, with the number of pupils answering it, they would give a count of 1 to 4 back. ` +
  `No shares are given: with the exact number answering, they would give the counts back. ` +
  `A core question (one the board report sets before against after) has no figures here, only the number of pupils answering it: ` +
  `beside a board report's share over this survey and others, its counts or its own share could give a count of 1 to 4 back. The survey's page in the service shows the exact counts and shares.`;

/** A run's results file's answer cell for a core item, which gives no figure of it (decision 0154). */
export const CORE_ITEM_ANSWER = "Not given in this file: see the survey's page in the service";

/**
 * A count of sessions as published beside the pupils they reached, `pupils` as published there: "withheld"
 * with them, else in the published form of a count of people (`publishedCount`). Each session counted
 * recorded at least one pupil, so an exact count would set a floor under the pupils' band: 4 sessions beside
 * "<5" pupils are 4 pupils. Sessions are never more than their pupils, and rounding down keeps the order, so
 * this form says nothing of the pupils that theirs does not (decision 0165).
 */
export function publishedSessions(pupils: unknown, sessions: number): number | typeof SUPPRESSED_COUNT | typeof WITHHELD {
  return pupils === WITHHELD ? WITHHELD : publishedCount(sessions);
}

/**
 * The note every published file carries, so a reader knows why some cells are not exact; a file with the
 * localities file adds CORE_ITEMS_NOT_IN_FILE.
 */
export const PUBLICATION_NOTE =
  `Prepared for publication: counts of 1 to 4 are shown as "${SUPPRESSED_COUNT}"; other counts of pupils, mentors and survey responses are rounded down to a multiple of ${PUBLISHED_BAND} ` +
  `(35 means 35 to 39), so that no total or difference gives a hidden count back. A school's count is "${WITHHELD}" where it adds 1 to 4 in one term and topic ` +
  `(or, for survey responses, one topic) to other pupils or responses, as its total could give the small part back. A locality's count is "${WITHHELD}" where one of its schools shows "${SUPPRESSED_COUNT}", ` +
  `or has 1 to 4 in any term or topic of the year, as the total with the other schools' figures, or with this locality's figures in the files for other terms ` +
  `and topics, could give that school's count back. Sessions are shown as the pupils beside them are (rounded down, or withheld with them), as each ` +
  `session recorded at least one pupil. Shares of the roll are left out, as with the roll they would give the exact count. ` +
  `Survey responses count every response.`;

/**
 * What the published localities file says of the core survey items it leaves out, after PUBLICATION_NOTE
 * (decision 0155): a locality's share beside the whole area's, or beside the same locality's in another
 * term's file, could give back a few pupils' answers.
 */
export const CORE_ITEMS_NOT_IN_FILE = `The core survey items are not in this file: they are published only for the whole area and a whole academic year, once it is over, in the board report.`;

/** What a question whose counted answerers are fewer than MIN_RESPONSES_FOR_RESULTS says, in place of any figure. */
export const TOO_FEW_ANSWERED = `Too few pupils answered this question for its results to be shown: they are shown once ${MIN_RESPONSES_FOR_RESULTS} or more of those who answered it are counted.`;

/** The sentence pages and files show beside live results. */
export const RESULTS_STEP_NOTE = `Results update after every ${RESULTS_STEP} responses, and each question's after every ${RESULTS_STEP} pupils who answered it, so that no one pupil's answers, nor a small group's, can be picked out.`;
