import type { Store } from '../../store/db.ts';
import type { Measure } from '../../core/measures/schema.ts';
import { monthIndex, type Window } from '../../core/periods/index.ts';
import type { Catalogue } from '../../core/measures/catalogue.ts';
import type { MeasureCount } from '../build/counts.ts';
import {
  compareCounts,
  denominatorKinds,
  type CompareOptions,
  type Comparison,
  type DenominatorsOf,
} from '../build/compare.ts';
import { rankComparisons, type GroupRanking } from '../build/ranks.ts';
import { measureCounts } from './counts.ts';
import { denominators, type Denominator, type DenominatorKind } from './denominators.ts';
import { firstRowOf, query, type Query } from './query.ts';

/** Where denominators come from: the store, or a run's memo of it (denominatorMemo). */
export type DenominatorSource = (
  areaCodes: readonly string[],
  year: number,
  kind: DenominatorKind,
) => Promise<Map<string, Denominator>>;

/** The year whose denominators a window's rates use: that of its last month. */
export function denominatorYear(current: Window): number {
  return Math.floor(monthIndex(current.end) / 12);
}

/** Reads the denominators a comparison of these districts needs (every kind their counted measures use). */
export async function readDenominatorsFor(
  source: DenominatorSource,
  measure: Measure,
  districts: readonly string[],
  counts: ReadonlyMap<string, MeasureCount>,
  year: number,
  catalogue?: Catalogue,
): Promise<DenominatorsOf> {
  const byKind = new Map<DenominatorKind, Map<string, Denominator>>();
  for (const kind of denominatorKinds(measure, districts, counts, catalogue))
    byKind.set(kind, await source(districts, year, kind));
  return (kind) => byKind.get(kind) ?? new Map();
}

/** Reads the counts and denominators of a measure in the districts, then compares (build/compare.ts). */
export async function compareMeasure(
  store: Store,
  measure: Measure,
  districts: readonly string[],
  current: Window,
  previous: Window,
  options: CompareOptions & { span?: { from: string; to: string }; denominators?: DenominatorSource } = {},
): Promise<Comparison[]> {
  const counts = await measureCounts(store, measure, districts, [current, previous], options.catalogue, options.span);
  const source = options.denominators ?? ((codes, y, k) => denominators(store, codes, y, k));
  const denominatorsOf = await readDenominatorsFor(
    source,
    measure,
    districts,
    counts,
    denominatorYear(current),
    options.catalogue,
  );
  return compareCounts(measure, districts, counts, current, previous, denominatorsOf, options);
}

/** The districts sharing the district's county (else police force area) parent. */
export function countyDistrictsQuery(
  district: string,
): Query<{ parent_code: string; parent_level: string; districts: string[] }> {
  return query(
    `WITH p AS (
  SELECT parent_code, parent_level FROM area_parents
  WHERE child_code = ? AND child_level = 'district' AND parent_level IN ('county', 'force')
  ORDER BY parent_level = 'county' DESC, vintage DESC LIMIT 1)
SELECT p.parent_code, p.parent_level, list(DISTINCT a.child_code ORDER BY a.child_code) AS districts
FROM p JOIN area_parents a ON a.parent_code = p.parent_code AND a.child_level = 'district'
GROUP BY p.parent_code, p.parent_level`,
    [district],
  );
}

export async function countyDistricts(
  store: Store,
  district: string,
): Promise<{ group: string; level: string; districts: string[] } | null> {
  const row = await firstRowOf(store, countyDistrictsQuery(district));
  return row ? { group: row.parent_code, level: row.parent_level, districts: row.districts } : null;
}

/**
 * County (or force) ranks: every district of the group compared and ranked.
 * Pass `districts` to rank a given list instead of the group found in area_parents.
 */
export async function countyRanks(
  store: Store,
  measure: Measure,
  district: string,
  current: Window,
  previous: Window,
  options: CompareOptions & { districts?: readonly string[] } = {},
): Promise<GroupRanking | null> {
  const group = options.districts
    ? { group: 'given list', level: 'list', districts: [...options.districts] }
    : await countyDistricts(store, district);
  if (!group) return null;
  const results = rankComparisons(await compareMeasure(store, measure, group.districts, current, previous, options));
  return { ...group, results };
}
