import { userInfo } from 'node:os';
import { SaferError } from '../core/errors.ts';
import type { Store } from '../store/db.ts';
import { currentOwner, type StoreOwner } from '../store/owner.ts';

/**
 * The command line's side of one writer, many readers: when `safer serve` owns the store, import,
 * status, undo and backup are sent to it (its loopback API, with the token from its server file)
 * instead of opening the store, which DuckDB would refuse.
 */
export function serverOwning(dbPath: string): StoreOwner | null {
  return currentOwner(dbPath);
}

export async function callServer<T>(
  owner: StoreOwner,
  method: 'GET' | 'POST',
  route: string,
  body?: Record<string, unknown>,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${owner.localUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${owner.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify({ ...body, user: currentUser() }) } : {}),
    });
  } catch (error) {
    throw new SaferError(
      `safer serve (PID ${owner.pid}, ${owner.url}) owns the store but does not answer on ${owner.localUrl}`,
      {
        hint: `is it still starting or stuck? Try again, or stop it (kill ${owner.pid}) and run this command on its own. (${error instanceof Error ? error.message : String(error)})`,
        code: 'E_STORE_SERVED',
      },
    );
  }
  const text = await response.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = { error: text.slice(0, 200) };
  }
  if (!response.ok) {
    const e = value as {
      error?: string;
      code?: string;
      hint?: string;
      file?: string;
      line?: number;
      column?: number | string;
      value?: string;
    };
    throw new SaferError(e.error ?? `the server answered ${response.status}`, {
      ...(e.file !== undefined ? { file: e.file } : {}),
      ...(e.line !== undefined ? { line: e.line } : {}),
      ...(e.column !== undefined ? { column: e.column } : {}),
      ...(e.value !== undefined ? { value: e.value } : {}),
      ...(e.hint !== undefined ? { hint: e.hint } : {}),
      code: e.code ?? 'E_SERVER',
    });
  }
  return value as T;
}

/** What the command line tells people when it hands a command to the server. */
export function throughServerNote(owner: StoreOwner): string {
  return `safer serve (PID ${owner.pid}, ${owner.url}) owns this store: sent to it\n`;
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * Runs a command on the store: through the server when one owns it (also when one started
 * while this command waited for the store), else on the store opened here, waiting while
 * another command holds it.
 */
export async function onStoreOrServer<T>(
  dbPath: string,
  options: { readOnly?: boolean },
  viaServer: (owner: StoreOwner) => Promise<T>,
  local: (store: Store) => Promise<T>,
): Promise<T> {
  const { openStoreWaiting } = await import('../store/open-wait.ts');
  for (let attempt = 0; ; attempt += 1) {
    const owner = serverOwning(dbPath);
    if (owner) {
      process.stderr.write(throughServerNote(owner));
      return viaServer(owner);
    }
    let store: Store;
    try {
      store = await openStoreWaiting(dbPath, { ...options, onWait: (m) => process.stderr.write(`${m}\n`) });
    } catch (error) {
      if (attempt === 0 && error instanceof SaferError && error.code === 'E_STORE_SERVED' && serverOwning(dbPath))
        continue;
      throw error;
    }
    try {
      return await local(store);
    } finally {
      store.close();
    }
  }
}
