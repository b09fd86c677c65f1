/**
 * The monthly job through the API (issue 17): a police.uk month zip (street, outcomes, stop and
 * search) previewed file by file, imported all or nothing, then undone with the store back as it
 * was; a file sent to the wrong source explained by its header; a new partner source made from a
 * template; the audit log exported as CSV with its filters.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { login, type Session } from './helpers.ts';
import { monthZip, multipartFiles, NEW_MONTH, policeServer, streetMonth, type PoliceServer } from './police-month.ts';
import { POLICE_UK_TARGET } from '../../src/serve/data/uploads.ts';

let t: PoliceServer;
before(async () => {
  t = await policeServer();
});
after(async () => t?.close());

/** Rows in use per table, and a digest of every row (the undo must give back exactly what was there). */
async function counts(): Promise<Record<string, number | string>> {
  const row = await t.store.one<Record<string, number | string>>(`
    SELECT (SELECT count(*) FROM events) AS events,
           (SELECT count(*) FROM police_outcomes) AS outcomes,
           (SELECT count(*) FROM stop_searches) AS stops,
           (SELECT md5(string_agg(e::VARCHAR, '|' ORDER BY e::VARCHAR)) FROM events e) AS "eventsDigest"`);
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, typeof v === 'string' ? v : Number(v)]));
}

async function upload(s: Session, target: string, files: { name: string; content: string | Buffer }[], preview = true) {
  const body = multipartFiles(
    [['target', target], ...(preview ? ([['preview', '1']] as [string, string][]) : [])],
    files,
  );
  return t.app.inject({
    method: 'POST',
    url: '/api/imports',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...body.headers },
    payload: body.payload,
  });
}

type Preview = {
  token: string;
  results: { file: string; kind: string; importId: number; rowsRead: number; rowsLoaded: number }[];
  changes: { table: string; batch: string; before: number; after: number; importIds: number[] }[];
};

