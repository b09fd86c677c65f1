import { monthIndex, monthRange } from '../core/periods/index.ts';
import { parseAgeBand, populationMeasureLabel } from '../core/population-measures.ts';
import type { Store } from './db.ts';
import { vintageChanges, type VintageChange } from './vintage-changes.ts';
import { undoneImports } from './vintages.ts';

/** What the store holds: the answer to `safer status`. */
export interface StoreStatus {
  store: string;
  schemaVersion: number;
  imports: {
    kind: string;
    files: number;
    replaced: number;
    rowsLoaded: number;
    rowsRejected: number;
    duplicatesDropped: number;
    lastImport: string | null;
  }[];
  eventSources: {
    source: string;
    force: string | null;
    kind: string;
    rows: number;
    rowsWithoutLocation: number;
    firstMonth: string;
    lastMonth: string;
    months: number;
    missingMonths: string[];
    /** The missing months as ranges, e.g. `2014-12..2018-09`. */
    gaps: string[];
  }[];
  districts: { code: string; name: string | null; rows: number; firstMonth: string; lastMonth: string }[];
  geography: { level: string; vintage: string; areas: number }[];
  boundaries: { level: string; vintage: string; areas: number }[];
  /**
   * One row per measure (population, households, age:0-15 …) and year. `byLevel`: areas and their
   * total per geography level (codes not in the lookups count as `other`; a code at several levels
   * counts once, at the first level name in alphabetical order); `total` is the total of the level
   * with the most areas (usually the finest loaded), so a file holding LSOAs, wards and districts is
   * not counted three times.
   */
  population: {
    measure: string;
    year: number;
    areas: number;
    total: number;
    level: string;
    byLevel: { level: string; areas: number; total: number }[];
  }[];
  indicators: {
    source: string;
    indicators: number;
    areas: number;
    firstPeriod: string;
    lastPeriod: string;
    rows: number;
  }[];
  comparators: {
    source: string;
    areas: number;
    categories: number;
    firstPeriod: string;
    lastPeriod: string;
    rows: number;
  }[];
  peerGroups: { source: string; areas: number; rows: number }[];
  totals: {
    rows: number;
    rowsWithoutLocation: number;
    duplicatesDropped: number;
    rowsRejected: number;
    rowsUnattributed: number;
  };
  recentImports: {
    id: number;
    kind: string;
    file: string;
    rowsLoaded: number;
    rowsReplaced: number;
    rowsRejected: number;
    replacedBy: number | null;
    finishedAt: string | null;
    undone?: boolean;
  }[];
  /** Months loaded again (a later download, a partner's month sent again): what changed between the vintages, newest first. */
  vintages?: VintageChange[];
}

