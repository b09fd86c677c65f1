import { SaferError } from '../core/errors.ts';
import { quoteLiteral, type Store } from '../store/db.ts';
import type { FileProbe } from './files.ts';
import type { RejectedRow } from './types.ts';
import { parseCsvHeader } from './csv-header.ts';
import { tempName } from './lifecycle/temp-names.ts';

/**
 * DuckDB's CSV reader over files whose header we have already checked: every column as text,
 * no sniffing (files with CRLF and LF endings can be read together), malformed rows captured in
 * the rejects tables instead of stopping the scan.
 */
export function readCsvSql(files: readonly FileProbe[], columns: readonly string[], rejects: RejectTables): string {
  const list = `[${files.map((f) => quoteLiteral(f.path)).join(', ')}]`;
  const spec = `{${columns.map((c) => `${quoteLiteral(c)}: 'VARCHAR'`).join(', ')}}`;
  return `read_csv(${list}, columns = ${spec}, header = true, auto_detect = false, delim = ',', quote = '"',
    escape = '"', filename = true, store_rejects = true, rejects_table = ${quoteLiteral(rejects.errors)},
    rejects_scan = ${quoteLiteral(rejects.scans)}, max_line_size = 10000000)`;
}

export interface RejectTables {
  errors: string;
  scans: string;
}

export function rejectTables(): RejectTables {
  return { errors: tempName('rejects'), scans: tempName('reject_scans') };
}

export async function dropRejectTables(store: Store, t: RejectTables): Promise<void> {
  await store.run(`DROP TABLE IF EXISTS temp.${t.errors}`);
  await store.run(`DROP TABLE IF EXISTS temp.${t.scans}`);
}

/** Rows the CSV reader could not parse (wrong number of columns, bad quoting), with their file and line. */
export async function malformedRows(
  store: Store,
  t: RejectTables,
  files: readonly FileProbe[],
): Promise<Map<FileProbe, RejectedRow[]>> {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const rows = await store.all<{
    file_path: string;
    line: number;
    column_name: string | null;
    csv_line: string;
    error_message: string;
  }>(
    `SELECT s.file_path, e.line, e.column_name, e.csv_line, e.error_message
     FROM temp.${t.errors} e JOIN temp.${t.scans} s USING (scan_id, file_id) ORDER BY s.file_path, e.line`,
  );
  const out = new Map<FileProbe, RejectedRow[]>();
  const seen = new Set<string>();
  for (const r of rows) {
    const file = byPath.get(r.file_path);
    // The reader reports one error per missing column; one line is one rejected row.
    const key = `${r.file_path}\u0000${r.line}`;
    if (!file || seen.has(key)) continue;
    seen.add(key);
    const list = out.get(file) ?? [];
    list.push({ line: r.line, column: r.column_name, value: r.csv_line, reason: r.error_message, raw: r.csv_line });
    out.set(file, list);
  }
  return out;
}

/** Throws the first malformed row as a SaferError naming file, line and column. */
export function throwFirstMalformed(file: FileProbe, rows: RejectedRow[]): never {
  throw malformedRowError(file.displayName, rows, parseCsvHeader(file.header.replace(/\r$/, '')));
}

const SKIP_HINT = 'or re-run with --skip-bad-rows to load the rest and write the bad rows to a rejects file.';

/**
 * The first row the CSV reader could not take, said as what is wrong with it: text that is not
 * UTF-8 (with its line), or a row with more or fewer cells than the header (naming the column
 * where it goes wrong), or the reader's own words.
 */
