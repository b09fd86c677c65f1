import { area, line } from 'd3-shape';
import { scaleLinear } from 'd3-scale';
import { SaferError } from '../../core/errors.ts';
import { MONTH_AXIS_HEIGHT, leftMarginFor, monthAxis, monthTicks, valueAxis, verticalValueAxis } from './axes.ts';
import { decimalsFor, formatNumber, formatPercent, formatRate, monthLabel } from './format.ts';
import { layoutLegend } from './legend.ts';
import type { LegendItem } from './legend.ts';
import { INK, PROJECTION_DASH, seriesStyle } from './palette.ts';
import { FONT, PAD, el, hatchPattern, idPrefix, marker, svgDocument, text, textWidth, titleBlock } from './svg.ts';
import type { Rect } from './svg.ts';
import type { ChartOutput } from './types.ts';
import { checkLength, checkMonths, checkSize, checkValue } from './validate.ts';

export type SeriesRole = 'primary' | 'comparison' | 'secondary';

export interface RollingSeries {
  name: string;
  /** One value per month; null breaks the line. */
  values: (number | null)[];
  /** Line weight: primary thickest. Default: the first series is primary, the rest comparison. */
  role?: SeriesRole;
}

export interface RollingProjection {
  months: string[];
  mean: number[];
  lower80: number[];
  upper80: number[];
  lower95: number[];
  upper95: number[];
}

export interface RollingChartInput {
  title: string;
  /** Axis title with units, e.g. "Crimes per 1,000 residents (rolling 12 months)". */
  yLabel: string;
  /** Default "12 months ending". */
  xLabel?: string;
  /** 'YYYY-MM', in order. */
  months: string[];
  series: RollingSeries[];
  projection?: RollingProjection;
  width?: number;
  height?: number;
  /** Start the value axis at zero (default: fit the data, which shows change more clearly). */
  yFromZero?: boolean;
  /** Prefix for element ids; default derived from the title. */
  id?: string;
  /** 'rate': values are rates, labelled as every output prints a rate (core/format); default: decimals for the set. */
  valueKind?: 'rate';
}

const WIDTHS: Record<SeriesRole, number> = { primary: 3, comparison: 2, secondary: 1.5 };
const DRAW_ORDER: Record<SeriesRole, number> = { secondary: 0, comparison: 1, primary: 2 };

type Point = { m: number; v: number | null };
type BandPoint = { m: number; lo: number; hi: number };