export async function readStatus(store: Store): Promise<StoreStatus> {
  const version = await store.one<{ v: number }>('SELECT max(version) AS v FROM schema_migrations');
  const undone = await undoneImports(store);
  const notUndone = undone.size > 0 ? `AND import_id NOT IN (${[...undone].join(', ')})` : '';
  const imports = await store.all<StoreStatus['imports'][number]>(`
    SELECT kind, count(*) FILTER (WHERE replaced_by IS NULL) AS files, count(*) FILTER (WHERE replaced_by IS NOT NULL) AS replaced,
           sum(rows_loaded) FILTER (WHERE replaced_by IS NULL) AS "rowsLoaded", sum(rows_rejected) AS "rowsRejected",
           sum(duplicates_dropped) FILTER (WHERE replaced_by IS NULL) AS "duplicatesDropped", strftime(max(finished_at), '%Y-%m-%d %H:%M') AS "lastImport"
    FROM imports WHERE finished_at IS NOT NULL ${notUndone} GROUP BY kind ORDER BY kind`);
  const sources = await store.all<
    Omit<StoreStatus['eventSources'][number], 'missingMonths'> & { month_list: string[] }
  >(`
    SELECT source, force, kind, count(*) AS rows, count(*) FILTER (WHERE lsoa IS NULL AND ward IS NULL AND district IS NULL AND beat IS NULL AND longitude IS NULL) AS "rowsWithoutLocation",
           strftime(min(month), '%Y-%m') AS "firstMonth", strftime(max(month), '%Y-%m') AS "lastMonth",
           count(DISTINCT month) AS months, list(DISTINCT strftime(month, '%Y-%m') ORDER BY strftime(month, '%Y-%m')) AS month_list
    FROM events GROUP BY ALL ORDER BY source, force, kind`);
  const eventSources = sources.map(({ month_list, ...s }) => {
    const missing = missingMonths(s.firstMonth, s.lastMonth, month_list);
    return { ...s, missingMonths: missing, gaps: monthRanges(missing) };
  });
  const districts = await store.all<StoreStatus['districts'][number]>(`
    SELECT e.district_code AS code, any_value(a.name) AS name, count(*) AS rows,
           strftime(min(e.month), '%Y-%m') AS "firstMonth", strftime(max(e.month), '%Y-%m') AS "lastMonth"
    FROM events_located e LEFT JOIN (SELECT code, max_by(name, vintage) AS name FROM areas WHERE level = 'district' GROUP BY code) a ON a.code = e.district_code
    WHERE e.district_code IS NOT NULL GROUP BY e.district_code ORDER BY e.district_code`);
  const geography = await store.all<StoreStatus['geography'][number]>(
    'SELECT level, vintage, count(DISTINCT code) AS areas FROM areas GROUP BY ALL ORDER BY level, vintage',
  );
  const boundaries = await store.all<StoreStatus['boundaries'][number]>(
    'SELECT level, vintage, count(DISTINCT area_code) AS areas FROM boundaries GROUP BY ALL ORDER BY level, vintage',
  );
  const populationLevels = await store.all<{
    measure: string;
    year: number;
    level: string;
    areas: number;
    total: number;
  }>(`
    SELECT p.measure, p.year, coalesce(a.level, 'other') AS level, count(DISTINCT p.area_code) AS areas, sum(p.value) AS total
    FROM population p LEFT JOIN (SELECT code, min(level) AS level FROM areas GROUP BY code) a ON a.code = p.area_code
    GROUP BY ALL ORDER BY p.measure, p.year, areas DESC, level`);
  const population: StoreStatus['population'] = [];
  for (const r of populationLevels) {
    const last = population.at(-1);
    const byLevel = { level: r.level, areas: r.areas, total: r.total };
    if (last && last.measure === r.measure && last.year === r.year) {
      last.byLevel.push(byLevel);
      last.areas += r.areas;
    } else {
      population.push({
        measure: r.measure,
        year: r.year,
        areas: r.areas,
        total: r.total,
        level: r.level,
        byLevel: [byLevel],
      });
    }
  }
  const indicators = await store.all<StoreStatus['indicators'][number]>(`
    SELECT source, count(DISTINCT indicator) AS indicators, count(DISTINCT area_code) AS areas,
           min(period) AS "firstPeriod", max(period) AS "lastPeriod", count(*) AS rows FROM indicators GROUP BY source ORDER BY source`);
  const comparators = await store.all<StoreStatus['comparators'][number]>(`
    SELECT source, count(DISTINCT area_code) AS areas, count(DISTINCT category) AS categories,
           min(period) AS "firstPeriod", max(period) AS "lastPeriod", count(*) AS rows FROM comparator_counts GROUP BY source ORDER BY source`);
  const peerGroups = await store.all<StoreStatus['peerGroups'][number]>(
    'SELECT source, count(DISTINCT area_code) AS areas, count(*) AS rows FROM peer_groups GROUP BY source ORDER BY source',
  );
  const totals = (await store.one<StoreStatus['totals']>(`
    SELECT (SELECT count(*) FROM events) AS rows,
           (SELECT count(*) FROM events WHERE lsoa IS NULL AND ward IS NULL AND district IS NULL AND beat IS NULL AND longitude IS NULL) AS "rowsWithoutLocation",
           (SELECT coalesce(sum(duplicates_dropped), 0) FROM imports WHERE replaced_by IS NULL) AS "duplicatesDropped",
           (SELECT coalesce(sum(rows_rejected), 0) FROM imports) AS "rowsRejected",
           (SELECT count(*) FROM events_located WHERE district_code IS NULL) AS "rowsUnattributed"`))!;
  const recentImports = await store.all<StoreStatus['recentImports'][number]>(`
    SELECT import_id AS id, kind, file, rows_loaded AS "rowsLoaded", rows_replaced AS "rowsReplaced", rows_rejected AS "rowsRejected", replaced_by AS "replacedBy",
           strftime(finished_at, '%Y-%m-%d %H:%M:%S') AS "finishedAt"
    FROM imports ORDER BY import_id DESC LIMIT 10`);
  for (const i of recentImports) if (undone.has(i.id)) i.undone = true;
  const vintages = await vintageChanges(store, { limit: 50 });
  return {
    store: store.path,
    schemaVersion: version?.v ?? 0,
    imports,
    eventSources,
    districts,
    geography,
    boundaries,
    population,
    indicators,
    comparators,
    peerGroups,
    totals,
    recentImports,
    vintages,
  };
}

