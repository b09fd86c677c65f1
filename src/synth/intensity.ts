import type { Rng } from './rng.ts';
import type { County } from './geography.ts';
import type { PopulationTable } from './population.ts';
import { HOTSPOT_OF, SPATIAL_GROUPS, type SpatialGroup } from './crime-catalogue.ts';

/**
 * Where and how much: the multiplier of a kind of event for an LSOA and month, apart from its
 * base rate and its time profile. It combines
 *  - place: towns, deprivation and shops (per spatial group), persistent hotspot wards;
 *  - district: a district effect per group, plus an overall one;
 *  - trend: a long log-linear trend per group, differing a little by district;
 *  - ward-year: a ward's level moves from one assessment year to the next (so rankings change).
 * Place factors are normalised to a population-weighted mean of 1 over the county, so that the
 * catalogue rates are the county's rates in the middle of the window.
 */
/** How much higher a persistent hotspot ward's level is for its kind of crime. */
const HOTSPOT_FACTOR = 2.5;

export class Intensity {
  private readonly place = new Map<SpatialGroup, Float64Array>();
  private readonly night: Float64Array;
  private readonly districtEffect = new Map<SpatialGroup, Float64Array>();
  private readonly districtSlope = new Map<SpatialGroup, Float64Array>();
  private readonly wardYearTable = new Map<SpatialGroup, Float64Array>();
  private readonly blocks: number;

  constructor(
    rng: Rng,
    private readonly county: County,
    population: PopulationTable,
    /** First and last month of the window. */
    private readonly first: number,
    private readonly last: number,
  ) {
    const weights = population.population[0]!;
    const overallRng = rng.fork('overall-district');
    const overall = county.districts.map(() => overallRng.lognormal(0.1));
    this.blocks = Math.floor((last - first) / 12) + 1;
    for (const group of Object.keys(SPATIAL_GROUPS) as SpatialGroup[]) {
      const spec = SPATIAL_GROUPS[group];
      const hotspot = HOTSPOT_OF[group];
      const values = new Float64Array(county.lsoas.length);
      for (const lsoa of county.lsoas) {
        let f =
          Math.exp(spec.urban * (lsoa.urban - 0.35) + spec.deprivation * lsoa.deprivation) *
          (1 + spec.retail * lsoa.retail);
        if (group === 'collision') f *= lsoa.road;
        if (hotspot && county.wards[lsoa.ward]!.hotspots.includes(hotspot)) f *= HOTSPOT_FACTOR;
        values[lsoa.index] = f;
      }
      this.place.set(group, normalise(values, weights));
      const r = rng.fork(`district/${group}`);
      this.districtEffect.set(
        group,
        Float64Array.from(county.districts, (_, d) => overall[d]! * r.lognormal(0.12)),
      );
      this.districtSlope.set(
        group,
        Float64Array.from(county.districts, () => spec.trend + r.normal(0, 0.025)),
      );
      const w = rng.fork(`ward-year/${group}`);
      const table = Float64Array.from({ length: county.wards.length * this.blocks }, () => w.lognormal(0.14));
      this.wardYearTable.set(
        group,
        balanceWithinDistricts(table, county, this.place.get(group)!, weights, this.blocks),
      );
    }
    this.night = normalise(
      Float64Array.from(county.lsoas, (l) => l.nightlife),
      weights,
    );
  }

  /** Place factors of a group, by LSOA. */
  placeOf(group: SpatialGroup): Float64Array {
    return this.place.get(group)!;
  }

  /** The night-time economy's place factors (town centres only), by LSOA. */
  nightPlace(): Float64Array {
    return this.night;
  }

  /** District effect × trend for a group, district and month; `slope` overrides the group trend. */
  districtTrend(group: SpatialGroup, district: number, month: number, slope?: number): number {
    const mid = (this.first + this.last) / 2;
    const years = (month - mid) / 12;
    const own = this.districtSlope.get(group)![district]! - SPATIAL_GROUPS[group].trend;
    return (
      this.districtEffect.get(group)![district]! * Math.exp(((slope ?? SPATIAL_GROUPS[group].trend) + own) * years)
    );
  }

  /**
   * Ward-year factors of a group for the assessment year holding `month`, by ward. Assessment
   * years run back from the last month, so a ward's level changes between the years compared.
   */
  wardYear(group: SpatialGroup, month: number): Float64Array {
    const block = Math.floor((this.last - month) / 12);
    const all = this.wardYearTable.get(group)!;
    return all.subarray(block * this.county.wards.length, (block + 1) * this.county.wards.length);
  }

  /** Everything but the base rate and the time profile, for one LSOA (slow path: tests and one-off use). */
  factor(group: SpatialGroup, lsoa: number, month: number, slope?: number): number {
    const l = this.county.lsoas[lsoa]!;
    return (
      this.placeOf(group)[lsoa]! *
      this.districtTrend(group, l.district, month, slope) *
      this.wardYear(group, month)[l.ward]!
    );
  }
}

/**
 * Ward-year effects move levels between the wards of a district, not the district's total: for
 * each assessment year, a district's factors are scaled to a mean of 1 weighted by where the
 * group's events happen. The district's course is its trend alone.
 */
function balanceWithinDistricts(
  table: Float64Array,
  county: County,
  place: Float64Array,
  population: readonly number[],
  blocks: number,
): Float64Array {
  const wards = county.wards.length;
  for (let b = 0; b < blocks; b++) {
    for (const district of county.districts) {
      let num = 0;
      let den = 0;
      for (const l of district.lsoas) {
        const weight = place[l]! * population[l]!;
        num += table[b * wards + county.lsoas[l]!.ward]! * weight;
        den += weight;
      }
      const mean = den > 0 ? num / den : 1;
      for (const w of district.wards) table[b * wards + w] = table[b * wards + w]! / mean;
    }
  }
  return table;
}

/** Scales values to a weighted mean of 1. */
function normalise(values: Float64Array, weights: readonly number[]): Float64Array {
  let num = 0;
  let den = 0;
  values.forEach((v, i) => {
    num += v * weights[i]!;
    den += weights[i]!;
  });
  const mean = num / den;
  return values.map((v) => (mean > 0 ? v / mean : 0));
}
