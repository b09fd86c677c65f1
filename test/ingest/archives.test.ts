/**
 * Zip archives are bounded while they are extracted: total uncompressed bytes per import and the
 * compression ratio per member and per archive, counted as the bytes are written (issue 15, F2).
 * Also: an archive whose member names climb out of their folder is refused as unsafe, not damaged.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../src/store/db.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { ArchiveLimitError, RATIO_GRACE, archiveLimits } from '../../src/ingest/files.ts';
import { SaferError } from '../../src/core/errors.ts';
import { streetRow, writeStreetFile } from '../helpers/police-uk-fixture.ts';
import { testZip } from '../helpers/zip.ts';

const MIB = 1024 * 1024;
let work: string;
let temp: string;
const savedTmp = process.env['TMPDIR'];

before(() => {
  work = mkdtempSync(join(tmpdir(), 'safer-archives-test-'));
  // extraction folders go to os.tmpdir(): a private one shows whether anything is left behind
  temp = mkdtempSync(join(work, 'tmp-'));
  process.env['TMPDIR'] = temp;
});
after(() => {
  if (savedTmp === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = savedTmp;
  rmSync(work, { recursive: true, force: true });
});

async function importsIn(store: Store): Promise<number> {
  return (await store.one<{ n: number }>('SELECT count(*) AS n FROM imports'))!.n;
}

function goodStreetCsv(): Buffer {
  const dir = mkdtempSync(join(work, 'street-'));
  return readFileSync(
    writeStreetFile(dir, '2021-01-hertfordshire-street.csv', [streetRow({ id: 'a1' }), streetRow({ id: 'a2' })]),
  );
}

test('a zip of 800 MB of zeros (about 800 KB) is refused by the ratio limit once 100 × its compressed size is written (about 80 MB); nothing is kept', async () => {
  const zipPath = join(work, 'bomb.zip');
  writeFileSync(
    zipPath,
    testZip([
      { name: '2021-01-hertfordshire-street.csv', data: goodStreetCsv() },
      { name: 'data/2021-02-hertfordshire-street.csv', zeros: 800 * MIB },
    ]),
  );
  const compressed = readFileSync(zipPath).length;
  assert.ok(compressed < 1.2 * MIB, `the archive is small (${compressed} bytes)`);
  const store = await Store.open(':memory:');
  try {
    const started = Date.now();
    const error = await importPaths(store, [zipPath], { archiveLimits: archiveLimits({}) }).then(
      () => assert.fail('the archive was accepted'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ArchiveLimitError, String(error));
    assert.equal(error.code, 'E_ZIP_LIMIT');
    assert.match(error.message, /Zip member "data\/2021-02-hertfordshire-street\.csv" expands more than 100 times/);
    assert.match(error.message, /800 MB when expanded/);
    assert.equal(error.location.file, zipPath);
    assert.match(error.hint!, /SAFER_ZIP_MAX_RATIO/);
    // stopped at the limit: never more than max(1 MiB, 100 × compressed size) written
    assert.ok(error.written <= error.limit, `${error.written} written, limit ${error.limit}`);
    const member = compressed - 1000; // the bomb is the archive less the small CSV and the headers
    assert.ok(
      error.written <= Math.max(RATIO_GRACE, 100 * compressed) && error.written >= 100 * member - MIB,
      `${error.written} bytes written before the stop (archive ${compressed} bytes)`,
    );
    assert.ok(error.written < 100 * MIB, 'far below the 800 MB the archive would expand to');
    assert.ok(Date.now() - started < 20_000, 'refused quickly, not after writing 800 MB');
    assert.deepEqual(readdirSync(temp), [], 'the extraction folder and the partial member are deleted');
    assert.equal(await importsIn(store), 0, 'all or nothing: the good member is not kept either');
  } finally {
    store.close();
  }
});

test('the total limit counts every archive of one import; an archive that says it holds more is refused before a byte is written', async () => {
  const first = join(work, 'first.zip');
  const second = join(work, 'second.zip');
  writeFileSync(
    first,
    testZip([
      { name: '2021-01-hertfordshire-street.csv', data: goodStreetCsv() },
      { name: 'padding.csv', zeros: 40 * MIB },
    ]),
  );
  writeFileSync(second, testZip([{ name: 'more-padding.csv', zeros: 40 * MIB }]));
  const limits = { maxBytes: 64 * MIB, maxRatio: 1e9 };
  const store = await Store.open(':memory:');
  try {
    const error = await importPaths(store, [first, second], { archiveLimits: limits }).then(
      () => assert.fail('accepted'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ArchiveLimitError, String(error));
    assert.match(error.message, /Zip member "more-padding\.csv" would take the import past 64 MB uncompressed/);
    assert.match(error.hint!, /SAFER_ZIP_MAX_MB \(now 64\)/);
    assert.equal(error.location.file, second);
    assert.ok(
      error.written > 40 * MIB && error.written <= limits.maxBytes,
      `${error.written} written by the first archive`,
    );
    assert.deepEqual(readdirSync(temp), [], "the first archive's members are deleted too");
    assert.equal(await importsIn(store), 0);

    const big = join(work, 'big.zip');
    writeFileSync(big, testZip([{ name: 'huge.csv', zeros: 800 * MIB }]));
    const early = await importPaths(store, [big], { archiveLimits: limits }).then(
      () => assert.fail('accepted'),
      (e: unknown) => e,
    );
    assert.ok(early instanceof ArchiveLimitError);
    assert.equal(early.written, 0, "refused on the archive's own sizes: nothing extracted");
    assert.match(early.message, /holds 800 MB/);
  } finally {
    store.close();
  }
});

test('an ordinary archive under the limits imports; the limits come from SAFER_ZIP_MAX_MB and SAFER_ZIP_MAX_RATIO', async () => {
  const ok = join(work, 'ok.zip');
  writeFileSync(ok, testZip([{ name: '2021-01/2021-01-hertfordshire-street.csv', data: goodStreetCsv() }]));
  const store = await Store.open(':memory:');
  try {
    const results = await importPaths(store, [ok], { archiveLimits: { maxBytes: MIB, maxRatio: 2 } });
    assert.equal(results[0]!.rowsLoaded, 2, 'a small member is under the ratio grace whatever its ratio');
  } finally {
    store.close();
  }
  assert.deepEqual(archiveLimits({}), { maxBytes: 2048 * MIB, maxRatio: 100, maxEntries: 10_000 });
  assert.deepEqual(archiveLimits({ SAFER_ZIP_MAX_MB: '10', SAFER_ZIP_MAX_RATIO: '50', SAFER_ZIP_MAX_ENTRIES: '20' }), {
    maxBytes: 10 * MIB,
    maxRatio: 50,
    maxEntries: 20,
  });
  assert.throws(
    () => archiveLimits({ SAFER_ZIP_MAX_MB: 'lots' }),
    (e: unknown) => e instanceof SaferError && /SAFER_ZIP_MAX_MB must be a positive number/.test(e.message),
  );
  assert.deepEqual(readdirSync(temp), []);
});

test('an archive with a member named ../../evil.csv is refused as unsafe, never extracted, and not blamed on the download', async () => {
  const evil = join(work, 'evil.zip');
  writeFileSync(evil, testZip([{ name: '../../evil.csv', data: 'a,b\n1,2\n' }]));
  const store = await Store.open(':memory:');
  try {
    const error = await importPaths(store, [evil]).then(
      () => assert.fail('accepted'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof SaferError);
    assert.equal(error.code, 'E_ZIP_UNSAFE');
    assert.match(error.message, /holds an unsafe path and will not be extracted/);
    assert.equal(error.location.value, '../../evil.csv');
    assert.doesNotMatch(error.hint!, /download/i);
    assert.deepEqual(readdirSync(temp), []);
  } finally {
    store.close();
  }
});

test('an archive listing more members than SAFER_ZIP_MAX_ENTRIES is refused before a byte is written; nothing is kept', async () => {
  const many = join(work, 'many.zip');
  const entries = Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.csv`, data: 'a,b\n1,2\n' }));
  writeFileSync(many, testZip(entries));
  const store = await Store.open(':memory:');
  try {
    const error = await importPaths(store, [many], {
      archiveLimits: { maxBytes: 64 * MIB, maxRatio: 100, maxEntries: 20 },
    }).then(
      () => assert.fail('accepted'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ArchiveLimitError);
    assert.equal(error.code, 'E_ZIP_LIMIT');
    assert.match(error.message, /lists 30 files, more than the 20 one archive may hold/);
    assert.equal(await importsIn(store), 0);
    assert.deepEqual(readdirSync(temp), []);
  } finally {
    store.close();
  }
});
