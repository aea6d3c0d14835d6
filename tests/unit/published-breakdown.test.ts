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

/**
 * The attacker, knowing the rule: every split of the same pupils that a file shows the same way is one
 * they cannot tell from the truth. A "<5" is given back when all such splits agree on it.
 */
function givenBack(total: number, cells: number): string[] {
  const alike = new Map<string, number[][]>();
  for (const split of splits(total, cells)) {
    const key = split.map(publishedCount).join(",");
    alike.set(key, [...(alike.get(key) ?? []), split]);
  }
  const found: string[] = [];
  for (const [key, group] of alike) {
    const shown = publishedBreakdown(group[0]!, total, { oneAnswerEach: true });
    if (!("counts" in shown)) continue;
    shown.counts.forEach((cell, i) => {
      if (cell !== "<5") return;
      const values = new Set(group.map((split) => split[i]));
      if (values.size === 1) found.push(`${total} answering, shown ${key}: answer ${i + 1} is ${[...values][0]}`);
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

  it("show a question where pupils may tick several answers count by count, as they add up to no total", () => {
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
});
