/**
 * The HTTP API and pages through fastify.inject on a copy of the small synthetic county: sign-in,
 * sessions and their cookies, roles, CSRF, the login rate limit, restricted datasets, validation
 * errors, uploads (a malformed CSV names its file, line and column; nothing is kept), reports and
 * the OpenAPI document.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { importPaths } from '../../src/ingest/import.ts';
import { parseAssessment } from '../../src/assess/contract/parse.ts';
import { county, fireCsv, login, multipart, testServer, writeTemp, PASSWORD, type TestServer } from './helpers.ts';

let t: TestServer;
let focus: string;

before(async () => {
  t = await testServer(
    { loginLimits: { address: { max: 50, windowMs: 60_000 }, account: { max: 3, windowMs: 60_000 } } },
    async (store, dir) => {
      // a restricted partner return (offender management) for every district
      const { districts } = county();
      const rows = ['indicator,area_code,area_name,period,value,numerator,denominator,unit'];
      for (const d of districts)
        for (const period of ['2024/25 Q2', '2025/26 Q2'])
          rows.push(`mappa_level2_cases,${d.code},${d.name},${period},${7 + (d.code.charCodeAt(8) % 5)},,,cases`);
      await importPaths(store, [writeTemp(dir, 'offender-management.csv', `${rows.join('\n')}\n`)], {
        kind: 'indicators',
        source: 'offender-management',
        restricted: true,
      });
      // a partner return whose indicator name is markup: it must reach the pages as text
      const hostile = ['indicator,area_code,area_name,period,value,numerator,denominator,unit'];
      for (const d of districts)
        for (const period of ['2024/25 Q2', '2025/26 Q2'])
          hostile.push(`"<img src=x onerror=alert(1)>",${d.code},${d.name},${period},3,,,cases`);
      await importPaths(store, [writeTemp(dir, 'survey.csv', `${hostile.join('\n')}\n`)], {
        kind: 'indicators',
        source: 'survey',
      });
    },
  );
  focus = t.county.focus.code;
});
after(async () => t?.close());

const fireTarget = () => `records:${t.county.fireSource}`;
const get = (url: string, cookie?: string) =>
  t.app.inject({ method: 'GET', url, ...(cookie ? { headers: { cookie } } : {}) });
/** A page as a browser ends up seeing it: a 202 "preparing" page (an Assessment still being computed, slow on a loaded machine) is fetched again, as its refresh header asks. */
async function shownPage(url: string, cookie: string): Promise<Awaited<ReturnType<typeof get>>> {
  for (let tries = 0; ; tries++) {
    const r = await get(url, cookie);
    if (r.statusCode !== 202 || tries >= 120) return r;
    await new Promise((ok) => setTimeout(ok, 500));
  }
}

test('without a session: the API answers 401 with an error body, pages send to the sign-in page', async () => {
  const api = await get('/api/areas');
  assert.equal(api.statusCode, 401);
  assert.deepEqual(Object.keys(api.json()).sort(), ['code', 'error', 'hint']);
  assert.equal(api.json().code, 'E_AUTH');
  const page = await get(`/area/${focus}`);
  assert.equal(page.statusCode, 303);
  assert.equal(page.headers.location, `/login?next=${encodeURIComponent(`/area/${focus}`)}`);
  const health = await get('/healthz');
  assert.equal(health.statusCode, 200);
});

test('sign-in: the session cookie is HttpOnly and SameSite=Lax; Secure only behind TLS (trusted proxy)', async () => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { name: 'viewer', password: PASSWORD },
  });
  assert.equal(res.statusCode, 200);
  const cookie = res.cookies.find((c) => c.name === 'safer_session')!;
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Lax');
  assert.notEqual(cookie.secure, true);
  assert.equal(res.json().user.role, 'viewer');
  assert.match(res.json().csrfToken, /^[A-Za-z0-9_-]{20,}$/);
  // the security headers of every answer
  assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
  assert.equal(res.headers['x-frame-options'], 'DENY');

  const proxied = await testServer({ trustProxy: true });
  try {
    const behind = await proxied.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { name: 'viewer', password: PASSWORD },
    });
    assert.equal(behind.cookies.find((c) => c.name === 'safer_session')!.secure, true);
    const untrusted = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { name: 'viewer', password: PASSWORD },
    });
    assert.notEqual(
      untrusted.cookies.find((c) => c.name === 'safer_session')!.secure,
      true,
      'X-Forwarded-Proto is ignored without --trust-proxy',
    );
  } finally {
    await proxied.close();
  }
});

