/**
 * The dashboard in Debian's Chromium (playwright-core), for issue 17: axe-core finds no WCAG 2.2 AA
 * violation on any page at 1366 and 390 px; a table exported as CSV and Excel from its download
 * links holds the figures the page shows; a partner's upload is previewed (months it replaces,
 * rows before and after) before it is confirmed, a bad file names its line and column, and a file
 * of another source is called so; the source picker keeps its choice; the home district is where
 * an account lands. Screenshots go to a fresh temporary folder (printed; SAFER_SHOTS overrides).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { fireCsv, PASSWORD, type TestServer } from './helpers.ts';
import {
  SKIP_BROWSER,
  ready,
  shoot as shootTo,
  signIn as signInAt,
  startBrowserRig,
  stopBrowserRig,
  type BrowserRig,
} from '../helpers/browser.ts';
import { parseCsv } from './csv-parse.ts';

const SKIP = SKIP_BROWSER;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let SHOTS = '';
let t: TestServer;
let base: string;
let browser: Browser;
let rig: BrowserRig | undefined;

before(async () => {
  if (SKIP) return;
  rig = await startBrowserRig();
  ({ t, base, browser, shots: SHOTS } = rig);
});

after(async () => stopBrowserRig(rig));

const signIn = (page: Page, name: string) => signInAt(page, base, name);
const shoot = (page: Page, name: string, fullPage = true) => shootTo(page, SHOTS, name, fullPage);

async function firstWard(district: string): Promise<string> {
  const rows = await t.store.all<{ ward: string }>({
    sql: 'SELECT min(ward) AS ward FROM lsoa_lookup WHERE district = ?',
    params: [district],
  });
  return rows[0]!.ward;
}

/** A ward of the district (the lookup's first), for the ward pages. */
let wardCode = '';
function wardOf(_district: string): string {
  return wardCode;
}

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
}

/** axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the page as it stands. */
async function axe(page: Page): Promise<string[]> {
  // the page's CSP forbids inline scripts, so the context bypasses it for axe alone
  await page.addScriptTag({ content: AXE });
  const result = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG)} } })`,
  )) as AxeResult;
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}`),
  );
}

test(
  'axe-core finds no WCAG 2.2 AA violation on any page, at 1366 and at 390 px',
  { skip: SKIP, timeout: 900_000 },
  async () => {
    const focus = t.county.focus.code;
    wardCode = await firstWard(focus);
    const pages = [
      [`/area/${focus}`, 'overview'],
      [`/area/${focus}/measures/dwelling-burglary`, 'measure'],
      [`/area/${focus}/peers`, 'peers'],
      [`/area/${focus}/monthly`, 'monthly'],
      [`/area/${focus}/reports`, 'reports'],
      [`/area/${focus}/wards`, 'wards'],
      [`/area/${focus}/wards/${wardOf(focus)}`, 'ward'],
      [`/area/${focus}/wards/${wardOf(focus)}?measure=burglary&from=2024-01`, 'ward-sliced'],
      ['/data', 'data'],
      ['/admin', 'admin'],
    ] as const;
    const found: string[] = [];
    for (const width of [1366, 390]) {
      const context = await browser.newContext({
        viewport: { width, height: width > 500 ? 900 : 844 },
        bypassCSP: true,
        ...(width < 500 ? { isMobile: true, hasTouch: true } : {}),
      });
      const page = await context.newPage();
      await page.goto(`${base}/login`);
      for (const v of await axe(page)) found.push(`${width} /login: ${v}`);
      await signIn(page, 'admin');
      await ready(page);
      for (const [url, name] of pages) {
        await page.goto(`${base}${url}`);
        await ready(page);
        for (const v of await axe(page)) found.push(`${width} ${url}: ${v}`);
        if (width < 500) {
          // the phone layout: the whole nav visible (it wraps), nothing wider than the screen
          const navCut = Number(
            await page.evaluate(
              `(() => { const ul = document.querySelector('nav.tabs ul'); return ul.scrollWidth - ul.clientWidth; })()`,
            ),
          );
          assert.ok(navCut <= 1, `${url}: the nav is cut by ${navCut}px at 390 px`);
          const overflow = Number(
            await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
          );
          assert.ok(overflow <= 1, `${url} is ${overflow}px wider than the screen`);
        }
        await shoot(page, `a11y-${name}`);
      }
      if (width < 500) {
        // a table wider than the phone says so, and its box can be scrolled from the keyboard
        await page.goto(`${base}/area/${focus}`);
        await ready(page);
        const cue = page.locator('#measures .scroll-cue');
        assert.match(await cue.innerText(), /more columns?: scroll sideways|Scroll sideways/);
        assert.equal(await page.locator('#measures .table-wrap').getAttribute('tabindex'), '0');
        await page.locator('#risk-matrix').screenshot({ path: join(SHOTS, 'risk-matrix-390.png') });
      }
      await context.close();
    }
    assert.deepEqual(found, [], found.join('\n'));
  },
);

