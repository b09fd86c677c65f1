/** Backups in-process: scheduled runs keep the newest N complete folders; a folder that exists is never written over; a damaged backup is refused on restore. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Store } from '../../src/store/db.ts';
import { readManifest, restoreBackup, tableCounts, writeBackup } from '../../src/store/backup.ts';
import { parseEvery, scheduleBackups, scheduledName, SCHEDULED_PREFIX } from '../../src/serve/scheduled-backups.ts';
import { SaferError } from '../../src/core/errors.ts';

async function smallStore(dir: string): Promise<Store> {
  const store = await Store.open(join(dir, 'store.duckdb'));
  await store.run(
    `INSERT INTO imports (import_id, kind, source, file, checksum, bytes, started_at, finished_at) VALUES (nextval('import_id_seq'), 'population', 'test', 'x.csv', 'abc', 1, now(), now())`,
  );
  await store.run(
    `INSERT INTO population VALUES (1, 'b', 'E01000001', 2020, 'population', 1500), (1, 'b', 'E01000002', 2020, 'population', 1600)`,
  );
  return store;
}

test('--backup-every periods, and folder names that sort by time', () => {
  assert.equal(parseEvery('30m'), 30 * 60_000);
  assert.equal(parseEvery('6h'), 6 * 3_600_000);
  assert.equal(parseEvery('1d'), 86_400_000);
  assert.throws(() => parseEvery('10s'), SaferError);
  assert.throws(() => parseEvery('daily'), SaferError);
  assert.equal(scheduledName(new Date('2025-01-31T02:00:00.123Z')), 'safer-backup-20250131T020000Z');
});

test('scheduled backups: one per period, the newest kept, each whole and restorable', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'safer-backup-'));
  const store = await smallStore(dir);
  const backups = join(dir, 'backups');
  const reports: string[] = [];
  let n = 0;
  try {
    // the name is made per run from the clock: a counter keeps them apart within a second
    const stop = scheduleBackups({
      dir: backups,
      everyMs: 150,
      keep: 2,
      take: (out) => writeBackup(`${out}-${String(n++).padStart(3, '0')}`, store, null),
      report: (m) => reports.push(m),
    });
    for (let i = 0; i < 100 && n < 5; i++) await sleep(50);
    stop();
    await sleep(300);
    const kept = readdirSync(backups)
      .filter((f) => f.startsWith(SCHEDULED_PREFIX))
      .sort();
    assert.equal(kept.length, 2, reports.join('\n'));
    assert.ok(kept.every((k) => existsSync(join(backups, k, 'manifest.json'))));
    const restored = join(dir, 'restored.duckdb');
    await restoreBackup(join(backups, kept[1]!), restored, join(dir, 'restored.auth.duckdb'));
    const copy = await Store.open(restored, { readOnly: true });
    try {
      assert.deepEqual(await tableCounts(copy), await tableCounts(store));
      assert.equal((await copy.one<{ s: number }>('SELECT sum(value) AS s FROM population'))!.s, 3100);
    } finally {
      copy.close();
    }
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a backup never writes over a folder; a backup whose files disagree with its manifest is refused on restore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'safer-backup-'));
  const store = await smallStore(dir);
  try {
    const out = join(dir, 'b1');
    await writeBackup(out, store, null);
    await assert.rejects(
      writeBackup(out, store, null),
      (e: unknown) => e instanceof SaferError && e.code === 'E_EXISTS',
    );
    const manifest = readManifest(out);
    assert.equal(manifest.store.tables['population'], 2);
    manifest.store.tables['population'] = 3;
    writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest));
    await assert.rejects(
      restoreBackup(out, join(dir, 'r.duckdb'), join(dir, 'r.auth.duckdb')),
      (e: unknown) => e instanceof SaferError && e.code === 'E_BACKUP_DAMAGED',
    );
    assert.equal(existsSync(join(dir, 'r.duckdb')), false, 'nothing left at the target');
    assert.ok(!readdirSync(dir).some((f) => f.includes('.restoring-')));
    await assert.rejects(
      restoreBackup(dir, join(dir, 'r.duckdb'), join(dir, 'r.auth.duckdb')),
      (e: unknown) => e instanceof SaferError && e.code === 'E_NOT_BACKUP',
    );
    assert.ok(readFileSync(join(out, 'manifest.json'), 'utf8').includes('safer-backup'));
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
