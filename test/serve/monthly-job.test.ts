/**
 * The monthly job in Debian's Chromium (playwright-core), for issue 17: "a new police month
 * arrived" — the police.uk download of September 2025 (street, outcomes, stop and search, zipped
 * as the site zips it) uploaded on the Data page, previewed file by file, imported, the monthly
 * monitoring page then on September 2025; every import undone from the browser and the store back
 * as it was (counts and a digest of every row). A partner's bad file (line, column, value) and a
 * wrong-source file; a new partner source made from a template; axe-core finds no WCAG 2.2 AA
 * violation on any page added (1366 and 390 px). Screenshots go to SAFER_SHOTS (default: a fresh
 * temporary folder, printed).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { fireCsv, PASSWORD } from './helpers.ts';
import { LAST_LOADED, monthZip, NEW_MONTH, policeServer, streetMonth, type PoliceServer } from './police-month.ts';
import { POLICE_UK_TARGET } from '../../src/serve/data/uploads.ts';
import { monthLong } from '../../src/report/format.ts';

const CHROMIUM = process.env.SAFER_CHROMIUM ?? '/usr/bin/chromium';
const SKIP = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} not found: end-to-end browser tests skipped (install Debian's chromium package)`;
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const WIDTHS = [1366, 390] as const;

let SHOTS = '';
let t: PoliceServer;
let base: string;
let browser: Browser;

before(async () => {
  if (SKIP) return;
  SHOTS = process.env.SAFER_SHOTS ?? mkdtempSync(join(tmpdir(), 'safer-shots-'));
  mkdirSync(SHOTS, { recursive: true });
  console.log(`# screenshots: ${SHOTS}`);
  t = await policeServer();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});

after(async () => {
  await browser?.close();
  await t?.close();
});

async function signIn(page: Page, name: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('input[name=name]', name);
  await page.fill('input[name=password]', PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
}

async function ready(page: Page): Promise<void> {
  await page.locator('main[data-state=ready]').waitFor({ timeout: 300_000 });
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}-${page.viewportSize()!.width}.png`), fullPage: true });
}

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
}

/** axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the page as it stands, at each width, with a screenshot. */
async function checkPage(page: Page, name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.addScriptTag({ content: AXE });
    const result = (await page.evaluate(
      `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG)} } })`,
    )) as AxeResult;
    const found = result.violations.flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}`),
    );
    assert.deepEqual(found, [], `${name} at ${width} px`);
    await shoot(page, name);
  }
  await page.setViewportSize({ width: 1366, height: 900 });
}

/** Rows in use per table, and a digest of every crime row. */
async function storeState(): Promise<Record<string, string>> {
  const row = await t.store.one<Record<string, unknown>>(`
    SELECT (SELECT count(*) FROM events) AS events,
           (SELECT count(*) FROM police_outcomes) AS outcomes,
           (SELECT count(*) FROM stop_searches) AS stops,
           (SELECT md5(string_agg(e::VARCHAR, '|' ORDER BY e::VARCHAR)) FROM events e) AS digest`);
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, String(v)]));
}

async function monthlyHeading(page: Page, code: string): Promise<string> {
  await page.goto(`${base}/area/${code}/monthly`);
  await ready(page);
  return page.locator('h1').innerText();
}

test(
  'a new police month arrives: its zip uploaded, previewed file by file, imported, the monthly page on the new month; then undone in the browser and the store back as before',
  { skip: SKIP, timeout: 900_000 },
  async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, 'analyst');
    const focus = t.county.focus.code;
    assert.match(await monthlyHeading(page, focus), new RegExp(`Monthly monitoring: ${monthLong(LAST_LOADED)}`));
    const before = await storeState();

    const month = monthZip(t.county, NEW_MONTH);
    await page.goto(`${base}/data`);
    await page.selectOption('select[name=target]', POLICE_UK_TARGET);
    await page.setInputFiles('input[type=file][name=file]', {
      name: `police-uk-${NEW_MONTH}.zip`,
      mimeType: 'application/zip',
      buffer: month.zip,
    });
    await Promise.all([
      page.waitForURL(/\/data\/upload$/),
      page.click('form[action="/data/upload"] button[type=submit]'),
    ]);
    await page.locator('#upload-files').waitFor();
    const files = await page.locator('#upload-files tbody tr').allInnerTexts();
    assert.equal(files.length, 3, files.join('\n'));
    const row = (kind: RegExp) => files.find((f) => kind.test(f)) ?? '';
    const monthShown = /Sep 2025/;
    for (const [kind, rows] of [
      [/police\.uk street crimes/, month.street],
      [/police\.uk outcomes/, month.outcomes],
      [/police\.uk stop and search/, month.stopSearch],
    ] as const) {
      assert.match(row(kind), monthShown, `${kind}: the month`);
      assert.match(row(kind), /\(new\)/, `${kind}: replaces nothing`);
      assert.match(row(kind), new RegExp(`\\b${rows.toLocaleString('en-GB')}\\b`), `${kind}: ${rows} rows`);
    }
    assert.deepEqual(await storeState(), before, 'nothing kept before "Import it"');
    await checkPage(page, 'jag-upload-preview');
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.locator('#upload').screenshot({ path: join(SHOTS, `jag-upload-card-${width}.png`) });
    }
    await page.setViewportSize({ width: 1366, height: 900 });

    await Promise.all([page.waitForURL(/\/data\/upload\/confirm$/), page.click('button[value=import]')]);
    await page.locator('.callout.success').waitFor();
    const after = await storeState();
    assert.equal(Number(after['events']) - Number(before['events']), month.street);
    assert.equal(Number(after['outcomes']) - Number(before['outcomes']), month.outcomes);
    assert.equal(Number(after['stops']) - Number(before['stops']), month.stopSearch);
    assert.match(await monthlyHeading(page, focus), new RegExp(`Monthly monitoring: ${monthLong(NEW_MONTH)}`));
    await shoot(page, 'jag-monthly-after-upload');

    // undo from the browser: the history shows what each import replaced; newest first
    await page.goto(`${base}/data#history`);
    await checkPage(page, 'jag-data-history');
    for (let i = 0; i < 3; i++) {
      await page.goto(`${base}/data#history`);
      await Promise.all([
        page.waitForURL(/\/undo$/),
        page.locator('#history-table a', { hasText: 'Undo' }).first().click(),
      ]);
      if (i === 0) await checkPage(page, 'jag-undo-confirm');
      await Promise.all([page.waitForURL(/\/data/), page.click('form[action$="/undo"] button[type=submit]')]);
    }
    assert.deepEqual(await storeState(), before, 'the store is back as it was');
    assert.match(await monthlyHeading(page, focus), new RegExp(`Monthly monitoring: ${monthLong(LAST_LOADED)}`));
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test(
  'a partner uploads a bad file (line, column, value named) and a file of another source ("this looks like …")',
  { skip: SKIP, timeout: 600_000 },
  async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, 'partner');
    await page.goto(`${base}/data`);
    await page.setInputFiles('input[type=file][name=file]', {
      name: 'fire-september.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(fireCsv('2023-02-30')),
    });
    await Promise.all([
      page.waitForURL(/\/data\/upload$/),
      page.click('form[action="/data/upload"] button[type=submit]'),
    ]);
    await page.locator('.callout.error').waitFor();
    assert.equal(await page.locator('dd[data-field=line]').innerText(), '3');
    assert.equal(await page.locator('dd[data-field=column]').innerText(), '"Call Date"');
    assert.match(await page.locator('dd[data-field=value]').innerText(), /2023-02-30/);
    await checkPage(page, 'jag-partner-bad-file');

    await page.goto(`${base}/data`);
    await page.setInputFiles('input[type=file][name=file]', {
      name: 'september.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(streetMonth(t.county, NEW_MONTH).text),
    });
    await Promise.all([
      page.waitForURL(/\/data\/upload$/),
      page.click('form[action="/data/upload"] button[type=submit]'),
    ]);
    await page.locator('.callout.error').waitFor();
    const wrong = await page.locator('.callout.error').innerText();
    assert.match(wrong, new RegExp(`this looks like a police\\.uk download file, not ${t.county.fireSource}`));
    assert.doesNotMatch(wrong, /\/tmp\/|\.ya?ml\b|safer-upload-|--[a-z]/);
    await shoot(page, 'jag-partner-wrong-source');
    await context.close();
  },
);

