import type { SqlParam } from '../../store/db.ts';

/**
 * The one row rule of every importer: SQL over the rows as read (every column text) that is true
 * for a bad row, what to show of it, and what to do. A failing row stops the import with its
 * file, line, column and value (docs/import-rules.md), or, with --skip-bad-rows, goes to the
 * rejects file with its reason.
 */
export interface RowCheck {
  /** The file's column the problem is in (its header, as the user knows it), if any. */
  column: string | null;
  /** Or an SQL expression giving it per row (e.g. the period column of a wide table). */
  columnSql?: string;
  /** True for a bad row. */
  when: string;
  /** The offending value (any SQL expression; shown as text). */
  value: string;
  reason: string;
  hint: string;
  /** Parameters of `when` and `value`, in order. */
  params?: SqlParam[];
}

/**
 * A rule of an importer that inserts straight from the reader (data.police.uk files, the bulk of a
 * store): `stored` finds the bad rows among those inserted cheaply, and `when` and `value` (over
 * the raw columns) are read again from the file only for the bad rows' lines.
 */
export interface StoredRowCheck extends RowCheck {
  column: string;
  /** True for a bad row, over the table's stored columns. */
  stored: string;
}
