import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { decimalsFor, formatNumber } from './format.ts';
import { OKABE_ITO } from './palette.ts';
import { el } from './svg.ts';
import type { ChartOutput } from './types.ts';
import { checkSize, checkValue } from './validate.ts';

export interface SparklineOptions {
  width?: number;
  height?: number;
  /** What the values are, for the accessible label, e.g. "Burglary, monthly, Oct 2023 to Sep 2024". */
  label?: string;
}

/** A tiny line (no axes) for dashboard table cells; the last point is marked. Nulls break the line. */
export function sparkline(values: readonly (number | null)[], options: SparklineOptions = {}): ChartOutput {
  const width = checkSize(options.width, 100, 'width', 16);
  const height = checkSize(options.height, 24, 'height', 8);
  values.forEach((v, i) => checkValue(v, `sparkline value ${i + 1}`, true));
  const known = values.filter((v): v is number => v !== null);
  const title = options.label ?? 'Trend';
  const alt = sparklineAlt(title, values, known);
  const pad = 2.5;
  const lo = known.length ? Math.min(...known) : 0;
  const hi = known.length ? Math.max(...known) : 1;
  const x = scaleLinear()
    .domain([0, Math.max(1, values.length - 1)])
    .range([pad, width - pad]);
  const y = scaleLinear()
    .domain(lo === hi ? [lo - 1, hi + 1] : [lo, hi])
    .range([height - pad, pad]);
  const points = values.map((v, i) => ({ i, v }));
  const path = line<{ i: number; v: number | null }>()
    .defined((p) => p.v !== null)
    .x((p) => x(p.i))
    .y((p) => y(p.v as number))
    .digits(2);
  const lastIndex = values.length - 1;
  const dots = points
    .filter(
      (p) =>
        p.v !== null &&
        (p.i === lastIndex || ((values[p.i - 1] ?? null) === null && (values[p.i + 1] ?? null) === null)),
    )
    .map((p) =>
      el('circle', { cx: x(p.i), cy: y(p.v as number), r: p.i === lastIndex ? 2 : 1.2, fill: OKABE_ITO.blue }),
    )
    .join('');
  const svg =
    el(
      'svg',
      {
        xmlns: 'http://www.w3.org/2000/svg',
        width,
        height,
        viewBox: `0 0 ${width} ${height}`,
        role: 'img',
        'aria-label': alt,
        class: 'sparkline',
      },
      el('path', {
        d: path(points) ?? '',
        fill: 'none',
        stroke: OKABE_ITO.blue,
        'stroke-width': 1.5,
        'stroke-linejoin': 'round',
        'stroke-linecap': 'round',
      }) + dots,
    ) + '\n';
  return { svg, alt, title };
}

function sparklineAlt(label: string, values: readonly (number | null)[], known: number[]): string {
  if (known.length === 0) return `${label}: no data`;
  const decimals = decimalsFor(known);
  const n = (v: number) => formatNumber(v, decimals);
  const first = known[0] as number;
  const last = known.at(-1) as number;
  const gaps = values.length - known.length;
  return (
    `${label}: ${n(first)} to ${n(last)} over ${values.length} ${values.length === 1 ? 'point' : 'points'}, ` +
    `low ${n(Math.min(...known))}, high ${n(Math.max(...known))}` +
    (gaps ? `, ${gaps} without data` : '')
  );
}
