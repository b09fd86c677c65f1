import { existsSync } from 'node:fs';
import pc from 'picocolors';
import { SaferError } from '../../core/errors.ts';
import { openStoreWaiting } from '../../store/open-wait.ts';
import { type Store, resolveDbPath } from '../../store/db.ts';
import type { StoreCheck } from '../../store/check.ts';
import { printJson, renderTable, wantsJson } from '../output.ts';

/** safer check: the command's options are in ../program.ts. */
export async function run(flags: { json?: boolean }, db: string | undefined): Promise<void> {
  const path = resolveDbPath(db);
  if (!existsSync(path))
    throw new SaferError('No store here', { file: path, hint: 'Point --db or SAFER_DB at your store.' });
  const { checkStore } = await import('../../store/check.ts');
  let store: Store;
  try {
    store = await openStoreWaiting(path, { readOnly: true, onWait: (m) => process.stderr.write(`${m}\n`) });
  } catch (error) {
    // the store held by a server or another command: that message says who and what to do
    if (error instanceof SaferError) throw error;
    const message = (error as Error).message.split('\n')[0]!;
    throw new SaferError(`The store cannot be opened: ${message}`, {
      file: path,
      hint: 'The file is damaged where DuckDB starts reading it: restore the store from its latest backup (then re-import what came after it), or rebuild it by importing every file again.',
      code: 'E_STORE',
    });
  }
  try {
    const report = await checkStore(store);
    if (wantsJson(flags.json)) printJson(report);
    else process.stdout.write(formatCheck(report));
    if (!report.ok) process.exitCode = 1;
  } finally {
    store.close();
  }
}

export function formatCheck(r: StoreCheck): string {
  const out: string[] = [];
  const size = r.databaseSize
    ? ` (${String(r.databaseSize['database_size'] ?? '?')}, ${String(r.databaseSize['used_blocks'] ?? '?')} blocks in use)`
    : '';
  out.push(`${pc.bold('Store')} ${r.store}${size}`);
  out.push(
    renderTable(
      ['table', 'rows', 'read to the end'],
      r.tables.map((t) => [t.name, t.rows, t.error === null ? pc.green('yes') : pc.red(`no: ${t.error}`)]),
    ),
  );
  out.push(
    `${r.imports.checked.toLocaleString('en-GB')} imports compared with the rows they recorded: ${r.imports.mismatched.length === 0 ? pc.green('all agree') : pc.red(`${r.imports.mismatched.length} disagree`)}`,
  );
  if (r.ok) {
    out.push(pc.green('✓ the store is sound'));
  } else {
    out.push('', pc.bold(pc.red(`${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}`)));
    for (const p of r.problems) out.push(`${pc.red('✗')} ${p.what}`, `  → ${p.action}`);
  }
  return `${out.join('\n')}\n`;
}
