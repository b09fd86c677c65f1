import type { Store } from '../../store/db.ts';
import type { Assessment } from '../schema.ts';
import type { Group } from './areas.ts';
import { ETHNIC_GROUPS, ethnicGroupLabel, parseAgeBand, type AgeBand } from '../../core/population-measures.ts';

interface Row {
  area_code: string;
  year: number;
  measure: string;
  value: number;
}

/**
 * One age profile from the bands loaded for one year: a chain of bands from 0, each starting where
 * the last ended, up to an open-ended band; of the chains possible, the one with most bands (a census
 * table often holds both five-year and broad bands: this takes the five-year ones, and the broad ones
 * when the five-year set is incomplete). Never overlapping bands; empty when no chain exists.
 */
export function agePartition(measures: readonly string[]): string[] {
  const bands = measures.map(parseAgeBand).filter((b): b is AgeBand => b !== null);
  const best = new Map<number, string[] | null>();
  const from = (at: number): string[] | null => {
    if (best.has(at)) return best.get(at)!;
    let chosen: string[] | null = null;
    for (const b of bands.filter((x) => x.from === at)) {
      const rest = b.to === null ? [] : b.to >= at ? from(b.to + 1) : null;
      if (rest !== null && (chosen === null || rest.length + 1 > chosen.length)) chosen = [b.measure, ...rest];
    }
    best.set(at, chosen);
    return chosen;
  };
  return from(0) ?? [];
}

/**
 * Population and households of the district (latest year up to the period's and the earliest loaded,
 * with the change between them), the county's (its own figure, else the sum of its districts'),
 * the age profile (agePartition) and the ethnic groups, as shares of the district and of the county
 * in the same year.
 */
export async function backgroundOf(
  store: Store,
  district: string,
  group: Group,
  year: number,
): Promise<Assessment['background']> {
  const codes = [...new Set([district, ...group.districts, ...(group.area ? [group.area.code] : [])])];
  const rows = await store.all<Row & Record<string, unknown>>({
    sql: `SELECT area_code, year, measure, sum(value) AS value FROM population WHERE area_code IN (${codes.map(() => '?').join(', ')}) GROUP BY ALL ORDER BY year`,
    params: codes,
  });
  const pick = (code: string, measure: string, y: number): Row | undefined =>
    rows.filter((r) => r.area_code === code && r.measure === measure && r.year <= y).at(-1) ??
    rows.find((r) => r.area_code === code && r.measure === measure);
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
  const valueIn = (code: string, measure: string, y: number): number | null =>
    rows.find((r) => r.area_code === code && r.measure === measure && r.year === y)?.value ?? null;
  const countyIn = (measure: string, y: number): number | null => {
    if (group.area) {
      const own = valueIn(group.area.code, measure, y);
      if (own !== null) return own;
    }
    if (group.districts.length < 2) return null;
    const parts = group.districts.map((d) => valueIn(d, measure, y));
    return parts.every((p) => p !== null) ? parts.reduce<number>((s, p) => s + p!, 0) : null;
  };
  /**
   * A profile (age bands, ethnic groups): the measures `choose` keeps of one year's, in the latest
   * year up to the period's that has them (else the earliest), each as a share of their total, for
   * the district and for the county in the same year.
   */
  const profile = (isPart: (measure: string) => boolean, choose: (measures: string[]) => string[]) => {
    const own = rows.filter((r) => r.area_code === district && isPart(r.measure));
    const years = [...new Set(own.map((r) => r.year))].sort((x, y) => y - x);
    const of = (y: number) => choose(own.filter((r) => r.year === y).map((r) => r.measure));
    const chosenYear =
      years.find((y) => y <= year && of(y).length > 0) ?? [...years].reverse().find((y) => of(y).length > 0) ?? null;
    if (chosenYear === null) return [];
    const parts = of(chosenYear);
    const values = parts.map((m) => valueIn(district, m, chosenYear) ?? 0);
    const total = values.reduce((s, v) => s + v, 0);
    const countyValues = parts.map((m) => countyIn(m, chosenYear));
    const countyTotal = countyValues.every((v) => v !== null) ? countyValues.reduce<number>((s, v) => s + v!, 0) : null;
    return parts.map((measure, i) => {
      const c = countyValues[i] ?? null;
      return {
        measure,
        year: chosenYear,
        value: values[i]!,
        share: total > 0 ? values[i]! / total : 0,
        countyShare: c !== null && countyTotal ? c / countyTotal : null,
      };
    });
  };
  const ages = profile((m) => parseAgeBand(m) !== null, agePartition);
  const ethnicity = profile(
    (m) => ethnicGroupLabel(m) !== null,
    (measures) =>
      measures.length >= 2 ? ETHNIC_GROUPS.map(([id]) => `ethnicity:${id}`).filter((m) => measures.includes(m)) : [],
  );
  return {
    population: pop
      ? {
          year: pop.year,
          value: pop.value,
          previousYear: first && first.year !== pop.year ? first.year : null,
          previousValue: first && first.year !== pop.year ? first.value : null,
          pctChange:
            first && first.year !== pop.year && first.value > 0
              ? (100 * (pop.value - first.value)) / first.value
              : null,
        }
      : null,
    households: hh ? { year: hh.year, value: hh.value } : null,
    county:
      group.area || group.districts.length > 1
        ? {
            population: countyPop,
            households: countyValue('households'),
            share: countyPop && pop ? pop.value / countyPop : null,
          }
        : null,
    ageBands: ages.map(({ measure, ...rest }) => ({ band: measure, ...rest })),
    ethnicity: ethnicity.map(({ measure, ...rest }) => ({ group: measure, ...rest })),
  };
}
