import type { Sql, Store } from '../store/db.ts';
import { inSet } from './counts.ts';

export type DenominatorKind = 'population' | 'households';

export interface Denominator {
  kind: DenominatorKind;
  /** the year of the figure used (stated beside every rate) */
  year: number;
  value: number;
  /** set when no figure for the period's year or earlier exists and a later one is used */
  note?: string;
}

/**
 * Figures per area and year: the area's own, else the sum of its LSOAs' (via the LSOA lookup,
 * for districts and wards), flagged `derived`.
 */
export function denominatorsSql(areaCodes: readonly string[], kind: DenominatorKind): Sql {
  const set = inSet(areaCodes.length);
  return {
    sql: `WITH own AS (
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
    params: [kind, ...areaCodes, ...areaCodes, ...areaCodes, kind],
  };
}

/**
 * Population or households per area for `year`: the latest year ≤ `year` loaded, else the nearest
 * later year (with a note). Areas with no figure at all are absent from the map.
 */
export async function denominators(
  store: Store,
  areaCodes: readonly string[],
  year: number,
  kind: DenominatorKind,
): Promise<Map<string, Denominator>> {
  const out = new Map<string, Denominator>();
  if (areaCodes.length === 0) return out;
  const rows = await store.all<{ area_code: string; year: number; value: number; derived: boolean }>(
    denominatorsSql(areaCodes, kind),
  );
  for (const row of rows) {
    const held = out.get(row.area_code);
    const better =
      !held || (row.year <= year ? held.year > year || row.year > held.year : held.year > year && row.year < held.year);
    if (better && row.value > 0) {
      out.set(row.area_code, {
        kind,
        year: row.year,
        value: row.value,
        ...(row.year > year || row.derived
          ? {
              note: [
                row.year > year ? `no ${kind} figure for ${year} or earlier: ${row.year} used` : '',
                row.derived ? `${kind} summed from the LSOA figures loaded` : '',
              ]
                .filter(Boolean)
                .join('; '),
            }
          : {}),
      });
    }
  }
  return out;
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
