import { SaferError } from '../core/errors.ts';
import { quoteIdent, type SqlParam, type Store } from './db.ts';
import { settleDerived } from './resolve.ts';

/**
 * Vintages: rows an import replaces are not deleted but moved, unchanged, to `vintage_<table>`
 * with the import that replaced them (`retired_by`) and when (`retired_at`). That makes every
 * import undoable (its own rows retired, the rows it replaced put back) and every re-download of
 * a month comparable with the one before (docs/import-rules.md, Vintages and undo).
 *
 * The vintage tables live beside the data tables and are created the first time a row of a table
 * is retired, with the data table's columns plus the two above (columns added to a data table
 * later are added to its vintage table when next needed), so no migration of the data tables
 * has to know about them.
 */

export const VINTAGE_PREFIX = 'vintage_';
/** Marks rows an undo retired (the import's own rows): `retired_by` is then the import itself. */
export const UNDO_TABLE = 'import_undos';
export const RESTORES_TABLE = 'undo_restores';

export function vintageTable(table: string): string {
  return `${VINTAGE_PREFIX}${table}`;
}

/** Data tables: every table of the store whose rows carry `import_id` and `batch` (vintage tables excluded). */
export async function dataTables(store: Store): Promise<string[]> {
  const rows = await store.all<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_catalog = c.table_catalog AND t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_catalog = current_database() AND c.table_schema = 'main' AND t.table_type = 'BASE TABLE' AND c.column_name IN ('import_id', 'batch')
     GROUP BY c.table_name HAVING count(*) = 2 ORDER BY c.table_name`,
  );
  return rows.map((r) => r.table_name).filter((t) => !t.startsWith(VINTAGE_PREFIX) && !DERIVED_TABLES.has(t));
}

/** Tables made from the data tables (resolve.ts rebuilds them through settleDerived): never retired or restored themselves. */
const DERIVED_TABLES: ReadonlySet<string> = new Set(['event_counts']);

async function columnsOf(store: Store, table: string): Promise<{ name: string; type: string }[]> {
  return store.all<{ name: string; type: string }>({
    sql: `SELECT column_name AS name, data_type AS type FROM information_schema.columns
          WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = ? ORDER BY ordinal_position`,
    params: [table],
  });
}

/** Creates `vintage_<table>` if needed and gives it any column the data table has gained. */
async function ensureVintageTable(store: Store, table: string): Promise<string> {
  const vintage = vintageTable(table);
  await store.run(
    `CREATE TABLE IF NOT EXISTS ${quoteIdent(vintage)} AS
     SELECT *, NULL::INTEGER AS retired_by, NULL::TIMESTAMP AS retired_at FROM ${quoteIdent(table)} WHERE false`,
  );
  const have = new Set((await columnsOf(store, vintage)).map((c) => c.name));
  for (const c of await columnsOf(store, table)) {
    if (!have.has(c.name))
      await store.run(`ALTER TABLE ${quoteIdent(vintage)} ADD COLUMN ${quoteIdent(c.name)} ${c.type}`);
  }
  return vintage;
}

async function vintageTablesPresent(store: Store): Promise<Set<string>> {
  const rows = await store.all<{ table_name: string }>({
    sql: `SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main' AND starts_with(table_name, ?)`,
    params: [VINTAGE_PREFIX],
  });
  return new Set(rows.map((r) => r.table_name));
}

/**
 * Replaces `DELETE FROM table WHERE …` in importers: the rows are moved to the table's vintage
 * (retired now; the import that replaced them is settled by `settleRetired` before the commit).
 * `where` is SQL written by the importer (never values from a file: those go in `params`).
 */
export async function retireRows(
  store: Store,
  table: string,
  where: string,
  params: readonly SqlParam[] = [],
): Promise<void> {
  const vintage = await ensureVintageTable(store, table);
  await store.run({
    sql: `INSERT INTO ${quoteIdent(vintage)} BY NAME SELECT *, NULL::INTEGER AS retired_by, now()::TIMESTAMP AS retired_at FROM ${quoteIdent(table)} WHERE ${where}`,
    params,
  });
  await store.run({ sql: `DELETE FROM ${quoteIdent(table)} WHERE ${where}`, params });
}

