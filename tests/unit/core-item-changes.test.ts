/**
 * Before-and-after changes of the core survey items, rendered as the reach dashboard and the survey
 * comparison show them: each change is the difference of the rounded figures beside it, with one minus sign.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CoreItemsTable } from "~/components/reach";
import { ComparisonTable } from "~/components/survey-charts";
import { fromLondonWallTime } from "~/lib/london-time";
import { changeBetween, phaseFigures } from "~/lib/survey-scoring";
import { headlineComparison } from "~/models/reach-comparison";

/** The cells of each body row, as text. */
const rows = (html: string) =>
  [...html.matchAll(/<tr>(.*?)<\/tr>/g)]
    .slice(1)
    .map(([, row]) => [...row!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map(([, cell]) => cell!.replace(/<[^>]+>/g, "")));

// 44.8% and 27.4% agreeing are shown as 45% and 27%; means of 3.204 and 3.625 as 3.20 and 3.63.
const before = phaseFigures(1000, 1000, 448, 3204);
const after = phaseFigures(1000, 1000, 274, 3625);
const item = { coreKey: "law", prompt: "Carrying a knife is against the law", reverseScored: false, before, after, change: changeBetween(before, after) };

describe("core item changes", () => {
  it("on the dashboard, are the difference of the shares shown, with a true minus sign", () => {
    const { labels } = headlineComparison({ year: 2025, term: null }, fromLondonWallTime("2026-12-01", "12:00")!);
    const html = renderToStaticMarkup(createElement(CoreItemsTable, { items: [item], previous: [item], year: 2025, comparison: labels }));
    const [[, shownBefore, shownAfter, change, lastYear]] = rows(html) as [string[]];
    expect([shownBefore, shownAfter]).toEqual(["45% of 1,000", "27% of 1,000"]);
    expect([change, lastYear]).toEqual(["−18 points", "−18 points"]);
  });

  it("on the survey comparison, are the difference of the shares and means shown, with the same minus sign", () => {
    const html = renderToStaticMarkup(createElement(ComparisonTable, { rows: [item], caption: "Before and after" }));
    expect(rows(html)).toEqual([["Carrying a knife is against the law", "45%", "27%", "−18 points", "3.20", "3.63", "+0.43"]]);
  });
});
