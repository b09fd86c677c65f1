import type { Assessment, EmergingSignal, Level, MeasureAssessment } from '../../assess/schema.ts';
import { uniqueMeasures } from '../../report/build/measures.ts';
import { adjustPValues, exactConditionalTest, poissonGammaPredictive } from '../../core/stats/index.ts';
import { SEASONAL_FROM } from '../../assess/emerging.ts';

/**
 * The Joint Action Group's monthly view, from two Assessments: the one ending in the latest month
 * and the one ending a month earlier. The expected range of the latest month is the earlier
 * Assessment's one-step-ahead projection (the same model and intervals as the report's trend
 * chart), so the month is judged against what was forecast before it was known.
 */
export type RangeStatus = 'above-95' | 'above-80' | 'within' | 'below-80' | 'below-95' | 'no-range';

export interface MonthCheck {
  measure: string;
  title: string;
  kind: string;
  month: string;
  count: number | null;
  expected: { mean: number; lower80: number; upper80: number; lower95: number; upper95: number; method: string } | null;
  status: RangeStatus;
  lastYear: number | null;
  vsLastYearPct: number | null;
  /** the latest month is a seasonal peak or dip against the earlier years */
  flag: 'peak' | 'dip' | null;
  /** the last 13 months, for the sparkline */
  recent: number[];
  risk: Level | null;
  priority: number | null;
}

export interface WardCheck {
  measure: string;
  title: string;
  signal: EmergingSignal;
  newThisMonth: boolean;
}

/**
 * A ward's latest month for one measure against its expected range. The ward's level is estimated
 * from its 12 months before (S events), times the district's seasonal index f of the calendar
 * month (seasonalIndex). The range is the predictive distribution of the month's count given that
 * estimate (poissonGammaPredictive: a Poisson count whose rate carries the uncertainty of having
 * been estimated from S events, so a ward with few events gets a wider range); the p-value is the
 * exact conditional test of the month's rate against the 12 months' (the report's test of change,
 * with exposures f and 12).
 */
export interface WardRangeCheck {
  measure: string;
  title: string;
  ward: { code: string; name: string | null };
  month: string;
  count: number;
  /** events in the 12 months before */
  before: number;
  expected: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
  status: RangeStatus;
  /** none in the 12 months before, some this month */
  firstInYear: boolean;
  /** two-sided exact conditional test of this month against the 12 before */
  pValue: number;
  /** Benjamini–Hochberg adjusted over all the month's ward checks */
  pAdjusted: number;
  /** adjusted p below 0.05: unlikely to be chance even allowing for the number of checks */
  beyondChance: boolean;
}

export interface WardRanges {
  /** ward × measure cells tested (a cell with none in the 13 months is not tested) */
  tests: number;
  outside95: number;
  /** how many of the tests would fall outside their 95% range by chance alone (sum of each check's predictive probability of falling outside) */
  expectedByChance: number;
  beyondChance: number;
  /** the checks outside their 95% range (and any beyond chance): beyond chance first, then by p-value */
  rows: WardRangeCheck[];
  seasonal: boolean;
}

export type ChangeKind = 'risk-level' | 'priority-added' | 'priority-removed' | 'verdict' | 'county-rank' | 'emerging-new' | 'emerging-ended';

export interface MonthChange {
  kind: ChangeKind;
  measure: string;
  title: string;
  before: string | null;
  after: string | null;
  /** 'worse' | 'better' | 'neutral': for the badge colour only */
  direction: 'worse' | 'better' | 'neutral';
}

export interface Monitoring {
  month: string;
  previousMonth: string | null;
  checks: MonthCheck[];
  wards: WardCheck[];
  wardRanges: WardRanges;
  changes: MonthChange[];
  agenda: { signal: EmergingSignal; newThisMonth: boolean }[];
}

const LEVEL_ORDER: Record<Level, number> = { Low: 0, Medium: 1, High: 2 };

export function rangeStatus(count: number, p: { lower80: number; upper80: number; lower95: number; upper95: number }): RangeStatus {
  if (count > p.upper95) return 'above-95';
  if (count > p.upper80) return 'above-80';
  if (count < p.lower95) return 'below-95';
  if (count < p.lower80) return 'below-80';
  return 'within';
}

function signalKey(s: EmergingSignal): string {
  return `${s.measure}|${s.area.level}|${s.area.code}`;
}

