/**
 * Ward pages (issue 17): a ward's profile shows the Assessment's own figures for that ward (count,
 * change, rate, rank in the district, monthly counts, monitoring checks); slicers (ward, measure,
 * month range) are query parameters that answer without JavaScript; every ward mention links to its
 * page; every breadcrumb link of every area page answers.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Assessment } from '../../src/assess/schema.ts';
import { formatInt } from '../../src/report/format.ts';
import { login, testServer, type Session, type TestServer } from './helpers.ts';

let t: TestServer;
let focus: string;
let s: Session;
let a: Assessment;

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });

/** A page as a browser sees it: 202 "preparing" pages fetched again; redirects followed. */
async function shown(url: string): Promise<{ status: number; body: string; url: string }> {
  let at = url;
  for (let tries = 0; tries < 240; tries++) {
    const r = await get(at);
    if (r.statusCode === 202) {
      await new Promise((ok) => setTimeout(ok, 500));
      continue;
    }
    if (r.statusCode === 301 || r.statusCode === 302 || r.statusCode === 303) {
      at = String(r.headers.location);
      continue;
    }
    return { status: r.statusCode, body: r.body, url: at };
  }
  throw new Error(`${url} never settled`);
}

function unescape(href: string): string {
  return href
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"');
}

function links(body: string, pattern: RegExp): string[] {
  return [...body.matchAll(/href="([^"]+)"/g)].map((m) => unescape(m[1]!)).filter((h) => pattern.test(h));
}

