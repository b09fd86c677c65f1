/**
 * A store pinned to a moment (assess --as-of): what was loaded then, with later replacements and
 * undos taken back, on the real Hertfordshire 2022-01 downloads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Store } from '../../src/store/db.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { undoImport } from '../../src/store/vintages.ts';
import { openAsOf, parseAsOf } from '../../src/store/as-of.ts';
import { checkStore } from '../../src/store/check.ts';
import { SaferError } from '../../src/core/errors.ts';
import { SKIP_NO_SHARED, sharedPath } from '../helpers/shared-data.ts';
import { readPlainCsv } from '../helpers/plain-csv.ts';

const EARLY = () => sharedPath('police-uk', 'hertfordshire', '2022-01-hertfordshire-street.csv.gz');
const LATER = () =>
  sharedPath('police-uk', 'hertfordshire-2022-01-later-download', '2022-01-hertfordshire-street.csv.gz');

/** Rows of a file whose outcome is "Under investigation" (one per Crime ID: the store keeps one copy of a duplicated ID). */
function underInvestigation(path: string): number {
  const [header, ...rows] = readPlainCsv(path);
  const id = header!.indexOf('Crime ID');
  const outcome = header!.indexOf('Last outcome category');
  return new Set(rows.filter((r) => r[outcome] === 'Under investigation').map((r) => r[id])).size;
}

test('--as-of: a date or a date and time, anything else refused with an example', () => {
  assert.equal(parseAsOf('2025-03-31').label, '2025-03-31T23:59:59');
  assert.equal(parseAsOf('2025-03-31T10:15:00').label, '2025-03-31T10:15:00');
  assert.throws(
    () => parseAsOf('31/03/2025'),
    (e: unknown) => e instanceof SaferError && /YYYY-MM-DD/.test(e.message),
  );
});

test(
  'pinned to each moment: the early download, the later one, a confirmed partial month, and after its undo',
  { skip: SKIP_NO_SHARED },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'safer-as-of-'));
    const path = join(dir, 'store.duckdb');
    const store = await Store.open(path);
    const finished: string[] = [];
    const stamp = async (id: number | null) =>
      finished.push(
        (await store.one<{ t: string }>({
          sql: "SELECT strftime(finished_at, '%Y-%m-%dT%H:%M:%S') AS t FROM imports WHERE import_id = ?",
          params: [id],
        }))!.t,
      );
    try {
      const [a] = await importPaths(store, [EARLY()]);
      await stamp(a!.importId);
      await sleep(1100);
      const [b] = await importPaths(store, [LATER()]);
      await stamp(b!.importId);
      await sleep(1100);
      const partial = join(dir, 'partial');
      mkdirSync(partial);
      const text = gunzipSync(readFileSync(EARLY())).toString('utf8');
      writeFileSync(
        join(partial, '2022-01-hertfordshire-street.csv'),
        `${text.split(/\r?\n/).slice(0, 200).join('\n')}\n`,
      );
      const [c] = await importPaths(store, [partial], { replace: true });
      await stamp(c!.importId);
      await sleep(1100);
      await undoImport(store, c!.importId!, 'test');
    } finally {
      store.close();
    }
    const expect = [
      { at: finished[0]!, rows: 8057, under: underInvestigation(EARLY()), imports: 1 },
      { at: finished[1]!, rows: 8057, under: underInvestigation(LATER()), imports: 2 },
      { at: finished[2]!, rows: 199, under: null, imports: 3 },
    ];
    try {
      for (const e of expect) {
        const pinned = await openAsOf(path, e.at);
        try {
          const r = (await pinned.store.one<{ n: number; under: number; imports: number }>(
            "SELECT count(*) AS n, count(*) FILTER (WHERE outcome = 'Under investigation') AS under, (SELECT count(*) FROM imports) AS imports FROM events",
          ))!;
          assert.equal(r.n, e.rows, `rows as of ${e.at}`);
          if (e.under !== null) assert.equal(r.under, e.under, `outcomes as of ${e.at}`);
          assert.equal(r.imports, e.imports);
          assert.deepEqual(
            (await checkStore(pinned.store)).problems,
            [],
            `the pinned copy is consistent as of ${e.at}`,
          );
        } finally {
          pinned.close();
        }
      }
      // after the undo: the later download again
      const now = await openAsOf(path, new Date(Date.now() + 60_000).toISOString().slice(0, 19));
      try {
        const r = (await now.store.one<{ n: number; under: number }>(
          "SELECT count(*) AS n, count(*) FILTER (WHERE outcome = 'Under investigation') AS under FROM events",
        ))!;
        assert.deepEqual(r, { n: 8057, under: underInvestigation(LATER()) });
      } finally {
        now.close();
      }
      await assert.rejects(
        openAsOf(path, '2000-01-01'),
        (e: unknown) => e instanceof SaferError && /Nothing had been imported/.test(e.message),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
