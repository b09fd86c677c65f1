import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { SaferError } from '../core/errors.ts';
import { escapeXml } from '../core/escape.ts';
import type { ReportDocument } from './model.ts';
import { renderHtml, runningText } from './html/index.ts';

/**
 * PDF: the report's HTML printed by headless Chromium (Debian's `chromium` package), A4, with the
 * marking, the area and "Page X of Y" in Chromium's own header and footer. The page gets no
 * network and no JavaScript: the HTML is self-contained.
 */

/** Chromium's path: $SAFER_CHROMIUM, else /usr/bin/chromium. */
export function chromiumPath(): string {
  const path = process.env.SAFER_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new SaferError('PDF output needs Chromium, which is not installed here', {
      file: path,
      hint: 'install it with: sudo apt-get install chromium (Debian/Ubuntu), or set SAFER_CHROMIUM to a Chromium or Chrome executable; HTML and Word output do not need it',
    });
  }
  return path;
}

/** Whether chromiumPath() would find a browser. */
export function chromiumAvailable(): boolean {
  return existsSync(process.env.SAFER_CHROMIUM ?? '/usr/bin/chromium');
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

const MARGIN = { top: '20mm', bottom: '20mm', left: '15mm', right: '15mm' };

/** Header and footer templates: Chromium fills .pageNumber and .totalPages; everything else is escaped text. */
export function pageTemplates(doc: ReportDocument): { header: string; footer: string } {
  const style =
    'font-family: system-ui, Arial, sans-serif; font-size: 8px; color: #333; width: 100%; margin: 0 15mm; display: flex; justify-content: space-between; align-items: center;';
  const marking = `<span style="font-weight: 700; letter-spacing: 0.05em;">${escapeXml(doc.marking)}</span>`;
  return {
    header: `<div style="${style}"><span>${escapeXml(doc.title)}</span>${marking}</div>`,
    footer: `<div style="${style}"><span>${escapeXml(runningText(doc))}</span>${marking}<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
  };
}

/** One Chromium for many documents (safer report --all). */
export class PdfPrinter {
  private constructor(private readonly browser: Browser) {}

  static async open(): Promise<PdfPrinter> {
    const executablePath = chromiumPath();
    const { chromium } = await import('playwright-core');
    try {
      return new PdfPrinter(await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 60_000 }));
    } catch (error) {
      throw new SaferError(
        `Chromium could not be started: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
        {
          file: executablePath,
          hint: 'check that Chromium runs (chromium --headless --version); reinstall it with sudo apt-get install chromium',
        },
      );
    }
  }

  async print(doc: ReportDocument, html = renderHtml(doc, { forPdf: true })): Promise<Buffer> {
    const context = await this.browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      await context.route('**/*', (route) => route.abort());
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      const { header, footer } = pageTemplates(doc);
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: header,
        footerTemplate: footer,
        margin: MARGIN,
        outline: true,
        tagged: true,
      });
    } finally {
      await context.close();
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/** One document to PDF (starts and stops Chromium). */
export async function renderPdf(doc: ReportDocument): Promise<Buffer> {
  const printer = await PdfPrinter.open();
  try {
    return await printer.print(doc);
  } finally {
    await printer.close();
  }
}
