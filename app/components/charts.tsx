/**
 * Bar and column charts drawn on the server: no JavaScript, sharp at any size and in print. The bars
 * are SVG shapes stretched to the space they have; every word and number is HTML text, so it keeps one
 * size in CSS pixels on a phone and on a laptop (SVG text would grow and shrink with the drawing).
 * Each chart is an image with a text name for screen readers; the page puts a table with the same
 * numbers right beside it, which is where the exact figures live.
 */
import { Fragment } from "react";
import { formatCount } from "~/lib/numbers";
import { NoteBelow, Separator } from "./separators";

/**
 * A figure as a chart shows it: a number, or a published "<5" (1 to 4) or "withheld" figure, which is not
 * 0 and is never drawn or named as 0.
 */
export type ChartFigure = number | "<5" | "withheld";
export type ChartItem = { label: string; value: ChartFigure; text?: string };

// A "<5" is at most 4: the scale reaches that far, and its bar is drawn as an outline up to there.
const UNDER_FIVE_CEILING = 4;

/** The most a figure can be: a number itself, "<5" at most 4, and a withheld figure adds nothing to the scale. */
const ceilingOf = (value: ChartFigure): number => (typeof value === "number" ? value : value === "<5" ? UNDER_FIVE_CEILING : 0);

const inWords = new Intl.ListFormat("en-GB", { type: "conjunction" });

/**
 * The scale for counts: the axis labels, bottom first, and the top of the scale. Labels are whole numbers
 * a round step apart (1, 2 or 5 times a power of ten), at most five of them, the last at or above the
 * largest value, so no label repeats or needs rounding to sit at its gridline. With nothing above zero
 * the axis is 0 alone (the top is then only a divisor: nothing is drawn); a "<5" counts as 4, the most
 * it can be, so a chart of them is not drawn on an axis of 0.
 */
function countScale(max: number): { ticks: number[]; top: number } {
  if (max <= 0) return { ticks: [0], top: 1 };
  let power = 1;
  while (40 * power < max) power *= 10;
  const step = [1, 2, 5, 10].map((s) => s * power).find((s) => s * 4 >= max)!;
  const segments = Math.ceil(max / step);
  const ticks = Array.from({ length: segments + 1 }, (_, i) => i * step);
  return { ticks, top: segments * step };
}

/** What the figures in `items` that are `kind` are, in words: "Y8 and Y11 are under 5". */
function named(items: readonly ChartItem[], kind: "<5" | "withheld", words: string): string {
  const labels = items.filter((i) => i.value === kind).map((i) => i.label);
  if (labels.length === 0) return "";
  if (labels.length === items.length) return ` Every figure is ${words}.`;
  return ` ${inWords.format(labels)} ${labels.length === 1 ? "is" : "are"} ${words}.`;
}

/**
 * The chart's name for screen readers: its title; which figures are under 5 and which are withheld, or
 * that every figure is; and that every figure is 0 only when every one is the number 0.
 */
function chartName(title: string, items: readonly ChartItem[]): string {
  const zero = items.every((i) => i.value === 0) ? " Every figure is 0." : "";
  return `${title}.${zero}${named(items, "<5", "under 5")}${named(items, "withheld", "withheld")} The figures are in the table that follows.`;
}

/**
 * How much of a bar's track a figure fills, in per cent: a number above nothing always shows a sliver, a
 * "<5" reaches 4 (drawn as an outline, `barClass`), and a withheld figure draws nothing.
 */
function filled(value: ChartFigure, top: number): number {
  const reach = value === "withheld" ? 0 : ceilingOf(value);
  if (top <= 0 || reach <= 0) return 0;
  return Math.max(0.5, Math.min(100, (reach / top) * 100));
}

const barClass = (value: ChartFigure) => (value === "<5" ? "chart-bar chart-bar-under-5" : "chart-bar");

/** The scale of a chart's figures, each counted as the most it can be. */
const scaleOf = (items: readonly ChartItem[]) => countScale(Math.max(0, ...items.map((i) => ceilingOf(i.value))));

