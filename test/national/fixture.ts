import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monthRange } from '../../src/core/periods/index.ts';
import { STREET_HEADER } from '../helpers/police-uk-fixture.ts';

/**
 * A small multi-force fixture written by the test itself (docs/national.md, tests):
 *
 * - force Alpha (E23900001, region E12000006): districts Ashdown and Brookmere (one CSP, "Ashdown
 *   and Brookmere", E22900001) and Carrow (CSP E22900002);
 * - force Beta (E23900002, region E12000008): Dunmore (CSP E22900003) and Elmfield (E22900004);
 * - force Gamma (E23900003): Fenwick (CSP E22900005), whose own data is never loaded;
 * - two LSOAs per district, each its own ward; the 2011 → 2021 crosswalk splits E01900001 (2021
 *   code E01900901) and merges E01900007 and E01900008 (wards E05900007 and E05900008) into E01900902;
 * - 24 months 2021-01..2022-12. Alpha writes E01900901 from 2022-07 (2021 codes); Beta writes
 *   E01900902 for the merged pair from 2022-01. Beta's 2022-06 holds a fifth of its rows
 *   (partial). Beta's files also hold strays: 2 rows a month in Carrow (Alpha's) and 3 in Fenwick.
 */

export interface FixtureRow {
  force: string;
  month: string;
  /** the code written in the file */
  lsoa: string;
  /** the 2011 LSOA the row lies in */
  lsoa11: string;
}

export const FORCES = { alpha: 'Alpha Police', beta: 'Beta Police' } as const;

export const LSOAS = Array.from({ length: 12 }, (_, i) => `E019${String(i + 1).padStart(5, '0')}`);
export const WARD_OF = new Map(LSOAS.map((l, i) => [l, `E059${String(i + 1).padStart(5, '0')}`]));
export const DISTRICTS = [
  {
    code: 'E07900001',
    name: 'Ashdown',
    csp: 'E22900001',
    cspName: 'Ashdown and Brookmere',
    pfa: 'E23900001',
    pfaName: 'Alpha',
    region: 'E12000006',
    regionName: 'East of Somewhere',
  },
  {
    code: 'E07900002',
    name: 'Brookmere',
    csp: 'E22900001',
    cspName: 'Ashdown and Brookmere',
    pfa: 'E23900001',
    pfaName: 'Alpha',
    region: 'E12000006',
    regionName: 'East of Somewhere',
  },
  {
    code: 'E07900003',
    name: 'Carrow',
    csp: 'E22900002',
    cspName: 'Carrow',
    pfa: 'E23900001',
    pfaName: 'Alpha',
    region: 'E12000006',
    regionName: 'East of Somewhere',
  },
  {
    code: 'E07900004',
    name: 'Dunmore',
    csp: 'E22900003',
    cspName: 'Dunmore',
    pfa: 'E23900002',
    pfaName: 'Beta',
    region: 'E12000008',
    regionName: 'South of Somewhere',
  },
  {
    code: 'E07900005',
    name: 'Elmfield',
    csp: 'E22900004',
    cspName: 'Elmfield',
    pfa: 'E23900002',
    pfaName: 'Beta',
    region: 'E12000008',
    regionName: 'South of Somewhere',
  },
  {
    code: 'E07900006',
    name: 'Fenwick',
    csp: 'E22900005',
    cspName: 'Fenwick',
    pfa: 'E23900003',
    pfaName: 'Gamma',
    region: 'E12000008',
    regionName: 'South of Somewhere',
  },
] as const;
/** the 2011 LSOAs of each district, two each in order */
export const DISTRICT_OF = new Map(LSOAS.map((l, i) => [l, DISTRICTS[Math.floor(i / 2)]!.code]));
export const POPULATION = new Map(LSOAS.map((l, i) => [l, 1000 + 150 * i]));
export const MONTHS = monthRange('2021-01', '2022-12');
export const PARTIAL = { force: FORCES.beta, month: '2022-06' };
export const SPLIT = { from: 'E01900001', to: 'E01900901', from2021: '2022-07' };
export const MERGED = { from: ['E01900007', 'E01900008'], to: 'E01900902', from2021: '2022-01' };

