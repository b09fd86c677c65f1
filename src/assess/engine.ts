import type { Store } from '../store/db.ts';
import type { Measure } from '../core/measures/schema.ts';
import { SaferError } from '../core/errors.ts';
import {
  addMonths,
  financialYear,
  financialYearOf,
  monthIndex,
  previousWindow,
  quarterOf,
  rolling12,
  sameLastYear,
  yearToDate,
} from '../core/periods/index.ts';
import type { CompareMode } from '../core/periods/comparable.ts';
import { compareCounts, type Comparison } from './build/compare.ts';
import { measureCountsWith, type MeasureCount } from './build/counts.ts';
import { rankComparisons, type RankedComparison } from './build/ranks.ts';
import { periodRef } from './build/change.ts';
import { projectSeries, seriesMonths } from './build/series.ts';
import { countyDistrictRows, countySeriesOf, hasCountyTable } from './build/county-rank.ts';
import { parseAssessmentSet } from './contract/parse.ts';
import { measureDocument, type MeasureWindows } from './build/measure.ts';
import { assembleAssessment, settleDistrict } from './build/district.ts';
import { latestLoadedMonth } from './read/counts.ts';
import { readDenominatorsFor } from './read/compare.ts';
import { readComparator, type TargetFacts } from './read/cells.ts';
import { areaNames, coverage, districtsOf, groupOf, groupsOf, resolveArea, type Group } from './read/areas.ts';
import { readGroupInputs, type GroupInputs, type TargetState } from './read/group.ts';
import { readDistrictExtras } from './read/district.ts';
import { peerRank, withMemberNames } from './read/peer-rank.ts';
import type { PartnershipConfig } from './config.ts';
import { ASSESSMENT_SCHEMA_VERSION, type Assessment, type AssessmentSet, type AreaRef, type Series } from './schema.ts';

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

type Windows = MeasureWindows;

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
  const w = windowsFor(end);
  const year = Math.floor(monthIndex(end) / 12);
  const inputs = await readGroupInputs(store, { targets, all, end, w, year, relation }, config);
  const measures = config.measures.map((id) => config.catalogue.get(id)!);
  const { countsOf, projections } = await countMeasures(measures, all, targets, w, end, inputs, config);
  const facts = await inputs.factsRead;
  const comparatorOf =
    inputs.comparator.months.size > 0
      ? await readComparator(store, inputs.read, `${relation}_comparator`, inputs.comparator.hasOffenceCodes)
      : () => null;
  const run: GroupRun = { store, group, end, w, year, options, all, targets, inputs, facts, comparatorOf };
  let done = 0;
  for (const measure of measures) {
    options.onProgress?.(done++, measures.length, measure.title);
    await assessMeasure(run, measure, countsOf.get(measure.id)!, projections);
  }
  options.onProgress?.(measures.length, measures.length, 'done');
  const generatedAt = (options.now ?? new Date()).toISOString();
  const out: Assessment[] = [];
  for (const state of inputs.states.values()) out.push(await districtAssessment(run, state, generatedAt));
  return out;
}

/**
 * Every measure counted for the whole group from the one-pass cells, and the targets' projections
 * fitted (pure JavaScript, the heaviest part) while the ward, day and sub-type facts are read.
 */
