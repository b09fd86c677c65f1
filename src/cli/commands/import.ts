import pc from 'picocolors';
import { SaferError } from '../../core/errors.ts';
import { importPaths } from '../../ingest/import.ts';
import { IMPORT_KINDS, type ImportKind, type ImportOptions, type ImportResult } from '../../ingest/types.ts';
import { resolve } from 'node:path';
import { resolveDbPath } from '../../store/db.ts';
import { callServer, onStoreOrServer } from '../server-client.ts';
import { printJson, renderTable, wantsJson } from '../output.ts';
import { terminalProgress } from '../progress.ts';

export interface ImportFlags {
  kind?: string;
  skipBadRows?: boolean;
  rejects?: string;
  mapping?: string;
  columns?: string;
  year?: string;
  period?: string;
  source?: string;
  restricted?: boolean;
  replace?: boolean;
  json?: boolean;
}

/** safer import PATH…: the command's options are in ../program.ts. */
export async function run(paths: string[], flags: ImportFlags, db: string | undefined): Promise<void> {
  const options = toOptions(flags);
  const dbPath = resolveDbPath(db);
  const started = Date.now();
  const { results, server } = await onStoreOrServer<{
    results: ImportResult[];
    server: { pid: number; url: string } | null;
  }>(
    dbPath,
    {},
    // one writer: the server imports it, queued behind its other work
    async (owner) => ({
      ...(await callServer<{ results: ImportResult[] }>(owner, 'POST', '/api/local/import', {
        paths: paths.map((p) => resolve(p)),
        options,
      })),
      server: { pid: owner.pid, url: owner.url },
    }),
    async (store) => ({
      results: await importPaths(store, paths, { ...options, progress: terminalProgress() }),
      server: null,
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  if (wantsJson(flags.json)) printJson({ store: dbPath, seconds, ...(server ? { server } : {}), results });
  else printReport(results, seconds);
}

function toOptions(flags: ImportFlags): ImportOptions {
  const options: ImportOptions = {};
  if (flags.kind !== undefined) {
    if (!(IMPORT_KINDS as readonly string[]).includes(flags.kind)) {
      throw new SaferError(`Unknown kind "${flags.kind}"`, { hint: `Use one of: ${IMPORT_KINDS.join(', ')}` });
    }
    options.kind = flags.kind as ImportKind;
  }
  if (flags.skipBadRows) options.skipBadRows = true;
  if (flags.rejects) options.rejectsDir = flags.rejects;
  if (flags.mapping) options.mapping = flags.mapping;
  if (flags.columns) options.columns = flags.columns.split(',').map((c) => c.trim());
  if (flags.year !== undefined) {
    const year = Number(flags.year);
    if (!Number.isInteger(year) || year < 1900 || year > 2100) {
      throw new SaferError('--year must be a four-digit year', { value: flags.year, hint: 'e.g. --year 2019' });
    }
    options.year = year;
  }
  if (flags.period) options.period = flags.period;
  if (flags.source) options.source = flags.source;
  if (flags.restricted) options.restricted = true;
  if (flags.replace) options.replace = true;
  return options;
}

function printReport(results: ImportResult[], seconds: number): void {
  const rows = results.map((r) => [
    r.file.length > 48 ? `…${r.file.slice(-47)}` : r.file,
    r.kind,
    r.status === 'unchanged' ? pc.dim('unchanged') : pc.green('loaded'),
    r.rowsRead,
    r.rowsLoaded,
    r.rowsRejected,
    r.rowsReplaced,
    r.duplicatesDropped,
    r.rowsWithoutLocation,
  ]);
  process.stdout.write(
    `${renderTable(
      ['file', 'kind', 'status', 'read', 'loaded', 'rejected', 'replaced', 'duplicates', 'no location'],
      rows,
      ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'],
    )}\n`,
  );
  const notes = results.flatMap((r) => r.notes.map((n) => `${r.file}: ${n}`));
  const shown = dedupeNotes(notes);
  for (const note of shown) process.stdout.write(`  ${pc.dim('•')} ${note}\n`);
  for (const r of results) if (r.rejectsFile) process.stdout.write(`  ${pc.yellow('rejects')} ${r.rejectsFile}\n`);
  const loaded = results.reduce((s, r) => s + r.rowsLoaded, 0);
  process.stdout.write(
    `${results.length} file(s), ${loaded.toLocaleString('en-GB')} rows loaded in ${seconds.toFixed(1)} s\n`,
  );
}

/** Many files repeat the same note; show each distinct note once with how many files said it. */
function dedupeNotes(notes: string[]): string[] {
  if (notes.length <= 20) return notes;
  const counts = new Map<string, number>();
  for (const n of notes) {
    const key = n.replace(/^[^:]*: /, '').replace(/\d+/g, 'N');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k} (${n} files)`);
}