function monthCheck(m: MeasureAssessment, before: MeasureAssessment | undefined, a: Assessment): MonthCheck {
  const month = a.period.end;
  const s = m.series;
  const at = s ? s.months.lastIndexOf(month) : -1;
  const count = s && at >= 0 ? (s.counts[at] ?? null) : null;
  const point = before?.series?.projection?.points.find((p) => p.month === month);
  const season = m.seasonality?.months.find((x) => x.month === month);
  const priority = a.priorities.find((p) => p.measure === m.id || p.measure === m.countedAs);
  return {
    measure: m.id,
    title: m.title,
    kind: m.kind,
    month,
    count,
    expected: point ? { mean: point.mean, lower80: Math.max(0, point.lower80), upper80: point.upper80, lower95: Math.max(0, point.lower95), upper95: point.upper95, method: before!.series!.projection!.method } : null,
    status: point && count !== null ? rangeStatus(count, point) : 'no-range',
    lastYear: season?.lastYear ?? null,
    vsLastYearPct: season?.vsLastYearPct ?? null,
    flag: season?.flag ?? null,
    recent: s && at >= 0 ? s.counts.slice(Math.max(0, at - 12), at + 1) : [],
    risk: m.risk?.level ?? null,
    priority: priority?.rank ?? null,
  };
}

function changesBetween(a: Assessment, b: Assessment): MonthChange[] {
  const out: MonthChange[] = [];
  const before = new Map(b.measures.map((m) => [m.id, m]));
  for (const m of uniqueMeasures(a)) {
    const p = before.get(m.id);
    if (!p || !m.available) continue;
    if (m.risk && p.risk && m.risk.level !== p.risk.level) {
      out.push({ kind: 'risk-level', measure: m.id, title: m.title, before: p.risk.level, after: m.risk.level, direction: LEVEL_ORDER[m.risk.level] > LEVEL_ORDER[p.risk.level] ? 'worse' : 'better' });
    }
    if (m.change.verdict !== p.change.verdict && (m.change.verdict.startsWith('significant') || p.change.verdict.startsWith('significant'))) {
      const worse = m.change.verdict === 'significant increase' || p.change.verdict === 'significant decrease';
      out.push({ kind: 'verdict', measure: m.id, title: m.title, before: p.change.verdict, after: m.change.verdict, direction: worse ? 'worse' : 'better' });
    }
    const now = m.rank.county?.position ?? null;
    const then = p.rank.county?.position ?? null;
    if (now !== null && then !== null && now !== then) {
      out.push({ kind: 'county-rank', measure: m.id, title: m.title, before: String(then), after: String(now), direction: now > then ? 'worse' : 'better' });
    }
  }
  const was = new Map(b.priorities.map((p) => [p.measure, p]));
  const is = new Map(a.priorities.map((p) => [p.measure, p]));
  for (const p of a.priorities) if (!was.has(p.measure)) out.push({ kind: 'priority-added', measure: p.measure, title: p.title, before: null, after: `priority ${p.rank}`, direction: 'worse' });
  for (const p of b.priorities) if (!is.has(p.measure)) out.push({ kind: 'priority-removed', measure: p.measure, title: p.title, before: `priority ${p.rank}`, after: null, direction: 'better' });
  const earlier = new Set(b.emergingIssues.map(signalKey));
  const later = new Set(a.emergingIssues.map(signalKey));
  for (const s of a.emergingIssues) if (!earlier.has(signalKey(s))) out.push({ kind: 'emerging-new', measure: s.measure, title: s.title, before: null, after: areaLabel(s), direction: s.direction === 'increase' ? 'worse' : 'better' });
  for (const s of b.emergingIssues) if (!later.has(signalKey(s))) out.push({ kind: 'emerging-ended', measure: s.measure, title: s.title, before: areaLabel(s), after: null, direction: 'neutral' });
  const order: ChangeKind[] = ['emerging-new', 'priority-added', 'risk-level', 'verdict', 'priority-removed', 'emerging-ended', 'county-rank'];
  return out.sort((x, y) => order.indexOf(x.kind) - order.indexOf(y.kind) || x.title.localeCompare(y.title));
}

function areaLabel(s: EmergingSignal): string {
  return s.area.level === 'district' ? 'district' : `${s.area.name ?? s.area.code} (${s.area.level})`;
}

/**
 * The district's seasonal index of `month`: the mean, over the earlier years loaded (at least two),
 * of the same calendar month's count over the mean of the 12 months before it. 1 for measures
 * averaging fewer than SEASONAL_FROM a month (the CUSUM's threshold), whose month-to-month noise would swamp the index.
 */
