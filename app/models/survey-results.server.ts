/**
 * Results: the distribution of every answer to a run, and core items compared before and after a
 * session (for one booking, or across all bookings of a topic in a year). Nothing is shown for fewer
 * than MIN_RESPONSES_FOR_RESULTS responses. Free text reaches only the lead and never a CSV.
 */
import { createHash } from "node:crypto";
import { assertCan, type Actor } from "~/auth/actor";
import { can } from "~/auth/roles";
import { prisma } from "~/db.server";
import { selectRows } from "~/models/raw-sql.server";
import { formatDate } from "~/lib/dates";
import { formatAcademicYear } from "~/lib/academic-year";
import { toCsv, type CsvValue } from "~/lib/csv-export";
import { choicesFor, parseOptions } from "~/lib/survey-answers";
import { formatCode } from "~/lib/survey-code";
import { changeBetween, phaseFigures, type CoreItemChange, type PhaseFigures } from "~/lib/survey-scoring";
import { forbidden } from "~/lib/responses.server";
import { PHASE_LABELS } from "~/lib/survey-schemas";
import {
  AS_PUBLISHED,
  CORE_ITEM_ANSWER,
  DISCLOSURE_SQL,
  MIN_RESPONSES_FOR_RESULTS,
  publishedCount,
  publishedBreakdown,
  questionResultsShowable,
  RESULTS_FILE_NOTE,
  RESULTS_STEP_NOTE,
  surveyResultsShowable,
  TOO_FEW_ANSWERED,
  WITHHELD,
} from "./disclosure";
import { bookingForSurvey, type RunDetail } from "./survey-runs.server";
import { occasionOf, pairedOnly, runOfSessionHeld } from "./before-after";
import { PLACE_HOLDING_STATUSES } from "~/lib/statuses";

export type ChoiceCount = { value: string; label: string; count: number };
/**
 * One question's results. `tooFew` when fewer than MIN_RESPONSES_FOR_RESULTS of its answerers are counted
 * (a question pupils may skip): then it carries no figure at all (decision 0123).
 */
export type QuestionResult = {
  id: string;
  number: number;
  prompt: string;
  type: string;
  /** The core item it asks (decision 0113), whose figures reach and the board report pool across runs; null for others. */
  coreKey: string | null;
  /** Worded negatively: its mean score counts "strongly disagree" as 5, so that a higher score is always better. */
  reverseScored: boolean;
} & (
  | { tooFew: true }
  | {
      tooFew: false;
      /** The question's answerers counted: whole steps of ten of those who answered it, among the counted responses. */
      answered: number;
      choices: ChoiceCount[];
      core: PhaseFigures | null;
    }
);
/**
 * A free-text question's written answers, for the lead (safeguarding): every one, however few responses
 * there are and however many, in a random order fixed per reader (see `writtenAnswers`).
 */
export type WrittenAnswers = { questionId: string; number: number; prompt: string; answers: string[] };
/**
 * `responses` is every response so far; `counted` those the figures count (whole steps of RESULTS_STEP).
 * `written` is null unless the actor reads written answers; it does not wait for the threshold, as a
 * disclosure must reach the lead even in a run of three.
 */
export type RunResults = { responses: number; counted: number; suppressed: boolean; questions: QuestionResult[]; written: WrittenAnswers[] | null };

export { parseOptions };

/**
 * A run's results, through the disclosure rules (app/models/disclosure.ts): only counted responses,
 * nothing at all below the threshold. Written answers (the lead only, for safeguarding) are every
 * response's, counted or not, above the threshold or below it, in an order that is random but the same
 * each time this person looks. `withWritten: false` (a file, which never holds them) does not read them.
 */
