/**
 * Every survey figure the product shows one person, turned into the attacker's terms
 * (disclosure-attacker.ts). Footprints are not taken on trust: each figure's footprint is the set of
 * runs (all responses, or only those counted) whose true answers give exactly the numbers shown, so a
 * model that quietly added a hidden run would be caught.
 */
import type { Actor } from "~/auth/actor";
import type { PhaseFigures } from "~/lib/survey-scoring";
import { getReachDashboard } from "~/models/reach.server";
import { bookingComparison, runResults, topicComparison } from "~/models/survey-results.server";
import { getRun } from "~/models/survey-runs.server";
import { setFootprint, type Shown } from "./disclosure-attacker";

/** One pupil's answers to the two core items: "law" 1-5, "knife-safer" 0 (not sure) to 5, reverse-scored. */
export type Answer = { law: number; knife: number };
/** A run as the test knows it: its responses in the order pupils sent them, and which the results count. */
export type KnownRun = {
  id: string;
  bookingId: string;
  schoolId: string;
  phase: "BEFORE" | "AFTER";
  responses: { id: string; answer: Answer }[];
  counted: Set<string>;
};

type Totals = { responses: number; law: Core; knife: Core };
type Core = { counted: number; agreeing: number; scoreSum: number };

function totalsOf(answers: readonly Answer[]): Totals {
  const core = (values: number[], reverse: boolean): Core => {
    const scale = values.filter((v) => v >= 1 && v <= 5);
    return { counted: scale.length, agreeing: scale.filter((v) => v >= 4).length, scoreSum: scale.reduce((s, v) => s + (reverse ? 6 - v : v), 0) };
  };
  return {
    responses: answers.length,
    law: core(
      answers.map((a) => a.law),
      false,
    ),
    knife: core(
      answers.map((a) => a.knife),
      true,
    ),
  };
}

const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-9);
const agrees = (shown: PhaseFigures, core: Core) =>
  shown.shareAgreeing === null ||
  (core.counted > 0 && close(shown.shareAgreeing, core.agreeing / core.counted) && close(shown.meanScore, core.scoreSum / core.counted));

/**
 * The responses behind a figure over several runs: of the runs given, the choice of each run left out,
 * counted responses only, or all, whose answers give the numbers shown. Throws when none does.
 */
function explain(where: string, runs: readonly KnownRun[], matches: (totals: Totals) => boolean): Shown | null {
  const choices = runs.map((run) => [[], run.responses.filter((r) => run.counted.has(r.id)), run.responses]);
  for (let pick = 0; pick < 3 ** runs.length; pick++) {
    let rest = pick;
    const responses = choices.flatMap((options) => {
      const chosen = options[rest % 3]!;
      rest = Math.floor(rest / 3);
      return chosen;
    });
    if (matches(totalsOf(responses.map((r) => r.answer)))) {
      return responses.length === 0 ? null : { where, footprint: setFootprint(responses.map((r) => r.id)), low: 0, high: 0 };
    }
  }
  throw new Error(`No runs explain the figures shown on ${where}`);
}

/** A run's page and CSV (the same figures): what its results count, checked against the true answers. */
async function runFigures(actor: Actor, run: KnownRun, moment: string): Promise<Shown[]> {
  const results = await runResults(actor, await getRun(actor, run.id));
  if (results.suppressed) return [];
  const where = `run ${run.id.slice(0, 6)} page (${moment})`;
  const shown = explain(where, [run], (t) => {
    const coreOf = (words: string) => {
      const question = results.questions.find((q) => q.prompt.includes(words));
      return question && !question.tooFew ? question.core : null;
    };
    const law = coreOf("law");
    const knife = coreOf("safer");
    return t.responses === results.counted && !!law && !!knife && agrees(law, t.law) && agrees(knife, t.knife);
  });
  return shown ? [shown] : [];
}

type Comparison = { beforeResponses: number; afterResponses: number; rows: { coreKey: string; before: PhaseFigures; after: PhaseFigures }[] };

function comparisonFigures(comparison: Comparison, runs: readonly KnownRun[], where: string, responsesAre: "responses" | "answers"): Shown[] {
  return (["BEFORE", "AFTER"] as const).flatMap((phase) => {
    const side = phase === "BEFORE" ? "before" : "after";
    const responses = phase === "BEFORE" ? comparison.beforeResponses : comparison.afterResponses;
    const law = comparison.rows.find((r) => r.coreKey === "law")?.[side];
    const knife = comparison.rows.find((r) => r.coreKey === "knife-safer")?.[side];
    const shown = explain(
      `${where}, ${side}`,
      runs.filter((r) => r.phase === phase),
      (t) =>
        (responsesAre === "answers" || t.responses === responses) &&
        (!law || ((responsesAre === "responses" || law.responses === t.law.counted) && agrees(law, t.law))) &&
        (!knife || agrees(knife, t.knife)),
    );
    return shown ? [shown] : [];
  });
}

/** Everything about these runs that `actor` can see: run pages, booking comparisons and, for the lead, topic and reach figures. */
export async function surveyViews(
  actor: Actor,
  runs: readonly KnownRun[],
  moment: string,
  lead: { topicId: string; year: number; localityId: string } | null,
): Promise<Shown[]> {
  const figures: Shown[] = [];
  for (const run of runs) figures.push(...(await runFigures(actor, run, moment)));
  for (const bookingId of new Set(runs.map((r) => r.bookingId))) {
    const { comparison } = await bookingComparison(actor, bookingId);
    const own = runs.filter((r) => r.bookingId === bookingId);
    figures.push(...comparisonFigures(comparison, own, `booking ${bookingId.slice(0, 6)} comparison (${moment})`, "responses"));
  }
  if (lead) {
    const topic = await topicComparison(actor, lead.topicId, lead.year);
    figures.push(...comparisonFigures(topic.comparison, runs, `topic comparison (${moment})`, "responses"));
    const filters = { year: lead.year, term: null, localAuthority: null, localityId: lead.localityId, schoolType: null, topicId: null };
    const reach = await getReachDashboard(actor, filters);
    const asComparison = { beforeResponses: 0, afterResponses: 0, rows: reach.coreItems };
    figures.push(...comparisonFigures(asComparison, runs, `reach dashboard (${moment})`, "answers"));
  }
  return figures;
}
