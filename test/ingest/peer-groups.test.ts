import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../src/store/db.ts';
import { chooseImporter, importPaths } from '../../src/ingest/import.ts';
import { SaferError } from '../../src/core/errors.ts';
import type { FileProbe } from '../../src/ingest/files.ts';

function write(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'safer-peers-test-')), name);
  writeFileSync(path, text);
  return path;
}

async function peers(
  store: Store,
  area: string,
): Promise<{ source: string; peer_code: string; position: number | null }[]> {
  return store.all({
    sql: 'SELECT source, peer_code, position FROM peer_groups WHERE area_code = ? ORDER BY source, position',
    params: [area],
  });
}

async function rejects(promise: Promise<unknown>, check: (e: SaferError) => void): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof SaferError, `expected a SaferError, got ${String(e)}`);
    check(e);
    return true;
  });
}

test('long peer lists: one batch per group and area, replaced by a later list', async () => {
  const store = await Store.open(':memory:');
  const first = write(
    'msg.csv',
    'area_code,peer_code,position,group_name\nE22000124,E22000125,1,MSG\nE22000124,E22000126,2,MSG\nE22000125,E22000124,1,MSG\n',
  );
  const [r] = await importPaths(store, [first]);
  assert.equal(r!.kind, 'peer-groups');
  assert.equal(r!.rowsLoaded, 3);
  assert.equal((await importPaths(store, [first]))[0]!.status, 'unchanged');

  const update = write('msg-2024.csv', 'area_code,peer_code,position,group_name\nE22000124,E22000127,1,MSG\n');
  const [u] = await importPaths(store, [update]);
  assert.equal(u!.rowsReplaced, 2);
  assert.deepEqual(await peers(store, 'E22000124'), [{ source: 'MSG', peer_code: 'E22000127', position: 1 }]);
  // Other areas of the group are untouched.
  assert.deepEqual(await peers(store, 'E22000125'), [{ source: 'MSG', peer_code: 'E22000124', position: 1 }]);
  store.close();
});

test('wide peer lists (area_code, peer_1 …) take positions from the headers; the source defaults to the file name', async () => {
  const store = await Store.open(':memory:');
  const path = write('cipfa-neighbours.csv', 'area_code,peer_1,peer_2,peer_3\nE07000096,E07000240,E07000241,\n');
  const [r] = await importPaths(store, [path]);
  assert.equal(r!.rowsLoaded, 2);
  assert.deepEqual(await peers(store, 'E07000096'), [
    { source: 'cipfa-neighbours', peer_code: 'E07000240', position: 1 },
    { source: 'cipfa-neighbours', peer_code: 'E07000241', position: 2 },
  ]);
  store.close();
});

test('peer errors: bad code, bad position, one peer at two positions, empty file', async () => {
  const store = await Store.open(':memory:');
  await rejects(
    importPaths(store, [write('a.csv', 'area_code,peer_code,position\nE22000124,E22000125,1\nE22000124,Dacorum,2\n')]),
    (e) => {
      assert.deepEqual(
        [e.message, e.location.line, e.location.column, e.location.value],
        ['Not an area code', 3, 'peer_code', 'Dacorum'],
      );
    },
  );
  await rejects(
    importPaths(store, [write('b.csv', 'area_code,peer_code,position\nE22000124,E22000125,first\n')]),
    (e) => {
      assert.deepEqual([e.message, e.location.line], ['The position is not a whole number from 1', 2]);
    },
  );
  await rejects(
    importPaths(store, [
      write('c.csv', 'area_code,peer_code,position\nE22000124,E22000125,1\nE22000124,E22000125,2\n'),
    ]),
    (e) => {
      assert.match(e.message, /appears twice among the peers of E22000124/);
      assert.equal(e.location.line, 3);
    },
  );
  await rejects(importPaths(store, [write('d.csv', '')], { kind: 'peer-groups' }), (e) =>
    assert.equal(e.message, 'The file is empty'),
  );
  store.close();
});

test('detection: peer files are not lookups or population tables', () => {
  const probe = (header: string): FileProbe => ({
    path: 'p.csv',
    displayName: 'p.csv',
    name: 'p.csv',
    format: 'csv',
    gzip: false,
    bytes: 1,
    header,
  });
  assert.equal(chooseImporter(probe('area_code,peer_code,position,group_name'), {}).kind, 'peer-groups');
  assert.equal(chooseImporter(probe('area_code,peer_1,peer_2'), {}).kind, 'peer-groups');
});
