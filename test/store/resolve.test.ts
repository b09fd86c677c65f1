/**
 * Areas resolved at import: each event's ward and district are stored when it is imported and
 * resolved again when a lookup is imported, and the event counts (what the Assessment reads)
 * follow. Fixtures written here: a three-LSOA lookup and one month of street rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../../src/store/db.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { rebuildDerived } from '../../src/store/resolve.ts';
import { streetRow, tempDir, writeStreetFile } from '../helpers/police-uk-fixture.ts';

const HEADER = 'FID,LSOA11CD,LSOA11NM,WD19CD,WD19NM,LAD19CD,LAD19NM';
const L1 = '1,E01023345,Dacorum 013A,E05004691,Adeyfield East,E07000096,Dacorum';
const L2 = '2,E01023346,Dacorum 013B,E05004691,Adeyfield East,E07000096,Dacorum';
const L3 = '3,E01023347,Dacorum 014A,E05004692,Adeyfield West,E07000096,Dacorum';

async function wardCounts(store: Store): Promise<Record<string, number>> {
  const rows = await store.all<{ ward: string | null; n: number }>(
    "SELECT ward_code AS ward, sum(n)::INTEGER AS n FROM event_counts WHERE district_code = 'E07000096' GROUP BY 1 ORDER BY 1",
  );
  return Object.fromEntries(rows.map((r) => [r.ward ?? 'none', r.n]));
}

function streetRows(): string[] {
  // 3 rows in E01023345, 2 in E01023346, 4 in E01023347, 1 in an LSOA of no loaded lookup, 1 without location
  const at = (lsoa: string, n: number) => Array.from({ length: n }, () => streetRow({ lsoa }));
  return [
    ...at('E01023345', 3),
    ...at('E01023346', 2),
    ...at('E01023347', 4),
    ...at('E01000001', 1),
    streetRow({ lsoa: '' }),
  ];
}

test('a lookup re-import moves an LSOA to another ward: stored wards and the counts follow', async () => {
  const dir = tempDir();
  const store = await Store.open(':memory:');
  // events first, lookup after: rows reach districts once the lookup is imported
  await importPaths(store, [writeStreetFile(dir, '2021-01-hertfordshire-street.csv', streetRows())]);
  assert.deepEqual(await wardCounts(store), {});
  writeFileSync(join(dir, 'a.csv'), [HEADER, L1, L2, L3].join('\n'));
  await importPaths(store, [join(dir, 'a.csv')]);
  assert.deepEqual(await wardCounts(store), { E05004691: 5, E05004692: 4 });
  // E01023346 moves from Adeyfield East to Adeyfield West
  writeFileSync(
    join(dir, 'b.csv'),
    [HEADER, L1, L2.replace('E05004691,Adeyfield East', 'E05004692,Adeyfield West'), L3].join('\n'),
  );
  await importPaths(store, [join(dir, 'b.csv')]);
  assert.deepEqual(await wardCounts(store), { E05004691: 3, E05004692: 6 });
  const stored = await store.all<{ ward: string; n: number }>(
    "SELECT ward_code AS ward, count(*)::INTEGER AS n FROM events WHERE lsoa = 'E01023346' GROUP BY 1",
  );
  assert.deepEqual(stored, [{ ward: 'E05004692', n: 2 }]);
  // rows outside the lookup stay unattributed and unlocated; every row is counted once
  const total = await store.one<{ n: number; unlocated: number }>(
    'SELECT sum(n)::INTEGER AS n, sum(n) FILTER (WHERE NOT located)::INTEGER AS unlocated FROM event_counts',
  );
  assert.deepEqual(total, { n: 11, unlocated: 2 });
  // later events are resolved as they are imported
  await importPaths(store, [
    writeStreetFile(dir, '2021-02-hertfordshire-street.csv', [streetRow({ month: '2021-02', lsoa: 'E01023346' })]),
  ]);
  assert.deepEqual(await wardCounts(store), { E05004691: 3, E05004692: 7 });
  store.close();
});

test('the counts equal the events grouped afresh after imports, replacements and a lookup change', async () => {
  const dir = tempDir();
  const store = await Store.open(':memory:');
  writeFileSync(join(dir, 'a.csv'), [HEADER, L1, L2, L3].join('\n'));
  await importPaths(store, [
    join(dir, 'a.csv'),
    writeStreetFile(dir, '2021-01-hertfordshire-street.csv', streetRows()),
  ]);
  // a later download of the same month replaces it
  await importPaths(store, [writeStreetFile(dir, '2021-01-hertfordshire-street-again.csv', streetRows().slice(1))]);
  const snapshot = async () => store.all('SELECT * EXCLUDE (n), n::INTEGER AS n FROM event_counts ORDER BY ALL');
  const held = await snapshot();
  await rebuildDerived(store);
  assert.deepEqual(await snapshot(), held);
  assert.equal(
    held.reduce((s, r) => s + Number(r.n), 0),
    10,
  );
  store.close();
});

test('a store of the previous layout is upgraded: areas resolved and counts built by the migration', async () => {
  const store = await Store.open(':memory:');
  // back to the layout before migration 4 (lsoa_lookup the view of migration 3), with one event and a lookup row
  await store.run(`DROP VIEW events_located; DROP TABLE event_counts; DROP TABLE lsoa_lookup;
    ALTER VIEW lsoa_lookup_resolved RENAME TO lsoa_lookup;
    ALTER TABLE events DROP COLUMN ward_code; ALTER TABLE events DROP COLUMN district_code; ALTER TABLE events DROP COLUMN located;
    ALTER TABLE events DROP COLUMN lsoa_rule;
    CREATE VIEW events_located AS SELECT e.*, coalesce(e.ward, l.ward) AS ward_code, coalesce(e.district, l.district) AS district_code
      FROM events e LEFT JOIN lsoa_lookup l ON e.lsoa = l.lsoa;
    DELETE FROM schema_migrations WHERE version >= 4;
    INSERT INTO area_parents VALUES (1, 'b', 'E01023345', 'lsoa', 'E05004691', 'ward', '2019'), (1, 'b', 'E01023345', 'lsoa', 'E07000096', 'district', '2019');
    INSERT INTO events (import_id, batch, source, kind, month, category, lsoa) VALUES (2, 'x', 'police-uk', 'crime', DATE '2021-01-01', 'Burglary', 'E01023345');`);
  const { migrate } = await import('../../src/store/migrate.ts');
  await migrate(store);
  assert.deepEqual(await wardCounts(store), { E05004691: 1 });
  const row = await store.one('SELECT ward_code, district_code, located FROM events_located');
  assert.deepEqual(row, { ward_code: 'E05004691', district_code: 'E07000096', located: true });
  store.close();
});
