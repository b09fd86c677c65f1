import type {
  Assessment,
  EmergingSignal,
  Level,
  MeasureAssessment,
  MonitoringCheck,
  MonitoringSection,
} from '../../assess/schema.ts';
import { uniqueMeasures } from '../../report/build/measures.ts';

/**
 * The Joint Action Group's monthly view, read from the Assessment's `monitoring` section (computed
 * by the analysis: src/assess/build/monitoring.ts, docs/methods.md) and, for "what changed", from the
 * Assessment ending a month earlier. Nothing here computes a statistic: the page, the API and the
 * report's emerging-issues chapter show the same checks and signals.
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
  /** the month's adjusted p is below alpha (outside its range beyond what the number of checks explains) */
  beyondChance: boolean;
  pAdjusted: number | null;
  lastYear: number | null;
  vsLastYearPct: number | null;
  /** the latest month is a seasonal peak or dip against the earlier years */
  flag: 'peak' | 'dip' | null;
  /** the last 13 months, for the sparkline */
  recent: number[];
  risk: Level | null;
  priority: number | null;
  /** why the measure has no range (not monitored) */
  note: string | null;
}

export interface WardCheck {
  measure: string;
  title: string;
  signal: EmergingSignal;
  newThisMonth: boolean;
}

export interface WardRanges {
  /** ward × measure series checked */
  tests: number;
  outside95: number;
  /** how many checks would fall outside their 95% range by chance alone */
  expectedByChance: number | null;
  beyondChance: number;
  /** the checks outside their 95% range (and any beyond chance): beyond chance first, then by adjusted p */
  rows: MonitoringCheck[];
}

export type ChangeKind =
  'risk-level' | 'priority-added' | 'priority-removed' | 'verdict' | 'county-rank' | 'emerging-new' | 'emerging-ended';

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
  /** the Assessment's monitoring section (null for an Assessment written before it existed) */
  section: MonitoringSection | null;
  checks: MonthCheck[];
  wards: WardCheck[];
  wardRanges: WardRanges;
  changes: MonthChange[];
  agenda: { signal: EmergingSignal; newThisMonth: boolean }[];
}

const LEVEL_ORDER: Record<Level, number> = { Low: 0, Medium: 1, High: 2 };

function signalKey(s: EmergingSignal): string {
  return `${s.measure}|${s.area.level}|${s.area.code}`;
}

function monthCheck(m: MeasureAssessment, a: Assessment, byMeasure: ReadonlyMap<string, MonitoringCheck>): MonthCheck {
  const month = a.period.end;
  const s = m.series;
  const at = s ? s.months.lastIndexOf(month) : -1;
  const count = s && at >= 0 ? (s.counts[at] ?? null) : null;
  const check = byMeasure.get(m.countedAs);
  const season = m.seasonality?.months.find((x) => x.month === month);
  const priority = a.priorities.find((p) => p.measure === m.id || p.measure === m.countedAs);
  const section = a.monitoring;
  const note =
    check || !section
      ? null
      : (m.notRun.find((n) => n.analysis === 'cusum')?.reason ??
        `not monitored: fewer than ${section.method.minExpected} expected a month`);
  return {
    measure: m.id,
    title: m.title,
    kind: m.kind,
    month,
    count: check?.count ?? count,
    expected: check
      ? {
          mean: check.expected,
          lower80: check.lower80,
          upper80: check.upper80,
          lower95: check.lower95,
          upper95: check.upper95,
          method: check.expectedBy,
        }
      : null,
    status: check ? check.status : 'no-range',
    beyondChance: check?.beyondChance ?? false,
    pAdjusted: check?.pAdjusted ?? null,
    lastYear: season?.lastYear ?? null,
    vsLastYearPct: season?.vsLastYearPct ?? null,
    flag: season?.flag ?? null,
    recent: s && at >= 0 ? s.counts.slice(Math.max(0, at - 12), at + 1) : [],
    risk: m.risk?.level ?? null,
    priority: priority?.rank ?? null,
    note,
  };
}