test('a police.uk month zip: the preview lists each file with its kind, month and rows; confirm imports all three; undo puts the store back', async () => {
  const s = await login(t.app, 'analyst');
  const month = monthZip(t.county, NEW_MONTH);
  const before = await counts();
  const res = await upload(s, POLICE_UK_TARGET, [{ name: `${NEW_MONTH}.zip`, content: month.zip }]);
  assert.equal(res.statusCode, 200, res.body);
  const p = res.json() as Preview;
  assert.deepEqual(await counts(), before, 'a preview keeps nothing');
  const byKind = new Map(p.results.map((r) => [r.kind, r]));
  assert.deepEqual([...byKind.keys()].sort(), ['police-uk-outcomes', 'police-uk-stop-search', 'police-uk-street']);
  // the rows the test wrote into each file, counted here
  assert.equal(byKind.get('police-uk-street')!.rowsRead, month.street);
  assert.equal(byKind.get('police-uk-outcomes')!.rowsRead, month.outcomes);
  assert.equal(byKind.get('police-uk-stop-search')!.rowsRead, month.stopSearch);
  for (const r of p.results) {
    assert.match(r.file, new RegExp(`^${NEW_MONTH}\\.zip!${NEW_MONTH}/${NEW_MONTH}-ambershire-`), 'named as uploaded');
    assert.doesNotMatch(r.file, /safer-upload|\/tmp\//, 'no server path');
    const mine = p.changes.filter((c) => c.importIds.includes(r.importId));
    assert.equal(mine.length, 1, `${r.kind}: one month`);
    assert.ok(mine[0]!.batch.endsWith(NEW_MONTH), mine[0]!.batch);
    assert.equal(mine[0]!.before, 0, 'a new month replaces nothing');
  }
  const street = p.changes.find((c) => c.table === 'events')! as Preview['changes'][number] & {
    districts: { district: string | null; rows: number }[];
  };
  assert.equal(street.after, month.street);
  // every LSOA of the file is in the county's lookup: its rows fall in the county's districts
  assert.deepEqual(street.districts.map((d) => d.district).sort(), t.county.districts.map((d) => d.code).sort());
  assert.equal(
    street.districts.reduce((s, d) => s + d.rows, 0),
    month.street,
  );

  const confirm = await t.app.inject({
    method: 'POST',
    url: '/api/imports/confirm',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    payload: { token: p.token },
  });
  assert.equal(confirm.statusCode, 201, confirm.body);
  const imported = (confirm.json() as { results: { importId: number; kind: string }[] }).results;
  assert.equal(imported.length, 3);
  const after = await counts();
  assert.equal(Number(after['events']) - Number(before['events']), month.street);
  assert.equal(Number(after['outcomes']) - Number(before['outcomes']), month.outcomes);
  assert.equal(Number(after['stops']) - Number(before['stops']), month.stopSearch);

  // the history names the files as uploaded
  const history = await t.app.inject({ method: 'GET', url: '/api/imports?limit=3', headers: { cookie: s.cookie } });
  for (const row of (history.json() as { imports: { file: string }[] }).imports)
    assert.match(row.file, /^2025-09\.zip!2025-09\/2025-09-ambershire-.*\(uploaded by analyst\)$/);

  for (const r of [...imported].sort((a, b) => b.importId - a.importId)) {
    const undo = await t.app.inject({
      method: 'POST',
      url: `/api/imports/${r.importId}/undo`,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    assert.equal(undo.statusCode, 200, undo.body);
  }
  assert.deepEqual(await counts(), before, 'undo restores every table');
});

test('a street file sent to the fire source, and a fire file sent to the police.uk download, are answered "this looks like …"', async () => {
  const s = await login(t.app, 'analyst');
  const street = streetMonth(t.county, NEW_MONTH).text;
  const fire = await upload(s, `records:${t.county.fireSource}`, [{ name: 'september.csv', content: street }]);
  assert.equal(fire.statusCode, 422, fire.body);
  const e1 = fire.json() as { code: string; error: string; hint: string };
  assert.equal(e1.code, 'E_WRONG_SOURCE');
  assert.match(e1.error, new RegExp(`this looks like a police\\.uk download file, not ${t.county.fireSource}`));
  assert.doesNotMatch(`${e1.error} ${e1.hint}`, /\.ya?ml|\/tmp\/|--kind/);

  const fireText = fireFile();
  const police = await upload(s, POLICE_UK_TARGET, [{ name: 'fires.csv', content: fireText }]);
  assert.equal(police.statusCode, 422, police.body);
  const e2 = police.json() as { code: string; error: string };
  assert.equal(e2.code, 'E_WRONG_SOURCE');
  assert.match(
    e2.error,
    new RegExp(`this looks like a ${t.county.fireSource} \\(record-level extract\\) file, not a police\\.uk download`),
  );
});

function fireFile(): string {
  const header =
    'Incident Number,Call Date,Call Time,Fire Type,Motive,Property Category,Property Type,Smoke Alarm,Ward Code,LSOA Code,Station Ground,Longitude,Latitude';
  return `${header}\nFRS1,2025-09-01,12:00:00,Secondary,Deliberate,Outdoor,Refuse,,E05990001,E01990001,Test,-1.5,52.4\n`;
}

test('a new partner source from a template: columns checked against the sample header, then uploads go to it; partners and viewers may not make one', async () => {
  const s = await login(t.app, 'analyst');
  const header = 'Ref,When,Kind,Why,LSOA,Lon,Lat';
  const sample = `${header}\nA1,01/09/2025,Secondary Fire,Accidental,E01990001,-1.5,52.4\nA2,02/09/2025,Primary Fire,Deliberate - own property,E01990002,-1.5,52.4\n`;
  const step1 = multipartFiles(
    [
      ['_csrf', s.csrf],
      ['template', 'fire-incidents'],
      ['source', 'vale-fire'],
    ],
    [{ name: 'vale.csv', content: sample }],
  );
  const r1 = await t.app.inject({
    method: 'POST',
    url: '/data/sources/new',
    headers: { cookie: s.cookie, ...step1.headers },
    payload: step1.payload,
  });
  assert.equal(r1.statusCode, 200, r1.body);
  const token = /name="token" value="([^"]+)"/.exec(r1.body)![1]!;
  for (const column of header.split(',')) assert.ok(r1.body.includes(`<option value="${column}">`), column);

  const post = (fields: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: '/data/sources',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: s.csrf, token, ...fields }).toString(),
    });
  const wrong = await post({ col_record_id: 'Ref', col_date: 'Date of call', col_lsoa: 'LSOA' });
  assert.equal(wrong.statusCode, 400);
  assert.match(wrong.body, /the file has no column &quot;Date of call&quot;|the file has no column "Date of call"/);
  const ok = await post({
    col_record_id: 'Ref',
    col_date: 'When',
    col_sub_category: 'Kind',
    col_category: 'Why',
    col_lsoa: 'LSOA',
    col_longitude: 'Lon',
    col_latitude: 'Lat',
    date_format: 'dd/mm/yyyy',
  });
  assert.equal(ok.statusCode, 303, ok.body);
  assert.equal(ok.headers.location, '/data?target=records%3Avale-fire#upload');

  const preview = await upload(s, 'records:vale-fire', [{ name: 'vale.csv', content: sample }]);
  assert.equal(preview.statusCode, 200, preview.body);
  const p = preview.json() as Preview;
  assert.equal(p.results[0]!.rowsLoaded, 2);

  for (const who of ['partner', 'viewer']) {
    const other = await login(t.app, who);
    const page = await t.app.inject({ method: 'GET', url: '/data/sources/new', headers: { cookie: other.cookie } });
    assert.equal(page.statusCode, 403, who);
  }
  const audit = await t.server.app.inject({
    method: 'GET',
    url: '/admin/audit.csv?action=source-created',
    headers: { cookie: (await login(t.app, 'admin')).cookie },
  });
  assert.equal(audit.statusCode, 200);
  const lines = audit.body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  assert.equal(lines[0], 'id,when,account,action,outcome,from,detail');
  assert.deepEqual(
    lines.slice(1).map((l) => l.split(',').slice(2, 5).join(',')),
    ['analyst,source-created,ok', 'analyst,source-created,failed'],
  );
});

