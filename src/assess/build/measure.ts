import type { Measure } from '../../core/measures/schema.ts';
import { monthRange, type Window } from '../../core/periods/index.ts';
import { comparability, sumMonths, type CompareMode } from '../../core/periods/comparable.ts';
import type { OtherPeriod, LocalContext, MeasureAssessment, Series, AreaRef, CountyDistrictRow } from '../schema.ts';
import { countyRankOf } from './county-rank.ts';
import type { PartnershipConfig } from '../config.ts';
import type { MeasureCount } from './counts.ts';
import { changeOver } from './compare.ts';
import type { RankedComparison } from './ranks.ts';
import { comparisonRef, periodRef, toChangeFigure, toFigure } from './change.ts';
import { buildSeries, seasonality } from './series.ts';
import { localContext } from './local.ts';
import { MONITOR_MIN_MONTHS, type MonitorSeries } from './monitoring.ts';
import { spikesFor } from './spikes.ts';
import { harmFor } from './harm.ts';

/** The facts of the districts assessed that a measure's sections read (read/cells.ts `TargetFacts`). */
export interface MeasureFacts {
  wardMonths(
    measure: Measure,
    district: string,
    source: 'records' | 'police-uk',
  ): { ward: string | null; month: string; n: number }[];
  days(measure: Measure, district: string): { date: string; n: number }[];
  byKey(
    measure: Measure,
    district: string,
    source: 'records' | 'police-uk',
    column: 'category' | 'sub_category' | 'offence_code',
  ): Map<string, Map<string, number>>;
}

export interface MeasureWindows {
  current: Window;
  previous: Window;
  others: { id: OtherPeriod['id']; label: string; current: Window; comparison: Window }[];
}

/** A group of districts (a county or force) and its members. */
export interface GroupOf {
  area: AreaRef | null;
  districts: string[];
}

/** Everything one district's section of one measure is built from: plain values, read beforehand. */
export interface MeasureInput {
  measure: Measure;
  r: RankedComparison;
  group: GroupOf;
  end: string;
  w: MeasureWindows;
  alpha: number;
  compare: CompareMode;
  code: string;
  count: MeasureCount;
  monthlyCounts: boolean;
  facts: MeasureFacts;
  imports: ReadonlyMap<string, number[]>;
  countySeries: (months: readonly string[]) => (number | null)[] | null;
  /** every district of the group for this measure (null when the group is too large for the table) */
  countyRows: CountyDistrictRow[] | null;
  /** the district's series months (seriesMonths) and its peer rank, computed before */
  months: string[];
  monthsNote: string | null;
  peer: { rank: MeasureAssessment['rank']['peers']; note: string | null; series: (number | null)[] | null };
  wards: readonly string[];
  beatOfWard: ReadonlyMap<string, string>;
  unitNames: Map<string, string>;
  wardPop: ReadonlyMap<string, { value: number }>;
  config: PartnershipConfig;
  projection: Series['projection'] | undefined;
  offenceLabels: ReadonlyMap<string, string>;
  /** whether this district's series of the measure counted joins the monitoring (first time counted) */
  monitorThis: boolean;
}

export function nestByUnit(
  rows: readonly { ward: string | null; month: string; n: number }[],
  unitOf: (ward: string | null) => string | null,
): Map<string | null, Map<string, number>> {
  const out = new Map<string | null, Map<string, number>>();
  for (const r of rows) {
    const unit = unitOf(r.ward);
    if (!out.has(unit)) out.set(unit, new Map());
    const m = out.get(unit)!;
    m.set(r.month, (m.get(r.month) ?? 0) + r.n);
  }
  return out;
}

function counted(c: MeasureInput): Measure {
  return c.config.catalogue.get(c.r.measure) ?? c.measure;
}

