/**
 * `safer assess --all csp --end 2022-11` on the real data.police.uk files of the eight south-east
 * forces (2022-01..2022-11; Thames Valley 6 months) with the ONS lookups and the mid-2019 LSOA
 * population: the regional summary holds every CSP of those forces' areas (the count taken from
 * the lookup CSV here), the CSPs spanning several districts are one area whose all-crime count
 * equals an independent count of the CSV rows of its districts, and national ranks are given over
 * the months every CSP holds. Only the all-crime measure is assessed, to keep the test short.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { Store } from '../../src/store/db.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { loadConfig } from '../../src/assess/config.ts';
import { assessPartnerships } from '../../src/national/run.ts';
import { monthRange } from '../../src/core/periods/index.ts';
import { SKIP_NO_SHARED, sharedPath } from '../helpers/shared-data.ts';
import { readPlainCsv } from '../helpers/plain-csv.ts';
import { independentCounts } from '../helpers/police-uk-independent.ts';

const FORCES = ['Bedfordshire', 'Cambridgeshire', 'Essex', 'Hampshire', 'Kent', 'Surrey', 'Sussex', 'Thames Valley'];

test(
  'assess --all csp on the eight south-east forces: a regional summary of every CSP they cover',
  { skip: SKIP_NO_SHARED, timeout: 2_400_000 },
  async () => {
    const dir = sharedPath('police-uk', 'south-east-2022');
    const lookup = sharedPath('ons', 'lsoa11-ward19-lad19.csv.gz');
    const lad = sharedPath('ons', 'lad19-csp19-pfa19.csv');
    const population = sharedPath('ons', 'lsoa11-population-mid2019-noheader.csv.gz');
    const store = await Store.open(':memory:');
    try {
      await importPaths(store, [lookup, lad, sharedPath('ons', 'lad-all-codes.csv')]);
      await importPaths(store, [population], { columns: ['code', 'population'], year: 2019 });
      await importPaths(store, [dir]);
      const config = loadConfig();
      const { set, summary } = await assessPartnerships(store, undefined, true, {
        config: { ...config, measures: ['all-crime'] },
        end: '2022-11',
        now: new Date('2026-01-01T00:00:00Z'),
      });

      // independently: the CSPs of the eight force areas in the lookup
      const [h, ...ladRows] = readPlainCsv(lad);
      const col = (n: string) => h!.indexOf(n);
      const inForces = ladRows.filter((r) => FORCES.includes(r[col('PFA19NM')]!));
      const csps = [...new Set(inForces.map((r) => r[col('CSP19CD')]!))].sort();
      assert.equal(csps.length, 87);
      assert.ok(summary);
      assert.equal(summary.partnerships, csps.length);
      assert.deepEqual(summary.rows.map((r) => r.code).sort(), csps);
      assert.deepEqual(set.notCovered, []);

      // the CSPs of several districts: one area each, counted over their districts' rows
      const districtsOf = new Map<string, string[]>();
      for (const r of inForces)
        districtsOf.set(r[col('CSP19CD')]!, [...(districtsOf.get(r[col('CSP19CD')]!) ?? []), r[col('LAD19CD')]!]);
      const multi = [...districtsOf]
        .filter(([, ds]) => ds.length > 1)
        .map(([c]) => c)
        .sort();
      assert.deepEqual(multi, ['E22000352', 'E22000374']); // Dartford and Gravesham; North Hampshire
      const [lh, ...lsoaRows] = readPlainCsv(lookup);
      const lsoaDistrict = new Map(lsoaRows.map((r) => [r[lh!.indexOf('LSOA11CD')]!, r[lh!.indexOf('LAD19CD')]!]));
      // Kent and Hampshire hold all 11 months (no force-month flagged), so every month counts
      const months = new Set(monthRange('2022-01', '2022-11'));
      const counts = independentCounts(dir, lsoaDistrict, months);
      for (const csp of multi) {
        const a = set.assessments.find((x) => x.area.code === csp)!;
        assert.equal(a.area.level, 'csp');
        assert.deepEqual(a.partnership!.districts.map((d) => d.code).sort(), [...districtsOf.get(csp)!].sort());
        const all = a.measures.find((m) => m.id === 'all-crime')!;
        assert.equal(
          all.current.count,
          districtsOf.get(csp)!.reduce((s, d) => s + (counts.get(d) ?? 0), 0),
          csp,
        );
      }

      // no force-month of the files is partial; Thames Valley's five absent months are missing
      const tvFiles = readdirSync(dir)
        .filter((n) => n.includes('thames-valley'))
        .map((n) => n.slice(0, 7));
      const tv = summary.forceMonths.find((f) => f.force === 'Thames Valley Police')!;
      assert.deepEqual(
        tv.flagged.filter((f) => f.month >= '2022-01').map((f) => f.month),
        [...months].filter((m) => !tvFiles.includes(m)),
      );
      assert.ok(summary.forceMonths.every((f) => f.flagged.every((m) => m.status === 'missing')));
      // national ranks: every CSP ranked over the months all of them hold (Thames Valley's six)
      const ranked = summary.rows.filter((r) => r.allCrime?.ranks.national?.position !== null);
      assert.equal(ranked.length, csps.length);
      assert.deepEqual(
        summary.rows[0]!.allCrime?.ranks.national?.months,
        [...months].filter((m) => tvFiles.includes(m)),
      );
      assert.ok(summary.rows.every((r) => r.region !== null));

      // every row of the summary against an independent count of the CSV rows by LSOA: a CSP's rows
      // count in the months its own force's files hold (a neighbour's strays never fill a month)
      const forceOfCsp = new Map(inForces.map((r) => [r[col('CSP19CD')]!, r[col('PFA19NM')]!]));
      const monthsOf = (force: string) =>
        new Set(
          readdirSync(dir)
            .filter((n) => n.includes(force.toLowerCase().replaceAll(' ', '-')))
            .map((n) => n.slice(0, 7)),
        );
      const tvMonths = monthsOf('Thames Valley');
      const countsTv = independentCounts(dir, lsoaDistrict, tvMonths);
      for (const row of summary.rows) {
        const source = forceOfCsp.get(row.code) === 'Thames Valley' ? countsTv : counts;
        const expected = districtsOf.get(row.code)!.reduce((s, d) => s + (source.get(d) ?? 0), 0);
        assert.equal(row.allCrime?.count, expected, `${row.code} ${row.name}`);
      }

      // one CSP: ranked within the South East (every force area of it loaded) but not nationally
      // (35 of the 43 force areas hold no data; the first five by code are named) nor, for an East of England CSP, in its region
      const [ah, ...codes] = readPlainCsv(sharedPath('ons', 'lad-all-codes.csv'));
      const regionOfLad = new Map(codes.map((r) => [r[ah!.indexOf('LADCD')]!, r[ah!.indexOf('RGNCD')]!]));
      const southEast = new Map([...districtsOf].filter(([, ds]) => regionOfLad.get(ds[0]!) === 'E12000008'));
      // the population file has no header row: code, population
      const popOf = new Map<string, number>();
      for (const [lsoa, value] of readPlainCsv(population)) {
        const d = lsoaDistrict.get(lsoa!);
        if (d) popOf.set(d, (popOf.get(d) ?? 0) + Number(value));
      }
      const rate = (csp: string) => {
        const ds = southEast.get(csp)!;
        return (
          (1000 * ds.reduce((s, d) => s + (countsTv.get(d) ?? 0), 0) * (12 / tvMonths.size)) /
          ds.reduce((s, d) => s + popOf.get(d)!, 0)
        );
      };
      const northHampshire = (
        await assessPartnerships(store, 'E22000374', false, {
          config: { ...config, measures: ['all-crime'] },
          end: '2022-11',
        })
      ).set.assessments[0]!;
      const ranking = northHampshire.nationalRanking!;
      assert.equal(ranking.unit, 'csp');
      assert.equal(ranking.national.ranked, false);
      assert.match(ranking.national.reason!, /Metropolitan Police: no data loaded/);
      assert.equal(ranking.region.ranked, true);
      assert.equal(ranking.region.group?.code, 'E12000008');
      const region = northHampshire.measures.find((m) => m.id === 'all-crime')!.rank.region!;
      assert.equal(region.of, southEast.size);
      assert.deepEqual(region.months, [...tvMonths].sort());
      const nh = rate('E22000374');
      assert.ok(Math.abs(region.rate! - nh) < 1e-9 * nh);
      assert.equal(region.position, 1 + [...southEast.keys()].filter((c) => rate(c) < nh - 1e-12).length);
      const bedford = (
        await assessPartnerships(store, 'E22000009', false, {
          config: { ...config, measures: ['all-crime'] },
          end: '2022-11',
        })
      ).set.assessments[0]!;
      assert.equal(bedford.nationalRanking?.region.ranked, false);
      assert.match(bedford.nationalRanking!.region.reason!, /Hertfordshire: no data loaded/);
    } finally {
      store.close();
    }
  },
);
