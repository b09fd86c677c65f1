import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Store } from '../../src/store/db.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { SaferError } from '../../src/core/errors.ts';
import { streetRow, tempDir, writeStreetFile, STREET_HEADER } from '../helpers/police-uk-fixture.ts';

async function freshStore(): Promise<Store> {
  return Store.open(':memory:');
}

async function count(store: Store, sql = 'SELECT count(*) AS n FROM events'): Promise<number> {
  return (await store.one<{ n: number }>(sql))!.n;
}

async function rejects(
  promise: Promise<unknown>,
  match: RegExp,
  where: Partial<{ line: number; column: string | number }> = {},
): Promise<SaferError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SaferError, `expected a SaferError, got ${String(error)}`);
    assert.match(error.format(), match);
    if (where.line !== undefined) assert.equal(error.location.line, where.line);
    if (where.column !== undefined) assert.equal(error.location.column, where.column);
    return error;
  }
  assert.fail('expected the import to fail');
}

test('street file: crimes and ASB load with kinds, month, force and location', async () => {
  const dir = tempDir();
  const file = writeStreetFile(dir, '2021-01-hertfordshire-street.csv', [
    streetRow({ id: 'a1', type: 'Burglary' }),
    streetRow({ type: 'Anti-social behaviour' }),
    streetRow({ id: 'a2', type: 'Vehicle crime', lsoa: '' }),
  ]);
  const store = await freshStore();
  const [result] = await importPaths(store, [file]);
  assert.equal(result?.kind, 'police-uk-street');
  assert.equal(result?.rowsLoaded, 3);
  assert.equal(result?.rowsWithoutLocation, 1);
  const rows = await store.all<{ kind: string; category: string; month: string; force: string; lsoa: string | null }>(
    'SELECT kind, category, month, force, lsoa FROM events ORDER BY category',
  );
  assert.deepEqual(rows, [
    {
      kind: 'incident',
      category: 'Anti-social behaviour',
      month: '2021-01-01',
      force: 'Hertfordshire Constabulary',
      lsoa: 'E01023680',
    },
    {
      kind: 'crime',
      category: 'Burglary',
      month: '2021-01-01',
      force: 'Hertfordshire Constabulary',
      lsoa: 'E01023680',
    },
    { kind: 'crime', category: 'Vehicle crime', month: '2021-01-01', force: 'Hertfordshire Constabulary', lsoa: null },
  ]);
  store.close();
});

test('duplicate Crime IDs: exact copies dropped, located copy preferred, conflicts resolved to one', async () => {
  const dir = tempDir();
  const exact = streetRow({ id: 'dup-exact' });
  const file = writeStreetFile(
    dir,
    '2021-02-hertfordshire-street.csv',
    [
      exact,
      exact,
      exact,
      streetRow({ id: 'dup-loc', lsoa: '' }),
      streetRow({ id: 'dup-loc', lsoa: 'E01023681' }),
      streetRow({ id: 'dup-conflict', type: 'Burglary', lsoa: 'E01023682' }),
      streetRow({ id: 'dup-conflict', type: 'Other theft', lsoa: 'E01023682' }),
      streetRow({ id: 'single' }),
    ],
    { crlf: true },
  );
  const store = await freshStore();
  const [result] = await importPaths(store, [file]);
  assert.equal(result?.rowsRead, 8);
  assert.equal(result?.rowsLoaded, 4);
  assert.equal(result?.duplicatesDropped, 4);
  assert.deepEqual(result?.details?.duplicates, {
    exactCopies: 2,
    unlocatedCopiesOfLocatedRows: 1,
    conflictingCopies: 1,
  });
  const kept = await store.one<{ lsoa: string }>("SELECT lsoa FROM events WHERE record_id = 'dup-loc'");
  assert.equal(kept?.lsoa, 'E01023681');
  // The conflicting pair keeps the same row whatever the read order: ties are broken by content.
  const conflict = await store.one<{ category: string }>(
    "SELECT category FROM events WHERE record_id = 'dup-conflict'",
  );
  assert.equal(conflict?.category, 'Burglary');
  store.close();
});