/** Rolling 12-month line chart with optional projection (dashed mean, 80% and 95% bands). */
export function rollingChart(input: RollingChartInput): ChartOutput {
  const width = checkSize(input.width, 640, 'width', 240);
  const height = checkSize(input.height, 400, 'height', 200);
  const months = checkMonths(input.months, 'months');
  if (!Array.isArray(input.series) || input.series.length === 0) {
    throw new SaferError('A rolling chart needs at least one series', { column: 'series' });
  }
  input.series.forEach((s, i) => {
    checkLength(s.values, months.length, `series "${s.name}" values`);
    s.values.forEach((v, j) => checkValue(v, `series "${s.name}" value ${j + 1}`, true));
    if (s.role !== undefined && !(s.role in WIDTHS)) {
      throw new SaferError(`Series role must be primary, comparison or secondary`, {
        column: `series ${i + 1}`,
        value: String(s.role),
      });
    }
  });
  const roles: SeriesRole[] = input.series.map((s, i) => s.role ?? (i === 0 ? 'primary' : 'comparison'));
  const primaryIndex = Math.max(0, roles.indexOf('primary'));
  const projection = input.projection ? checkProjection(input.projection, months) : undefined;

  const id = idPrefix('rolling', input.title, input.id);
  const lines = input.series.map((s) => s.values.map((v, j): Point => ({ m: months[j] as number, v })));
  const primaryStyle = seriesStyle(primaryIndex);

  // Join the projection to the last observed value of the primary series when it is the month before.
  const anchor = projection ? lastPoint(lines[primaryIndex] as Point[]) : undefined;
  const joined = anchor && projection && anchor.m === (projection.months[0] as number) - 1;
  const projMean: Point[] = projection ? projection.months.map((m, i) => ({ m, v: projection.mean[i] as number })) : [];
  const band80: BandPoint[] = projection
    ? projection.months.map((m, i) => ({ m, lo: projection.lower80[i] as number, hi: projection.upper80[i] as number }))
    : [];
  const band95: BandPoint[] = projection
    ? projection.months.map((m, i) => ({ m, lo: projection.lower95[i] as number, hi: projection.upper95[i] as number }))
    : [];
  if (joined && anchor && anchor.v !== null) {
    projMean.unshift(anchor);
    band80.unshift({ m: anchor.m, lo: anchor.v, hi: anchor.v });
    band95.unshift({ m: anchor.m, lo: anchor.v, hi: anchor.v });
  }

  // Legend
  const legendItems: LegendItem[] = input.series.map((s, i) => ({
    kind: 'line',
    label: s.name,
    colour: seriesStyle(i).colour,
    dash: seriesStyle(i).dash,
    width: WIDTHS[roles[i] as SeriesRole],
    marker: seriesStyle(i).marker,
  }));
  if (projection) {
    legendItems.push(
      { kind: 'line', label: 'Projection (mean)', colour: primaryStyle.colour, dash: PROJECTION_DASH, width: 2 },
      { kind: 'swatch', label: '80% prediction interval', fill: INK.band80, stroke: INK.bandEdge, strokeWidth: 1 },
      {
        kind: 'swatch',
        label: '95% prediction interval',
        fill: `url(#${id}-hatch95)`,
        stroke: INK.bandEdge,
        strokeDash: '3 2',
        strokeWidth: 1,
      },
    );
  }
  const legend = layoutLegend(legendItems, PAD, width - 2 * PAD);

  // Vertical layout, then the value axis, then horizontal layout.
  const head = titleBlock(input.title, width);
  const top = head.bottom + 14;
  const bottom = height - PAD - legend.height - 6 - MONTH_AXIS_HEIGHT;
  if (bottom - top < 60) {
    throw new SaferError('Chart height is too small for its title and legend', {
      column: 'height',
      value: String(height),
      hint: 'Give a larger height or fewer series.',
    });
  }
  const allValues = [
    ...input.series.flatMap((s) => s.values.filter((v): v is number => v !== null)),
    ...band95.flatMap((b) => [b.lo, b.hi]),
    ...band80.flatMap((b) => [b.lo, b.hi]),
    ...projMean.map((p) => p.v as number),
  ];
  const axis = valueAxis(
    allValues,
    [bottom, top],
    input.yFromZero ?? false,
    Math.max(3, Math.floor((bottom - top) / 45)),
  );
  const first = months[0] as number;
  const last = projection ? (projection.months.at(-1) as number) : (months.at(-1) as number);
  const halfLabel = textWidth('Sep 2024', FONT.tick) / 2 + 4;
  const plot: Rect = {
    left: Math.max(leftMarginFor(axis), PAD + halfLabel),
    top,
    right: width - PAD - halfLabel,
    bottom,
  };
  const xScale = scaleLinear()
    .domain(first === last ? [first - 0.5, last + 0.5] : [first, last])
    .range([plot.left, plot.right]);
  const x = (m: number) => xScale(m);
  const y = (v: number) => axis.scale(v);
  const ticks = monthTicks(first, last, plot.right - plot.left);
  const tickSet = new Set(ticks);

  // Projection bands and boundary
  let projectionMarkup = '';
  if (projection) {
    const bandPath = area<BandPoint>()
      .x((b) => x(b.m))
      .y0((b) => y(b.lo))
      .y1((b) => y(b.hi))
      .digits(2);
    const boundary = x(months.at(-1) as number);
    const label = 'Projection';
    const labelFits = plot.right - boundary - 8 >= textWidth(label, FONT.tick);
    projectionMarkup =
      el('path', {
        class: 'band band-95',
        'data-band': '95',
        d: bandPath(band95) ?? '',
        fill: `url(#${id}-hatch95)`,
        stroke: INK.bandEdge,
        'stroke-width': 1,
        'stroke-dasharray': '3 2',
      }) +
      el('path', {
        class: 'band band-80',
        'data-band': '80',
        d: bandPath(band80) ?? '',
        fill: INK.band80,
        'fill-opacity': 0.9,
        stroke: INK.bandEdge,
        'stroke-width': 1,
      }) +
      el('line', {
        x1: boundary,
        x2: boundary,
        y1: plot.top,
        y2: plot.bottom,
        stroke: INK.muted,
        'stroke-width': 1,
        'stroke-dasharray': '1 3',
      }) +
      (labelFits
        ? text(boundary + 4, plot.top + 2, label, { dy: '0.71em', 'font-size': FONT.tick, fill: INK.muted })
        : '');
  }

  // Lines, drawn so that the primary ends up on top.
  const linePath = line<Point>()
    .defined((p) => p.v !== null)
    .x((p) => x(p.m))
    .y((p) => y(p.v as number))
    .digits(2);
  const order = input.series
    .map((_, i) => i)
    .sort((a, b) => DRAW_ORDER[roles[a] as SeriesRole] - DRAW_ORDER[roles[b] as SeriesRole] || b - a);
  const seriesMarkup = order
    .map((i) => {
      const s = input.series[i] as RollingSeries;
      const style = seriesStyle(i);
      const points = lines[i] as Point[];
      const markers = points
        .filter((p, j) => p.v !== null && (tickSet.has(p.m) || isolated(points, j)))
        .map((p) => marker(style.marker, x(p.m), y(p.v as number), style.colour, roles[i] === 'primary' ? 8 : 7))
        .join('');
      return el(
        'g',
        { class: `series series-${roles[i]}`, 'data-series': s.name },
        el('path', {
          d: linePath(points) ?? '',
          fill: 'none',
          stroke: style.colour,
          'stroke-width': WIDTHS[roles[i] as SeriesRole],
          'stroke-dasharray': style.dash || undefined,
          'stroke-linejoin': 'round',
          'stroke-linecap': 'round',
        }) + markers,
      );
    })
    .join('');
  const meanMarkup = projection
    ? el('path', {
        class: 'projection-mean',
        d: linePath(projMean) ?? '',
        fill: 'none',
        stroke: primaryStyle.colour,
        'stroke-width': 2,
        'stroke-dasharray': PROJECTION_DASH,
      })
    : '';

  const alt = rollingAlt(input, months, roles, projection);
  const svg = svgDocument({
    width,
    height,
    id,
    title: input.title,
    alt,
    defs: projection ? hatchPattern(`${id}-hatch95`, INK.band95, INK.hatch, 6, 0.8) : '',
    body:
      head.markup +
      verticalValueAxis(axis, plot, input.yLabel) +
      projectionMarkup +
      monthAxis(x, ticks, plot, input.xLabel ?? '12 months ending') +
      seriesMarkup +
      meanMarkup +
      legend.render(height - PAD - legend.height + 10),
  });
  const projected = input.projection;
  const columns = [
    'Month (12 months ending)',
    ...input.series.map((s) => s.name),
    ...(projected
      ? ['Projection', 'Projection 80% lower', 'Projection 80% upper', 'Projection 95% lower', 'Projection 95% upper']
      : []),
  ];
  const rows: (string | number | null)[][] = input.months.map((month, i) => [
    month,
    ...input.series.map((s) => s.values[i] ?? null),
    ...(projected ? [null, null, null, null, null] : []),
  ]);
  if (projected) {
    projected.months.forEach((month, i) =>
      rows.push([
        month,
        ...input.series.map(() => null),
        projected.mean[i] ?? null,
        projected.lower80[i] ?? null,
        projected.upper80[i] ?? null,
        projected.lower95[i] ?? null,
        projected.upper95[i] ?? null,
      ]),
    );
  }
  return { svg, alt, title: input.title, data: { columns, rows } };
}

