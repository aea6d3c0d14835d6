/**
 * Secondary suppression of a core item's share over several surveys (decision 0154). A board report, or a
 * locality's line in a file for publication, gives a core item's share agreeing over a pool of survey runs.
 * Each of those runs' results files gives its own share of the item as published (decision 0153), with the
 * exact number of pupils answering it. A reader with all of them knows, for each run, every count its own
 * figures allow, and that the pool's counts add up to a total that rounds to the pool's figure. Those sums
 * can leave a run's count of pupils agreeing, not agreeing or "not sure" one value of 1 to 4, though each
 * figure alone hides it: a run whose own share is withheld is the pool less the others (decision 0153 gives
 * the cases found on the demo).
 *
 * So before a pool's share is printed, every count of 1 to 4 in every run of it must have a second value
 * that all the figures allow: a witness, a way the run's counts could differ, with at most one other run's
 * counts differing too, that every run's own figure and the pool's figure still fit. Where a count has none
 * that this search finds, the pool's share and its base are both withheld, leaving only its responses, the
 * sum of counts every run's file gives exactly. The search is incomplete, so it may withhold a share that
 * was safe, never print one it found unsafe.
 */
import { phaseFigures } from "../lib/survey-scoring";
import { isSmallCount, publishedPhase, type PublishedPhase } from "./disclosure";

/**
 * One survey run's counts for one core item in one phase, as its results count them (decision 0123):
 * `answering`, the pupils counted as answering the item (a whole number of steps of ten); `givingView`,
 * those of them giving a view (not "not sure"); `agreeing`, those of them agreeing or strongly agreeing.
 */
export type RunCoreCounts = { answering: number; givingView: number; agreeing: number };

/** The three counts a reader must not be able to pin at 1 to 4: agreeing, not agreeing, and "not sure". */
const CELLS = [(c: RunCoreCounts) => c.agreeing, (c: RunCoreCounts) => c.givingView - c.agreeing, (c: RunCoreCounts) => c.answering - c.givingView] as const;

/** How far (in pupils, on each count) the search looks for another way a run's counts could be. */
const REACH = 4;

/** The published line of counts, as a key: equal keys are figures a reader cannot tell apart. */
function lineKey({ answering, givingView, agreeing }: RunCoreCounts): string {
  const { responses, share } = publishedPhase(phaseFigures(answering, givingView, agreeing, 0));
  if (share === null) return `${responses}|none`;
  if ("percent" in share) return `${responses}|${share.percent}|${share.base}`;
  return `${responses}|${share.withheld}|${"base" in share ? share.base : ""}`;
}

type Move = { givingView: number; agreeing: number };

/**
 * Other counts within REACH of `run` that its own published line allows (the same `answering`, the same
 * line), as moves from it. Kept between calls: they depend on the counts alone, and runs repeat them.
 */
const movesKept = new Map<string, Move[]>();
const MOVES_KEPT_MOST = 20_000;

function movesOf(run: RunCoreCounts): Move[] {
  const key = `${run.answering}/${run.givingView}/${run.agreeing}`;
  const kept = movesKept.get(key);
  if (kept) return kept;
  const own = lineKey(run);
  const moves: Move[] = [];
  for (let dv = -REACH; dv <= REACH; dv++) {
    const givingView = run.givingView + dv;
    if (givingView < 0 || givingView > run.answering) continue;
    for (let da = -REACH; da <= REACH; da++) {
      const agreeing = run.agreeing + da;
      if ((dv === 0 && da === 0) || agreeing < 0 || agreeing > givingView) continue;
      if (lineKey({ answering: run.answering, givingView, agreeing }) === own) moves.push({ givingView: dv, agreeing: da });
    }
  }
  moves.sort((x, y) => Math.abs(x.givingView) + Math.abs(x.agreeing) - Math.abs(y.givingView) - Math.abs(y.agreeing));
  if (movesKept.size >= MOVES_KEPT_MOST) movesKept.clear();
  movesKept.set(key, moves);
  return moves;
}

