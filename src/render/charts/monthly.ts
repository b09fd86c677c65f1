import { scaleBand } from 'd3-scale';
import { line } from 'd3-shape';
import { SaferError } from '../../core/errors.ts';
import { leftMarginFor, valueAxis, verticalValueAxis } from './axes.ts';
import { escapeXml } from '../../core/escape.ts';
import { decimalsFor, formatNumber, formatPercent, monthIso, monthLabel, monthName } from './format.ts';
import { layoutLegend } from './legend.ts';
import type { LegendItem } from './legend.ts';
import { INK, OKABE_ITO } from './palette.ts';
import { FONT, PAD, el, hatchPattern, idPrefix, marker, round, svgDocument, text, titleBlock } from './svg.ts';
import type { Rect } from './svg.ts';
import type { ChartOutput } from './types.ts';
import { checkLength, checkMonths, checkSize, checkValue } from './validate.ts';

export interface MonthlyComparisonInput {
  title: string;
  /** Axis title with units, e.g. "Crimes recorded per month". */
  yLabel: string;
  /** Default "Month". */
  xLabel?: string;
  /** The current months, 'YYYY-MM' in order (usually 12). */
  months: string[];
  current: number[];
  /** The same months a year earlier; null where unknown. */
  lastYear: (number | null)[];
  /** Optional multi-year average for each calendar month. */
  average?: (number | null)[];
  /** Legend labels; defaults name the periods ("Oct 2023 to Sep 2024"). */
  currentLabel?: string;
  lastYearLabel?: string;
  averageLabel?: string;
  width?: number;
  height?: number;
  id?: string;
}

const CURRENT_FILL = OKABE_ITO.blue;
const LAST_YEAR_FILL = OKABE_ITO.orange;
const AVERAGE = { colour: OKABE_ITO.black, dash: '4 3', marker: 'diamond' as const };

