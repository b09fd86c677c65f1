/**
 * Errors that say what is really wrong with a text file (issue 15, F9): bytes that are not UTF-8
 * are called that, with their line (not blamed on a stray comma), and a row with more or fewer
 * cells than the header names the column where it goes wrong.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Store } from '../../src/store/db.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { SaferError } from '../../src/core/errors.ts';
import { STREET_HEADER, streetRow } from '../helpers/police-uk-fixture.ts';
import { SKIP_NO_SHARED, sharedPath } from '../helpers/shared-data.ts';

async function refusal(path: string): Promise<SaferError> {
  const store = await Store.open(':memory:');
  try {
    return await importPaths(store, [path]).then(
      () => assert.fail('accepted'),
      (e: unknown) => {
        assert.ok(e instanceof SaferError, String(e));
        return e;
      },
    );
  } finally {
    store.close();
  }
}

test('a street file saved as Latin-1 is called not UTF-8, with its line, and not blamed on a stray comma', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'safer-badtext-test-'));
  try {
    const path = join(dir, '2021-01-hertfordshire-street.csv');
    const rows = [streetRow({ id: 'u1' }), streetRow({ id: 'u2' }).replace('High Street', 'Caf\u00e9 Street')];
    writeFileSync(path, Buffer.from(`${STREET_HEADER}\n${rows.join('\n')}\n`, 'latin1'));
    const e = await refusal(path);
    assert.match(e.message, /^The file is not UTF-8: line 3 holds bytes that are not valid UTF-8 text/);
    assert.equal(e.location.line, 3);
    assert.match(e.hint!, /UTF-8/);
    assert.doesNotMatch(`${e.message} ${e.hint}`, /stray comma/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rows with too many or too few cells name the column where they go wrong', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'safer-badtext-test-'));
  try {
    const wide = join(dir, '2021-01-hertfordshire-street.csv');
    writeFileSync(wide, `${STREET_HEADER}\n${streetRow({ id: 'w1' })}\n${streetRow({ id: 'w2' })},surplus\n`);
    const e = await refusal(wide);
    assert.match(e.message, /13 cells where the header has 12 columns: cell 13 is past the last column, "Context"/);
    assert.equal(e.location.line, 3);
    assert.equal(e.location.column, 13);
    assert.match(e.hint!, /quote the value/);

    const dir2 = mkdtempSync(join(dir, 'short-'));
    const short = join(dir2, '2021-01-hertfordshire-street.csv');
    writeFileSync(short, `${STREET_HEADER}\n${streetRow({ id: 's1' })}\nbroken,2021-01,with,too,few\n`);
    const f = await refusal(short);
    assert.match(f.message, /5 cells where the header has 12 columns: the row ends before column 6, "Latitude"/);
    assert.equal(f.location.line, 3);
    assert.equal(f.location.column, 'Latitude');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test(
  'a real Hertfordshire street file with one byte made Latin-1 is refused at that line',
  { skip: SKIP_NO_SHARED },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'safer-badtext-test-'));
    try {
      const lines = gunzipSync(
        readFileSync(sharedPath('police-uk', 'hertfordshire', '2014-01-hertfordshire-street.csv.gz')),
      )
        .toString('utf8')
        .split('\n');
      assert.ok(lines.length > 1000);
      const bytes = Buffer.concat(
        lines
          .map((l, i) =>
            i === 499 ? Buffer.from(l.replace('On or near', 'On or n\u00e9ar'), 'latin1') : Buffer.from(l, 'utf8'),
          )
          .flatMap((b, i) => (i === 0 ? [b] : [Buffer.from('\n'), b])),
      );
      const path = join(dir, '2014-01-hertfordshire-street.csv');
      writeFileSync(path, bytes);
      const e = await refusal(path);
      assert.match(e.message, /^The file is not UTF-8: line 500 /);
      assert.equal(e.location.line, 500);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
