import type { SynthContext } from './context.ts';
import type { Tally } from './context.ts';
import { CRIMES, SPATIAL_GROUPS, type SpatialGroup } from './crime-catalogue.ts';
import { monthKey, yearOf } from './calendar.ts';
import { PlaceNames } from './names.ts';
import { synthCode, columnName } from './codes.ts';
import { csvLine } from '../core/csv.ts';
import { OFFENCE_CODES } from '../core/taxonomy/offence-codes.ts';
import type { TimeProfile } from './profiles.ts';
import { CsvText, type LineSink } from './write.ts';
import { NATIONAL_CSPS } from './options.ts';

/**
 * A national set of fictional Community Safety Partnerships for comparisons: the county's own
 * districts plus enough others to make about 300, grouped into fictional police forces. Each has
 * demographic variables (urban share, deprivation, density, young adults); its crime levels
 * follow them, so partnerships that are alike have alike rates. The most similar group of a
 * district is its 14 nearest partnerships on the standardised variables, plus itself: 15, as in
 * the Home Office's iQuanta families.
 *
 * The county's own districts' counts are the sums of the generated records (as iQuanta counts a
 * force's own records), so comparator and record data agree.
 */
export interface Csp {
  code: string;
  name: string;
  force: { code: string; name: string };
  /** Index of the county district, or null for the rest of the country. */
  district: number | null;
  /** Mid-year population by year (parallel to the population table's years). */
  population: number[];
  households: number[];
  /** Share of residents in urban neighbourhoods, 0–1. */
  urban: number;
  deprivation: number;
  /** log residents per km². */
  density: number;
  /** Standardised share of residents aged 16–24. */
  young: number;
}

export { NATIONAL_CSPS };
export const MSG_SIZE = 15;
const CELL_KM2 = 4.8;
const CSPS_PER_FORCE = 7;

export function buildCsps(ctx: SynthContext, total = NATIONAL_CSPS): Csp[] {
  const { county, population } = ctx;
  const rng = ctx.rng.fork('comparators/csps');
  const names = new PlaceNames(ctx.rng.fork('comparators/names'));
  for (const d of county.districts) names.reserve(d.name);
  const forceNames = new PlaceNames(ctx.rng.fork('comparators/force-names'));
  const csps: Csp[] = county.districts.map((d) => {
    const pops = population.years.map((_, k) => d.lsoas.reduce((s, l) => s + population.population[k]![l]!, 0));
    const hh = population.years.map((_, k) => d.lsoas.reduce((s, l) => s + population.households[k]![l]!, 0));
    const urbanPop = d.lsoas.reduce(
      (s, l) => s + (county.lsoas[l]!.urban >= 0.3 ? population.population[0]![l]! : 0),
      0,
    );
    return {
      code: d.cspCode,
      name: d.name,
      force: county.force,
      district: d.index,
      population: pops,
      households: hh,
      urban: urbanPop / pops[0]!,
      deprivation: d.lsoas.reduce((s, l) => s + county.lsoas[l]!.deprivation, 0) / d.lsoas.length,
      density: Math.log(pops[0]! / (d.lsoas.length * CELL_KM2)),
      young: rng.normal(0, 1),
    };
  });
  const others = Math.max(0, total - csps.length);
  const forces = Math.ceil(others / CSPS_PER_FORCE);
  const forceList = Array.from({ length: forces }, (_, f) => ({
    code: synthCode('force', f + 2),
    name: `${forceNames.town()} ${rng.pick(['Police', 'Constabulary', 'Police', 'Constabulary', 'Police Service'])}`,
  }));
  for (let c = 0; c < others; c++) {
    const urban = Math.min(1, Math.max(0.03, rng.next() ** 0.8));
    const size = Math.round(
      Math.min(700_000, Math.max(45_000, 135_000 * rng.lognormal(0.45) * Math.exp(0.5 * (urban - 0.5)))),
    );
    const growth = rng.uniform(0.001, 0.012);
    const hhSize = 2.45 - 0.2 * urban + rng.normal(0, 0.06);
    csps.push({
      code: synthCode('csp', county.districts.length + c + 1),
      name: names.district(),
      force: forceList[Math.floor(c / CSPS_PER_FORCE)]!,
      district: null,
      population: population.years.map((_, k) => Math.round(size * (1 + growth) ** k)),
      households: population.years.map((_, k) => Math.round((size * (1 + growth) ** k) / (hhSize * (1 - 0.003) ** k))),
      urban,
      deprivation: rng.normal(0.25 * (urban - 0.5), 0.5),
      density: 4 + 3 * urban + rng.normal(0, 0.4),
      young: rng.normal(0, 1),
    });
  }
  return csps;
}

/** The 15 most similar partnerships (the district itself first) for each county district. */
export function mostSimilar(csps: readonly Csp[]): Map<number, Csp[]> {
  const vars = (c: Csp): number[] => [c.urban, c.deprivation, c.density, c.young, Math.log(c.population[0]!)];
  const rows = csps.map(vars);
  const k = rows[0]!.length;
  const mean = Array.from({ length: k }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / rows.length);
  const sd = Array.from(
    { length: k },
    (_, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / rows.length) || 1,
  );
  // Weights as in the Home Office method: urbanity and deprivation count most.
  const weight = [1.5, 1.5, 1, 0.7, 0.5];
  const z = rows.map((r) => r.map((x, j) => ((x - mean[j]!) / sd[j]!) * weight[j]!));
  const out = new Map<number, Csp[]>();
  csps.forEach((c, i) => {
    if (c.district === null) return;
    const ranked = csps
      .map((other, j) => ({ other, d: Math.hypot(...z[i]!.map((x, t) => x - z[j]![t]!)) }))
      .sort((a, b) => a.d - b.d || a.other.code.localeCompare(b.other.code));
    out.set(
      c.district,
      ranked.slice(0, MSG_SIZE).map((r) => r.other),
    );
  });
  return out;
}