/** Grouped bars: each month against the same month a year earlier, with an optional average line. */
export function monthlyComparisonChart(input: MonthlyComparisonInput): ChartOutput {
  const width = checkSize(input.width, 640, 'width', 240);
  const height = checkSize(input.height, 380, 'height', 200);
  const months = checkMonths(input.months, 'months');
  checkLength(input.current, months.length, 'current');
  input.current.forEach((v, i) => checkValue(v, `current value ${i + 1}`, false));
  checkLength(input.lastYear, months.length, 'lastYear');
  input.lastYear.forEach((v, i) => checkValue(v, `lastYear value ${i + 1}`, true));
  if (input.average !== undefined) {
    checkLength(input.average, months.length, 'average');
    input.average.forEach((v, i) => checkValue(v, `average value ${i + 1}`, true));
  }
  const id = idPrefix('monthly', input.title, input.id);
  const first = months[0] as number;
  const last = months.at(-1) as number;
  const currentLabel = input.currentLabel ?? `${monthLabel(first)} to ${monthLabel(last)}`;
  const lastYearLabel = input.lastYearLabel ?? `${monthLabel(first - 12)} to ${monthLabel(last - 12)}`;
  const averageLabel = input.averageLabel ?? 'Multi-year average';
  const hatch = `url(#${id}-lastyear)`;

  const legendItems: LegendItem[] = [
    { kind: 'swatch', label: lastYearLabel, fill: hatch, stroke: LAST_YEAR_FILL },
    { kind: 'swatch', label: currentLabel, fill: CURRENT_FILL },
  ];
  if (input.average)
    legendItems.push({
      kind: 'line',
      label: averageLabel,
      colour: AVERAGE.colour,
      dash: AVERAGE.dash,
      width: 1.5,
      marker: AVERAGE.marker,
    });
  const legend = layoutLegend(legendItems, PAD, width - 2 * PAD);

  const head = titleBlock(input.title, width);
  const top = head.bottom + 14;
  const axisHeight = 6 + FONT.tick * 2 + 4 + 8 + FONT.label + 8;
  const bottom = height - PAD - legend.height - 6 - axisHeight;
  if (bottom - top < 60) {
    throw new SaferError('Chart height is too small for its title and legend', {
      column: 'height',
      value: String(height),
    });
  }
  const values = [...input.current, ...input.lastYear, ...(input.average ?? [])].filter((v): v is number => v !== null);
  const axis = valueAxis(values, [bottom, top], true, Math.max(3, Math.floor((bottom - top) / 45)));
  const plot: Rect = { left: leftMarginFor(axis), top, right: width - PAD - 4, bottom };
  const band = scaleBand<number>().domain(months).range([plot.left, plot.right]).paddingInner(0.25).paddingOuter(0.15);
  const barWidth = band.bandwidth() / 2;
  const y = (v: number) => axis.scale(v);
  const zero = y(0);

  const decimals = decimalsFor(values);
  const bar = (
    m: number,
    v: number | null,
    offset: number,
    fill: string,
    stroke: string | undefined,
    cls: string,
    month: number,
  ) => {
    if (v === null) {
      // An empty slot would read as zero on paper: say there is no figure.
      const cx = (band(m) as number) + offset + barWidth / 2;
      return text(cx, zero - 4, 'n/a', {
        class: 'no-data',
        transform: `rotate(-90 ${round(cx)} ${round(zero - 4)})`,
        dy: '0.32em',
        'font-size': FONT.tick,
        fill: INK.muted,
      });
    }
    const y1 = y(v);
    return el(
      'rect',
      {
        class: cls,
        x: (band(m) as number) + offset,
        y: Math.min(y1, zero),
        width: barWidth,
        height: Math.abs(zero - y1),
        fill,
        stroke,
        'stroke-width': stroke ? 1 : undefined,
        'data-month': monthIso(month),
        'data-value': v,
      },
      el('title', {}, escapeXml(`${monthLabel(month)}: ${formatNumber(v, decimals)}`)),
    );
  };
  const bars = months
    .map(
      (m, i) =>
        bar(m, input.lastYear[i] ?? null, 0, hatch, LAST_YEAR_FILL, 'bar bar-last-year', m - 12) +
        bar(m, input.current[i] as number, barWidth, CURRENT_FILL, undefined, 'bar bar-current', m),
    )
    .join('');

  let averageMarkup = '';
  if (input.average) {
    const points = months.map((m, i) => ({ m, v: input.average?.[i] ?? null }));
    const cx = (m: number) => (band(m) as number) + band.bandwidth() / 2;
    const path = line<{ m: number; v: number | null }>()
      .defined((p) => p.v !== null)
      .x((p) => cx(p.m))
      .y((p) => y(p.v as number))
      .digits(2);
    averageMarkup = el(
      'g',
      { class: 'average' },
      el('path', {
        d: path(points) ?? '',
        fill: 'none',
        stroke: AVERAGE.colour,
        'stroke-width': 1.5,
        'stroke-dasharray': AVERAGE.dash,
      }) +
        points
          .filter((p) => p.v !== null)
          .map((p) => marker(AVERAGE.marker, cx(p.m), y(p.v as number), AVERAGE.colour, 8))
          .join(''),
    );
  }

  const xLabels = months
    .map((m, i) => {
      const cx = (band(m) as number) + band.bandwidth() / 2;
      const showYear = i === 0 || m % 12 === 0;
      return (
        text(cx, plot.bottom + 6, monthName(m), {
          'text-anchor': 'middle',
          dy: '0.71em',
          'font-size': FONT.tick,
          fill: INK.muted,
        }) +
        (showYear
          ? text(cx, plot.bottom + 6 + FONT.tick + 4, String(Math.floor(m / 12)), {
              'text-anchor': 'middle',
              dy: '0.71em',
              'font-size': FONT.tick,
              fill: INK.muted,
            })
          : '')
      );
    })
    .join('');
  const xTitle = text((plot.left + plot.right) / 2, plot.bottom + 6 + FONT.tick * 2 + 4 + 8, input.xLabel ?? 'Month', {
    'text-anchor': 'middle',
    dy: '0.71em',
    'font-size': FONT.label,
  });
  const baseline = el('line', { x1: plot.left, x2: plot.right, y1: zero, y2: zero, stroke: INK.axis });

  const alt = monthlyAlt(input, months, currentLabel, lastYearLabel, averageLabel);
  const svg = svgDocument({
    width,
    height,
    id,
    title: input.title,
    alt,
    defs: hatchPattern(`${id}-lastyear`, LAST_YEAR_FILL, '#ffffff', 5, 1.4),
    body:
      head.markup +
      verticalValueAxis(axis, plot, input.yLabel) +
      el('g', { class: 'bars' }, bars) +
      baseline +
      averageMarkup +
      el('g', { class: 'axis axis-x' }, xLabels + xTitle) +
      legend.render(height - PAD - legend.height + 10),
  });
  const columns = ['Month', currentLabel, lastYearLabel, ...(input.average ? [averageLabel] : [])];
  const rows = input.months.map((month, i) => [
    month,
    input.current[i] ?? null,
    input.lastYear[i] ?? null,
    ...(input.average ? [input.average[i] ?? null] : []),
  ]);
  return { svg, alt, title: input.title, data: { columns, rows } };
}

function monthlyAlt(
  input: MonthlyComparisonInput,
  months: number[],
  currentLabel: string,
  lastYearLabel: string,
  averageLabel: string,
): string {
  const decimals = decimalsFor([...input.current, ...input.lastYear.filter((v): v is number => v !== null)]);
  const n = (v: number) => formatNumber(v, decimals);
  const parts = [
    `Bar chart: ${input.title}. ${input.yLabel} for each month, ${currentLabel} beside ${lastYearLabel}` +
      `${input.average ? `, with the ${averageLabel.toLowerCase()} as a line` : ''}.`,
  ];
  const paired = months.map((_, i) => i).filter((i) => input.lastYear[i] !== null);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const current = sum(paired.map((i) => input.current[i] as number));
  const previous = sum(paired.map((i) => input.lastYear[i] as number));
  if (paired.length > 0) {
    const scope = paired.length === months.length ? 'Total' : `Total over the ${paired.length} months with both years`;
    const change =
      previous === 0 ? (current === 0 ? 'no change' : 'new') : formatPercent(((current - previous) / previous) * 100);
    parts.push(`${scope}: ${n(current)} against ${n(previous)} (${change}).`);
  } else {
    parts.push(`Total: ${n(sum(input.current))}; no figures for a year earlier.`);
  }
  const peak = input.current.reduce((best, v, i) => (v > (input.current[best] as number) ? i : best), 0);
  parts.push(`Highest month: ${monthLabel(months[peak] as number)} (${n(input.current[peak] as number)}).`);
  return parts.join(' ');
}
