import { DuckDBInstance } from '@duckdb/node-api';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { SaferError } from '../core/errors.ts';
import { VERSION } from '../version.ts';
import { quoteIdent, quoteLiteral, type Store } from './db.ts';
import { processAlive } from './owner.ts';

/**
 * Backups: a folder holding a consistent copy of the store (`safer.duckdb`), of the accounts and
 * audit file (`safer.auth.duckdb`, when there is one) and `manifest.json` (rows per table). The
 * copy is made by DuckDB between two statements of the connection that owns the store, so a
 * running server can take it; it is written to a hidden folder beside the target and renamed
 * when whole, so a backup folder is complete or absent (docs/backup.md).
 */
export const BACKUP_STORE_FILE = 'safer.duckdb';
export const BACKUP_AUTH_FILE = 'safer.auth.duckdb';
export const MANIFEST_FILE = 'manifest.json';

export interface BackupManifest {
  format: 'safer-backup';
  version: 1;
  createdAt: string;
  saferVersion: string;
  store: { file: string; source: string; bytes: number; tables: Record<string, number> };
  accounts: { file: string; source: string; bytes: number; tables: Record<string, number> } | null;
}

/** Something that can copy the accounts file consistently (the server's open AuthStore). */
export interface AccountsCopier {
  path: string;
  copyTo(path: string): Promise<Record<string, number>>;
}

const PARTIAL = /^\.(.+)\.partial-(\d+)-\d+$/;

