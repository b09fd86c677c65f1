/**
 * One writer, many readers, backups and crashes, as processes: `safer serve` owns a store and
 * the command line works through it (or says who holds the store), two imports at once queue,
 * a backup taken while serving restores to identical tables and accounts, and kill -9 during an
 * import or a backup leaves the store and the backup folder whole or absent. Real Hertfordshire
 * months (../shared/data).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Store } from '../../src/store/db.ts';
import { tableCounts } from '../../src/store/backup.ts';
import { checkStore } from '../../src/store/check.ts';
import { AuthStore } from '../../src/serve/auth/store.ts';
import type { StoreOwner } from '../../src/store/owner.ts';
import { SKIP_NO_SHARED, sharedPath } from '../helpers/shared-data.ts';

const BIN = fileURLToPath(new URL('../../bin/safer.js', import.meta.url));
const LOCK_TEXT = /Could not set lock|Conflicting lock|IO Error/;
const PASSWORD = 'a long pass phrase for the test 7';
const month = (m: string) => sharedPath('police-uk', 'hertfordshire', `${m}-hertfordshire-street.csv.gz`);

function safer(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

function saferAsync(args: string[]): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => ok({ code, stdout, stderr }));
  });
}

/** Starts safer serve on a free port and waits for its server file. */
async function serve(db: string): Promise<{ child: ChildProcess; owner: StoreOwner; exited: Promise<void> }> {
  const child = spawn(process.execPath, [BIN, '--db', db, 'serve', '--port', '0'], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((ok) => child.on('exit', () => ok()));
  for (let i = 0; i < 600; i++) {
    const file = `${db}.server.json`;
    if (existsSync(file)) {
      const owner = JSON.parse(readFileSync(file, 'utf8')) as StoreOwner;
      if (owner.pid === child.pid) return { child, owner, exited };
    }
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`safer serve did not start: ${log}`);
}

async function counts(db: string): Promise<Record<string, number>> {
  const store = await Store.open(db, { readOnly: true });
  try {
    return await tableCounts(store);
  } finally {
    store.close();
  }
}

async function accounts(authDb: string): Promise<unknown[]> {
  const auth = await AuthStore.open(authDb);
  try {
    return auth.listUsers().map((u) => ({ ...u }));
  } finally {
    auth.close();
  }
}

test(
  'while safer serve owns the store: CLI import, status and backup go through it, assess says who holds it; the backup restores identical',
  { skip: SKIP_NO_SHARED, timeout: 240_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'safer-one-writer-'));
    const db = join(dir, 'store.duckdb');
    let server: Awaited<ReturnType<typeof serve>> | null = null;
    try {
      assert.equal(safer(['--db', db, 'import', month('2022-01'), '--json']).code, 0);
      assert.equal(safer(['--db', db, 'serve', '--create-admin', 'chief'], { SAFER_ADMIN_PASSWORD: PASSWORD }).code, 0);
      server = await serve(db);

      const imported = safer(['--db', db, 'import', month('2022-02'), '--json']);
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(
        imported.stderr,
        new RegExp(`safer serve \\(PID ${server.owner.pid}, .*\\) owns this store: sent to it`),
      );
      assert.doesNotMatch(imported.stderr + imported.stdout, LOCK_TEXT);
      const result = JSON.parse(imported.stdout) as { server: { pid: number }; results: { rowsLoaded: number }[] };
      assert.equal(result.server.pid, server.owner.pid);
      assert.ok(result.results[0]!.rowsLoaded > 7000);

      const status = safer(['--db', db, 'status', '--json']);
      assert.equal(status.code, 0, status.stderr);
      const sources = (JSON.parse(status.stdout) as { eventSources: { firstMonth: string; lastMonth: string }[] })
        .eventSources;
      assert.ok(sources.length > 0);
      for (const s of sources) assert.deepEqual([s.firstMonth, s.lastMonth], ['2022-01', '2022-02']);

      for (const args of [['assess', '--area', 'Dacorum'], ['check']]) {
        const refused = safer(['--db', db, ...args]);
        assert.equal(refused.code, 2, refused.stderr);
        assert.match(
          refused.stderr,
          new RegExp(
            `open in safer serve \\(PID ${server.owner.pid}, http://127\\.0\\.0\\.1:\\d+/\\)[\\s\\S]*stop the server`,
          ),
        );
        assert.doesNotMatch(refused.stderr, LOCK_TEXT);
      }

      const backedUp = safer(['--db', db, 'backup', '--out', join(dir, 'backup'), '--json']);
      assert.equal(backedUp.code, 0, backedUp.stderr);
      assert.match(backedUp.stderr, /sent to it/);

      server.child.kill('SIGTERM');
      await server.exited;
      server = null;
      assert.equal(existsSync(`${db}.server.json`), false, 'the server file goes with the server');

      const restored = safer(['--db', join(dir, 'restored.duckdb'), 'restore', join(dir, 'backup'), '--json']);
      assert.equal(restored.code, 0, restored.stderr);
      // every table of the live store and of the restored one, counted independently of the manifest
      const live = await counts(db);
      assert.ok(live['events']! > 15000);
      assert.deepEqual(await counts(join(dir, 'restored.duckdb')), live);
      assert.deepEqual(
        await accounts(join(dir, 'restored.auth.duckdb')),
        await accounts(join(dir, 'store.auth.duckdb')),
      );
      // over an existing store: refused
      const again = safer(['--db', db, 'restore', join(dir, 'backup')]);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /A file exists where the restored store would go/);
    } finally {
      if (server) server.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test(
  'two command-line imports at once: the second waits, saying for whom, and both land',
  { skip: SKIP_NO_SHARED, timeout: 240_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'safer-one-writer-'));
    const db = join(dir, 'store.duckdb');
    try {
      assert.equal(safer(['--db', db, 'import', month('2021-01')]).code, 0);
      const [a, b] = await Promise.all([
        saferAsync(['--db', db, 'import', month('2021-02'), month('2021-03'), '--json']),
        saferAsync(['--db', db, 'import', month('2021-04'), '--json']),
      ]);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(b.code, 0, b.stderr);
      assert.doesNotMatch(a.stderr + b.stderr, LOCK_TEXT);
      assert.match(a.stderr + b.stderr, /waiting: the store is in use by another Safer process \(PID \d+\)/);
      const store = await Store.open(db, { readOnly: true });
      try {
        assert.equal((await store.one<{ n: number }>('SELECT count(DISTINCT month) AS n FROM events'))!.n, 4);
      } finally {
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test(
  'kill -9 of the server during an import and during a backup: store and backup folder whole or absent',
  { skip: SKIP_NO_SHARED, timeout: 300_000 },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'safer-one-writer-'));
    const db = join(dir, 'store.duckdb');
    const months = ['2021-01', '2021-02', '2021-03', '2021-04', '2021-05', '2021-06'];
    try {
      assert.equal(safer(['--db', db, 'import', ...months.map(month)]).code, 0);
      assert.equal(safer(['--db', db, 'serve', '--create-admin', 'chief'], { SAFER_ADMIN_PASSWORD: PASSWORD }).code, 0);
      const before = await counts(db);

      // an import of six more months through the server, killed part-way
      let server = await serve(db);
      const later = ['2021-07', '2021-08', '2021-09', '2021-10', '2021-11', '2021-12'].map(month);
      const call = fetch(`${server.owner.localUrl}/api/local/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.owner.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ paths: later }),
      }).catch(() => null);
      await sleep(700);
      server.child.kill('SIGKILL');
      await server.exited;
      await call;
      const afterImport = await counts(db);
      const store = await Store.open(db, { readOnly: true });
      try {
        const check = await checkStore(store);
        assert.deepEqual(check.problems, [], 'the store is whole after kill -9 during an import');
        const eventsNow = afterImport['events']!;
        const landed = eventsNow !== before['events'];
        t.diagnostic(`import killed after 700 ms: ${landed ? 'it had committed' : 'nothing of it kept'}`);
        // all or nothing: either the six months are in (and recorded) or nothing changed
        if (landed)
          assert.equal((await store.one<{ n: number }>('SELECT count(DISTINCT month) AS n FROM events'))!.n, 12);
        else assert.deepEqual(afterImport, before);
      } finally {
        store.close();
      }

      // backups killed at several points: each folder complete (restorable, identical) or absent
      for (const delay of [50, 250, 600]) {
        server = await serve(db);
        const out = join(dir, `backup-${delay}`);
        const taking = fetch(`${server.owner.localUrl}/api/local/backup`, {
          method: 'POST',
          headers: { authorization: `Bearer ${server.owner.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ out }),
        }).catch(() => null);
        await sleep(delay);
        server.child.kill('SIGKILL');
        await server.exited;
        await taking;
        t.diagnostic(
          `backup killed after ${delay} ms: ${existsSync(out) ? 'complete' : 'absent'}${readdirSync(dir).some((n) => n.startsWith(`.backup-${delay}.partial-`)) ? ' (its hidden partial folder left)' : ''}`,
        );
        if (existsSync(out)) {
          const target = join(dir, `restored-${delay}.duckdb`);
          const restored = safer(['--db', target, 'restore', out]);
          assert.equal(restored.code, 0, restored.stderr);
          assert.deepEqual(await counts(target), await counts(db));
        }
        // nothing half-written under the backup's own name
        assert.deepEqual(
          readdirSync(dir).filter((n) => n.startsWith('backup-') && !existsSync(join(dir, n, 'manifest.json'))),
          [],
        );
      }
      // a later backup sweeps the hidden folders the killed ones left
      const last = safer(['--db', db, 'backup', '--out', join(dir, 'backup-final')]);
      assert.equal(last.code, 0, last.stderr);
      assert.deepEqual(
        readdirSync(dir).filter((n) => n.includes('.partial-')),
        [],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
