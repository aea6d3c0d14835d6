/**
 * The reader of a core item's share over several surveys (decision 0154): they know every run's exact
 * number answering and its own published line (its results file), and the pool's published line (a board
 * report, a locality's line in a file), and try every count each run's line allows.
 */
import { phaseFigures } from "~/lib/survey-scoring";
import { publishedPhase, type PublishedPhase } from "~/models/disclosure";
import type { RunCoreCounts } from "~/models/pooled-shares";

const line = (c: RunCoreCounts): string => JSON.stringify(publishedPhase(phaseFigures(c.answering, c.givingView, c.agreeing, 0)));
const cells = (c: RunCoreCounts) => [c.agreeing, c.givingView - c.agreeing, c.answering - c.givingView];
const CELL_NAMES = ["agreeing", "not agreeing", "not sure"];

/** Every count a run's own published line allows, given its exact number answering. */
function allowedBy(run: RunCoreCounts): RunCoreCounts[] {
  const own = line(run);
  const allowed: RunCoreCounts[] = [];
  for (let givingView = 0; givingView <= run.answering; givingView++) {
    for (let agreeing = 0; agreeing <= givingView; agreeing++) {
      const other = { answering: run.answering, givingView, agreeing };
      if (line(other) === own) allowed.push(other);
    }
  }
  return allowed;
}

/**
 * The reader's attack: the counts of 1 to 4 that every way of filling in the runs' counts consistent with
 * all the figures leaves one value, as "run 2: not sure is 3". Exact, for pools of two or three runs.
 */
export function pinnedCounts(runs: readonly RunCoreCounts[], pool: PublishedPhase): string[] {
  const poolLine = JSON.stringify(pool);
  const answering = runs.reduce((sum, r) => sum + r.answering, 0);
  const allowed = runs.map(allowedBy);
  const poolFits = new Map<string, boolean>();
  const fits = (givingView: number, agreeing: number) => {
    const key = `${givingView}/${agreeing}`;
    let fit = poolFits.get(key);
    if (fit === undefined) poolFits.set(key, (fit = JSON.stringify(publishedPooledPhaseOfTotal({ answering, givingView, agreeing }, pool)) === poolLine));
    return fit;
  };
  const pinned: string[] = [];
  runs.forEach((run, i) => {
    // The sums the other runs' allowed counts can make.
    let others = new Map<string, { givingView: number; agreeing: number }>([["0/0", { givingView: 0, agreeing: 0 }]]);
    allowed.forEach((options, j) => {
      if (j === i) return;
      const next = new Map<string, { givingView: number; agreeing: number }>();
      for (const sum of others.values()) {
        for (const o of options) {
          const s = { givingView: sum.givingView + o.givingView, agreeing: sum.agreeing + o.agreeing };
          next.set(`${s.givingView}/${s.agreeing}`, s);
        }
      }
      others = next;
    });
    const possible = allowed[i]!.filter((mine) => [...others.values()].some((o) => fits(mine.givingView + o.givingView, mine.agreeing + o.agreeing)));
    cells(run).forEach((value, c) => {
      if (value < 1 || value > 4) return;
      const values = new Set(possible.map((p) => cells(p)[c]));
      if (values.size === 1) pinned.push(`run ${i + 1}: ${CELL_NAMES[c]} is ${value}`);
    });
  });
  return pinned;
}

/**
 * How the pool's total would print, for the reader: as printed when it was printed; when the share was
 * withheld for a survey's count, every total prints the same (responses only), so it tells them nothing.
 */
function publishedPooledPhaseOfTotal(total: RunCoreCounts, printed: PublishedPhase): PublishedPhase {
  if (printed.share && "withheld" in printed.share && printed.share.withheld === "a survey's count of 1 to 4 could be worked out") return printed;
  return publishedPhase(phaseFigures(total.answering, total.givingView, total.agreeing, 0));
}