/** A chart whose every figure is withheld is not drawn: there is nothing to draw, and the table shows each one. */
const allWithheld = (items: readonly ChartItem[]) => items.length > 0 && items.every((i) => i.value === "withheld");

function WithheldChart({ title, items }: { title: string; items: readonly ChartItem[] }) {
  return <p className="panel mb-4">{chartName(title, items)}</p>;
}

/**
 * One row per item: its label, a bar, and the figure. `labelsAbove` puts each label on its own line
 * above its bar at every width (long answers in survey results); otherwise labels sit beside the bars
 * and move above them only on a narrow screen.
 */
export function BarRows({ items, top, labelsAbove = false }: { items: readonly ChartItem[]; top: number; labelsAbove?: boolean }) {
  return (
    <div className={labelsAbove ? "chart-bars chart-labels-above" : "chart-bars"}>
      {items.map((item, i) => (
        <div key={item.label} className="chart-bar-row">
          <span className="chart-label">
            {i > 0 ? <Separator text="; " /> : null}
            {item.label}
          </span>
          <svg className="chart-track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
            <rect x={0} y={0} width={filled(item.value, top)} height={10} className={barClass(item.value)} />
          </svg>
          <span className="chart-value">
            <Separator text=": " />
            {item.text ?? (typeof item.value === "number" ? formatCount(item.value) : item.value)}
          </span>
        </div>
      ))}
    </div>
  );
}

/** Horizontal bars: best for long labels such as topics and localities. */
export function BarChart({ title, items, max }: { title: string; items: readonly ChartItem[]; max?: number }) {
  if (allWithheld(items)) return <WithheldChart title={title} items={items} />;
  const top = max === undefined ? scaleOf(items).top : max;
  return (
    <div role="img" aria-label={chartName(title, items)} className="chart">
      <BarRows items={items} top={top} />
    </div>
  );
}

/**
 * Vertical columns: best for a sequence such as months or year groups. On a narrow screen the same
 * figures are drawn as bars instead, as twelve month labels side by side would not fit at a readable size.
 */
export function ColumnChart({ title, items }: { title: string; items: readonly ChartItem[] }) {
  if (allWithheld(items)) return <WithheldChart title={title} items={items} />;
  const { ticks, top } = scaleOf(items);
  // Each column gets 10 units of the drawing's width, which stretches to the plot; the labels below share
  // the same width equally, so each sits under its column.
  const width = Math.max(1, items.length) * 10;
  return (
    <div role="img" aria-label={chartName(title, items)} className="chart">
      <div className="chart-columns">
        <div className="chart-axis">
          {/* A space between the labels in the text (thousands have commas in them already); a flex box draws none. */}
          {ticks.map((tick, i) => (
            <Fragment key={tick}>
              {i > 0 ? " " : null}
              <span>{formatCount(tick)}</span>
            </Fragment>
          ))}
        </div>
        <svg className="chart-plot" viewBox={`0 0 ${width} 100`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
          {ticks.map((tick) => (
            <line key={tick} x1={0} x2={width} y1={100 - (tick / top) * 100} y2={100 - (tick / top) * 100} className="chart-grid" />
          ))}
          {items.map((item, i) => {
            const height = filled(item.value, top);
            return <rect key={item.label} x={i * 10 + 2} y={100 - height} width={6} height={height} className={barClass(item.value)} />;
          })}
        </svg>
        <div className="chart-column-labels">
          {/* Each label is read apart from the one before, and the first from the axis's last figure. */}
          {items.map((item) => (
            <span key={item.label}>
              <Separator text="; " />
              {item.label}
              {typeof item.value === "number" ? null : <NoteBelow>{item.value}</NoteBelow>}
            </span>
          ))}
        </div>
      </div>
      <div className="chart-columns-as-bars">
        <BarRows items={items} top={top} />
      </div>
    </div>
  );
}
