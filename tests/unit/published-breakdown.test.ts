import { describe, expect, it } from "vitest";
import { publishedBreakdown, publishedCount } from "~/models/disclosure";

/** Every way `total` pupils can split over `cells` answers, one answer each. */
function* splits(total: number, cells: number): Generator<number[]> {
  if (cells === 1) {
    yield [total];
    return;
  }
  for (let first = 0; first <= total; first++) for (const rest of splits(total - first, cells - 1)) yield [first, ...rest];
}

/** Every count of ticks `total` pupils who each tick one or more of `cells` answers can give: each at most `total`, `total` or more in all. */
function* ticks(total: number, cells: number): Generator<number[]> {
  const counts = new Array<number>(cells).fill(0);
  for (;;) {
    if (counts.reduce((sum, n) => sum + n, 0) >= total) yield counts;
    let i = 0;
    while (i < cells && counts[i] === total) counts[i++] = 0;
    if (i === cells) return;
    counts[i]! += 1;
  }
}

/**
 * The attacker, knowing the rule: every set of counts the same pupils could give that a file shows the
 * same way is one they cannot tell from the truth. A "<5" is given back when all such sets agree on it:
 * for each way of showing, the least and the most each cell took are kept.
 */
function givenBack(total: number, cells: number, oneAnswerEach = true): string[] {
  const alike = new Map<number, { example: number[]; least: number[]; most: number[] }>();
  // A cell as shown, as a digit: 0, "<5", or its band.
  const shownAs = (n: number) => (n === 0 ? 0 : n < 5 ? 1 : Math.floor(n / 5) + 1);
  const digits = Math.floor(total / 5) + 2;
  for (const counts of oneAnswerEach ? splits(total, cells) : ticks(total, cells)) {
    const key = counts.reduce((k, n) => k * digits + shownAs(n), 0);
    const group = alike.get(key);
    if (!group) alike.set(key, { example: [...counts], least: [...counts], most: [...counts] });
    else
      counts.forEach((n, i) => {
        group.least[i] = Math.min(group.least[i]!, n);
        group.most[i] = Math.max(group.most[i]!, n);
      });
  }
  const found: string[] = [];
  for (const { example, least, most } of alike.values()) {
    const shown = publishedBreakdown(example, total, { oneAnswerEach });
    if (!("counts" in shown)) continue;
    shown.counts.forEach((cell, i) => {
      if (cell === "<5" && least[i] === most[i]) found.push(`${total} answering, shown ${shown.counts.join(",")}: answer ${i + 1} is ${least[i]}`);
    });
  }
  return found;
}

describe("a question's counts in a results file for sharing", () => {
  it("no longer give back the three pupils of the demo's run RRRU-NUR5, whose shares over 20 did", () => {
    // 20 answered: 1, 1, 1 disagreeing or neither, 5 agreeing, 12 strongly, none not sure. With shares of
    // 25% and 60% the 5 and 12 were exact, and so the three 1s; without them, each "<5" could be 1, 2 or 3.
    const truth = [1, 1, 1, 5, 12, 0];
    expect(publishedBreakdown(truth, 20, { oneAnswerEach: true })).toEqual({ counts: ["<5", "<5", "<5", 5, 10, 0] });
    const alike = [...splits(20, 6)].filter((split) => split.map(publishedCount).join() === truth.map(publishedCount).join());
    expect(new Set(alike.map((split) => split[0]))).toEqual(new Set([1, 2, 3]));
  });

  it("withhold a breakdown whose small counts the number answering pins down", () => {
    // Ten answering, five answers shown "<5" and one 5: the five can only be 1 each.
    expect(publishedBreakdown([1, 1, 1, 1, 1, 5], 10, { oneAnswerEach: true })).toEqual({ withheld: "a count of 1 to 4 could be worked out" });
  });

  it("show a breakdown whose small counts the total cannot pin down", () => {
    expect(publishedBreakdown([0, 0, 0, 9, 1, 0], 10, { oneAnswerEach: true })).toEqual({ counts: [0, 0, 0, 5, "<5", 0] });
    expect(publishedBreakdown([2, 3, 4, 7, 14, 0], 30, { oneAnswerEach: true })).toEqual({ counts: ["<5", "<5", "<5", 5, 10, 0] });
  });

  it("withhold a question where pupils tick several answers when what they ticked pins a small count", () => {
    // Twenty ticked at least one box each, and five boxes shown "<5": each was ticked by 4.
    expect(publishedBreakdown([0, 4, 4, 4, 4, 4], 20, { oneAnswerEach: false })).toEqual({ withheld: "a count of 1 to 4 could be worked out" });
    // Their counts need not add up to the number answering, so small ones with room are shown.
    expect(publishedBreakdown([1, 1, 1, 1, 1, 5], 10, { oneAnswerEach: false })).toEqual({ counts: ["<5", "<5", "<5", "<5", "<5", 5] });
  });

  // Yes or no, a five-point scale, and a five-point scale with "not sure", over 10, 20 and 30 pupils.
  for (const [total, cells] of [
    [10, 2],
    [20, 2],
    [30, 2],
    [10, 5],
    [20, 5],
    [30, 5],
    [10, 6],
    [20, 6],
  ] as const) {
    it(`never give a "<5" back, whatever ${total} pupils answered over ${cells} answers`, () => {
      expect(givenBack(total, cells)).toEqual([]);
    });
  }

  for (const [total, cells] of [
    [10, 4],
    [10, 5],
    [20, 4],
    [20, 5],
  ] as const) {
    it(`never give a "<5" back, whatever ${total} pupils ticked over ${cells} answers`, () => {
      expect(givenBack(total, cells, false)).toEqual([]);
    });
  }
});
