import type { Feature, FeatureCollection } from 'geojson';
import type { MeasureAssessment, Series } from '../../assess/schema.ts';
import { barChart, choroplethMap, monthlyComparisonChart, rollingChart } from '../../render/charts/index.ts';
import type { ChartOutput, RollingProjection } from '../../render/charts/index.ts';
import type { Block } from '../model.ts';
import { capitalise, formatDecimal, formatInt, formatPct, monthLong, monthShort, periodLong } from '../format.ts';
import { fewerThan, hidden, type BuildContext } from './context.ts';
import { nounFor } from './narrative.ts';

/** A chart block, or the reason it is not drawn (shown as a note instead). */
export type ChartResult = { block: Extract<Block, { type: 'chart' }> } | { withheld: string } | null;

function perWhat(m: MeasureAssessment): string {
  return m.denominator?.kind === 'households' ? 'households' : 'residents';
}

/**
 * The monthly projection turned into the rolling 12-month total it implies: the observed months
 * still in the window plus the running total of the projected ones, whose 80% and 95% intervals
 * are the projection's own intervals of that running total (Series.projection.cumulative).
 */
export function rollingProjection(series: Series, scale: number): RollingProjection | null {
  const totals = series.projection?.cumulative ?? [];
  const counts = series.counts;
  if (totals.length === 0 || counts.length < 12) return null;
  const lastTwelve = counts.slice(-12);
  const out: RollingProjection = { months: [], mean: [], lower80: [], upper80: [], lower95: [], upper95: [] };
  for (let k = 0; k < Math.min(12, totals.length); k++) {
    const p = totals[k]!;
    const observed = lastTwelve.slice(k + 1).reduce((s, v) => s + v, 0);
    out.months.push(p.month);
    out.mean.push((observed + p.mean) * scale);
    out.lower80.push((observed + Math.max(0, p.lower80)) * scale);
    out.upper80.push((observed + p.upper80) * scale);
    out.lower95.push((observed + Math.max(0, p.lower95)) * scale);
    out.upper95.push((observed + p.upper95) * scale);
  }
  const finite = [out.mean, out.lower80, out.upper80, out.lower95, out.upper95].every((xs) =>
    xs.every(Number.isFinite),
  );
  const nested = out.months.every(
    (_, i) =>
      out.lower95[i]! <= out.lower80[i]! &&
      out.lower80[i]! <= out.mean[i]! &&
      out.mean[i]! <= out.upper80[i]! &&
      out.upper80[i]! <= out.upper95[i]!,
  );
  return finite && nested ? out : null;
}

/** Rolling 12-month rate (or total) of the district with the peer and county averages and the projection. */
export function trendChart(
  m: MeasureAssessment,
  ctx: BuildContext,
  options: { withProjection?: boolean } = {},
): ChartResult {
  const s = m.series;
  if (!s) return null;
  const start = s.rolling12.findIndex((v) => v !== null);
  if (start < 0) {
    const why =
      s.months.length > 0 && s.months[0]! > ctx.a.previousPeriod.start
        ? `the data have a month missing, so the unbroken series starts only in ${monthLong(s.months[0]!)}: fewer than 12 months, too few for a rolling 12-month total`
        : 'fewer than 12 months of data are loaded, too few for a rolling 12-month total';
    return { withheld: why };
  }
  if (s.rolling12.some((v) => v !== null && hidden(v, ctx)))
    return { withheld: `some 12-month totals are ${fewerThan(ctx)}, so the public edition does not draw the trend` };
  const denominator = m.denominator?.value ?? null;
  const useRate = denominator !== null && s.rolling12Rate.some((v) => v !== null);
  const months = s.months.slice(start);
  const area = ctx.a.area.name ?? ctx.a.area.code;
  const lines: { name: string; values: (number | null)[] }[] = [
    { name: area, values: (useRate ? s.rolling12Rate : s.rolling12).slice(start) },
  ];
  const peer = useRate ? s.peerRolling12Rate?.slice(start) : undefined;
  if (peer && peer.some((v) => v !== null))
    lines.push({ name: 'Most similar group average (other members)', values: peer });
  const county = useRate ? s.countyRolling12Rate?.slice(start) : undefined;
  if (county && county.some((v) => v !== null))
    lines.push({ name: `${ctx.a.county?.name ?? 'County'} (all districts)`, values: county });
  const roles = lines.map((x, i) => ({
    ...x,
    role: i === 0 ? ('primary' as const) : i === 1 ? ('comparison' as const) : ('secondary' as const),
  }));
  const projection =
    options.withProjection === false || !s.projection ? null : rollingProjection(s, useRate ? 1000 / denominator! : 1);
  const noun = capitalise(nounFor(m.kind));
  const chart = rollingChart({
    id: `${m.countedAs}-trend`,
    title: `${m.title}: rolling 12-month ${useRate ? 'rate' : 'total'}, ${area}`,
    yLabel: useRate ? `Rate per 1,000 ${perWhat(m)}` : `${noun} in 12 months`,
    months,
    series: roles,
    ...(projection ? { projection } : {}),
    ...(useRate ? { valueKind: 'rate' as const } : {}),
  });
  const parts = [
    `Each point is the 12 months ending that month (${monthShort(months[0]!)} to ${monthShort(months[months.length - 1]!)}).`,
  ];
  if (useRate && m.denominator)
    parts.push(
      `Rates use the ${m.denominator.year} ${m.denominator.kind === 'households' ? 'household' : 'population'} figure throughout.`,
    );
  if (projection && s.projection) parts.push(projectionCaption(s.projection));
  if (s.projection?.note) parts.push(`Note: ${s.projection.note}.`);
  return { block: { type: 'chart', id: `${m.countedAs}-trend`, chart, caption: parts.join(' ') } };
}