export function malformedRowError(label: string, rows: readonly RejectedRow[], headers: readonly string[]): SaferError {
  const first = rows[0]!;
  const more = rows.length > 1 ? ` (and ${rows.length - 1} more)` : '';
  const where = {
    file: label,
    ...(first.line !== null ? { line: first.line } : {}),
    ...(first.raw !== null ? { value: first.raw } : {}),
  };
  if (/unicode|utf-?8|encoding/i.test(first.reason)) {
    return new SaferError(
      `The file is not UTF-8: line ${first.line ?? '?'} holds bytes that are not valid UTF-8 text (a file saved as Latin-1 or Windows-1252, or not a text file)${more}`,
      {
        ...where,
        hint: 'Save the file as UTF-8 (in Excel: "CSV UTF-8 (Comma delimited)") and import it again. A data.police.uk file is UTF-8 as downloaded: download it again rather than re-saving it.',
      },
    );
  }
  const counts = /Expected Number of Columns: (\d+) Found: (\d+)/i.exec(first.reason);
  if (counts) {
    const expected = Number(counts[1]);
    const found = Number(counts[2]);
    if (found > expected) {
      return new SaferError(
        `Malformed row: ${found} cells where the header has ${expected} columns: cell ${expected + 1} is past the last column, "${headers[expected - 1] ?? expected}"${more}`,
        {
          ...where,
          column: expected + 1,
          hint: `A comma inside a value that is not in quotes is the usual cause: quote the value ("Smith, J") or remove the comma; ${SKIP_HINT}`,
        },
      );
    }
    return new SaferError(
      `Malformed row: ${found} cells where the header has ${expected} columns: the row ends before column ${found + 1}, "${headers[found] ?? found + 1}"${more}`,
      {
        ...where,
        column: headers[found] ?? found + 1,
        hint: `The row is cut short: a line break inside a value that is not in quotes is the usual cause; ${SKIP_HINT}`,
      },
    );
  }
  return new SaferError(`Malformed row: ${first.reason}${more}`, {
    ...where,
    ...(first.column !== null ? { column: first.column } : {}),
    hint: `Fix the row (a stray comma or quote is the usual cause), ${SKIP_HINT}`,
  });
}

/** Checks a header against the expected one and says exactly which column differs. */
export function checkHeader(file: FileProbe, expected: readonly string[], what: string): void {
  if (file.header.trim() === '') {
    throw new SaferError('The file is empty', {
      file: file.displayName,
      line: 1,
      hint: `Expected a ${what} file with the header: ${expected.join(',')}`,
    });
  }
  const found = parseCsvHeader(file.header.replace(/\r$/, ''));
  for (let i = 0; i < Math.max(found.length, expected.length); i++) {
    if (found[i] !== expected[i]) {
      throw new SaferError(
        found[i] === undefined
          ? `Missing column "${expected[i]}" in the header`
          : expected[i] === undefined
            ? `Unexpected extra column "${found[i]}" in the header`
            : `Header column ${i + 1} should be "${expected[i]}"`,
        {
          file: file.displayName,
          line: 1,
          column: i + 1,
          value: found[i] ?? '',
          hint: `A ${what} file starts with: ${expected.join(',')}. Use the file as downloaded, or name another --kind.`,
        },
      );
    }
  }
}

/**
 * The 1-based file line of each row of `file` matching `invalidSql` (on the raw text columns).
 * Only used on the error path: it re-reads the one file in order.
 */
export async function locateRows(
  store: Store,
  file: FileProbe,
  columns: readonly string[],
  invalidSql: string,
  valueSql: string,
  limit = 1_000_000,
): Promise<{ line: number; value: string | null; row: Record<string, string | null> }[]> {
  const t = rejectTables();
  try {
    await store.run('SET preserve_insertion_order = true');
    const rows = await store.all<Record<string, string | null> & { _line: number; _value: string | null }>(
      `SELECT *, (${valueSql})::VARCHAR AS _value FROM (SELECT row_number() OVER () + 1 AS _line, * EXCLUDE (filename) FROM ${readCsvSql([file], columns, t)})
       WHERE ${invalidSql} ORDER BY _line LIMIT ${Math.trunc(limit)}`,
    );
    return rows.map(({ _line, _value, ...row }) => ({
      line: _line,
      value: _value,
      row: row as Record<string, string | null>,
    }));
  } finally {
    await store.run('SET preserve_insertion_order = false');
    await dropRejectTables(store, t);
  }
}