/** Hidden folders of backups a killed process left half-written beside `parent`: removed. */
export function sweepPartialBackups(parent: string): string[] {
  if (!existsSync(parent)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(parent)) {
    const m = PARTIAL.exec(name);
    if (!m || processAlive(Number(m[2]))) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** Copies the open store into a new DuckDB file (schema, sequences, views, rows) and counts its tables. */
export async function snapshotStore(store: Store, target: string): Promise<Record<string, number>> {
  const alias = `safer_backup_${process.pid}`;
  await store.run(`ATTACH ${quoteLiteral(target)} AS ${alias}`);
  try {
    const db = (await store.one<{ d: string }>('SELECT current_database() AS d'))!.d;
    await store.run(`COPY FROM DATABASE ${quoteIdent(db)} TO ${alias}`);
    return await tableCounts(store, alias);
  } finally {
    await store.run(`DETACH ${alias}`);
  }
}

/** Rows in every base table of a database (`catalog`: an attached alias, or the store's own). */
export async function tableCounts(store: Store, catalog?: string): Promise<Record<string, number>> {
  const cat = catalog ?? (await store.one<{ d: string }>('SELECT current_database() AS d'))!.d;
  const tables = await store.all<{ t: string }>({
    sql: `SELECT table_name AS t FROM information_schema.tables WHERE table_catalog = ? AND table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    params: [cat],
  });
  const counts: Record<string, number> = {};
  for (const { t } of tables)
    counts[t] = (await store.one<{ n: number }>(
      `SELECT count(*) AS n FROM ${quoteIdent(cat)}.main.${quoteIdent(t)}`,
    ))!.n;
  return counts;
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a backup into `out` (which must not exist): the store through `store` (its owner's
 * connection; call with that connection's lock held), the accounts through `accounts` when given.
 */
export async function writeBackup(
  out: string,
  store: Store,
  accounts: AccountsCopier | null,
): Promise<{ dir: string; manifest: BackupManifest }> {
  const dir = resolve(out);
  if (existsSync(dir)) {
    throw new SaferError('The backup folder exists already', {
      file: dir,
      hint: 'give a new folder (a backup is never written over another), e.g. --out backups/safer-2025-01-31',
      code: 'E_EXISTS',
    });
  }
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  sweepPartialBackups(parent);
  const temp = join(parent, `.${basename(dir)}.partial-${process.pid}-${Date.now()}`);
  mkdirSync(temp);
  try {
    const storeFile = join(temp, BACKUP_STORE_FILE);
    const tables = await snapshotStore(store, storeFile);
    let accountsPart: BackupManifest['accounts'] = null;
    if (accounts) {
      const authFile = join(temp, BACKUP_AUTH_FILE);
      const authTables = await accounts.copyTo(authFile);
      accountsPart = {
        file: BACKUP_AUTH_FILE,
        source: accounts.path,
        bytes: statSync(authFile).size,
        tables: authTables,
      };
    }
    const manifest: BackupManifest = {
      format: 'safer-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      saferVersion: VERSION,
      store: { file: BACKUP_STORE_FILE, source: store.path, bytes: statSync(storeFile).size, tables },
      accounts: accountsPart,
    };
    // the manifest last: a folder with one is whole
    writeFileSync(join(temp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    for (const name of readdirSync(temp)) fsyncPath(join(temp, name));
    fsyncPath(temp);
    renameSync(temp, dir);
    fsyncPath(parent);
    return { dir, manifest };
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}

export function readManifest(dir: string): BackupManifest {
  const path = join(resolve(dir), MANIFEST_FILE);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as BackupManifest;
  } catch {
    throw new SaferError('This folder is not a complete Safer backup (no readable manifest.json)', {
      file: resolve(dir),
      hint: 'give a folder written by safer backup (or by serve --backup-every); a hidden .NAME.partial-… folder is a backup that did not finish',
      code: 'E_NOT_BACKUP',
    });
  }
  if (manifest.format !== 'safer-backup' || manifest.version !== 1 || !manifest.store?.tables) {
    throw new SaferError('This folder is not a Safer backup this version can read', {
      file: path,
      value: String(manifest.format),
      code: 'E_NOT_BACKUP',
    });
  }
  return manifest;
}

/** Rows per base table of a DuckDB file, opened read-only. */
async function countFile(path: string): Promise<Record<string, number>> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY', threads: '1' });
  const connection = await instance.connect();
  try {
    const tables = (
      await connection.runAndReadAll(
        `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY 1`,
      )
    ).getRowObjectsJS();
    const counts: Record<string, number> = {};
    for (const r of tables) {
      const t = String(r['t']);
      counts[t] = Number(
        (await connection.runAndReadAll(`SELECT count(*) AS n FROM ${quoteIdent(t)}`)).getRowObjectsJS()[0]?.['n'],
      );
    }
    return counts;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): string | null {
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
    if (a[k] !== b[k]) return `${k}: ${b[k] ?? 'absent'} rows where the backup recorded ${a[k] ?? 'none'}`;
  return null;
}

export interface RestoreOutcome {
  store: string;
  accounts: string | null;
  tables: Record<string, number>;
}

/**
 * Restores a backup to a new store path (never over a file that exists): the files are copied
 * beside their targets, checked against the manifest (every table's rows) and renamed into place,
 * the accounts first, so the store appears only once both are whole.
 */
export async function restoreBackup(dir: string, dbPath: string, authPath: string): Promise<RestoreOutcome> {
  const manifest = readManifest(dir);
  const target = resolve(dbPath);
  for (const p of [target, authPath]) {
    if (existsSync(p))
      throw new SaferError('A file exists where the restored store would go', {
        file: p,
        hint: 'restore to a new path (--db NEW.duckdb); the store in use is never overwritten',
        code: 'E_EXISTS',
      });
  }
  mkdirSync(dirname(target), { recursive: true });
  const stamp = `${process.pid}-${Date.now()}`;
  const parts: { from: string; temp: string; to: string; expected: Record<string, number> }[] = [];
  if (manifest.accounts)
    parts.push({
      from: join(resolve(dir), manifest.accounts.file),
      temp: `${authPath}.restoring-${stamp}`,
      to: authPath,
      expected: manifest.accounts.tables,
    });
  parts.push({
    from: join(resolve(dir), manifest.store.file),
    temp: `${target}.restoring-${stamp}`,
    to: target,
    expected: manifest.store.tables,
  });
  try {
    for (const part of parts) {
      if (!existsSync(part.from))
        throw new SaferError('The backup is missing a file its manifest lists', {
          file: part.from,
          code: 'E_NOT_BACKUP',
        });
      copyFileSync(part.from, part.temp);
      fsyncPath(part.temp);
      const differs = sameCounts(part.expected, await countFile(part.temp));
      if (differs)
        throw new SaferError(`The copy does not match the backup's manifest (${differs})`, {
          file: part.from,
          hint: 'the backup is damaged: restore an older one',
          code: 'E_BACKUP_DAMAGED',
        });
    }
    for (const part of parts) renameSync(part.temp, part.to);
    fsyncPath(dirname(target));
  } catch (error) {
    for (const part of parts) rmSync(part.temp, { force: true });
    throw error;
  }
  return { store: target, accounts: manifest.accounts ? authPath : null, tables: manifest.store.tables };
}

/** Complete backups (folders with a manifest) in `dir` whose names start with `prefix`, oldest first. */
export function listBackups(dir: string, prefix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.startsWith(prefix) && existsSync(join(dir, n, MANIFEST_FILE)))
    .sort()
    .map((n) => join(dir, n));
}
