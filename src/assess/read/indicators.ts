import { SaferError } from '../../core/errors.ts';
import { fyLabel, isMonth, monthEndDate } from '../../core/periods/index.ts';
import {
  absoluteChange,
  exactConditionalTest,
  garwoodInterval,
  percentChange,
  rankAscending,
  rateRatioInterval,
  wilsonInterval,
  type Interval,
} from '../../core/stats/index.ts';
import { inferIndicatorKind, INDICATOR_KINDS, ratePer, type IndicatorKindId } from '../../core/indicator-kind.ts';
import type { SqlParam, Store } from '../../store/db.ts';
import type {
  Proportion,
  RateFigure,
  CountInterval,
  IndicatorKind,
  RateChange,
  IndicatorFigure,
  PreviousBasis,
  ValueChange,
  ProportionChange,
  CountyAverage,
  CountyPosition,
  PartnerIndicator,
} from '../contract/indicators.ts';
export type {
  Proportion,
  RateFigure,
  CountInterval,
  IndicatorKind,
  RateChange,
  IndicatorFigure,
  PreviousBasis,
  ValueChange,
  ProportionChange,
  CountyAverage,
  CountyPosition,
  PartnerIndicator,
};

/*
 * Partner indicators (aggregate returns: offender cohorts, re-offending, youth justice, treatment …)
 * for one district at a chosen month: latest period, the period a year earlier, change, proportions
 * with Wilson intervals, the change in proportion (Newcombe's hybrid-score interval) and the
 * district's position among the county's districts. Choices: docs/partner-indicators.md.
 */

const CONFIDENCE = 0.95;

export interface PartnerIndicators {
  district: string;
  /** the month asked for, YYYY-MM */
  end: string;
  /** periods ending on or before this day (last day of `end`) are considered */
  periodsEndingBy: string;
  indicators: PartnerIndicator[];
  /** restricted indicators left out (includeRestricted not given) */
  withheld: number;
  notes: string[];
}

export interface PartnerIndicatorOptions {
  /** include indicators loaded by an import marked restricted (default false) */
  includeRestricted?: boolean;
}

/** Row shapes are type aliases: Store.all needs them assignable to Record<string, unknown>. */
type Held = {
  source: string;
  indicator: string;
  restricted: boolean;
  first_end: string;
};

type IndicatorRow = {
  source: string;
  indicator: string;
  area_code: string;
  period: string;
  period_start: string;
  period_end: string;
  months: number;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  unit: string | null;
  import_id: number;
};

export async function partnerIndicators(
  store: Store,
  district: string,
  countyDistricts: string[],
  end: string,
  options: PartnerIndicatorOptions = {},
): Promise<PartnerIndicators> {
  checkMonth(end);
  const areas = [...new Set([district, ...countyDistricts])];
  // An indicator is restricted when any of its rows, for any area, came from a restricted import:
  // ranks and averages would otherwise show the restricted values of other districts.
  const held = await store.all<Held>({
    sql: `SELECT i.source, i.indicator, bool_or(coalesce(m.restricted, false)) AS restricted,
                 strftime(min(i.period_end) FILTER (WHERE i.area_code = ?), '%Y-%m-%d') AS first_end
          FROM indicators i
          SEMI JOIN (SELECT DISTINCT source, indicator FROM indicators WHERE area_code = ?) h ON h.source = i.source AND h.indicator = i.indicator
          LEFT JOIN imports m ON m.import_id = i.import_id
          GROUP BY i.source, i.indicator ORDER BY i.source, i.indicator`,
    params: [district, district],
  });
  const rows = await store.all<IndicatorRow>({
    sql: `SELECT i.source, i.indicator, area_code, period, strftime(period_start, '%Y-%m-%d') AS period_start,
                 strftime(period_end, '%Y-%m-%d') AS period_end,
                 date_diff('month', period_start, CAST(period_end + INTERVAL 1 DAY AS DATE)) AS months,
                 value, numerator, denominator, unit, import_id
          FROM indicators i
          SEMI JOIN (SELECT DISTINCT source, indicator FROM indicators WHERE area_code = ?) h ON h.source = i.source AND h.indicator = i.indicator
          WHERE area_code IN (${areas.map(() => '?').join(', ')}) AND period_end <= last_day(CAST(? AS DATE))`,
    params: [district, ...areas, `${end}-01`] satisfies SqlParam[],
  });
  const kinds = await declaredKinds(store, [...new Set(rows.map((r) => r.import_id))]);
  const periodsEndingBy = lastDay(end);
  const byIndicator = new Map<string, IndicatorRow[]>();
  for (const row of rows) {
    const key = indicatorKey(row.source, row.indicator);
    const list = byIndicator.get(key) ?? [];
    list.push(row);
    byIndicator.set(key, list);
  }

  const indicators: PartnerIndicator[] = [];
  const notes: string[] = [];
  let withheld = 0;
  for (const h of held) {
    if (h.restricted && !options.includeRestricted) {
      withheld += 1;
      continue;
    }
    const result = describeIndicator(
      h,
      district,
      areas,
      byIndicator.get(indicatorKey(h.source, h.indicator)) ?? [],
      kinds,
    );
    if (result) indicators.push(result);
    else
      notes.push(
        `${h.indicator} (${h.source}): no period with a figure ends by ${periodsEndingBy} (the first ends ${h.first_end})`,
      );
  }
  if (withheld > 0) notes.push(`${withheld} restricted indicator${withheld === 1 ? '' : 's'} withheld`);
  return { district, end, periodsEndingBy, indicators, withheld, notes };
}

