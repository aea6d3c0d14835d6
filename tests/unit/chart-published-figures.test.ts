/**
 * Charts of published figures (app/components/charts.tsx, drawn by ReachCharts on the board report): a
 * "<5" or "withheld" figure is what it is, never 0. The chart's name for screen readers says which figures
 * are under 5 or withheld, a chart of nothing but withheld figures says so instead of drawing an axis of
 * 0, and a chart of "<5" figures is scaled to what they might be, not to nothing.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ReachCharts } from "~/components/reach";
import type { ShownCount } from "~/models/reach.server";

const YEARS = [7, 8, 9, 10, 11];

/** The year-group chart of a board report whose year groups are `pupils`, as HTML, with its name and axis. */
function yearGroupChart(pupils: ShownCount[]) {
  const html = renderToStaticMarkup(
    createElement(ReachCharts, {
      data: { months: [], topics: [], localities: [], yearGroups: YEARS.map((yearGroup, i) => ({ yearGroup, pupils: pupils[i]! })) },
      period: "2025 to 2026",
      published: true,
    }),
  );
  const section = /<section aria-labelledby="chart-years".*?<\/section>/s.exec(html)![0];
  const chart = /<div role="img" aria-label="([^"]*)"(.*?)<table/s.exec(section);
  const axis = chart ? /<div class="chart-axis">(.*?)<\/div>/.exec(chart[2]!) : null;
  return {
    section,
    name: chart?.[1]?.replace(/&lt;/g, "<") ?? null,
    axis: axis ? Array.from(axis[1]!.matchAll(/<span>([^<]*)<\/span>/g), (m) => m[1]!) : null,
  };
}

describe("a chart of published figures", () => {
  it("never tells anyone that a chart of withheld year groups is all 0", () => {
    const { section, name, axis } = yearGroupChart(Array(5).fill("withheld"));
    expect(section).not.toContain("Every figure is 0");
    expect(axis).toBeNull();
    expect(name ?? section).toMatch(/every figure is withheld/i);
  });

  it("says a chart of figures under 5 is under 5 and scales it to them, not to 0", () => {
    const { name, axis } = yearGroupChart(Array(5).fill("<5"));
    expect(name).not.toContain("Every figure is 0");
    expect(name).toMatch(/every figure is under 5/i);
    expect(axis).not.toEqual(["0"]);
    expect(Number(axis!.at(-1))).toBeGreaterThanOrEqual(4);
  });

  it("names the figures under 5 and withheld among numbers, and says none is 0", () => {
    const { name } = yearGroupChart([0, "<5", 25, "withheld", "<5"]);
    expect(name).toContain("Y8 and Y11 are under 5");
    expect(name).toContain("Y10 is withheld");
    expect(name).not.toContain("Every figure is 0");
  });

  it("says a chart of zeros and withheld figures is not all 0", () => {
    const { name } = yearGroupChart([0, 0, "withheld", 0, 0]);
    expect(name).not.toContain("Every figure is 0");
    expect(name).toContain("Y9 is withheld");
  });
});