test(
  'an analyst makes a new partner source from a template in the browser; the pages pass axe at 1366 and 390 px',
  { skip: SKIP, timeout: 600_000 },
  async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, 'analyst');
    await page.goto(`${base}/data`);
    await Promise.all([page.waitForURL(/\/data\/sources\/new$/), page.click('a[href="/data/sources/new"]')]);
    await checkPage(page, 'jag-new-source');
    await page.selectOption('select[name=template]', 'fire-incidents');
    await page.fill('input[name=source]', 'vale-fire');
    const sample = 'Ref,When,Kind,Why,LSOA,Lon,Lat\nA1,01/09/2025,Secondary Fire,Accidental,E01990001,-1.5,52.4\n';
    await page.setInputFiles('input[type=file][name=file]', {
      name: 'vale.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(sample),
    });
    await Promise.all([
      page.waitForURL(/\/data\/sources\/new$/),
      page.click('form[action="/data/sources/new"] button[type=submit]'),
    ]);
    await page.locator('#match-columns').waitFor();
    await checkPage(page, 'jag-match-columns');
    const pick = (field: string, column: string) => page.selectOption(`select[name=col_${field}]`, column);
    await pick('record_id', 'Ref');
    await pick('date', 'When');
    await pick('sub_category', 'Kind');
    await pick('category', 'Why');
    await pick('lsoa', 'LSOA');
    await pick('longitude', 'Lon');
    await pick('latitude', 'Lat');
    await page.selectOption('select[name=date_format]', 'dd/mm/yyyy');
    await Promise.all([page.waitForURL(/\/data\?target=/), page.click('#match-columns button[type=submit]')]);
    assert.equal(await page.locator('select[name=target]').inputValue(), 'records:vale-fire');
    await context.close();
  },
);

test(
  'the audit log: filtered by account, action and days, and downloaded as CSV; the Accounts page passes axe',
  { skip: SKIP, timeout: 300_000 },
  async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      acceptDownloads: true,
      bypassCSP: true,
    });
    const page = await context.newPage();
    await signIn(page, 'admin');
    const day = new Date().toISOString().slice(0, 10);
    await page.goto(`${base}/admin?action=login&user=analyst&from=${day}&to=${day}#audit`);
    const rows = await page.locator('#audit-table tbody tr').allInnerTexts();
    assert.ok(rows.length > 0 && rows.every((r) => /analyst/.test(r) && /login/.test(r)), rows.join('\n'));
    await checkPage(page, 'jag-audit');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href^="/admin/audit.csv"]')]);
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split('\r\n');
    assert.equal(lines[0], 'id,when,account,action,outcome,from,detail');
    assert.equal(lines.length - 1, rows.length, 'the CSV holds the rows the filtered page shows');
    await context.close();
  },
);
