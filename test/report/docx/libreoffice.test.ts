import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { renderDocx } from '../../../src/report/docx/index.ts';
import { smallReport } from './fixture.ts';

/**
 * Opens the Word document in LibreOffice (headless), prints it to PDF and looks at the pages
 * with poppler: the second application the document must work in. Skipped when either is not
 * installed (Debian: apt-get install libreoffice-writer-nogui poppler-utils).
 */

function which(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

const soffice = which('soffice') ?? which('libreoffice');
const poppler = which('pdftoppm') && which('pdftotext');
const missing = !soffice
  ? 'LibreOffice (soffice) is not installed'
  : !poppler
    ? 'poppler-utils (pdftoppm, pdftotext) is not installed'
    : undefined;
if (missing) console.log(`Skipping the LibreOffice check: ${missing}.`);

const dir = mkdtempSync(join(tmpdir(), 'safer-docx-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Dark pixels in a binary greyscale PNM (P5) as pdftoppm -gray writes it. */
function inkIn(pgm: Buffer): number {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  assert.ok(header, 'a P5 greyscale image');
  const pixels = pgm.subarray(header[0].length);
  let dark = 0;
  for (const value of pixels) if (value < 160) dark += 1;
  return dark;
}

test('LibreOffice opens the document and prints finished pages', { skip: missing, timeout: 180_000 }, async () => {
  const docx = join(dir, 'report.docx');
  writeFileSync(docx, await renderDocx(smallReport(), { pageNumbers: true }));
  // A profile of its own, so that a LibreOffice already running (or another test) does not clash.
  execFileSync(
    soffice!,
    [
      `-env:UserInstallation=file://${join(dir, 'profile')}`,
      '--headless',
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      docx,
    ],
    { stdio: 'pipe', timeout: 150_000 },
  );
  const pdf = join(dir, 'report.pdf');
  const pageTexts = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
    .split('\f')
    .filter((p) => p.trim() !== '');
  const pages = pageTexts.length;
  assert.ok(pages >= 5 && pages <= 10, `${pages} pages`);

  // Every page but the cover says "Page X of Y" with the right numbers, and shows the marking.
  pageTexts.forEach((text, i) => {
    assert.match(text, /OFFICIAL-SENSITIVE/);
    if (i > 0) assert.match(text, new RegExp(`Page ${i + 1} of ${pages}`));
  });

  // The contents' page numbers (laid out by docx) are the pages LibreOffice put the chapters on.
  const contents = pageTexts[1]!;
  for (const chapter of ['Executive summary', 'Looking back', 'Risk levels']) {
    const listed = new RegExp(`${chapter}[ .]*(\\d+)[ \\t]*$`, 'm').exec(contents);
    assert.ok(listed, `${chapter} is in the contents with a page number`);
    // The chapter's heading: its section number, then its title, alone on the line.
    const heading = new RegExp(`^\\d+\\s+${chapter}$`);
    const actual =
      pageTexts.findIndex((text, i) => i > 1 && text.split('\n').some((line) => heading.test(line.trim()))) + 1;
    assert.equal(Number(listed[1]), actual, `${chapter}: contents say ${listed[1]}, it is on page ${actual}`);
  }

  // No page is blank between its header and footer (A4 at 30 dpi is 248×351 pixels; the margins are 2.5 cm = 30 px).
  execFileSync('pdftoppm', [
    '-r',
    '30',
    '-gray',
    '-x',
    '0',
    '-y',
    '27',
    '-W',
    '248',
    '-H',
    '294',
    pdf,
    join(dir, 'page'),
  ]);
  const images = readdirSync(dir)
    .filter((f) => f.startsWith('page') && f.endsWith('.pgm'))
    .sort();
  assert.equal(images.length, pages);
  for (const image of images) {
    const ink = inkIn(readFileSync(join(dir, image)));
    assert.ok(ink > 100, `${image} has content (${ink} dark pixels)`);
  }
});
