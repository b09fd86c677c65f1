import {
  AlignmentType,
  BorderStyle,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import type { Block } from '../model.ts';
import { cellTexts as sharedCellTexts } from '../cells.ts';
import { COLOUR, STYLE, TEXT_WIDTH_TWIPS } from './styles.ts';
import { clean, inlineRuns } from './text.ts';
import type { Bookmarks } from './text.ts';
import { TONES, addsArrow, tonedText } from './tones.ts';

type DataTable = Extract<Block, { type: 'table' }>;
type KeyFigures = Extract<Block, { type: 'keyFigures' }>;
type Callout = Extract<Block, { type: 'callout' }>;
type Align = 'left' | 'right';

/** Text of each cell before its tone: `display` when given, else the number in UK format with the column's decimals. */
function plainTexts(block: DataTable): string[][] {
  const columns = columnCount(block);
  const texts = sharedCellTexts(block);
  return block.rows.map((row, r) => Array.from({ length: columns }, (_, c) => (row[c] ? clean(texts[r]![c]!) : '')));
}

/** Shown text of each cell, its tone in words or arrows. */
export function cellTexts(block: DataTable): string[][] {
  return plainTexts(block).map((row, r) => row.map((text, c) => tonedText(text, block.rows[r]?.[c]?.tone)));
}

/** Whether the table needs a key to the arrows the renderer added. */
export function needsArrowKey(block: DataTable): boolean {
  return plainTexts(block).some((row, r) => row.some((text, c) => addsArrow(text, block.rows[r]?.[c]?.tone)));
}

function columnCount(block: DataTable): number {
  return Math.max(block.head.length, ...block.rows.map((r) => r.length));
}

/** Given alignment, else right for columns whose values are all numbers (so digits line up). */
export function columnAlignments(block: DataTable): Align[] {
  return Array.from({ length: columnCount(block) }, (_, c) => {
    const given = block.align?.[c];
    if (given) return given;
    const values = block.rows.map((r) => r[c]?.value).filter((v) => v !== null && v !== undefined);
    return values.length > 0 && values.every((v) => typeof v === 'number') ? 'right' : 'left';
  });
}

// Average character widths of 9.5pt Arial in twips (regular, bold) and a cell's side margins.
const CHAR = 110;
const BOLD_CHAR = 120;
const CELL_PAD = 2 * 85 + 40;

/**
 * Column widths in twips that fill the text width: each column gets at least room for its
 * longest header word and short values (so no word breaks mid-way), then the rest goes to the
 * columns in proportion to what they would need to stay on one line.
 */
export function columnWidths(head: readonly string[], texts: readonly string[][], columns: number): number[] {
  const need = Array.from({ length: columns }, (_, c) => {
    const header = head[c] ?? '';
    const longestCell = Math.max(0, ...texts.map((row) => (row[c] ?? '').length));
    const longestWord = Math.max(0, ...header.split(/\s+/).map((w) => w.length));
    const min = Math.max(longestWord * BOLD_CHAR, Math.min(longestCell, 12) * CHAR) + CELL_PAD;
    const want = Math.max(
      min,
      Math.min(header.length, 24) * BOLD_CHAR + CELL_PAD,
      Math.min(longestCell, 60) * CHAR + CELL_PAD,
    );
    return { min, want };
  });
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const mins = need.map((n) => n.min);
  const wants = need.map((n) => n.want);
  let widths: number[];
  if (sum(wants) <= TEXT_WIDTH_TWIPS) {
    widths = wants.map((w) => (w / sum(wants)) * TEXT_WIDTH_TWIPS);
  } else if (sum(mins) <= TEXT_WIDTH_TWIPS) {
    const spare = TEXT_WIDTH_TWIPS - sum(mins);
    const wanted = sum(wants) - sum(mins);
    widths = need.map((n) => n.min + (wanted > 0 ? ((n.want - n.min) / wanted) * spare : 0));
  } else {
    widths = mins.map((m) => (m / sum(mins)) * TEXT_WIDTH_TWIPS);
  }
  const whole = widths.map((w) => Math.floor(w));
  whole[0] = (whole[0] ?? 0) + TEXT_WIDTH_TWIPS - sum(whole);
  return whole;
}

const alignment = (align: Align) => (align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT);

function textCell(text: string, options: { align: Align; bold?: boolean; fill?: string; width: number }): TableCell {
  return new TableCell({
    width: { size: options.width, type: WidthType.DXA },
    shading: options.fill ? { type: ShadingType.CLEAR, color: 'auto', fill: options.fill } : undefined,
    verticalAlign: VerticalAlignTable.TOP,
    children: [
      new Paragraph({
        style: STYLE.tableText,
        alignment: alignment(options.align),
        children: [new TextRun({ text, bold: options.bold || undefined })],
      }),
    ],
  });
}

/**
 * A data table in the "Safer Table" style: the header row repeats on every page, rows do not
 * split, and the last row keeps with the caption below it.
 */
export function dataTable(block: DataTable): Table {
  const columns = columnCount(block);
  const head = Array.from({ length: columns }, (_, c) => clean(block.head[c] ?? ''));
  const texts = cellTexts(block);
  const align = columnAlignments(block);
  const widths = columnWidths(head, texts, columns);
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: head.map((text, c) =>
      textCell(text, { align: align[c] ?? 'left', bold: true, fill: COLOUR.headerFill, width: widths[c] ?? 0 }),
    ),
  });
  const rows = block.rows.map(
    (row, r) =>
      new TableRow({
        cantSplit: true,
        keepNext: r === block.rows.length - 1,
        children: texts[r]!.map((text, c) => {
          const tone = row[c]?.tone;
          return textCell(text, {
            align: align[c] ?? 'left',
            width: widths[c] ?? 0,
            fill: tone && TONES[tone].fill,
            bold: tone && TONES[tone].bold,
          });
        }),
      }),
  );
  return new Table({
    style: STYLE.table,
    width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
    columnWidths: widths,
    tableLook: { firstRow: true, lastRow: false, firstColumn: false, lastColumn: false, noHBand: true, noVBand: true },
    rows: [header, ...rows],
  });
}

