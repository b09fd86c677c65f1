import type { Store } from '../../store/db.ts';
import { inSet } from './sql.ts';
import { query, rowsOf, type Query } from './query.ts';
import {
  pickDenominators,
  type Denominator,
  type DenominatorKind,
  type DenominatorRow,
} from '../build/denominators.ts';

export type { Denominator, DenominatorKind } from '../build/denominators.ts';

/**
 * Figures per area and year: the area's own, else the sum of its LSOAs' (via the LSOA lookup,
 * for districts and wards), flagged `derived`.
 */
export function denominatorsQuery(areaCodes: readonly string[], kind: DenominatorKind): Query<DenominatorRow> {
  const set = inSet(areaCodes.length);
  return query(
    `WITH own AS (
            SELECT area_code, year, sum(value) AS value, false AS derived FROM population
            WHERE measure = ? AND area_code IN ${set} GROUP BY area_code, year),
          parts AS (
            SELECT l.area_code, p.year, sum(p.value) AS value, true AS derived
            FROM (SELECT lsoa, district AS area_code FROM lsoa_lookup WHERE district IN ${set}
                  UNION ALL SELECT lsoa, ward FROM lsoa_lookup WHERE ward IN ${set}) l
            JOIN population p ON p.area_code = l.lsoa AND p.measure = ?
            GROUP BY l.area_code, p.year)
          SELECT * FROM own
          UNION ALL SELECT * FROM parts WHERE NOT EXISTS (SELECT 1 FROM own WHERE own.area_code = parts.area_code)
          ORDER BY area_code, year`,
    [kind, ...areaCodes, ...areaCodes, ...areaCodes, kind],
  );
}

/** Population or households per area for `year` (pickDenominators over denominatorsQuery). */
export async function denominators(
  store: Store,
  areaCodes: readonly string[],
  year: number,
  kind: DenominatorKind,
): Promise<Map<string, Denominator>> {
  if (areaCodes.length === 0) return new Map();
  return pickDenominators(await rowsOf(store, denominatorsQuery(areaCodes, kind)), year, kind);
}

export async function denominator(
  store: Store,
  area: string,
  year: number,
  kind: DenominatorKind,
): Promise<Denominator | null> {
  return (await denominators(store, [area], year, kind)).get(area) ?? null;
}

/**
 * A per-run memo of denominators (an assessment asks for the same figures for every measure).
 * Keep one for a single run only: it does not see later imports.
 */
export function denominatorMemo(
  store: Store,
): (areaCodes: readonly string[], year: number, kind: DenominatorKind) => Promise<Map<string, Denominator>> {
  const memo = new Map<string, Promise<Map<string, Denominator>>>();
  return (areaCodes, year, kind) => {
    const key = `${kind}|${year}|${[...areaCodes].sort().join(',')}`;
    let hit = memo.get(key);
    if (!hit) {
      hit = denominators(store, areaCodes, year, kind);
      memo.set(key, hit);
    }
    return hit;
  };
}