test('a later download of the same force-month replaces it and says what changed', async () => {
  const dir = tempDir();
  const first = writeStreetFile(join(dir), '2021-03-hertfordshire-street.csv', [
    streetRow({ id: 'c1', outcome: 'Under investigation' }),
    streetRow({ id: 'c2', outcome: 'Under investigation' }),
  ]);
  const store = await freshStore();
  await importPaths(store, [first]);
  const laterDir = tempDir();
  const later = writeStreetFile(laterDir, '2021-03-hertfordshire-street.csv', [
    streetRow({ id: 'c1', outcome: 'Suspect charged' }),
    streetRow({ id: 'c2', outcome: 'Under investigation' }),
  ]);
  const [result] = await importPaths(store, [later]);
  assert.equal(result?.rowsReplaced, 2);
  assert.equal(await count(store), 2);
  assert.ok(
    result?.notes.some((n) => /2 → 2 rows, 1 outcomes changed, 0 Crime IDs added, 0 removed/.test(n)),
    result?.notes.join('\n'),
  );
  const old = await store.one<{ replaced_by: number | null }>(
    'SELECT replaced_by FROM imports ORDER BY import_id LIMIT 1',
  );
  assert.equal(old?.replaced_by, result?.importId);
  store.close();
});

test('re-importing an identical file is a no-op', async () => {
  const dir = tempDir();
  const file = writeStreetFile(
    dir,
    '2021-04-hertfordshire-street.csv',
    [streetRow({ id: 'x1' }), streetRow({ id: 'x2' })],
    { gzip: true },
  );
  const store = await freshStore();
  await importPaths(store, [file]);
  const [again] = await importPaths(store, [file]);
  assert.equal(again?.status, 'unchanged');
  assert.equal(await count(store), 2);
  assert.equal(await count(store, 'SELECT count(*) AS n FROM imports'), 1);
  store.close();
});

test('older crime-type names are mapped to today’s taxonomy and the published name kept', async () => {
  const dir = tempDir();
  const file = writeStreetFile(dir, '2012-01-hertfordshire-street.csv', [
    streetRow({ id: 'v1', month: '2012-01', type: 'Violent crime' }),
  ]);
  const store = await freshStore();
  await importPaths(store, [file]);
  const row = await store.one<{ category: string; published: string }>(
    "SELECT category, attrs->>'published_type' AS published FROM events",
  );
  assert.deepEqual(row, { category: 'Violence and sexual offences', published: 'Violent crime' });
  store.close();
});

test('a zip archive of several forces and months imports in one call', async () => {
  const dir = tempDir();
  const a = writeStreetFile(dir, '2021-05-hertfordshire-street.csv', [streetRow({ id: 'z1', month: '2021-05' })]);
  const b = writeStreetFile(dir, '2021-05-bedfordshire-street.csv', [
    streetRow({ id: 'z2', month: '2021-05', force: 'Bedfordshire Police' }),
  ]);
  const zipPath = join(dir, 'download.zip');
  writeFileSync(
    zipPath,
    makeZip([
      { name: '2021-05/2021-05-hertfordshire-street.csv', data: readFileSync(a) },
      { name: '2021-05/2021-05-bedfordshire-street.csv', data: readFileSync(b) },
    ]),
  );
  const store = await freshStore();
  const results = await importPaths(store, [zipPath]);
  assert.equal(results.length, 2);
  assert.ok(results.every((r) => r.file.startsWith(zipPath) && r.file.includes('!')));
  assert.deepEqual(await store.all('SELECT force, count(*) AS n FROM events GROUP BY force ORDER BY force'), [
    { force: 'Bedfordshire Police', n: 1 },
    { force: 'Hertfordshire Constabulary', n: 1 },
  ]);
  store.close();
});

test('bad input: wrong header names the column', async () => {
  const dir = tempDir();
  const path = join(dir, '2021-01-hertfordshire-street.csv');
  writeFileSync(path, `${STREET_HEADER.replace('Crime type', 'Crime kind')}\n${streetRow()}\n`);
  await rejects(importPaths(await freshStore(), [path]), /Header column 10 should be "Crime type".*Crime kind/s, {
    line: 1,
    column: 10,
  });
});