test(
  "sort buttons are named by their column, and the risk matrix shows every measure's full name",
  { skip: SKIP, timeout: 300_000 },
  async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, 'analyst');
    await ready(page);
    await page.goto(`${base}/area/${t.county.focus.code}`);
    await ready(page);
    const labels = await page
      .locator('#measures-table th button')
      .evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label')));
    assert.deepEqual(labels.slice(0, 3), ['Sort by Measure', 'Sort by Risk', 'Sort by 12 months']);
    // every chip shows its whole title: nothing clipped (its content fits its box)
    const clipped = await page
      .locator('.matrix .chip')
      .evaluateAll((chips) =>
        chips
          .filter((c) => c.scrollHeight > c.clientHeight + 1 || c.scrollWidth > c.clientWidth + 1)
          .map((c) => c.textContent),
      );
    assert.deepEqual(clipped, []);
    assert.equal(await page.locator('.matrix [role=img]').count(), 0, 'no interactive control inside an image role');
    await page.locator('#risk-matrix').screenshot({ path: join(SHOTS, 'risk-matrix-1366.png') });
    // the table search keeps the rows holding every word typed
    const total = await page.locator('#measures-table tbody tr').count();
    await page.fill('#measures input[type=search]', 'burglary');
    const visible = await page.locator('#measures-table tbody tr:visible').allInnerTexts();
    assert.ok(visible.length > 0 && visible.length < total, `${visible.length} of ${total} rows`);
    assert.ok(visible.every((text) => /burglary/i.test(text)));
    assert.match(
      await page.locator('#measures .table-search [role=status]').innerText(),
      new RegExp(`^${visible.length} of ${total} rows$`),
    );
    await context.close();
  },
);

test(
  'the measures table downloaded as CSV and as Excel holds the figures the page shows',
  { skip: SKIP, timeout: 300_000 },
  async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, 'analyst');
    await ready(page);
    await page.goto(`${base}/area/${t.county.focus.code}`);
    await ready(page);
    // the page's own figures: each measure's title and 12-month count as shown
    const shown = await page.locator('#measures-table tbody tr').evaluateAll((rows) =>
      rows.map((r) => {
        const cells = (
          r as unknown as {
            cells: {
              firstChild: { textContent: string | null } | null;
              querySelector(s: string): { textContent: string | null } | null;
            }[];
          }
        ).cells;
        const count = cells[2]!.firstChild?.textContent ?? '';
        return [cells[0]!.querySelector('a')!.textContent!, count.trim()];
      }),
    );
    assert.ok(shown.length > 10);
    const links = page.locator('#measures .exports a');
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), links.filter({ hasText: 'CSV' }).click()]);
    assert.match(csvDownload.suggestedFilename(), /\.csv$/);
    const rows = parseCsv(readFileSync((await csvDownload.path())!, 'utf8').replace(/^\ufeff/, ''));
    const head = rows[0]!;
    const fromCsv = rows.slice(1).map((r) => [r[0]!, Number(r[head.indexOf('12 months')]!)]);
    assert.deepEqual(
      fromCsv,
      shown.map(([title, count]) => [title, count === 'n/a' ? NaN : Number(count!.replace(/,/g, ''))]),
    );

    const [xlsxDownload] = await Promise.all([
      page.waitForEvent('download'),
      links.filter({ hasText: 'Excel' }).click(),
    ]);
    assert.match(xlsxDownload.suggestedFilename(), /\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await xlsxDownload.path())!);
    const sheet = book.worksheets[0]!;
    const col = head.indexOf('12 months') + 1;
    const fromXlsx = sheet
      .getRows(2, sheet.rowCount - 1)!
      .map((r) => [String(r.getCell(1).value), r.getCell(col).value]);
    assert.deepEqual(
      fromXlsx,
      shown.map(([title, count]) => [title, count === 'n/a' ? 'n/a' : Number(count!.replace(/,/g, ''))]),
    );
    await context.close();
  },
);

