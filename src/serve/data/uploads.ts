import { existsSync, mkdtempSync, openSync, readSync, closeSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { SaferError } from '../../core/errors.ts';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { importPaths, previewImport, type BatchChange } from '../../ingest/import.ts';
import type { ImportKind, ImportOptions, ImportResult } from '../../ingest/types.ts';
import { mayUploadTo, type Principal } from '../auth/roles.ts';
import type { DataService } from './service.ts';
import { createdSources } from './sources.ts';
import { undoneImports } from '../../store/vintages.ts';
import { mismatchedHeader } from './detect.ts';

/**
 * Where a browser upload may go: a source the store already holds (its first file is loaded from
 * the command line, with its mapping), so that the kind, the source name and the mapping are the
 * server's, never the request's. A partner may upload only to the sources on its account.
 */
export interface UploadTarget {
  /** `<kind>:<source>`: what the form posts */
  id: string;
  kind: ImportKind;
  source: string;
  label: string;
  /** the mapping of the last import (record extracts) */
  mapping: string | null;
  files: number;
  lastImport: string | null;
  restricted: boolean;
  extensions: string[];
  /** a police.uk download: the kind of each file (street, outcomes, stop and search) is detected */
  auto?: boolean;
}

/** A police.uk download (its zip, or its files) in one upload: each file's kind is detected. */
export const POLICE_UK_KINDS: readonly ImportKind[] = [
  'police-uk-street',
  'police-uk-outcomes',
  'police-uk-stop-search',
];
export const POLICE_UK_TARGET = 'police-uk:download';

const EXTENSIONS: Record<ImportKind, string[]> = {
  'police-uk-street': ['.csv', '.csv.gz', '.zip'],
  'police-uk-outcomes': ['.csv', '.csv.gz', '.zip'],
  'police-uk-stop-search': ['.csv', '.csv.gz', '.zip'],
  'ons-lookup': ['.csv', '.zip'],
  population: ['.csv', '.xlsx'],
  boundaries: ['.geojson', '.topojson', '.json'],
  records: ['.csv', '.csv.gz', '.xlsx'],
  indicators: ['.csv', '.xlsx'],
  comparator: ['.csv', '.xlsx'],
  'peer-groups': ['.csv', '.xlsx'],
};

export const KIND_LABELS: Record<ImportKind, string> = {
  'police-uk-street': 'police.uk street crimes',
  'police-uk-outcomes': 'police.uk outcomes',
  'police-uk-stop-search': 'police.uk stop and search',
  'ons-lookup': 'ONS geography lookup',
  population: 'population estimates',
  boundaries: 'boundaries',
  records: 'record-level extract',
  indicators: 'partner indicators (aggregate return)',
  comparator: 'comparator counts',
  'peer-groups': 'peer groups',
};

/** Kinds whose source name is given to the importer (aggregate returns); record sources come from their mapping. */
const SOURCE_OPTION: ReadonlySet<ImportKind> = new Set(['indicators', 'comparator', 'peer-groups']);

type SourceRow = {
  kind: string;
  source: string;
  files: number;
  last: string | null;
  restricted: boolean;
  mapping: string | null;
};

export async function uploadTargets(service: DataService): Promise<UploadTarget[]> {
  return service.memoise('upload-targets', async () => {
    const rows = await service.withStore((store) =>
      store.all<SourceRow>(`
        SELECT kind, source, count(*) AS files, strftime(max(finished_at), '%Y-%m-%d %H:%M') AS last, bool_or(restricted) AS restricted,
               arg_max(json_extract_string(details, '$.mapping'), import_id) AS mapping
        FROM imports WHERE finished_at IS NOT NULL GROUP BY kind, source ORDER BY source, kind`),
    );
    const order: ImportKind[] = [
      'records',
      'indicators',
      'comparator',
      'peer-groups',
      'police-uk-street',
      'police-uk-outcomes',
      'police-uk-stop-search',
      'population',
      'ons-lookup',
      'boundaries',
    ];
    rows.sort(
      (a, b) =>
        order.indexOf(a.kind as ImportKind) - order.indexOf(b.kind as ImportKind) || a.source.localeCompare(b.source),
    );
    const known = rows.flatMap((r): UploadTarget[] => {
      const kind = r.kind as ImportKind;
      if (!(kind in EXTENSIONS)) return [];
      // a record source can take more files only while its mapping is where it was
      if (kind === 'records' && (!r.mapping || !existsSync(r.mapping))) return [];
      return [
        {
          id: `${kind}:${r.source}`,
          kind,
          source: r.source,
          label: `${r.source} (${KIND_LABELS[kind]})`,
          mapping: kind === 'records' ? r.mapping : null,
          files: r.files,
          lastImport: r.last,
          restricted: r.restricted,
          extensions: EXTENSIONS[kind],
        },
      ];
    });
    return [...known, ...browserMadeTargets(service, known), policeUkDownload(rows)];
  });
}

/** Sources made in the browser that have no import yet (once imported, the history lists them). */
function browserMadeTargets(service: DataService, known: readonly UploadTarget[]): UploadTarget[] {
  return createdSources(service.store.path)
    .filter((c) => !known.some((t) => t.source === c.source))
    .map((c) => ({
      id: `records:${c.source}`,
      kind: 'records' as const,
      source: c.source,
      label: `${c.source} (${KIND_LABELS.records}, new)`,
      mapping: c.mapping,
      files: 0,
      lastImport: null,
      restricted: false,
      extensions: EXTENSIONS.records,
    }));
}

function policeUkDownload(rows: readonly SourceRow[]): UploadTarget {
  const police = rows.filter((r) => (POLICE_UK_KINDS as readonly string[]).includes(r.kind));
  return {
    id: POLICE_UK_TARGET,
    kind: 'police-uk-street',
    source: 'police-uk',
    label: 'police.uk download (zip or files: street, outcomes, stop and search)',
    mapping: null,
    files: police.reduce((s, r) => s + Number(r.files), 0),
    lastImport: police
      .map((r) => r.last)
      .reduce<string | null>((a, b) => (b !== null && (a === null || b > a) ? b : a), null),
    restricted: false,
    extensions: ['.zip', '.csv', '.csv.gz'],
    auto: true,
  };
}

export function targetsFor(user: Principal, targets: readonly UploadTarget[]): UploadTarget[] {
  return targets.filter((t) => mayUploadTo(user, t.source) && (user.cleared || !t.restricted));
}

/** A file name reduced to letters, digits, dot, dash and underscore (no folders, no leading dot). */
export function safeFileName(name: string): string {
  const base = basename(name.replaceAll('\\', '/'));
  const cleaned = base
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(-120);
  return cleaned || 'upload';
}

function extensionOf(name: string, allowed: readonly string[]): string | null {
  const lower = name.toLowerCase();
  return [...allowed].sort((a, b) => b.length - a.length).find((e) => lower.endsWith(e)) ?? null;
}

/** Temporary folders Safer makes: `safer-upload-<pid>-XXXXXX` (uploads), `safer-zip-<pid>-XXXXXX` (zip members). */
const TEMP_FOLDER = /^safer-(upload|zip)-(?:(\d+)-)?[A-Za-z0-9]{6}$/;

/** A private folder for one upload, named with this process's id; the caller removes it. */
export function uploadFolder(): string {
  return mkdtempSync(join(tmpdir(), `safer-upload-${process.pid}-`));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what uploads and zip extraction left in the temporary folder when a server or an import
 * was killed mid-way: only Safer's own folders (`safer-upload-*`, `safer-zip-*`), owned by this
 * user, last changed before `before` (the server's start), and, when the name carries the process
 * id that made it, only if that process is gone (another server or a `safer import` running now
 * keeps its folder). Returns the folders removed.
 */
export function sweepStaleUploads(before: Date, dir: string = tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  for (const name of names) {
    const m = TEMP_FOLDER.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    try {
      const info = statSync(path);
      if (!info.isDirectory() || (uid !== null && info.uid !== uid) || info.mtimeMs >= before.getTime()) continue;
      const pid = m[2] === undefined ? null : Number(m[2]);
      if (pid !== null && pid !== process.pid && processAlive(pid)) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // gone already, or not ours to read: leave it
    }
  }
  return removed;
}

export interface UploadedFile {
  /** the name the browser gave, in its safe form */
  fileName: string;
  /** the saved file, inside the upload's folder from uploadFolder() */
  path: string;
  bytes: number;
}

export interface UploadInput {
  target: string;
  /** one or more files (a police.uk download: its zip, or its street, outcomes and stop-and-search files) */
  files: UploadedFile[];
  restricted?: boolean;
  /** confirms a replacement that leaves a month with fewer than 90% of its rows (form field confirm=1) */
  confirm?: boolean;
}

/** At most this many files in one upload (a zip counts as one here; its members are bounded by SAFER_ZIP_MAX_ENTRIES). */
export const MAX_FILES_PER_UPLOAD = 50;

function head(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(n);
    const read = readSync(fd, buffer, 0, n, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** Checks before the import runs: an allowed extension and contents that look like the format. */
export function checkUpload(name: string, path: string, bytes: number, target: UploadTarget): void {
  const ext = extensionOf(name, target.extensions);
  if (!ext)
    throw new SaferError(`this source takes ${target.extensions.join(', ')} files`, {
      file: name,
      hint: 'save the file in one of these formats and upload it again',
      code: 'E_UPLOAD_TYPE',
    });
  if (bytes === 0)
    throw new SaferError('the file is empty', {
      file: name,
      hint: 'check that the export finished before uploading',
      code: 'E_UPLOAD_EMPTY',
    });
  const start = head(path, 8192);
  const zipLike = ext === '.xlsx' || ext === '.zip';
  if (zipLike && !(start[0] === 0x50 && start[1] === 0x4b))
    throw new SaferError(`not a ${ext} file (it does not start as one)`, {
      file: name,
      hint: 'export the file again in that format',
      code: 'E_UPLOAD_FORMAT',
    });
  if (ext.endsWith('.gz') && !(start[0] === 0x1f && start[1] === 0x8b))
    throw new SaferError('not a gzip file', {
      file: name,
      hint: 'upload the .csv itself, or compress it with gzip',
      code: 'E_UPLOAD_FORMAT',
    });
  if (!zipLike && !ext.endsWith('.gz')) {
    const nul = start.indexOf(0);
    if (nul >= 0) {
      const line = start.subarray(0, nul).toString('utf8').split('\n').length;
      throw new SaferError('binary data in a text file', {
        file: name,
        line,
        hint: 'this looks like a spreadsheet or other binary file: save it as CSV (UTF-8)',
        code: 'E_UPLOAD_FORMAT',
      });
    }
    if (/\.(geo|topo)?json$/.test(ext) && !/^\s*[[{]/.test(start.toString('utf8').replace(/^\uFEFF/, ''))) {
      throw new SaferError('not a JSON file', {
        file: name,
        line: 1,
        column: 1,
        hint: 'GeoJSON starts with {',
        code: 'E_UPLOAD_FORMAT',
      });
    }
  }
}

/**
 * The pipeline's advice is written for the command line (a mapping file to edit, a flag to add);
 * a browser user gets it in their own terms: the source's settings, which an analyst changes.
 */
export function plainWords(text: string): string {
  const yaml = String.raw`[^\s,;()]+\.ya?ml`;
  return text
    .replace(
      new RegExp(String.raw`\bset (\w+) in ${yaml}`, 'g'),
      (_, k: string) => `ask an analyst to change the source's ${k.replaceAll('_', ' ')} setting`,
    )
    .replace(
      new RegExp(String.raw`\b(\w+) is set in ${yaml}`, 'g'),
      (_, k: string) => `an analyst can change the source's ${k.replaceAll('_', ' ')} setting`,
    )
    .replace(
      new RegExp(String.raw`\bwith (\w+): ([^.]*?) in ${yaml}`, 'g'),
      (_, k: string, v: string) => `by asking an analyst to set the source's ${k.replaceAll('_', ' ')} to ${v}`,
    )
    .replace(new RegExp(String.raw`The mapping \(${yaml}\) names:`, 'g'), 'The source expects the columns:')
    .replace(
      new RegExp(String.raw`\bFix ([\w.() -]+) in ${yaml}`, 'g'),
      "Export the file with the columns the source expects, or ask an analyst to change the source's settings",
    )
    .replace(new RegExp(String.raw`\b(in|see) ${yaml}`, 'g'), "in the source's settings (an analyst can change them)")
    .replace(
      /confirm the replacement: safer import … --replace \([^)]*\)/,
      'import it after checking the months it replaces in the preview (through the API: the form field confirm=1)',
    )
    .replace(/,? ?(or )?(give|name) (another|the kind with) --kind[^.]*/gi, '')
    .replace(/\s*\(?See docs\/[\w.-]+\.md[^.)]*\)?\.?/g, '')
    .replace(/\bdate_format\b/g, 'date format');
}

/** Paths of the server in an error (the upload's folder, the mapping) become the names the user knows. */
function userFacing(error: SaferError, replacements: [string, string][]): SaferError {
  const fix = (s: string | undefined) => {
    if (s === undefined) return undefined;
    let out = s;
    for (const [from, to] of replacements) out = out.replaceAll(from, to);
    return plainWords(out.replace(/\s*\(Or re-run with --skip-bad-rows[^)]*\)\.?/, ''));
  };
  const { file, line, column, value } = error.location;
  const fixed = new SaferError(fix(error.message)!, {
    ...(file !== undefined ? { file: fix(file) } : {}),
    ...(line !== undefined ? { line } : {}),
    ...(column !== undefined ? { column } : {}),
    ...(value !== undefined ? { value } : {}),
    ...(error.hint !== undefined ? { hint: fix(error.hint) } : {}),
    code: error.code === 'E_INPUT' ? 'E_IMPORT' : error.code,
  });
  return fixed;
}

export interface UploadOutcome {
  target: UploadTarget;
  /** the files' names as uploaded, joined for messages */
  fileName: string;
  results: ImportResult[];
}

/**
 * What importing and previewing an upload share: the source the user may upload to, the files'
 * safe names, the checks (count, size, type, restriction, wrong source), the import options and
 * the server paths to replace by names in messages.
 */
async function prepareUpload(service: DataService, user: Principal, input: UploadInput) {
  const target = targetsFor(user, await uploadTargets(service)).find((t) => t.id === input.target);
  if (!target) {
    throw new SaferError('you may not upload to this source', {
      value: input.target,
      hint: 'choose one of the sources listed on the Data page; an administrator can add sources to your account',
      code: 'E_FORBIDDEN',
    });
  }
  const files = input.files.map((f) => ({ ...f, fileName: safeFileName(f.fileName) }));
  const fileName = files.map((f) => f.fileName).join(', ');
  if (files.length === 0)
    throw new SaferError('no file was sent', { code: 'E_VALIDATION', hint: 'choose a file to upload' });
  if (files.length > 1 && !target.auto)
    throw new SaferError('this source takes one file at a time', {
      file: fileName,
      hint: 'upload the files one after the other; several files at once go to "police.uk download"',
      code: 'E_VALIDATION',
    });
  if (files.length > MAX_FILES_PER_UPLOAD)
    throw new SaferError(`at most ${MAX_FILES_PER_UPLOAD} files in one upload`, {
      value: String(files.length),
      hint: 'upload the zip of the police.uk download instead, or the files in smaller groups',
      code: 'E_VALIDATION',
    });
  if (input.restricted && !user.cleared) {
    throw new SaferError('only an account cleared for restricted data may mark an upload restricted', {
      file: fileName,
      value: 'restricted',
      hint: 'upload it without "restricted", or ask an administrator to clear your account (or to upload it)',
      code: 'E_FORBIDDEN',
    });
  }
  const replacements: [string, string][] = [];
  for (const f of files) {
    replacements.push([f.path, f.fileName]);
    checkUpload(f.fileName, f.path, f.bytes, target);
  }
  if (target.mapping) replacements.push([target.mapping, basename(target.mapping)]);
  const all = await uploadTargets(service);
  for (const f of files) {
    await wrongSource(service, target, f.fileName, f.path);
    await mismatchedHeader(target, all, f.fileName, f.path, targetsFor(user, all));
  }
  const options: ImportOptions = target.auto ? { kinds: POLICE_UK_KINDS } : { kind: target.kind };
  if (target.mapping) options.mapping = target.mapping;
  if (SOURCE_OPTION.has(target.kind)) options.source = target.source;
  if (input.restricted && user.cleared) options.restricted = true;
  return { target, files, fileName, options, replacements };
}

/** The result of a file as the user knows it: its uploaded name (a zip member as `name.zip!member`), notes without server paths. */
function shownResults(results: readonly ImportResult[], replacements: [string, string][]): ImportResult[] {
  const shown = (text: string) => replacements.reduce((s, [from, to]) => s.replaceAll(from, to), text);
  return results.map((r) => ({ ...r, file: shown(r.file), notes: r.notes.map(shown) }));
}

/**
 * Imports the uploaded files into their source through the import pipeline, all in one
 * transaction (all or nothing), as `user`. Errors name the file as uploaded, with the line and
 * column the pipeline found.
 */
export async function importUpload(service: DataService, user: Principal, input: UploadInput): Promise<UploadOutcome> {
  const { target, files, fileName, options, replacements } = await prepareUpload(service, user, input);
  if (input.confirm) options.replace = true;
  try {
    const results = await service.withStore(async (store) => {
      const out = await importPaths(
        store,
        files.map((f) => f.path),
        options,
      );
      // provenance shows the name as uploaded, not the server's temporary path
      for (const r of shownResults(out, replacements)) {
        if (r.importId !== null && r.status === 'loaded')
          await store.run({
            sql: 'UPDATE imports SET file = ? WHERE import_id = ?',
            params: [`${r.file} (uploaded by ${user.name})`, r.importId],
          });
      }
      return out;
    });
    if (results.some((r) => r.status === 'loaded')) service.invalidate();
    return { target, fileName, results: shownResults(results, replacements) };
  } catch (error) {
    if (error instanceof SaferError) throw userFacing(error, replacements);
    throw error;
  }
}

export interface UploadPreview extends UploadOutcome {
  changes: BatchChange[];
}

/**
 * The same file already loaded under another source: "this looks like a fire file, not police".
 * (Loaded under the same source it is simply unchanged, which the preview says.)
 */
async function wrongSource(service: DataService, target: UploadTarget, fileName: string, path: string): Promise<void> {
  const sum = createHash('sha256').update(readFileSync(path)).digest('hex');
  const kinds = target.auto ? POLICE_UK_KINDS : [target.kind];
  const found = await service.withStore(async (store) => {
    const undone = await undoneImports(store);
    const rows = await store.all<{ id: number; kind: string; source: string }>({
      sql: `SELECT import_id AS id, kind, source FROM imports WHERE checksum = ? AND finished_at IS NOT NULL AND NOT (kind IN (${kinds.map(() => '?').join(', ')}) AND source = ?) ORDER BY import_id DESC`,
      params: [sum, ...kinds, target.source],
    });
    // an undone import no longer holds the file
    return rows.filter((r) => !undone.has(Number(r.id)));
  });
  const other = found[0];
  if (!other) return;
  const kind = KIND_LABELS[other.kind as ImportKind] ?? other.kind;
  throw new SaferError(
    `this looks like a file of ${other.source} (${kind}), not of ${target.source}: the same file is already loaded there`,
    {
      file: fileName,
      value: target.source,
      hint: `choose the source ${other.source} if that is where it belongs (it is already loaded, so nothing would change), or check that you picked the right file for ${target.source}`,
      code: 'E_WRONG_SOURCE',
    },
  );
}

/**
 * What importing an upload would do, nothing kept: for each file its kind, rows read and loaded;
 * each month or period it adds or replaces with its rows before and after (and the districts of
 * record rows), and which file's import writes it.
 */
export async function previewUpload(service: DataService, user: Principal, input: UploadInput): Promise<UploadPreview> {
  const { target, fileName, files, options, replacements } = await prepareUpload(service, user, input);
  try {
    const { results, changes } = await service.withStore((store) =>
      previewImport(
        store,
        files.map((f) => f.path),
        options,
      ),
    );
    return { target, fileName, results: shownResults(results, replacements), changes };
  } catch (error) {
    if (error instanceof SaferError) throw userFacing(error, replacements);
    throw error;
  }
}

/** Removes an upload's folder (always, whatever the outcome). */
export function removeUpload(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
}
