/**
 * The attacker: a curious reader with every figure one person may see, who adds and subtracts up to
 * three of them at a time. Each figure is modelled by its footprint, what it adds up: survey figures
 * add up a set of responses (every figure of a run's results is a function of the answers of the
 * responses it counts), published counts add up cells such as one school's pupils in one term.
 *
 * To teach it a new figure, describe the figure as a `Shown` (where it was seen, its footprint and the
 * range of true values it allows) and add it to the views of the people who can see it.
 */

/** What a figure adds up, with a coefficient for each part (1 for a plain sum). */
export type Footprint = ReadonlyMap<string, number>;

export type Shown = {
  /** Where it was seen, for the failure message. */
  where: string;
  footprint: Footprint;
  /** The true values the figure allows: equal when it is exact. */
  low: number;
  high: number;
  /** A count published as "<5" (or otherwise hidden): what the attacker tries to get back. */
  suppressed?: boolean;
};

export type Finding = { what: string; from: string[] };

export const setFootprint = (parts: Iterable<string>): Footprint => new Map([...parts].map((p) => [p, 1]));

function combine(terms: readonly { figure: Shown; sign: number }[]): Map<string, number> {
  const total = new Map<string, number>();
  for (const { figure, sign } of terms) {
    for (const [part, coefficient] of figure.footprint) {
      const next = (total.get(part) ?? 0) + sign * coefficient;
      if (next === 0) total.delete(part);
      else total.set(part, next);
    }
  }
  return total;
}

const keyOf = (footprint: ReadonlyMap<string, number>) =>
  [...footprint]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([part, c]) => `${part}*${c}`)
    .join("|");

/** Every choice of one to `most` figures with a sign each; the first is always added (a group and its negative are one). */
function* combinations<T>(items: readonly T[], most: number): Generator<{ figure: T; sign: number }[]> {
  function* from(start: number, chosen: { figure: T; sign: number }[]): Generator<{ figure: T; sign: number }[]> {
    if (chosen.length > 0) yield chosen;
    if (chosen.length === most) return;
    for (let i = start; i < items.length; i++) {
      for (const sign of chosen.length === 0 ? [1] : [1, -1]) yield* from(i + 1, [...chosen, { figure: items[i]!, sign }]);
    }
  }
  yield* from(0, []);
}

/**
 * Groups of responses whose answers the figures give back: any sum or difference of up to three
 * figures that adds up exactly one set of responses, of fewer than `smallestGroup`.
 */
export function smallGroupsRecovered(figures: readonly Shown[], smallestGroup: number, most = 3): Finding[] {
  const distinct = [...new Map(figures.map((f) => [keyOf(f.footprint), f])).values()];
  const findings: Finding[] = [];
  for (const terms of combinations(distinct, most)) {
    const total = combine(terms);
    const coefficients = [...total.values()];
    if (coefficients.length === 0 || coefficients.length >= smallestGroup) continue;
    if (coefficients.every((c) => c === 1) || coefficients.every((c) => c === -1)) {
      findings.push({ what: `the answers of a group of ${coefficients.length}`, from: terms.map((t) => `${t.sign > 0 ? "+" : "-"} ${t.figure.where}`) });
    }
  }
  return findings;
}

/**
 * Hidden counts that the figures give back exactly: for each suppressed figure, every sum or
 * difference of up to three other figures that adds up the same cells, with the ranges of the figures
 * used; it is recovered when that range and the figure's own leave one value.
 */
export function suppressedCountsRecovered(figures: readonly Shown[], most = 3): Finding[] {
  const findings: Finding[] = [];
  for (const target of figures.filter((f) => f.suppressed)) {
    const others = figures.filter((f) => f !== target);
    const wanted = keyOf(target.footprint);
    for (const terms of combinations(others, most)) {
      for (const flip of [1, -1]) {
        const signed = terms.map((t) => ({ figure: t.figure, sign: t.sign * flip }));
        if (keyOf(combine(signed)) !== wanted) continue;
        let low = 0;
        let high = 0;
        for (const { figure, sign } of signed) {
          low += sign > 0 ? figure.low : -figure.high;
          high += sign > 0 ? figure.high : -figure.low;
        }
        if (Math.max(low, target.low) === Math.min(high, target.high)) {
          findings.push({
            what: `${target.where} is exactly ${Math.max(low, target.low)}`,
            from: signed.map((t) => `${t.sign > 0 ? "+" : "-"} ${t.figure.where}`),
          });
        }
      }
    }
  }
  return findings;
}

