/**
 * Guarded replacement (issue 15, F1): an import that would leave a month already loaded with
 * fewer than 90% of its rows is refused, with the before and after counts, unless confirmed
 * (`replace`, `--replace`); the store is then exactly as before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Store } from '../../src/store/db.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { SaferError } from '../../src/core/errors.ts';
import { streetRow, writeStreetFile } from '../helpers/police-uk-fixture.ts';
import { SKIP_NO_SHARED, sharedPath } from '../helpers/shared-data.ts';

const BIN = fileURLToPath(new URL('../../bin/safer.js', import.meta.url));

async function count(store: Store, sql: string): Promise<number> {
  return (await store.one<{ n: number }>(sql))!.n;
}

test(
  'a real Hertfordshire month replaced by half of itself is refused with its counts; confirmed, it is replaced',
  { skip: SKIP_NO_SHARED },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'safer-replace-test-'));
    const store = await Store.open(join(dir, 'store.duckdb'));
    try {
      const real = sharedPath('police-uk', 'hertfordshire', '2014-01-hertfordshire-street.csv.gz');
      await importPaths(store, [real]);
      const held = await count(store, 'SELECT count(*) AS n FROM events');
      const lines = gunzipSync(readFileSync(real)).toString('utf8').trimEnd().split('\n');
      const half = join(dir, '2014-01-hertfordshire-street.csv');
      writeFileSync(half, `${lines.slice(0, 1 + Math.floor((lines.length - 1) / 2)).join('\n')}\n`);
      const imports = await count(store, 'SELECT count(*) AS n FROM imports');

      const error = await importPaths(store, [half]).then(
        () => assert.fail('accepted'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof SaferError);
      assert.equal(error.code, 'E_REPLACE_SHRINKS');
      const m = /Hertfordshire Constabulary\/2014-01: ([\d,]+) → ([\d,]+) rows \((\d+)%\)/.exec(error.message);
      assert.ok(m, error.message);
      assert.equal(Number(m[1]!.replaceAll(',', '')), held);
      assert.ok(Number(m[2]!.replaceAll(',', '')) < held * 0.6);
      assert.match(error.hint!, /--replace/);
      assert.equal(await count(store, 'SELECT count(*) AS n FROM events'), held, 'store unchanged');
      assert.equal(await count(store, 'SELECT count(*) AS n FROM imports'), imports, 'no provenance either');

      const results = await importPaths(store, [half], { replace: true });
      assert.equal(results[0]!.rowsReplaced, held);
      assert.ok((await count(store, 'SELECT count(*) AS n FROM events')) < held * 0.6);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('a month kept at 90% or more, or grown, needs no confirmation; a new month never does', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'safer-replace-test-'));
  const store = await Store.open(':memory:');
  try {
    const rows = (n: number, month = '2021-01') =>
      Array.from({ length: n }, (_, i) => streetRow({ id: `r${i}`, month }));
    const a = mkdtempSync(join(dir, 'a-'));
    await importPaths(store, [writeStreetFile(a, '2021-01-hertfordshire-street.csv', rows(20))]);
    const b = mkdtempSync(join(dir, 'b-'));
    await importPaths(store, [writeStreetFile(b, '2021-01-hertfordshire-street.csv', rows(18))]); // 90%
    const c = mkdtempSync(join(dir, 'c-'));
    await importPaths(store, [writeStreetFile(c, '2021-02-hertfordshire-street.csv', rows(3, '2021-02'))]);
    const d = mkdtempSync(join(dir, 'd-'));
    await importPaths(store, [writeStreetFile(d, '2021-01-hertfordshire-street.csv', rows(25))]);
    assert.equal(await count(store, "SELECT count(*) AS n FROM events WHERE month = '2021-01-01'"), 25);
    const e = mkdtempSync(join(dir, 'e-'));
    await assert.rejects(
      importPaths(store, [writeStreetFile(e, '2021-01-hertfordshire-street.csv', rows(22))]),
      /2021-01: 25 → 22 rows \(88%\)/,
    );
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('safer import: refused (exit 2, store unchanged) without --replace, replaced with it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'safer-replace-test-'));
  try {
    const db = join(dir, 'store.duckdb');
    const run = (args: string[]) =>
      spawnSync(process.execPath, [BIN, '--db', db, 'import', ...args, '--json'], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
    const full = mkdtempSync(join(dir, 'full-'));
    const first = run([
      writeStreetFile(
        full,
        '2021-03-hertfordshire-street.csv',
        Array.from({ length: 10 }, (_, i) => streetRow({ id: `f${i}`, month: '2021-03' })),
      ),
    ]);
    assert.equal(first.status, 0, first.stderr);
    const small = mkdtempSync(join(dir, 'small-'));
    const file = writeStreetFile(small, '2021-03-hertfordshire-street.csv', [
      streetRow({ id: 'f0', month: '2021-03' }),
    ]);
    const refused = run([file]);
    assert.equal(refused.status, 2);
    assert.match(
      refused.stderr,
      /would replace a month already loaded with fewer than 90% of its rows: .*2021-03: 10 → 1 rows \(10%\)/,
    );
    assert.match(refused.stderr, /--replace/);
    const confirmed = run([file, '--replace']);
    assert.equal(confirmed.status, 0, confirmed.stderr);
    assert.equal(
      (JSON.parse(confirmed.stdout) as { results: { rowsReplaced: number }[] }).results[0]!.rowsReplaced,
      10,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