test('bad input: a malformed row names its line', async () => {
  const dir = tempDir();
  const path = writeStreetFile(dir, '2021-01-hertfordshire-street.csv', [
    streetRow({ id: 'ok1' }),
    streetRow({ id: 'ok2' }),
    'broken,row,with,too,few',
  ]);
  await rejects(importPaths(await freshStore(), [path]), /Malformed row/, { line: 4 });
});

test('bad input: an unparseable month names line, column and value', async () => {
  const dir = tempDir();
  const path = writeStreetFile(dir, '2021-01-hertfordshire-street.csv', [
    streetRow({ id: 'm1' }),
    streetRow({ id: 'm2', month: '01/2021' }),
  ]);
  const error = await rejects(importPaths(await freshStore(), [path]), /Month is not a YYYY-MM month.*01\/2021/s, {
    line: 3,
    column: 'Month',
  });
  assert.equal(error.location.value, '01/2021');
});

test('bad input: a malformed LSOA code and an unknown crime type are refused', async () => {
  const dir = tempDir();
  const lsoa = writeStreetFile(dir, '2021-01-hertfordshire-street.csv', [streetRow({ id: 'l1', lsoa: 'E0102368' })]);
  await rejects(importPaths(await freshStore(), [lsoa]), /LSOA code/, { line: 2, column: 'LSOA code' });
  const dir2 = tempDir();
  const type = writeStreetFile(dir2, '2021-01-hertfordshire-street.csv', [streetRow({ id: 't1', type: 'Jaywalking' })]);
  await rejects(importPaths(await freshStore(), [type]), /Unknown crime type.*Jaywalking/s, { line: 2 });
});

test('bad input: a row with an empty force names its line and column (not an aborted transaction)', async () => {
  const dir = tempDir();
  const path = writeStreetFile(dir, '2021-01-hertfordshire-street.csv', [
    streetRow({ id: 'f1' }),
    streetRow({ id: 'f2', force: '' }),
  ]);
  await rejects(importPaths(await freshStore(), [path]), /The force \("Falls within"\) is empty/, {
    line: 3,
    column: 'Falls within',
  });
});

