/**
 * `safer check`: opens the store read-only, reads every table to the end (DuckDB verifies each
 * block's checksum), compares each import's rows with what it recorded, and says what to do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Store } from '../../src/store/db.ts';
import { storeCopy } from '../serve/helpers.ts';
import { corruptTableBlock } from '../helpers/corrupt.ts';

const BIN = fileURLToPath(new URL('../../bin/safer.js', import.meta.url));

function check(db: string, json = false, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, '--db', db, 'check', ...(json ? ['--json'] : [])], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', SAFER_TABLES: json ? '' : '1', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('a sound store: every table read, every import agrees, exit 0', async () => {
  const { path, dir } = await storeCopy();
  try {
    const text = check(path);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /events\s+│?\s*[\d,]+/);
    assert.match(text.stdout, /imports compared with the rows they recorded: all agree/);
    assert.match(text.stdout, /the store is sound/);
    const json = JSON.parse(check(path, true).stdout) as {
      ok: boolean;
      tables: { name: string; rows: number }[];
      imports: { checked: number };
      databaseSize: { block_size: number };
    };
    assert.equal(json.ok, true);
    assert.ok(json.tables.find((t) => t.name === 'events')!.rows > 10_000);
    assert.ok(json.imports.checked >= 10);
    assert.equal(json.databaseSize.block_size, 262144);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a 4 KB block overwritten in the middle of the events data: exit 1, the table named, restore from backup', async () => {
  const { path, dir } = await storeCopy();
  try {
    const offset = await corruptTableBlock(path, 'events');
    assert.ok(offset > 0);
    const r = check(path);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /✗ table events cannot be read to the end: .*Corrupt database file/);
    assert.match(r.stdout, /→ restore the store from its latest backup/);
    assert.doesNotMatch(r.stdout, /the store is sound/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rows missing from one import: exit 1, naming the import, its counts and the re-import', async () => {
  const { path, dir } = await storeCopy();
  try {
    const store = await Store.open(path);
    let id: number;
    let loaded: number;
    try {
      const victim = (await store.one<{ id: number; n: number }>(
        "SELECT import_id AS id, rows_loaded AS n FROM imports WHERE kind = 'indicators' AND replaced_by IS NULL ORDER BY import_id LIMIT 1",
      ))!;
      id = victim.id;
      loaded = victim.n;
      await store.run({
        sql: 'DELETE FROM indicators WHERE import_id = ? AND rowid IN (SELECT rowid FROM indicators WHERE import_id = ? LIMIT 5)',
        params: [id, id],
      });
    } finally {
      store.close();
    }
    const r = check(path);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      new RegExp(
        `✗ import #${id} \\(indicators, .*\\) recorded ${loaded.toLocaleString('en-GB')} rows but the store holds ${(loaded - 5).toLocaleString('en-GB')}`,
      ),
    );
    assert.match(r.stdout, new RegExp(`→ re-import import #${id}: safer import ".*" --kind indicators`));
    // the store was only read
    const json = JSON.parse(check(path, true).stdout) as { imports: { mismatched: { id: number }[] } };
    assert.deepEqual(
      json.imports.mismatched.map((m) => m.id),
      [id],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a store another process holds open for writing: exit 2 and what to do', async () => {
  const { path, dir } = await storeCopy();
  const store = await Store.open(path);
  try {
    // a command holding the store is waited for (SAFER_LOCK_WAIT seconds), then named
    const r = check(path, false, { SAFER_LOCK_WAIT: '1' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /waiting: the store is in use by another Safer process \(PID \d+\)/);
    assert.match(
      r.stderr,
      /error .*the store is in use by another Safer process \(PID \d+\)\n.*wait for that command to finish/,
    );
    assert.doesNotMatch(r.stderr, /Could not set lock|Conflicting lock/);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
