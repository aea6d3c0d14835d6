/**
 * A core item's share over several surveys, beside each survey's own published share (decision 0154). The
 * reader here knows every run's exact number answering and its published line (its results file), and the
 * pool's published line (a board report, a locality's line), and tries every count each run's line allows.
 * A count of 1 to 4 that they leave one value is found; none may be.
 */
import { describe, expect, it } from "vitest";
import { phaseFigures } from "~/lib/survey-scoring";
import { publishedPhase } from "~/models/disclosure";
import { publishedPooledPhase, type RunCoreCounts } from "~/models/pooled-shares";
import { pinnedCounts } from "./pooled-reader";

/** A small seeded generator, so every run of the test tries the same pools. */
function random(seed: number) {
  let state = seed >>> 0;
  return (below: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % below;
  };
}

function randomRun(next: (below: number) => number): RunCoreCounts {
  const answering = 10 * (1 + next(3));
  const givingView = answering - (next(3) === 0 ? next(answering + 1) : next(6));
  // Agreeing is often near none or all of those giving a view, where the counts of 1 to 4 are.
  const pick = next(4);
  const agreeing = pick === 0 ? next(Math.min(5, givingView + 1)) : pick === 1 ? givingView - next(Math.min(5, givingView + 1)) : next(givingView + 1);
  return { answering, givingView, agreeing };
}

describe("a core item's share over several surveys", () => {
  it("pins no survey's count of 1 to 4 beside the surveys' own shares, where the total's share alone pinned some", () => {
    const next = random(20261203);
    let pinnedBefore = 0;
    let printed = 0;
    const pools = 400;
    for (let p = 0; p < pools; p++) {
      const runs = Array.from({ length: 2 + next(2) }, () => randomRun(next));
      const total = runs.reduce((s, r) => ({
        answering: s.answering + r.answering,
        givingView: s.givingView + r.givingView,
        agreeing: s.agreeing + r.agreeing,
      }));
      const naive = publishedPhase(phaseFigures(total.answering, total.givingView, total.agreeing, 0));
      if (pinnedCounts(runs, naive).length > 0) pinnedBefore += 1;
      const pooled = publishedPooledPhase(runs);
      expect(pinnedCounts(runs, pooled), JSON.stringify(runs)).toEqual([]);
      if (pooled.share && "percent" in pooled.share) printed += 1;
    }
    // The rule this replaces let the reader pin counts in some of these pools, and the new one still
    // prints most shares.
    expect(pinnedBefore).toBeGreaterThan(0);
    expect(printed).toBeGreaterThan(pools / 2);
  });

  it("hides a survey whose own share is withheld, which the total less the other survey gave back", () => {
    // Two surveys. The first's own share is withheld: 4 of its 10 agree, and "40% of 10 to 14" could be 4.
    // The second's is printed: all of its 17 giving a view agree ("100% of 15 to 19"). The pool's
    // "80% of 25 to 29" left the first survey's number agreeing one value, 4.
    const runs = [
      { answering: 10, givingView: 10, agreeing: 4 },
      { answering: 20, givingView: 17, agreeing: 17 },
    ];
    const naive = publishedPhase(phaseFigures(30, 27, 21, 0));
    expect(naive).toEqual({ responses: 30, share: { percent: 80, base: 25 } });
    expect(pinnedCounts(runs, naive)).toEqual(["run 1: agreeing is 4"]);
    const pooled = publishedPooledPhase(runs);
    expect(pooled).toEqual({ responses: 30, share: { withheld: "a survey's count of 1 to 4 could be worked out" } });
    expect(pinnedCounts(runs, pooled)).toEqual([]);
  });

  it("prints a single survey's share exactly as the survey's own file does", () => {
    for (const answering of [10, 20, 30, 40]) {
      for (let givingView = 0; givingView <= answering; givingView++) {
        for (let agreeing = 0; agreeing <= givingView; agreeing++) {
          const run = { answering, givingView, agreeing };
          expect(publishedPooledPhase([run])).toEqual(publishedPhase(phaseFigures(answering, givingView, agreeing, 0)));
        }
      }
    }
  });

  it("prints a share over many surveys, where no one survey's counts can be pinned", () => {
    const next = random(7);
    const runs = Array.from({ length: 300 }, () => randomRun(next));
    const pooled = publishedPooledPhase(runs);
    expect(pooled.share).toMatchObject({ percent: expect.any(Number) });
  });
});
