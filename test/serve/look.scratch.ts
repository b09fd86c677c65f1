import type { AddressInfo } from 'node:net';
import { testServer, PASSWORD } from './helpers.ts';
const t = await testServer();
await t.app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const focus = t.county.focus.code;
// SHOTS="url|selector|name;..."
for (const width of (process.env.WIDTHS ?? '390').split(',').map(Number)) {
  const ctx = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(`${base}/login`);
  await page.fill('input[name=name]', 'admin');
  await page.fill('input[name=password]', PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
  for (const spec of process.env.SHOTS!.split(';')) {
    const [u, sel, name] = spec.split('|');
    await page.goto(base + u!.replace('FOCUS', focus));
    await page.locator('main[data-state=ready]').waitFor({ timeout: 120000 });
    if (sel === 'top') await page.screenshot({ path: `/tmp/browser-scratch/${name}-${width}.png` });
    else await page.locator(sel!).first().screenshot({ path: `/tmp/browser-scratch/${name}-${width}.png` });
  }
  await ctx.close();
}
await browser.close();
await t.close();