function crumbLinks(body: string): string[] {
  const crumbs = /class="crumbs"[^>]*>([\s\S]*?)<\/(?:div|nav)>/.exec(body);
  return crumbs ? links(crumbs[1]!, /^\//) : [];
}

before(async () => {
  t = await testServer();
  focus = t.county.focus.code;
  s = await login(t.app, 'viewer');
  await shown(`/area/${focus}`);
  a = (await get(`/api/assessment?area=${focus}`)).json() as Assessment;
});
after(async () => t?.close());

function allCrimeWards() {
  const m = a.measures.find((x) => x.id === 'all-crime')!;
  return { m, rows: m.local.ward!.rows };
}

test("a ward's page shows the Assessment's figures for that ward: count, change, rate, rank, monitoring", async () => {
  const { m, rows } = allCrimeWards();
  const top = rows[0]!;
  assert.equal(top.rank!.byCount, 1, 'rows come by count, the first ranked 1');
  const page = await shown(`/area/${focus}/wards/${top.code}`);
  assert.equal(page.status, 200);
  assert.match(page.body, new RegExp(`<h1>${top.name}</h1>`));
  assert.ok(page.body.includes(`<div class="value">${formatInt(top.current)}</div>`), 'the 12-month count');
  assert.ok(page.body.includes(`<div class="value">1 of ${rows.length}</div>`), 'the rank in the district');
  // every measure's row holds its ward row's count
  for (const x of a.measures.filter((x) => x.available && x.local.ward && x.id === x.countedAs)) {
    const row = x.local.ward!.rows.find((r) => r.code === top.code)!;
    const tr = new RegExp(`<tr data-measure="${x.id}">[\\s\\S]*?</tr>`).exec(page.body);
    assert.ok(tr, `${x.id} has a row`);
    assert.ok(tr[0].includes(`data-value="${row.current}"`), `${x.id}: ${row.current}`);
  }
  // the trend: the ward's own monthly counts, the last 24 months by default
  const data = JSON.parse(unescape(/data-chart="([^"]+)"/.exec(page.body)![1]!)) as { rows: (string | number)[][] };
  assert.deepEqual(
    data.rows.map((r) => r[r.length - 1]),
    top.counts!.slice(-24),
  );
  // the monitoring history: one row per check of this ward in the Assessment
  const checks = a.monitoring!.checks.filter((c) => c.area.code === top.code);
  const table = /<table[^>]*id="ward-monitoring"[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(page.body);
  assert.equal(table ? (table[1]!.match(/<tr>/g) ?? []).length : 0, checks.length);
  assert.ok(m.local.ward!.rows.length > 1);
});

test('slicers: measure and month range as query parameters; the ward picker redirects; bad values are refused', async () => {
  const { rows } = allCrimeWards();
  const ward = rows[1]!;
  const burglary = a.measures.find((x) => x.id === 'burglary' || x.countedAs === 'burglary')!;
  const row = burglary.local.ward!.rows.find((r) => r.code === ward.code)!;
  const months = burglary.series!.months;
  const from = months[months.length - 6]!;
  const to = months[months.length - 2]!;
  const page = await shown(`/area/${focus}/wards/${ward.code}?measure=${burglary.id}&from=${from}&to=${to}`);
  assert.equal(page.status, 200);
  assert.ok(page.body.includes(`<div class="value">${formatInt(row.current)}</div>`));
  const data = JSON.parse(unescape(/data-chart="([^"]+)"/.exec(page.body)![1]!)) as { rows: (string | number)[][] };
  assert.equal(data.rows.length, 5, 'five months, from and to included');
  assert.deepEqual(
    data.rows.map((r) => r[r.length - 1]),
    row.counts!.slice(-6, -1),
  );
  // the form's GET to the list (no JavaScript) lands on the chosen ward, keeping the other slicers
  const picked = await get(`/area/${focus}/wards?ward=${rows[2]!.code}&measure=${burglary.id}&from=${from}`);
  assert.equal(picked.statusCode, 303);
  assert.equal(picked.headers.location, `/area/${focus}/wards/${rows[2]!.code}?measure=${burglary.id}&from=${from}`);
  const backwards = await get(`/area/${focus}/wards/${ward.code}?from=${to}&to=${from}`);
  assert.equal(backwards.statusCode, 400);
  assert.match(backwards.body, /the month range starts after it ends/, 'an error page saying what is wrong');
  const unknown = await shown(`/area/${focus}/wards/E05000000`);
  assert.equal(unknown.status, 404);
  assert.equal((await get(`/area/${focus}/wards/${ward.code}?measure=not-a-measure`)).statusCode, 404);
  assert.equal((await get(`/area/${focus}/wards/bad%20code`)).statusCode, 400);
  assert.equal((await get(`/area/${focus}/wards/${ward.code}?from=2025-13`)).statusCode, 400);
});

test('every ward mention links to its page: the ward list, the measure page (table and map rows), the monthly page', async () => {
  const { rows } = allCrimeWards();
  const list = await shown(`/area/${focus}/wards`);
  assert.equal(list.status, 200);
  const listed = new Set(links(list.body, /\/wards\/[A-Za-z0-9]+/).map((h) => /\/wards\/([A-Za-z0-9]+)/.exec(h)![1]));
  assert.deepEqual([...listed].sort(), rows.map((r) => r.code).sort());
  const measure = await shown(`/area/${focus}/measures/all-crime`);
  const fromMeasure = new Set(links(measure.body, /\/wards\//).map((h) => /\/wards\/([A-Za-z0-9]+)/.exec(h)![1]));
  assert.deepEqual([...fromMeasure].sort(), rows.map((r) => r.code).sort());
  const monthly = await shown(`/area/${focus}/monthly`);
  const mentioned = [...monthly.body.matchAll(/<tr[^>]*data-ward="([^"]+)"[\s\S]*?<\/tr>/g)];
  for (const m of mentioned) assert.match(m[0], new RegExp(`href="/area/${focus}/wards/${m[1]}`));
  for (const href of links(monthly.body, /\/wards\//).slice(0, 5)) assert.equal((await shown(href)).status, 200);
});

test('every breadcrumb link of every area page answers', async () => {
  const { rows } = allCrimeWards();
  const pages = [
    `/area/${focus}/measures/all-crime`,
    `/area/${focus}/measures/burglary?end=${a.period.end}`,
    `/area/${focus}/monthly`,
    `/area/${focus}/wards`,
    `/area/${focus}/wards/${rows[0]!.code}`,
    `/area/${focus}/wards/${rows[0]!.code}?measure=burglary&end=${a.period.end}`,
  ];
  const crawled: string[] = [];
  for (const url of pages) {
    const page = await shown(url);
    assert.equal(page.status, 200, url);
    const crumbs = crumbLinks(page.body);
    assert.ok(crumbs.length > 0, `${url} has breadcrumbs`);
    for (const href of crumbs) {
      const r = await shown(href);
      assert.equal(r.status, 200, `${url} → ${href} answered ${r.status}`);
      crawled.push(href);
    }
  }
  assert.ok(crawled.some((h) => /\/wards(\?|$)/.test(h)));
  assert.ok(crawled.some((h) => /\/measures(\?|$)/.test(h)));
});
