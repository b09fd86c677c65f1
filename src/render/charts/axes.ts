import { scaleLinear } from 'd3-scale';
import type { ScaleLinear } from 'd3-scale';
import { decimalsForStep, formatNumber, monthLabel } from './format.ts';
import { INK } from './palette.ts';
import { FONT, PAD, el, text, textWidth, truncate } from './svg.ts';
import type { Rect } from './svg.ts';

export interface ValueAxis {
  scale: ScaleLinear<number, number>;
  ticks: number[];
  format: (v: number) => string;
}

/**
 * A "nice" linear scale over `values`. Zero is included when asked, or when every value is
 * non-negative and the padded domain would otherwise dip below zero.
 */
export function valueAxis(
  values: readonly number[],
  range: [number, number],
  fromZero: boolean,
  tickCount: number,
): ValueAxis {
  const finite = values.filter((v) => Number.isFinite(v));
  let lo = finite.length ? Math.min(...finite) : 0;
  let hi = finite.length ? Math.max(...finite) : 1;
  if (fromZero) {
    lo = Math.min(0, lo);
    hi = Math.max(0, hi);
  } else {
    const pad = hi > lo ? (hi - lo) * 0.08 : Math.max(Math.abs(hi) * 0.1, 1);
    const allNonNegative = lo >= 0;
    lo -= pad;
    hi += pad;
    if (allNonNegative && lo < 0) lo = 0;
  }
  if (hi === lo) hi = lo + 1;
  const scale = scaleLinear().domain([lo, hi]).range(range).nice(tickCount);
  const ticks = scale.ticks(tickCount);
  const step = ticks.length > 1 ? (ticks[1] as number) - (ticks[0] as number) : 1;
  const decimals = decimalsForStep(step);
  return { scale, ticks, format: (v) => formatNumber(v, decimals) };
}

/** Width taken by the y tick labels. */
export function tickLabelWidth(axis: ValueAxis): number {
  return Math.max(...axis.ticks.map((t) => textWidth(axis.format(t), FONT.tick)), 0);
}

/** Left margin for a vertical value axis: rotated title, tick labels, tick gap. */
export function leftMarginFor(axis: ValueAxis): number {
  return PAD + FONT.label + 8 + tickLabelWidth(axis) + 6;
}

/** Horizontal grid lines, tick labels and the rotated axis title for a vertical value axis. */
export function verticalValueAxis(axis: ValueAxis, plot: Rect, label: string): string {
  const grid = axis.ticks
    .map((t) => {
      const y = axis.scale(t);
      return (
        el('line', {
          x1: plot.left,
          x2: plot.right,
          y1: y,
          y2: y,
          stroke: t === 0 ? INK.axis : INK.grid,
          'stroke-width': 1,
        }) +
        text(plot.left - 6, y, axis.format(t), {
          'text-anchor': 'end',
          dy: '0.32em',
          'font-size': FONT.tick,
          fill: INK.muted,
        })
      );
    })
    .join('');
  const cy = (plot.top + plot.bottom) / 2;
  const cx = PAD + FONT.label * 0.8;
  // never longer than the plot is tall, so that it cannot run into the chart's title
  const title = text(cx, cy, truncate(label, plot.bottom - plot.top, FONT.label), {
    transform: `rotate(-90 ${cx} ${cy})`,
    'text-anchor': 'middle',
    'font-size': FONT.label,
  });
  return el('g', { class: 'axis axis-y' }, grid + title);
}

/**
 * Months to label on a time axis: a step of 1, 2, 3, 6, 12 or 24 months, the smallest that
 * leaves room for "Oct 2024"; steps of 3+ fall on quarter starts (Jan, Apr, Jul, Oct).
 */
export function monthTicks(first: number, last: number, width: number): number[] {
  const labelRoom = textWidth('Sep 2024', FONT.tick) + 14;
  const maxLabels = Math.max(2, Math.floor(width / labelRoom));
  const span = last - first + 1;
  for (const step of [1, 2, 3, 6, 12, 24, 60]) {
    const ticks: number[] = [];
    for (let m = first; m <= last; m++) if (step < 3 ? (m - first) % step === 0 : m % step === 0) ticks.push(m);
    if (ticks.length <= maxLabels && (ticks.length > 0 || span < step)) return ticks.length ? ticks : [first];
  }
  return [first, last];
}

/** Tick marks, "Oct 2024" labels and the axis title under a month axis. */
export function monthAxis(x: (m: number) => number, ticks: readonly number[], plot: Rect, label: string): string {
  const marks = ticks
    .map((m) => {
      const px = x(m);
      return (
        el('line', { x1: px, x2: px, y1: plot.bottom, y2: plot.bottom + 4, stroke: INK.axis }) +
        text(px, plot.bottom + 6, monthLabel(m), {
          'text-anchor': 'middle',
          dy: '0.71em',
          'font-size': FONT.tick,
          fill: INK.muted,
        })
      );
    })
    .join('');
  const axisLine = el('line', { x1: plot.left, x2: plot.right, y1: plot.bottom, y2: plot.bottom, stroke: INK.axis });
  const title = text((plot.left + plot.right) / 2, plot.bottom + 6 + FONT.tick + 8, label, {
    'text-anchor': 'middle',
    dy: '0.71em',
    'font-size': FONT.label,
  });
  return el('g', { class: 'axis axis-x' }, axisLine + marks + title);
}

/** Vertical space a month axis needs below the plot (tick labels and title). */
export const MONTH_AXIS_HEIGHT = 6 + FONT.tick + 8 + FONT.label + 8;