/** The highest import id so far: imports of a call starting now get larger ones. */
export async function lastImportId(store: Store): Promise<number> {
  const row = await store.one<{ id: number | null }>('SELECT max(import_id) AS id FROM imports');
  return row?.id ?? 0;
}

/**
 * Before an import call commits: each row it retired is attributed to the import of the call
 * that now holds its batch (else the call's last import); rows a file of the same call loaded
 * and a later file of the call replaced were never the store's state and are dropped.
 */
export async function settleRetired(store: Store, callAfter: number): Promise<void> {
  const present = await vintageTablesPresent(store);
  for (const table of await dataTables(store)) {
    const vintage = vintageTable(table);
    if (!present.has(vintage)) continue;
    const pending = await store.one<{ n: number }>(
      `SELECT count(*) AS n FROM ${quoteIdent(vintage)} WHERE retired_by IS NULL`,
    );
    if (!pending?.n) continue;
    await store.run({
      sql: `DELETE FROM ${quoteIdent(vintage)} WHERE retired_by IS NULL AND import_id > ?`,
      params: [callAfter],
    });
    await store.run({
      sql: `UPDATE ${quoteIdent(vintage)} v SET retired_by = coalesce(
              (SELECT max(t.import_id) FROM ${quoteIdent(table)} t WHERE t.batch = v.batch AND t.import_id > ?),
              (SELECT max(import_id) FROM imports WHERE import_id > ?))
            WHERE v.retired_by IS NULL`,
      params: [callAfter, callAfter],
    });
  }
}

async function ensureUndoTable(store: Store): Promise<void> {
  await store.run(`CREATE TABLE IF NOT EXISTS ${UNDO_TABLE} (
    import_id INTEGER PRIMARY KEY,
    undone_at TIMESTAMP NOT NULL,
    undone_by VARCHAR,
    rows_removed BIGINT NOT NULL,
    rows_restored BIGINT NOT NULL,
    restored_imports JSON
  )`);
  // which slices an undo put back (so a store pinned to a moment between the import and its undo leaves them out)
  await store.run(`CREATE TABLE IF NOT EXISTS ${RESTORES_TABLE} (
    undo_import INTEGER NOT NULL,
    table_name VARCHAR NOT NULL,
    import_id INTEGER,
    batch VARCHAR NOT NULL
  )`);
}

/** Import ids that were undone (empty when nothing ever was). */
export async function undoneImports(store: Store): Promise<Set<number>> {
  const exists = await store.one<{ n: number }>({
    sql: `SELECT count(*) AS n FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = ?`,
    params: [UNDO_TABLE],
  });
  if (!exists?.n) return new Set();
  return new Set((await store.all<{ id: number }>(`SELECT import_id AS id FROM ${UNDO_TABLE}`)).map((r) => r.id));
}

export interface UndoResult {
  importId: number;
  kind: string;
  file: string;
  /** rows of the import taken out of use (kept as a vintage) */
  rowsRemoved: number;
  /** rows it had replaced, put back */
  rowsRestored: number;
  /** imports whose rows were put back */
  restoredImports: number[];
  undoneAt: string;
}

export interface UndoPreview {
  importId: number;
  kind: string;
  file: string;
  source: string;
  restricted: boolean;
  /** rows of the import in use now */
  rowsToRemove: number;
  /** rows it replaced, which would come back */
  rowsToRestore: number;
  restoredImports: number[];
  /** later imports that replace some of its rows (undo them first) */
  blockedBy: number[];
  undone: boolean;
}

