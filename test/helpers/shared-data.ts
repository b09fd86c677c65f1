import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

/** The real open data beside the repo (`../shared/data`), or null when this machine lacks it. */
export const SHARED_DATA: string | null = (() => {
  const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
  const dir = process.env.SAFER_SHARED_DATA ?? join(root, '..', 'shared', 'data');
  return existsSync(dir) ? dir : null;
})();

export const SKIP_NO_SHARED = SHARED_DATA === null ? '../shared/data not found: real-data tests skipped' : false;

/** Path inside the shared data folder (only call when SHARED_DATA is not null). */
export function sharedPath(...parts: string[]): string {
  if (SHARED_DATA === null) throw new Error('../shared/data not found');
  return join(SHARED_DATA, ...parts);
}
