import type { County } from './geography.ts';
import { blockRing, cellCentre } from './geography.ts';
import type { PopulationTable } from './population.ts';
import { sumOver } from './population.ts';
import { columnName } from './codes.ts';
import { csvLine } from '../core/csv.ts';

/**
 * Reference data in the forms ONS and the force publish: the LSOA → ward → district → CSP →
 * county / fire / force lookup (with LSOA centroids), the force's beat lookup, boundaries per level
 * as GeoJSON with ONS-style properties, and mid-year population with households per year.
 */
export function geographyLookupCsv(county: County): string {
  const header = [
    columnName('lsoa', 'CD'),
    columnName('lsoa', 'NM'),
    columnName('ward', 'CD'),
    columnName('ward', 'NM'),
    columnName('district', 'CD'),
    columnName('district', 'NM'),
    columnName('csp', 'CD'),
    columnName('csp', 'NM'),
    columnName('county', 'CD'),
    columnName('county', 'NM'),
    columnName('fire', 'CD'),
    columnName('fire', 'NM'),
    columnName('force', 'CD'),
    columnName('force', 'NM'),
    'LAT',
    'LONG',
  ];
  const lines = [csvLine(['FID', ...header])];
  for (const lsoa of county.lsoas) {
    const ward = county.wards[lsoa.ward]!;
    const district = county.districts[lsoa.district]!;
    const [lon, lat] = cellCentre(county.lattice, lsoa.cell);
    lines.push(
      csvLine([
        lsoa.index + 1,
        lsoa.code,
        lsoa.name,
        ward.code,
        ward.name,
        district.code,
        district.name,
        district.cspCode,
        district.name,
        county.code,
        county.name,
        county.fire.code,
        county.fire.name,
        county.force.code,
        county.force.name,
        lat,
        lon,
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The force's beats: one per ward, coded district letter + sector + letter (e.g. A1A, the first town-centre beat). */
export function beatLookupCsv(county: County): string {
  const lines = [
    csvLine([
      columnName('beat', 'CD'),
      columnName('beat', 'NM'),
      columnName('ward', 'CD'),
      columnName('ward', 'NM'),
      columnName('district', 'CD'),
      columnName('district', 'NM'),
    ]),
  ];
  for (const ward of county.wards) {
    const district = county.districts[ward.district]!;
    lines.push(csvLine([ward.beat, ward.name, ward.code, ward.name, district.code, district.name]));
  }
  return `${lines.join('\n')}\n`;
}

type Level = 'lsoa' | 'ward' | 'district';

/** A GeoJSON FeatureCollection of one level, properties named as ONS names them. */
export function boundariesGeoJson(county: County, level: Level): string {
  const features: string[] = [];
  const feature = (properties: Record<string, string | number>, ring: [number, number][]): string =>
    JSON.stringify({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [ring] } });
  if (level === 'lsoa') {
    for (const lsoa of county.lsoas) {
      const ward = county.wards[lsoa.ward]!;
      features.push(
        feature(
          {
            [columnName('lsoa', 'CD')]: lsoa.code,
            [columnName('lsoa', 'NM')]: lsoa.name,
            [columnName('ward', 'CD')]: ward.code,
          },
          blockRing(county.lattice, { i: lsoa.cell.i, j: lsoa.cell.j, w: 1, h: 1 }),
        ),
      );
    }
  } else if (level === 'ward') {
    for (const ward of county.wards) {
      features.push(
        feature(
          {
            [columnName('ward', 'CD')]: ward.code,
            [columnName('ward', 'NM')]: ward.name,
            [columnName('district', 'CD')]: county.districts[ward.district]!.code,
          },
          blockRing(county.lattice, ward.block),
        ),
      );
    }
  } else {
    for (const district of county.districts) {
      features.push(
        feature(
          { [columnName('district', 'CD')]: district.code, [columnName('district', 'NM')]: district.name },
          blockRing(county.lattice, district.block),
        ),
      );
    }
  }
  const name = `${level}${level === 'lsoa' ? '21' : '25'}`;
  return `{"type":"FeatureCollection","name":"${name}","features":[\n${features.join(',\n')}\n]}\n`;
}

/** The age bands of the synthetic population, as ONS headers name them (the importer reads them as age:0-15 …). */
const AGE_BANDS = ['Aged 0 to 15', 'Aged 16 to 24', 'Aged 25 to 44', 'Aged 45 to 64', 'Aged 65 and over'] as const;

/**
 * An LSOA's residents by age band: near England's profile (about 19% under 16, 19% 65 and over),
 * younger in town centres (students and young workers) and older in the countryside, with a fixed
 * small twist per LSOA so that no two are alike. Deterministic: no random draws, so the other
 * streams of the generator are unchanged. The bands add up to the population.
 */
export function ageSplit(population: number, urban: number, index: number): number[] {
  const twist = (k: number) => 0.012 * Math.sin(index * 12.9898 + k * 78.233);
  const shares = [0.19 + 0.01 * urban, 0.09 + 0.05 * urban, 0.23 + 0.07 * urban, 0.27 - 0.04 * urban].map(
    (x, k) => x + twist(k),
  );
  const counts = shares.map((x) => Math.round(population * x));
  counts.push(population - counts.reduce((a, b) => a + b, 0));
  return counts;
}

/** The census's five broad ethnic groups, headed as the 2021 census tables head them. */
const ETHNIC_GROUPS = [
  'Ethnic group: White',
  'Ethnic group: Mixed or Multiple ethnic groups',
  'Ethnic group: Asian, Asian British or Asian Welsh',
  'Ethnic group: Black, Black British, Black Welsh, Caribbean or African',
  'Ethnic group: Other ethnic group',
] as const;

/**
 * An LSOA's residents by broad ethnic group: mostly White in the countryside (about 95%), more
 * diverse in town centres (about 70%), as in English shire counties; deterministic like ageSplit.
 */
export function ethnicSplit(population: number, urban: number, index: number): number[] {
  const twist = (k: number) => 0.006 * Math.sin(index * 7.233 + k * 41.17);
  const shares = [0.025 + 0.03 * urban, 0.015 + 0.14 * urban, 0.005 + 0.05 * urban, 0.005 + 0.03 * urban].map((x, k) =>
    Math.max(0, x + twist(k)),
  );
  const others = shares.map((x) => Math.round(population * x));
  return [population - others.reduce((a, b) => a + b, 0), ...others];
}

/** Mid-year estimates for one year: LSOAs, wards, districts and the county, with households, age bands and ethnic groups. */
export function populationCsv(county: County, table: PopulationTable, yearIndex: number): string {
  const year = table.years[yearIndex]!;
  const pop = table.population[yearIndex]!;
  const hh = table.households[yearIndex]!;
  const parts = county.lsoas.map((l) => [
    ...ageSplit(pop[l.index]!, l.urban, l.index),
    ...ethnicSplit(pop[l.index]!, l.urban, l.index),
  ]);
  const partsOver = (lsoas: readonly number[]) => parts[0]!.map((_, k) => lsoas.reduce((s, l) => s + parts[l]![k]!, 0));
  const lines = [csvLine(['area_code', 'year', 'population', 'households', ...AGE_BANDS, ...ETHNIC_GROUPS])];
  for (const lsoa of county.lsoas)
    lines.push(csvLine([lsoa.code, year, pop[lsoa.index], hh[lsoa.index], ...parts[lsoa.index]!]));
  for (const ward of county.wards)
    lines.push(csvLine([ward.code, year, sumOver(pop, ward.lsoas), sumOver(hh, ward.lsoas), ...partsOver(ward.lsoas)]));
  for (const district of county.districts)
    lines.push(
      csvLine([
        district.code,
        year,
        sumOver(pop, district.lsoas),
        sumOver(hh, district.lsoas),
        ...partsOver(district.lsoas),
      ]),
    );
  const all = county.lsoas.map((l) => l.index);
  lines.push(csvLine([county.code, year, sumOver(pop, all), sumOver(hh, all), ...partsOver(all)]));
  return `${lines.join('\n')}\n`;
}