test(
  'a partner: a bad file is refused with its line and column, a file of another source is called so, a good one is previewed, then imported',
  { skip: SKIP, timeout: 300_000 },
  async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, 'partner');
    await ready(page);
    const target = `records:${t.county.fireSource}`;

    // a bad file
    await page.goto(`${base}/data`);
    await page.selectOption('select[name=target]', target);
    await page.setInputFiles('input[type=file]', {
      name: 'fire-broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(fireCsv('2023-13-45')),
    });
    await Promise.all([
      page.waitForURL(/\/data\/upload$/),
      page.click('form[action="/data/upload"] button[type=submit]'),
    ]);
    await page.locator('.callout.error').waitFor();
    assert.match(await page.locator('.callout.error').innerText(), /fire-broken\.csv was not imported/);
    assert.equal(await page.locator('dd[data-field=line]').innerText(), '3');
    assert.equal(await page.locator('dd[data-field=column]').innerText(), '"Call Date"');
    assert.doesNotMatch(
      await page.locator('.callout.error').innerText(),
      /\/tmp\/|\.ya?ml\b|safer-upload-|--[a-z]/,
      'no server path or YAML in the message',
    );
    assert.equal(await page.locator('select[name=target]').inputValue(), target, 'the source picker keeps its choice');

    // the road collisions file, already loaded as the collisions source, sent to the fire source
    const collisions = readFileSync(join(t.county.root, 'data', '4-partners', 'collisions', 'road-collisions.csv'));
    await page.goto(`${base}/data`);
    await page.setInputFiles('input[type=file]', {
      name: 'road-collisions.csv',
      mimeType: 'text/csv',
      buffer: collisions,
    });
    await Promise.all([
      page.waitForURL(/\/data\/upload$/),
      page.click('form[action="/data/upload"] button[type=submit]'),
    ]);
    await page.locator('.callout.error').waitFor();
    const wrong = await page.locator('.callout.error').innerText();
    assert.match(wrong, /looks like a file of [\w.-]+ \(.*\), not of /);
    assert.doesNotMatch(wrong, /already loaded\s*$/);
    await shoot(page, 'upload-wrong-source', false);

    // a good file: previewed (the month it replaces, rows before and after), nothing stored yet
    const before = (
      await t.store.all<{ n: number }>({ sql: "SELECT count(*) AS n FROM events WHERE batch LIKE '%2023-01'" })
    )[0]!.n;
    await page.goto(`${base}/data`);
    await page.setInputFiles('input[type=file]', {
      name: 'fire-january.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(fireCsv(null)),
    });
    await Promise.all([
      page.waitForURL(/\/data\/upload$/),
      page.click('form[action="/data/upload"] button[type=submit]'),
    ]);
    await page.locator('.callout.preview').waitFor();
    const preview = page.locator('#upload-preview tbody tr');
    assert.equal(await preview.count(), 1);
    const cells = await preview.first().locator('td').allInnerTexts();
    assert.match(cells[0]!, /Jan 2023/);
    assert.equal(Number(cells[2]!.replace(/,/g, '')), 3, 'three rows after the import');
    assert.ok(Number(cells[1]!.replace(/,/g, '')) > 3, 'more rows stored now');
    assert.match(await page.locator('.callout.preview').innerText(), /fewer than 90% of its rows/);
    assert.equal(
      (await t.store.all<{ n: number }>({ sql: "SELECT count(*) AS n FROM events WHERE batch LIKE '%2023-01'" }))[0]!.n,
      before,
      'the preview stored nothing',
    );
    await shoot(page, 'upload-preview', false);
    await Promise.all([page.waitForURL(/\/data\/upload\/confirm$/), page.click('button[name=action][value=import]')]);
    await page.locator('.callout.success').waitFor();
    assert.match(await page.locator('.callout.success').innerText(), /fire-january\.csv imported/);
    assert.equal(await page.locator('select[name=target]').inputValue(), target);
    await shoot(page, 'upload-imported', false);
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test(
  'a home district: set from the picker, where the account lands after signing in again',
  { skip: SKIP, timeout: 300_000 },
  async () => {
    const other = t.county.districts.find((d) => d.code !== t.county.focus.code)!;
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, 'viewer');
    await ready(page);
    await page.goto(`${base}/area/${other.code}`);
    await ready(page);
    await Promise.all([
      page.waitForURL(new RegExp(`/area/${other.code}$`)),
      page.click('button:has-text("my home district")'),
    ]);
    await ready(page);
    assert.match(await page.locator('.home-mark').innerText(), /Your home district/);
    assert.match(await page.locator('select[name=area] option').first().innerText(), /\(home\)/);
    await context.close();
    // a new browser (no cookie of the last district viewed) lands on the home district
    const fresh = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const p2 = await fresh.newPage();
    await signIn(p2, 'viewer');
    await ready(p2);
    assert.match(p2.url(), new RegExp(`/area/${other.code}$`));
    await shoot(p2, 'home-district', false);
    await fresh.close();
  },
);