type KindsByImport = Map<number, Record<string, { kind: IndicatorKindId; declared: boolean }>>;

/** The kinds each import recorded (imports.details.kinds); imports made before kinds were recorded have none. */
async function declaredKinds(store: Store, importIds: readonly number[]): Promise<KindsByImport> {
  const out: KindsByImport = new Map();
  if (importIds.length === 0) return out;
  const rows = await store.all<{ import_id: number; details: unknown }>({
    sql: `SELECT import_id, details FROM imports WHERE import_id IN (${importIds.map(() => '?').join(', ')})`,
    params: [...importIds],
  });
  for (const r of rows) {
    const details =
      typeof r.details === 'string'
        ? (JSON.parse(r.details) as Record<string, unknown>)
        : (r.details as Record<string, unknown> | null);
    const kinds = details?.['kinds'];
    if (kinds && typeof kinds === 'object')
      out.set(r.import_id, kinds as Record<string, { kind: IndicatorKindId; declared: boolean }>);
  }
  return out;
}

function kindOf(latest: IndicatorRow, kinds: KindsByImport): IndicatorKind {
  const recorded = kinds.get(latest.import_id)?.[latest.indicator];
  const id =
    recorded && INDICATOR_KINDS.includes(recorded.kind)
      ? recorded.kind
      : inferIndicatorKind(latest.unit, latest.numerator !== null && latest.denominator !== null);
  return { id, declared: recorded?.declared === true, per: ratePer(id) };
}

function describeIndicator(
  held: Held,
  district: string,
  areas: readonly string[],
  rows: readonly IndicatorRow[],
  kinds: KindsByImport,
): PartnerIndicator | null {
  const own = rows.filter((r) => r.area_code === district);
  const latest = own.filter(hasFigure).sort(latestFirst)[0];
  if (!latest) return null;
  const kind = kindOf(latest, kinds);
  const notes: string[] = [];
  const later = own.filter((r) => !hasFigure(r) && r.period_end > latest.period_end).sort(latestFirst)[0];
  if (later)
    notes.push(`the later period ${later.period} has no figure (suppressed or not given): ${latest.period} is shown`);

  const { previous, basis } = previousOf(latest, own);
  if (!previous)
    notes.push(
      `no figure for ${yearEarlierLabel(latest.period) ?? 'the period a year earlier'} nor for the period of equal length just before`,
    );
  else if (basis === 'previous period of equal length')
    notes.push(
      `no figure for ${yearEarlierLabel(latest.period) ?? 'the period a year earlier'}: compared with ${previous.period}`,
    );

  const latestFigure = figure(latest, kind, notes);
  const previousFigure = previous ? figure(previous, kind, []) : null;
  const sameUnit = previous !== undefined && (previous.unit ?? null) === (latest.unit ?? null);
  if (previous && !sameUnit)
    notes.push(`the unit changed (${previous.unit ?? 'none'} → ${latest.unit ?? 'none'}): no change computed`);
  const change: ValueChange =
    previous && sameUnit && latest.value !== null && previous.value !== null
      ? { abs: absoluteChange(latest.value, previous.value), pct: percentChange(latest.value, previous.value) }
      : { abs: null, pct: null };
  const proportionChange =
    previous && latestFigure.proportion && previousFigure?.proportion
      ? newcombeDifference(latest.numerator!, latest.denominator!, previous.numerator!, previous.denominator!)
      : null;
  const rateChange = previous && sameUnit ? rateChangeOf(kind, latest, previous) : null;

  return {
    source: held.source,
    indicator: held.indicator,
    district,
    unit: latest.unit,
    kind,
    latest: latestFigure,
    previous: previousFigure,
    previousBasis: previous ? basis : null,
    change,
    proportionChange,
    rateChange,
    county: countyPosition(district, areas, latest, rows),
    restricted: held.restricted,
    notes,
  };
}

