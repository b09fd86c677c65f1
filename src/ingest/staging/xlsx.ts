import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { SaferError } from '../../core/errors.ts';
import type { FileProbe } from '../files.ts';

/** One worksheet written out as CSV for DuckDB: `__line` (the sheet row) first, then the header's columns. */
export interface SheetCsv {
  sheet: string;
  /** Sheet row of the header (1-based). */
  headerRow: number;
  headers: string[];
  rows: number;
  path: string;
}

/** How to find the header row: the first of the first rows for which `isHeader` holds. */
export type HeaderTest = (cells: string[]) => boolean;

const HEADER_SEARCH_ROWS = 30;

export async function readWorkbook(file: FileProbe): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file.path);
  } catch (error) {
    throw new SaferError(`Cannot read the Excel workbook: ${(error as Error).message}`, {
      file: file.displayName,
      hint: 'Save it again from Excel as .xlsx (not .xls or .xlsb), or export the sheet as CSV.',
    });
  }
  return workbook;
}

/** Writes the sheet's rows from the header down as CSV text at `path`; null when no header row is found. */
export function writeSheetCsv(sheet: ExcelJS.Worksheet, path: string, isHeader: HeaderTest): SheetCsv | null {
  let headerRow = 0;
  let headers: string[] = [];
  const lines: string[] = [];
  let rows = 0;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[];
    if (headerRow === 0) {
      if (rowNumber > HEADER_SEARCH_ROWS) return;
      const cells = trimTrailingEmpty(
        values
          .slice(1)
          .map(cellText)
          .map((s) => s.trim()),
      );
      if (cells.length === 0 || !isHeader(cells)) return;
      headerRow = rowNumber;
      headers = dedupeHeaders(cells);
      lines.push(['__line', ...headers].map(quote).join(','));
      return;
    }
    const cells = headers.map((_h, i) => cellText(values[i + 1]));
    if (cells.every((c) => c.trim() === '')) return;
    lines.push([String(rowNumber), ...cells].map(quote).join(','));
    rows += 1;
  });
  if (headerRow === 0) return null;
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { sheet: sheet.name, headerRow, headers, rows, path };
}

/** Cell → text as a CSV export would show it; dates as ISO (time only for time-of-day cells). */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return String(value.text ?? '');
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result as ExcelJS.CellValue | undefined);
  if ('error' in value) return value.error;
  return String(value);
}

function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  // Excel stores a time of day as a fraction of 30 or 31 December 1899.
  if (iso.startsWith('1899-12-30') || iso.startsWith('1899-12-31')) return iso.slice(11, 19);
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

function trimTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end -= 1;
  return cells.slice(0, end);
}

/** Header names made unique (and non-empty) so that each can be a column. */
export function dedupeHeaders(cells: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((raw, i) => {
    const name = raw.trim() === '' ? `column ${i + 1}` : raw.trim();
    const n = (seen.get(name.toLowerCase()) ?? 0) + 1;
    seen.set(name.toLowerCase(), n);
    return n === 1 ? name : `${name} (${n})`;
  });
}

function quote(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}