interface CheckedProjection {
  months: number[];
  mean: number[];
  lower80: number[];
  upper80: number[];
  lower95: number[];
  upper95: number[];
}

function checkProjection(p: RollingProjection, months: number[]): CheckedProjection {
  const pm = checkMonths(p.months, 'projection months');
  if ((pm[0] as number) <= (months.at(-1) as number)) {
    throw new SaferError('Projection months must come after the last observed month', {
      column: 'projection months',
      value: p.months[0],
    });
  }
  for (const key of ['mean', 'lower80', 'upper80', 'lower95', 'upper95'] as const) {
    checkLength(p[key], pm.length, `projection ${key}`);
    p[key].forEach((v, j) => checkValue(v, `projection ${key} ${j + 1}`, false));
  }
  pm.forEach((_, i) => {
    const [l95, l80, u80, u95] = [p.lower95[i], p.lower80[i], p.upper80[i], p.upper95[i]] as [
      number,
      number,
      number,
      number,
    ];
    if (!(l95 <= l80 && l80 <= u80 && u80 <= u95)) {
      throw new SaferError('Projection intervals must nest: lower95 ≤ lower80 ≤ upper80 ≤ upper95', {
        column: 'projection',
        value: p.months[i],
      });
    }
  });
  return { months: pm, mean: p.mean, lower80: p.lower80, upper80: p.upper80, lower95: p.lower95, upper95: p.upper95 };
}

