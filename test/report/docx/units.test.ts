import assert from 'node:assert/strict';
import { test } from 'node:test';
import { displaySize } from '../../../src/report/docx/charts.ts';
import { MAX_IMAGE_HEIGHT_PX, TEXT_WIDTH_PX, TEXT_WIDTH_TWIPS } from '../../../src/report/docx/styles.ts';
import { cellTexts, columnAlignments, columnWidths, needsArrowKey } from '../../../src/report/docx/tables.ts';
import { Bookmarks, clean, ukDate } from '../../../src/report/docx/text.ts';
import { tonedText } from '../../../src/report/docx/tones.ts';
import type { Block } from '../../../src/report/model.ts';

test('A4 text width: 21 cm less two 2 cm margins is 17 cm = 9,638 twips = 642 px', () => {
  // 17 cm / 2.54 cm per inch × 1440 twips per inch = 9,638.6; (11,906 − 2 × 1,134) = 9,638.
  assert.equal(TEXT_WIDTH_TWIPS, 9638);
  assert.equal(TEXT_WIDTH_PX, 642);
});

test('tones are written in text, never colour alone', () => {
  assert.equal(tonedText('+12.3%', 'up'), '\u25B2 +12.3%');
  assert.equal(tonedText('\u22124.0%', 'down'), '\u25BC \u22124.0%');
  assert.equal(tonedText('+1.0%', 'neutral'), '+1.0%');
  assert.equal(tonedText('', 'neutral'), 'Within normal variation');
  assert.equal(tonedText('', 'up'), '\u25B2 significant increase');
  // The report builder's verdicts carry their own arrow.
  assert.equal(tonedText('\u25B2 significant increase', 'up'), '\u25B2 significant increase');
  assert.equal(tonedText('High', 'high'), 'High');
  assert.equal(tonedText('HIGH risk', 'high'), 'HIGH risk');
  assert.equal(tonedText('17', 'medium'), '17 (medium risk)');
  assert.equal(tonedText('', 'low'), 'Low');
  assert.equal(tonedText('7', undefined), '7');
});

const table = (
  rows: Extract<Block, { type: 'table' }>['rows'],
  extra: Partial<Extract<Block, { type: 'table' }>> = {},
): Extract<Block, { type: 'table' }> => ({
  type: 'table',
  id: 't',
  caption: 'c',
  head: ['Name', 'Count', 'Rate'],
  rows,
  ...extra,
});

test('cells: display wins, numbers in UK format with the column’s decimals, null as a dash', () => {
  const t = table([
    [{ value: 'A' }, { value: 12345 }, { value: 2.5 }],
    [{ value: 'B' }, { value: -7 }, { value: null }],
    [{ value: 'C' }, { value: 3, display: 'fewer than 5' }, { value: 12.25 }],
  ]);
  // Rates: the largest is 12.25 ≥ 10, so one decimal (charts' decimalsFor); 2.5 → "2.5", 12.25 → "12.3".
  assert.deepEqual(cellTexts(t), [
    ['A', '12,345', '2.5'],
    ['B', '\u22127', '\u2013'],
    ['C', 'fewer than 5', '12.3'],
  ]);
});

test('a key to the arrows only when the renderer added them', () => {
  assert.equal(
    needsArrowKey(table([[{ value: 'A' }, { value: 1 }, { value: 0.1, display: '+10%', tone: 'up' }]])),
    true,
  );
  assert.equal(
    needsArrowKey(
      table([[{ value: 'A' }, { value: 1 }, { value: null, display: '\u25BC significant decrease', tone: 'down' }]]),
    ),
    false,
  );
  assert.equal(
    needsArrowKey(table([[{ value: 'A' }, { value: 1 }, { value: null, display: 'High', tone: 'high' }]])),
    false,
  );
});

test('columns of numbers are right-aligned unless the table says otherwise', () => {
  const rows = [
    [{ value: 'A' }, { value: 1 }, { value: null }],
    [{ value: 'B' }, { value: 2 }, { value: 'x' }],
  ];
  assert.deepEqual(columnAlignments(table(rows)), ['left', 'right', 'left']);
  assert.deepEqual(columnAlignments(table(rows, { align: ['right', 'left'] })), ['right', 'left', 'left']);
});

test('column widths fill the text width and give short numeric columns room for their header words', () => {
  const head = ['Crime group', 'Oct 2023 to Sep 2024', 'Change', '% change'];
  const texts = [['Violence against the person', '12,345', '−100', '▲ −8.3%']];
  const widths = columnWidths(head, texts, 4);
  assert.equal(
    widths.reduce((a, b) => a + b, 0),
    TEXT_WIDTH_TWIPS,
  );
  // "Change" is 6 bold characters at 120 twips plus 210 twips of cell padding.
  assert.ok(widths[2]! >= 6 * 120 + 210, String(widths));
  assert.ok(widths[0]! > widths[2]!);
  const many = columnWidths(
    Array.from({ length: 14 }, (_, i) => `Column number ${i}`),
    [Array.from({ length: 14 }, () => '123,456,789')],
    14,
  );
  assert.equal(
    many.reduce((a, b) => a + b, 0),
    TEXT_WIDTH_TWIPS,
  );
});

test('charts are shown at their own size, never wider than the text nor taller than most of a page', () => {
  assert.deepEqual(displaySize({ png: Buffer.alloc(0), width: 640, height: 400 }), { width: 640, height: 400 });
  assert.deepEqual(displaySize({ png: Buffer.alloc(0), width: 640, height: 400 }, 320), { width: 320, height: 200 });
  assert.deepEqual(displaySize({ png: Buffer.alloc(0), width: 1000, height: 500 }), {
    width: TEXT_WIDTH_PX,
    height: Math.round(TEXT_WIDTH_PX / 2),
  });
  const tall = displaySize({ png: Buffer.alloc(0), width: 600, height: 2000 });
  assert.ok(tall.height <= MAX_IMAGE_HEIGHT_PX + 1 && tall.width === Math.round((MAX_IMAGE_HEIGHT_PX * 600) / 2000));
});

test('bookmark names are valid for Word, unique and stable', () => {
  const b = new Bookmarks();
  const first = b.add('looking-back');
  assert.equal(first, 's_looking_back');
  assert.equal(b.add('looking-back'), first);
  assert.equal(b.get('looking-back'), first);
  const twin = b.add('looking_back');
  assert.notEqual(twin, first);
  const long = b.add('a-very-long-identifier-for-a-section-that-goes-on-and-on');
  assert.ok(long.length <= 40 && /^[A-Za-z][A-Za-z0-9_]*$/.test(long), long);
  assert.ok(/^[A-Za-z][A-Za-z0-9_]*$/.test(b.add('9 lives <&>')));
});

test('clean drops characters XML 1.0 forbids and keeps the rest, including emoji and arrows', () => {
  assert.equal(clean('a\u0000b\u0008c\u000Bd\uFFFEe'), 'abcde');
  assert.equal(clean('line\nbreak\ttab'), 'line break tab');
  assert.equal(clean('😀 \u25B2 £ – é'), '😀 \u25B2 £ – é');
  assert.equal(clean('lone \uDC00 low and \uD83D high'), 'lone  low and  high');
});

test('UK dates', () => {
  assert.equal(ukDate('2025-11-03T09:30:00Z'), '3 November 2025');
  assert.equal(ukDate('2025-03-01'), '1 March 2025');
  assert.equal(ukDate('yesterday'), 'yesterday');
});
