import type { Assessment, EmergingSignal, LocalRow, MeasureAssessment, MonitoringCheck } from '../../assess/schema.ts';
import { uniqueMeasures } from '../../report/build/measures.ts';

/**
 * One ward of a district as the Assessment holds it: each measure's ward row (count, change, rate,
 * rank, monthly counts), the ward's monitoring checks and signals. Read, never computed: the
 * figures are the analysis's (src/assess/build/local.ts, src/assess/build/monitoring.ts).
 */
export interface WardMeasure {
  measure: MeasureAssessment;
  row: LocalRow;
  /** the months `row.counts` is aligned with (the measure's series) */
  months: string[];
  check: MonitoringCheck | null;
  signals: EmergingSignal[];
}

export interface WardProfile {
  code: string;
  name: string;
  measures: WardMeasure[];
  /** every ward signal in the month's monitoring, strongest first */
  signals: EmergingSignal[];
  /** the ward's monitoring checks (one per measure monitored) */
  checks: MonitoringCheck[];
}

export interface WardRef {
  code: string;
  name: string;
}

/** The district's wards (from its measures' ward tables), by name. */
export function wardsOf(a: Assessment): WardRef[] {
  const seen = new Map<string, string>();
  for (const m of a.measures)
    for (const r of m.local.ward?.rows ?? []) if (!seen.has(r.code)) seen.set(r.code, r.name ?? r.code);
  return [...seen]
    .map(([code, name]) => ({ code, name }))
    .sort((x, y) => x.name.localeCompare(y.name) || x.code.localeCompare(y.code));
}

/** The ward's part of the Assessment, or null when the district has no such ward. */
export function wardProfile(a: Assessment, code: string): WardProfile | null {
  const ward = wardsOf(a).find((w) => w.code === code);
  if (!ward) return null;
  const checks = (a.monitoring?.checks ?? []).filter((c) => c.area.code === code);
  const signals = (a.monitoring?.signals ?? []).filter((s) => s.area.code === code);
  const measures: WardMeasure[] = [];
  for (const m of uniqueMeasures(a)) {
    const row = m.local.ward?.rows.find((r) => r.code === code);
    if (!m.available || !row) continue;
    measures.push({
      measure: m,
      row,
      months: m.series?.months ?? [],
      check: checks.find((c) => c.measure === m.countedAs) ?? null,
      signals: signals.filter((s) => s.measure === m.countedAs),
    });
  }
  return { code, name: ward.name, measures, signals, checks };
}

/** The months of a ward's series within [from, to] (either end open), with their counts. */
export function sliceMonths(
  months: readonly string[],
  counts: readonly number[],
  from: string | undefined,
  to: string | undefined,
): { months: string[]; counts: number[] } {
  const out = { months: [] as string[], counts: [] as number[] };
  months.forEach((month, i) => {
    if ((from && month < from) || (to && month > to)) return;
    out.months.push(month);
    out.counts.push(counts[i] ?? 0);
  });
  return out;
}
