import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { SaferError } from '../core/errors.ts';

/**
 * One writer, many readers. DuckDB lets one process open a store for writing; `safer serve`
 * keeps it open, so while it runs it is the store's owner and says so in `<store>.server.json`
 * (readable by its user only): its PID, its address and a token for the loopback API that
 * command-line imports, status, undo and backups go through (docs/serve.md, One writer).
 */
export interface StoreOwner {
  pid: number;
  /** the address the server listens on, as shown to people */
  url: string;
  /** the loopback address the command line calls */
  localUrl: string;
  token: string;
  startedAt: string;
}

export function ownerFilePath(storePath: string): string {
  return `${storePath}.server.json`;
}

export function newOwnerToken(): string {
  return randomBytes(32).toString('hex');
}

/** Written whole (a temporary file renamed), so a reader never sees half of it. */
export function writeOwner(storePath: string, owner: StoreOwner): void {
  const path = ownerFilePath(storePath);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(owner, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, path);
}

/** Removes the owner file if it is still this process's. */
export function removeOwner(storePath: string, pid = process.pid): void {
  const owner = readOwnerFile(storePath);
  if (owner && owner.pid === pid) rmSync(ownerFilePath(storePath), { force: true });
}

function readOwnerFile(storePath: string): StoreOwner | null {
  try {
    const value = JSON.parse(readFileSync(ownerFilePath(storePath), 'utf8')) as Partial<StoreOwner>;
    if (
      typeof value.pid !== 'number' ||
      typeof value.url !== 'string' ||
      typeof value.localUrl !== 'string' ||
      typeof value.token !== 'string'
    )
      return null;
    return value as StoreOwner;
  } catch {
    return null;
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The server that owns the store now (its file present and its process alive), or null. */
export function currentOwner(storePath: string): StoreOwner | null {
  const owner = readOwnerFile(storePath);
  return owner && processAlive(owner.pid) ? owner : null;
}

const LOCK_TEXT = /Could not set lock on file/i;

export function isLockError(error: unknown): boolean {
  return error instanceof Error && LOCK_TEXT.test(error.message);
}

/** The PID DuckDB names as the lock's holder ("Conflicting lock is held in … (PID 123)"). */
export function lockHolderPid(error: unknown): number | null {
  const match = error instanceof Error ? /\(PID (\d+)\)/.exec(error.message) : null;
  return match ? Number(match[1]) : null;
}

/**
 * DuckDB's lock error, in words a person can act on: which process holds the store and what to
 * do. `E_STORE_SERVED` when a running `safer serve` holds it, `E_STORE_BUSY` for another process.
 */
export function storeBusyError(storePath: string, holderPid: number | null, what = 'the store'): SaferError {
  const owner = currentOwner(storePath);
  if (owner && (holderPid === null || owner.pid === holderPid)) {
    return new SaferError(
      `${what} is open in safer serve (PID ${owner.pid}, ${owner.url}), which owns it while it runs`,
      {
        file: storePath,
        hint: `import, status, undo and backup go through the server on their own (run them again as the same user); for assess, report and check stop the server (kill ${owner.pid}, or Ctrl+C where it runs) or work on a copy: safer backup --out COPY, then --db COPY/safer.duckdb`,
        code: 'E_STORE_SERVED',
      },
    );
  }
  return new SaferError(
    `${what} is in use by another Safer process${holderPid !== null ? ` (PID ${holderPid})` : ''}`,
    {
      file: storePath,
      hint: 'wait for that command to finish and run this again (safer import waits on its own; SAFER_LOCK_WAIT sets how many seconds)',
      code: 'E_STORE_BUSY',
    },
  );
}
