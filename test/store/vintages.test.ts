/**
 * Vintages and undo on real data.police.uk files: a partial month is refused, confirmed, then
 * undone with every row back exactly; a month downloaded again is kept as a second vintage and
 * the differences are counted, checked against a count made here from the two CSVs directly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../src/store/db.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { undoImport, previewUndo } from '../../src/store/vintages.ts';
import { vintageChanges } from '../../src/store/vintage-changes.ts';
import { checkStore } from '../../src/store/check.ts';
import { readStatus } from '../../src/store/status.ts';
import { SaferError } from '../../src/core/errors.ts';
import { SKIP_NO_SHARED, sharedPath } from '../helpers/shared-data.ts';
import { readPlainCsv } from '../helpers/plain-csv.ts';

const EARLY = () => sharedPath('police-uk', 'hertfordshire', '2022-01-hertfordshire-street.csv.gz');
const LATER = () =>
  sharedPath('police-uk', 'hertfordshire-2022-01-later-download', '2022-01-hertfordshire-street.csv.gz');

/** Every row of a table, order-independent, as one digest (the exact contents, not just the count). */
async function digest(store: Store, table: string): Promise<{ n: number; md5: string }> {
  const r = await store.one<{ n: number; md5: string }>(
    `SELECT count(*) AS n, md5(coalesce(string_agg(t::VARCHAR, '|' ORDER BY t::VARCHAR), '')) AS md5 FROM ${table} t`,
  );
  return r!;
}

test(
  'a 200-row partial month is refused without confirmation, loaded with it, and undone: every row back exactly',
  { skip: SKIP_NO_SHARED },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'safer-vintage-'));
    const store = await Store.open(join(dir, 'store.duckdb'));
    try {
      await importPaths(store, [EARLY()]);
      const before = await digest(store, 'events');
      const imports = await digest(store, 'imports');
      assert.equal(before.n, 8057); // 8,058 rows, one duplicate Crime ID dropped (test/ingest checks that count)

      // the first 200 lines of the same file (header + 199 rows), as issue 15 F1 made it
      const text = gunzipSync(readFileSync(EARLY())).toString('utf8');
      const partial = join(dir, 'partial');
      mkdirSync(partial);
      writeFileSync(
        join(partial, '2022-01-hertfordshire-street.csv'),
        `${text.split(/\r?\n/).slice(0, 200).join('\n')}\n`,
      );

      await assert.rejects(
        importPaths(store, [partial]),
        (e: unknown) => e instanceof SaferError && e.code === 'E_REPLACE_SHRINKS' && /8,057 → 199/.test(e.message),
      );
      assert.deepEqual(await digest(store, 'events'), before, 'refused: nothing changed');

      const [result] = await importPaths(store, [partial], { replace: true });
      assert.equal(result!.rowsLoaded, 199);
      assert.equal(result!.rowsReplaced, 8057);
      assert.equal((await store.one<{ n: number }>('SELECT count(*) AS n FROM events'))!.n, 199);
      assert.equal(
        (await store.one<{ n: number }>(
          'SELECT count(*) AS n FROM vintage_events WHERE retired_by = ?'.replace('?', String(result!.importId)),
        ))!.n,
        8057,
        'the replaced rows are kept',
      );

      const preview = await previewUndo(store, result!.importId!);
      assert.deepEqual(
        {
          remove: preview!.rowsToRemove,
          restore: preview!.rowsToRestore,
          from: preview!.restoredImports,
          blocked: preview!.blockedBy,
        },
        { remove: 199, restore: 8057, from: [1], blocked: [] },
      );

      const undone = await undoImport(store, result!.importId!, 'test');
      assert.equal(undone.rowsRemoved, 199);
      assert.equal(undone.rowsRestored, 8057);
      assert.deepEqual(await digest(store, 'events'), before, 'every row back, exactly as it was');
      // import #1 is current again; the undone import is marked, not deleted
      assert.equal(
        (await store.one<{ r: number | null }>('SELECT replaced_by AS r FROM imports WHERE import_id = 1'))!.r,
        null,
      );
      assert.notEqual((await digest(store, 'imports')).md5, imports.md5, 'the undone import stays in the history');
      const status = await readStatus(store);
      assert.equal(status.recentImports.find((i) => i.id === result!.importId)?.undone, true);
      assert.equal(status.imports.find((i) => i.kind === 'police-uk-street')?.rowsLoaded, 8057);
      const check = await checkStore(store);
      assert.deepEqual(check.problems, [], 'safer check agrees with the undo');

      await assert.rejects(
        undoImport(store, result!.importId!, 'test'),
        (e: unknown) => e instanceof SaferError && e.code === 'E_UNDONE',
      );
      await assert.rejects(
        undoImport(store, 999, 'test'),
        (e: unknown) => e instanceof SaferError && e.code === 'E_NOT_FOUND',
      );
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('an import later imports replace is undone after them, newest first', { skip: SKIP_NO_SHARED }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'safer-vintage-'));
  const store = await Store.open(join(dir, 'store.duckdb'));
  try {
    const [a] = await importPaths(store, [EARLY()]);
    const [b] = await importPaths(store, [LATER()]);
    const copy = join(dir, 'again');
    mkdirSync(copy);
    // the early file again under another name: a third vintage (its checksum is import a's, but a's rows are no longer current)
    writeFileSync(join(copy, '2022-01-hertfordshire-street.csv.gz'), readFileSync(EARLY()));
    const [c] = await importPaths(store, [copy]);
    assert.equal(c!.status, 'loaded');
    await assert.rejects(
      undoImport(store, b!.importId!, 'test'),
      (e: unknown) => e instanceof SaferError && e.code === 'E_UNDO_LATER' && e.message.includes(`#${c!.importId}`),
    );
    await undoImport(store, c!.importId!, 'test');
    const afterC = await store.one<{ n: number; ids: number[] }>(
      'SELECT count(*) AS n, list(DISTINCT import_id) AS ids FROM events',
    );
    assert.deepEqual(afterC, { n: 8057, ids: [b!.importId] });
    await undoImport(store, b!.importId!, 'test');
    const afterB = await store.one<{ n: number; ids: number[] }>(
      'SELECT count(*) AS n, list(DISTINCT import_id) AS ids FROM events',
    );
    assert.deepEqual(afterB, { n: 8057, ids: [a!.importId] });
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Crime ID → the set of values of a column in a file (a duplicated ID can carry two). */
function byCrimeId(path: string, column: string): { ids: Map<string, Set<string>>; anonymous: Map<string, number> } {
  const [header, ...rows] = readPlainCsv(path);
  const col = (name: string) => header!.indexOf(name);
  const id = col('Crime ID');
  const value = col(column);
  const ids = new Map<string, Set<string>>();
  const anonymous = new Map<string, number>();
  const wholeRow = [
    'Crime type',
    'LSOA code',
    'Location',
    'Longitude',
    'Latitude',
    'Context',
    'Last outcome category',
  ].map(col);
  for (const r of rows) {
    if (r[id]) {
      const set = ids.get(r[id]!) ?? new Set<string>();
      set.add(r[value] ?? '');
      ids.set(r[id]!, set);
    } else {
      const key = wholeRow.map((i) => r[i]).join('\u0001');
      anonymous.set(key, (anonymous.get(key) ?? 0) + 1);
    }
  }
  return { ids, anonymous };
}

const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));

