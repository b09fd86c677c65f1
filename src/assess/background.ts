import type { Store } from '../store/db.ts';
import type { Assessment } from './schema.ts';
import type { Group } from './context.ts';

interface Row {
  area_code: string;
  year: number;
  measure: string;
  value: number;
}

/**
 * Population and households of the district (latest year up to the period's and the earliest loaded,
 * with the change between them), the county's (its own figure, else the sum of its districts'),
 * and any further population measures loaded (age bands …) as shares against the county's.
 */
export async function backgroundOf(store: Store, district: string, group: Group, year: number): Promise<Assessment['background']> {
  const codes = [...new Set([district, ...group.districts, ...(group.area ? [group.area.code] : [])])];
  const rows = await store.all<Row & Record<string, unknown>>({
    sql: `SELECT area_code, year, measure, sum(value) AS value FROM population WHERE area_code IN (${codes.map(() => '?').join(', ')}) GROUP BY ALL ORDER BY year`,
    params: codes,
  });
  const pick = (code: string, measure: string, y: number): Row | undefined =>
    rows.filter((r) => r.area_code === code && r.measure === measure && r.year <= y).at(-1) ?? rows.find((r) => r.area_code === code && r.measure === measure);
  const pop = pick(district, 'population', year);
  const first = rows.find((r) => r.area_code === district && r.measure === 'population');
  const hh = pick(district, 'households', year);
  const countyValue = (measure: string): number | null => {
    if (group.area) {
      const own = pick(group.area.code, measure, year);
      if (own) return own.value;
    }
    if (group.districts.length < 2) return null;
    const parts = group.districts.map((d) => pick(d, measure, year));
    return parts.every((p) => p !== undefined) ? parts.reduce((s, p) => s + p!.value, 0) : null;
  };
  const countyPop = countyValue('population');
  const bands = [...new Set(rows.filter((r) => r.area_code === district && r.measure !== 'population' && r.measure !== 'households').map((r) => r.measure))];
  return {
    population: pop
      ? {
          year: pop.year,
          value: pop.value,
          previousYear: first && first.year !== pop.year ? first.year : null,
          previousValue: first && first.year !== pop.year ? first.value : null,
          pctChange: first && first.year !== pop.year && first.value > 0 ? (100 * (pop.value - first.value)) / first.value : null,
        }
      : null,
    households: hh ? { year: hh.year, value: hh.value } : null,
    county: group.area || group.districts.length > 1 ? { population: countyPop, households: countyValue('households'), share: countyPop && pop ? pop.value / countyPop : null } : null,
    ageBands: bands.map((band) => {
      const v = pick(district, band, year)!.value;
      const c = countyValue(band);
      return { band, value: v, share: pop ? v / pop.value : 0, countyShare: c !== null && countyPop ? c / countyPop : null };
    }),
  };
}
