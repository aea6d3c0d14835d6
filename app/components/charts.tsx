/**
 * Bar and column charts drawn as SVG on the server: no JavaScript, sharp at any size and in print.
 * Each is an image with a text title for screen readers; the page puts a table with the same numbers
 * right beside it, which is where the exact figures live.
 */
import { formatCount } from "~/lib/numbers";

export type ChartItem = { label: string; value: number; text?: string };

const INK = "#0b0c0c";
const BAR = "#1b3a5c";
const GRID = "#b1b4b6";

/** A round number a little above the largest value, so the scale reads easily. */
function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * power >= max)!;
  return step * power;
}

/** Horizontal bars: best for long labels such as topics and localities. */
export function BarChart({ id, title, items, max }: { id: string; title: string; items: readonly ChartItem[]; max?: number }) {
  const labelWidth = 260;
  const barArea = 420;
  const textWidth = 220;
  const rowHeight = 34;
  const top = max === undefined ? niceMax(Math.max(0, ...items.map((i) => i.value))) : max;
  const height = Math.max(1, items.length) * rowHeight + 8;
  return (
    <svg
      viewBox={`0 0 ${labelWidth + barArea + textWidth} ${height}`}
      role="img"
      aria-labelledby={`${id}-title`}
      className="mb-4 h-auto w-full max-w-4xl"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={`${id}-title`}>{`${title}. The figures are in the table that follows.`}</title>
      {items.map((item, i) => {
        const y = i * rowHeight + 4;
        const width = top > 0 ? Math.max(item.value > 0 ? 2 : 0, (item.value / top) * barArea) : 0;
        return (
          <g key={item.label}>
            <text x={labelWidth - 10} y={y + rowHeight / 2 + 5} textAnchor="end" fontSize="15" fill={INK}>
              {item.label.length > 32 ? `${item.label.slice(0, 31)}…` : item.label}
            </text>
            <rect x={labelWidth} y={y + 5} width={width} height={rowHeight - 12} fill={BAR} />
            <text x={labelWidth + width + 8} y={y + rowHeight / 2 + 5} fontSize="15" fill={INK}>
              {item.text ?? formatCount(item.value)}
            </text>
          </g>
        );
      })}
      <line x1={labelWidth} x2={labelWidth} y1={0} y2={height} stroke={INK} strokeWidth="1" />
    </svg>
  );
}

/** Vertical columns: best for a sequence such as months or year groups. */
export function ColumnChart({ id, title, items }: { id: string; title: string; items: readonly ChartItem[] }) {
  const left = 60;
  const columnWidth = 64;
  const plotHeight = 220;
  const top = niceMax(Math.max(0, ...items.map((i) => i.value)));
  const width = left + Math.max(1, items.length) * columnWidth + 10;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => t * top);
  return (
    <svg
      viewBox={`0 0 ${width} ${plotHeight + 60}`}
      role="img"
      aria-labelledby={`${id}-title`}
      className="mb-4 h-auto w-full max-w-4xl"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={`${id}-title`}>{`${title}. The figures are in the table that follows.`}</title>
      {ticks.map((tick) => {
        const y = 20 + plotHeight - (tick / top) * plotHeight;
        return (
          <g key={tick}>
            <line x1={left} x2={width - 10} y1={y} y2={y} stroke={GRID} strokeWidth="1" />
            <text x={left - 8} y={y + 5} textAnchor="end" fontSize="13" fill={INK}>
              {formatCount(Math.round(tick))}
            </text>
          </g>
        );
      })}
      {items.map((item, i) => {
        const h = (item.value / top) * plotHeight;
        const x = left + i * columnWidth + 10;
        return (
          <g key={item.label}>
            <rect x={x} y={20 + plotHeight - h} width={columnWidth - 20} height={h} fill={BAR} />
            <text x={x + (columnWidth - 20) / 2} y={plotHeight + 42} textAnchor="middle" fontSize="14" fill={INK}>
              {item.label}
            </text>
          </g>
        );
      })}
      <line x1={left} x2={width - 10} y1={20 + plotHeight} y2={20 + plotHeight} stroke={INK} strokeWidth="1" />
    </svg>
  );
}
