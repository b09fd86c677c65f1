/**
 * Undo in the browser and the API (issue 15): a confirmed partial month uploaded, then undone
 * from the Data page's confirm step or POST /api/imports/:id/undo, every row back; who may undo;
 * audited; the Data page's months loaded again.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fireCsv, login, multipart, testServer, type TestServer } from './helpers.ts';

let t: TestServer;
before(async () => {
  t = await testServer();
});
after(async () => t?.close());

const fireTarget = () => `records:${t.county.fireSource}`;
const month = '2023-03';
const batch = () => `records/${t.county.fireSource}/${month}`;

async function batchDigest(): Promise<{ n: number; md5: string }> {
  return (await t.store.one<{ n: number; md5: string }>({
    sql: "SELECT count(*) AS n, md5(string_agg(e::VARCHAR, '|' ORDER BY e::VARCHAR)) AS md5 FROM events e WHERE batch = ?",
    params: [batch()],
  }))!;
}

/** The fire service's March 2023 replaced by half as many rows (confirmed): the import's id. */
async function replaceWithHalf(): Promise<number> {
  const held = (await batchDigest()).n;
  const lines = fireCsv(null).split('\n');
  const rows = Array.from({ length: Math.floor(held / 2) }, (_, i) =>
    lines[1]!
      .replace('FRSTEST1', `FRSUNDO${i}`)
      .replace('2023-01-05', `${month}-${String(1 + (i % 28)).padStart(2, '0')}`),
  );
  const s = await login(t.app, 'analyst');
  const body = multipart(
    [
      ['target', fireTarget()],
      ['confirm', '1'],
    ],
    { name: 'fire-march.csv', content: [lines[0], ...rows, ''].join('\n') },
  );
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/imports',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...body.headers },
    payload: body.payload,
  });
  assert.equal(res.statusCode, 201, res.body);
  return (res.json() as { results: { importId: number }[] }).results[0]!.importId;
}

test('the Data page offers Undo with a confirm step; the form undoes the import and every row of the month comes back', async () => {
  const before = await batchDigest();
  const id = await replaceWithHalf();
  assert.equal((await batchDigest()).n, Math.floor(before.n / 2));

  const s = await login(t.app, 'analyst');
  const page = await t.app.inject({ method: 'GET', url: '/data', headers: { cookie: s.cookie } });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, new RegExp(`href="/data/imports/${id}/undo"`));
  assert.match(page.body, /Months loaded again/);
  const confirm = await t.app.inject({ method: 'GET', url: `/data/imports/${id}/undo`, headers: { cookie: s.cookie } });
  assert.equal(confirm.statusCode, 200);
  assert.match(
    confirm.body,
    new RegExp(`its ${Math.floor(before.n / 2)} rows are taken out of use, and the ${before.n} rows it replaced`),
  );
  assert.doesNotMatch(confirm.body, /\/tmp\//, 'no server path');

  // a viewer may not see it, nor post it
  const v = await login(t.app, 'viewer');
  assert.equal(
    (await t.app.inject({ method: 'GET', url: `/data/imports/${id}/undo`, headers: { cookie: v.cookie } })).statusCode,
    403,
  );
  const refused = await t.app.inject({
    method: 'POST',
    url: `/api/imports/${id}/undo`,
    headers: { cookie: v.cookie, 'x-csrf-token': v.csrf },
  });
  assert.equal(refused.statusCode, 403);
  // without the CSRF token: refused
  assert.equal(
    (
      await t.app.inject({
        method: 'POST',
        url: `/data/imports/${id}/undo`,
        headers: { cookie: s.cookie },
        payload: {},
      })
    ).statusCode,
    403,
  );

  const done = await t.app.inject({
    method: 'POST',
    url: `/data/imports/${id}/undo`,
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: `_csrf=${encodeURIComponent(s.csrf)}`,
  });
  assert.equal(done.statusCode, 303, done.body);
  assert.deepEqual(await batchDigest(), before, 'the month exactly as it was');
  const log = await t.auth.auditLog({ limit: 5, action: 'undo' });
  assert.ok(
    log.some(
      (e) =>
        e.user === 'analyst' &&
        e.outcome === 'ok' &&
        e.detail['importId'] === id &&
        e.detail['rowsRestored'] === before.n,
    ),
  );
  const after = await t.app.inject({ method: 'GET', url: '/data', headers: { cookie: s.cookie } });
  assert.doesNotMatch(after.body, new RegExp(`href="/data/imports/${id}/undo"`));
});

test('POST /api/imports/:id/undo: 200 with the counts, then 409 when done already, 404 for no such import', async () => {
  const before = await batchDigest();
  const id = await replaceWithHalf();
  const s = await login(t.app, 'admin');
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/imports/${id}/undo`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
  });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json() as Record<string, unknown>;
  assert.equal(body['importId'], id);
  assert.equal(body['rowsRemoved'], Math.floor(before.n / 2));
  assert.equal(body['rowsRestored'], before.n);
  assert.equal(body['file'], undefined, 'no server path in the answer');
  assert.deepEqual(await batchDigest(), before);
  const again = await t.app.inject({
    method: 'POST',
    url: `/api/imports/${id}/undo`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
  });
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().code, 'E_UNDONE');
  const none = await t.app.inject({
    method: 'POST',
    url: '/api/imports/999999/undo',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
  });
  assert.equal(none.statusCode, 404);
});
