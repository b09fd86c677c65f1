import { SaferError } from '../../core/errors.ts';
import { quoteIdent, type SqlParam, type Store } from '../../store/db.ts';
import type { RejectedRow } from '../types.ts';
import type { RowCheck } from '../lifecycle/row-check.ts';
import { malformedRowError } from '../csv-read.ts';
import type { StagedTable } from './stage.ts';

export interface Problem {
  row: number;
  column: string | null;
  value: string | null;
  reason: string;
  hint: string;
}

/** The bad rows of `table`: all of them, or (first = true) the first in file order. */
export async function findProblems(
  store: Store,
  table: string,
  checks: readonly RowCheck[],
  first: boolean,
): Promise<Problem[]> {
  if (checks.length === 0) return [];
  const params: SqlParam[] = [];
  const parts = checks.map((c, k) => {
    params.push(...(c.params ?? []));
    const column = c.columnSql ? `(${c.columnSql})::VARCHAR` : 'CAST(NULL AS VARCHAR)';
    return `SELECT __row, ${k} AS k, (${c.value})::VARCHAR AS v, ${column} AS c FROM ${quoteIdent(table)} WHERE ${c.when}`;
  });
  const rows = await store.all<{ __row: number; k: number; v: string | null; c: string | null }>({
    sql: `SELECT * FROM (${parts.join(' UNION ALL ')}) ORDER BY __row, k${first ? ' LIMIT 1' : ''}`,
    params,
  });
  return rows.map((r) => {
    const check = checks[r.k]!;
    return { row: r.__row, column: r.c ?? check.column, value: r.v, reason: check.reason, hint: check.hint };
  });
}

/**
 * Turns the problems of a staged table into its fate: without --skip-bad-rows the first bad row
 * (reader or rule) stops the import; with it, every bad row becomes a rejects-file row.
 */
export async function settleProblems(
  staged: StagedTable,
  problems: readonly Problem[],
  skipBadRows: boolean,
  includeMalformed = true,
): Promise<{ rejected: RejectedRow[]; rows: Set<number> }> {
  const malformed = includeMalformed ? staged.malformed : [];
  if (!skipBadRows) {
    const first = problems[0];
    const firstLine = first ? (await staged.lines([first.row])).get(first.row) : undefined;
    const bad = malformed[0];
    if (bad && (firstLine === undefined || (bad.line ?? 0) <= firstLine)) {
      throw malformedRowError(staged.label, [bad], staged.headers);
    }
    if (first) {
      throw new SaferError(first.reason, {
        file: staged.label,
        line: firstLine,
        column: first.column ?? undefined,
        value: first.value ?? '',
        hint: `${first.hint} (Or re-run with --skip-bad-rows to load the good rows and write the bad ones to a rejects file.)`,
      });
    }
    return { rejected: [], rows: new Set() };
  }
  const byRow = new Map<number, Problem[]>();
  for (const p of problems) byRow.set(p.row, [...(byRow.get(p.row) ?? []), p]);
  const ids = [...byRow.keys()];
  const lines = await staged.lines(ids);
  const raws = await staged.rawRows(ids);
  const rejected: RejectedRow[] = [...malformed];
  for (const [row, list] of byRow) {
    const head = list[0]!;
    rejected.push({
      line: lines.get(row) ?? null,
      column: head.column,
      value: head.value,
      reason: list.map((p) => (p.column ? `${p.column}: ${p.reason}` : p.reason)).join('; '),
      raw: raws.get(row) ?? null,
    });
  }
  rejected.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { rejected, rows: new Set(ids) };
}