export interface ComparatorOutput {
  populationCsv: string;
  lookupCsv: string;
  peersCsv: string;
  countRows: number;
  peers: Map<number, Csp[]>;
}

export const COMPARATOR_HEADER = ['area_code', 'area_name', 'category', 'offence_code', 'period', 'count'];

const TYPE_OF = new Map(OFFENCE_CODES.map((o) => [o.code, o.policeUkType as string]));

/**
 * Monthly counts by crime type and offence code for every partnership, and 'Anti-social
 * behaviour'. Rows with a count of 0 are left out (absent means none).
 */
export function buildComparatorFiles(
  ctx: SynthContext,
  csps: readonly Csp[],
  crimeTally: Tally,
  asbByWard: Tally,
  peerGroupName: string,
  counts: LineSink,
): ComparatorOutput {
  const { county, time, first, last } = ctx;
  const rng = ctx.rng.fork('comparators/counts');
  const text = new CsvText();
  const categories = CRIMES.map((e) => text.cell(TYPE_OF.get(e.code) ?? 'Other crime'));
  const daySums = (m: number): number[] => CRIMES.map((e) => monthSum(ctx, e.time, m));
  const sums = Array.from({ length: last - first + 1 }, (_, k) => daySums(first + k));
  let countRows = 0;
  const mid = (first + last) / 2;
  const groups = Object.keys(SPATIAL_GROUPS) as SpatialGroup[];
  for (const csp of csps) {
    const r = rng.fork(csp.code);
    const overall = r.lognormal(0.1);
    const factor = new Map<SpatialGroup, number>();
    const slope = new Map<SpatialGroup, number>();
    for (const g of groups) {
      const spec = SPATIAL_GROUPS[g];
      const young = g === 'violence' || g === 'asb' || g === 'damage' || g === 'publicOrder' ? 0.08 * csp.young : 0;
      factor.set(
        g,
        overall *
          Math.exp(0.9 * spec.urban * (csp.urban - 0.5) + 1.2 * spec.deprivation * csp.deprivation + young) *
          r.lognormal(0.12),
      );
      slope.set(g, r.normal(0, 0.025));
    }
    const wards = csp.district === null ? [] : county.districts[csp.district]!.wards;
    const prefix = `${csp.code},${text.cell(csp.name)},`;
    const entryFactor = CRIMES.map((e) => factor.get(e.group)!);
    const entrySlope = CRIMES.map((e) => (e.trend ?? SPATIAL_GROUPS[e.group].trend) + slope.get(e.group)!);
    for (let m = first; m <= last; m++) {
      const period = monthKey(m);
      const pop =
        csp.district === null
          ? csp.population[Math.min(csp.population.length - 1, yearOf(m) - ctx.population.years[0]!)]!
          : 0;
      const emit = (category: string, code: string, count: number): void => {
        if (count === 0) return;
        counts.push(`${prefix}${category},${code},${period},${count}`);
        countRows++;
      };
      const monthSums = sums[m - first]!;
      const perDay = pop / 1000 / 365.25;
      const years = (m - mid) / 12;
      for (let ci = 0; ci < CRIMES.length; ci++) {
        const entry = CRIMES[ci]!;
        let count: number;
        if (csp.district !== null) {
          count = 0;
          for (const w of wards) count += crimeTally.get(w, m - first, ci);
        } else {
          count = r.poisson(
            perDay * entry.rate * monthSums[ci]! * entryFactor[ci]! * Math.exp(entrySlope[ci]! * years),
          );
        }
        emit(categories[ci]!, entry.code, count);
      }
      let asb: number;
      if (csp.district !== null) {
        asb = 0;
        for (const w of wards) asb += asbByWard.get(w, m - first, 0);
      } else {
        const trend = Math.exp((SPATIAL_GROUPS.asb.trend + slope.get('asb')!) * ((m - mid) / 12));
        asb = r.poisson((((pop / 1000) * 20) / 365.25) * time.month('asb', m).sum * factor.get('asb')! * trend);
      }
      emit('Anti-social behaviour', '', asb);
    }
  }

  const years = ctx.population.years;
  const popLines = [csvLine(['area_code', 'year', 'population', 'households'])];
  for (const csp of csps)
    years.forEach((y, k) => popLines.push(csvLine([csp.code, y, csp.population[k], csp.households[k]])));

  const lookupLines = [
    csvLine([columnName('csp', 'CD'), columnName('csp', 'NM'), columnName('force', 'CD'), columnName('force', 'NM')]),
  ];
  for (const csp of csps)
    if (csp.district === null) lookupLines.push(csvLine([csp.code, csp.name, csp.force.code, csp.force.name]));

  const peers = mostSimilar(csps);
  const peerLines = [csvLine(['area_code', 'peer_code', 'position', 'group_name'])];
  for (const [d, group] of peers) {
    const own = county.districts[d]!.cspCode;
    group.forEach((p, i) => peerLines.push(csvLine([own, p.code, i + 1, peerGroupName])));
  }
  return {
    populationCsv: `${popLines.join('\n')}\n`,
    lookupCsv: `${lookupLines.join('\n')}\n`,
    peersCsv: `${peerLines.join('\n')}\n`,
    countRows,
    peers,
  };
}

function monthSum(ctx: SynthContext, profile: TimeProfile, m: number): number {
  return ctx.time.month(profile, m).sum;
}
