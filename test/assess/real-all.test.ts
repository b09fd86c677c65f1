/**
 * `safer assess --all --end 2021-09` on the real data.police.uk files of Avon and Somerset,
 * Merseyside and South Yorkshire (2019-08..2021-09) with the ONS lookups and the LSOA population
 * (mid-2019): every district of the three forces is assessed, its all-crime counts for both
 * periods equal an independent count of the CSV rows, its rate per 1,000 equals that count over
 * the independently summed LSOA population, and its county (force) rank equals the rank of those
 * independent rates; districts reached only by stray rows are listed as not covered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../src/store/db.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { previousWindow, rolling12 } from '../../src/core/periods/index.ts';
import { assessArea } from '../../src/assess/engine.ts';
import { loadConfig } from '../../src/assess/config.ts';
import { SKIP_NO_SHARED, sharedPath } from '../helpers/shared-data.ts';
import { readPlainCsv } from '../helpers/plain-csv.ts';
import { independentCounts } from '../helpers/police-uk-independent.ts';
import { buildReport } from '../../src/report/build/index.ts';
import { noWords } from '../../src/report/words.ts';
import { allText } from '../report/helpers.ts';

test(
  'assess --all --end 2021-09: every district of the three forces, counts and ranks matching independent counts',
  { skip: SKIP_NO_SHARED, timeout: 600_000 },
  async () => {
    const dir = sharedPath('police-uk', 'avon-merseyside-south-yorkshire');
    const lookup = sharedPath('ons', 'lsoa11-ward19-lad19.csv.gz');
    const lad = sharedPath('ons', 'lad19-csp19-pfa19.csv');
    const population = sharedPath('ons', 'lsoa11-population-mid2019-noheader.csv.gz');
    const store = await Store.open(':memory:');
    await importPaths(store, [lookup, lad]);
    await importPaths(store, [population], { columns: ['code', 'population'], year: 2019 });
    await importPaths(store, [dir]);

    const set = await assessArea(store, undefined, true, {
      config: loadConfig(),
      end: '2021-09',
      now: new Date('2026-01-01T00:00:00Z'),
    });

    const lsoaRows = readPlainCsv(lookup);
    const h = lsoaRows[0]!;
    const lsoaDistrict = new Map(lsoaRows.slice(1).map((r) => [r[h.indexOf('LSOA11CD')]!, r[h.indexOf('LAD19CD')]!]));
    const current = rolling12('2021-09');
    const expectedCurrent = independentCounts(dir, lsoaDistrict, new Set(current.months));
    const expectedPrevious = independentCounts(dir, lsoaDistrict, new Set(previousWindow(current).months));
    const popRows = readPlainCsv(population);
    const pop = new Map<string, number>();
    for (const [code, value] of popRows) {
      const d = lsoaDistrict.get(code!);
      if (d) pop.set(d, (pop.get(d) ?? 0) + Number(value));
    }
    const ladRows = readPlainCsv(lad);
    const lh = ladRows[0]!;
    const forces = new Map<string, string[]>();
    for (const r of ladRows.slice(1)) {
      const force = r[lh.indexOf('PFA19CD')]!;
      if (!['E23000036', 'E23000004', 'E23000011'].includes(force)) continue;
      forces.set(force, [...(forces.get(force) ?? []), r[lh.indexOf('LAD19CD')]!]);
    }
    const expectedDistricts = [...forces.values()].flat().sort();
    assert.deepEqual([...set.assessed].sort(), expectedDistricts); // 8 + 5 + 4 districts
    assert.equal(set.assessments.length, 17);

    for (const [force, districts] of forces) {
      const rates = districts.map((d) => (1000 * expectedCurrent.get(d)!) / pop.get(d)!);
      const sorted = [...rates].sort((a, b) => a - b);
      for (const [i, district] of districts.entries()) {
        const a = set.assessments.find((x) => x.area.code === district)!;
        const all = a.measures.find((m) => m.id === 'all-crime')!;
        assert.equal(a.county?.code, force);
        assert.equal(all.current.count, expectedCurrent.get(district), `${district} current`);
        assert.equal(all.previous.count, expectedPrevious.get(district), `${district} previous`);
        assert.ok(Math.abs(all.current.rate! - rates[i]!) < 1e-9, `${district} rate`);
        assert.equal(all.rank.county!.position, sorted.indexOf(rates[i]!) + 1, `${district} rank`);
        assert.equal(all.rank.county!.of, districts.length);
        // police.uk gives no dwelling burglary: the fallback is visible
        const dwelling = a.measures.find((m) => m.id === 'dwelling-burglary')!;
        assert.equal(dwelling.fallback?.measure, 'burglary');
        assert.ok(a.dataQuality.fallbacks.some((f) => f.requested === 'dwelling-burglary'));
        assert.equal(a.measures.find((m) => m.id === 'night-time-violence')!.available, false);
      }
    }
    // Sheffield: 50,856 crimes (Oct 2020 – Sep 2021) vs 52,207; SciPy binomtest p = 2.608337217854519e-05
    const sheffield = set.assessments
      .find((a) => a.area.code === 'E08000019')!
      .measures.find((m) => m.id === 'all-crime')!;
    assert.deepEqual([sheffield.current.count, sheffield.previous.count], [50856, 52207]);
    assert.equal(sheffield.change.verdict, 'significant decrease');

    // projections: 26 months (Aug 2019 – Sep 2021) are too few to back-test a choice of model (36), so
    // no Holt–Winters model is fitted (it projected Liverpool +20.6% from these months before); every
    // projection repeats the same months of last year, says why, and the report states it
    for (const a of set.assessments) {
      for (const m of a.measures) {
        const p = m.series?.projection;
        if (!p) continue;
        assert.equal(p.method, 'seasonal-naive', `${a.area.code} ${m.id}`);
        assert.equal(p.backtest, null);
        assert.equal(p.calibration, null);
        assert.match(
          p.reason ?? '',
          /^projected with seasonal naive \(the same months of last year\) because only \d+ months are loaded: a choice between models needs 36/,
        );
      }
    }
    const liverpool = set.assessments.find((a) => a.area.code === 'E08000012')!;
    assert.equal(liverpool.measures.find((m) => m.id === 'all-crime')!.series!.months.length, 26);
    const text = allText(buildReport(liverpool, { edition: 'full', words: noWords() })).join('\n');
    assert.match(
      text,
      /It is projected with seasonal naive \(the same months of last year\) because only 26 months are loaded/,
    );
    assert.doesNotMatch(text, /projects the next 12 months with a Holt–Winters|If the trend and seasonal pattern/);

    // districts of neighbouring forces, reached by a few stray rows, are not assessed
    assert.ok(set.notCovered.length > 0);
    for (const n of set.notCovered) {
      assert.ok(!expectedDistricts.includes(n.code));
      assert.ok(n.lsoaShare < 0.5 || /no records/.test(n.reason), `${n.code}: ${n.reason}`);
    }
    store.close();
  },
);