export async function runResults(actor: Actor, run: RunDetail, { withWritten = true }: { withWritten?: boolean } = {}): Promise<RunResults> {
  const responses = run.responseCount;
  // The run's running tallies hold its counted responses and answers (app/models/tallies.server.ts).
  const { countedResponses: counted } = await prisma.surveyRun.findUniqueOrThrow({ where: { id: run.id }, select: { countedResponses: true } });
  const written =
    withWritten && can(actor, "surveys:read-free-text")
      ? await Promise.all(
          run.template.questions.flatMap((q, index) =>
            q.type === "FREE_TEXT" && q.freeTextEnabled
              ? [writtenAnswers(actor, q.id, run.id).then((answers) => ({ questionId: q.id, number: index + 1, prompt: q.prompt, answers }))]
              : [],
          ),
        )
      : null;
  if (written) await markWrittenAnswersRead(actor, run.id, written);
  if (!surveyResultsShowable(counted)) return { responses, counted, suppressed: true, questions: [], written };
  // Each question's figures are over its own counted answerers (SurveyAnswer.inResults), which move ten at a
  // time: a question pupils may skip is shown over ten of those who answered it or more, never fewer.
  const [counts, answered] = await Promise.all([
    prisma.surveyAnswerTally.findMany({ where: { runId: run.id }, select: { questionId: true, value: true, answers: true } }),
    selectRows<{ questionId: string; n: number }>(
      `SELECT a."questionId" AS "questionId", COUNT(DISTINCT a."responseId") AS "n"
      FROM "SurveyAnswer" a WHERE a."runId" = ? AND a."inResults" = TRUE GROUP BY a."questionId"`,
      run.id,
    ),
  ]);
  const answeredBy = new Map(answered.map((row) => [row.questionId, Number(row.n)]));
  const questions: QuestionResult[] = [];
  for (const [index, q] of run.template.questions.entries()) {
    if (q.type === "FREE_TEXT" && !q.freeTextEnabled) continue;
    const heading = { id: q.id, number: index + 1, prompt: q.prompt, type: q.type, coreKey: q.coreKey, reverseScored: q.reverseScored };
    const questionAnswered = answeredBy.get(q.id) ?? 0;
    if (!questionResultsShowable(questionAnswered)) {
      questions.push({ ...heading, tooFew: true });
      continue;
    }
    const countOf = (value: number) => counts.find((c) => c.questionId === q.id && c.value === value)?.answers ?? 0;
    const choices = choicesFor({ type: q.type, options: parseOptions(q.options) }).map(([value, label]) => ({
      value,
      label,
      count: countOf(Number(value)),
    }));
    let core: PhaseFigures | null = null;
    if (q.type === "AGREEMENT") {
      const scale = choices.filter((c) => c.value !== "0");
      const countedAnswers = scale.reduce((sum, c) => sum + c.count, 0);
      const agreeing = scale.filter((c) => c.value === "4" || c.value === "5").reduce((sum, c) => sum + c.count, 0);
      const scoreSum = scale.reduce((sum, c) => sum + c.count * (q.reverseScored ? 6 - Number(c.value) : Number(c.value)), 0);
      core = phaseFigures(questionAnswered, countedAnswers, agreeing, scoreSum);
    }
    questions.push({ ...heading, tooFew: false, answered: questionAnswered, choices, core });
  }
  return { responses, counted, suppressed: false, questions, written };
}

/** Remembers how many of the run's written answers this lead has now been shown, for `unreadWrittenAnswers`. */
async function markWrittenAnswersRead(actor: Actor, runId: string, written: readonly WrittenAnswers[], now = new Date()) {
  const answers = written.reduce((sum, q) => sum + q.answers.length, 0);
  if (answers === 0) return;
  await prisma.writtenAnswersRead.upsert({
    where: { userId_runId: { userId: actor.id, runId } },
    create: { userId: actor.id, runId, answers, readAt: now },
    update: { answers, readAt: now },
  });
}

/** The most surveys `unreadWrittenAnswers` lists; `more` says when there are others. */
const UNREAD_SHOWN = 10;

export type UnreadWrittenAnswers = { runs: { id: string; code: string; school: string; unread: number }[]; more: boolean };