function previousOf(
  latest: IndicatorRow,
  own: readonly IndicatorRow[],
): { previous?: IndicatorRow; basis: PreviousBasis } {
  const label = yearEarlierLabel(latest.period);
  const sameLabel = own.find((r) => r.period === label && hasFigure(r));
  if (sameLabel) return { previous: sameLabel, basis: 'same period a year earlier' };
  const before = dayBefore(latest.period_start);
  const adjacent = own.find((r) => hasFigure(r) && r.months === latest.months && r.period_end === before);
  return { previous: adjacent, basis: 'previous period of equal length' };
}

function countyPosition(
  district: string,
  areas: readonly string[],
  latest: IndicatorRow,
  rows: readonly IndicatorRow[],
): CountyPosition {
  const inCounty = new Set(areas);
  const peers = rows.filter((r) => r.period === latest.period && inCounty.has(r.area_code) && hasFigure(r));
  const valued = peers.filter((r) => r.value !== null);
  const ranks = rankAscending(valued.map((r) => r.value!));
  const index = valued.findIndex((r) => r.area_code === district);
  return {
    period: latest.period,
    rank: index >= 0 ? ranks[index]! : null,
    of: valued.length,
    polarity: 'unknown',
    average: countyAverage(peers),
  };
}

function countyAverage(peers: readonly IndicatorRow[]): CountyAverage | null {
  if (peers.length === 0) return null;
  if (peers.every((r) => r.numerator !== null && r.denominator !== null && r.denominator > 0)) {
    const numerator = peers.reduce((s, r) => s + r.numerator!, 0);
    const denominator = peers.reduce((s, r) => s + r.denominator!, 0);
    return { basis: 'pooled ratio', value: numerator / denominator, areas: peers.length, includesDistrict: true };
  }
  const values = peers.flatMap((r) => (r.value === null ? [] : [r.value]));
  if (values.length === 0) return null;
  return {
    basis: 'mean of values',
    value: values.reduce((s, v) => s + v, 0) / values.length,
    areas: values.length,
    includesDistrict: true,
  };
}

/**
 * The change of a rate (numerators over denominators) or of a count (over periods of equal length):
 * the exact conditional test, given the total c₁ + c₂, of c₁ ~ Binomial(c₁ + c₂, t₁/(t₁ + t₂))
 * (poisson.test(c(c1, c2), c(t1, t2)) in R), and the rate ratio's exact interval.
 */
function rateChangeOf(kind: IndicatorKind, latest: IndicatorRow, previous: IndicatorRow): RateChange | null {
  let pair: [number, number, number, number];
  if (kind.per !== null) {
    if (!isRateRow(latest) || !isRateRow(previous)) return null;
    pair = [latest.numerator!, previous.numerator!, latest.denominator!, previous.denominator!];
  } else if (kind.id === 'count') {
    if (!isCount(latest.value) || !isCount(previous.value) || latest.months !== previous.months) return null;
    pair = [latest.value, previous.value, 1, 1];
  } else return null;
  const [c1, c2, t1, t2] = pair;
  const interval = rateRatioInterval(c1, t1, c2, t2, CONFIDENCE);
  const pValue = exactConditionalTest(c1, c2, t1 / t2);
  const significant = pValue < 1 - CONFIDENCE;
  const up = c1 / t1 > c2 / t2;
  return {
    // unbounded (no previous events): null, as the JSON has always carried it
    ratio: Number.isFinite(interval.ratio) ? interval.ratio : null,
    lower: interval.lower,
    upper: Number.isFinite(interval.upper) ? interval.upper : null,
    pValue,
    confidence: CONFIDENCE,
    method: 'exact conditional rate ratio',
    verdict: !significant ? 'no significant change' : up ? 'significant increase' : 'significant decrease',
  };
}

function isCount(x: number | null): x is number {
  return x !== null && Number.isInteger(x) && x >= 0;
}

function isRateRow(row: IndicatorRow): boolean {
  return isCount(row.numerator) && row.denominator !== null && row.denominator > 0;
}

