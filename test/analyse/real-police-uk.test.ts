/**
 * Proof on the real data.police.uk files for Avon and Somerset, Merseyside and South Yorkshire
 * (2019-08..2021-09) with the ONS LSOA → ward → district lookup: for the 12 months ending 2021-09
 * and the 12 before, every district of the three forces gets the all-crime count that an
 * independent count of the CSV rows (plain JavaScript, one row per Crime ID preferring a located
 * copy, attributed by LSOA) gives; and one district's p-value equals SciPy's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../src/store/db.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { defaultCatalogue } from '../../src/core/measures/catalogue.ts';
import { previousWindow, rolling12 } from '../../src/core/periods/index.ts';
import { countyRanks } from '../../src/assess/read/compare.ts';
import { SKIP_NO_SHARED, sharedPath } from '../helpers/shared-data.ts';
import { readPlainCsv } from '../helpers/plain-csv.ts';
import { independentCounts } from '../helpers/police-uk-independent.ts';

const readCsv = readPlainCsv;

test(
  'all-crime counts per district equal an independent count of the real files',
  { skip: SKIP_NO_SHARED, timeout: 300_000 },
  async () => {
    const dir = sharedPath('police-uk', 'avon-merseyside-south-yorkshire');
    const lookup = sharedPath('ons', 'lsoa11-ward19-lad19.csv.gz');
    const lad = sharedPath('ons', 'lad19-csp19-pfa19.csv');
    const store = await Store.open(':memory:');
    await importPaths(store, [lookup, lad]);
    await importPaths(store, [dir]);

    const current = rolling12('2021-09');
    const previous = previousWindow(current);
    const catalogue = defaultCatalogue();
    const allCrime = catalogue.get('all-crime')!;

    const lsoaRows = readCsv(lookup);
    const h = lsoaRows[0]!;
    const lsoaDistrict = new Map(lsoaRows.slice(1).map((r) => [r[h.indexOf('LSOA11CD')]!, r[h.indexOf('LAD19CD')]!]));
    const expectedCurrent = independentCounts(dir, lsoaDistrict, new Set(current.months));
    const expectedPrevious = independentCounts(dir, lsoaDistrict, new Set(previous.months));

    const ladRows = readCsv(lad);
    const lh = ladRows[0]!;
    // Bristol, Liverpool, Sheffield: one district in each force
    const byDistrict = new Map<string, { current: number | null; previous: number | null; pValue: number | null }>();
    for (const [district, force] of [
      ['E06000023', 'E23000036'],
      ['E08000012', 'E23000004'],
      ['E08000019', 'E23000011'],
    ] as const) {
      const ranking = (await countyRanks(store, allCrime, district, current, previous, { catalogue }))!;
      assert.equal(ranking.group, force);
      const expectedDistricts = ladRows
        .slice(1)
        .filter((r) => r[lh.indexOf('PFA19CD')] === force)
        .map((r) => r[lh.indexOf('LAD19CD')]!)
        .sort();
      assert.deepEqual(ranking.districts, expectedDistricts);
      for (const r of ranking.results) {
        assert.equal(r.source, 'police-uk');
        assert.equal(r.current.complete, true, r.district);
        byDistrict.set(r.district, { current: r.current.count, previous: r.previous.count, pValue: r.change.pValue });
      }
    }
    assert.equal(byDistrict.size, 17); // 8 + 5 + 4 districts (2019 boundaries)
    for (const [district, got] of byDistrict) {
      assert.equal(got.current, expectedCurrent.get(district) ?? 0, `${district} current`);
      assert.equal(got.previous, expectedPrevious.get(district) ?? 0, `${district} previous`);
    }
    // Sheffield: 50,856 crimes (Oct 2020 – Sep 2021) vs 52,207 (Oct 2019 – Sep 2020).
    // /usr/bin/python3 -c "from scipy.stats import binomtest; print(repr(binomtest(50856, 50856+52207, 0.5).pvalue))"
    // → 2.608337217854519e-05 (SciPy 1.10.1)
    const sheffield = byDistrict.get('E08000019')!;
    assert.deepEqual([sheffield.current, sheffield.previous], [50856, 52207]);
    assert.ok(Math.abs(sheffield.pValue! / 2.608337217854519e-5 - 1) < 1e-9, String(sheffield.pValue));
    store.close();
  },
);