const NONE = { style: BorderStyle.NONE, size: 0, color: 'auto' } as const;
const TILE_EDGE = { style: BorderStyle.SINGLE, size: 24, color: 'FFFFFF' } as const;

/** Key figures as a row (or rows of up to four) of shaded tiles: label, value, note. */
export function keyFiguresTable(block: KeyFigures): Table {
  const perRow = block.items.length <= 4 ? Math.max(1, block.items.length) : 3;
  const width = Math.floor(TEXT_WIDTH_TWIPS / perRow);
  const rows: TableRow[] = [];
  for (let start = 0; start < block.items.length; start += perRow) {
    const items = block.items.slice(start, start + perRow);
    const cells = items.map((item) => {
      const tone = item.tone ? TONES[item.tone] : undefined;
      const children = [
        new Paragraph({ style: STYLE.keyFigureLabel, children: [new TextRun(clean(item.label))] }),
        new Paragraph({
          style: STYLE.keyFigureValue,
          children: [new TextRun(tonedText(clean(item.value), item.tone))],
        }),
      ];
      if (item.note)
        children.push(new Paragraph({ style: STYLE.keyFigureLabel, children: [new TextRun(clean(item.note))] }));
      return new TableCell({
        width: { size: width, type: WidthType.DXA },
        shading: { type: ShadingType.CLEAR, color: 'auto', fill: tone?.fill ?? COLOUR.tileFill },
        margins: { top: 100, bottom: 100, left: 140, right: 140 },
        borders: { top: TILE_EDGE, bottom: TILE_EDGE, left: TILE_EDGE, right: TILE_EDGE },
        children,
      });
    });
    while (cells.length < perRow) {
      cells.push(
        new TableCell({
          width: { size: width, type: WidthType.DXA },
          borders: { top: NONE, bottom: NONE, left: NONE, right: NONE },
          children: [new Paragraph({ style: STYLE.tableText })],
        }),
      );
    }
    rows.push(new TableRow({ cantSplit: true, children: cells }));
  }
  return new Table({
    width: { size: width * perRow, type: WidthType.DXA },
    columnWidths: Array.from({ length: perRow }, () => width),
    borders: { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE },
    rows,
  });
}

const CALLOUT = {
  info: { label: 'Note', fill: 'E8F1F8', edge: '0072B2' },
  warning: { label: 'Warning', fill: 'FDF0D5', edge: 'B35C00' },
  analyst: { label: 'Partnership commentary', fill: 'EFEFEF', edge: '4D4D4D' },
} as const;

/** A box with a thick left rule and a tint; its title (or the kind of box) in words, so the tone is not colour alone. */
export function calloutTable(block: Callout, bookmarks: Bookmarks): Table {
  const look = CALLOUT[block.tone];
  const given = block.title ? clean(block.title) : '';
  const title = !given ? look.label : block.tone === 'warning' && !/warning/i.test(given) ? `Warning: ${given}` : given;
  return new Table({
    width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
    columnWidths: [TEXT_WIDTH_TWIPS],
    rows: [
      new TableRow({
        cantSplit: true,
        children: [
          new TableCell({
            width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
            shading: { type: ShadingType.CLEAR, color: 'auto', fill: look.fill },
            margins: { top: 120, bottom: 120, left: 200, right: 200 },
            borders: {
              top: NONE,
              bottom: NONE,
              right: NONE,
              left: { style: BorderStyle.SINGLE, size: 36, color: look.edge },
            },
            children: [
              new Paragraph({ style: STYLE.calloutTitle, children: [new TextRun(title)] }),
              new Paragraph({ spacing: { after: 0 }, children: inlineRuns(block.runs, bookmarks) }),
            ],
          }),
        ],
      }),
    ],
  });
}
