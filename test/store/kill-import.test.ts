/**
 * An import killed mid-batch (kill -9 of the importing process, after its rows were inserted and
 * while they are being checked) leaves the store as it was: DuckDB's write-ahead log holds no
 * commit for the transaction, so reopening replays nothing of it. Fixtures written here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from '../../src/store/db.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { streetRow, tempDir, writeStreetFile } from '../helpers/police-uk-fixture.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LSOAS = ['E01023345', 'E01023346', 'E01023347', 'E01023348'];

function monthFile(dir: string, month: string, rows: number): string {
  const lines = Array.from({ length: rows }, (_, i) =>
    streetRow({ month, lsoa: LSOAS[i % LSOAS.length]!, id: `${month}-${i}` }),
  );
  return writeStreetFile(dir, `${month}-hertfordshire-street.csv`, lines);
}

async function state(path: string): Promise<unknown> {
  const store = await Store.open(path);
  try {
    return await store.all(`SELECT 'events' AS t, count(*)::INTEGER AS n FROM events UNION ALL
      SELECT 'event_counts', sum(n)::INTEGER FROM event_counts UNION ALL
      SELECT 'imports', count(*)::INTEGER FROM imports UNION ALL
      SELECT 'finished', count(finished_at)::INTEGER FROM imports ORDER BY 1`);
  } finally {
    store.close();
  }
}

test(
  'kill -9 during an import (rows inserted, being checked) leaves the store unchanged',
  { timeout: 300_000 },
  async () => {
    const dir = tempDir();
    const db = join(dir, 'store.duckdb');
    const first = await Store.open(db);
    await importPaths(first, [monthFile(dir, '2021-01', 500)]);
    first.close();
    const before = await state(db);

    const files = Array.from({ length: 12 }, (_, i) =>
      monthFile(dir, `2022-${String(i + 1).padStart(2, '0')}`, 20_000),
    );
    // the child reports each progress step on stdout; the parent kills it at the first check
    const script = `
    const { Store } = await import(${JSON.stringify(join(ROOT, 'src/store/db.ts'))});
    const { importPaths } = await import(${JSON.stringify(join(ROOT, 'src/ingest/import.ts'))});
    const store = await Store.open(${JSON.stringify(db)});
    const say = (s) => process.stdout.write(s + '\\n');
    await importPaths(store, ${JSON.stringify(files)}, { progress: { start: (l) => say('start ' + l), update: (d, l) => say('step ' + l), stop: () => {} } });
    say('committed');
    await new Promise(() => {});`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const killedAt = await new Promise<string>((resolve, reject) => {
      let seen = '';
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const step = seen.split('\n').find((l) => l.startsWith('step Checking rows') || l === 'committed');
        if (step) {
          child.kill('SIGKILL');
          resolve(step);
        }
      });
      child.on('exit', (code) => reject(new Error(`child exited (${code}) before the checks: ${seen}`)));
    });
    await new Promise((resolve) => child.on('close', resolve));
    assert.equal(killedAt, 'step Checking rows', 'killed after the insert, before the commit');
    assert.deepEqual(await state(db), before);

    // the same files import cleanly afterwards
    const store = await Store.open(db);
    const results = await importPaths(store, files);
    assert.equal(
      results.reduce((s, r) => s + r.rowsLoaded, 0),
      240_000,
    );
    const n = await store.one<{ n: number }>('SELECT sum(n)::INTEGER AS n FROM event_counts');
    assert.equal(n!.n, 240_500);
    store.close();
  },
);

/** Everything an import writes, compared without import ids (a sequence value is not store content). */
async function contents(path: string): Promise<Record<string, unknown>> {
  const store = await Store.open(path);
  try {
    const events = await store.all(`SELECT batch, count(*)::INTEGER AS n,
        sum(hash(record_id, month, category, lsoa, force, longitude, outcome, ward_code, district_code, located))::VARCHAR AS h
      FROM events GROUP BY batch ORDER BY batch`);
    const counts = await store.all(
      'SELECT batch, sum(n)::INTEGER AS n, count(*)::INTEGER AS groups FROM event_counts GROUP BY batch ORDER BY batch',
    );
    const imports =
      await store.all(`SELECT file, rows_read, rows_loaded, rows_replaced, finished_at IS NOT NULL AS finished,
        replaced_by IS NOT NULL AS replaced FROM imports ORDER BY import_id`);
    const hasVintage = await store.one<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'vintage_events'",
    );
    const vintage = hasVintage?.n
      ? await store.all('SELECT batch, count(*)::INTEGER AS n FROM vintage_events GROUP BY batch ORDER BY batch')
      : [];
    return { events, counts, imports, vintage };
  } finally {
    store.close();
  }
}

test(
  'kill -9 between batches (the first batch loaded, replacing a month) leaves the store unchanged; a re-run gives the store an uninterrupted import gives',
  { timeout: 300_000 },
  async () => {
    const dir = tempDir();
    const killed = join(dir, 'killed.duckdb');
    const straight = join(dir, 'straight.duckdb');
    const seed = monthFile(dir, '2021-01', 500);
    for (const db of [killed, straight]) {
      const store = await Store.open(db);
      await importPaths(store, [seed]);
      store.close();
    }
    const before = await contents(killed);
    // a newer download of 2021-01 first (it replaces the seeded month), then five new months
    const redownload = join(dir, 'redownload');
    mkdirSync(redownload);
    const files = [
      monthFile(redownload, '2021-01', 520),
      ...Array.from({ length: 5 }, (_, i) => monthFile(dir, `2021-${String(i + 2).padStart(2, '0')}`, 4_000)),
    ];
    // 0.05 MiB batches: each file is a batch of its own; the child says so after each and then waits
    const script = `
    const { Store } = await import(${JSON.stringify(join(ROOT, 'src/store/db.ts'))});
    const { importPaths } = await import(${JSON.stringify(join(ROOT, 'src/ingest/import.ts'))});
    const store = await Store.open(${JSON.stringify(killed)});
    await importPaths(store, ${JSON.stringify(files)}, {
      afterBatch: async (names) => { process.stdout.write('batch ' + names.join(' ') + '\\n'); await new Promise(() => {}); },
    });
    process.stdout.write('committed\\n');`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, SAFER_IMPORT_BATCH_MB: '0.05' },
    });
    const killedAt = await new Promise<string>((resolve, reject) => {
      let seen = '';
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const line = seen.split('\n').find((l) => l.startsWith('batch ') || l === 'committed');
        if (line) {
          child.kill('SIGKILL');
          resolve(line);
        }
      });
      child.on('exit', (code) => reject(new Error(`child exited (${code}) before its first batch: ${seen}`)));
    });
    await new Promise((resolve) => child.on('close', resolve));
    assert.match(killedAt, /^batch .*2021-01-hertfordshire-street\.csv$/, 'killed after the first batch alone');
    assert.deepEqual(await contents(killed), before, 'rows, batches, counts, imports and vintages as before');

    for (const db of [killed, straight]) {
      const store = await Store.open(db);
      await importPaths(store, files);
      store.close();
    }
    const after = await contents(killed);
    assert.deepEqual(after, await contents(straight));
    assert.equal((after.events as unknown[]).length, 6);
    assert.deepEqual(after.vintage, [{ batch: 'police-uk/street/Hertfordshire Constabulary/2021-01', n: 500 }]);
  },
);
