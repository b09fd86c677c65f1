import type { Assessment, EmergingSignal, Level, MeasureAssessment } from '../../assess/schema.ts';
import { uniqueMeasures } from '../../report/build/measures.ts';

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
    changes: before ? changesBetween(a, before) : [],
    agenda: a.emergingIssues.map((signal) => ({ signal, newThisMonth: before !== null && !agendaBefore.has(signalKey(signal)) })),
  };
}