/**
 * Surveys with written answers this lead has not been shown yet (safeguarding: a disclosure must not wait
 * for someone to happen to open its survey): each run with its code, school and how many answers are new
 * since the lead last opened it, newest runs first, at most UNREAD_SHOWN of them. Only free-text questions
 * that are turned on are read, through the answers' question index. Throws a 403 response unless the actor
 * may read written answers (the VRN lead).
 */
export async function unreadWrittenAnswers(actor: Actor): Promise<UnreadWrittenAnswers> {
  assertCan(actor, "surveys:read-free-text");
  const rows = await selectRows<{ id: string; code: string; school: string; written: unknown; read: unknown }>(
    `SELECT r."id" AS "id", r."code" AS "code", s."name" AS "school", w."written" AS "written", COALESCE(seen."answers", 0) AS "read"
     FROM (SELECT a."runId" AS "runId", COUNT(*) AS "written" FROM "SurveyAnswer" a
           WHERE a."questionId" IN (SELECT q."id" FROM "SurveyQuestion" q WHERE q."type" = 'FREE_TEXT' AND q."freeTextEnabled")
             AND a."text" IS NOT NULL
           GROUP BY a."runId") w
     JOIN "SurveyRun" r ON r."id" = w."runId"
     JOIN "School" s ON s."id" = r."schoolId"
     LEFT JOIN "WrittenAnswersRead" seen ON seen."runId" = r."id" AND seen."userId" = ?
     WHERE w."written" > COALESCE(seen."answers", 0)
     ORDER BY r."createdAt" DESC, r."id"
     LIMIT ${UNREAD_SHOWN + 1}`,
    actor.id,
  );
  return {
    runs: rows.slice(0, UNREAD_SHOWN).map((row) => ({ id: row.id, code: row.code, school: row.school, unread: Number(row.written) - Number(row.read) })),
    more: rows.length > UNREAD_SHOWN,
  };
}

/**
 * Every written answer to a question, in a random order that is stable for this person and question:
 * not the order pupils sat in. None is left out, so answers sent in bulk cannot push a real one off the page.
 */
async function writtenAnswers(actor: Actor, questionId: string, runId: string): Promise<string[]> {
  const rows = await prisma.surveyAnswer.findMany({ where: { runId, questionId, text: { not: null } }, select: { id: true, text: true } });
  const place = (id: string) => createHash("sha256").update(`${actor.id}:${questionId}:${id}`).digest("hex");
  return rows
    .map((row) => ({ key: place(row.id), text: row.text ?? "" }))
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((row) => row.text);
}

/**
 * Aggregate results as CSV: counts per answer, never individual responses, never free text. A file leaves
 * the platform, so its figures are published ones (DOMAIN.md, "Small numbers"; decisions 0045 and 0143):
 * each question's counts by `publishedBreakdown` ("<5" for 1 to 4, others rounded down to a multiple of
 * 5, all withheld where with the number answering they would give a "<5" back), and no shares, which over
 * that exact number would give the counts back. The results page, which stays inside, shows the exact
 * counts.
 */
