import type { Rng } from './rng.ts';
import type { County } from './geography.ts';

/**
 * Mid-year population and households per LSOA and year. Each district grows at its own steady
 * rate (0.3–1.1% a year), LSOAs scatter around it, and a few new-build LSOAs grow fast; household
 * size falls slowly, as in England since 2011.
 */
export interface PopulationTable {
  years: number[];
  /** population[yearOffset][lsoa] */
  population: number[][];
  households: number[][];
}

export function buildPopulation(rng: Rng, county: County, years: readonly number[]): PopulationTable {
  const n = county.lsoas.length;
  const base = new Float64Array(n);
  const growth = new Float64Array(n);
  const householdSize = new Float64Array(n);
  for (const district of county.districts) {
    const r = rng.fork(`district-${district.index}`);
    const rate = r.uniform(0.003, 0.011);
    const shares = district.lsoas.map(() => r.lognormal(0.16));
    const sum = shares.reduce((a, b) => a + b, 0);
    district.lsoas.forEach((l, k) => {
      const lsoa = county.lsoas[l]!;
      base[l] = (district.targetPopulation * shares[k]!) / sum;
      growth[l] = rate + r.normal(0, 0.004) + (r.chance(0.03) ? 0.035 : 0);
      householdSize[l] = 2.55 - 0.35 * lsoa.urban + r.normal(0, 0.08);
    });
  }
  const population: number[][] = [];
  const households: number[][] = [];
  for (const [k, year] of years.entries()) {
    const t = year - years[0]!;
    const pop: number[] = new Array(n);
    const hh: number[] = new Array(n);
    for (let l = 0; l < n; l++) {
      pop[l] = Math.round(base[l]! * (1 + growth[l]!) ** t);
      hh[l] = Math.round(pop[l]! / (householdSize[l]! * (1 - 0.003) ** t));
    }
    population[k] = pop;
    households[k] = hh;
  }
  return { years: [...years], population, households };
}

/** Population of the year a month falls in (the generator's denominators). */
export function populationOf(table: PopulationTable, year: number, lsoa: number): number {
  const k = Math.min(table.years.length - 1, Math.max(0, year - table.years[0]!));
  return table.population[k]![lsoa]!;
}

export function sumOver(values: readonly number[], indices: readonly number[]): number {
  let s = 0;
  for (const i of indices) s += values[i]!;
  return s;
}