/** The model named in words, for any method an Assessment may hold (older documents included). */
export function projectionMethodText(method: string): string {
  switch (method) {
    case 'holt-winters-damped':
      return 'a Holt–Winters seasonal model with a damped trend';
    case 'holt-winters':
      return 'a Holt–Winters seasonal model';
    case 'seasonal-naive':
      return 'the same months of last year (seasonal naive)';
    case 'seasonal-mean':
      return 'the average of the same month over the last three years (seasonal mean)';
    case 'mean':
      return 'the average month';
    default:
      return `a ${method} model`;
  }
}

function projectionCaption(p: NonNullable<Series['projection']>): string {
  const b = p.backtest;
  const totals =
    b && b.totalsIn80 !== null && b.totalsIn95 !== null
      ? ` The 12-month total fell inside its 80% band in ${formatInt(b.totalsIn80)} and inside its 95% band in ${formatInt(b.totalsIn95)} of those ${formatInt(b.origins)} checks.`
      : '';
  const bt = b
    ? ` Checked by re-running the whole choice at ${formatInt(b.origins)} earlier starting point${b.origins === 1 ? '' : 's'} with only the months before each, 12 months ahead: the monthly 80% intervals held the actual month ${formatPct(100 * b.coverage80)} of the time and the 95% intervals ${formatPct(100 * b.coverage95)}; mean absolute error ${formatDecimal(b.mae, 1)} a month.${totals}`
    : '';
  const why = p.reason ? ` ${capitalise(p.reason)}.` : '';
  const calibrated = p.calibration
    ? " The bands are widened by how far the chosen model's back-tested 12-month totals and months missed beyond its own stated uncertainty."
    : '';
  return (
    `The dashed line projects the next 12 months with ${projectionMethodText(p.method)}; the grey bands are the 80% and 95% prediction intervals ` +
    `of the rolling 12-month total, allowing for the way the model's monthly errors carry over from month to month.${why}${calibrated}${bt}`
  );
}

/** This year's months against the same months a year earlier, with the multi-year average. */
export function monthlyChart(m: MeasureAssessment, ctx: BuildContext): ChartResult {
  const months = m.seasonality?.months ?? [];
  if (months.length === 0) return null;
  const values = months.flatMap((x) => [x.count, x.lastYear, x.average === null ? null : Math.round(x.average)]);
  if (values.some((v) => hidden(v, ctx)))
    return { withheld: `some months hold ${fewerThan(ctx)}, so the public edition does not draw the monthly chart` };
  const hasAverage = months.some((x) => x.average !== null && x.years >= 2);
  const years = Math.max(...months.map((x) => x.years));
  const chart = monthlyComparisonChart({
    id: `${m.countedAs}-monthly`,
    title: `${m.title}: each month against the same month a year earlier`,
    yLabel: `${capitalise(nounFor(m.kind))} per month`,
    months: months.map((x) => x.month),
    current: months.map((x) => x.count),
    lastYear: months.map((x) => x.lastYear),
    ...(hasAverage
      ? {
          average: months.map((x) => (x.years >= 2 ? x.average : null)),
          averageLabel: `Average of the same month, ${years} earlier years`,
        }
      : {}),
  });
  return {
    block: {
      type: 'chart',
      id: `${m.countedAs}-monthly`,
      chart,
      caption: `Monthly counts, ${periodLong(ctx.a.period)}, with the same months a year earlier${hasAverage ? ' and the average of the earlier years loaded' : ''}.`,
    },
  };
}

function featureCode(f: Feature): string | null {
  const p = f.properties ?? {};
  const code = p['code'] ?? p['area_code'];
  return typeof code === 'string' ? code : null;
}

