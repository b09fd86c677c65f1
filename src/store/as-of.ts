import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaferError } from '../core/errors.ts';
import { Store, quoteIdent, quoteLiteral } from './db.ts';
import { rebuildDerived } from './resolve.ts';
import { isLockError, lockHolderPid, storeBusyError } from './owner.ts';
import { RESTORES_TABLE, UNDO_TABLE, VINTAGE_PREFIX, vintageTable } from './vintages.ts';

/**
 * The store as it was at a moment: every row of an import finished before it, whether still in
 * use or kept since as a vintage (replaced, or undone) after it. Built as a throw-away copy (a
 * temporary DuckDB file with the same schema) so every query of the Assessment runs unchanged on
 * it: `assess --as-of` pins an Assessment to what was loaded at that date (docs/import-rules.md).
 */
export interface PinnedStore {
  store: Store;
  /** the moment pinned, ISO (the end of the day for a date) */
  asOf: string;
  close(): void;
}

/** `YYYY-MM-DD` (the end of that day) or a date and time `YYYY-MM-DDTHH:MM[:SS]`, as the store's timestamps. */
export function parseAsOf(text: string): { cutoffSql: string; label: string } {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text)))
    return { cutoffSql: `(DATE ${quoteLiteral(text)} + INTERVAL 1 DAY)::TIMESTAMP`, label: `${text}T23:59:59` };
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$/.test(text) && !Number.isNaN(Date.parse(text.replace(' ', 'T')))) {
    const t = text.replace(' ', 'T');
    return { cutoffSql: `(TIMESTAMP ${quoteLiteral(t)} + INTERVAL 1 SECOND)`, label: t };
  }
  throw new SaferError('--as-of takes a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM:SS)', {
    value: text,
    hint: 'e.g. --as-of 2025-03-31: what was loaded by the end of that day (safer status lists imports with their times)',
  });
}

export async function openAsOf(sourcePath: string, asOf: string): Promise<PinnedStore> {
  const { cutoffSql, label } = parseAsOf(asOf);
  const dir = mkdtempSync(join(tmpdir(), 'safer-as-of-'));
  let store: Store | null = null;
  try {
    store = await Store.open(join(dir, 'pinned.duckdb'));
    const src = 'safer_as_of_source';
    try {
      await store.run(`ATTACH ${quoteLiteral(sourcePath)} AS ${src} (READ_ONLY)`);
    } catch (error) {
      if (isLockError(error)) throw storeBusyError(sourcePath, lockHolderPid(error));
      throw error;
    }
    const tables = await store.all<{ t: string }>({
      sql: `SELECT table_name AS t FROM information_schema.tables WHERE table_catalog = ? AND table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY 1`,
      params: [src],
    });
    const names = new Set(tables.map((r) => r.t));
    const first = await store.one<{ n: number }>(
      `SELECT count(*) AS n FROM ${src}.imports WHERE finished_at < ${cutoffSql}`,
    );
    if (!first?.n)
      throw new SaferError(`Nothing had been imported by ${label}`, {
        value: asOf,
        hint: 'safer status lists the imports with the times they finished',
      });
    const finished = `(SELECT import_id FROM ${src}.imports WHERE finished_at IS NOT NULL AND finished_at < ${cutoffSql})`;
    const undos = names.has(UNDO_TABLE) && names.has(RESTORES_TABLE);
    // imports loaded by then and not yet undone
    const pinnedImports = undos
      ? `(SELECT import_id FROM ${finished} WHERE import_id NOT IN (SELECT import_id FROM ${src}.${UNDO_TABLE} WHERE undone_at < ${cutoffSql}))`
      : finished;
    const undoneLater = undos
      ? `(SELECT import_id FROM ${src}.${UNDO_TABLE} WHERE undone_at >= ${cutoffSql})`
      : '(SELECT NULL::INTEGER WHERE false)';
    // slices an undo after the moment put back, which an import before it had replaced: not in use at the moment
    const restoredLater = (t: string) =>
      undos
        ? `AND NOT EXISTS (SELECT 1 FROM ${src}.${RESTORES_TABLE} r WHERE r.import_id = x.import_id AND r.batch = x.batch AND r.table_name = ${quoteLiteral(t)} AND r.undo_import IN ${finished} AND r.undo_import IN ${undoneLater})`
        : '';
    await store.transaction(async () => {
      for (const t of names) {
        if (t.startsWith(VINTAGE_PREFIX) || t === 'schema_migrations' || t === UNDO_TABLE || t === RESTORES_TABLE)
          continue;
        const columns = (
          await store!.all<{ c: string }>({
            sql: `SELECT column_name AS c FROM information_schema.columns WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = ? ORDER BY ordinal_position`,
            params: [t],
          })
        ).map((r) => r.c);
        if (columns.length === 0) continue; // a table this version does not know
        const list = columns.map(quoteIdent).join(', ');
        await store!.run(`DELETE FROM ${quoteIdent(t)}`);
        if (t === 'imports') {
          await store!.run(
            `INSERT INTO imports (${list}) SELECT ${list} FROM ${src}.imports WHERE import_id IN ${pinnedImports}`,
          );
          // what replaced them had not happened yet
          await store!.run(
            `UPDATE imports SET replaced_by = NULL WHERE replaced_by IS NOT NULL AND replaced_by NOT IN (SELECT import_id FROM imports)`,
          );
          continue;
        }
        if (!columns.includes('import_id')) {
          await store!.run(`INSERT INTO ${quoteIdent(t)} (${list}) SELECT ${list} FROM ${src}.${quoteIdent(t)}`);
          continue;
        }
        await store!.run(
          `INSERT INTO ${quoteIdent(t)} (${list}) SELECT ${list} FROM ${src}.${quoteIdent(t)} x WHERE x.import_id IS NULL OR (x.import_id IN ${pinnedImports} ${restoredLater(t)})`,
        );
        if (names.has(vintageTable(t))) {
          // rows in use at that moment and retired since: replaced by an import finished after it, or undone after it
          await store!
            .run(`INSERT INTO ${quoteIdent(t)} (${list}) SELECT ${list} FROM ${src}.${quoteIdent(vintageTable(t))}
                            WHERE import_id IN ${pinnedImports}
                              AND ((retired_by <> import_id AND retired_by NOT IN ${finished}) OR (retired_by = import_id AND import_id IN ${undoneLater}))`);
        }
      }
    });
    await store.run(`DETACH ${src}`);
    // derived tables (resolved areas, event counts) made again from the pinned rows
    await rebuildDerived(store);
    const opened = store;
    return {
      store: opened,
      asOf: label,
      close() {
        opened.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
