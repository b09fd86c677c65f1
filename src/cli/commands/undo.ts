import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import pc from 'picocolors';
import { SaferError } from '../../core/errors.ts';
import { resolveDbPath } from '../../store/db.ts';
import { callServer, onStoreOrServer } from '../server-client.ts';
import { undoImport, type UndoResult } from '../../store/vintages.ts';
import { printJson, wantsJson } from '../output.ts';

/** safer undo IMPORT_ID: the command's options are in ../program.ts. */
export async function run(id: string, flags: { json?: boolean }, db: string | undefined): Promise<void> {
  const importId = Number(id);
  if (!/^\d+$/.test(id) || !Number.isSafeInteger(importId) || importId <= 0) {
    throw new SaferError('An import id is a whole number', {
      value: id,
      hint: 'safer status lists the imports with their ids (#), e.g. safer undo 12',
    });
  }
  const path = resolveDbPath(db);
  if (!existsSync(path))
    throw new SaferError('No store here yet', { file: path, hint: 'point --db / SAFER_DB at your store' });
  const result = await onStoreOrServer(
    path,
    {},
    (owner) => callServer<UndoResult>(owner, 'POST', '/api/local/undo', { importId }),
    (store) => undoImport(store, importId, `${safeUser()} (command line)`),
  );
  if (wantsJson(flags.json)) printJson(result);
  else process.stdout.write(formatUndo(result));
}

export function formatUndo(r: UndoResult): string {
  const fmt = (n: number) => n.toLocaleString('en-GB');
  const restored =
    r.restoredImports.length > 0
      ? `; ${fmt(r.rowsRestored)} rows it had replaced are back (from import${r.restoredImports.length === 1 ? '' : 's'} ${r.restoredImports.map((i) => `#${i}`).join(', ')})`
      : '; it had replaced nothing';
  return `${pc.green('✓')} import #${r.importId} (${r.kind}, ${r.file}) undone: ${fmt(r.rowsRemoved)} rows taken out of use${restored}\n`;
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