/** The measure's figures, change and county rank; every later section left empty. */
function measureHeader(c: MeasureInput): MeasureAssessment {
  const { measure, r } = c;
  const m = counted(c);
  const available = r.source !== null;
  return {
    id: measure.id,
    title: m.title,
    countedAs: m.id,
    kind: m.kind,
    fallback: m.id !== measure.id ? { measure: m.id, requestedTitle: measure.title, note: r.notes[0] ?? '' } : null,
    source: r.source,
    available,
    definition: { filters: m.filters, note: m.note ?? null, polarity: m.polarity },
    denominator: r.denominator
      ? {
          kind: r.denominator.kind,
          year: r.denominator.year,
          value: r.denominator.value,
          note: r.denominator.note ?? null,
        }
      : null,
    current: toFigure(r.current),
    previous: toFigure(r.previous),
    change: toChangeFigure(r.change),
    comparison: r.comparability ? comparisonRef(r.comparability) : null,
    notRun: [],
    rank: {
      county: c.group.districts.length > 1 && available ? countyRankOf(r, c.group, c.countyRows) : null,
      peers: null,
    },
    otherPeriods: [],
    harm: null,
    series: null,
    seasonality: null,
    spikes: null,
    local: { ward: null, beat: null },
    breakdown: null,
    emerging: [],
    risk: null,
    notes: [...r.notes],
    provenance: {
      imports: c.imports.get(`${c.code}|${m.kind}|${r.source}`) ?? [],
      query: `measure "${m.id}" (${r.source ?? 'unavailable'}), see definition`,
    },
  };
}

/** Other periods: each pair under the same rule, on the months the district's data holds. */
function otherPeriods(c: MeasureInput): OtherPeriod[] {
  const { count, r } = c;
  const loaded = new Set(count.loadedMonths);
  return c.w.others.map((o, i) => {
    const cur = count.counts[2 + 2 * i] ?? null;
    const cmp = count.counts[3 + 2 * i] ?? null;
    const [cc, pc] = [count.completeness[2 + 2 * i]!, count.completeness[3 + 2 * i]!];
    const rate = (n: number | null) => (n === null || !r.denominator ? null : (1000 * n) / r.denominator.value);
    const decision = comparability(o.current, o.comparison, loaded, c.compare);
    return {
      id: o.id,
      label: o.label,
      current: {
        ...periodRef(o.current),
        count: cur,
        rate: rate(cur),
        complete: cc.complete,
        missingMonths: cc.missing,
      },
      comparison: {
        ...periodRef(o.comparison),
        count: cmp,
        rate: rate(cmp),
        complete: pc.complete,
        missingMonths: pc.missing,
      },
      change: toChangeFigure(changeOver(count.monthly, decision, c.alpha)),
      compared: comparisonRef(decision),
    };
  });
}

/** Series, projection and seasons, with the analyses the series is too short for. */
function seriesSections(c: MeasureInput, doc: MeasureAssessment, counts: number[]): void {
  const { months } = c;
  doc.series = buildSeries(
    months,
    counts,
    c.r.denominator?.value ?? null,
    { peer: c.peer.series, county: c.countySeries(months) },
    c.monthsNote,
    c.projection,
  );
  doc.seasonality = seasonality(months, counts, c.end);
  if (!doc.seasonality.months.some((x) => x.lastYear !== null || x.average !== null)) {
    doc.notRun.push({
      analysis: 'seasonality',
      reason: `needs the same months of an earlier year to compare with: the series holds ${months.length} month${months.length === 1 ? '' : 's'}`,
    });
  }
  if (months.length < MONITOR_MIN_MONTHS)
    doc.notRun.push({
      analysis: 'cusum',
      reason: `needs ${MONITOR_MIN_MONTHS} consecutive months, 12 of baseline and 12 monitored, and has ${months.length}`,
    });
}

/** Wards, and beats when the lookup holds them; the wards' series join the monitoring. */
function localSections(c: MeasureInput, doc: MeasureAssessment, monitored: MonitorSeries[]): void {
  const { months, r } = c;
  const m = counted(c);
  const rows = r.source ? c.facts.wardMonths(m, c.code, r.source) : [];
  const common = { names: c.unitNames, current: c.w.current, decision: r.comparability!, seriesMonths: months };
  const rowsByWard = nestByUnit(rows, (x) => x);
  const ward = localContext({
    ...common,
    alpha: c.alpha,
    level: 'ward',
    monthly: rowsByWard,
    units: c.wards,
    population: new Map([...c.wardPop].map(([k, v]) => [k, v.value])),
  });
  doc.local.ward = ward.context;
  const beats = [...new Set(c.wards.map((x) => c.beatOfWard.get(x)).filter((b): b is string => !!b))];
  let beat: LocalContext | null = null;
  if (beats.length > 0) {
    beat = localContext({
      ...common,
      alpha: c.alpha,
      level: 'beat',
      monthly: nestByUnit(rows, (x) => (x === null ? null : (c.beatOfWard.get(x) ?? null))),
      units: beats,
      population: new Map(),
    }).context;
  }
  doc.local.beat = beat;
  if (!c.monitorThis) return;
  for (const row of ward.context.rows) {
    const monthly = rowsByWard.get(row.code);
    monitored.push({
      measure: { id: m.id, title: m.title },
      area: { code: row.code, name: row.name, level: 'ward' },
      months,
      counts: months.map((mm) => monthly?.get(mm) ?? 0),
    });
  }
}