/** The district's wards shaded by rate per 1,000 (or count where ward populations are not loaded). */
export function wardMap(m: MeasureAssessment, ctx: BuildContext): ChartResult {
  const local = m.local.ward;
  if (!local || local.rows.length === 0) return null;
  if (!ctx.boundaries) return { withheld: 'no ward boundaries are loaded, so the ward map cannot be drawn' };
  const codes = new Set(local.rows.map((r) => r.code));
  const features = ctx.boundaries.features.filter((f) => {
    const code = featureCode(f);
    return code !== null && codes.has(code) && (f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon');
  });
  if (features.length === 0)
    return {
      withheld: 'the ward boundaries loaded do not match the wards of these figures, so the ward map cannot be drawn',
    };
  const useRate = local.rows.every((r) => r.rate !== null);
  const valueByCode: Record<string, number | null> = {};
  let suppressed = 0;
  for (const r of local.rows) {
    if (hidden(r.current, ctx)) {
      valueByCode[r.code] = null;
      suppressed += 1;
    } else valueByCode[r.code] = useRate ? r.rate : r.current;
  }
  if (suppressed === local.rows.length)
    return { withheld: `every ward holds ${fewerThan(ctx)}, so the public edition does not draw the map` };
  const highlight = local.top.filter((c) => !hidden(local.rows.find((r) => r.code === c)?.current, ctx)).slice(0, 3);
  const collection: FeatureCollection = {
    type: 'FeatureCollection',
    features: features.map((f) => ({
      ...f,
      properties: { ...f.properties, code: featureCode(f), name: f.properties?.['name'] ?? featureCode(f) },
    })),
  };
  let chart: ChartOutput = choroplethMap({
    id: `${m.countedAs}-map`,
    title: `${m.title}: ${useRate ? 'rate per 1,000 residents' : 'count'} by ward, ${periodLong(ctx.a.period)}`,
    legendTitle: useRate ? `${capitalise(nounFor(m.kind))} per 1,000 residents` : capitalise(nounFor(m.kind)),
    features: collection,
    valueByCode,
    codeProperty: 'code',
    nameProperty: 'name',
    highlight,
  });
  if (suppressed > 0) chart = relabelSuppressed(chart, ctx);
  const parts = [
    `Wards shaded in five quantile classes (each holds about a fifth of the wards); the ${highlight.length} with the most ${nounFor(m.kind)} outlined.`,
  ];
  if (suppressed > 0)
    parts.push(
      `Hatched: ${formatInt(suppressed)} ward${suppressed === 1 ? '' : 's'} with ${fewerThan(ctx)} ${nounFor(m.kind)}, not shown in the public edition.`,
    );
  if (useRate) parts.push('Ward rates use the ward population figures loaded.');
  return { block: { type: 'chart', id: `${m.countedAs}-map`, chart, caption: parts.join(' ') } };
}

/**
 * The map library calls an area without a value "no data"; in the public edition those areas are
 * the suppressed ones, so the label says so. The replaced strings are the library's own fixed
 * words (docs/charts.md), not input text.
 */
function relabelSuppressed(chart: ChartOutput, ctx: BuildContext): ChartOutput {
  const label = capitalise(fewerThan(ctx));
  return {
    ...chart,
    svg: chart.svg.replaceAll('>No data<', `>${label}<`).replaceAll(': no data</title>', `: ${fewerThan(ctx)}</title>`),
    alt: chart.alt.replace(
      /(\d+) (areas have|area has) no data\./,
      (_, n: string, verb: string) =>
        `${n} ${verb === 'area has' ? 'area has' : 'areas have'} ${fewerThan(ctx)} (not shown).`,
    ),
  };
}

/** Sub-types as bars (the largest ten), with their % change. */
export function breakdownChart(m: MeasureAssessment, ctx: BuildContext): ChartResult {
  const rows = (m.breakdown?.rows ?? []).filter((r) => r.current > 0 && !hidden(r.current, ctx));
  if (rows.length < 2) return null;
  const shown = rows.slice(0, 10);
  const chart = barChart({
    id: `${m.countedAs}-subtypes`,
    title: `${m.title}: ${m.breakdown!.by === 'offence_code' ? 'offences by Home Office code' : m.countedAs === 'asb' && m.breakdown!.by === 'sub_category' ? 'by incident class' : 'by sub-type'}, ${periodLong(ctx.a.period)}`,
    xLabel: `${capitalise(nounFor(m.kind))}, ${periodLong(ctx.a.period)}`,
    rows: shown.map((r) => ({
      label: r.label,
      value: r.current,
      ...(r.pct !== null && !hidden(r.previous, ctx) ? { note: formatPct(r.pct, true) } : {}),
    })),
  });
  const left = (m.breakdown?.rows.length ?? 0) - shown.length;
  return {
    block: {
      type: 'chart',
      id: `${m.countedAs}-subtypes`,
      chart,
      caption: `The ${shown.length} largest sub-types with the change on the year before${left > 0 ? `; ${left} more in the table` : ''}.`,
    },
  };
}
