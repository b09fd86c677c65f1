/**
 * The dashboard in Debian's Chromium (playwright-core) for the browser tests: a test server on a
 * copy of the small county listening on a free port, one browser, a folder for screenshots
 * (SAFER_SHOTS, else a fresh temporary one, printed), sign-in and "page ready". Tests skip, with
 * the reason, when Chromium is missing.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { testServer, PASSWORD, type TestServer } from '../serve/helpers.ts';

export const CHROMIUM = process.env.SAFER_CHROMIUM ?? '/usr/bin/chromium';
export const SKIP_BROWSER: string | false = existsSync(CHROMIUM)
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

export interface BrowserRig {
  t: TestServer;
  base: string;
  browser: Browser;
  shots: string;
}

export async function startBrowserRig(): Promise<BrowserRig> {
  const shots = process.env.SAFER_SHOTS ?? mkdtempSync(join(tmpdir(), 'safer-shots-'));
  mkdirSync(shots, { recursive: true });
  console.log(`# screenshots: ${shots}`);
  const t = await testServer();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  return { t, base, browser, shots };
}

export async function stopBrowserRig(rig: BrowserRig | undefined): Promise<void> {
  await rig?.browser.close();
  await rig?.t.close();
}

export async function signIn(page: Page, base: string, name: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('input[name=name]', name);
  await page.fill('input[name=password]', PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
}

/**
 * Waits for the page's own content. Every page marks its <main> with data-state: "preparing" on the
 * page that follows the Assessment's progress (it reloads itself once every Assessment it waits for
 * is ready), "ready" on every other page. The attribute sits on the start tag, so a half-parsed
 * document, or the empty one between two loads, can never pass for a ready page.
 */
export async function ready(page: Page, timeout = 180_000): Promise<void> {
  await page.locator('main[data-state=ready]').waitFor({ timeout });
}

export async function shoot(page: Page, shots: string, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}-${page.viewportSize()!.width}.png`), fullPage });
}