/** What undoing an import would do, without doing it (the confirm step in the browser). */
export async function previewUndo(store: Store, importId: number): Promise<UndoPreview | null> {
  const imp = await store.one<{ kind: string; file: string; source: string; restricted: boolean }>({
    sql: 'SELECT kind, file, source, restricted FROM imports WHERE import_id = ? AND finished_at IS NOT NULL',
    params: [importId],
  });
  if (!imp) return null;
  const present = await vintageTablesPresent(store);
  let rowsToRemove = 0;
  let rowsToRestore = 0;
  const restored = new Set<number>();
  const blocked = new Set<number>();
  for (const table of await dataTables(store)) {
    rowsToRemove +=
      (
        await store.one<{ n: number }>({
          sql: `SELECT count(*) AS n FROM ${quoteIdent(table)} WHERE import_id = ?`,
          params: [importId],
        })
      )?.n ?? 0;
    if (!present.has(vintageTable(table))) continue;
    const vintage = quoteIdent(vintageTable(table));
    for (const r of await store.all<{ id: number | null; n: number }>({
      sql: `SELECT import_id AS id, count(*) AS n FROM ${vintage} WHERE retired_by = ? AND import_id IS DISTINCT FROM ? GROUP BY 1`,
      params: [importId, importId],
    })) {
      rowsToRestore += r.n;
      if (r.id !== null) restored.add(r.id);
    }
    for (const r of await store.all<{ by: number }>({
      sql: `SELECT DISTINCT retired_by AS by FROM ${vintage} WHERE import_id = ? AND retired_by <> ?`,
      params: [importId, importId],
    }))
      blocked.add(r.by);
  }
  return {
    importId,
    ...imp,
    rowsToRemove,
    rowsToRestore,
    restoredImports: [...restored].sort((a, b) => a - b),
    blockedBy: [...blocked].sort((a, b) => b - a),
    undone: (await undoneImports(store)).has(importId),
  };
}

/**
 * Undoes an import: its rows leave the data tables (kept in the vintage tables, retired by the
 * undo, so an Assessment pinned to an earlier date still sees them) and the rows it replaced come
 * back exactly as they were. One transaction. Refused when a later import has since replaced
 * some of its rows (undo that one first), when it was undone already, or never finished.
 */