/** Runs with the same counts, taken together: they allow the same moves. */
type Group = { counts: RunCoreCounts; runs: number; key: string };

/**
 * Whether every count of 1 to 4 in `runs` has a witness (see the module's note) against the pool's printed
 * line `poolLine`: a move of its run within the run's own line, alone or with one move of another run,
 * after which the pool's total still prints as `poolLine`.
 */
function everySmallCountHidden(runs: readonly RunCoreCounts[], total: RunCoreCounts, poolLine: string): boolean {
  const groups = new Map<string, Group>();
  for (const counts of runs) {
    const key = `${counts.answering}/${counts.givingView}/${counts.agreeing}`;
    const group = groups.get(key);
    if (group) group.runs += 1;
    else groups.set(key, { counts, runs: 1, key });
  }
  const fits = new Map<string, boolean>();
  const poolFits = (givingView: number, agreeing: number): boolean => {
    if (agreeing < 0 || agreeing > givingView || givingView > total.answering || givingView < 0) return false;
    const key = `${givingView}/${agreeing}`;
    let fit = fits.get(key);
    if (fit === undefined) {
      fit = lineKey({ answering: total.answering, givingView, agreeing }) === poolLine;
      fits.set(key, fit);
    }
    return fit;
  };
  // Each move another run could make, with up to two groups that can make it: one of them is a run other
  // than the one being hidden, unless that group has two runs or more.
  const helpers = new Map<string, { move: Move; groups: Group[] }>();
  for (const group of groups.values()) {
    for (const move of movesOf(group.counts)) {
      const key = `${move.givingView}/${move.agreeing}`;
      const helper = helpers.get(key) ?? { move, groups: [] };
      if (helper.groups.length < 2) helper.groups.push(group);
      helpers.set(key, helper);
    }
  }
  const hidden = (group: Group, cell: (typeof CELLS)[number]): boolean => {
    const value = cell(group.counts);
    for (const move of movesOf(group.counts)) {
      const moved = {
        answering: group.counts.answering,
        givingView: group.counts.givingView + move.givingView,
        agreeing: group.counts.agreeing + move.agreeing,
      };
      if (cell(moved) === value) continue;
      const givingView = total.givingView + move.givingView;
      const agreeing = total.agreeing + move.agreeing;
      if (poolFits(givingView, agreeing)) return true;
      for (const helper of helpers.values()) {
        if (!helper.groups.some((other) => other !== group || other.runs > 1)) continue;
        if (poolFits(givingView + helper.move.givingView, agreeing + helper.move.agreeing)) return true;
      }
    }
    return false;
  };
  for (const group of groups.values()) {
    for (const cell of CELLS) {
      if (isSmallCount(cell(group.counts)) && !hidden(group, cell)) return false;
    }
  }
  return true;
}

/**
 * A core item's phase over the survey runs `runs` as published (decision 0154): `publishedPhase` of their
 * total, when every count of 1 to 4 in every run stays hidden beside each run's own published figure
 * (`everySmallCountHidden`); otherwise its responses only, with the share and its base withheld ("a
 * survey's count of 1 to 4 could be worked out"). No runs, or no share to show, is `publishedPhase` of the
 * total as it is: its responses are the sum of the runs' exact numbers answering.
 */
export function publishedPooledPhase(runs: readonly RunCoreCounts[]): PublishedPhase {
  const total = runs.reduce(
    (sum, run) => ({ answering: sum.answering + run.answering, givingView: sum.givingView + run.givingView, agreeing: sum.agreeing + run.agreeing }),
    { answering: 0, givingView: 0, agreeing: 0 },
  );
  const printed = publishedPhase(phaseFigures(total.answering, total.givingView, total.agreeing, 0));
  if (printed.share === null || everySmallCountHidden(runs, total, lineKey(total))) return printed;
  return { responses: printed.responses, share: { withheld: "a survey's count of 1 to 4 could be worked out" } };
}
