import { SaferError } from '../../core/errors.ts';
import type { Store } from '../../store/db.ts';
import { locateRows } from '../csv-read.ts';
import type { FileProbe } from '../files.ts';
import type { ImportContext, ImportKind, RejectedRow } from '../types.ts';
import { retireRows } from '../../store/vintages.ts';
import type { StoredRowCheck } from '../lifecycle/row-check.ts';

/** Creates each file's provenance row and the temp table `_import_files(path, import_id)` that joins rows to it. */
export async function registerFiles(
  ctx: ImportContext,
  files: FileProbe[],
  checksums: Map<FileProbe, string>,
  kind: ImportKind,
): Promise<Map<FileProbe, number>> {
  const ids = new Map<FileProbe, number>();
  for (const file of files) ids.set(file, await ctx.beginImport(file, kind, 'police-uk', checksums.get(file)!));
  await ctx.store.run('CREATE OR REPLACE TEMP TABLE _import_files (path VARCHAR, import_id INTEGER)');
  await ctx.store.append(
    '_import_files',
    ['path', 'import_id'],
    files.map((f) => [f.path, ids.get(f)!]),
  );
  return ids;
}

/**
 * Applies row checks to the rows just loaded into `table`. Without --skip-bad-rows the first bad
 * row stops the import with its file, line, column and value; with it, bad rows are removed and
 * returned (with their lines) for the rejects file.
 */
export async function applyChecks(
  ctx: ImportContext,
  files: FileProbe[],
  ids: Map<FileProbe, number>,
  checks: readonly StoredRowCheck[],
  columns: readonly string[],
  table: string,
): Promise<Map<FileProbe, RejectedRow[]>> {
  const { store } = ctx;
  const firstId = Math.min(...ids.values());
  const counts = await store.all<Record<string, number> & { import_id: number }>({
    sql: `SELECT import_id, ${checks.map((c, i) => `count(*) FILTER (WHERE ${c.stored}) AS c${i}`).join(', ')}
          FROM ${table} WHERE import_id >= ? GROUP BY import_id`,
    params: [firstId],
  });
  const out = new Map<FileProbe, RejectedRow[]>();
  for (const file of files) {
    const row = counts.find((r) => r.import_id === ids.get(file));
    if (!row) continue;
    for (const [i, check] of checks.entries()) {
      if (!row[`c${i}`]) continue;
      const located = await locateRows(
        store,
        file,
        columns,
        check.when,
        check.value,
        ctx.options.skipBadRows ? undefined : 1,
      );
      if (!ctx.options.skipBadRows) {
        const first = located[0];
        throw new SaferError(`${check.reason}${row[`c${i}`]! > 1 ? ` (${row[`c${i}`]} rows)` : ''}`, {
          file: file.displayName,
          line: first?.line,
          column: check.column,
          value: first ? (first.value ?? '') : undefined,
          hint: `${check.hint} Or re-run with --skip-bad-rows to load the other rows and write these to a rejects file.`,
        });
      }
      const list = out.get(file) ?? [];
      for (const r of located) {
        list.push({
          line: r.line,
          column: check.column,
          value: r.value,
          reason: check.reason,
          raw: Object.values(r.row)
            .map((v) => v ?? '')
            .join(','),
        });
      }
      out.set(file, list);
    }
  }
  if (ctx.options.skipBadRows && out.size > 0) {
    await store.run({
      sql: `DELETE FROM ${table} WHERE import_id >= ? AND (${checks.map((c) => `coalesce(${c.stored}, false)`).join(' OR ')})`,
      params: [firstId],
    });
  }
  return out;
}

export interface Replacement {
  replacedByImport: Map<number, number>;
  notesByImport: Map<number, string[]>;
}

/**
 * Each batch (one force's month of one file type) is held once: rows of the same batch from
 * earlier imports, or from an earlier file of this same call, are deleted, and what changed is described.
 */
export async function replaceBatches(
  store: Store,
  table: string,
  firstId: number,
  describe: (store: Store, batch: string, oldIds: number[], newId: number) => Promise<string>,
): Promise<Replacement> {
  const stale = await store.all<{ batch: string; import_id: number; keep: number; n: number }>({
    sql: `WITH keep AS (SELECT batch, max(import_id) AS keep FROM ${table} WHERE import_id >= ? GROUP BY batch)
          SELECT t.batch, t.import_id, k.keep, count(*) AS n
          FROM ${table} t JOIN keep k USING (batch)
          WHERE t.import_id <> k.keep
          GROUP BY ALL ORDER BY t.batch, t.import_id`,
    params: [firstId],
  });
  const replacedByImport = new Map<number, number>();
  const notesByImport = new Map<number, string[]>();
  const note = (id: number, text: string) => notesByImport.set(id, [...(notesByImport.get(id) ?? []), text]);
  const byBatch = new Map<string, typeof stale>();
  for (const row of stale) byBatch.set(row.batch, [...(byBatch.get(row.batch) ?? []), row]);
  for (const [batch, rows] of byBatch) {
    const keep = rows[0]!.keep;
    const earlier = rows.filter((r) => r.import_id < firstId);
    const sameCall = rows.filter((r) => r.import_id >= firstId);
    if (earlier.length > 0) {
      note(
        keep,
        await describe(
          store,
          batch,
          earlier.map((r) => r.import_id),
          keep,
        ),
      );
      replacedByImport.set(keep, (replacedByImport.get(keep) ?? 0) + earlier.reduce((s, r) => s + r.n, 0));
    }
    for (const r of sameCall)
      note(r.import_id, `${batch}: superseded by import #${keep}, a later file of this call for the same month`);
    await retireRows(store, table, 'batch = ? AND import_id <> ?', [batch, keep]);
  }
  await markReplaced(store, table, stale);
  return { replacedByImport, notesByImport };
}

/** Imports none of whose rows are left are marked as replaced (by the import that took their last batch). */
export async function markReplaced(
  store: Store,
  table: string,
  stale: readonly { import_id: number; keep: number }[],
): Promise<void> {
  const byOld = new Map(stale.map((r) => [r.import_id, r.keep]));
  for (const [oldId, keep] of byOld) {
    const left = await store.one<{ n: number }>({
      sql: `SELECT count(*) AS n FROM ${table} WHERE import_id = ?`,
      params: [oldId],
    });
    if ((left?.n ?? 0) === 0)
      await store.run({ sql: 'UPDATE imports SET replaced_by = ? WHERE import_id = ?', params: [keep, oldId] });
  }
}
