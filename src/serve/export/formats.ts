import ExcelJS from 'exceljs';
import { renderAsync } from '@resvg/resvg-js';
import { csvLine } from '../../core/csv.ts';
import type { ChartData } from '../../render/charts/index.ts';
import type { ExportTable } from './extract.ts';

/**
 * A text cell made safe to open in a spreadsheet: one starting with = + - @ tab or carriage return
 * is prefixed with an apostrophe, so Excel and LibreOffice read it as text, never as a formula
 * (OWASP CSV injection). Numbers are numbers and need nothing.
 */
export function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** CSV (RFC 4180, CRLF, UTF-8 with a byte-order mark so Excel reads the £ and the dashes). */
export function tableCsv(table: Pick<ExportTable, 'columns' | 'rows'>): string {
  return `\ufeff${[csvLine(table.columns), ...table.rows.map((r) => csvLine(r))].join('\r\n')}\r\n`;
}

export function chartCsv(data: ChartData): string {
  return tableCsv(data);
}

/** An Excel workbook of one sheet: a bold header row, numbers as numbers, text guarded as in CSV. */
export async function tableXlsx(table: ExportTable, sheetName: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Safer';
  const name =
    sheetName
      .replace(/[\\/?*[\]:]/g, ' ')
      .slice(0, 31)
      .trim() || 'Table';
  const sheet = book.addWorksheet(name);
  sheet.addRow(table.columns.map(safeText)).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((v) => (typeof v === 'string' ? safeText(v) : v)));
  table.kinds.forEach((kind, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = Math.min(
      60,
      Math.max(10, table.columns[i]!.length + 2, ...table.rows.map((r) => String(r[i] ?? '').length + 2)),
    );
    if (kind === 'percent') column.numFmt = '0.0';
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The chart's SVG as a PNG at twice its size (sharp on screens and in slides), on white. */
export async function chartPng(svg: string): Promise<Buffer> {
  const image = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans', sansSerifFamily: 'Liberation Sans' },
    logLevel: 'off',
  });
  return image.asPng();
}

/** A file name from a title: letters, digits and dashes. */
export function fileStem(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80)
      .toLowerCase() || 'export'
  );
}
