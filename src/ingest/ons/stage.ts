import { SaferError } from '../../core/errors.ts';
import { quoteIdent, quoteLiteral, type Store } from '../../store/db.ts';
import { dropRejectTables, malformedRowError, rejectTables, type RejectTables } from '../csv-read.ts';
import { parseCsvHeader } from '../csv-header.ts';
import { tempName } from '../lifecycle/temp-names.ts';
import type { RowCheck } from '../lifecycle/row-check.ts';
import type { FileProbe } from '../files.ts';
import type { ImportContext, RejectedRow } from '../types.ts';

/**
 * Staging of one reference-data CSV in a temp table: every column as text named c0, c1, …,
 * plus `_line`, the file line the row came from. The reference importers check and reshape
 * the staged rows in SQL, so a bad value is reported with its line without a second read.
 */
export interface StagedCsv {
  table: string;
  /** Rows DuckDB could not parse (wrong number of columns, bad quoting). */
  malformed: RejectedRow[];
  rows: number;
}

export function stageColumn(index: number): string {
  return `c${index}`;
}

/** Stages a CSV whose columns are `headers` (the file's header, or the columns declared for a file without one). */
export async function stageCsv(
  store: Store,
  file: FileProbe,
  headers: readonly string[],
  options: { header: boolean },
): Promise<StagedCsv> {
  const table = tempName('stage');
  const rejects = rejectTables();
  const spec = `{${headers.map((_, i) => `${quoteLiteral(stageColumn(i))}: 'VARCHAR'`).join(', ')}}`;
  try {
    // Row order is only kept (and row_number() only meaningful) with insertion order preserved.
    await store.run('SET preserve_insertion_order = true');
    await store.run(`CREATE TEMP TABLE ${table} AS
      SELECT row_number() OVER () AS _row, *
      FROM read_csv(${quoteLiteral(file.path)}, columns = ${spec}, header = ${options.header}, auto_detect = false,
        delim = ',', quote = '"', escape = '"', store_rejects = true, rejects_table = ${quoteLiteral(rejects.errors)},
        rejects_scan = ${quoteLiteral(rejects.scans)}, max_line_size = 10000000)`);
    const malformed = await readRejects(store, rejects, headers);
    // _row counts parsed rows; rejected lines are skipped by the reader, so shift past them.
    const skipped = malformed.map((r) => r.line ?? 0).sort((a, b) => a - b);
    await store.run(`ALTER TABLE ${table} ADD COLUMN _line BIGINT`);
    await store.run(`UPDATE ${table} SET _line = _row + ${options.header ? 1 : 0}`);
    for (const line of skipped)
      await store.run({ sql: `UPDATE ${table} SET _line = _line + 1 WHERE _line >= ?`, params: [line] });
    const count = await store.one<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
    return { table, malformed, rows: count?.n ?? 0 };
  } catch (error) {
    await dropStage(store, table);
    throw error;
  } finally {
    await store.run('SET preserve_insertion_order = false');
    await dropRejectTables(store, rejects);
  }
}

async function readRejects(store: Store, t: RejectTables, headers: readonly string[]): Promise<RejectedRow[]> {
  const rows = await store.all<{ line: number; column_name: string | null; csv_line: string; error_message: string }>(
    `SELECT line, column_name, csv_line, error_message FROM temp.${t.errors} ORDER BY line`,
  );
  const header = (name: string | null) =>
    name && /^c\d+$/.test(name) ? (headers[Number(name.slice(1))] ?? name) : name;
  return rows.map((r) => ({
    line: r.line,
    column: header(r.column_name),
    value: r.csv_line,
    reason: r.error_message,
    raw: r.csv_line,
  }));
}

export async function dropStage(store: Store, table: string): Promise<void> {
  await store.run(`DROP TABLE IF EXISTS temp.${quoteIdent(table)}`);
}

/**
 * Applies checks in order. Without --skip-bad-rows the first failing row stops the import with
 * its line, column and value; with it, failing rows are removed from the stage and returned.
 */
export async function applyRowChecks(
  ctx: ImportContext,
  file: FileProbe,
  table: string,
  checks: readonly RowCheck[],
): Promise<RejectedRow[]> {
  const rejected: RejectedRow[] = [];
  for (const check of checks) {
    const limit = ctx.options.skipBadRows ? '' : 'LIMIT 1';
    const bad = await ctx.store.all<{ _line: number; _value: string | null; _raw: string }>(
      `SELECT _line, (${check.value})::VARCHAR AS _value, concat_ws(',', *COLUMNS('^c[0-9]+$')) AS _raw
       FROM ${table} WHERE ${check.when} ORDER BY _line ${limit}`,
    );
    if (bad.length === 0) continue;
    if (!ctx.options.skipBadRows) {
      const first = bad[0]!;
      throw new SaferError(check.reason, {
        file: file.displayName,
        line: first._line,
        column: check.column ?? undefined,
        value: first._value ?? '',
        hint: `${check.hint} Or re-run with --skip-bad-rows to load the other rows and write the bad ones to a rejects file.`,
      });
    }
    for (const r of bad)
      rejected.push({ line: r._line, column: check.column, value: r._value, reason: check.reason, raw: r._raw });
    await ctx.store.run(`DELETE FROM ${table} WHERE ${check.when}`);
  }
  return rejected;
}

/** Stops at the first malformed row unless --skip-bad-rows. */
export function handleMalformed(ctx: ImportContext, file: FileProbe, malformed: RejectedRow[]): RejectedRow[] {
  if (malformed.length === 0 || ctx.options.skipBadRows) return [...malformed];
  throw malformedRowError(file.displayName, malformed, parseCsvHeader(file.header.replace(/\r$/, '')));
}

export function emptyFileError(file: FileProbe, expected: string): SaferError {
  return new SaferError('The file is empty', { file: file.displayName, line: 1, hint: `Expected ${expected}.` });
}

export function noRowsError(file: FileProbe, line = 2): SaferError {
  return new SaferError('The file has a header but no data rows', {
    file: file.displayName,
    line,
    hint: 'Check that the right file was given (a download that stopped early leaves only the header).',
  });
}

/** The file name without directories and extensions, e.g. `lsoa11-ward19-lad19`: the default source name. */
export function fileStem(file: FileProbe): string {
  return file.name.replace(/\.(csv|tsv|txt|xlsx|geojson|topojson|json)$/i, '');
}

/** Writes the rejected rows of a file (if any) and returns the rejects file's path. */
export async function writeRejectsIfAny(
  ctx: ImportContext,
  file: FileProbe,
  rows: RejectedRow[],
): Promise<string | undefined> {
  if (rows.length === 0) return undefined;
  return ctx.writeRejects(file, rows);
}