function lastPoint(points: Point[]): Point | undefined {
  const last = points.at(-1);
  return last && last.v !== null ? last : undefined;
}

function isolated(points: Point[], j: number): boolean {
  return (points[j - 1]?.v ?? null) === null && (points[j + 1]?.v ?? null) === null;
}

function rollingAlt(
  input: RollingChartInput,
  months: number[],
  roles: SeriesRole[],
  projection?: CheckedProjection,
): string {
  const all = input.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const decimals = decimalsFor([...all, ...(projection?.mean ?? [])]);
  const n = input.valueKind === 'rate' ? formatRate : (v: number) => formatNumber(v, decimals);
  const parts = [
    `Line chart: ${input.title}. ${input.yLabel}, ${monthLabel(months[0] as number)} to ${monthLabel(months.at(-1) as number)}.`,
  ];
  input.series.forEach((s, i) => {
    const known = s.values
      .map((v, j) => ({ v, m: months[j] as number }))
      .filter((p): p is { v: number; m: number } => p.v !== null);
    const firstKnown = known[0];
    const lastKnown = known.at(-1);
    if (!firstKnown || !lastKnown) {
      parts.push(`${s.name}: no data.`);
      return;
    }
    const change =
      firstKnown.v !== 0 && known.length > 1
        ? ` (${formatPercent(((lastKnown.v - firstKnown.v) / Math.abs(firstKnown.v)) * 100)})`
        : '';
    const gaps = known.length < s.values.length ? `; ${s.values.length - known.length} months without data` : '';
    const role = roles[i] === 'primary' && input.series.length > 1 ? ' (main series)' : '';
    parts.push(
      `${s.name}${role}: ${n(firstKnown.v)} in ${monthLabel(firstKnown.m)} to ${n(lastKnown.v)} in ${monthLabel(lastKnown.m)}${change}${gaps}.`,
    );
  });
  if (projection) {
    const i = projection.months.length - 1;
    parts.push(
      `Projection to ${monthLabel(projection.months[i] as number)}: ${n(projection.mean[i] as number)} ` +
        `(80% prediction interval ${n(projection.lower80[i] as number)} to ${n(projection.upper80[i] as number)}; ` +
        `95% ${n(projection.lower95[i] as number)} to ${n(projection.upper95[i] as number)}).`,
    );
  }
  return parts.join(' ');
}