export function seasonalIndex(counts: readonly number[], at: number): number {
  const mean12 = (i: number) => counts.slice(i - 12, i).reduce((x, y) => x + y, 0) / 12;
  if (at < 12 || mean12(at) < SEASONAL_FROM) return 1;
  const ratios: number[] = [];
  for (let i = at - 12; i >= 12; i -= 12) {
    const base = mean12(i);
    if (base > 0) ratios.push(counts[i]! / base);
  }
  return ratios.length >= 2 ? ratios.reduce((x, y) => x + y, 0) / ratios.length : 1;
}

const ALPHA = 0.05;

/** Every ward × measure of the Assessment's last month against its expected range (WardRangeCheck), with the count expected outside by chance. */
export function wardRanges(a: Assessment): WardRanges {
  const checks: WardRangeCheck[] = [];
  let expectedByChance = 0;
  let seasonal = false;
  for (const m of uniqueMeasures(a)) {
    if (!m.available || !m.local.ward) continue;
    const at = m.series ? m.series.months.lastIndexOf(a.period.end) : -1;
    const index = m.series && at >= 0 ? seasonalIndex(m.series.counts, at) : 1;
    const f = index > 0 ? index : 1;
    if (f !== 1) seasonal = true;
    for (const row of m.local.ward.rows) {
      const latest = row.latest;
      if (!latest || latest.month !== a.period.end) continue;
      const before = Math.round(12 * latest.baselineMean);
      if (before === 0 && latest.count === 0) continue;
      const predictive = poissonGammaPredictive(before, 12, f);
      const range = {
        lower80: predictive.quantile(0.1),
        upper80: predictive.quantile(0.9),
        lower95: predictive.quantile(0.025),
        upper95: predictive.quantile(0.975),
      };
      expectedByChance += predictive.cdf(range.lower95 - 1) + predictive.sf(range.upper95 + 1);
      checks.push({
        measure: m.id,
        title: m.title,
        ward: { code: row.code, name: row.name },
        month: latest.month,
        count: latest.count,
        before,
        expected: predictive.mean,
        ...range,
        status: rangeStatus(latest.count, range),
        firstInYear: before === 0,
        pValue: exactConditionalTest(latest.count, before, f / 12),
        pAdjusted: 1,
        beyondChance: false,
      });
    }
  }
  adjustPValues(checks.map((c) => c.pValue), 'fdr').forEach((q, i) => {
    checks[i]!.pAdjusted = q;
    checks[i]!.beyondChance = q < ALPHA;
  });
  const outside = (c: WardRangeCheck) => c.status === 'above-95' || c.status === 'below-95';
  const rows = checks.filter((c) => outside(c) || c.beyondChance).sort((x, y) => Number(y.beyondChance) - Number(x.beyondChance) || x.pValue - y.pValue || y.count - x.count || x.title.localeCompare(y.title));
  return { tests: checks.length, outside95: checks.filter(outside).length, expectedByChance, beyondChance: checks.filter((c) => c.beyondChance).length, rows, seasonal };
}

/** The month's checks; `before` is the Assessment ending a month earlier (null when there is none). */
export function monitoring(a: Assessment, before: Assessment | null): Monitoring {
  const earlier = new Map((before?.measures ?? []).map((m) => [m.id, m]));
  const checks = uniqueMeasures(a)
    .filter((m) => m.available)
    .map((m) => monthCheck(m, earlier.get(m.id), a));
  const previousSignals = new Set((before?.measures ?? []).flatMap((m) => m.emerging).map(signalKey));
  const wards: WardCheck[] = uniqueMeasures(a)
    .flatMap((m) => m.emerging.filter((e) => e.area.level !== 'district' && e.latest.month === a.period.end).map((signal) => ({ measure: m.id, title: m.title, signal, newThisMonth: before !== null && !previousSignals.has(signalKey(signal)) })))
    .sort((x, y) => Number(y.signal.direction === 'increase') - Number(x.signal.direction === 'increase') || y.signal.cusum - x.signal.cusum);
  const agendaBefore = new Set((before?.emergingIssues ?? []).map(signalKey));
  return {
    month: a.period.end,
    previousMonth: before?.period.end ?? null,
    checks,
    wards,
    wardRanges: wardRanges(a),
    changes: before ? changesBetween(a, before) : [],
    agenda: a.emergingIssues.map((signal) => ({ signal, newThisMonth: before !== null && !agendaBefore.has(signalKey(signal)) })),
  };
}