export function resultsCsv(run: RunDetail, results: RunResults): string {
  const rows: CsvValue[][] = [
    ["Survey", run.template.title],
    ["Code", formatCode(run.code)],
    ["School", run.school.name],
    ["When", PHASE_LABELS[run.phase] ?? run.phase],
    ["Academic year", formatAcademicYear(run.academicYear)],
    ["Opened", formatDate(run.createdAt)],
    // Below the threshold the run's own count is a part finer than any the reach files' suppression checks
    // (a school's survey responses by topic): a "<5" here beside that total could be pinned, as four runs of
    // 1 and one of 10 are by a school's "10" (decision 0117's sums, for a run). So it is given only with results.
    [`Responses (${AS_PUBLISHED})`, results.suppressed ? WITHHELD : publishedCount(results.responses)],
    [`Responses counted in the results (${AS_PUBLISHED})`, publishedCount(results.counted)],
    ["Note", RESULTS_STEP_NOTE],
    ["Note", RESULTS_FILE_NOTE],
    [],
  ];
  if (results.suppressed) {
    rows.push([
      `Fewer than ${MIN_RESPONSES_FOR_RESULTS} responses counted: results are not shown, so no pupil's answers can be picked out, nor the number of responses, which beside a school's total in the reach files could give a count of 1 to 4 back`,
    ]);
    return toCsv(rows);
  }
  rows.push(["Question number", "Question", "Answer", "Number choosing it", "Pupils answering the question, counted"]);
  for (const q of results.questions) {
    if (q.type === "FREE_TEXT") continue;
    // A question too few answered says so, with no figure (decision 0123).
    if (q.tooFew) {
      rows.push([q.number, q.prompt, TOO_FEW_ANSWERED, null, null]);
      continue;
    }
    // A core item's counts, or its own share, beside a board report's share over this run and others could
    // pin a "<5" (decisions 0153, 0154): the file gives only the number answering it.
    if (q.coreKey) {
      rows.push([q.number, q.prompt, CORE_ITEM_ANSWER, null, publishedCount(q.answered)]);
      continue;
    }
    const breakdown = publishedBreakdown(
      q.choices.map((c) => c.count),
      q.answered,
      { oneAnswerEach: q.type !== "MULTIPLE_CHOICE" },
    );
    q.choices.forEach((c, i) => {
      rows.push([q.number, q.prompt, c.label, "counts" in breakdown ? breakdown.counts[i]! : WITHHELD, publishedCount(q.answered)]);
    });
  }
  return toCsv(rows);
}

export type CoreComparisonRow = { coreKey: string; prompt: string; reverseScored: boolean; before: PhaseFigures; after: PhaseFigures; change: CoreItemChange };
/**
 * Responses are the counted responses of the runs counted; `runsLeftOut` are runs with answers that are
 * not counted because their own results are not shown (fewer than 10 counted responses).
 */
export type Comparison = { beforeResponses: number; afterResponses: number; runsLeftOut: number; rows: CoreComparisonRow[] };

type CoreAggregate = { coreKey: string; phase: string; answers: number; counted: number; agreeing: number; scoreSum: number };

/**
 * Which runs a before/after comparison may put side by side: only runs of one topic's templates (its
 * before and after family), so a knife-crime "before" is never set against a county-lines "after". It is
 * the session's own topic's templates when any run matched by `where` used one, else the templates
 * written for any topic. Returns that family's key: the topic's id, or "" for any topic.
 */
async function comparisonFamily(where: string, params: unknown[], topicId: string): Promise<string> {
  const [row] = await selectRows<{ n: number }>(
    `SELECT COUNT(*) AS "n" FROM "SurveyRun" r JOIN "SurveyTemplate" t ON t."id" = r."templateId" WHERE t."topicId" = ? AND ${where}`,
    topicId,
    ...params,
  );
  return Number(row?.n ?? 0) > 0 ? topicId : "";
}

/**
 * Core items before and after over the runs matched by `where` (SQL over SurveyRun `r`, with its
 * parameters) whose templates are of `family` (comparisonFamily: a topic's id, or "" for any topic).
 * Each item adds up, run by run, the counted answerers of runs where that item is shown on its own (ten
 * or more of them counted), so its figures are a sum of groups that each move ten at a time, and no
 * difference between this and a run's page, or between two views, gives back fewer than ten (disclosure.ts).
 * An item's `responses` are those answerers; the summary's responses are the counted responses of runs
 * shown on their own. With `paired` (figures over several bookings), like with like: an item counts only
 * where its booking shows it in the other phase too, and the summary's responses only runs whose booking
 * has a run shown in the other phase (app/models/before-after.ts, decision 0136).
 */