/** Months between first and last (inclusive) that are not in `present`, as YYYY-MM. */
export function missingMonths(first: string, last: string, present: readonly string[]): string[] {
  const have = new Set(present);
  return monthRange(first, last).filter((month) => !have.has(month));
}

/** Consecutive months folded into ranges: [2021-03, 2021-04, 2021-09] → ['2021-03..2021-04', '2021-09']. */
export function monthRanges(months: readonly string[]): string[] {
  const index = monthIndex;
  const out: string[] = [];
  let start: string | undefined;
  let prev: string | undefined;
  for (const m of months) {
    if (start !== undefined && prev !== undefined && index(m) === index(prev) + 1) {
      prev = m;
      continue;
    }
    if (start !== undefined && prev !== undefined) out.push(start === prev ? start : `${start}..${prev}`);
    start = m;
    prev = m;
  }
  if (start !== undefined && prev !== undefined) out.push(start === prev ? start : `${start}..${prev}`);
  return out;
}

export interface PopulationSummary {
  measure: string;
  label: string;
  /** the years loaded, folded into ranges ("2020..2025", "2011, 2021") */
  years: string;
  latestYear: number;
  /** the latest year's areas by level, most first ("754 lsoa, 166 ward, 10 district, 1 county") */
  areas: string;
  /** the latest year's total over the level with most areas (usually the finest loaded), and that level */
  total: number;
  level: string;
}

/** One line per population measure (population, households, each age band) for the terminal and the dashboard. */
export function summarisePopulation(rows: StoreStatus['population']): PopulationSummary[] {
  const byMeasure = new Map<string, StoreStatus['population']>();
  for (const r of rows) byMeasure.set(r.measure, [...(byMeasure.get(r.measure) ?? []), r]);
  const order = (m: string) => (m === 'population' ? 0 : m === 'households' ? 1 : 2 + (parseAgeBand(m)?.from ?? 1000));
  return [...byMeasure]
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
    .map(([measure, list]) => {
      const years = [...new Set(list.map((r) => r.year))].sort((a, b) => a - b);
      const latest = list.filter((r) => r.year === years.at(-1)!)[0]!;
      return {
        measure,
        label: populationMeasureLabel(measure),
        years: foldYears(years),
        latestYear: latest.year,
        areas: latest.byLevel.map((l) => `${l.areas.toLocaleString('en-GB')} ${l.level}`).join(', '),
        total: latest.total,
        level: latest.level,
      };
    });
}

/** [2011, 2019, 2020, 2021] → "2011, 2019..2021". */
function foldYears(years: readonly number[]): string {
  const parts: string[] = [];
  let start = years[0];
  for (let i = 0; i < years.length; i++) {
    const y = years[i]!;
    if (years[i + 1] === y + 1) continue;
    parts.push(start === y ? String(y) : `${start}..${y}`);
    start = years[i + 1];
  }
  return parts.join(', ');
}