function rateOf(row: IndicatorRow, kind: IndicatorKind): RateFigure | null {
  if (kind.per === null || !isRateRow(row)) return null;
  const scale = kind.per / row.denominator!;
  const interval = garwoodInterval(row.numerator!, CONFIDENCE);
  return {
    value: row.numerator! * scale,
    lower: interval.lower * scale,
    upper: interval.upper * scale,
    per: kind.per,
    confidence: CONFIDENCE,
    method: 'garwood',
  };
}

function countIntervalOf(row: IndicatorRow, kind: IndicatorKind): CountInterval | null {
  if (kind.id !== 'count' || !isCount(row.value)) return null;
  const interval = garwoodInterval(row.value, CONFIDENCE);
  return { lower: interval.lower, upper: interval.upper, confidence: CONFIDENCE, method: 'garwood' };
}

function figure(row: IndicatorRow, kind: IndicatorKind, notes: string[]): IndicatorFigure {
  return {
    period: row.period,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    months: row.months,
    value: row.value,
    numerator: row.numerator,
    denominator: row.denominator,
    unit: row.unit,
    proportion: kind.id === 'proportion' ? proportionOf(row, notes) : null,
    rate: rateOf(row, kind),
    countInterval: countIntervalOf(row, kind),
    importId: row.import_id,
  };
}

function proportionOf(row: IndicatorRow, notes: string[]): Proportion | null {
  const { numerator: x, denominator: n } = row;
  if (x === null || n === null) return null;
  if (!(n > 0 && x >= 0 && x <= n)) {
    notes.push(
      `${row.period}: numerator ${x} and denominator ${n} are not a proportion (needs 0 ≤ numerator ≤ denominator, denominator > 0): no interval`,
    );
    return null;
  }
  const interval: Interval = wilsonInterval(x, n, CONFIDENCE);
  return { value: x / n, lower: interval.lower, upper: interval.upper, confidence: CONFIDENCE, method: 'wilson' };
}

/**
 * Newcombe's hybrid score interval for p1 − p2 (Newcombe 1998, method 10), built from the two
 * Wilson intervals; statsmodels confint_proportions_2indep(x1, n1, x2, n2, method='newcomb').
 */
export function newcombeDifference(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  confidence = CONFIDENCE,
): ProportionChange {
  const [p1, p2] = [x1 / n1, x2 / n2];
  const a = wilsonInterval(x1, n1, confidence);
  const b = wilsonInterval(x2, n2, confidence);
  const difference = p1 - p2;
  const lower = difference - Math.sqrt((p1 - a.lower) ** 2 + (b.upper - p2) ** 2);
  const upper = difference + Math.sqrt((a.upper - p1) ** 2 + (p2 - b.lower) ** 2);
  const significant = lower > 0 || upper < 0;
  const verdict = !significant
    ? 'no significant change'
    : difference > 0
      ? 'significant increase'
      : 'significant decrease';
  return { difference, lower, upper, confidence, method: 'newcombe-hybrid-score', significant, verdict };
}

/** The same period one year earlier: `2021-03` → `2020-03`, `2020/21 Q4` → `2019/20 Q4`, `2021 Q1` → `2020 Q1`. */
export function yearEarlierLabel(period: string): string | null {
  let m = /^(\d{4})(-\d{2}|\s?Q[1-4])?$/.exec(period);
  if (m) return `${Number(m[1]) - 1}${m[2] ?? ''}`;
  m = /^(\d{4})\/\d{2}(\s?Q[1-4])?$/.exec(period);
  if (m) return `${fyLabel(Number(m[1]) - 1)}${m[2] ?? ''}`;
  return null;
}

function hasFigure(row: IndicatorRow): boolean {
  return row.value !== null || (row.numerator !== null && row.denominator !== null);
}

/** Latest end first; on the same end the longer period (an annual figure before its last quarter). */
function latestFirst(a: IndicatorRow, b: IndicatorRow): number {
  if (a.period_end !== b.period_end) return a.period_end < b.period_end ? 1 : -1;
  if (a.period_start !== b.period_start) return a.period_start < b.period_start ? -1 : 1;
  return a.period < b.period ? -1 : a.period > b.period ? 1 : 0;
}

function dayBefore(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function indicatorKey(source: string, indicator: string): string {
  return `${source}\u0000${indicator}`;
}

function checkMonth(month: string): void {
  if (!isMonth(month)) {
    throw new SaferError('The end month must be a month in YYYY-MM form', {
      value: month,
      hint: 'e.g. 2022-03 for periods ending by 31 March 2022.',
    });
  }
}

function lastDay(month: string): string {
  return monthEndDate(month);
}