async function compareCoreItems(where: string, params: unknown[], family: string, { paired }: { paired: boolean }): Promise<Comparison> {
  // Runs of the family, of sessions that took place or are to come.
  const compared = `r."templateId" IN (SELECT t."id" FROM "SurveyTemplate" t WHERE COALESCE(t."topicId", '') = ?) AND ${runOfSessionHeld("r")}`;
  const only = (rows: string, alsoSame: string[]) => (paired ? pairedOnly(rows, alsoSame) : `(${rows})`);
  // From the runs' core item tallies (app/models/tallies.server.ts), as reach reads them: the same sums as
  // the counted answers themselves, without reading every answer of every run of a year.
  const aggregates = await selectRows<CoreAggregate>(
    `SELECT p."coreKey" AS "coreKey", p."phase" AS "phase", SUM(p."answers") AS "answers", SUM(p."counted") AS "counted", SUM(p."agreeing") AS "agreeing", SUM(p."scoreSum") AS "scoreSum"
     FROM ${only(
       `SELECT c."coreKey" AS "coreKey", r."phase" AS "phase", ${occasionOf("r")} AS "occasion", r."academicYear" AS "year",
          c."answers" AS "answers", c."counted" AS "counted", c."agreeing" AS "agreeing", c."scoreSum" AS "scoreSum"
        FROM "SurveyRun" r JOIN "CoreItemTally" c ON c."runId" = r."id"
        WHERE r."phase" IN ('BEFORE', 'AFTER') AND ${DISCLOSURE_SQL.coreItemShownByTally("c")} AND ${where} AND ${compared}`,
       ["coreKey"],
     )} p
     GROUP BY p."coreKey", p."phase"`,
    ...params,
    family,
  );
  const [responses, leftOut] = await Promise.all([
    selectRows<{ phase: string; n: number }>(
      `SELECT p."phase" AS "phase", SUM(p."n") AS "n"
       FROM ${only(
         `SELECT r."phase" AS "phase", ${occasionOf("r")} AS "occasion", r."academicYear" AS "year", ${DISCLOSURE_SQL.countedResponses()} AS "n"
          FROM "SurveyRun" r WHERE r."phase" IN ('BEFORE', 'AFTER') AND ${DISCLOSURE_SQL.runShown()} AND ${where} AND ${compared}`,
         [],
       )} p
       GROUP BY p."phase"`,
      ...params,
      family,
    ),
    selectRows<{ n: number }>(
      `SELECT COUNT(*) AS "n" FROM "SurveyRun" r
       WHERE r."phase" IN ('BEFORE', 'AFTER') AND r."responseCount" > 0 AND NOT (${DISCLOSURE_SQL.runShown()}) AND ${where} AND ${compared}`,
      ...params,
      family,
    ),
  ]);
  const responsesIn = (phase: string) => Number(responses.find((t) => t.phase === phase)?.n ?? 0);
  const beforeResponses = responsesIn("BEFORE");
  const afterResponses = responsesIn("AFTER");
  const keys = [...new Set(aggregates.map((a) => a.coreKey))];
  const prompts = await prisma.surveyQuestion.findMany({
    where: { coreKey: { in: keys }, template: { phase: "BEFORE", topicId: family || null } },
    select: { coreKey: true, prompt: true, reverseScored: true },
    orderBy: [{ template: { version: "desc" } }, { position: "asc" }],
  });
  const figures = (key: string, phase: string) => {
    const a = aggregates.find((row) => row.coreKey === key && row.phase === phase);
    return phaseFigures(Number(a?.answers ?? 0), Number(a?.counted ?? 0), Number(a?.agreeing ?? 0), Number(a?.scoreSum ?? 0));
  };
  const order = (key: string) => {
    const i = prompts.findIndex((p) => p.coreKey === key);
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  const rows = keys
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b))
    .map((coreKey) => {
      const before = figures(coreKey, "BEFORE");
      const after = figures(coreKey, "AFTER");
      const prompt = prompts.find((p) => p.coreKey === coreKey);
      return { coreKey, prompt: prompt?.prompt ?? coreKey, reverseScored: prompt?.reverseScored ?? false, before, after, change: changeBetween(before, after) };
    });
  return { beforeResponses, afterResponses, runsLeftOut: Number(leftOut[0]?.n ?? 0), rows };
}

