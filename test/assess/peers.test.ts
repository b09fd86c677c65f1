/**
 * Computed peer groups: with no group imported or declared, the 15 nearest districts on standardised
 * population variables, counting each age once (a census table's five-year and broad bands overlap).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../src/store/db.ts';
import { resolvePeers } from '../../src/assess/read/peers.ts';

function area(i: number) {
  const pop = 100000 + ((7919 * i) % 50000);
  const hh = pop / (2.2 + ((i * 37) % 10) / 20);
  const a014 = pop * (0.15 + ((i * 13) % 10) / 100);
  const a65 = pop * (0.15 + ((i * 7) % 10) / 100);
  const white = pop * (0.8 + ((i * 11) % 10) / 60);
  const rest = pop - white;
  return {
    pop,
    hh,
    a014,
    a1564: pop - a014 - a65,
    a65,
    white,
    mixed: rest * 0.2,
    asian: rest * 0.5,
    black: rest * 0.2,
    other: rest * 0.1,
  };
}

test('computed peers: the 15 nearest on log population, households per resident, one age profile and the ethnic groups (as SciPy finds them)', async () => {
  const store = await Store.open(':memory:');
  try {
    const codes = Array.from({ length: 20 }, (_, k) => `E0799${String(k + 1).padStart(4, '0')}`);
    const rows: [string, number, string, number][] = [];
    codes.forEach((code, k) => {
      const a = area(k + 1);
      const add = (measure: string, value: number, year = 2021) => rows.push([code, year, measure, value]);
      add('population', a.pop);
      add('households', a.hh);
      add('age:0-14', a.a014);
      add('age:15-64', a.a1564);
      add('age:65+', a.a65);
      // 2011's five-year bands of the children: overlapping the broad band, never counted twice
      add('age:0-4', a.a014 / 3, 2011);
      add('age:5-9', a.a014 / 3, 2011);
      add('age:10-14', a.a014 / 3, 2011);
      for (const g of ['white', 'mixed', 'asian', 'black', 'other'] as const) add(`ethnicity:${g}`, a[g]);
    });
    for (const code of codes)
      await store.run({
        sql: "INSERT INTO areas VALUES (1, 'test', ?, ?, 'district', '2021', NULL, NULL)",
        params: [code, `District ${code}`],
      });
    for (const [code, year, measure, value] of rows)
      await store.run({
        sql: "INSERT INTO population VALUES (1, 'test', ?, ?, ?, ?)",
        params: [code, year, measure, value],
      });

    const peers = (await resolvePeers(store, codes[0]!, null, 2022))!;
    assert.equal(peers.basis, 'computed');
    // computed independently in NumPy from the same formulas (SciPy 1.17.1): X = [log pop, hh/pop, the three broad age bands and the five groups as shares
    // of their totals]; Z = scipy.stats.zscore(X, axis=0); the 15 smallest Euclidean distances to the first row
    assert.deepEqual(peers.members, [
      'E07990011',
      'E07990002',
      'E07990014',
      'E07990004',
      'E07990012',
      'E07990015',
      'E07990013',
      'E07990005',
      'E07990003',
      'E07990007',
      'E07990020',
      'E07990016',
      'E07990017',
      'E07990010',
      'E07990008',
    ]);
    assert.match(
      peers.basisNote,
      /log population, households per resident, share aged 0 to 14, share aged 15 to 64, share aged 65 and over, share of ethnic group White/,
    );
    assert.doesNotMatch(peers.basisNote, /0 to 4|age:/);
  } finally {
    store.close();
  }
});