test(
  'Hertfordshire 2022-01 downloaded twice: two vintages, the newer in use, differences counted as the two CSVs say',
  { skip: SKIP_NO_SHARED },
  async () => {
    // independent count: both files read here as plain CSV, compared by Crime ID (rows without one as whole rows)
    const early = byCrimeId(EARLY(), 'Last outcome category');
    const later = byCrimeId(LATER(), 'Last outcome category');
    const earlyType = byCrimeId(EARLY(), 'Crime type').ids;
    const laterType = byCrimeId(LATER(), 'Crime type').ids;
    const added = [...later.ids.keys()].filter((k) => !early.ids.has(k)).length;
    const removed = [...early.ids.keys()].filter((k) => !later.ids.has(k)).length;
    const outcomeChanged = [...early.ids].filter(([k, v]) => later.ids.has(k) && !sameSet(v, later.ids.get(k)!)).length;
    const reclassified = [...earlyType].filter(([k, v]) => laterType.has(k) && !sameSet(v, laterType.get(k)!)).length;
    let anonAdded = 0;
    let anonRemoved = 0;
    for (const key of new Set([...early.anonymous.keys(), ...later.anonymous.keys()])) {
      const d = (later.anonymous.get(key) ?? 0) - (early.anonymous.get(key) ?? 0);
      if (d > 0) anonAdded += d;
      else anonRemoved -= d;
    }
    // what the files hold (README: same rows and Crime IDs, different outcomes): 4,164 outcomes changed
    assert.deepEqual(
      { added, removed, reclassified, outcomeChanged, anonAdded, anonRemoved },
      { added: 0, removed: 0, reclassified: 0, outcomeChanged: 4164, anonAdded: 0, anonRemoved: 0 },
    );

    const dir = mkdtempSync(join(tmpdir(), 'safer-vintage-'));
    const store = await Store.open(join(dir, 'store.duckdb'));
    try {
      const [a] = await importPaths(store, [EARLY()]);
      const [b] = await importPaths(store, [LATER()]);
      const changes = await vintageChanges(store);
      assert.equal(changes.length, 1);
      const c = changes[0]!;
      assert.deepEqual(
        {
          month: c.month,
          force: c.force,
          older: c.olderImports,
          newer: c.newerImport,
          before: c.rowsBefore,
          after: c.rowsAfter,
          added: c.added,
          removed: c.removed,
          reclassified: c.reclassified,
          outcomeChanged: c.outcomeChanged,
        },
        {
          month: '2022-01',
          force: 'Hertfordshire Constabulary',
          older: [a!.importId],
          newer: b!.importId,
          before: 8057,
          after: 8057,
          added: added + anonAdded,
          removed: removed + anonRemoved,
          reclassified,
          outcomeChanged,
        },
      );
      // the newest vintage is the one in use
      const underInvestigation = await store.one<{ n: number }>(
        "SELECT count(*) AS n FROM events WHERE outcome = 'Under investigation'",
      );
      const laterUnder = [...later.ids.values()].filter((v) => v.has('Under investigation')).length;
      assert.equal(underInvestigation!.n, laterUnder);
      // and status shows it
      const status = await readStatus(store);
      assert.equal(status.vintages?.[0]?.outcomeChanged, 4164);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
