import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { renderDocx } from '../../../src/report/docx/index.ts';
import type { Block, ReportDocument } from '../../../src/report/model.ts';
import { HOSTILE, smallReport } from './fixture.ts';
import { attr, bodyBlocks, childrenOf, findAll, parseXml, styleOf, tagOf, textOf, unzip } from './read-docx.ts';
import type { XmlNode } from './read-docx.ts';

let report: ReportDocument;
let files: Map<string, Buffer>;
let documentXml: string;
let document: XmlNode[];

const read = (path: string) => {
  const file = files.get(path);
  assert.ok(file, `${path} is in the package`);
  return file.toString('utf8');
};

before(async () => {
  report = smallReport();
  files = await unzip(await renderDocx(report));
  documentXml = read('word/document.xml');
  document = parseXml(documentXml);
});

function blocksOf(type: Block['type']): Block[] {
  const out: Block[] = [];
  const walk = (sections: ReportDocument['sections']) =>
    sections.forEach((s) => (out.push(...s.blocks.filter((b) => b.type === type)), walk(s.children ?? [])));
  walk(report.sections);
  return out;
}

test('the package is a zip with the document, styles, settings, headers, footers and PNG charts', () => {
  for (const path of [
    '[Content_Types].xml',
    'word/document.xml',
    'word/styles.xml',
    'word/settings.xml',
    'word/numbering.xml',
    'docProps/core.xml',
  ]) {
    assert.ok(files.has(path), path);
  }
  for (const [path, content] of files)
    if (path.endsWith('.xml') || path.endsWith('.rels')) parseXml(content.toString('utf8'));
  const media = [...files.keys()].filter((p) => p.startsWith('word/media/')).sort();
  assert.equal(media.length, 2, 'one image per chart');
  for (const path of media) {
    const png = files.get(path)!;
    assert.ok(path.endsWith('.png'));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${path} is a PNG`);
  }
  // 2x the charts' own sizes (rolling 640×400, map 640×520: the chart functions' defaults).
  const sizes = media.map((p) => [files.get(p)!.readUInt32BE(16), files.get(p)!.readUInt32BE(20)]);
  assert.deepEqual(
    sizes.sort((a, b) => a[1]! - b[1]!),
    [
      [1280, 800],
      [1280, 1040],
    ],
  );
});

test('headings are in reading order with Word heading styles; sections numbered like the HTML report', () => {
  const headings = bodyBlocks(document)
    .filter((b) => tagOf(b) === 'w:p' && /^Heading\d$/.test(styleOf(b) ?? ''))
    .map((p) => `${styleOf(p)} ${textOf(p)}`);
  assert.deepEqual(headings, [
    'Heading1 Executive summary',
    'Heading2 Recommended priorities',
    'Heading2 Emerging issues',
    'Heading1 Looking back',
    `Heading2 Wards ${HOSTILE}`,
    'Heading4 Ward notes',
    'Heading1 Offender management',
    'Heading1 Risk levels',
  ]);
  // Heading blocks of levels 2 and 3 are the first level inside their section, 4 the one below (as in the HTML).
  const numbered = bodyBlocks(document).filter(
    (b) => findAll([b], 'w:numPr').length > 0 && /^Heading/.test(styleOf(b) ?? ''),
  );
  assert.deepEqual(numbered.map(textOf), [
    'Executive summary',
    'Looking back',
    `Wards ${HOSTILE}`,
    'Offender management',
    'Risk levels',
  ]);
  assert.deepEqual(
    numbered.map((p) => attr(findAll([p], 'w:ilvl')[0]!, 'w:val')),
    ['0', '0', '1', '0', '0'],
  );
  const title = bodyBlocks(document).find((b) => styleOf(b) === 'Title');
  assert.equal(title && textOf(title), report.title);
});

test('the styles analysts restyle are defined: Normal, Title, Heading 1–4, Caption, TOC, a table style', () => {
  const styles = findAll(parseXml(read('word/styles.xml')), 'w:style');
  const byId = new Map(styles.map((s) => [attr(s, 'w:styleId'), s]));
  for (const id of [
    'Normal',
    'Title',
    'Subtitle',
    'Heading1',
    'Heading2',
    'Heading3',
    'Heading4',
    'Caption',
    'TOC1',
    'TOC2',
    'TOC3',
    'TableText',
    'TableNote',
    'Header',
    'Footer',
  ]) {
    assert.ok(byId.has(id), `style ${id}`);
  }
  assert.equal(attr(byId.get('SaferTable')!, 'w:type'), 'table');
  assert.equal(styles.filter((s) => attr(s, 'w:styleId') === 'Heading1').length, 1, 'one Heading 1');
  const heading1 = byId.get('Heading1')!;
  assert.equal(findAll([heading1], 'w:pageBreakBefore').length, 1, 'chapters start a page');
  assert.equal(attr(findAll([heading1], 'w:outlineLvl')[0]!, 'w:val'), '0');
  const defaults = findAll(parseXml(read('word/styles.xml')), 'w:docDefaults')[0]!;
  assert.equal(attr(findAll([defaults], 'w:lang')[0]!, 'w:val'), 'en-GB');
});

test('a table of contents field over headings 1–3 that Word updates on opening', () => {
  const instructions = findAll(document, 'w:instrText').map((n) =>
    childrenOf(n)
      .map((c) => String(c['#text']))
      .join(''),
  );
  const toc = instructions.find((i) => i.startsWith('TOC'));
  assert.ok(toc, 'TOC field');
  assert.match(toc, /\\o "1-3"/);
  assert.match(toc, /\\h/);
  const gallery = findAll(document, 'w:docPartGallery')[0];
  assert.equal(gallery && attr(gallery, 'w:val'), 'Table of Contents');
  // Filled with the headings of levels 1–3 (not Heading 4) so it is not empty before an update.
  const entries = findAll(document, 'w:sdtContent')[0]!;
  const lines = findAll([entries], 'w:p').map(textOf).filter(Boolean);
  assert.deepEqual(lines, [
    'Executive summary',
    'Recommended priorities',
    'Emerging issues',
    'Looking back',
    `Wards ${HOSTILE}`,
    'Offender management',
    'Risk levels',
  ]);
  assert.equal(findAll(parseXml(read('word/settings.xml')), 'w:updateFields').length, 1);
});

test('the contents carry page numbers when asked to lay the pages out', async () => {
  const laidOut = await unzip(await renderDocx(smallReport(), { pageNumbers: true }));
  const xml = parseXml(laidOut.get('word/document.xml')!.toString('utf8'));
  const entries = findAll([findAll(xml, 'w:sdtContent')[0]!], 'w:p').map(textOf);
  // Pages as LibreOffice lays the document out (looked at, see docs/report.md): cover 1, contents 2.
  // Each entry: section number, title, page (tabs are not text).
  assert.deepEqual(entries.slice(0, 5), [
    '1Executive summary3',
    'Recommended priorities3',
    'Emerging issues3',
    '2Looking back4',
    `2.1Wards ${HOSTILE}5`,
  ]);
});

test('header shows the marking and area, footer "Page X of Y"; A4 with a different first page', () => {
  const headers = [...files.keys()]
    .filter((p) => /^word\/header\d+\.xml$/.test(p))
    .map((p) => textOf(parseXml(read(p))[1] ?? parseXml(read(p))[0]!));
  assert.ok(
    headers.includes(`${report.marking}Dacorum: strategic assessment, October 2024 to September 2025`),
    headers.join(' | '),
  );
  assert.ok(
    headers.every((h) => h.includes(report.marking)),
    'marking on every page',
  );
  const footers = [...files.keys()].filter((p) => /^word\/footer\d+\.xml$/.test(p)).map((p) => read(p));
  const numbered = footers.find((f) => f.includes('PAGE'));
  assert.ok(numbered, 'a footer with page numbers');
  assert.match(numbered, /Page /);
  assert.match(numbered, /NUMPAGES/);
  assert.ok(footers.every((f) => f.includes(report.marking)));
  const section = findAll(document, 'w:sectPr').at(-1)!;
  const size = findAll([section], 'w:pgSz')[0]!;
  assert.deepEqual([attr(size, 'w:w'), attr(size, 'w:h')], ['11906', '16838']);
  assert.equal(findAll([section], 'w:titlePg').length, 1);
});

test('data tables: repeating header row, rows kept whole, numbers right-aligned in UK format, tones in text', () => {
  const table = blocksOf('table')[0] as Extract<Block, { type: 'table' }>;
  const tables = bodyBlocks(document).filter((b) => tagOf(b) === 'w:tbl' && findAll([b], 'w:tblStyle').length > 0);
  const first = tables[0]!;
  assert.equal(attr(findAll([first], 'w:tblStyle')[0]!, 'w:val'), 'SaferTable');
  const rows = findAll([first], 'w:tr');
  assert.equal(rows.length, table.rows.length + 1);
  assert.equal(findAll([rows[0]!], 'w:tblHeader').length, 1, 'header row repeats');
  assert.ok(rows.every((r) => findAll([r], 'w:cantSplit').length === 1));
  const cells = (row: XmlNode) => findAll([row], 'w:tc').map(textOf);
  assert.deepEqual(cells(rows[0]!), table.head);
  // Row 1 of the fixture: 1,200 → 1,100 (−100, −8.3%), a significant fall.
  assert.deepEqual(cells(rows[1]!), [
    'Crime group 1',
    '1,200',
    '1,100',
    '\u2212100',
    '\u25BC \u22128.3%',
    'Significant',
  ]);
  assert.deepEqual(cells(rows[3]!), [HOSTILE, '1,394', '1,400', '6', '+0.4%', 'Not significant']);
  const alignments = findAll([rows[1]!], 'w:tc').map((c) => attr(findAll([c], 'w:jc')[0]!, 'w:val'));
  assert.deepEqual(alignments, ['left', 'right', 'right', 'right', 'right', 'left']);
  const captionAndNote = bodyBlocks(document).slice(
    bodyBlocks(document).indexOf(first) + 1,
    bodyBlocks(document).indexOf(first) + 3,
  );
  assert.equal(textOf(captionAndNote[0]!), `Table 1. ${table.caption}`);
  assert.equal(styleOf(captionAndNote[0]!), 'Caption');
  assert.match(
    textOf(captionAndNote[1]!),
    /^Source: police recorded crime\..* Key: \u25B2 significant increase; \u25BC significant decrease\.$/,
  );
  const risk = tables[1]!;
  assert.deepEqual(findAll([risk], 'w:tr').slice(1).map(cells), [
    ['Burglary', 'High', '17.5'],
    ['Robbery', 'Medium', '9.0'],
    ['Drugs', '3 (low risk)', '\u2013'],
  ]);
});

test('charts are inline pictures described by their alt text, captioned below with a SEQ number', () => {
  const charts = blocksOf('chart') as Extract<Block, { type: 'chart' }>[];
  const pictures = findAll(document, 'wp:docPr');
  assert.equal(pictures.length, charts.length);
  charts.forEach((chart, i) => {
    assert.equal(attr(pictures[i]!, 'descr'), chart.chart.alt);
    assert.equal(attr(pictures[i]!, 'title'), chart.chart.title);
  });
  assert.ok(charts[1]!.chart.alt.length > 0);
  const figureParagraphs = bodyBlocks(document).filter((b) => styleOf(b) === 'Figure');
  const captions = figureParagraphs.map((p) => textOf(bodyBlocks(document)[bodyBlocks(document).indexOf(p) + 1]!));
  // As in the HTML report: the chart's title, then the caption when there is one.
  assert.deepEqual(captions, [
    `Figure 1. ${charts[0]!.chart.title}. ${charts[0]!.caption}`,
    `Figure 2. ${charts[1]!.chart.title}.`,
  ]);
  assert.match(documentXml, /<w:fldSimple w:instr="SEQ Figure \\\* ARABIC"/);
  // Not wider than the text: 642px = 6,115,050 EMU (9,638 twips).
  for (const extent of findAll(document, 'wp:extent')) assert.ok(Number(attr(extent, 'cx')) <= 9638 * 635);
});

test('hostile text is escaped everywhere and reads back exactly', () => {
  assert.ok(!documentXml.includes('<b>'), 'no markup from the input');
  assert.ok(!/<w:t>&"/.test(documentXml));
  assert.ok(documentXml.includes('&lt;w:t&gt;&amp;'));
  const texts = bodyBlocks(document).map(textOf);
  assert.ok(texts.includes(`Strategic assessment ${HOSTILE}`));
  assert.ok(texts.includes(HOSTILE), 'callout text');
  const core = read('docProps/core.xml');
  assert.ok(core.includes('&lt;w:t&gt;&amp;'));
  assert.equal(
    findAll(parseXml(core), 'dc:title').map((n) =>
      childrenOf(n)
        .map((c) => String(c['#text']))
        .join(''),
    )[0],
    report.title,
  );
  // The ward with the hostile name has the highest rate, so the map's alt text names it: in an attribute, intact.
  const descriptions = findAll(document, 'wp:docPr').map((p) => attr(p, 'descr') ?? '');
  assert.ok(descriptions[1]!.includes(HOSTILE), descriptions[1]);
});

test('document properties: title, subject, creator Safer, marking', () => {
  const core = parseXml(read('docProps/core.xml'));
  const value = (tag: string) =>
    findAll(core, tag).map((n) =>
      childrenOf(n)
        .map((c) => String(c['#text']))
        .join(''),
    )[0];
  assert.equal(value('dc:title'), report.title);
  assert.equal(value('dc:subject'), `${report.subtitle}: Dacorum, October 2024 to September 2025`);
  assert.equal(value('dc:creator'), 'Safer');
  assert.ok(read('docProps/custom.xml').includes('OFFICIAL-SENSITIVE'));
});

test('the contents list heading levels 1 to 3 by default, or as asked', async () => {
  const two = (await unzip(await renderDocx(smallReport(), { tocLevels: 2 })))
    .get('word/document.xml')!
    .toString('utf8');
  assert.match(two, /TOC \\h \\o &quot;1-2&quot;/);
  await assert.rejects(
    renderDocx(smallReport(), { tocLevels: 9 }),
    (e: Error) => e.name === 'SaferError' && /levels 1 to 6/.test(e.message),
  );
});

test('lists are numbered or bulleted through Word numbering, each numbered list from 1', () => {
  const numbered = bodyBlocks(document).filter((b) => styleOf(b) === 'ListParagraph');
  assert.deepEqual(numbered.map(textOf), [
    'Anti-social behaviour',
    'Burglary (high risk)',
    HOSTILE,
    'Shoplifting, up 18%',
    'Vehicle crime in two wards',
  ]);
  const numIds = numbered.map((p) => attr(findAll([p], 'w:numId')[0]!, 'w:val'));
  assert.equal(new Set(numIds.slice(0, 3)).size, 1);
  assert.notEqual(numIds[0], numIds[3]);
  const numbering = read('word/numbering.xml');
  assert.match(numbering, /w:numFmt w:val="decimal"/);
  assert.match(numbering, /w:numFmt w:val="bullet"/);
});

test('links: inside the document to a bookmark, out to the web; unsafe schemes stay plain text', () => {
  const links = findAll(document, 'w:hyperlink').filter((h) => !attr(h, 'w:anchor')?.startsWith('_Toc'));
  const anchor = links.find((l) => attr(l, 'w:anchor'));
  assert.ok(anchor && textOf(anchor) === 'looking back');
  const bookmarks = findAll(document, 'w:bookmarkStart').map((b) => attr(b, 'w:name'));
  assert.ok(bookmarks.includes(attr(anchor, 'w:anchor')));
  assert.ok(links.some((l) => textOf(l) === 'the Home Office' && attr(l, 'r:id')));
  assert.ok(!links.some((l) => textOf(l) === 'Not a link'));
  assert.ok(!read('word/_rels/document.xml.rels').includes('javascript:'));
});

test('key figures and callouts are tables whose tone is in words', () => {
  const texts = bodyBlocks(document)
    .filter((b) => tagOf(b) === 'w:tbl')
    .map(textOf);
  assert.ok(
    texts.some(
      (t) => t.includes('All crime') && t.includes('9,876') && t.includes('Burglary risk') && t.includes('High'),
    ),
  );
  assert.ok(texts.includes('Partnership commentaryAnalysts add their commentary in the config folder.'));
  assert.ok(texts.includes('Warning: Data quality312 crimes had no location and are not on the maps.'));
  assert.ok(texts.includes(`Note${HOSTILE}`));
});

test('page breaks do not make blank pages; the public edition leaves out sensitive sections', async () => {
  const blocks = bodyBlocks(document);
  const breaks = blocks.filter((b) => findAll([b], 'w:br').some((br) => attr(br, 'w:type') === 'page'));
  assert.equal(breaks.length, 1, 'the break before a paragraph is kept; the one at the end is dropped');
  assert.equal(textOf(blocks[blocks.indexOf(breaks[0]!) + 1]!), 'This paragraph starts a page after a page break.');

  const publicFiles = await unzip(await renderDocx({ ...smallReport(), edition: 'public' }));
  const publicXml = publicFiles.get('word/document.xml')!.toString('utf8');
  assert.ok(!publicXml.includes('Offender management'));
  assert.ok(!publicXml.includes('Sensitive partner figures'));
  assert.ok(publicXml.includes('Public edition'));
});

test('characters XML forbids are dropped so Word can open the file', async () => {
  const doc = smallReport();
  doc.sections[0]!.blocks.push({ type: 'paragraph', runs: ['bell\u0007 and null\u0000 and lone \uD800 surrogate'] });
  const xml = (await unzip(await renderDocx(doc))).get('word/document.xml')!.toString('utf8');
  parseXml(xml);
  assert.ok(xml.includes('bell and null and lone  surrogate'));
});