/** Before and after for one booking, for the school that booked it or the lead. */
export async function bookingComparison(actor: Actor, bookingId: string) {
  const booking = await bookingForSurvey(actor, bookingId);
  const family = await comparisonFamily('r."bookingId" = ?', [booking.id], booking.delivery.topicId);
  const [comparison, runs] = await Promise.all([
    compareCoreItems('r."bookingId" = ?', [booking.id], family, { paired: false }),
    prisma.surveyRun.findMany({
      where: { bookingId: booking.id },
      select: {
        id: true,
        code: true,
        phase: true,
        responseCount: true,
        closedAt: true,
        closesOn: true,
        maxResponses: true,
        template: { select: { title: true } },
      },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  // Each run's session, for whether a run before it still takes answers (runState).
  const session = { delivery: { startsAt: booking.delivery.startsAt } };
  return { booking, comparison, runs: runs.map((run) => ({ ...run, booking: session })) };
}

/**
 * Before and after across every booking of a topic in an academic year: the lead only. Like with like
 * (decision 0136): only bookings with surveys shown on both sides are compared. `bookings` counts the
 * bookings with any survey; `paired` those compared; `oneSided` those with a survey shown on its own on one
 * side only (before the session and none after, or the other way round), left out of the figures.
 */
export async function topicComparison(actor: Actor, topicId: string, academicYear: number) {
  if (!can(actor, "surveys:read-all")) forbidden();
  const where = `r."academicYear" = ? AND r."context" = 'BOOKING' AND r."bookingId" IN (SELECT b."id" FROM "Booking" b JOIN "Delivery" d ON d."id" = b."deliveryId" WHERE d."topicId" = ?)`;
  const family = await comparisonFamily(where, [academicYear, topicId], topicId);
  const [comparison, bookings, phases] = await Promise.all([
    compareCoreItems(where, [academicYear, topicId], family, { paired: true }),
    prisma.surveyRun.findMany({
      where: { academicYear, context: "BOOKING", booking: { status: { in: PLACE_HOLDING_STATUSES }, delivery: { topicId } } },
      distinct: ["bookingId"],
      select: { bookingId: true },
    }),
    // Each booking's phases with a survey of the compared templates shown on its own.
    selectRows<{ bookingId: string; phases: number }>(
      `SELECT r."bookingId" AS "bookingId", COUNT(DISTINCT r."phase") AS "phases" FROM "SurveyRun" r
       WHERE r."phase" IN ('BEFORE', 'AFTER') AND ${DISCLOSURE_SQL.runShown()} AND ${runOfSessionHeld("r")} AND ${where}
         AND r."templateId" IN (SELECT t."id" FROM "SurveyTemplate" t WHERE COALESCE(t."topicId", '') = ?)
       GROUP BY r."bookingId"`,
      academicYear,
      topicId,
      family,
    ),
  ]);
  return {
    comparison,
    bookings: bookings.length,
    paired: phases.filter((row) => Number(row.phases) === 2).length,
    oneSided: phases.filter((row) => Number(row.phases) === 1).length,
  };
}

/** Topics and years that have survey runs, for the lead's comparison filters. */
export async function comparisonChoices() {
  const [topics, years] = await Promise.all([
    prisma.topic.findMany({ select: { id: true, title: true }, orderBy: { title: "asc" } }),
    prisma.surveyRun.findMany({ distinct: ["academicYear"], select: { academicYear: true }, orderBy: { academicYear: "desc" } }),
  ]);
  return { topics, years: years.map((y) => y.academicYear) };
}
