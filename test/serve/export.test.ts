/**
 * Exports of the dashboard's tables (CSV, XLSX) and charts (SVG, PNG, their figures as CSV), from
 * the page links and the API, on the small synthetic county: the files hold the page's figures, the
 * Assessment's own numbers, and nothing a spreadsheet would run as a formula.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { formatRate } from '../../src/core/format/numbers.ts';
import ExcelJS from 'exceljs';
import { testServer, login, type TestServer, type Session } from './helpers.ts';
import { extractTable, numberOf } from '../../src/serve/export/extract.ts';
import { safeText, tableCsv, tableXlsx } from '../../src/serve/export/formats.ts';
import { parseCsv } from './csv-parse.ts';

let t: TestServer;
let analyst: Session;
let viewer: Session;

before(async () => {
  t = await testServer();
  analyst = await login(t.app, 'analyst');
  viewer = await login(t.app, 'viewer');
});
after(async () => t?.close());

async function get(session: Session, url: string) {
  return t.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
}

/** The page, once its Assessment is ready (the first request may answer 202 "preparing"). */
async function page(session: Session, url: string): Promise<string> {
  for (let i = 0; i < 240; i++) {
    const res = await get(session, url);
    if (res.statusCode === 200) return res.body;
    assert.equal(res.statusCode, 202, `${url}: ${res.statusCode}`);
    await new Promise((ok) => setTimeout(ok, 500));
  }
  throw new Error(`${url} never became ready`);
}

test('every table and chart of the overview and a measure page is listed, and each page carries its download links', async () => {
  const focus = t.county.focus.code;
  const overview = await page(analyst, `/area/${focus}`);
  assert.match(
    overview,
    new RegExp(
      `href="/export\\?page=${encodeURIComponent(`/area/${focus}`).replaceAll('%', '%')}&amp;table=measures-table&amp;format=csv"`,
    ),
  );
  const listed = (await get(analyst, `/api/exports?page=${encodeURIComponent(`/area/${focus}`)}`)).json() as {
    tables: { id: string }[];
    charts: { id: string }[];
  };
  assert.ok(listed.tables.some((x) => x.id === 'measures-table'));
  await page(analyst, `/area/${focus}/measures/dwelling-burglary`);
  const measure = (
    await get(analyst, `/api/exports?page=${encodeURIComponent(`/area/${focus}/measures/dwelling-burglary`)}`)
  ).json() as { tables: { id: string }[]; charts: { id: string }[] };
  assert.ok(measure.charts.length >= 3, `charts: ${JSON.stringify(measure.charts)}`);
  assert.ok(measure.tables.some((x) => x.id === 'ward-table'));
});

test("the measures table as CSV and XLSX holds the Assessment's counts, rates and changes, row for row", async () => {
  const focus = t.county.focus.code;
  await page(analyst, `/area/${focus}`);
  const pageParam = encodeURIComponent(`/area/${focus}`);
  const csvRes = await get(analyst, `/export?page=${pageParam}&table=measures-table&format=csv`);
  assert.equal(csvRes.statusCode, 200, csvRes.body);
  assert.match(String(csvRes.headers['content-type']), /^text\/csv/);
  assert.match(String(csvRes.headers['content-disposition']), /attachment; filename="[a-z0-9-]+\.csv"/);
  const rows = parseCsv(csvRes.body.replace(/^\ufeff/, ''));
  const head = rows[0]!;
  assert.deepEqual(head.slice(0, 4), ['Measure', 'Risk', '12 months', '12 months (detail)']);
  const measures = (
    (await get(analyst, `/api/assessment/measures?area=${focus}`)).json() as {
      measures: { id: string; title: string; current: number; rate: number | null; pct: number | null }[];
    }
  ).measures;
  const all = measures.find((m) => m.id === 'all-crime')!;
  const line = rows.find((r) => r[0] === all.title)!;
  assert.equal(Number(line[head.indexOf('12 months')]), all.current);
  // the page's figure: the one rate rule (docs/formatting.md), not the Assessment's full precision
  assert.equal(line[head.indexOf('Per 1,000')], formatRate(all.rate!));
  assert.equal(Number(line[head.indexOf('Change (%)')]), Math.round(all.pct! * 10) / 10);

  const xlsxRes = await get(analyst, `/api/export?page=${pageParam}&table=measures-table&format=xlsx`);
  assert.equal(xlsxRes.statusCode, 200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsxRes.rawPayload as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  assert.equal(sheet.rowCount, rows.length, 'as many rows as the CSV');
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  assert.deepEqual(header, head);
  const xrow = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === all.title)!;
  assert.equal(xrow.getCell(head.indexOf('12 months') + 1).value, all.current, 'a number, not text');
});

