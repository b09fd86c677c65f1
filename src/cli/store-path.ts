import { existsSync } from 'node:fs';
import { SaferError } from '../core/errors.ts';

/** The store a reading command works on; a clear error when nothing has been imported there yet. */
export function existingStore(path: string): string {
  if (!existsSync(path))
    throw new SaferError('No store here yet', {
      file: path,
      hint: 'Import something first (safer import PATH) or run safer demo, or point --db / SAFER_DB at your store.',
    });
  return path;
}
