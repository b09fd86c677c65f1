import type { Store } from '../store/db.ts';
import type { Measure } from '../core/measures/schema.ts';
import { SaferError } from '../core/errors.ts';
import {
  addMonths,
  financialYear,
  financialYearOf,
  monthIndex,
  monthRange,
  previousWindow,
  quarterOf,
  rolling12,
  sameLastYear,
  yearToDate,
  type Window,
} from '../core/periods/index.ts';
import { changeOver, compareCounts, type Comparison } from '../analyse/compare.ts';
import { comparability, type CompareMode } from '../core/periods/comparable.ts';
import { measureCountsWith, latestLoadedMonth, type MeasureCount } from '../analyse/counts.ts';
import {
  measureClosure,
  readAllCells,
  readComparator,
  readImports,
  readTargetFacts,
  type TargetFacts,
} from './one-pass.ts';
import { rankComparisons, type RankedComparison } from '../analyse/ranks.ts';
import { denominatorMemo } from '../analyse/denominator.ts';
import { areaNames, coverage, districtsOf, groupOf, resolveArea, type Group } from './context.ts';
import { comparisonRef, periodRef, toChangeFigure, toFigure } from './change.ts';
import { buildSeries, projectSeries, seasonality, seriesMonths } from './series.ts';
import { localContext } from './local.ts';
import { monitorDistrict, MONITOR_MIN_MONTHS, type MonitorSeries } from './monitoring.ts';
import { sumMonths } from '../core/periods/comparable.ts';
import {
  comparatorCoverage,
  cspOf,
  resolvePeers,
  snapshotComparator,
  type PeerGroup,
  type PeerPools,
} from './peers.ts';
import { peerRank, withMemberNames } from './peer-rank.ts';
import { spikesFor } from './spikes.ts';
import { harmFor } from './harm.ts';
import { backgroundOf } from './background.ts';
import { countyTables } from './county-tables.ts';
import { parseAssessmentSet } from './contract/parse.ts';
import { countyDistrictRows, countyRankOf, countySeriesOf, hasCountyTable } from './county-rank.ts';
import { riskAndPriorities } from './risk.ts';
import type { PartnershipConfig } from './config.ts';
import { partnerIndicators } from '../analyse/indicators.ts';
import { dataQuality } from '../analyse/quality.ts';
import { attachOutcomes } from './outcomes.ts';
import { policeActivity } from '../analyse/stop-search.ts';
import {
  ASSESSMENT_SCHEMA_VERSION,
  type Assessment,
  type AssessmentSet,
  type AreaRef,
  type CountyDistrictRow,
  type LocalContext,
  type MeasureAssessment,
  type OtherPeriod,
  type Series,
} from './schema.ts';
import { VERSION } from '../version.ts';

export interface AssessOptions {
  config: PartnershipConfig;
  /** last month of the period (default: the latest month loaded) */
  end?: string;
  includeRestricted?: boolean;
  /** fixed generation time (tests, reproducible output) */
  now?: Date;
  onProgress?: (done: number, total: number, label: string) => void;
  /** how incomplete periods are compared (default auto: like for like when 12 + 12 is incomplete) */
  compare?: CompareMode;
  /** add each measure's count per loaded month of the 24 months (`monthly`; national ranks need them) */
  monthlyCounts?: boolean;
}

interface Windows {
  current: Window;
  previous: Window;
  others: { id: OtherPeriod['id']; label: string; current: Window; comparison: Window }[];
}

export function windowsFor(end: string): Windows {
  const current = rolling12(end);
  const fyEndsAtEnd = monthIndex(end) % 12 === 2;
  const fyStart = fyEndsAtEnd ? financialYearOf(end) : financialYearOf(end) - 1;
  const fy = financialYear(fyStart);
  const ytd = yearToDate(end);
  const quarterNow = quarterOf(end);
  const q = quarterNow.end === end ? quarterNow : quarterOf(addMonths(quarterNow.start, -1));
  return {
    current,
    previous: previousWindow(current),
    others: [
      {
        id: 'financial-year',
        label: `financial year ${fy.label} against ${financialYear(fyStart - 1).label}`,
        current: fy,
        comparison: financialYear(fyStart - 1),
      },
      {
        id: 'year-to-date',
        label: `${ytd.label} against the same months a year earlier`,
        current: ytd,
        comparison: sameLastYear(ytd),
      },
      {
        id: 'latest-quarter',
        label: `${q.label} against the same quarter a year earlier`,
        current: q,
        comparison: sameLastYear(q),
      },
    ],
  };
}