test('a chart as SVG, PNG and its figures as CSV', async () => {
  const focus = t.county.focus.code;
  const url = `/area/${focus}/measures/dwelling-burglary`;
  await page(analyst, url);
  const p = encodeURIComponent(url);
  const svg = await get(analyst, `/export?page=${p}&chart=dwelling-burglary-monthly&format=svg`);
  assert.equal(svg.statusCode, 200, svg.body);
  assert.match(svg.body, /^<\?xml[^>]*>\n<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  const png = await get(analyst, `/export?page=${p}&chart=dwelling-burglary-monthly&format=png`);
  assert.equal(png.rawPayload.subarray(1, 4).toString('latin1'), 'PNG');
  const csv = await get(analyst, `/export?page=${p}&chart=dwelling-burglary-monthly&format=csv`);
  const rows = parseCsv(csv.body.replace(/^\ufeff/, ''));
  const m = (
    (await get(analyst, `/api/assessment/measures/dwelling-burglary?area=${focus}`)).json() as {
      seasonality: { months: { month: string; count: number }[] };
    }
  ).seasonality.months;
  assert.equal(rows.length - 1, m.length, 'one row a month');
  assert.deepEqual(
    rows.slice(1).map((r) => [r[0], Number(r[1])]),
    m.map((x) => [x.month, x.count]),
  );
});

test("exports follow the page's permissions, and name what is wrong", async () => {
  const refused = await get(viewer, `/api/export?page=${encodeURIComponent('/data')}&table=sources-table&format=csv`);
  assert.equal(refused.statusCode, 403);
  const missing = await get(analyst, `/api/export?page=${encodeURIComponent('/data')}&table=no-such-table&format=csv`);
  assert.equal(missing.statusCode, 404);
  assert.match((missing.json() as { error: string }).error, /no table "no-such-table"/);
  const outside = await get(
    analyst,
    `/api/export?page=${encodeURIComponent('https://example.org/')}&table=x&format=csv`,
  );
  assert.equal(outside.statusCode, 400);
  const wrongFormat = await get(
    analyst,
    `/api/export?page=${encodeURIComponent('/data')}&table=sources-table&format=png`,
  );
  assert.equal(wrongFormat.statusCode, 400);
});

test('cells that a spreadsheet would run as formulas are written as text, in CSV and XLSX', async () => {
  const markup =
    '<table class="data" id="t"><thead><tr><th>Name</th><th>Count</th></tr></thead><tbody>' +
    '<tr><td>=HYPERLINK("http://x","y")</td><td>1,204</td></tr><tr><td>+44 1234</td><td>−3.5%</td></tr><tr><td>@SUM(A1)</td><td>7</td></tr><tr><td>-2+3</td><td>n/a</td></tr></tbody></table>';
  const table = extractTable(markup, 't')!;
  assert.deepEqual(
    table.rows.map((r) => r[1]),
    [1204, '−3.5%', 7, 'n/a']
      .map((v) => (typeof v === 'string' && v !== 'n/a' ? numberOf(v)!.value : v))
      .map((v) => (v === 'n/a' ? 'n/a' : v)),
  );
  const csv = tableCsv(table);
  assert.match(csv, /\r\n"'=HYPERLINK\(""http:\/\/x"",""y""\)",1204\r\n/);
  assert.match(csv, /\r\n'\+44 1234,/);
  assert.match(csv, /\r\n'@SUM\(A1\),7\r\n/);
  assert.match(csv, /\r\n'-2\+3,n\/a\r\n/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await tableXlsx(table, 'T')) as unknown as ArrayBuffer);
  const col = book.worksheets[0]!.getColumn(1).values.slice(2);
  assert.deepEqual(col, ['\'=HYPERLINK("http://x","y")', "'+44 1234", "'@SUM(A1)", "'-2+3"]);
  assert.equal(safeText('\tx'), "'\tx");
  assert.equal(safeText('plain'), 'plain');
});
