/**
 * Bar and column charts drawn on the server: no JavaScript, sharp at any size and in print. The bars
 * are SVG shapes stretched to the space they have; every word and number is HTML text, so it keeps one
 * size in CSS pixels on a phone and on a laptop (SVG text would grow and shrink with the drawing).
 * Each chart is an image with a text name for screen readers; the page puts a table with the same
 * numbers right beside it, which is where the exact figures live.
 */
import { formatCount } from "~/lib/numbers";

export type ChartItem = { label: string; value: number; text?: string };

/** A round number a little above the largest value, so the scale reads easily. */
function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * power >= max)!;
  return step * power;
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
  const top = max === undefined ? niceMax(Math.max(0, ...items.map((i) => i.value))) : max;
  return (
    <div role="img" aria-label={`${title}. The figures are in the table that follows.`} className="chart">
      <BarRows items={items} top={top} />
    </div>
  );
}

/**
 * Vertical columns: best for a sequence such as months or year groups. On a narrow screen the same
 * figures are drawn as bars instead, as twelve month labels side by side would not fit at a readable size.
 */
export function ColumnChart({ title, items }: { title: string; items: readonly ChartItem[] }) {
  const top = niceMax(Math.max(0, ...items.map((i) => i.value)));
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => t * top);
  // Each column gets 10 units of the drawing's width, which stretches to the plot; the labels below share
  // the same width equally, so each sits under its column.
  const width = Math.max(1, items.length) * 10;
  return (
    <div role="img" aria-label={`${title}. The figures are in the table that follows.`} className="chart">
      <div className="chart-columns">
        <div className="chart-axis">
          {ticks.map((tick) => (
            <span key={tick}>{formatCount(Math.round(tick))}</span>
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
