/**
 * Bar and column charts drawn on the server: no JavaScript, sharp at any size and in print. The bars
 * are SVG shapes stretched to the space they have; every word and number is HTML text, so it keeps one
 * size in CSS pixels on a phone and on a laptop (SVG text would grow and shrink with the drawing).
 * Each chart is an image with a text name for screen readers; the page puts a table with the same
 * numbers right beside it, which is where the exact figures live.
 */
import { formatCount } from "~/lib/numbers";

export type ChartItem = { label: string; value: number; text?: string };

/**
 * The scale for counts: the axis labels, bottom first, and the top of the scale. Labels are whole numbers
 * a round step apart (1, 2 or 5 times a power of ten), at most five of them, the last at or above the
 * largest value, so no label repeats or needs rounding to sit at its gridline. With nothing above zero
 * the axis is 0 alone (the top is then only a divisor: nothing is drawn).
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

/** The chart's name for screen readers: its title, and that every figure is 0 when none is more. */
function chartName(title: string, items: readonly ChartItem[]): string {
  const empty = items.every((i) => i.value <= 0) ? " Every figure is 0." : "";
  return `${title}.${empty} The figures are in the table that follows.`;
}

/** How much of a bar's track `value` fills, in per cent; a value above nothing always shows a sliver. */
function filled(value: number, top: number): number {
  if (top <= 0 || value <= 0) return 0;
  return Math.max(0.5, Math.min(100, (value / top) * 100));
}

/**
 * One row per item: its label, a bar, and the figure. `labelsAbove` puts each label on its own line
 * above its bar at every width (long answers in survey results); otherwise labels sit beside the bars
 * and move above them only on a narrow screen.
 */
export function BarRows({ items, top, labelsAbove = false }: { items: readonly ChartItem[]; top: number; labelsAbove?: boolean }) {
  return (
    <div className={labelsAbove ? "chart-bars chart-labels-above" : "chart-bars"}>
      {items.map((item) => (
        <div key={item.label} className="chart-bar-row">
          <span className="chart-label">{item.label}</span>
          <svg className="chart-track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
            <rect x={0} y={0} width={filled(item.value, top)} height={10} className="chart-bar" />
          </svg>
          <span className="chart-value">{item.text ?? formatCount(item.value)}</span>
        </div>
      ))}
    </div>
  );
}

/** Horizontal bars: best for long labels such as topics and localities. */
export function BarChart({ title, items, max }: { title: string; items: readonly ChartItem[]; max?: number }) {
  const top = max === undefined ? countScale(Math.max(0, ...items.map((i) => i.value))).top : max;
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
  const { ticks, top } = countScale(Math.max(0, ...items.map((i) => i.value)));
  // Each column gets 10 units of the drawing's width, which stretches to the plot; the labels below share
  // the same width equally, so each sits under its column.
  const width = Math.max(1, items.length) * 10;
  return (
    <div role="img" aria-label={chartName(title, items)} className="chart">
      <div className="chart-columns">
        <div className="chart-axis">
          {ticks.map((tick) => (
            <span key={tick}>{formatCount(tick)}</span>
          ))}
        </div>
        <svg className="chart-plot" viewBox={`0 0 ${width} 100`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
          {ticks.map((tick) => (
            <line key={tick} x1={0} x2={width} y1={100 - (tick / top) * 100} y2={100 - (tick / top) * 100} className="chart-grid" />
          ))}
          {items.map((item, i) => {
            const height = filled(item.value, top);
            return <rect key={item.label} x={i * 10 + 2} y={100 - height} width={6} height={height} className="chart-bar" />;
          })}
        </svg>
        <div className="chart-column-labels">
          {items.map((item) => (
            <span key={item.label}>{item.label}</span>
          ))}
        </div>
      </div>
      <div className="chart-columns-as-bars">
        <BarRows items={items} top={top} />
      </div>
    </div>
  );
}
