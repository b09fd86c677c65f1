/**
 * The read step's SQL builders, tested as Kysely tests its compiled queries: first the SQL text
 * and params of each builder (values only ever as params), then the rows it returns on an
 * in-memory DuckDB holding a small fixture written here (expected rows worked out by hand from
 * the fixture).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../../src/store/db.ts';
import { denominatorsQuery, denominators } from '../../../src/assess/read/denominators.ts';
import { countyDistrictsQuery } from '../../../src/assess/read/compare.ts';
import { beatsQuery, wardsQuery } from '../../../src/assess/read/group.ts';
import { latestMonthQuery } from '../../../src/assess/read/counts.ts';
import { offenceLabelsQuery } from '../../../src/assess/read/labels.ts';
import { districtGroupsQuery } from '../../../src/assess/read/areas.ts';
import { rowsOf } from '../../../src/assess/read/query.ts';

const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim();

async function fixture(): Promise<Store> {
  const store = await Store.open(':memory:');
  const parents: [string, string, string, string, string][] = [
    // child, child level, parent, parent level, vintage
    ['W1', 'ward', 'B1', 'beat', '2019'],
    ['W2', 'ward', 'B1', 'beat', '2019'],
    ['W2', 'ward', 'B2', 'beat', '2020'],
    ['D1', 'district', 'C1', 'county', '2019'],
    ['D2', 'district', 'C1', 'county', '2019'],
    ['D1', 'district', 'F1', 'force', '2019'],
    ['D3', 'district', 'F1', 'force', '2019'],
  ];
  await store.append(
    'area_parents',
    ['import_id', 'batch', 'child_code', 'child_level', 'parent_code', 'parent_level', 'vintage'],
    parents.map((p) => [1, 'b', ...p]),
  );
  await store.append(
    'lsoa_lookup',
    ['lsoa', 'ward', 'district'],
    [
      ['L1', 'W1', 'D1'],
      ['L2', 'W2', 'D1'],
      ['L3', 'W2', 'D1'],
      ['L4', 'W3', 'D2'],
    ],
  );
  await store.append(
    'population',
    ['import_id', 'batch', 'area_code', 'year', 'measure', 'value'],
    [
      [1, 'b', 'L1', 2019, 'population', 1000],
      [1, 'b', 'L2', 2019, 'population', 1500],
      [1, 'b', 'L3', 2019, 'population', 500],
      [1, 'b', 'D2', 2019, 'population', 9000],
      [1, 'b', 'D2', 2021, 'population', 9100],
      [1, 'b', 'L4', 2019, 'population', 7],
    ],
  );
  return store;
}

test('denominatorsQuery: text and params, then own and LSOA-summed figures', async () => {
  const q = denominatorsQuery(['D1', 'D2'], 'population');
  assert.deepEqual(q.params, ['population', 'D1', 'D2', 'D1', 'D2', 'D1', 'D2', 'population']);
  assert.match(
    squash(q.sql),
    /^WITH own AS \( SELECT area_code, year, sum\(value\) AS value, false AS derived FROM population WHERE measure = \? AND area_code IN \(\?, \?\) GROUP BY area_code, year\)/,
  );
  assert.match(squash(q.sql), /JOIN population p ON p\.area_code = l\.lsoa AND p\.measure = \?/);
  assert.ok(!q.sql.includes('D1'), 'codes are params, never text');
  const store = await fixture();
  // D1 has no figure of its own: the sum of its LSOAs (1000 + 1500 + 500); D2 has its own two years
  assert.deepEqual(await rowsOf(store, q), [
    { area_code: 'D1', year: 2019, value: 3000, derived: true },
    { area_code: 'D2', year: 2019, value: 9000, derived: false },
    { area_code: 'D2', year: 2021, value: 9100, derived: false },
  ]);
  const picked = await denominators(store, ['D1', 'D2'], 2020, 'population');
  assert.deepEqual(picked.get('D1'), {
    kind: 'population',
    year: 2019,
    value: 3000,
    note: 'population summed from the LSOA figures loaded',
  });
  assert.deepEqual(picked.get('D2'), { kind: 'population', year: 2019, value: 9000 });
  // long lists go through a subquery that DuckDB hashes
  const long = denominatorsQuery(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'], 'households');
  assert.match(long.sql, /area_code IN \(SELECT unnest\(\[\?, \?, \?, \?, \?, \?, \?, \?, \?\]\)\)/);
  assert.equal(long.params.length, 2 + 27);
  store.close();
});

test('countyDistrictsQuery: the county before the force, then its districts', async () => {
  const q = countyDistrictsQuery('D1');
  assert.deepEqual(q.params, ['D1']);
  assert.match(
    squash(q.sql),
    /WHERE child_code = \? AND child_level = 'district' AND parent_level IN \('county', 'force'\)/,
  );
  const store = await fixture();
  assert.deepEqual(await rowsOf(store, q), [{ parent_code: 'C1', parent_level: 'county', districts: ['D1', 'D2'] }]);
  assert.deepEqual(await rowsOf(store, countyDistrictsQuery('D3')), [
    { parent_code: 'F1', parent_level: 'force', districts: ['D1', 'D3'] },
  ]);
  assert.deepEqual(await rowsOf(store, countyDistrictsQuery('nowhere')), []);
  store.close();
});

test('wardsQuery and beatsQuery: wards per district, the latest beat of each ward', async () => {
  const q = wardsQuery(['D1', 'D2']);
  assert.equal(
    q.sql,
    'SELECT district, list(DISTINCT ward ORDER BY ward) AS wards FROM lsoa_lookup WHERE ward IS NOT NULL AND district IN (?, ?) GROUP BY 1',
  );
  assert.deepEqual(q.params, ['D1', 'D2']);
  assert.deepEqual(beatsQuery().params, []);
  const store = await fixture();
  const rows = (await rowsOf(store, q)).sort((a, b) => a.district.localeCompare(b.district));
  assert.deepEqual(rows, [
    { district: 'D1', wards: ['W1', 'W2'] },
    { district: 'D2', wards: ['W3'] },
  ]);
  const beats = (await rowsOf(store, beatsQuery())).sort((a, b) => a.ward.localeCompare(b.ward));
  assert.deepEqual(beats, [
    { ward: 'W1', beat: 'B1' },
    { ward: 'W2', beat: 'B2' },
  ]);
  store.close();
});

test('districtGroupsQuery: every district with its county (else force) group, in one query', async () => {
  const q = districtGroupsQuery(['D1', 'D2', 'D3']);
  assert.deepEqual(q.params, ['D1', 'D2', 'D3']);
  assert.ok(!q.sql.includes('D1'));
  const store = await fixture();
  const rows = (await rowsOf(store, q)).sort((a, b) => a.district.localeCompare(b.district));
  assert.deepEqual(rows, [
    { district: 'D1', parent_code: 'C1', parent_level: 'county', districts: ['D1', 'D2'] },
    { district: 'D2', parent_code: 'C1', parent_level: 'county', districts: ['D1', 'D2'] },
    { district: 'D3', parent_code: 'F1', parent_level: 'force', districts: ['D1', 'D3'] },
  ]);
  store.close();
});

test('latestMonthQuery and offenceLabelsQuery', async () => {
  assert.equal(latestMonthQuery().sql, "SELECT strftime(max(month), '%Y-%m') AS m FROM events");
  assert.deepEqual(latestMonthQuery().params, []);
  const store = await fixture();
  assert.deepEqual(await rowsOf(store, latestMonthQuery()), [{ m: null }]);
  const labels = await rowsOf(store, offenceLabelsQuery());
  // the taxonomy seeded by the migrations: one row per upper-case code
  assert.ok(labels.length > 100);
  assert.equal(new Set(labels.map((l) => l.code)).size, labels.length);
  assert.ok(labels.every((l) => l.code === l.code.toUpperCase() && l.description.length > 0));
  store.close();
});