/** Presses Tab until the focused element matches `selector` (at most `max` times); fails otherwise. */
async function tabTo(page: Page, selector: string, max = 600): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`!!document.activeElement && document.activeElement.matches(${JSON.stringify(selector)})`))
      return;
  }
  assert.fail(`${max} presses of Tab never reached ${selector} on ${page.url()}`);
}

test(
  'keyboard only (Tab, Enter and typing): sign in, the home district, the monthly page, a signal, its ward page, an export',
  { skip: SKIP, timeout: 900_000 },
  async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(300_000);
    await page.goto(`${base}/login`);
    await tabTo(page, 'input[name=name]');
    await page.keyboard.type('analyst2');
    await tabTo(page, 'input[name=password]', 5);
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL(/\/area\//), page.keyboard.press('Enter')]);
    await ready(page);
    // the account's landing district (its home, else the installation's, else the first covered)
    assert.match(page.url(), /\/area\/[A-Za-z0-9]+$/, 'a district');
    await tabTo(page, 'nav.tabs a[href*="/monthly"]');
    await Promise.all([page.waitForURL(/\/monthly/), page.keyboard.press('Enter')]);
    await ready(page);
    await shoot(page, 'keyboard-monthly', false);
    // a signal of a ward (the agenda or the ward tables), then that ward's page
    const signal = '#agenda a[href*="/wards/"], #wards a[href*="/wards/"], #ward-ranges a[href*="/wards/"]';
    assert.ok((await page.locator(signal).count()) > 0, 'a ward is named on the monthly page');
    await tabTo(page, signal);
    const href = (await page.evaluate(`document.activeElement.getAttribute('href')`)) as string;
    await Promise.all([page.waitForURL(/\/wards\//), page.keyboard.press('Enter')]);
    await ready(page);
    assert.ok(page.url().endsWith(href), `${page.url()} is ${href}`);
    assert.equal(await page.locator('nav.crumbs [aria-current=page]').count(), 1);
    await shoot(page, 'keyboard-ward', false);
    // the ward's table of every measure, exported as CSV
    await tabTo(page, '#measures .exports a[href*="format=csv"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const rows = parseCsv(readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, ''));
    assert.equal(rows[0]![0], 'Measure');
    assert.equal(rows.length - 1, await page.locator('#ward-measures tbody tr').count());
    // the focus is always visible: the focused link has an outline
    await tabTo(page, 'a[href*="/measures/"]');
    const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    assert.notEqual(outline, 'none');
    await context.close();
  },
);
