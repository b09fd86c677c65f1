import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaferError } from '../../core/errors.ts';
import { quoteIdent, quoteLiteral, type Store } from '../../store/db.ts';
import { parseCsvHeader } from '../csv-header.ts';
import type { FileProbe } from '../files.ts';
import type { RejectedRow } from '../types.ts';
import { locateRecords } from './csv-lines.ts';
import { tempName } from '../lifecycle/temp-names.ts';
import { dedupeHeaders, readWorkbook, writeSheetCsv, type HeaderTest } from './xlsx.ts';

/**
 * A file (or one worksheet) read into a temporary table, every column as text, in file order:
 * the table's `__row` column is the row's 0-based position, which `lines()` turns into the file's line (for a
 * sheet, its row number). Malformed rows (wrong number of cells, bad quoting) are not in the
 * table: they are in `malformed`, with their lines.
 */
export interface StagedTable {
  file: FileProbe;
  sheet: string | null;
  /** What messages call the data: the file, and the sheet when there is one. */
  label: string;
  table: string;
  /** Column names of the table, as in the header (made unique). */
  headers: string[];
  rows: number;
  malformed: RejectedRow[];
  notes: string[];
  /** File line (header = line 1) of each staged row position. */
  lines(rows: readonly number[]): Promise<Map<number, number>>;
  /** The row's cells as a CSV line, for rejects files. */
  rawRows(rows: readonly number[]): Promise<Map<number, string>>;
}

export async function dropTables(store: Store, ...tables: string[]): Promise<void> {
  for (const t of tables) await store.run(`DROP TABLE IF EXISTS ${quoteIdent(t)}`);
}

/** The CSV delimiter the header line uses: comma unless tabs, semicolons or pipes clearly dominate. */
export function sniffDelimiter(header: string): string {
  const counts = [',', '\t', ';', '|'].map((d) => ({ d, n: parseCsvHeader(header, d).length }));
  const best = counts.reduce((a, b) => (b.n > a.n ? b : a));
  return best.n > 1 ? best.d : ',';
}

