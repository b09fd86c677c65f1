/**
 * Set-based reads for many districts: resolving every district's group (county or force, linked
 * directly or through its LSOAs) and its coverage takes the same number of queries for 2 districts
 * as for 10 (the store's query function wrapped and counted), and gives the groups groupOf gives
 * one district at a time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../../src/store/db.ts';
import { coverage, groupOf, groupsOf } from '../../../src/assess/read/areas.ts';

/** n districts D00.., each with two LSOAs; the first half in county C1 through their LSOAs, the rest linked to force F1 directly. */
async function county(n: number): Promise<{ store: Store; districts: string[] }> {
  const store = await Store.open(':memory:');
  const districts = Array.from({ length: n }, (_, i) => `D${String(i).padStart(2, '0')}`);
  const rows: (string | number)[][] = [];
  districts.forEach((d, i) => {
    for (const k of [0, 1]) {
      const lsoa = `L${d}${k}`;
      rows.push([1, 'b', lsoa, 'lsoa', d, 'district', '2019']);
      if (i < n / 2) rows.push([1, 'b', lsoa, 'lsoa', 'C1', 'county', '2019']);
    }
    if (i >= n / 2) rows.push([1, 'b', d, 'district', 'F1', 'force', '2019']);
  });
  await store.append(
    'area_parents',
    ['import_id', 'batch', 'child_code', 'child_level', 'parent_code', 'parent_level', 'vintage'],
    rows,
  );
  return { store, districts };
}

function counted(store: Store): { queries: () => number } {
  let queries = 0;
  const all = store.all.bind(store);
  store.all = ((statement: Parameters<Store['all']>[0]) => {
    queries++;
    return all(statement);
  }) as Store['all'];
  return { queries: () => queries };
}

test('groupsOf and coverage: the same number of queries for 2 and 10 districts, the groups groupOf gives', async () => {
  const figures: number[] = [];
  for (const n of [2, 10]) {
    const { store, districts } = await county(n);
    const expected = new Map();
    for (const d of districts) expected.set(d, await groupOf(store, d));
    const counter = counted(store);
    const groups = await groupsOf(store, districts);
    await coverage(store, districts, '2021-09');
    figures.push(counter.queries());
    assert.deepEqual(groups, expected, `${n} districts`);
    assert.equal(groups.get('D00')!.area!.code, 'C1');
    assert.equal(groups.get(districts.at(-1)!)!.area!.code, 'F1');
    store.close();
  }
  assert.equal(figures[0], figures[1], `queries for 2 and 10 districts: ${figures.join(' and ')}`);
  assert.ok(figures[0]! <= 5, `queries: ${figures[0]}`);
});
