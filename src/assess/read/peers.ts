import type { SqlParam, Store } from '../../store/db.ts';
import type { Measure } from '../../core/measures/schema.ts';
import { eventsRelation, inList } from './sql.ts';
import { denominators } from './denominators.ts';
import { nearestNeighbours, type Unit } from '../../core/stats/index.ts';
import {
  ETHNIC_GROUPS,
  ageLabel,
  ethnicGroupLabel,
  parseAgeBand,
  populationMeasureLabel,
} from '../../core/population-measures.ts';
import { agePartition } from './background.ts';

export const COMPUTED_PEERS = 15;

export interface PeerGroup {
  /** the code the group is keyed by: the district, or its community safety partnership */
  key: string;
  /** the peers, the district itself excluded */
  members: string[];
  basis: 'imported' | 'config' | 'computed';
  basisNote: string;
}

/** The community safety partnership holding most of the district's LSOAs (null when not loaded). */
export async function cspOf(store: Store, district: string): Promise<string | null> {
  const row = await store.one<{ csp: string }>({
    sql: `SELECT c.parent_code AS csp FROM area_parents d JOIN area_parents c ON c.child_code = d.child_code AND c.child_level = 'lsoa'
          WHERE d.child_level = 'lsoa' AND d.parent_level = 'district' AND d.parent_code = ? AND c.parent_level = 'csp'
          GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
    params: [district],
  });
  return row?.csp ?? null;
}

/**
 * The district's peer group: declared in the partnership's config, else the imported most similar
 * group (keyed by the district or its CSP), else the 15 nearest areas of the same level, drawn
 * from every district the lookups and population tables know (not only those whose crimes are
 * loaded), on the standardised population variables the store holds (peerVariables).
 */
export async function resolvePeers(
  store: Store,
  district: string,
  csp: string | null,
  year: number,
  declared?: readonly string[],
  pools: PeerPools = new Map(),
): Promise<PeerGroup | null> {
  if (declared && declared.length > 0) {
    return {
      key: district,
      members: declared.filter((c) => c !== district && c !== csp),
      basis: 'config',
      basisNote: 'peer group declared in the partnership config',
    };
  }
  for (const key of [district, csp].filter((k): k is string => k !== null)) {
    const rows = await store.all<{ peer_code: string; source: string }>({
      sql: 'SELECT peer_code, any_value(source) AS source FROM peer_groups WHERE area_code = ? AND peer_code <> ? GROUP BY peer_code ORDER BY min(position), peer_code',
      params: [key, key],
    });
    if (rows.length > 0) {
      return {
        key,
        members: rows.map((r) => r.peer_code),
        basis: 'imported',
        basisNote: `most similar group imported from "${rows[0]!.source}" for ${key}`,
      };
    }
  }
  return computePeers(store, district, year, pools);
}

type AreaValues = Map<string, { year: number; value: number }>;

interface PeerVariable {
  name: string;
  of(values: AreaValues): number | undefined;
}

/**
 * What computed peers are compared on, from the measures the district holds: log population,
 * households per resident, the age profile (one non-overlapping set of bands, as shares of their
 * total: a census table's five-year and broad bands would otherwise count each age twice), the
 * ethnic groups (shares of their total), and any other measure per resident.
 */
export function peerVariables(target: AreaValues): PeerVariable[] {
  const perResident = (m: string, name: string): PeerVariable => ({
    name,
    of: (v) => {
      const pop = v.get('population')?.value;
      const x = v.get(m)?.value;
      return pop && x !== undefined ? x / pop : undefined;
    },
  });
  const sharesOf = (parts: readonly string[], label: (m: string) => string): PeerVariable[] =>
    parts.map((m) => ({
      name: label(m),
      of: (v) => {
        const values = parts.map((p) => v.get(p)?.value);
        if (values.some((x) => x === undefined)) return undefined;
        const total = values.reduce<number>((a, b) => a + b!, 0);
        return total > 0 ? v.get(m)!.value / total : undefined;
      },
    }));
  const out: PeerVariable[] = [
    {
      name: 'log population',
      of: (v) => (v.get('population')?.value ? Math.log(v.get('population')!.value) : undefined),
    },
  ];
  if (target.has('households')) out.push(perResident('households', 'households per resident'));
  const ages = [...target].filter(([m]) => parseAgeBand(m) !== null);
  const ageYears = [...new Set(ages.map(([, x]) => x.year))].sort((a, b) => b - a);
  const bands =
    ageYears.map((y) => agePartition(ages.filter(([, x]) => x.year === y).map(([m]) => m))).find((b) => b.length > 0) ??
    [];
  if (bands.length > 1) out.push(...sharesOf(bands, (m) => `share aged ${ageLabel(m)}`));
  const groups = ETHNIC_GROUPS.map(([id]) => `ethnicity:${id}`).filter((m) => target.has(m));
  if (groups.length > 1)
    out.push(
      ...sharesOf(groups, (m) => `share ${populationMeasureLabel(m).replace('Ethnic group: ', 'of ethnic group ')}`),
    );
  const known = (m: string) =>
    m === 'population' || m === 'households' || parseAgeBand(m) !== null || ethnicGroupLabel(m) !== null;
  for (const m of [...target.keys()].filter((x) => !known(x)).sort()) out.push(perResident(m, `${m} per resident`));
  return out;
}

/** The candidate pool of computed peers, read once per level and year within one assessment run. */
export type PeerPools = Map<string, Promise<Map<string, AreaValues>>>;

async function computePeers(store: Store, district: string, year: number, pools: PeerPools): Promise<PeerGroup | null> {
  const level = await store.one<{ level: string }>({
    sql: "SELECT level FROM areas WHERE code = ? AND level IN ('district', 'csp') LIMIT 1",
    params: [district],
  });
  if (!level) return null;
  const key = `${level.level}|${year}`;
  if (!pools.has(key)) pools.set(key, peerPool(store, level.level, year, district));
  const byCode = await pools.get(key)!;
  const target = byCode.get(district);
  if (!target?.get('population')) return null;
  const variables = peerVariables(target);
  const unit = (code: string, values: AreaValues): Unit | null => {
    const xs = variables.map((v) => v.of(values));
    return xs.every((x): x is number => x !== undefined && Number.isFinite(x)) ? { id: code, values: xs } : null;
  };
  const candidates = [...byCode].flatMap(([code, values]) =>
    code === district ? [] : [unit(code, values)].filter((u): u is Unit => u !== null),
  );
  if (candidates.length < 3) return null;
  const nearest = nearestNeighbours(unit(district, target)!, candidates, COMPUTED_PEERS);
  return {
    key: district,
    members: nearest.map((n) => n.id),
    basis: 'computed',
    basisNote: `nearest-neighbour peers computed by Safer (no Home Office family was imported): the ${nearest.length} ${level.level}s nearest to it among the ${candidates.length} whose figures are loaded, on standardised ${variables.map((v) => v.name).join(', ')} (${year} or latest earlier figures)`,
  };
}

/** Population variables of every area of a level the store knows (districts: also those with LSOA figures only). */
async function peerPool(store: Store, level: string, year: number, district: string): Promise<Map<string, AreaValues>> {
  const rows = await store.all<{ code: string; measure: string; year: number; value: number }>({
    sql: `WITH y AS (SELECT area_code, measure, max(year) AS year FROM population WHERE year <= ? GROUP BY ALL)
          SELECT p.area_code AS code, p.measure, p.year, sum(p.value) AS value FROM population p JOIN y USING (area_code, measure, year)
          WHERE p.area_code IN (SELECT DISTINCT code FROM areas WHERE level = ?) GROUP BY ALL`,
    params: [year, level],
  });
  const byCode = new Map<string, AreaValues>();
  for (const r of rows) {
    if (!byCode.has(r.code)) byCode.set(r.code, new Map());
    byCode.get(r.code)!.set(r.measure, { year: r.year, value: r.value });
  }
  // every district the LSOA lookup knows, whether or not its crimes are loaded: those with only
  // LSOA figures loaded get their population (and households) summed from the LSOAs
  if (level === 'district') {
    const known = await store.all<{ code: string }>(
      'SELECT DISTINCT district AS code FROM lsoa_lookup WHERE district IS NOT NULL',
    );
    const codes = [...new Set([district, ...known.map((k) => k.code)])].filter(
      (c) => !byCode.get(c)?.has('population'),
    );
    for (const kind of ['population', 'households'] as const) {
      for (const [code, d] of await denominators(store, codes, year, kind)) {
        if (!byCode.has(code)) byCode.set(code, new Map());
        if (!byCode.get(code)!.has(kind)) byCode.get(code)!.set(kind, { year: d.year, value: d.value });
      }
    }
  }
  return byCode;
}

export type ComparatorBasis = 'offence codes' | 'police.uk crime types' | 'categories';

/** How a measure is matched in the comparator counts, or null when it cannot be. */
export function comparatorCondition(
  measure: Measure,
  hasOffenceCodes: boolean,
): { condition: string; params: SqlParam[]; basis: ComparatorBasis } | null {
  const f = measure.filters;
  if (f.time || f.subCategories) return null;
  const where = (column: string, values: readonly string[], basis: ComparatorBasis) => {
    const params: SqlParam[] = [];
    return { condition: inList(column, values, params), params, basis };
  };
  if (measure.kind === 'crime') {
    if (hasOffenceCodes && f.offenceCodes)
      return where(
        'offence_code',
        f.offenceCodes.map((c) => c.toUpperCase()),
        'offence codes',
      );
    if (f.policeUkTypes) return where('category', f.policeUkTypes, 'police.uk crime types');
    return null;
  }
  if (f.categories) return where('category', f.categories, 'categories');
  return null;
}

/**
 * A snapshot of the monthly comparator rows of some areas (codes upper-cased, month as YYYY-MM),
 * read once per assessment instead of scanning the national table for every measure.
 */
export async function snapshotComparator(store: Store, codes: readonly string[], relation: string): Promise<void> {
  await store.run({
    sql: `CREATE TEMP TABLE ${eventsRelation(relation)} AS
          SELECT area_code, strftime(period_start, '%Y-%m') AS month, category, upper(trim(offence_code)) AS offence_code, sum(count) AS count
          FROM comparator_counts WHERE area_code IN (${codes.length ? codes.map(() => '?').join(', ') : 'NULL'}) AND date_trunc('month', period_end) = period_start
          GROUP BY ALL`,
    params: [...codes],
  });
}

/** The months each area has any monthly comparator row for (coverage, whatever the measure). */
export async function comparatorCoverage(
  store: Store,
  codes: readonly string[],
): Promise<{ hasOffenceCodes: boolean; months: Map<string, Set<string>> }> {
  const months = new Map<string, Set<string>>();
  if (codes.length === 0) return { hasOffenceCodes: false, months };
  const rows = await store.all<{ code: string; months: string[]; codes: number }>({
    sql: `SELECT area_code AS code, list(DISTINCT strftime(period_start, '%Y-%m')) AS months, count(offence_code)::INTEGER AS codes
          FROM comparator_counts WHERE area_code IN (${codes.map(() => '?').join(', ')}) AND date_trunc('month', period_end) = period_start GROUP BY 1`,
    params: [...codes],
  });
  for (const r of rows) months.set(r.code, new Set(r.months));
  return { hasOffenceCodes: rows.length > 0 && rows.every((r) => r.codes > 0), months };
}
