/**
 * The scale of a column chart (app/components/charts.tsx): its axis counts pupils, so every label is a
 * whole number, no label repeats, each gridline sits at the number it is labelled with, and the top is
 * at or above the largest column. A chart of nothing but zeros says so rather than drawing a scale of 1.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ColumnChart } from "~/components/charts";

/** The axis labels as numbers, bottom first, and the heights of the gridlines (0 at the base, 100 at the top). */
function axisOf(values: number[]) {
  const html = renderToStaticMarkup(
    createElement(ColumnChart, { title: "Pupils reached each month", items: values.map((value, i) => ({ label: `M${i}`, value })) }),
  );
  const axis = /<div class="chart-axis">(.*?)<\/div>/.exec(html)![1]!;
  const labels = Array.from(axis.matchAll(/<span>([^<]*)<\/span>/g), (m) => m[1]!);
  const grid = Array.from(html.matchAll(/<line [^>]*y1="([^"]+)"/g), (m) => 100 - Number(m[1]));
  const plot = /<svg class="chart-plot".*?<\/svg>/.exec(html)![0];
  const columns = Array.from(plot.matchAll(/<rect [^>]*height="([^"]+)"/g), (m) => Number(m[1]));
  return { html, labels, numbers: labels.map((l) => Number(l.replace(/,/g, ""))), grid, columns };
}

describe("a column chart's axis", () => {
  it("labels a chart of zeros with 0 alone and says every figure is 0", () => {
    const { html, labels, grid, columns } = axisOf(Array(12).fill(0));
    expect(labels).toEqual(["0"]);
    expect(grid).toEqual([0]);
    expect(columns).toEqual(Array(12).fill(0));
    expect(html).toContain("Every figure is 0.");
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 9, 11, 13, 23, 25, 26, 99, 101, 249, 251, 1234, 7314, 9999, 10_001])(
    "labels a largest figure of %i with distinct whole numbers, evenly spaced, each at its gridline",
    (largest) => {
      const { labels, numbers, grid } = axisOf([0, Math.floor(largest / 3), largest]);
      expect(numbers.every((n) => Number.isInteger(n))).toBe(true);
      expect(new Set(labels).size).toBe(labels.length);
      expect(numbers[0]).toBe(0);
      expect(labels.length).toBeGreaterThanOrEqual(2);
      expect(labels.length).toBeLessThanOrEqual(6);
      const top = numbers.at(-1)!;
      expect(top).toBeGreaterThanOrEqual(largest);
      const step = numbers[1]!;
      numbers.forEach((n, i) => expect(n).toBe(i * step));
      grid.forEach((y, i) => expect(y).toBeCloseTo((numbers[i]! / top) * 100, 6));
    },
  );

  it("draws the tallest column to its figure on the scale", () => {
    const { numbers, columns } = axisOf([3, 0, 7]);
    const top = numbers.at(-1)!;
    expect(columns[2]).toBeCloseTo((7 / top) * 100, 6);
    expect(columns[0]).toBeCloseTo((3 / top) * 100, 6);
  });
});