async function wardsOf(
  store: Store,
  districts: readonly string[],
): Promise<{ wards: Map<string, string[]>; beatOfWard: Map<string, string> }> {
  const rows = await store.all<{ district: string; wards: string[] }>({
    sql: `SELECT district, list(DISTINCT ward ORDER BY ward) AS wards FROM lsoa_lookup WHERE ward IS NOT NULL AND district IN (${districts.map(() => '?').join(', ')}) GROUP BY 1`,
    params: [...districts],
  });
  const beats = await store.all<{ ward: string; beat: string }>({
    sql: "SELECT child_code AS ward, max_by(parent_code, vintage) AS beat FROM area_parents WHERE child_level = 'ward' AND parent_level = 'beat' GROUP BY 1",
  });
  return {
    wards: new Map(rows.map((r) => [r.district, r.wards])),
    beatOfWard: new Map(beats.map((b) => [b.ward, b.beat])),
  };
}

interface TargetState {
  code: string;
  csp: string | null;
  peers: PeerGroup | null;
  measures: MeasureAssessment[];
  /** every district and ward series of every measure counted, for the month's monitoring */
  monitored: MonitorSeries[];
}

function nestByUnit(
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

/**
 * Assesses `targets` (districts of `group`) for the period ending `end`: every measure of the
 * config's catalogue, counted once for the whole group (ranks need every district), then the
 * district-level detail (series, seasons, spikes, wards, breakdowns, harm, emerging issues, risk,
 * priorities, partner indicators, data quality) for the targets only.
 */
export async function assessDistricts(
  store: Store,
  targets: readonly string[],
  group: Group,
  end: string,
  options: AssessOptions,
): Promise<Assessment[]> {
  const all = [...new Set([...group.districts, ...targets])].sort();
  const relation = `assess_events_${++snapshotCounter}_${process.pid}`;
  // a snapshot of the assessed districts' event counts, for the ward, day and sub-type queries
  await store.run({
    sql: `CREATE TEMP TABLE ${relation}_t AS SELECT import_id, source, kind, month, date, time, offence_code, category, sub_category, ward_code, district_code, n
          FROM event_counts WHERE district_code IN (${targets.map(() => '?').join(', ')})`,
    params: [...targets],
  });
  try {
    return await assessSnapshot(store, targets, group, end, options, all, relation);
  } finally {
    await store.run(`DROP TABLE IF EXISTS ${relation}_t`);
    await store.run(`DROP TABLE IF EXISTS ${relation}_comparator`);
  }
}

let snapshotCounter = 0;

/** Reads start here: earlier than any data a partnership holds. */
const FIRST_MONTH = '1990-01';

async function assessSnapshot(
  store: Store,
  targets: readonly string[],
  group: Group,
  end: string,
  options: AssessOptions,
  all: string[],
  relation: string,
): Promise<Assessment[]> {
  const { config } = options;
  const alpha = config.alpha;
  const w = windowsFor(end);
  const year = Math.floor(monthIndex(end) / 12);
  const names = await areaNames(store, all);
  const { wards: wardsByDistrict, beatOfWard } = await wardsOf(store, targets);
  const wardCodes = [...wardsByDistrict.values()].flat();
  const unitNames = await areaNames(store, [
    ...wardCodes,
    ...new Set(wardCodes.map((c) => beatOfWard.get(c)).filter((b): b is string => !!b)),
  ]);
  const denoms = denominatorMemo(store);
  const wardPop = await denoms(wardCodes, year, 'population');
  const states = new Map<string, TargetState>();
  const pools: PeerPools = new Map();
  for (const code of targets) {
    const csp = await cspOf(store, code);
    const declared = config.peers[code] ?? config.peers['*'];
    states.set(code, {
      code,
      csp,
      peers: await resolvePeers(store, code, csp, year, declared, pools),
      measures: [],
      monitored: [],
    });
  }
  const peerCodes = [
    ...new Set([...states.values()].flatMap((s) => (s.peers ? [s.peers.key, ...s.peers.members] : []))),
  ];
  const comparator = await comparatorCoverage(store, peerCodes);
  const peerNames = await areaNames(store, peerCodes);
  // every measure (and the fallbacks they may need) read in one pass over the events of the group
  // and of any peers the comparator table does not cover
  const read = measureClosure(config.measures, config.catalogue);
  const peersToRead = peerCodes.filter((c) => !all.includes(c) && !comparator.months.has(c));
  const onePass = await readAllCells(store, read, [...all, ...peersToRead], FIRST_MONTH, end, 'event_counts');
  const earliest = onePass.firstMonth ?? addMonths(end, -23);
  const peersWithEvents = new Set(peerCodes.filter((c) => onePass.has(c)));
  if (comparator.months.size > 0) await snapshotComparator(store, peerCodes, `${relation}_comparator`);
  const measures = config.measures.map((id) => config.catalogue.get(id)!);
  // provenance: the imports behind each district's rows of each kind and family in the 24 months
  const imports = await readImports(store, `${relation}_t`, w.previous.start, end);
  const windows = [w.current, w.previous, ...w.others.flatMap((o) => [o.current, o.comparison])];
  const targetSet = new Set(targets);
  // the ward, day and sub-type counts are read while the projections (pure JavaScript, the
  // heaviest part) are fitted; nothing else touches the store until they are in
  const factsRead = readTargetFacts(store, read, targets, earliest, w.current, w.previous, `${relation}_t`);
  const countsOf = new Map<string, Map<string, MeasureCount>>();
  const projections = new Map<string, Series['projection']>();
  for (const measure of measures) {
    const counts = await measureCountsWith(measure, all, windows, (m, ds) => onePass.cells(m, ds), config.catalogue);
    countsOf.set(measure.id, counts);
    for (const code of targets) {
      const count = counts.get(code)!;
      const key = `${code}|${count.measure}`;
      if (count.source === null || projections.has(key)) continue;
      const { months } = seriesMonths(new Set(count.loadedMonths.filter((m) => m <= end)), end);
      projections.set(
        key,
        projectSeries(
          months,
          months.map((m) => count.monthly.get(m) ?? 0),
        ),
      );
    }
    // let the event loop start the next query of factsRead
    await new Promise((resolve) => setImmediate(resolve));
  }
  const facts = await factsRead;
  const comparatorOf =
    comparator.months.size > 0
      ? await readComparator(store, read, `${relation}_comparator`, comparator.hasOffenceCodes)
      : () => null;
  let done = 0;
  for (const measure of measures) {
    options.onProgress?.(done++, measures.length, measure.title);
    const counts = countsOf.get(measure.id)!;
    const ranked = rankComparisons(
      await compareCounts(store, measure, all, counts, w.current, w.previous, {
        alpha,
        catalogue: config.catalogue,
        denominators: denoms,
        compare: options.compare,
      }),
      hasCountyTable(group) ? undefined : targetSet,
    );
    const byDistrict = new Map(ranked.map((r) => [r.district, r]));
    const countyRows = countyDistrictRows(ranked, names, group);
    for (const state of states.values()) {
      const r = byDistrict.get(state.code)!;
      const counted = config.catalogue.get(r.measure) ?? measure;
      state.measures.push(
        await measureDocument({
          store,
          measure,
          r,
          group,
          end,
          w,
          alpha,
          compare: options.compare ?? 'auto',
          state,
          count: counts.get(state.code)!,
          monthlyCounts: options.monthlyCounts === true,
          facts,
          imports,
          countySeries: countySeriesOf(ranked, counts, group),
          countyRows,
          peerNames,
          peerMonthly: comparatorOf(counted),
          comparator,
          wardsByDistrict,
          beatOfWard,
          unitNames,
          wardPop,
          config,
          year,
          denominators: denoms,
          peersWithEvents,
          projections,
          peerCompare: async (m: Measure, ds: readonly string[]) =>
            compareCounts(
              store,
              m,
              ds,
              await measureCountsWith(
                m,
                ds,
                [w.current, w.previous],
                (mm, dd) => onePass.cells(mm, dd),
                config.catalogue,
              ),
              w.current,
              w.previous,
              { alpha, catalogue: config.catalogue, denominators: denoms, compare: options.compare },
            ),
        }),
      );
    }
  }
  options.onProgress?.(measures.length, measures.length, 'done');
  const generatedAt = (options.now ?? new Date()).toISOString();
  const out: Assessment[] = [];
  for (const state of states.values()) {
    const totalHarm = state.measures.find((m) => m.countedAs === 'all-crime')?.harm?.current;
    for (const m of state.measures) if (m.harm && totalHarm) m.harm.shareOfTotal = m.harm.current / totalHarm;
    const { priorities, dropped } = riskAndPriorities(state.measures, config);
    const monitoring = monitorDistrict(state.monitored, end, { alpha });
    for (const m of state.measures) {
      m.emerging = monitoring.signals.filter((e) => e.measure === m.countedAs);
      for (const row of m.local.ward?.rows ?? [])
        row.emerging = m.emerging.find((e) => e.area.level === 'ward' && e.area.code === row.code)?.direction ?? null;
    }
    const emergingIssues = monitoring.signals.filter((e) => e.direction === 'increase');
    const indicators = await partnerIndicators(store, state.code, group.districts, end, {
      includeRestricted: options.includeRestricted === true,
    });
    await attachOutcomes(
      store,
      state.code,
      state.measures,
      config.catalogue,
      w,
      wardsByDistrict.get(state.code) ?? [],
      unitNames,
    );
    const activity = await policeActivity(store, state.code, w, wardsByDistrict.get(state.code) ?? [], unitNames, {
      alpha,
      compare: options.compare ?? 'auto',
    });
    out.push({
      schemaVersion: ASSESSMENT_SCHEMA_VERSION,
      generatedAt,
      generator: { name: 'safer', version: VERSION },
      area: { code: state.code, name: names.get(state.code) ?? null, level: 'district', csp: state.csp },
      county: group.area,
      period: periodRef(w.current),
      previousPeriod: periodRef(w.previous),
      comparison: {
        mode: options.compare ?? 'auto',
        ...((
          state.measures.find((m) => m.countedAs === 'all-crime' && m.comparison) ??
          state.measures.find((m) => m.comparison)
        )?.comparison ?? {
          kind: 'not-assessed',
          label: `${w.current.label} against ${w.previous.label}`,
          months: 0,
          currentMonths: [],
          previousMonths: [],
          excluded: [],
          reason: 'no measure can be counted from the data loaded',
        }),
      },
      config: {
        dir: config.dir,
        alpha,
        measures: config.measures,
        harmWeights: { source: config.harm.source, edition: config.harm.edition },
        riskThresholds: { ...config.risk.thresholds },
      },
      background: await backgroundOf(store, state.code, group, year),
      measures: state.measures,
      priorities,
      droppedPriorities: dropped,
      emergingIssues,
      monitoring,
      partnerIndicators: indicators.indicators,
      restrictedWithheld: indicators.withheld,
      policeActivity: activity,
      dataQuality: {
        ...(await dataQuality(store, [state.code], { start: w.previous.start, end })),
        fallbacks: state.measures
          .filter((m) => m.fallback)
          .map((m) => ({ requested: m.id, shown: m.fallback!.measure, note: m.fallback!.note })),
        incompleteMeasures: state.measures
          .filter((m) => m.available && (!m.current.complete || !m.previous.complete))
          .map((m) => m.id),
        unavailableMeasures: state.measures
          .filter((m) => !m.available)
          .map((m) => ({ measure: m.id, reason: m.notes.join('; ') })),
      },
      countyTables: await countyTables({
        store,
        catalogue: config.catalogue,
        districts: group.districts.includes(state.code) ? group.districts : [...group.districts, state.code],
        district: state.code,
        measures: state.measures,
        period: periodRef(w.current),
        year,
        denominators: denoms,
      }),
      notes: [
        ...(state.peers
          ? [state.peers.basisNote]
          : [
              'no peer group: none imported or declared, and none computable from the population figures loaded; peer ranks not given',
            ]),
      ],
    });
  }
  return out;
}

interface MeasureContext {
  store: Store;
  measure: Measure;
  r: RankedComparison;
  group: Group;
  end: string;
  w: Windows;
  alpha: number;
  compare: CompareMode;
  state: TargetState;
  count: MeasureCount;
  monthlyCounts: boolean;
  facts: TargetFacts;
  imports: Map<string, number[]>;
  countySeries: (months: readonly string[]) => (number | null)[] | null;
  /** every district of the group for this measure (null when the group is too large for the table) */
  countyRows: CountyDistrictRow[] | null;
  peerNames: ReadonlyMap<string, string>;
  peerMonthly: { byCode: Map<string, Map<string, number>> } | null;
  comparator: Awaited<ReturnType<typeof comparatorCoverage>>;
  wardsByDistrict: Map<string, string[]>;
  beatOfWard: Map<string, string>;
  unitNames: Map<string, string>;
  wardPop: Map<string, { value: number }>;
  config: PartnershipConfig;
  year: number;
  denominators: ReturnType<typeof denominatorMemo>;
  peersWithEvents: ReadonlySet<string>;
  projections: ReadonlyMap<string, Series['projection']>;
  peerCompare: (measure: Measure, districts: readonly string[]) => Promise<Comparison[]>;
}

async function measureDocument(c: MeasureContext): Promise<MeasureAssessment> {
  const { measure, r, state, w, alpha, config } = c;
  const counted = config.catalogue.get(r.measure) ?? measure;
  const code = state.code;
  const available = r.source !== null;
  const notes = [...r.notes];
  const doc: MeasureAssessment = {
    id: measure.id,
    title: counted.title,
    countedAs: counted.id,
    kind: counted.kind,
    fallback:
      counted.id !== measure.id ? { measure: counted.id, requestedTitle: measure.title, note: r.notes[0] ?? '' } : null,
    source: r.source,
    available,
    definition: { filters: counted.filters, note: counted.note ?? null, polarity: counted.polarity },
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
    notes,
    provenance: {
      imports: c.imports.get(`${code}|${counted.kind}|${r.source}`) ?? [],
      query: `measure "${counted.id}" (${r.source ?? 'unavailable'}), see definition`,
    },
  };
  if (!available) return doc;

  // other periods: each pair under the same rule, on the months the district's data holds
  const other = c.count;
  const loaded = new Set(other.loadedMonths);
  c.w.others.forEach((o, i) => {
    const cur = other.counts[2 + 2 * i] ?? null;
    const cmp = other.counts[3 + 2 * i] ?? null;
    const [cc, pc] = [other.completeness[2 + 2 * i]!, other.completeness[3 + 2 * i]!];
    const rate = (n: number | null) => (n === null || !r.denominator ? null : (1000 * n) / r.denominator.value);
    const decision = comparability(o.current, o.comparison, loaded, c.compare);
    doc.otherPeriods.push({
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
      change: toChangeFigure(changeOver(other.monthly, decision, alpha)),
      compared: comparisonRef(decision),
    });
  });

  if (c.monthlyCounts && available) {
    const loaded = new Set(c.count.loadedMonths);
    doc.monthly = Object.fromEntries(
      monthRange(c.w.previous.start, c.end)
        .filter((m) => loaded.has(m))
        .map((m) => [m, c.count.monthly.get(m) ?? 0]),
    );
  }
  // series and projection
  const { months, note } = seriesMonths(new Set(c.count.loadedMonths.filter((m) => m <= c.end)), c.end);
  const rows = r.source ? c.facts.wardMonths(counted, code, r.source) : [];
  const counts = months.map((m) => c.count.monthly.get(m) ?? 0);
  const peer = await peerRank(c, months);
  doc.rank.peers = peer.rank && withMemberNames(peer.rank, c.peerNames);
  if (peer.note) notes.push(peer.note);
  if (months.length > 0) {
    doc.series = buildSeries(
      months,
      counts,
      r.denominator?.value ?? null,
      { peer: peer.series, county: c.countySeries(months) },
      note,
      c.projections.get(`${code}|${counted.id}`),
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
  // the district's series and, below, its wards' join the month's monitoring (once per measure counted)
  const monitorThis = months.length > 0 && !state.monitored.some((s) => s.measure.id === counted.id);
  if (monitorThis)
    state.monitored.push({
      measure: { id: counted.id, title: counted.title },
      area: { code, name: null, level: 'district' },
      months,
      counts,
    });

  // spikes (record dates only)
  doc.spikes = spikesFor(
    r.source === 'records' ? c.facts.days(counted, code) : [],
    r.source,
    w.current,
    r.current.complete,
  );
  if (doc.spikes && doc.spikes.tested === 0 && doc.spikes.note)
    doc.notRun.push({ analysis: 'spikes', reason: doc.spikes.note });

  // local context: wards, and beats when the lookup holds them
  const wards = c.wardsByDistrict.get(code) ?? [];
  if (wards.length > 0 && months.length > 0) {
    const common = { names: c.unitNames, current: w.current, decision: r.comparability!, seriesMonths: months, alpha };
    const rowsByWard = nestByUnit(rows, (x) => x);
    const ward = localContext({
      ...common,
      level: 'ward',
      monthly: rowsByWard,
      units: wards,
      population: new Map([...c.wardPop].map(([k, v]) => [k, v.value])),
    });
    doc.local.ward = ward.context;
    const beats = [...new Set(wards.map((x) => c.beatOfWard.get(x)).filter((b): b is string => !!b))];
    let beat: LocalContext | null = null;
    if (beats.length > 0) {
      const b = localContext({
        ...common,
        level: 'beat',
        monthly: nestByUnit(rows, (x) => (x === null ? null : (c.beatOfWard.get(x) ?? null))),
        units: beats,
        population: new Map(),
      });
      beat = b.context;
    }
    doc.local.beat = beat;
    if (monitorThis) {
      for (const row of ward.context.rows) {
        const monthly = rowsByWard.get(row.code);
        state.monitored.push({
          measure: { id: counted.id, title: counted.title },
          area: { code: row.code, name: row.name, level: 'ward' },
          months,
          counts: months.map((m) => monthly?.get(m) ?? 0),
        });
      }
    }
  }

  // breakdown
  const by = counted.breakdown === 'offence_code' && r.source === 'police-uk' ? 'category' : counted.breakdown;
  const byKey = by && r.source ? c.facts.byKey(counted, code, r.source, by) : null;
  if (byKey && by) {
    const labels = by === 'offence_code' ? await offenceLabels(c.store, [...byKey.keys()]) : new Map<string, string>();
    const current = new Map([...byKey].map(([key, monthly]) => [key, sumMonths(monthly, w.current.months)]));
    const total = [...current.values()].reduce((s, v) => s + v, 0);
    doc.breakdown = {
      by,
      rows: [...byKey]
        .map(([key, monthly]) => {
          const change = toChangeFigure(changeOver(monthly, r.comparability!, alpha));
          return {
            key,
            label: labels.get(key) ?? key,
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

  // harm
  doc.harm =
    counted.kind === 'crime' && r.source
      ? harmFor(
          c.facts.byKey(counted, code, r.source, r.source === 'records' ? 'offence_code' : 'category'),
          r.source,
          config.harm,
          w.current.months,
          r.comparability,
        )
      : null;
  return doc;
}

const offenceLabelCache = new WeakMap<Store, Map<string, string>>();
async function offenceLabels(store: Store, codes: readonly string[]): Promise<Map<string, string>> {
  let cache = offenceLabelCache.get(store);
  if (!cache) {
    const rows = await store.all<{ code: string; description: string }>(
      'SELECT upper(offence_code) AS code, any_value(description) AS description FROM offence_codes GROUP BY 1',
    );
    cache = new Map(rows.map((r) => [r.code, `${r.code} ${r.description}`]));
    offenceLabelCache.set(store, cache);
  }
  return new Map(codes.map((c) => [c, cache.get(c.toUpperCase()) ?? c]));
}

/** The default end: the latest month loaded (an error when nothing is loaded). */
export async function defaultEnd(store: Store): Promise<string> {
  const end = await latestLoadedMonth(store);
  if (!end)
    throw new SaferError('nothing to assess: no records are loaded', {
      hint: 'import data first (safer import PATH), or run safer demo',
    });
  return end;
}

/**
 * `safer assess`: one district (`all` false) or every covered district of the area (a county,
 * force or partnership; with a district, the districts of its county). Without an area (`all`
 * only), every district holding records, each ranked within its own county or force. Districts
 * whose own data does not cover the 24 months compared are listed as not covered, never assessed,
 * and are left out of the others' ranks.
 */
export async function assessArea(
  store: Store,
  areaText: string | undefined,
  all: boolean,
  options: AssessOptions,
): Promise<AssessmentSet> {
  const end = options.end ?? (await defaultEnd(store));
  monthIndex(end);
  const w = windowsFor(end);
  let groups: { group: Group; candidates: string[] }[];
  let setGroup: AreaRef | null = null;
  if (areaText === undefined) {
    if (!all)
      throw new SaferError('name an area (--area) or ask for every district (--all)', {
        hint: 'e.g. safer assess --area "South Thornden", or safer assess --all',
      });
    const rows = await store.all<{ code: string }>({
      sql: 'SELECT DISTINCT district_code AS code FROM event_counts WHERE district_code IS NOT NULL AND month BETWEEN ?::DATE AND ?::DATE ORDER BY 1',
      params: [`${w.previous.start}-01`, `${end}-01`],
    });
    const byGroup = new Map<string, { group: Group; candidates: string[] }>();
    for (const { code } of rows) {
      const group = await groupOf(store, code);
      const key = group.area?.code ?? code;
      if (!byGroup.has(key)) byGroup.set(key, { group, candidates: [] });
      byGroup.get(key)!.candidates.push(code);
    }
    groups = [...byGroup.values()];
  } else {
    const area = await resolveArea(store, areaText);
    const group: Group =
      area.level === 'district'
        ? await groupOf(store, area.code)
        : {
            area: { code: area.code, name: area.name, level: area.level },
            districts: await districtsOf(store, area.code, area.level),
          };
    if (group.districts.length === 0)
      throw new SaferError(`no districts found for ${area.level} ${area.code}`, {
        value: areaText,
        hint: 'import the ONS lookup that links LSOAs to districts and to this area',
      });
    groups = [{ group, candidates: all || area.level !== 'district' ? group.districts : [area.code] }];
    setGroup = area.level === 'district' && !all ? null : group.area;
  }
  const assessments: Assessment[] = [];
  const notCovered: AssessmentSet['notCovered'] = [];
  const assessed: string[] = [];
  for (const { group, candidates } of groups) {
    const cover = await coverage(store, [...new Set([...group.districts, ...candidates])], end);
    const isCovered = new Set(cover.filter((c) => c.covered).map((c) => c.code));
    const targets = candidates.filter((c) => isCovered.has(c));
    const names = await areaNames(store, candidates);
    for (const c of cover) {
      if (!c.covered && candidates.includes(c.code))
        notCovered.push({
          code: c.code,
          name: names.get(c.code) ?? null,
          reason: c.reason,
          rows: c.rows,
          lsoaShare: c.lsoaShare,
        });
    }
    if (targets.length === 0) continue;
    const rankGroup: Group = { area: group.area, districts: group.districts.filter((d) => isCovered.has(d)) };
    assessments.push(...(await assessDistricts(store, targets, rankGroup, end, options)));
    assessed.push(...targets);
  }
  if (assessments.length === 0) {
    const first = notCovered[0];
    throw new SaferError(
      `not enough data to assess ${notCovered.length === 1 ? first!.code : 'any district asked for'} for the 12 months ending ${end}${first ? `: ${first.reason}` : ''}`,
      {
        value: areaText ?? '--all',
        hint: 'check safer status for the months loaded, or choose another --end',
      },
    );
  }
  // every document leaving the engine is checked against the contract (about 20 ms for 4 MB: bench:contract)
  return parseAssessmentSet(
    {
      schemaVersion: ASSESSMENT_SCHEMA_VERSION,
      generatedAt: assessments[0]!.generatedAt,
      group: setGroup,
      period: periodRef(w.current),
      assessed,
      notCovered,
      assessments,
    },
    'the engine (safer assess)',
  );
}
