/**
 * Proof on the real Hertfordshire files: for Dacorum (E07000096) and each month 2021-01..2022-11,
 * the stored count per crime type equals an independent count of the CSV rows (parsed here in
 * plain JavaScript, not DuckDB) attributed by LSOA through the ONS lookup, after the duplicate
 * policy; and re-importing the later download of 2022-01 changes outcomes but not counts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Store } from '../../src/store/db.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { SHARED_DATA, SKIP_NO_SHARED, sharedPath } from '../helpers/shared-data.ts';
import { readPlainCsv, splitCsvLine } from '../helpers/plain-csv.ts';

const DACORUM = 'E07000096';
const MONTHS = Array.from(
  { length: 23 },
  (_, i) => `${2021 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
);

function compareKeys(a: (string | number | undefined)[], b: (string | number | undefined)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
    if (x === undefined || (typeof x === 'number' && Number.isNaN(x))) return 1;
    if (y === undefined || (typeof y === 'number' && Number.isNaN(y))) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** Data rows (header dropped) of a gzip CSV. */
function readGzCsv(path: string): string[][] {
  return readPlainCsv(path).slice(1);
}

/** Independent count: Dacorum rows per crime type, one row per Crime ID preferring a located copy. */
function independentCounts(month: string, dacorumLsoas: Set<string>): Map<string, number> {
  const rows = readGzCsv(sharedPath('police-uk', 'hertfordshire', `${month}-hertfordshire-street.csv.gz`));
  const byId = new Map<string, string[][]>();
  const kept: string[][] = [];
  for (const r of rows) {
    const id = r[0]!;
    if (id === '') kept.push(r);
    else byId.set(id, [...(byId.get(id) ?? []), r]);
  }
  for (const copies of byId.values()) {
    // The documented rule: located first, then with coordinates, then by content
    // (crime type, LSOA, longitude, latitude, location, outcome, context).
    const key = (c: string[]) => [
      c[7] === '' ? 1 : 0,
      c[4] === '' ? 1 : 0,
      c[9],
      c[7],
      Number(c[4] || 'NaN'),
      Number(c[5] || 'NaN'),
      c[6],
      c[10],
      c[11],
    ];
    const sorted = [...copies].sort((a, b) => compareKeys(key(a), key(b)));
    kept.push(sorted[0]!);
  }
  const counts = new Map<string, number>();
  for (const r of kept) if (dacorumLsoas.has(r[7]!)) counts.set(r[9]!, (counts.get(r[9]!) ?? 0) + 1);
  return counts;
}

test(
  'Dacorum counts per month and crime type match an independent count of the CSV rows',
  { skip: SKIP_NO_SHARED, timeout: 300_000 },
  async () => {
    const lookupPath = sharedPath('ons', 'lsoa11-ward19-lad19.csv.gz');
    const lookupRows = readGzCsv(lookupPath);
    const header = splitCsvLine(
      gunzipSync(readFileSync(lookupPath))
        .toString('utf8')
        .split(/\r?\n/)[0]!
        .replace(/^\uFEFF/, ''),
    );
    const lsoaCol = header.indexOf('LSOA11CD');
    const ladCol = header.indexOf('LAD19CD');
    const dacorumLsoas = new Set(lookupRows.filter((r) => r[ladCol] === DACORUM).map((r) => r[lsoaCol]!));
    // zcat lsoa11-ward19-lad19.csv.gz | grep -c E07000096 → 94
    assert.equal(dacorumLsoas.size, 94, 'Dacorum has 94 LSOAs (2011) in the ONS lookup');

    const store = await Store.open(':memory:');
    await importPaths(store, [lookupPath]);
    await importPaths(
      store,
      MONTHS.map((m) => sharedPath('police-uk', 'hertfordshire', `${m}-hertfordshire-street.csv.gz`)),
    );

    const stored = await store.all<{ month: string; category: string; n: number }>({
      sql: `SELECT strftime(month, '%Y-%m') AS month, category, count(*) AS n FROM events_located
          WHERE district_code = ? GROUP BY ALL`,
      params: [DACORUM],
    });
    let compared = 0;
    for (const month of MONTHS) {
      const expected = independentCounts(month, dacorumLsoas);
      const actual = new Map(stored.filter((r) => r.month === month).map((r) => [r.category, r.n]));
      assert.deepEqual(
        Object.fromEntries([...actual].sort()),
        Object.fromEntries([...expected].sort()),
        `Dacorum ${month}`,
      );
      compared += [...expected.values()].reduce((a, b) => a + b, 0);
    }
    assert.ok(compared > 20000, `compared ${compared} Dacorum rows`);

    // The later download of 2022-01: same rows and Crime IDs, different outcomes.
    const before = await store.all({
      sql: "SELECT category, count(*) AS n FROM events_located WHERE district_code = ? AND month = DATE '2022-01-01' GROUP BY ALL ORDER BY category",
      params: [DACORUM],
    });
    const outcomesBefore = await store.all<{ record_id: string; outcome: string }>(
      "SELECT record_id, outcome FROM events WHERE month = DATE '2022-01-01' AND record_id IS NOT NULL ORDER BY record_id",
    );
    const [result] = await importPaths(store, [
      sharedPath('police-uk', 'hertfordshire-2022-01-later-download', '2022-01-hertfordshire-street.csv.gz'),
    ]);
    const after = await store.all({
      sql: "SELECT category, count(*) AS n FROM events_located WHERE district_code = ? AND month = DATE '2022-01-01' GROUP BY ALL ORDER BY category",
      params: [DACORUM],
    });
    assert.deepEqual(after, before, 'counts do not change');
    const outcomesAfter = await store.all<{ record_id: string; outcome: string }>(
      "SELECT record_id, outcome FROM events WHERE month = DATE '2022-01-01' AND record_id IS NOT NULL ORDER BY record_id",
    );
    const changed = outcomesAfter.filter((r, i) => r.outcome !== outcomesBefore[i]?.outcome).length;
    assert.ok(changed > 1000, `outcomes changed: ${changed}`);
    assert.equal(result?.rowsReplaced, result?.rowsLoaded);
    assert.ok(
      result?.notes.some((n) => new RegExp(`${changed} outcomes changed`).test(n)),
      result?.notes.join('\n'),
    );
    store.close();
  },
);

test('shared data present or skipped with a message', () => {
  if (SHARED_DATA === null) console.log('../shared/data not found: real-data tests skipped');
});
