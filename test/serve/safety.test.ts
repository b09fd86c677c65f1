/**
 * Issue 15 on the server: restricted uploads by uncleared accounts, the Data page's role for
 * /api/status, refusals in the audit log, honest errors (malformed JSON, a row with too many
 * cells, no server paths), zip archives bounded on upload, stale upload folders swept at start,
 * and /readyz telling the truth about the store.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../src/store/db.ts';
import { AuthStore } from '../../src/serve/auth/store.ts';
import { buildServer } from '../../src/serve/server.ts';
import { loadConfig } from '../../src/assess/config.ts';
import { noWords } from '../../src/report/words.ts';
import { sweepStaleUploads } from '../../src/serve/data/uploads.ts';
import { fireCsv, login, multipart, storeCopy, testServer, type TestServer } from './helpers.ts';
import { testZip } from '../helpers/zip.ts';
import { corruptTableBlock } from '../helpers/corrupt.ts';

let t: TestServer;
before(async () => {
  t = await testServer();
});
after(async () => t?.close());

const fireTarget = () => `records:${t.county.fireSource}`;
const get = (url: string, cookie?: string) =>
  t.app.inject({ method: 'GET', url, ...(cookie ? { headers: { cookie } } : {}) });
async function upload(who: string, fields: [string, string][], file: { name: string; content: string | Buffer }) {
  const s = await login(t.app, who);
  const body = multipart(fields, file);
  return t.app.inject({
    method: 'POST',
    url: '/api/imports',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...body.headers },
    payload: body.payload,
  });
}
async function importCount(): Promise<number> {
  return (await t.store.one<{ n: number }>('SELECT count(*) AS n FROM imports'))!.n;
}

test('F4: an uncleared partner marking an upload restricted is refused with 403 and nothing is stored', async () => {
  const before = await importCount();
  const res = await upload(
    'partner',
    [
      ['target', fireTarget()],
      ['restricted', '1'],
    ],
    { name: 'fire-restricted.csv', content: fireCsv(null) },
  );
  assert.equal(res.statusCode, 403, res.body);
  assert.equal(res.json().code, 'E_FORBIDDEN');
  assert.match(res.json().error, /only an account cleared for restricted data may mark an upload restricted/);
  assert.equal(res.json().file, 'fire-restricted.csv');
  assert.equal(await importCount(), before, 'not stored, restricted or not');
  const log = await t.auth.auditLog({ limit: 5, action: 'upload' });
  assert.ok(
    log.some((e) => e.user === 'partner' && e.outcome === 'refused' && e.detail['file'] === 'fire-restricted.csv'),
  );
  // a cleared analyst may mark it restricted
  const ok = await upload(
    'analyst',
    [
      ['target', fireTarget()],
      ['restricted', '1'],
      ['confirm', '1'],
    ],
    { name: 'fire-restricted.csv', content: fireCsv(null) },
  );
  assert.equal(ok.statusCode, 201, ok.body);
  const row = await t.store.one<{ restricted: boolean }>({
    sql: 'SELECT restricted FROM imports WHERE import_id = ?',
    params: [ok.json().results[0].importId],
  });
  assert.equal(row?.restricted, true);
});

test("F8 and F10: /api/status has the Data page's role; every refusal (role, CSRF) is in the audit log", async () => {
  const viewer = await login(t.app, 'viewer');
  const status = await get('/api/status', viewer.cookie);
  assert.equal(status.statusCode, 403);
  assert.equal(status.json().code, 'E_FORBIDDEN');
  assert.equal((await get('/data', viewer.cookie)).statusCode, 403, 'the Data page refuses viewers too');
  const partner = await login(t.app, 'partner');
  assert.equal((await get('/api/status', partner.cookie)).statusCode, 200);
  const noToken = await t.app.inject({
    method: 'POST',
    url: '/api/reports',
    headers: { cookie: partner.cookie },
    payload: { area: t.county.focus.code, format: 'html' },
  });
  assert.equal(noToken.statusCode, 403);

  const refused = await t.auth.auditLog({ limit: 20, action: 'refused' });
  const byPath = (user: string, path: string) => refused.find((e) => e.user === user && e.detail['path'] === path);
  const s = byPath('viewer', '/api/status');
  assert.ok(s, JSON.stringify(refused));
  assert.equal(s.outcome, 'refused');
  assert.equal(s.detail['code'], 'E_FORBIDDEN');
  assert.equal(s.detail['role'], 'viewer');
  assert.equal(s.detail['method'], 'GET');
  assert.ok(byPath('viewer', '/data'));
  assert.equal(byPath('partner', '/api/reports')?.detail['code'], 'E_CSRF');
  // an upload's refusal is written once, as the upload (with its file), not twice
  assert.equal(refused.filter((e) => e.detail['path'] === '/api/imports').length, 0);
});

test('F9: malformed JSON is 400 as documented; a row with too many cells names the column; no server path reaches the uploader', async () => {
  const bad = await t.app.inject({
    method: 'POST',
    url: '/api/session',
    headers: { 'content-type': 'application/json' },
    payload: '{"name": ',
  });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().code, 'E_VALIDATION');
  assert.match(bad.json().error, /not valid JSON/);

  const lines = fireCsv(null).split('\n');
  lines[2] = `${lines[2]},extra`;
  const wide = await upload('analyst', [['target', fireTarget()]], { name: 'wide.csv', content: lines.join('\n') });
  assert.equal(wide.statusCode, 422);
  const e = wide.json();
  assert.equal(e.line, 3);
  assert.equal(e.column, 14);
  assert.match(e.error, /14 cells where the header has 13 columns: cell 14 is past the last column, "Latitude"/);

  const good = await upload(
    'analyst',
    [
      ['target', fireTarget()],
      ['confirm', '1'],
    ],
    { name: 'fire-good.csv', content: fireCsv(null).replace('FRSTEST1', 'FRSTEST9') },
  );
  assert.equal(good.statusCode, 201, good.body);
  const shown = JSON.stringify(good.json());
  assert.doesNotMatch(shown, /\/tmp\/|safer-upload-|safer-serve-test/, shown);
  assert.match(shown, /mapping fire-incidents\.mapping\.yaml/, 'the mapping by its own name');
});

test('F2 on upload: a zip of 800 MB of zeros (a 50 MB upload limit counts only its 800 KB) is refused with 422 E_ZIP_LIMIT naming the member, and nothing is left behind', async () => {
  const sources = (await get('/api/sources', (await login(t.app, 'analyst')).cookie)).json().sources as {
    id: string;
    kind: string;
  }[];
  const lookup = sources.find((s) => s.kind === 'ons-lookup')!;
  const bomb = testZip([{ name: 'lookup.csv', zeros: 800 * 1024 * 1024 }]);
  const before = await importCount();
  const started = Date.now();
  const res = await upload('analyst', [['target', lookup.id]], { name: 'lookup.zip', content: bomb });
  assert.equal(res.statusCode, 422, res.body);
  assert.equal(res.json().code, 'E_ZIP_LIMIT');
  assert.match(res.json().error, /Zip member "lookup\.csv" expands more than 100 times its compressed size/);
  assert.equal(res.json().file, 'lookup.zip', 'the upload by its own name');
  assert.doesNotMatch(res.body, /\/tmp\//);
  assert.ok(Date.now() - started < 30_000);
  assert.equal(await importCount(), before);
  const mine = readdirSync(tmpdir()).filter(
    (n) => n.startsWith(`safer-upload-${process.pid}-`) || n.startsWith(`safer-zip-${process.pid}-`),
  );
  assert.deepEqual(mine, [], 'the upload and its extraction folder are removed');
});

test("F6: at start, Safer's own upload and zip folders left by a dead process are removed; live, recent and foreign ones stay", () => {
  const dir = mkdtempSync(join(tmpdir(), 'safer-sweep-test-'));
  try {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    const old = new Date(Date.now() - 3600_000);
    const make = (name: string, mtime: Date = old) => {
      mkdirSync(join(dir, name));
      mkdirSync(join(dir, name, 'inner'));
      utimesSync(join(dir, name), mtime, mtime);
    };
    make(`safer-upload-${deadPid}-AbC123`);
    make(`safer-zip-${deadPid}-XyZ789`);
    make('safer-upload-Qw3rty'); // made before process ids were in the name
    make(`safer-upload-${process.ppid}-LiVe01`); // its process still runs
    make(`safer-upload-${deadPid}-NeW001`, new Date(Date.now() + 60_000)); // changed after the start
    make('safer-uploads-other1');
    make('someone-else-AbC123');
    const removed = sweepStaleUploads(new Date(), dir)
      .map((p) => p.slice(dir.length + 1))
      .sort();
    assert.deepEqual(
      removed,
      [`safer-upload-${deadPid}-AbC123`, 'safer-upload-Qw3rty', `safer-zip-${deadPid}-XyZ789`].sort(),
    );
    assert.deepEqual(
      readdirSync(dir).sort(),
      [
        `safer-upload-${deadPid}-NeW001`,
        `safer-upload-${process.ppid}-LiVe01`,
        'safer-uploads-other1',
        'someone-else-AbC123',
      ].sort(),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('F3: /healthz is the process, /readyz the store: 200 on a sound store, 503 with the reason on a damaged one', async () => {
  assert.deepEqual((await get('/healthz')).json(), { ok: true });
  const ready = await get('/readyz');
  assert.equal(ready.statusCode, 200);
  assert.equal(ready.json().ok, true);
  assert.ok(ready.json().tables >= 10);

  const { path, dir } = await storeCopy();
  await corruptTableBlock(path, 'events');
  const store = await Store.open(path);
  const auth = await AuthStore.open(':memory:');
  const server = await buildServer({ store, auth, config: loadConfig(), words: noWords() });
  try {
    assert.equal((await server.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'the process is up');
    const res = await server.app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(res.statusCode, 503);
    assert.equal(res.json().ok, false);
    assert.match(res.json().error, /table events cannot be read: .*Corrupt database file/);
    assert.doesNotMatch(res.json().error, new RegExp(dir.replaceAll('/', '\\/')), 'no server path');
    assert.match(res.json().hint, /safer check/);
  } finally {
    await server.close();
    auth.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('F1 on upload: a file that would shrink a month already loaded is refused with 409 and its counts, until confirm=1', async () => {
  // the fire service's March 2023, as loaded, less every other row
  const month = '2023-03';
  const batch = `records/${t.county.fireSource}/${month}`;
  const held = (await t.store.one<{ n: number }>({
    sql: 'SELECT count(*) AS n FROM events WHERE batch = ?',
    params: [batch],
  }))!.n;
  assert.ok(held >= 10, `${held} rows in ${batch}`);
  const lines = fireCsv(null).split('\n');
  const rows = Array.from({ length: Math.floor(held / 2) }, (_, i) =>
    lines[1]!
      .replace('FRSTEST1', `FRSHALF${i}`)
      .replace('2023-01-05', `${month}-${String(1 + (i % 28)).padStart(2, '0')}`),
  );
  const half = [lines[0], ...rows, ''].join('\n');
  const before = await importCount();
  const refused = await upload('analyst', [['target', fireTarget()]], { name: 'fire-march.csv', content: half });
  assert.equal(refused.statusCode, 409, refused.body);
  const e = refused.json();
  assert.equal(e.code, 'E_REPLACE_SHRINKS');
  assert.match(
    e.error,
    new RegExp(`${month}: ${held} → ${rows.length} rows \\(${Math.round((100 * rows.length) / held)}%\\)`),
  );
  assert.match(e.hint, /confirm=1/);
  assert.equal(await importCount(), before, 'store unchanged');
  assert.equal(
    (await t.store.one<{ n: number }>({ sql: 'SELECT count(*) AS n FROM events WHERE batch = ?', params: [batch] }))!.n,
    held,
  );

  const confirmed = await upload(
    'analyst',
    [
      ['target', fireTarget()],
      ['confirm', '1'],
    ],
    { name: 'fire-march.csv', content: half },
  );
  assert.equal(confirmed.statusCode, 201, confirmed.body);
  assert.equal(
    (await t.store.one<{ n: number }>({ sql: 'SELECT count(*) AS n FROM events WHERE batch = ?', params: [batch] }))!.n,
    rows.length,
  );
});
