import type { Sql, Store } from '../store/db.ts';

export type DenominatorKind = 'population' | 'households';

export interface Denominator {
  kind: DenominatorKind;
  /** the year of the figure used (stated beside every rate) */
  year: number;
  value: number;
  /** set when no figure for the period's year or earlier exists and a later one is used */
  note?: string;
}

export function denominatorsSql(areaCodes: readonly string[], kind: DenominatorKind): Sql {
  return {
    sql: `SELECT area_code, year, sum(value) AS value FROM population
          WHERE measure = ? AND area_code IN (${areaCodes.map(() => '?').join(', ')})
          GROUP BY area_code, year ORDER BY area_code, year`,
    params: [kind, ...areaCodes],
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
  const rows = await store.all<{ area_code: string; year: number; value: number }>(denominatorsSql(areaCodes, kind));
  for (const row of rows) {
    const held = out.get(row.area_code);
    const better = !held || (row.year <= year ? held.year > year || row.year > held.year : held.year > year && row.year < held.year);
    if (better && row.value > 0) {
      out.set(row.area_code, {
        kind,
        year: row.year,
        value: row.value,
        ...(row.year > year ? { note: `no ${kind} figure for ${year} or earlier: ${row.year} used` } : {}),
      });
    }
  }
  return out;
}

export async function denominator(store: Store, area: string, year: number, kind: DenominatorKind): Promise<Denominator | null> {
  return (await denominators(store, [area], year, kind)).get(area) ?? null;
}