test('bad input: empty file, header-only file, truncated gzip, and a file that is not what it claims', async () => {
  const dir = tempDir();
  const empty = join(dir, '2021-01-hertfordshire-street.csv');
  writeFileSync(empty, '');
  await rejects(importPaths(await freshStore(), [empty]), /empty/);

  const dir2 = tempDir();
  const headerOnly = writeStreetFile(dir2, '2021-01-hertfordshire-street.csv', []);
  await rejects(importPaths(await freshStore(), [headerOnly]), /no rows/);

  const dir3 = tempDir();
  const rows = Array.from({ length: 3000 }, (_, i) => streetRow({ id: `g${i}` }));
  const whole = writeStreetFile(dir3, '2021-01-hertfordshire-street.csv', rows, { gzip: true });
  const bytes = readFileSync(whole);
  writeFileSync(whole, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  const store = await freshStore();
  await rejects(importPaths(store, [whole]), /damaged or truncated/);
  assert.equal(await count(store), 0, 'nothing from a truncated file is kept');
  assert.equal(await count(store, 'SELECT count(*) AS n FROM imports'), 0, 'no provenance row for a failed import');

  const dir4 = tempDir();
  const png = join(dir4, 'photo.csv');
  writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
  await rejects(importPaths(await freshStore(), [png]), /Cannot tell what kind of data/);
});

test('all or nothing: one bad file in a call leaves the store as it was', async () => {
  const dir = tempDir();
  const good = writeStreetFile(dir, '2021-01-hertfordshire-street.csv', [streetRow({ id: 'g1' })]);
  const bad = writeStreetFile(dir, '2021-02-hertfordshire-street.csv', [streetRow({ id: 'b1', month: 'Feb' })]);
  const store = await freshStore();
  await rejects(importPaths(store, [good, bad]), /Month/);
  assert.equal(await count(store), 0);
  assert.equal(await count(store, 'SELECT count(*) AS n FROM imports'), 0);
  store.close();
});

test('--skip-bad-rows keeps the good rows and writes every rejected row with its reason', async () => {
  const dir = tempDir();
  const path = writeStreetFile(dir, '2021-01-hertfordshire-street.csv', [
    streetRow({ id: 's1' }),
    streetRow({ id: 's2', month: '2021-13' }),
    'too,few,columns',
    streetRow({ id: 's3', lon: 'west' }),
    streetRow({ id: 's4' }),
  ]);
  const store = await freshStore();
  const [result] = await importPaths(store, [path], { skipBadRows: true, rejectsDir: join(dir, 'rejects') });
  assert.equal(result?.rowsLoaded, 2);
  assert.equal(result?.rowsRejected, 3);
  assert.ok(result?.rejectsFile && existsSync(result.rejectsFile));
  const text = readFileSync(result.rejectsFile, 'utf8');
  assert.match(text, /^line,column,value,reason,raw/);
  assert.match(text, /Month is not a YYYY-MM month/);
  assert.match(text, /Longitude or latitude is not a number/);
  assert.match(text, /Expected Number of Columns/);
  assert.equal(text.trim().split('\n').length, 4);
  store.close();
});

test('an import killed halfway leaves the store exactly as before', async () => {
  const { spawn } = await import('node:child_process');
  const dir = tempDir();
  const dbPath = join(dir, 'store.duckdb');
  const seed = writeStreetFile(dir, '2020-12-hertfordshire-street.csv', [streetRow({ id: 'keep1', month: '2020-12' })]);
  let store = await Store.open(dbPath);
  await importPaths(store, [seed]);
  store.close();
  // A large call: 40 gzip files of 20,000 rows each, killed as soon as it has started reading.
  const big = join(dir, 'big');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(big);
  const rows = Array.from({ length: 20000 }, (_, i) => streetRow({ id: `k${i}`, month: '2021-01' }));
  const template = writeStreetFile(big, '2021-01-hertfordshire-street.csv', rows, { gzip: true });
  for (let m = 2; m <= 40; m++) {
    const month = `${2021 + Math.floor((m - 1) / 12)}-${String(((m - 1) % 12) + 1).padStart(2, '0')}`;
    const body = readFileSync(template);
    const text = (await import('node:zlib')).gunzipSync(body).toString().replaceAll('2021-01', month);
    writeFileSync(join(big, `${month}-hertfordshire-street.csv.gz`), gzipSync(text));
  }
  // Time a complete run on a scratch store, then kill the real one half-way through that time.
  const run = (db: string) =>
    spawn(process.execPath, ['bin/safer.js', '--db', db, 'import', big, '--json'], { stdio: 'ignore' });
  const started = Date.now();
  const full = run(join(dir, 'scratch.duckdb'));
  await new Promise((r) => full.on('exit', r));
  const fullMs = Date.now() - started;
  const child = run(dbPath);
  await new Promise((r) => setTimeout(r, fullMs / 2));
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  store = await Store.open(dbPath);
  assert.equal(await count(store), 1, 'only the row committed before the killed import');
  assert.equal(await count(store, 'SELECT count(*) AS n FROM imports WHERE finished_at IS NOT NULL'), 1);
  assert.equal(await count(store, 'SELECT count(*) AS n FROM imports'), 1, 'no half-written provenance');
  store.close();
});

/** A minimal stored (uncompressed) zip writer, enough to test archive import without another dependency. */
function makeZip(entries: { name: string; data: Buffer }[]): Buffer {
  const { crc32 } = zlibCrc();
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, e.data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const centralSize = centrals.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

function zlibCrc(): { crc32: (b: Buffer) => number } {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  return {
    crc32(buf) {
      let c = 0xffffffff;
      for (const byte of buf) c = table[(c ^ byte) & 0xff]! ^ (c >>> 8);
      return (c ^ 0xffffffff) >>> 0;
    },
  };
}