function changesBetween(a: Assessment, b: Assessment): MonthChange[] {
  const out: MonthChange[] = [];
  const before = new Map(b.measures.map((m) => [m.id, m]));
  for (const m of uniqueMeasures(a)) {
    const p = before.get(m.id);
    if (!p || !m.available) continue;
    if (m.risk && p.risk && m.risk.level !== p.risk.level) {
      out.push({
        kind: 'risk-level',
        measure: m.id,
        title: m.title,
        before: p.risk.level,
        after: m.risk.level,
        direction: LEVEL_ORDER[m.risk.level] > LEVEL_ORDER[p.risk.level] ? 'worse' : 'better',
      });
    }
    if (
      m.change.verdict !== p.change.verdict &&
      (m.change.verdict.startsWith('significant') || p.change.verdict.startsWith('significant'))
    ) {
      const worse = m.change.verdict === 'significant increase' || p.change.verdict === 'significant decrease';
      out.push({
        kind: 'verdict',
        measure: m.id,
        title: m.title,
        before: p.change.verdict,
        after: m.change.verdict,
        direction: worse ? 'worse' : 'better',
      });
    }
    const now = m.rank.county?.position ?? null;
    const then = p.rank.county?.position ?? null;
    if (now !== null && then !== null && now !== then) {
      out.push({
        kind: 'county-rank',
        measure: m.id,
        title: m.title,
        before: String(then),
        after: String(now),
        direction: now > then ? 'worse' : 'better',
      });
    }
  }
  const was = new Map(b.priorities.map((p) => [p.measure, p]));
  const is = new Map(a.priorities.map((p) => [p.measure, p]));
  for (const p of a.priorities)
    if (!was.has(p.measure))
      out.push({
        kind: 'priority-added',
        measure: p.measure,
        title: p.title,
        before: null,
        after: `priority ${p.rank}`,
        direction: 'worse',
      });
  for (const p of b.priorities)
    if (!is.has(p.measure))
      out.push({
        kind: 'priority-removed',
        measure: p.measure,
        title: p.title,
        before: `priority ${p.rank}`,
        after: null,
        direction: 'better',
      });
  const earlier = new Set(b.emergingIssues.map(signalKey));
  const later = new Set(a.emergingIssues.map(signalKey));
  for (const s of a.emergingIssues)
    if (!earlier.has(signalKey(s)))
      out.push({
        kind: 'emerging-new',
        measure: s.measure,
        title: s.title,
        before: null,
        after: areaLabel(s),
        direction: s.direction === 'increase' ? 'worse' : 'better',
      });
  for (const s of b.emergingIssues)
    if (!later.has(signalKey(s)))
      out.push({
        kind: 'emerging-ended',
        measure: s.measure,
        title: s.title,
        before: areaLabel(s),
        after: null,
        direction: 'neutral',
      });
  const order: ChangeKind[] = [
    'emerging-new',
    'priority-added',
    'risk-level',
    'verdict',
    'priority-removed',
    'emerging-ended',
    'county-rank',
  ];
  return out.sort((x, y) => order.indexOf(x.kind) - order.indexOf(y.kind) || x.title.localeCompare(y.title));
}

function areaLabel(s: EmergingSignal): string {
  return s.area.level === 'district' ? 'district' : `${s.area.name ?? s.area.code} (${s.area.level})`;
}

/** The ward checks of the month: every ward series monitored, those outside their 95% range or beyond chance listed. */
export function wardRanges(section: MonitoringSection | null): WardRanges {
  const checks = (section?.checks ?? []).filter((c) => c.area.level !== 'district');
  const outside = (c: MonitoringCheck) => c.status === 'above-95' || c.status === 'below-95';
  const rows = checks
    .filter((c) => outside(c) || c.beyondChance)
    .sort(
      (x, y) =>
        Number(y.beyondChance) - Number(x.beyondChance) ||
        x.pAdjusted - y.pAdjusted ||
        x.pValue - y.pValue ||
        y.count - x.count ||
        x.title.localeCompare(y.title),
    );
  return {
    tests: checks.length,
    outside95: checks.filter(outside).length,
    expectedByChance: section?.expectedOutside95Wards ?? null,
    beyondChance: checks.filter((c) => c.beyondChance).length,
    rows,
  };
}

/** The month's view; `before` is the Assessment ending a month earlier (null when there is none). */
export function monitoring(a: Assessment, before: Assessment | null): Monitoring {
  const section = a.monitoring ?? null;
  const byMeasure = new Map(
    (section?.checks ?? []).filter((c) => c.area.level === 'district').map((c) => [c.measure, c]),
  );
  const checks = uniqueMeasures(a)
    .filter((m) => m.available)
    .map((m) => monthCheck(m, a, byMeasure));
  const signals = section?.signals ?? a.emergingIssues;
  const previousSignals = new Set((before?.monitoring?.signals ?? before?.emergingIssues ?? []).map(signalKey));
  const isNew = (s: EmergingSignal) => before !== null && !previousSignals.has(signalKey(s));
  return {
    month: a.period.end,
    previousMonth: before?.period.end ?? null,
    section,
    checks,
    wards: signals
      .filter((s) => s.area.level !== 'district')
      .map((signal) => ({ measure: signal.measure, title: signal.title, signal, newThisMonth: isNew(signal) })),
    wardRanges: wardRanges(section),
    changes: before ? changesBetween(a, before) : [],
    agenda: signals.map((signal) => ({ signal, newThisMonth: isNew(signal) })),
  };
}