test('sign-in through the form: wrong password refused, right one redirects to the page asked for; next cannot leave the site', async () => {
  const form = await get('/login?next=/data');
  assert.equal(form.statusCode, 200);
  const pre = form.cookies.find((c) => c.name === 'safer_login')!;
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const post = (password: string, next = '/data', csrf = token) =>
    t.app.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie: `safer_login=${pre.value}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ name: 'analyst2', password, next, _csrf: csrf }).toString(),
    });
  const wrong = await post('not the password');
  assert.equal(wrong.statusCode, 401);
  assert.match(wrong.body, /The account name or password is not right/);
  const forged = await post(PASSWORD, '/data', 'forged-token');
  assert.equal(forged.statusCode, 403, 'the sign-in form has its own CSRF token');
  const ok = await post(PASSWORD, '//evil.example/steal');
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, '/', 'an off-site next becomes /');
  assert.ok(ok.cookies.some((c) => c.name === 'safer_session' && c.value));
});

test('login rate limit: after 3 failures for an account, even the right password is refused with 429 and Retry-After; the audit log has them', async () => {
  for (let i = 0; i < 3; i++) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { name: 'partner', password: `wrong ${i} password` },
    });
    assert.equal(res.statusCode, 401);
  }
  const limited = await t.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { name: 'partner', password: PASSWORD },
  });
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.json().code, 'E_RATE_LIMIT');
  assert.ok(Number(limited.headers['retry-after']) > 0);
  const other = await t.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { name: 'analyst', password: PASSWORD },
  });
  assert.equal(other.statusCode, 200, 'other accounts are not locked');
  const log = await t.auth.auditLog({ limit: 50, action: 'login' });
  assert.ok(log.filter((e) => e.user === 'partner' && e.outcome === 'failed').length >= 3);
  assert.ok(log.some((e) => e.user === 'partner' && e.outcome === 'refused'));
  t.server.state.limits.account.reset('partner');
});

test('CSRF: a state change without the token, with a wrong one, or from another origin is refused (403 E_CSRF)', async () => {
  const s = await login(t.app, 'analyst');
  const body = { area: focus, format: 'html', edition: 'public' };
  const none = await t.app.inject({
    method: 'POST',
    url: '/api/reports',
    headers: { cookie: s.cookie },
    payload: body,
  });
  assert.equal(none.statusCode, 403);
  assert.equal(none.json().code, 'E_CSRF');
  const wrong = await t.app.inject({
    method: 'POST',
    url: '/api/reports',
    headers: { cookie: s.cookie, 'x-csrf-token': `${s.csrf}x` },
    payload: body,
  });
  assert.equal(wrong.statusCode, 403);
  const foreign = await t.app.inject({
    method: 'POST',
    url: '/api/reports',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, origin: 'https://evil.example' },
    payload: body,
  });
  assert.equal(foreign.statusCode, 403);
  const logout = await t.app.inject({
    method: 'POST',
    url: '/logout',
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: '',
  });
  assert.equal(logout.statusCode, 403, 'sign-out is a state change too');
  const still = await get('/api/session', s.cookie);
  assert.equal(still.statusCode, 200);
});

test('validation: bad area codes, months and measure ids are 400 with the error body; unknown ones 404', async () => {
  const s = await login(t.app, 'viewer');
  const bad = await get('/api/assessment?area=E07%3Cscript%3E', s.cookie);
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().code, 'E_VALIDATION');
  assert.match(bad.json().error, /area/);
  const month = await get(`/api/assessment?area=${focus}&end=2025-13`, s.cookie);
  assert.equal(month.statusCode, 400);
  const extra = await get(`/api/assessment?area=${focus}&sql=drop`, s.cookie);
  assert.equal(extra.statusCode, 400, 'unknown query parameters are refused');
  const unknown = await get('/api/assessment?area=E07000000', s.cookie);
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.json().value, 'E07000000');
  const early = await get(`/api/assessment?area=${focus}&end=2010-01`, s.cookie);
  assert.equal(early.statusCode, 400);
  assert.equal(early.json().code, 'E_PERIOD');
  assert.match(early.json().hint, /choose a month from \d{4}-\d{2} to \d{4}-\d{2}/);
  const page = await get(`/area/${focus}/measures/NOT_A_MEASURE`, s.cookie);
  assert.equal(page.statusCode, 400);
  assert.match(page.headers['content-type'] as string, /text\/html/);
});

test("areas: the small county's districts, each with the months an Assessment may end in", async () => {
  const s = await login(t.app, 'viewer');
  const res = await get('/api/areas', s.cookie);
  assert.equal(res.statusCode, 200);
  const body = res.json() as { districts: { code: string; covered: boolean; ends: string[] }[]; latest: string };
  assert.deepEqual(body.districts.map((d) => d.code).sort(), t.county.districts.map((d) => d.code).sort());
  const f = body.districts.find((d) => d.code === focus)!;
  assert.equal(f.covered, true);
  assert.equal(f.ends[0], body.latest);
});

test('restricted datasets: hidden from accounts without clearance in the API, the status and the reports; shown to cleared ones', async () => {
  const viewer = await login(t.app, 'viewer');
  const cleared = await login(t.app, 'analyst');
  const [open, full] = await Promise.all([
    get(`/api/assessment?area=${focus}`, viewer.cookie),
    get(`/api/assessment?area=${focus}`, cleared.cookie),
  ]);
  assert.equal(open.statusCode, 200);
  const a = parseAssessment(open.json(), '/api/assessment (viewer)');
  const b = parseAssessment(full.json(), '/api/assessment (cleared)');
  assert.equal(
    a.partnerIndicators.some((i) => i.source === 'offender-management'),
    false,
  );
  assert.ok(a.restrictedWithheld >= 1);
  assert.equal(
    a.dataQuality.provenance.some((p) => p.restricted),
    false,
  );
  assert.ok(b.partnerIndicators.some((i) => i.source === 'offender-management' && i.restricted));
  assert.equal(b.restrictedWithheld, 0);

  // the status is the Data page's (viewers are refused it): an analyst without clearance
  const uncleared = await login(t.app, 'analyst2');
  const status = await get('/api/status', uncleared.cookie);
  assert.equal(
    status.json().indicators.some((i: { source: string }) => i.source === 'offender-management'),
    false,
  );
  const statusCleared = await get('/api/status', cleared.cookie);
  assert.ok(statusCleared.json().indicators.some((i: { source: string }) => i.source === 'offender-management'));

  const partner = await login(t.app, 'partner');
  const history = await get('/api/imports?limit=500', partner.cookie);
  assert.equal(
    history.json().imports.some((i: { source: string }) => i.source === 'offender-management'),
    false,
  );
  const historyCleared = await get('/api/imports?limit=500', cleared.cookie);
  assert.ok(
    historyCleared
      .json()
      .imports.some((i: { source: string; restricted: boolean }) => i.source === 'offender-management' && i.restricted),
  );

  const overview = await shownPage(`/area/${focus}`, viewer.cookie);
  assert.equal(overview.statusCode, 200);
  assert.doesNotMatch(overview.body, /mappa/i);
  assert.match(overview.body, /restricted indicators? (is|are) not shown to your account/);

  const report = await t.app.inject({
    method: 'POST',
    url: '/api/reports',
    headers: { cookie: viewer.cookie, 'x-csrf-token': viewer.csrf },
    payload: { area: focus, format: 'html', edition: 'public' },
  });
  assert.equal(report.statusCode, 200);
  assert.doesNotMatch(report.body, /mappa/i);
  const reportCleared = await t.app.inject({
    method: 'POST',
    url: '/api/reports',
    headers: { cookie: cleared.cookie, 'x-csrf-token': cleared.csrf },
    payload: { area: focus, format: 'html', edition: 'full' },
  });
  assert.equal(reportCleared.statusCode, 200);
  assert.match(reportCleared.body, /mappa level2 cases/i);
});

test('roles: a viewer is refused the data page, uploads, accounts and the full edition; gets the public edition (audited)', async () => {
  const s = await login(t.app, 'viewer');
  const data = await get('/data', s.cookie);
  assert.equal(data.statusCode, 403);
  assert.match(data.body, /Not allowed/);
  assert.match(data.body, /your role \(viewer\) may not do this/);
  assert.equal((await get('/admin', s.cookie)).statusCode, 403);
  assert.equal((await get('/api/users', s.cookie)).statusCode, 403);
  assert.equal((await get('/api/imports', s.cookie)).statusCode, 403);
  const upload = multipart([['target', fireTarget()]], { name: 'x.csv', content: fireCsv(null) });
  const up = await t.app.inject({
    method: 'POST',
    url: '/api/imports',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...upload.headers },
    payload: upload.payload,
  });
  assert.equal(up.statusCode, 403);
  const full = await t.app.inject({
    method: 'POST',
    url: '/api/reports',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    payload: { area: focus, format: 'html', edition: 'full' },
  });
  assert.equal(full.statusCode, 403);
  const pub = await t.app.inject({
    method: 'POST',
    url: '/api/reports',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    payload: { area: focus, format: 'html', edition: 'public' },
  });
  assert.equal(pub.statusCode, 200);
  assert.match(
    String(pub.headers['content-disposition']),
    /^attachment; filename="[a-z0-9-]+-strategic-assessment-\d{4}-\d{2}-public\.html"$/,
  );
  const log = await t.auth.auditLog({ limit: 20, action: 'report' });
  assert.ok(
    log.some(
      (e) =>
        e.user === 'viewer' && e.outcome === 'ok' && e.detail['edition'] === 'public' && e.detail['format'] === 'html',
    ),
  );
});

test('partner uploads: only to its own sources; a malformed CSV is refused with file, line, column and value, and nothing is kept', async () => {
  const s = await login(t.app, 'partner');
  const sources = await get('/api/sources', s.cookie);
  assert.deepEqual(
    sources.json().sources.map((x: { id: string }) => x.id),
    [fireTarget()],
  );
  const before = (await get('/api/imports?limit=1', s.cookie)).json().total as number;

  const other = multipart([['target', `records:${t.county.crimeSource}`]], {
    name: 'crimes.csv',
    content: 'a,b\n1,2\n',
  });
  const refused = await t.app.inject({
    method: 'POST',
    url: '/api/imports',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...other.headers },
    payload: other.payload,
  });
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().code, 'E_FORBIDDEN');

  const bad = multipart([['target', fireTarget()]], { name: '../../etc/bad fire.csv', content: fireCsv('2023-13-45') });
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/imports',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...bad.headers },
    payload: bad.payload,
  });
  assert.equal(res.statusCode, 422);
  const e = res.json();
  assert.equal(
    e.file,
    'bad_fire.csv',
    'the file as uploaded, folders and odd characters removed; never the server path',
  );
  assert.equal(e.line, 3);
  assert.equal(e.column, 'Call Date');
  assert.equal(e.value, '2023-13-45');
  assert.equal(e.code, 'E_IMPORT');
  assert.ok(e.hint.length > 0);
  assert.doesNotMatch(JSON.stringify(e), /safer-upload-|\/tmp\//);
  assert.equal((await get('/api/imports?limit=1', s.cookie)).json().total, before, 'all or nothing: no import row');
  const log = await t.auth.auditLog({ limit: 10, action: 'upload' });
  assert.ok(log.some((x) => x.user === 'partner' && x.outcome === 'failed' && x.detail['line'] === 3));

  // the same through the browser form: the page shows the error with its line and column
  const form = multipart(
    [
      ['_csrf', s.csrf],
      ['target', fireTarget()],
    ],
    { name: 'bad-fire.csv', content: fireCsv('2023-13-45') },
  );
  const page = await t.app.inject({
    method: 'POST',
    url: '/data/upload',
    headers: { cookie: s.cookie, ...form.headers },
    payload: form.payload,
  });
  assert.equal(page.statusCode, 422);
  assert.match(page.body, /<dt>Line<\/dt><dd data-field="line">3<\/dd>/);
  assert.match(page.body, /<dt>Column<\/dt><dd data-field="column">&quot;Call Date&quot;<\/dd>/);
  assert.match(page.body, /Nothing from the file was kept/);
});

test('a good upload lands in the store, shows under its own name in the history, and drops the cached figures', async () => {
  const s = await login(t.app, 'partner');
  const generation = t.server.state.service.generation;
  // three rows in place of January's 29: a replacement that shrinks the month, so confirmed
  const good = multipart(
    [
      ['target', fireTarget()],
      ['confirm', '1'],
    ],
    { name: 'fire-jan-2023.csv', content: fireCsv(null) },
  );
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/imports',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...good.headers },
    payload: good.payload,
  });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().results[0].rowsLoaded, 3);
  assert.equal(t.server.state.service.generation, generation + 1);
  const history = (await get('/api/imports?limit=1', s.cookie)).json();
  assert.equal(history.imports[0].file, 'fire-jan-2023.csv (uploaded by partner)');
  const again = multipart([['target', fireTarget()]], { name: 'fire-jan-2023.csv', content: fireCsv(null) });
  const same = await t.app.inject({
    method: 'POST',
    url: '/api/imports',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...again.headers },
    payload: again.payload,
  });
  assert.equal(same.json().results[0].status, 'unchanged');
});

test('uploads: a wrong file type, binary contents and a file over the size limit are refused before any import', async () => {
  const s = await login(t.app, 'analyst');
  const send = (name: string, content: string | Buffer) => {
    const body = multipart([['target', fireTarget()]], { name, content });
    return t.app.inject({
      method: 'POST',
      url: '/api/imports',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...body.headers },
      payload: body.payload,
    });
  };
  const type = await send('fires.exe', 'MZ');
  assert.equal(type.statusCode, 422);
  assert.equal(type.json().code, 'E_UPLOAD_TYPE');
  const binary = await send('fires.csv', Buffer.from([0x41, 0x0a, 0x42, 0x00, 0x43]));
  assert.equal(binary.json().code, 'E_UPLOAD_FORMAT');
  assert.equal(binary.json().line, 2);
  const fakeXlsx = await send('fires.xlsx', 'not a zip');
  assert.equal(fakeXlsx.json().code, 'E_UPLOAD_FORMAT');

  const small = await testServer({ maxUploadBytes: 200 });
  try {
    const a = await login(small.app, 'analyst');
    const body = multipart([['target', fireTarget()]], { name: 'big.csv', content: fireCsv(null) });
    const big = await small.app.inject({
      method: 'POST',
      url: '/api/imports',
      headers: { cookie: a.cookie, 'x-csrf-token': a.csrf, ...body.headers },
      payload: body.payload,
    });
    assert.equal(big.statusCode, 413);
    assert.equal(big.json().code, 'E_TOO_LARGE');
  } finally {
    await small.close();
  }
});

test('measure and monitoring endpoints; every page answers 200 with escaped, local-only HTML', async () => {
  const s = await login(t.app, 'analyst');
  const overview = await shownPage(`/area/${focus}`, s.cookie);
  assert.equal(overview.statusCode, 200);
  assert.match(overview.body, /&lt;img src=x onerror=alert\(1\)&gt;/i, 'the hostile indicator name is shown as text');
  assert.doesNotMatch(overview.body, /<img src=x/i);
  const m = await get(`/api/assessment/measures/dwelling-burglary?area=${focus}`, s.cookie);
  assert.equal(m.statusCode, 200);
  assert.equal(m.json().id, 'dwelling-burglary');
  assert.equal((await get(`/api/assessment/measures/no-such-measure?area=${focus}`, s.cookie)).statusCode, 404);
  const list = await get(`/api/assessment/measures?area=${focus}`, s.cookie);
  assert.ok(list.json().measures.length > 10);
  const mon = await get(`/api/monitoring?area=${focus}`, s.cookie);
  assert.equal(mon.statusCode, 200);
  const body = mon.json() as {
    month: string;
    previousMonth: string;
    checks: { measure: string; status: string; expected: unknown }[];
    wardRanges: {
      tests: number;
      expectedByChance: number;
      rows: { month: string; upper95: number; count: number; status: string }[];
    };
  };
  assert.equal(body.previousMonth < body.month, true);
  assert.ok(body.checks.some((c) => c.measure === 'all-crime' && c.expected !== null && c.status !== 'no-range'));
  assert.ok(body.wardRanges.tests > 0 && body.wardRanges.expectedByChance > 0);
  assert.ok(
    body.wardRanges.rows.every((r) => r.month === body.month && (r.status === 'new' || r.status.endsWith('-95'))),
  );
  const peers = await get(`/api/peers?area=${focus}&measure=all-crime`, s.cookie);
  assert.equal(peers.statusCode, 200);
  assert.equal(peers.json().rows.length, t.county.districts.length);
  assert.equal(peers.json().rows.filter((r: { isDistrict: boolean }) => r.isDistrict).length, 1);
  for (const url of [
    `/area/${focus}`,
    `/area/${focus}/monthly`,
    `/area/${focus}/measures/dwelling-burglary`,
    `/area/${focus}/peers?measure=burglary`,
    `/area/${focus}/reports`,
    '/data',
  ]) {
    const shown = await shownPage(url, s.cookie);
    assert.equal(shown.statusCode, 200, url);
    assert.doesNotMatch(shown.body, /(src|href)="(https?:)?\/\//, `${url}: no external asset`);
    assert.doesNotMatch(shown.body, /<script(?! src="\/assets\/app\.js)/, `${url}: no inline script`);
  }
});

test('the OpenAPI document lists the API routes with their parameters, and not the pages', async () => {
  const res = await get('/api/openapi.json');
  assert.equal(res.statusCode, 200, 'the API document is public: it holds no data');
  const doc = res.json() as {
    openapi: string;
    paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
  };
  assert.match(doc.openapi, /^3\./);
  for (const path of [
    '/api/areas',
    '/api/assessment',
    '/api/assessment/measures/{id}',
    '/api/status',
    '/api/imports',
    '/api/reports',
    '/api/session',
    '/api/monitoring',
    '/api/peers',
  ])
    assert.ok(doc.paths[path], path);
  assert.deepEqual(doc.paths['/api/assessment']!['get']!.parameters!.map((p) => p.name).sort(), ['area', 'end']);
  assert.equal(doc.paths['/area/{code}'], undefined);
  // the Assessment's contract (src/assess/contract/) is published, not an open object
  const full = res.json() as { components: { schemas: Record<string, { required?: string[] }> } };
  assert.ok(full.components.schemas['Assessment']!.required!.includes('measures'));
  assert.match(JSON.stringify(doc.paths['/api/assessment']), /#\/components\/schemas\/Assessment"/);
});

test('--no-auth: everyone is the local administrator; a browser still needs its CSRF token for changes', async () => {
  const local = await testServer({ noAuth: true });
  try {
    const areas = await local.app.inject({ method: 'GET', url: '/api/areas' });
    assert.equal(areas.statusCode, 200);
    const page = await local.app.inject({ method: 'GET', url: '/data' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Local use/);
    const cookie = page.cookies.find((c) => c.name === 'safer_session')!;
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const without = await local.app.inject({
      method: 'POST',
      url: '/api/reports',
      headers: { cookie: `safer_session=${cookie.value}` },
      payload: { area: local.county.focus.code, format: 'html' },
    });
    assert.equal(without.statusCode, 403);
    const withToken = await local.app.inject({
      method: 'POST',
      url: '/api/reports',
      headers: { cookie: `safer_session=${cookie.value}`, 'x-csrf-token': token },
      payload: { area: local.county.focus.code, format: 'html' },
    });
    assert.equal(withToken.statusCode, 200);
  } finally {
    await local.close();
  }
});

test("outcomes and police activity: the API gives a crime measure's outcomes and the district's stop and search; the measure page shows outcomes by ward", async () => {
  const viewer = await login(t.app, 'viewer');
  const res = await get(`/api/assessment/measures/all-crime/outcomes?area=${focus}`, viewer.cookie);
  assert.equal(res.statusCode, 200);
  const o = res.json() as {
    source: string;
    district: { total: number; categories: { count: number }[] };
    comparison: { kind: string };
  };
  assert.equal(o.source, 'records');
  assert.equal(
    o.district.categories.reduce((s, c) => s + c.count, 0),
    o.district.total,
  );
  assert.equal(o.comparison.kind, 'equal-age');
  const fires = await get(`/api/assessment/measures/deliberate-fires/outcomes?area=${focus}`, viewer.cookie);
  assert.equal(fires.statusCode, 404);
  assert.match(fires.json().hint, /crime measures only/);
  const activity = await get(`/api/assessment/police-activity?area=${focus}`, viewer.cookie);
  assert.equal(activity.statusCode, 200);
  assert.ok((activity.json() as { current: number }).current > 0);
  const page = await shownPage(`/area/${focus}/measures/drugs`, viewer.cookie);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /id="ward-outcomes-table"/);
  assert.match(page.body, /What happened next: outcomes/);
  assert.match(page.body, /Drug offences and searches for controlled drugs by month/);
  const doc = (await get('/api/openapi.json')).json() as { paths: Record<string, unknown> };
  assert.ok(doc.paths['/api/assessment/measures/{id}/outcomes'] && doc.paths['/api/assessment/police-activity']);
});
