import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import pc from 'picocolors';
import { SaferError } from '../../core/errors.ts';
import { resolveDbPath } from '../../store/db.ts';
import { restoreBackup, writeBackup, type BackupManifest } from '../../store/backup.ts';
import { printJson, wantsJson } from '../output.ts';
import { callServer, onStoreOrServer } from '../server-client.ts';

/** safer backup --out DIR: the command's options are in ../program.ts. */
export async function backup(
  flags: { out: string; authDb?: string; json?: boolean },
  db: string | undefined,
): Promise<void> {
  const path = resolveDbPath(db);
  if (!existsSync(path))
    throw new SaferError('No store here yet', { file: path, hint: 'point --db / SAFER_DB at your store' });
  const out = resolve(flags.out);
  const { AuthStore, authPathFor } = await import('../../serve/auth/store.ts');
  const authPath = flags.authDb ?? authPathFor(path);
  const done = await onStoreOrServer(
    path,
    {},
    // the server owns the store (and the accounts file): it takes the snapshot between two of its statements
    (owner) => callServer<{ dir: string; manifest: BackupManifest }>(owner, 'POST', '/api/local/backup', { out }),
    async (store) => {
      const auth = existsSync(authPath) ? await AuthStore.open(authPath) : null;
      try {
        const written = await writeBackup(out, store, auth);
        if (auth)
          await auth.audit({
            user: 'command line',
            action: 'backup',
            outcome: 'ok',
            address: 'command line',
            detail: { dir: written.dir },
          });
        return written;
      } finally {
        auth?.close();
      }
    },
  );
  if (wantsJson(flags.json)) printJson(done);
  else {
    const rows = Object.values(done.manifest.store.tables).reduce((s, n) => s + n, 0);
    process.stdout.write(
      `${pc.green('✓')} backup written to ${done.dir}: ${Object.keys(done.manifest.store.tables).length} tables, ${rows.toLocaleString('en-GB')} rows${done.manifest.accounts ? `, ${done.manifest.accounts.tables['users'] ?? 0} accounts and ${done.manifest.accounts.tables['audit'] ?? 0} audit entries` : ', no accounts file'}\n  restore with: safer restore ${done.dir} --db NEW.duckdb\n`,
    );
  }
}

/** safer restore DIR --db NEW: the command's options are in ../program.ts. */
export async function restore(
  dir: string,
  flags: { authDb?: string; json?: boolean },
  db: string | undefined,
): Promise<void> {
  if (db === undefined && process.env.SAFER_DB === undefined) {
    throw new SaferError('name the new store: safer restore DIR --db NEW.duckdb', {
      hint: 'a backup is restored to a new path, never over the store in use; then serve or assess with --db NEW.duckdb',
    });
  }
  const path = resolveDbPath(db);
  const { authPathFor } = await import('../../serve/auth/store.ts');
  const outcome = await restoreBackup(dir, path, flags.authDb ?? authPathFor(path));
  if (wantsJson(flags.json)) printJson(outcome);
  else {
    const rows = Object.values(outcome.tables).reduce((s, n) => s + n, 0);
    process.stdout.write(
      `${pc.green('✓')} restored ${rows.toLocaleString('en-GB')} rows in ${Object.keys(outcome.tables).length} tables to ${outcome.store}${outcome.accounts ? ` and the accounts to ${outcome.accounts}` : ''} (every table's rows checked against the backup)\n  next: safer check --db ${outcome.store}\n`,
    );
  }
}
