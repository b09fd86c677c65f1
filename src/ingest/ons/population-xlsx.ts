import ExcelJS from 'exceljs';
import { SaferError } from '../../core/errors.ts';
import type { FileProbe } from '../files.ts';
import type { ImportOptions, RejectedRow } from '../types.ts';
import { GSS_CODE, NI_SOA_CODE } from './geography.ts';
import { readPopulationLayout, yearFromFileName, yearIn, type PopulationLayout } from './population-layout.ts';

/** One value read from a workbook, with the cell it came from. */
export interface PopulationCell {
  areaCode: string;
  year: number;
  measure: string;
  value: number;
  row: number;
  column: number;
  /** `'Sheet name'!C12` */
  where: string;
}

export interface WorkbookRead {
  cells: PopulationCell[];
  rejected: RejectedRow[];
  notes: string[];
}

type Plain = string | number | null;

const CODE = new RegExp(`^(${GSS_CODE}|${NI_SOA_CODE})$`);
/** ONS markers for a value that is not available or suppressed. */
const NO_VALUE = new Set(['', '-', '–', ':', '..', '.', 'x', 'c', '*', 'z', '[x]', '[c]', '[z]', 'n/a']);

/**
 * Reads every sheet of an ONS-style census or estimates workbook: finds the header row (the first
 * of the top 30 rows holding an area code column and population, households or age columns),
 * takes each column's year from its header, the header cell above it, a year column in the rows,
 * --year, the sheet's title or the file name (in that order), and returns one value per cell.
 * Sheets of percentages (`Unit: %`) and columns of rates, densities and one sex are skipped.
 */
export async function readPopulationWorkbook(file: FileProbe, options: ImportOptions): Promise<WorkbookRead> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file.path);
  } catch (error) {
    throw new SaferError(`Cannot read the workbook: ${(error as Error).message}`, {
      file: file.displayName,
      hint: 'Save it again from Excel as .xlsx (not .xls or .xlsb) and re-import.',
    });
  }
  const out: WorkbookRead = { cells: [], rejected: [], notes: [] };
  const unused: string[] = [];
  for (const sheet of workbook.worksheets) {
    if (sheet.state !== 'visible') continue;
    const before = out.cells.length + out.rejected.length;
    readSheet(file, sheet, options, out);
    if (out.cells.length + out.rejected.length === before) unused.push(sheet.name);
  }
  if (unused.length > 0)
    out.notes.push(
      `sheets without area codes and population, households or age counts, not loaded: ${unused.join(', ')}`,
    );
  return out;
}

function readSheet(file: FileProbe, sheet: ExcelJS.Worksheet, options: ImportOptions, out: WorkbookRead): void {
  const rows = sheetRows(sheet);
  const found = findHeader(rows);
  if (!found) return;
  const { headerRow, layout } = found;
  const above = rows.slice(1, headerRow).flatMap((r) => (r ?? []).filter((v): v is string => typeof v === 'string'));
  if (above.some((t) => /^unit:\s*(%|per ?cent)/i.test(t.trim()))) {
    out.notes.push(`sheet "${sheet.name}" skipped: its values are percentages`);
    return;
  }
  const titleYear = yearIn(
    above.filter((t) => !/^(released|created|published|updated|next update)/i.test(t.trim())).join(' '),
  );
  const superHeader = rows[headerRow - 1] ?? [];
  const fallbackYear = options.year ?? titleYear ?? yearFromFileName(file.name);

  const columns = layout.measures.map((m) => ({
    ...m,
    year: m.year ?? yearIn(typeof superHeader[m.index] === 'string' ? (superHeader[m.index] as string) : ''),
  }));
  const cells: PopulationCell[] = [];
  const skippedColumns = new Set<number>();
  for (let r = headerRow + 1; r < rows.length; r++) {
    const row = rows[r];
    if (!row) continue;
    const rawCode = row[layout.code] ?? null;
    const code = typeof rawCode === 'string' ? rawCode.trim() : rawCode === null ? '' : String(rawCode);
    // Notes and sources below a table (prose, links, "Notes:") are not data rows; a code-like token is.
    if (!/^[A-Za-z0-9]{4,15}$/.test(code) || !/\d/.test(code)) continue;
    const where = (col: number) => `'${sheet.name}'!${columnLetter(col)}${r}`;
    if (!CODE.test(code)) {
      reject(
        file,
        out,
        options,
        { line: r, column: where(layout.code), value: code, reason: 'Not an area code', raw: row.join(',') },
        'Area codes are GSS codes such as E07000096 (or Northern Ireland SOAs such as 95AA01S1).',
      );
      continue;
    }
    const rowYear = layout.year !== null ? Number(row[layout.year]) : null;
    for (const c of columns) {
      const year =
        c.year ?? (rowYear !== null && Number.isInteger(rowYear) && rowYear > 1800 ? rowYear : null) ?? fallbackYear;
      if (year === null) {
        throw new SaferError(`No year for column "${c.header}" of sheet "${sheet.name}"`, {
          file: file.displayName,
          line: headerRow,
          column: where(c.index),
          value: c.header,
          hint: 'Give the year with --year (a column header, a Year column, the sheet title or a file name such as census2011 or mid2019 can also give it).',
        });
      }
      const raw = row[c.index] ?? null;
      if (raw === null || (typeof raw === 'string' && NO_VALUE.has(raw.trim().toLowerCase()))) continue;
      const value = typeof raw === 'number' ? raw : Number(raw.replace(/,/g, '').trim());
      if (!Number.isFinite(value)) {
        reject(
          file,
          out,
          options,
          {
            line: r,
            column: where(c.index),
            value: String(raw),
            reason: `Not a number in column "${c.header}"`,
            raw: row.join(','),
          },
          'Population, households and age columns hold counts; ONS markers for missing values (.., :, x, c) are skipped.',
        );
        continue;
      }
      if (value < 0) skippedColumns.add(c.index);
      cells.push({ areaCode: code, year, measure: c.measure, value, row: r, column: c.index, where: where(c.index) });
    }
  }
  keepCounts(sheet.name, columns, cells, skippedColumns, out);
}

