import type { Store } from './db.ts';
import { quoteIdent } from './db.ts';
import { RESTORES_TABLE, UNDO_TABLE, VINTAGE_PREFIX, undoneImports } from './vintages.ts';

/**
 * Whether the store can be trusted: readable to the last block, and holding the rows its
 * imports say they loaded. `readiness` is the quick form (`/readyz`), `checkStore` the whole
 * one (`safer check`). Both only read.
 */

export interface TableCheck {
  name: string;
  rows: number | null;
  /** why the table could not be read to the end */
  error: string | null;
}

export interface ImportCheck {
  id: number;
  kind: string;
  file: string;
  /** rows the imports table says this import loaded and still holds */
  recorded: number;
  /** rows that carry its import_id now */
  present: number;
}

export interface CheckProblem {
  what: string;
  action: string;
}

export interface StoreCheck {
  ok: boolean;
  store: string;
  databaseSize: Record<string, unknown> | null;
  tables: TableCheck[];
  imports: { checked: number; mismatched: ImportCheck[] };
  problems: CheckProblem[];
}

/** The store's own tables (the main schema of the open database), in name order. */
export async function storeTables(store: Store): Promise<string[]> {
  const rows = await store.all<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_catalog = current_database() AND table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((r) => r.name);
}

/** A real query over every table (its row count and first row): throws with the first table that cannot be read. Quick: `checkStore` reads every block. */
export async function readiness(store: Store): Promise<{ tables: number; rows: number }> {
  const tables = await storeTables(store);
  if (!tables.includes('imports'))
    throw new Error('the store has no imports table: it is not a Safer store, or it is empty');
  let rows = 0;
  for (const name of tables) {
    try {
      rows += (await store.one<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(name)}`))?.n ?? 0;
      // and its first rows, every column: count(*) alone reads no data block
      await store.all(`SELECT * FROM ${quoteIdent(name)} LIMIT 1`);
    } catch (error) {
      throw new Error(`table ${name} cannot be read: ${firstLine(error)}`, { cause: error });
    }
  }
  return { tables: tables.length, rows };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/**
 * Reads every column of every table to the end (so every data block is read and its checksum
 * verified by DuckDB), then compares each import's rows with what the imports table recorded.
 */
export async function checkStore(store: Store): Promise<StoreCheck> {
  const problems: CheckProblem[] = [];
  const restore =
    'restore the store from its latest backup (then re-import what came after it), or rebuild it by importing every file again';
  let databaseSize: Record<string, unknown> | null = null;
  try {
    databaseSize = (await store.one('PRAGMA database_size')) ?? null;
  } catch (error) {
    problems.push({ what: `DuckDB cannot read the store's size: ${firstLine(error)}`, action: restore });
  }
  let names: string[] = [];
  try {
    names = await storeTables(store);
  } catch (error) {
    problems.push({ what: `the list of tables cannot be read: ${firstLine(error)}`, action: restore });
  }
  const tables: TableCheck[] = [];
  const withImportId: string[] = [];
  for (const name of names) {
    try {
      const columns = await store.all<{ column_name: string }>({
        sql: `SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = ? ORDER BY ordinal_position`,
        params: [name],
      });
      // vintages and the undo log name imports but are not their rows
      if (
        columns.some((c) => c.column_name === 'import_id') &&
        !name.startsWith(VINTAGE_PREFIX) &&
        name !== UNDO_TABLE &&
        name !== RESTORES_TABLE
      )
        withImportId.push(name);
      // every column hashed: every block of the table is read (count(*) alone may skip them)
      const hashes = columns.map((c, i) => `bit_xor(hash(${quoteIdent(c.column_name)})) AS h${i}`);
      const row = await store.one<{ n: number }>(
        `SELECT count(*) AS n${hashes.length ? `, ${hashes.join(', ')}` : ''} FROM ${quoteIdent(name)}`,
      );
      tables.push({ name, rows: row?.n ?? 0, error: null });
    } catch (error) {
      tables.push({ name, rows: null, error: firstLine(error) });
      problems.push({ what: `table ${name} cannot be read to the end: ${firstLine(error)}`, action: restore });
    }
  }

  const mismatched: ImportCheck[] = [];
  let checked = 0;
  if (names.includes('imports') && tables.every((t) => t.error === null)) {
    const present = new Map<number, number>();
    // event_counts is derived from events (src/store/resolve.ts): its rows are groups, not imported rows
    for (const name of withImportId.filter((n) => n !== 'imports' && n !== 'event_counts')) {
      const rows = await store.all<{ id: number | null; n: number }>(
        `SELECT import_id AS id, count(*) AS n FROM ${quoteIdent(name)} GROUP BY import_id`,
      );
      for (const r of rows) if (r.id !== null) present.set(r.id, (present.get(r.id) ?? 0) + r.n);
    }
    const imports = await store.all<{
      id: number;
      kind: string;
      file: string;
      loaded: number;
      replaced_by: number | null;
      later_replaced: number;
    }>(`
      SELECT i.import_id AS id, i.kind, i.file, i.rows_loaded AS loaded, i.replaced_by,
             (SELECT coalesce(sum(j.rows_replaced), 0) FROM imports j WHERE j.kind = i.kind AND j.import_id > i.import_id AND j.finished_at IS NOT NULL) AS later_replaced
      FROM imports i WHERE i.finished_at IS NOT NULL ORDER BY i.import_id`);
    const undone = await undoneImports(store);
    for (const i of imports) {
      checked += 1;
      if (undone.has(i.id)) continue; // its rows were taken out of use on purpose (safer undo)
      const now = present.get(i.id) ?? 0;
      const recorded = i.replaced_by !== null ? 0 : i.loaded;
      // a later import of the kind may have replaced some of its rows (one month of a year, say)
      const explained = now <= recorded && recorded - now <= i.later_replaced;
      if (now !== recorded && !explained)
        mismatched.push({ id: i.id, kind: i.kind, file: i.file, recorded, present: now });
    }
    for (const m of mismatched) {
      problems.push({
        what: `import #${m.id} (${m.kind}, ${m.file}) recorded ${m.recorded.toLocaleString('en-GB')} rows but the store holds ${m.present.toLocaleString('en-GB')}`,
        action: `re-import import #${m.id}: safer import "${m.file.replace(/ \(uploaded by [^)]*\)$/, '')}"${m.kind === 'records' ? ' --mapping <its mapping>' : ` --kind ${m.kind}`} (the batch is replaced, so nothing is counted twice); if many imports disagree, restore the store from its latest backup`,
      });
    }
  }
  return {
    ok: problems.length === 0,
    store: store.path,
    databaseSize,
    tables,
    imports: { checked, mismatched },
    problems,
  };
}
