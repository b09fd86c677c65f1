import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { migrate } from './migrate.ts';
import { isLockError, lockHolderPid, storeBusyError } from './owner.ts';
import { migrations } from './migrations.ts';

/** A parameterised statement: SQL text with `?` or `$name` placeholders, and its values. */
export interface Sql {
  sql: string;
  params?: readonly SqlParam[] | Record<string, SqlParam>;
}
export type SqlParam = string | number | boolean | null | bigint;

export type Row = Record<string, unknown>;

export const DEFAULT_DB = 'safer.duckdb';

/** The path the CLI uses: --db, then SAFER_DB, then ./safer.duckdb. */
export function resolveDbPath(flag?: string): string {
  return resolve(flag ?? process.env.SAFER_DB ?? DEFAULT_DB);
}

/**
 * The embedded DuckDB store. One connection; every value leaving it goes through
 * `convertValue` so that BIGINT, DECIMAL, DATE and TIMESTAMP are decided in one place.
 */
export class Store {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Opens (creating if needed) and migrates the store. `:memory:` gives a throw-away store. */
  static async open(path: string, options: { readOnly?: boolean } = {}): Promise<Store> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const config: Record<string, string> = { threads: '2', preserve_insertion_order: 'false', ...memorySettings(path) };
    if (options.readOnly) config.access_mode = 'READ_ONLY';
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, config);
    } catch (error) {
      // DuckDB's own lock text never reaches a person: who holds the store, and what to do
      if (isLockError(error)) throw storeBusyError(path, lockHolderPid(error));
      throw error;
    }
    const connection = await instance.connect();
    const store = new Store(path, instance, connection);
    if (!options.readOnly) await migrate(store);
    else if (path !== ':memory:' && (await store.pendingMigrations())) {
      // a store written by an earlier version: migrated once for writing, then opened read-only
      store.close();
      (await Store.open(path)).close();
      return Store.open(path, options);
    }
    return store;
  }

  /** Whether the store's schema is older than this version's migrations (false for a store with no schema yet). */
  private async pendingMigrations(): Promise<boolean> {
    const table = await this.one<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = 'schema_migrations'",
    );
    if (!table?.n) return false;
    const row = await this.one<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    return (row?.v ?? 0) < (migrations.at(-1)?.version ?? 0);
  }

  async run(statement: string | Sql): Promise<void> {
    const { sql, params } = typeof statement === 'string' ? { sql: statement, params: undefined } : statement;
    await this.connection.run(sql, params as DuckDBValue[] | Record<string, DuckDBValue> | undefined);
  }

  async all<T extends Row = Row>(statement: string | Sql): Promise<T[]> {
    const { sql, params } = typeof statement === 'string' ? { sql: statement, params: undefined } : statement;
    const reader = await this.connection.runAndReadAll(
      sql,
      params as DuckDBValue[] | Record<string, DuckDBValue> | undefined,
    );
    return reader.getRowObjectsJS().map((row) => convertRow(row) as T);
  }

  async one<T extends Row = Row>(statement: string | Sql): Promise<T | undefined> {
    return (await this.all<T>(statement))[0];
  }

  /** Runs `work` in one transaction: all of it lands, or none of it. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    try {
      const result = await work();
      await this.run('COMMIT');
      return result;
    } catch (error) {
      await this.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** Bulk rows through DuckDB's appender (for data that is already in memory). */
  async append(table: string, columns: readonly string[], rows: readonly (readonly SqlParam[])[]): Promise<void> {
    if (rows.length === 0) return;
    // The appender needs every column of the table; a staging insert keeps column order explicit.
    const placeholders = `(${columns.map(() => '?').join(', ')})`;
    const chunk = Math.max(1, Math.floor(2000 / columns.length));
    for (let i = 0; i < rows.length; i += chunk) {
      const part = rows.slice(i, i + chunk);
      await this.run({
        sql: `INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) VALUES ${part
          .map(() => placeholders)
          .join(', ')}`,
        params: part.flat(),
      });
    }
  }

  /**
   * Runs `work` under DuckDB's memory ceiling (memoryLimit()), spilling to the temp folder beyond
   * it; the previous ceiling is restored after. Imports of events run under it, so their peak
   * memory does not grow with the rows.
   */
  async withMemoryLimit<T>(work: () => Promise<T>): Promise<T> {
    if (this.path === ':memory:') return work();
    const before = await this.one<{ v: string }>("SELECT current_setting('memory_limit') AS v");
    await this.run(`SET memory_limit = '${memoryLimit()}'`);
    try {
      return await work();
    } finally {
      await this.run(`SET memory_limit = '${(before?.v ?? '').replace(/[^0-9A-Za-z. ]/g, '')}'`).catch(() => undefined);
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/**
 * DuckDB's spill folder for a store file: `<store>.tmp/` beside it (DuckDB creates it when it
 * first spills and removes it on close). The memory ceiling is set around the work that needs one
 * (withMemoryLimit): a global one would starve readers that reserve large buffers up front
 * (read_json of a big GeoJSON).
 */
export function memorySettings(path: string): Record<string, string> {
  // an in-memory store (tests, throw-away) keeps DuckDB's defaults: it has no file to spill beside
  return path === ':memory:' ? {} : { temp_directory: `${resolve(path)}.tmp` };
}

/** SAFER_MEMORY_LIMIT (a DuckDB size such as 1GB or 512MB; default 1GB). */
export function memoryLimit(): string {
  const limit = (process.env.SAFER_MEMORY_LIMIT ?? '1GB').trim();
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(limit)) {
    throw new RangeError(`SAFER_MEMORY_LIMIT must be a size such as 1GB or 512MB, not "${limit}"`);
  }
  return limit;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A SQL string literal, for the few places DuckDB takes no parameter (table functions' file lists). */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function convertRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const key in row) {
    const value = row[key];
    out[key] =
      typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || value === null
        ? value
        : convertValue(value);
  }
  return out;
}

/** BIGINT → number (counts fit), DATE/TIMESTAMP → ISO string, lists and structs recursively. */
export function convertValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(value)) return value.map(convertValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = convertValue(v);
    return out;
  }
  return value;
}