test('the audit CSV guards formula injection and follows the filters; only administrators get it', async () => {
  // a failed sign-in records the name typed, which may start with "="
  await t.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { name: '=HYPERLINK("x")', password: 'wrong one here' },
  });
  const admin = await login(t.app, 'admin');
  const all = await t.app.inject({
    method: 'GET',
    url: '/admin/audit.csv?action=login',
    headers: { cookie: admin.cookie },
  });
  assert.equal(all.statusCode, 200);
  assert.match(all.body, /"'=HYPERLINK\(""x""\)"/);
  assert.doesNotMatch(all.body, /,=HYPERLINK|,"=HYPERLINK/);
  const day = new Date().toISOString().slice(0, 10);
  const none = await t.app.inject({
    method: 'GET',
    url: `/admin/audit.csv?action=login&to=2000-01-01`,
    headers: { cookie: admin.cookie },
  });
  assert.equal(
    none.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n').length,
    1,
    'only the header before 2000',
  );
  const today = await t.app.inject({
    method: 'GET',
    url: `/admin/audit.csv?action=login&from=${day}&to=${day}&user=admin`,
    headers: { cookie: admin.cookie },
  });
  assert.ok(
    today.body
      .split('\r\n')
      .slice(1, -1)
      .every((l) => l.split(',')[2] === 'admin'),
  );
  const analyst = await login(t.app, 'analyst');
  const refused = await t.app.inject({ method: 'GET', url: '/admin/audit.csv', headers: { cookie: analyst.cookie } });
  assert.equal(refused.statusCode, 403);
});