/** Sub-types (categories, sub-categories or offence codes), each changed under the district's rule. */
function breakdownSection(c: MeasureInput): MeasureAssessment['breakdown'] {
  const { r } = c;
  const m = counted(c);
  const by = m.breakdown === 'offence_code' && r.source === 'police-uk' ? 'category' : m.breakdown;
  const byKey = by && r.source ? c.facts.byKey(m, c.code, r.source, by) : null;
  if (!byKey || !by) return null;
  const label = (key: string) => (by === 'offence_code' ? (c.offenceLabels.get(key.toUpperCase()) ?? key) : key);
  const current = new Map([...byKey].map(([key, monthly]) => [key, sumMonths(monthly, c.w.current.months)]));
  const total = [...current.values()].reduce((s, v) => s + v, 0);
  return {
    by,
    rows: [...byKey]
      .map(([key, monthly]) => {
        const change = toChangeFigure(changeOver(monthly, r.comparability!, c.alpha));
        return {
          key,
          label: label(key),
          current: current.get(key)!,
          previous: change.previous,
          share: total > 0 ? current.get(key)! / total : 0,
          pct: change.pct,
          change,
        };
      })
      .filter((row) => row.current > 0 || (row.previous ?? 0) > 0)
      .sort((a, b) => b.current - a.current || a.key.localeCompare(b.key)),
  };
}

function harmSection(c: MeasureInput): MeasureAssessment['harm'] {
  const { r } = c;
  const m = counted(c);
  if (m.kind !== 'crime' || !r.source) return null;
  return harmFor(
    c.facts.byKey(m, c.code, r.source, r.source === 'records' ? 'offence_code' : 'category'),
    r.source,
    c.config.harm,
    c.w.current.months,
    r.comparability,
  );
}

/**
 * One district's section of one measure, from plain inputs: figures, other periods, series and
 * projection, seasons, spikes, wards and beats, sub-types and harm. The district's and its wards'
 * series are added to `monitored` for the month's monitoring.
 */
export function measureDocument(c: MeasureInput, monitored: MonitorSeries[]): MeasureAssessment {
  const doc = measureHeader(c);
  if (!doc.available) return doc;
  const m = counted(c);
  const { months, r } = c;
  doc.otherPeriods = otherPeriods(c);
  if (c.monthlyCounts) {
    const loaded = new Set(c.count.loadedMonths);
    doc.monthly = Object.fromEntries(
      monthRange(c.w.previous.start, c.end)
        .filter((mm) => loaded.has(mm))
        .map((mm) => [mm, c.count.monthly.get(mm) ?? 0]),
    );
  }
  const counts = months.map((mm) => c.count.monthly.get(mm) ?? 0);
  doc.rank.peers = c.peer.rank;
  if (c.peer.note) doc.notes.push(c.peer.note);
  if (months.length > 0) seriesSections(c, doc, counts);
  if (c.monitorThis)
    monitored.push({
      measure: { id: m.id, title: m.title },
      area: { code: c.code, name: null, level: 'district' },
      months,
      counts,
    });
  doc.spikes = spikesFor(
    r.source === 'records' ? c.facts.days(m, c.code) : [],
    r.source,
    c.w.current,
    r.current.complete,
  );
  if (doc.spikes && doc.spikes.tested === 0 && doc.spikes.note)
    doc.notRun.push({ analysis: 'spikes', reason: doc.spikes.note });
  if (c.wards.length > 0 && months.length > 0) localSections(c, doc, monitored);
  doc.breakdown = breakdownSection(c);
  doc.harm = harmSection(c);
  return doc;
}
