/**
 * The PDF printed by headless Chromium: A4, every page with the marking and "Page X of Y", and no
 * blank page (each page rendered to a greyscale image with pdftoppm and its body checked for ink).
 * Skipped when Chromium is not installed (apt-get install chromium); needs poppler-utils.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReport } from '../../src/report/build/index.ts';
import { chromiumPath, renderPdf } from '../../src/report/pdf.ts';
import { SaferError } from '../../src/core/errors.ts';
import { fixtureAssessment, fixtureWards, fixtureWords } from './helpers.ts';

const CHROMIUM = process.env.SAFER_CHROMIUM ?? '/usr/bin/chromium';
const SKIP = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} not found: PDF test skipped (install with: apt-get install chromium)`;

/** Greyscale PGM (P5) → the share of dark pixels between the header and footer margins. */
function bodyInk(file: string): number {
  const data = readFileSync(file);
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 64).toString('latin1'));
  assert.ok(header, `${file} is a binary PGM`);
  const [width, height] = [Number(header[1]), Number(header[2])];
  const pixels = data.subarray(header[0].length);
  assert.equal(pixels.length, width * height);
  // the page body: below the 20 mm header margin and above the 20 mm footer margin (of 297 mm)
  const top = Math.ceil(height * (22 / 297));
  const bottom = Math.floor(height * (275 / 297));
  let dark = 0;
  for (let y = top; y < bottom; y++) for (let x = 0; x < width; x++) if (pixels[y * width + x]! < 160) dark += 1;
  return dark / (width * (bottom - top));
}

test(
  'the PDF is A4, every page carries the marking and its number, and no page is blank',
  { skip: SKIP, timeout: 180_000 },
  async (t) => {
    const doc = buildReport(fixtureAssessment(), {
      edition: 'full',
      words: fixtureWords(),
      boundaries: fixtureWards(),
    });
    const dir = mkdtempSync(join(tmpdir(), 'safer-pdf-'));
    try {
      const started = Date.now();
      const pdf = await renderPdf(doc);
      const ms = Date.now() - started;
      const file = join(dir, 'report.pdf');
      writeFileSync(file, pdf);
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
      assert.match(info, /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)|Page size:\s+595\.\d+ x 842\.\d+ pts \(A4\)/);
      // the fixture's full edition runs to about 70 pages; far fewer means Chromium shrank the pages to
      // fit something too wide (then every page's text is smaller than the stylesheet says)
      assert.ok(pages >= 55 && pages <= 110, `${pages} pages`);

      execFileSync('pdftoppm', ['-gray', '-r', '24', file, join(dir, 'page')]);
      const images = readdirSync(dir)
        .filter((f) => f.startsWith('page') && f.endsWith('.pgm'))
        .sort();
      assert.equal(images.length, pages, 'one image per page');
      // a page with a line of text has well over 0.01% of its body dark; a blank one has none
      const blank = images.filter((f) => bodyInk(join(dir, f)) < 0.0001);
      assert.deepEqual(blank, [], 'pages with nothing between header and footer');

      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f').slice(0, pages);
      text.forEach((page, i) => {
        assert.match(page, new RegExp(`Page ${i + 1} of ${pages}`), `footer of page ${i + 1}`);
        assert.match(page, /OFFICIAL-SENSITIVE/, `marking on page ${i + 1}`);
      });
      assert.match(text[0]!, /South Thornden Community Safety Partnership/);
      assert.match(text.join('\n'), /Executive summary/);
      t.diagnostic(`PDF: ${pages} pages in ${ms} ms`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('without Chromium, the error says how to install it', () => {
  const saved = process.env.SAFER_CHROMIUM;
  process.env.SAFER_CHROMIUM = '/nonexistent/chromium';
  try {
    assert.throws(
      chromiumPath,
      (e: unknown) => e instanceof SaferError && /apt-get install chromium/.test(e.hint ?? ''),
    );
  } finally {
    if (saved === undefined) delete process.env.SAFER_CHROMIUM;
    else process.env.SAFER_CHROMIUM = saved;
  }
});