/** The rows the fixture's street files hold, generated the same way the files are. */
export function fixtureRows(): FixtureRow[] {
  const rows: FixtureRow[] = [];
  MONTHS.forEach((month, mi) => {
    LSOAS.forEach((lsoa11, i) => {
      const district = DISTRICT_OF.get(lsoa11)!;
      const force = ['E07900001', 'E07900002', 'E07900003'].includes(district)
        ? FORCES.alpha
        : ['E07900004', 'E07900005'].includes(district)
          ? FORCES.beta
          : null;
      if (!force) return;
      let n = 5 + 2 * i + (mi % 3);
      if (force === PARTIAL.force && month === PARTIAL.month) n = Math.max(1, Math.floor(n / 5));
      let code = lsoa11;
      if (lsoa11 === SPLIT.from && month >= SPLIT.from2021) code = SPLIT.to;
      if (MERGED.from.includes(lsoa11) && month >= MERGED.from2021) code = MERGED.to;
      for (let k = 0; k < n; k++) rows.push({ force, month, lsoa: code, lsoa11 });
    });
    // Beta's strays: in Carrow (Alpha's district) and in Fenwick (Gamma's, never loaded)
    const strays = month === PARTIAL.month ? 0 : 1;
    for (let k = 0; k < 2 * strays; k++)
      rows.push({ force: FORCES.beta, month, lsoa: 'E01900005', lsoa11: 'E01900005' });
    for (let k = 0; k < 3 * strays; k++)
      rows.push({ force: FORCES.beta, month, lsoa: 'E01900011', lsoa11: 'E01900011' });
  });
  return rows;
}

/** Writes the lookups, population and one street file per force and month; returns every path (reference data first). */
export function writeFixture(dir: string): string[] {
  const paths: string[] = [];
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    paths.push(path);
  };
  write(
    'lsoa11-ward19-lad19.csv',
    [
      'LSOA11CD,LSOA11NM,WD19CD,WD19NM,LAD19CD,LAD19NM',
      ...LSOAS.map((l, i) => {
        const d = DISTRICTS.find((x) => x.code === DISTRICT_OF.get(l))!;
        return `${l},${d.name} 00${(i % 2) + 1}A,${WARD_OF.get(l)},${d.name} ward ${(i % 2) + 1},${d.code},${d.name}`;
      }),
    ].join('\n') + '\n',
  );
  write(
    'lad19-csp19-pfa19.csv',
    [
      'LAD19CD,LAD19NM,CSP19CD,CSP19NM,PFA19CD,PFA19NM',
      ...DISTRICTS.map((d) => `${d.code},${d.name},${d.csp},${d.cspName},${d.pfa},${d.pfaName}`),
    ].join('\n') + '\n',
  );
  write(
    'lad19-rgn19.csv',
    [
      'LAD19CD,LAD19NM,RGN19CD,RGN19NM',
      ...DISTRICTS.map((d) => `${d.code},${d.name},${d.region},${d.regionName}`),
    ].join('\n') + '\n',
  );
  write(
    'lsoa11-lsoa21-lad22.csv',
    [
      'LSOA11CD,LSOA11NM,LSOA21CD,LSOA21NM,LAD22CD,LAD22NM',
      ...LSOAS.map((l) => {
        const d = DISTRICTS.find((x) => x.code === DISTRICT_OF.get(l))!;
        const to = l === SPLIT.from ? SPLIT.to : MERGED.from.includes(l) ? MERGED.to : l;
        return `${l},${d.name} x,${to},${d.name} y,${d.code},${d.name}`;
      }),
    ].join('\n') + '\n',
  );
  write(
    'lsoa-population-mid2019.csv',
    ['area_code,year,population', ...LSOAS.map((l) => `${l},2019,${POPULATION.get(l)}`)].join('\n') + '\n',
  );
  const rows = fixtureRows();
  let id = 0;
  for (const force of Object.values(FORCES)) {
    for (const month of MONTHS) {
      const lines = rows
        .filter((r) => r.force === force && r.month === month)
        .map((r) =>
          [
            `c${(++id).toString(16).padStart(8, '0')}`,
            month,
            force,
            force,
            '-1.000000',
            '52.000000',
            'On or near Main Street',
            r.lsoa,
            'Somewhere 001A',
            'Burglary',
            'Under investigation',
            '',
          ].join(','),
        );
      write(`${month}-${force.split(' ')[0]!.toLowerCase()}-street.csv`, [STREET_HEADER, ...lines].join('\n') + '\n');
    }
  }
  return paths;
}