/** Reads a CSV file into a staged table. Throws for an empty file. */
export async function stageCsv(store: Store, file: FileProbe): Promise<StagedTable> {
  const headerLine = file.header.replace(/\r$/, '');
  if (headerLine.trim() === '') {
    throw new SaferError('The file is empty: no header row', {
      file: file.displayName,
      line: 1,
      hint: 'Export the data again with its header row.',
    });
  }
  const delim = sniffDelimiter(headerLine);
  const headers = dedupeHeaders(parseCsvHeader(headerLine, delim));
  let result = await readCsvInto(store, file, headers, delim, 'utf-8');
  const notes: string[] = [];
  if (result.rejects.some((r) => r.error_type === 'INVALID ENCODING')) {
    await dropTables(store, result.table);
    result = await readCsvInto(store, file, headers, delim, 'latin-1');
    notes.push('the file is not UTF-8: it was read as Latin-1 (Windows exports); check accented names and symbols');
  }
  const { table, rejects } = result;
  const rows = (await store.one<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(table)}`))?.n ?? 0;
  const readerLines = new Set(rejects.map((r) => r.line));
  const physical =
    readerLines.size > 0
      ? (await locateRecords(file.path, file.gzip, { readerLines, stagedRows: new Set() })).byReaderLine
      : new Map<number, number>();
  const seen = new Set<number>();
  const malformed: RejectedRow[] = [];
  for (const r of rejects) {
    if (seen.has(r.line)) continue; // one reason per row is enough
    seen.add(r.line);
    malformed.push({
      line: physical.get(r.line) ?? r.line,
      column: r.column_name,
      value: r.csv_line.replace(/^[\r\n]+/, ''),
      reason: describeReject(r.error_type, r.error_message),
      raw: r.csv_line.replace(/^[\r\n]+/, ''),
    });
  }
  malformed.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return {
    file,
    sheet: null,
    label: file.displayName,
    table,
    headers,
    rows,
    malformed,
    notes,
    lines: async (wanted) => {
      const found = await locateRecords(file.path, file.gzip, { readerLines: new Set(), stagedRows: new Set(wanted) });
      return found.byStagedRow;
    },
    rawRows: (wanted) => rawRows(store, table, headers, wanted),
  };
}

interface ReaderReject {
  line: number;
  column_name: string | null;
  csv_line: string;
  error_type: string;
  error_message: string;
}

async function readCsvInto(
  store: Store,
  file: FileProbe,
  headers: string[],
  delim: string,
  encoding: 'utf-8' | 'latin-1',
): Promise<{ table: string; rejects: ReaderReject[] }> {
  const table = tempName('stage');
  const errors = tempName('rejects');
  const scans = tempName('reject_scans');
  const spec = `{${headers.map((c) => `${quoteLiteral(c)}: 'VARCHAR'`).join(', ')}}`;
  const previous = await store.one<{ v: boolean }>(`SELECT current_setting('preserve_insertion_order') AS v`);
  await store.run('SET preserve_insertion_order = true');
  try {
    await store.run(
      `CREATE TEMP TABLE ${quoteIdent(table)} AS SELECT row_number() OVER () - 1 AS __row, * FROM read_csv(${quoteLiteral(file.path)}, columns = ${spec},
         header = true, auto_detect = false, delim = ${quoteLiteral(delim)}, quote = '"', escape = '"',
         compression = ${file.gzip ? "'gzip'" : "'none'"}, encoding = ${quoteLiteral(encoding)}, max_line_size = 10000000,
         store_rejects = true, rejects_table = ${quoteLiteral(errors)}, rejects_scan = ${quoteLiteral(scans)})`,
    );
    const rejects = await store.all<ReaderReject & Record<string, unknown>>(
      `SELECT line, column_name, csv_line, error_type::VARCHAR AS error_type, error_message FROM ${quoteIdent(errors)} ORDER BY line`,
    );
    return { table, rejects };
  } catch (error) {
    await dropTables(store, table);
    throw new SaferError(`Cannot read the file as CSV: ${(error as Error).message.split('\n')[0]}`, {
      file: file.displayName,
      hint: 'Check that it is a comma-separated text file with a header row (export it again if it was saved from Excel).',
    });
  } finally {
    await store.run(`SET preserve_insertion_order = ${previous?.v === false ? 'false' : 'true'}`);
    await dropTables(store, errors, scans);
  }
}

function describeReject(type: string, message: string): string {
  switch (type) {
    case 'MISSING COLUMNS':
      return `too few cells for the header (${message})`;
    case 'TOO MANY COLUMNS':
      return `more cells than the header has columns (${message}): a stray comma or an unquoted value`;
    case 'UNQUOTED VALUE':
      return `a quote is not closed properly (${message})`;
    case 'INVALID ENCODING':
      return 'invalid characters: the file is not UTF-8';
    default:
      return message;
  }
}

/**
 * Reads an XLSX workbook: the named sheet, or the first sheet whose header passes `isHeader`
 * (`all`: every such sheet). Each sheet goes through a temporary CSV into a staged table.
 */
export async function stageXlsx(
  store: Store,
  file: FileProbe,
  options: { sheet?: string; all?: boolean; isHeader: HeaderTest },
): Promise<StagedTable[]> {
  const workbook = await readWorkbook(file);
  const dir = mkdtempSync(join(tmpdir(), 'safer-xlsx-'));
  try {
    let sheets = workbook.worksheets;
    if (options.sheet !== undefined) {
      const wanted = options.sheet.toLowerCase();
      sheets = sheets.filter((s) => s.name.toLowerCase() === wanted);
      if (sheets.length === 0) {
        throw new SaferError(`No sheet named "${options.sheet}" in the workbook`, {
          file: file.displayName,
          value: options.sheet,
          hint: `Sheets: ${workbook.worksheets.map((s) => s.name).join(', ')}`,
        });
      }
    }
    const out: StagedTable[] = [];
    for (const [i, sheet] of sheets.entries()) {
      const csv = writeSheetCsv(sheet, join(dir, `sheet-${i}.csv`), options.isHeader);
      if (!csv) continue;
      out.push(await stageSheetCsv(store, file, csv.sheet, csv.path, csv.headers));
      if (!options.all) break;
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function stageSheetCsv(
  store: Store,
  file: FileProbe,
  sheet: string,
  path: string,
  headers: string[],
): Promise<StagedTable> {
  const table = tempName('stage');
  const spec = `{'__line': 'BIGINT', ${headers.map((c) => `${quoteLiteral(c)}: 'VARCHAR'`).join(', ')}}`;
  const previous = await store.one<{ v: boolean }>(`SELECT current_setting('preserve_insertion_order') AS v`);
  await store.run('SET preserve_insertion_order = true');
  try {
    await store.run(
      `CREATE TEMP TABLE ${quoteIdent(table)} AS SELECT row_number() OVER () - 1 AS __row, * FROM read_csv(${quoteLiteral(path)}, columns = ${spec},
         header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', max_line_size = 100000000)`,
    );
  } finally {
    await store.run(`SET preserve_insertion_order = ${previous?.v === false ? 'false' : 'true'}`);
  }
  const rows = (await store.one<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(table)}`))?.n ?? 0;
  return {
    file,
    sheet,
    label: `${file.displayName} [sheet ${sheet}]`,
    table,
    headers,
    rows,
    malformed: [],
    notes: [],
    lines: async (wanted) => {
      const out = new Map<number, number>();
      if (wanted.length === 0) return out;
      const ids = `[${wanted.map((n) => Math.trunc(n)).join(',')}]`;
      const found = await store.all<{ r: number; line: number }>(
        `SELECT __row AS r, __line AS line FROM ${quoteIdent(table)} WHERE __row IN (SELECT unnest(${ids}::BIGINT[]))`,
      );
      for (const f of found) out.set(f.r, f.line);
      return out;
    },
    rawRows: (wanted) => rawRows(store, table, headers, wanted),
  };
}

async function rawRows(
  store: Store,
  table: string,
  headers: readonly string[],
  wanted: readonly number[],
): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (wanted.length === 0) return out;
  const cells = headers.map((h) => `coalesce(${quoteIdent(h)}, '')`).join(', ');
  const ids = `[${wanted.map((n) => Math.trunc(n)).join(',')}]`;
  const rows = await store.all<{ r: number; cells: string[] }>(
    `SELECT __row AS r, [${cells}] AS cells FROM ${quoteIdent(table)} WHERE __row IN (SELECT unnest(${ids}::BIGINT[]))`,
  );
  for (const row of rows)
    out.set(row.r, row.cells.map((c) => (/[",\n\r]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(','));
  return out;
}

/** The staged table's column for a mapped header: exact, then ignoring case, spaces and punctuation. */
export function findHeader(headers: readonly string[], wanted: string): string | undefined {
  const exact = headers.find((h) => h === wanted.trim());
  if (exact !== undefined) return exact;
  const loose = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const matches = headers.filter((h) => loose(h) === loose(wanted));
  return matches.length === 1 ? matches[0] : undefined;
}