async function countMeasures(
  measures: readonly Measure[],
  all: readonly string[],
  targets: readonly string[],
  w: Windows,
  end: string,
  inputs: GroupInputs,
  config: PartnershipConfig,
) {
  const windows = [w.current, w.previous, ...w.others.flatMap((o) => [o.current, o.comparison])];
  const countsOf = new Map<string, Map<string, MeasureCount>>();
  const projections = new Map<string, Series['projection']>();
  for (const measure of measures) {
    const counts = await measureCountsWith(
      measure,
      all,
      windows,
      (m, ds) => inputs.onePass.cells(m, ds),
      config.catalogue,
    );
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
  return { countsOf, projections };
}

interface GroupRun {
  store: Store;
  group: Group;
  end: string;
  w: Windows;
  year: number;
  options: AssessOptions;
  all: string[];
  targets: readonly string[];
  inputs: GroupInputs;
  facts: TargetFacts;
  comparatorOf: (measure: Measure) => { byCode: Map<string, Map<string, number>> } | null;
}

/** Compares peers counted from their records (the one-pass cells), their denominators read through the run's memo. */
function peerComparer(run: GroupRun) {
  const { w, year, options, inputs } = run;
  const { config } = options;
  return async (m: Measure, ds: readonly string[]): Promise<Comparison[]> => {
    const counts = await measureCountsWith(
      m,
      ds,
      [w.current, w.previous],
      (mm, dd) => inputs.onePass.cells(mm, dd),
      config.catalogue,
    );
    const denominatorsOf = await readDenominatorsFor(inputs.denoms, m, ds, counts, year, config.catalogue);
    return compareCounts(m, ds, counts, w.current, w.previous, denominatorsOf, {
      alpha: config.alpha,
      catalogue: config.catalogue,
      compare: options.compare,
    });
  };
}

/** One measure: compared and ranked across the group, then each target's section built. */
async function assessMeasure(
  run: GroupRun,
  measure: Measure,
  counts: Map<string, MeasureCount>,
  projections: ReadonlyMap<string, Series['projection']>,
): Promise<void> {
  const { group, w, year, options, all, inputs } = run;
  const { config } = options;
  const denominatorsOf = await readDenominatorsFor(inputs.denoms, measure, all, counts, year, config.catalogue);
  const ranked = rankComparisons(
    compareCounts(measure, all, counts, w.current, w.previous, denominatorsOf, {
      alpha: config.alpha,
      catalogue: config.catalogue,
      compare: options.compare,
    }),
    hasCountyTable(group) ? undefined : new Set(run.targets),
  );
  const byDistrict = new Map(ranked.map((r) => [r.district, r]));
  const countySeries = countySeriesOf(ranked, counts, group);
  const countyRows = countyDistrictRows(ranked, inputs.names, group);
  for (const state of inputs.states.values()) {
    const r = byDistrict.get(state.code)!;
    const input = await measureInput(run, state, measure, r, counts.get(state.code)!);
    state.measures.push(
      measureDocument(
        { ...input, countySeries, countyRows, projection: projections.get(`${state.code}|${input.counted.id}`) },
        state.monitored,
      ),
    );
  }
}

/** The plain inputs of one district's section of a measure; its peer rank read here (peers' counts and denominators). */
async function measureInput(
  run: GroupRun,
  state: TargetState,
  measure: Measure,
  r: RankedComparison,
  count: MeasureCount,
) {
  const { group, end, w, year, options, inputs } = run;
  const { config } = options;
  const counted = config.catalogue.get(r.measure) ?? measure;
  const { months, note } = seriesMonths(new Set(count.loadedMonths.filter((m) => m <= end)), end);
  const peer =
    r.source === null
      ? { rank: null, note: null, series: null }
      : await peerRank(
          {
            ...{ store: run.store, measure, r, w, alpha: config.alpha, state, config, year },
            peerMonthly: run.comparatorOf(counted),
            comparator: inputs.comparator,
            peerCompare: peerComparer(run),
            peersWithEvents: inputs.peersWithEvents,
            denominators: inputs.denoms,
          },
          months,
        );
  return {
    ...{ measure, r, group, end, w, alpha: config.alpha, compare: options.compare ?? 'auto', code: state.code },
    ...{ count, monthlyCounts: options.monthlyCounts === true, facts: run.facts, imports: inputs.imports },
    ...{ months, monthsNote: note, wards: inputs.wardsByDistrict.get(state.code) ?? [] },
    peer: { ...peer, rank: peer.rank && withMemberNames(peer.rank, inputs.peerNames) },
    ...{ beatOfWard: inputs.beatOfWard, unitNames: inputs.unitNames, wardPop: inputs.wardPop, config },
    offenceLabels: inputs.offenceLabels,
    monitorThis: months.length > 0 && !state.monitored.some((s) => s.measure.id === counted.id),
    counted,
  };
}

/** A district's Assessment: its measures settled (risk, priorities, monitoring), its own reads, assembled. */
async function districtAssessment(run: GroupRun, state: TargetState, generatedAt: string): Promise<Assessment> {
  const { group, end, w, year, options, inputs } = run;
  const { config } = options;
  const settled = settleDistrict(state.measures, state.monitored, end, config);
  const extras = await readDistrictExtras(run.store, {
    ...{ code: state.code, group, end, w, year, measures: state.measures, config, compare: options.compare },
    ...{
      wards: inputs.wardsByDistrict.get(state.code) ?? [],
      unitNames: inputs.unitNames,
      denominators: inputs.denoms,
    },
    includeRestricted: options.includeRestricted === true,
  });
  return assembleAssessment({
    ...{ code: state.code, name: inputs.names.get(state.code) ?? null, csp: state.csp, county: group.area },
    ...{ peersNote: state.peers ? state.peers.basisNote : null, measures: state.measures, settled, extras, w },
    ...{ compare: options.compare, config, generatedAt },
  });
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

interface Candidates {
  group: Group;
  candidates: string[];
}

/** Every district holding records in the 24 months, grouped by its county or force. */
async function everyDistrictGroups(
  store: Store,
  all: boolean,
  w: Windows,
  end: string,
): Promise<{ groups: Candidates[]; setGroup: AreaRef | null }> {
  if (!all)
    throw new SaferError('name an area (--area) or ask for every district (--all)', {
      hint: 'e.g. safer assess --area "South Thornden", or safer assess --all',
    });
  const rows = await store.all<{ code: string }>({
    sql: 'SELECT DISTINCT district_code AS code FROM event_counts WHERE district_code IS NOT NULL AND month BETWEEN ?::DATE AND ?::DATE ORDER BY 1',
    params: [`${w.previous.start}-01`, `${end}-01`],
  });
  const byGroup = new Map<string, Candidates>();
  const groupOfDistrict = await groupsOf(
    store,
    rows.map((r) => r.code),
  );
  for (const { code } of rows) {
    const group = groupOfDistrict.get(code)!;
    const key = group.area?.code ?? code;
    if (!byGroup.has(key)) byGroup.set(key, { group, candidates: [] });
    byGroup.get(key)!.candidates.push(code);
  }
  return { groups: [...byGroup.values()], setGroup: null };
}

/** The named area: a district (with its county's districts ranked beside it), or every district of a larger area. */
async function areaGroups(
  store: Store,
  areaText: string,
  all: boolean,
): Promise<{ groups: Candidates[]; setGroup: AreaRef | null }> {
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
  return {
    groups: [{ group, candidates: all || area.level !== 'district' ? group.districts : [area.code] }],
    setGroup: area.level === 'district' && !all ? null : group.area,
  };
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
  const { groups, setGroup } =
    areaText === undefined ? await everyDistrictGroups(store, all, w, end) : await areaGroups(store, areaText, all);
  const assessments: Assessment[] = [];
  const notCovered: AssessmentSet['notCovered'] = [];
  const assessed: string[] = [];
  // coverage and names of every district of every group read at once (each district's figures are its own)
  const everyDistrict = [...new Set(groups.flatMap(({ group, candidates }) => [...group.districts, ...candidates]))];
  const coverOf = new Map((await coverage(store, everyDistrict, end)).map((c) => [c.code, c]));
  const names = await areaNames(store, [...new Set(groups.flatMap((g) => g.candidates))]);
  for (const { group, candidates } of groups) {
    const cover = [...new Set([...group.districts, ...candidates])].map((d) => coverOf.get(d)!);
    const isCovered = new Set(cover.filter((c) => c.covered).map((c) => c.code));
    const targets = candidates.filter((c) => isCovered.has(c));
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
