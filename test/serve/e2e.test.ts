/**
 * End to end in Debian's Chromium (playwright-core): sign in, open a district and a measure, hover
 * the ward map and read its tooltip, download the Word report, upload a malformed file and read its
 * error, and be refused a page above one's role. Screenshots of every page at desktop (1366 px) and
 * phone (390 px) width go to a fresh temporary folder per run (printed; SAFER_SHOTS overrides) for review.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { fireCsv, type TestServer } from './helpers.ts';
import {
  SKIP_BROWSER,
  ready,
  shoot as shootTo,
  signIn as signInAt,
  startBrowserRig,
  stopBrowserRig,
  type BrowserRig,
} from '../helpers/browser.ts';

const SKIP = SKIP_BROWSER;
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

test(
  'an analyst signs in, opens a district and a measure, hovers the ward map, downloads the Word report and meets an upload error',
  { skip: SKIP, timeout: 600_000 },
  async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      // the upload's refusal is a 422 answer, which Chromium logs as a failed load
      if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 422/.test(m.text()))
        errors.push(m.text());
    });
    await page.goto(`${base}/`);
    assert.match(page.url(), /\/login\?next=/);
    await shoot(page, 'login');
    await signIn(page, 'analyst');
    await ready(page);

    // a district: the overview
    const focus = t.county.focus;
    assert.match(page.url(), new RegExp(`/area/${focus.code}$`));
    await page.selectOption('select[name=area]', focus.code);
    await ready(page);
    assert.equal(await page.locator('h1').innerText(), `${focus.name}: overview`);
    assert.ok((await page.locator('#measures-table tbody tr').count()) > 10);
    assert.ok((await page.locator('.matrix .chip').count()) > 5, 'the risk matrix places the measures');
    // sorting the measures table by its 12-month count puts the largest first (all crime)
    await page.click('#measures-table th:nth-child(3) button');
    const firstAfterSort = await page.locator('#measures-table tbody tr').first().getAttribute('data-measure');
    assert.equal(firstAfterSort, 'all-crime');

    // a measure, from the overview's table
    await Promise.all([
      page.waitForURL(/\/measures\/dwelling-burglary/),
      page.click('#measures-table a[href*="/measures/dwelling-burglary"]'),
    ]);
    await ready(page);
    assert.match(await page.locator('h1').innerText(), /burglary dwelling/i);
    assert.equal(
      (await page.locator('figure.chart svg').count()) >= 3,
      true,
      'trend, monthly and map charts are drawn',
    );

    // hover a ward on the map: the tooltip names it and gives the value the map was drawn from
    const ward = page.locator('figure.map path[data-code]').first();
    const code = (await ward.getAttribute('data-code'))!;
    const name = (await ward.getAttribute('data-name'))!;
    const value = Number(await ward.getAttribute('data-value'));
    await ward.hover();
    const tip = page.locator('.map-wrap .tooltip');
    await tip.waitFor({ state: 'visible' });
    const text = await tip.innerText();
    assert.match(text, new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    const shown = Number(
      /([\d,.]+) per 1,000|([\d,.]+) offences/.exec(text)!.slice(1).find(Boolean)!.replace(/,/g, ''),
    );
    assert.ok(Math.abs(shown - value) < 0.01, `tooltip ${shown} against data-value ${value}`);
    assert.equal(
      await page.locator(`#ward-table tr.highlight`).getAttribute('data-code'),
      code,
      "the ward's row is highlighted",
    );
    await shoot(page, 'measure');

    // the other pages of the district
    for (const [view, file] of [
      ['peers', 'peers'],
      ['monthly', 'monthly'],
      ['reports', 'reports'],
    ] as const) {
      await page.goto(`${base}/area/${focus.code}/${view}`);
      await ready(page);
      await shoot(page, file);
    }
    await page.goto(`${base}/area/${focus.code}`);
    await ready(page);
    await shoot(page, 'overview');

    // the Word report
    await page.goto(`${base}/area/${focus.code}/reports`);
    await page.check('input[name=format][value=docx]');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 180_000 }),
      page.click('button[value=attachment]'),
    ]);
    assert.match(download.suggestedFilename(), /-strategic-assessment-\d{4}-\d{2}\.docx$/);
    const file = await download.path();
    const bytes = readFileSync(file!);
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'a zip (docx) file');
    assert.ok(bytes.includes(Buffer.from('word/document.xml')));
    // the page said how long it took and that the file is saved (made in the background, then saved)
    await page.locator('.report-progress', { hasText: 'is ready' }).waitFor();
    assert.match(
      await page.locator('.report-progress').innerText(),
      /-strategic-assessment-\d{4}-\d{2}\.docx is ready \(\d+ s\)/,
    );

    // a malformed upload: the error names the line and the column
    await page.goto(`${base}/data`);
    await page.selectOption('select[name=target]', `records:${t.county.fireSource}`);
    await page.setInputFiles('input[type=file]', {
      name: 'fire-broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(fireCsv('2023-13-45')),
    });
    await Promise.all([
      page.waitForURL(/\/data\/upload$/),
      page.click('form[action="/data/upload"] button[type=submit]'),
    ]);
    const error = page.locator('.callout.error');
    await error.waitFor();
    assert.match(await error.innerText(), /fire-broken\.csv was not imported/);
    assert.equal(await page.locator('dd[data-field=line]').innerText(), '3');
    assert.equal(await page.locator('dd[data-field=column]').innerText(), '"Call Date"');
    assert.equal(await page.locator('dd[data-field=value]').innerText(), '"2023-13-45"');
    await shoot(page, 'data-upload-error');
    await page.goto(`${base}/data`);
    await shoot(page, 'data');
    assert.deepEqual(errors, [], 'no script errors in the pages');
    await context.close();
  },
);

test(
  'a viewer is refused the Data page and sees no Accounts or Data tab',
  { skip: SKIP, timeout: 120_000 },
  async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, 'viewer');
    await ready(page);
    assert.equal(await page.locator('nav.tabs a', { hasText: 'Data' }).count(), 0);
    assert.equal(await page.locator('nav.tabs a', { hasText: 'Accounts' }).count(), 0);
    const response = await page.goto(`${base}/data`);
    assert.equal(response!.status(), 403);
    assert.match(await page.locator('main').innerText(), /Not allowed[\s\S]*your role \(viewer\) may not do this/);
    await shoot(page, 'refused');
    const admin = await page.goto(`${base}/admin`);
    assert.equal(admin!.status(), 403);
    await context.close();
  },
);

test(
  'every page at phone width (390 px), and the accounts page for an administrator',
  { skip: SKIP, timeout: 300_000 },
  async () => {
    const wide = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const adminPage = await wide.newPage();
    await signIn(adminPage, 'admin');
    await ready(adminPage);
    await adminPage.goto(`${base}/admin`);
    await shoot(adminPage, 'admin');
    await wide.close();

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await shoot(page, 'login');
    await signIn(page, 'admin');
    await ready(page);
    const focus = t.county.focus.code;
    for (const [url, file] of [
      [`/area/${focus}`, 'overview'],
      [`/area/${focus}/measures/dwelling-burglary`, 'measure'],
      [`/area/${focus}/peers`, 'peers'],
      [`/area/${focus}/monthly`, 'monthly'],
      [`/area/${focus}/reports`, 'reports'],
      ['/data', 'data'],
      ['/admin', 'admin'],
    ] as const) {
      await page.goto(`${base}${url}`);
      await ready(page);
      // nothing may be wider than the phone: tables scroll inside their own box
      const overflow = Number(
        await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
      );
      assert.ok(overflow <= 1, `${url} is ${overflow}px wider than the screen`);
      await shoot(page, file);
    }
    await context.close();
  },
);