/** The sheet's cells as plain values, indexed by Excel row number (1-based) and column. */
function sheetRows(sheet: ExcelJS.Worksheet): Plain[][] {
  const rows: Plain[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const values = row.values as ExcelJS.CellValue[];
    rows[n] = Array.from({ length: Math.max(values.length, 1) }, (_, i) => plain(values[i]));
  });
  return rows;
}

/** A count is never negative: a column with negative values is a change or a rate whatever its header says. */
function keepCounts(
  sheetName: string,
  columns: readonly { index: number; header: string }[],
  cells: readonly PopulationCell[],
  skippedColumns: ReadonlySet<number>,
  out: WorkbookRead,
): void {
  const kept = cells.filter((cell) => !skippedColumns.has(cell.column));
  for (const index of skippedColumns)
    out.notes.push(
      `sheet "${sheetName}" column "${columns.find((c) => c.index === index)!.header}" skipped: it has negative values, so it is not a count`,
    );
  if (kept.length > 0) {
    const measures = [...new Set(kept.map((c) => `${c.measure} ${c.year}`))];
    out.notes.push(`sheet "${sheetName}": ${kept.length} values (${summarise(measures)})`);
  }
  out.cells.push(...kept);
}

function findHeader(rows: Plain[][]): { headerRow: number; layout: PopulationLayout } | null {
  for (let r = 1; r < Math.min(rows.length, 31); r++) {
    const row = rows[r];
    if (!row) continue;
    const layout = readPopulationLayout(row.map((v) => (typeof v === 'string' ? v : v === null ? null : String(v))));
    if (layout && !layout.long) return { headerRow: r, layout };
  }
  return null;
}

function reject(file: FileProbe, out: WorkbookRead, options: ImportOptions, row: RejectedRow, hint: string): void {
  if (!options.skipBadRows) {
    throw new SaferError(row.reason, {
      file: file.displayName,
      line: row.line ?? undefined,
      column: row.column ?? undefined,
      value: row.value ?? undefined,
      hint: `${hint} Or re-run with --skip-bad-rows to load the rest and write the bad rows to a rejects file.`,
    });
  }
  out.rejected.push(row);
}

function plain(value: ExcelJS.CellValue): Plain {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('hyperlink' in value) return value.text;
  if ('result' in value) return value.result === undefined ? null : plain(value.result as ExcelJS.CellValue);
  if ('error' in value) return value.error;
  return null;
}

export function columnLetter(index: number): string {
  let n = index;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function summarise(items: string[]): string {
  return items.length <= 6 ? items.join(', ') : `${items.slice(0, 5).join(', ')} and ${items.length - 5} more`;
}