/**
 * The same figures over fewer cells: cells that every figure holds alike (in the same figures, with the same
 * coefficients) are one cell, since no figure can tell how a total is split between them. A figure's total
 * allows exactly the same values, and the search below tries far fewer.
 */
function mergeCellsAlike(figures: readonly Shown[]): Shown[] {
  const signatures = new Map<string, string[]>();
  figures.forEach((figure, i) => {
    for (const [cell, coefficient] of figure.footprint) signatures.set(cell, [...(signatures.get(cell) ?? []), `${i}*${coefficient}`]);
  });
  const merged = new Map([...signatures].map(([cell, signature]) => [cell, signature.join(",")]));
  return figures.map((figure) => ({ ...figure, footprint: new Map([...figure.footprint].map(([cell, c]) => [merged.get(cell)!, c])) }));
}

/**
 * Hidden counts that the figures, all taken together, leave one value for: every whole-number value of
 * every cell is tried (each cell between 0 and the smallest `high` of a figure holding it), keeping the
 * assignments every figure allows; a suppressed figure whose total is the same in all of them is
 * recovered. Where `suppressedCountsRecovered` tries sums of up to three figures, this narrows each
 * cell by every figure at once, as someone working the files through by hand would (a year's band, less
 * a term's, less another's). Exponential in the cells, after cells that every figure holds alike are
 * merged: for a few schools, terms, topics, months and year groups only. Figures must
 * have footprints of positive coefficients (counts), as published totals do.
 */
export function suppressedCountsPinned(shown: readonly Shown[]): Finding[] {
  const figures = mergeCellsAlike(shown);
  // Cells of the smallest figures first, so that most figures are checked early and cut the search short.
  const bySize = [...figures].sort((a, b) => a.footprint.size - b.footprint.size);
  const cells = [...new Set(bySize.flatMap((f) => [...f.footprint.keys()]))];
  const highest = new Map(cells.map((c) => [c, Math.min(...figures.filter((f) => f.footprint.has(c)).map((f) => f.high))]));
  // A figure can be checked once its last cell has a value: cells are tried in order.
  const order = new Map(cells.map((c, i) => [c, i]));
  const checkedAt = new Map<number, Shown[]>();
  for (const figure of figures) {
    const last = Math.max(...[...figure.footprint.keys()].map((c) => order.get(c)!));
    checkedAt.set(last, [...(checkedAt.get(last) ?? []), figure]);
  }
  const targets = figures.filter((f) => f.suppressed);
  const seen = targets.map(() => new Set<number>());
  const values = new Map<string, number>();
  const total = (figure: Shown) => [...figure.footprint].reduce((sum, [cell, coefficient]) => sum + coefficient * values.get(cell)!, 0);
  function tryFrom(index: number) {
    if (index === cells.length) {
      targets.forEach((target, i) => seen[i]!.add(total(target)));
      return;
    }
    const cell = cells[index]!;
    for (let value = 0; value <= highest.get(cell)!; value++) {
      values.set(cell, value);
      if ((checkedAt.get(index) ?? []).every((f) => total(f) >= f.low && total(f) <= f.high)) tryFrom(index + 1);
    }
    values.delete(cell);
  }
  tryFrom(0);
  return targets.flatMap((target, i) =>
    seen[i]!.size === 1 ? [{ what: `${target.where} is exactly ${[...seen[i]!][0]}`, from: ["every figure together"] }] : [],
  );
}

/**
 * A published count (app/models/disclosure.ts) as the range of true values it stands for: 0 is 0, "<5" is 1
 * to 4 (and is what the attacker tries to get back), 35 is 35 to 39; null when "withheld".
 */
export function publishedRange(value: unknown): { low: number; high: number; suppressed: boolean } | null {
  if (value === "withheld") return null;
  if (value === "<5") return { low: 1, high: 4, suppressed: true };
  if (typeof value !== "number") throw new Error(`Not a published count: ${String(value)}`);
  return value === 0 ? { low: 0, high: 0, suppressed: false } : { low: value, high: value + 4, suppressed: false };
}