export async function undoImport(store: Store, importId: number, by: string | null): Promise<UndoResult> {
  if (!Number.isInteger(importId) || importId <= 0) {
    throw new SaferError('An import id is a whole number', {
      value: String(importId),
      hint: 'safer status lists the imports with their ids (#)',
      code: 'E_VALIDATION',
    });
  }
  const imp = await store.one<{ kind: string; file: string; finished: boolean }>({
    sql: 'SELECT kind, file, finished_at IS NOT NULL AS finished FROM imports WHERE import_id = ?',
    params: [importId],
  });
  if (!imp || !imp.finished) {
    throw new SaferError(`There is no import #${importId} to undo`, {
      value: String(importId),
      hint: 'safer status lists the imports with their ids (#)',
      code: 'E_NOT_FOUND',
    });
  }
  await ensureUndoTable(store);
  if ((await undoneImports(store)).has(importId)) {
    throw new SaferError(`Import #${importId} was undone already`, {
      value: String(importId),
      hint: 'import its file again to load it again',
      code: 'E_UNDONE',
    });
  }
  const tables = await dataTables(store);
  const present = await vintageTablesPresent(store);
  const later = new Set<number>();
  for (const table of tables) {
    if (!present.has(vintageTable(table))) continue;
    const rows = await store.all<{ by: number }>({
      sql: `SELECT DISTINCT retired_by AS by FROM ${quoteIdent(vintageTable(table))} WHERE import_id = ? AND retired_by <> ?`,
      params: [importId, importId],
    });
    for (const r of rows) later.add(r.by);
  }
  if (later.size > 0) {
    const ids = [...later].sort((a, b) => b - a);
    throw new SaferError(
      `Import #${importId} cannot be undone while later imports replace some of its rows: ${ids.map((i) => `#${i}`).join(', ')}`,
      {
        value: String(importId),
        hint: `undo ${ids.map((i) => `#${i}`).join(', then ')} first (newest first), then #${importId}`,
        code: 'E_UNDO_LATER',
      },
    );
  }
  return store.transaction(async () => {
    let removed = 0;
    let restored = 0;
    const restoredImports = new Set<number>();
    const touched = new Set<string>();
    let geographyChanged = false;
    for (const table of tables) {
      const own = await store.one<{ n: number }>({
        sql: `SELECT count(*) AS n FROM ${quoteIdent(table)} WHERE import_id = ?`,
        params: [importId],
      });
      if (own?.n && table === 'events')
        for (const r of await store.all<{ b: string }>({
          sql: 'SELECT DISTINCT batch AS b FROM events WHERE import_id = ?',
          params: [importId],
        }))
          touched.add(r.b);
      if (own?.n && (table === 'area_parents' || table === 'area_crosswalks')) geographyChanged = true;
      if (own?.n) {
        await retireRows(store, table, 'import_id = ?', [importId]);
        await store.run({
          sql: `UPDATE ${quoteIdent(vintageTable(table))} SET retired_by = ? WHERE retired_by IS NULL`,
          params: [importId],
        });
        removed += own.n;
      }
      if (!present.has(vintageTable(table))) continue;
      const vintage = quoteIdent(vintageTable(table));
      const back = await store.all<{ id: number; n: number }>({
        sql: `SELECT import_id AS id, count(*) AS n FROM ${vintage} WHERE retired_by = ? AND import_id IS DISTINCT FROM ? GROUP BY 1`,
        params: [importId, importId],
      });
      if (back.length === 0) continue;
      if (table === 'events')
        for (const r of await store.all<{ b: string }>({
          sql: `SELECT DISTINCT batch AS b FROM ${vintage} WHERE retired_by = ? AND import_id IS DISTINCT FROM ?`,
          params: [importId, importId],
        }))
          touched.add(r.b);
      if (table === 'area_parents' || table === 'area_crosswalks') geographyChanged = true;
      await store.run({
        sql: `INSERT INTO ${RESTORES_TABLE} SELECT DISTINCT ?, ?, import_id, batch FROM ${vintage} WHERE retired_by = ? AND import_id IS DISTINCT FROM ?`,
        params: [importId, table, importId, importId],
      });
      const columns = (await columnsOf(store, table)).map((c) => quoteIdent(c.name)).join(', ');
      await store.run({
        sql: `INSERT INTO ${quoteIdent(table)} (${columns}) SELECT ${columns} FROM ${vintage} WHERE retired_by = ? AND import_id IS DISTINCT FROM ?`,
        params: [importId, importId],
      });
      await store.run({
        sql: `DELETE FROM ${vintage} WHERE retired_by = ? AND import_id IS DISTINCT FROM ?`,
        params: [importId, importId],
      });
      for (const b of back) {
        restored += b.n;
        if (b.id !== null) restoredImports.add(b.id);
      }
    }
    // events resolved and counted again for what moved (the one function imports use)
    await settleDerived(store, { geographyChanged, touched: [...touched] });
    const ids = [...restoredImports].sort((a, b) => a - b);
    if (ids.length > 0) {
      await store.run({
        sql: `UPDATE imports SET replaced_by = NULL WHERE replaced_by = ? AND import_id IN (SELECT unnest(?::INTEGER[]))`,
        params: [importId, `[${ids.join(',')}]`],
      });
    }
    const row = await store.one<{ at: string }>({
      sql: `INSERT INTO ${UNDO_TABLE} VALUES (?, now()::TIMESTAMP, ?, ?, ?, ?) RETURNING strftime(undone_at, '%Y-%m-%dT%H:%M:%S') AS at`,
      params: [importId, by, removed, restored, JSON.stringify(ids)],
    });
    return {
      importId,
      kind: imp.kind,
      file: imp.file,
      rowsRemoved: removed,
      rowsRestored: restored,
      restoredImports: ids,
      undoneAt: row!.at,
    };
  });
}
