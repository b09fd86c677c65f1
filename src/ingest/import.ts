import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SaferError } from '../core/errors.ts';
import type { Store } from '../store/db.ts';
import { silentProgress } from '../core/progress.ts';
import { archiveLimits, checksum, expandPaths, verifyGzip, type FileProbe } from './files.ts';
import { importers } from './registry.ts';
import {
  emptyResult,
  type ImportContext,
  type ImportKind,
  type ImportOptions,
  type ImportResult,
  type Importer,
  type RejectedRow,
} from './types.ts';
import { csvCell } from '../core/csv.ts';
import { tempName } from './lifecycle/temp-names.ts';
import { settleRetired } from '../store/vintages.ts';
import { refreshLookup, settleDerived } from '../store/resolve.ts';

/**
 * Imports files, folders and zip archives into the store.
 * The whole call is one transaction: if any file fails, nothing from the call is kept.
 */
export async function importPaths(
  store: Store,
  paths: readonly string[],
  options: ImportOptions = {},
): Promise<ImportResult[]> {
  return importFiles(store, paths, options, null);
}

/** A month or period of a source as the import would leave it: rows before and after, per district for events. */
export interface BatchChange {
  table: string;
  batch: string;
  before: number;
  after: number;
  /** districts the batch's new rows fall in, with their rows (events only) */
  districts?: { district: string | null; rows: number }[];
  /** the imports of this call that wrote rows into the batch (which file changes which month) */
  importIds?: number[];
}

export interface ImportPreview {
  results: ImportResult[];
  changes: BatchChange[];
}

/** Rolls the preview's transaction back once its figures are read. */
class PreviewDone extends Error {}

/**
 * What importing would do, without keeping anything: the same pipeline and checks (bad rows fail
 * it as they would fail the import) inside a transaction that is rolled back, reporting every
 * batch (month or period) whose rows would change. The replacement guard does not refuse a
 * preview: the changes show the shrinking month, and the import itself still asks for `replace`.
 */
export async function previewImport(
  store: Store,
  paths: readonly string[],
  options: ImportOptions = {},
): Promise<ImportPreview> {
  let changes: BatchChange[] = [];
  const results = await importFiles(store, paths, options, (found) => {
    changes = found;
  });
  return { results, changes };
}

/** One call: its files with their checksums, the gzip proof still running, and the results so far. */
interface ImportCall {
  store: Store;
  options: ImportOptions;
  groups: Map<Importer, FileProbe[]>;
  sums: Map<FileProbe, string>;
  /** Resolves to the first damaged gzip's error, or null once every file is proved whole. */
  verifyFailure: Promise<unknown>;
  results: ImportResult[];
}

async function importFiles(
  store: Store,
  paths: readonly string[],
  options: ImportOptions,
  preview: ((changes: BatchChange[]) => void) | null,
): Promise<ImportResult[]> {
  const { files, cleanup } = await expandPaths(paths, options.archiveLimits ?? archiveLimits());
  try {
    if (files.length === 0) {
      throw new SaferError('No data files found', {
        file: paths.join(', '),
        hint: 'Give CSV, CSV.GZ, XLSX, GeoJSON, TopoJSON or ZIP files, or folders holding them.',
      });
    }
    const sums = new Map<FileProbe, string>();
    for (const file of files) sums.set(file, await checksum(file));
    // Gzip integrity is proved while the load runs; the commit waits for it.
    const verified = Promise.all(files.map((f) => verifyGzip(f)));
    // A truncated gzip often shows first as a malformed last row; the damaged file is the real cause.
    const verifyFailure = verified.then(
      () => null,
      (error: unknown) => error,
    );
    const call: ImportCall = { store, options, groups: groupByKind(files, options), sums, verifyFailure, results: [] };
    try {
      await store.transaction(() => runCall(call, preview));
    } catch (error) {
      if (!(error instanceof PreviewDone)) throw error;
    }
    return call.results;
  } finally {
    cleanup();
  }
}

/**
 * The call's lifecycle, inside its one transaction: every batch loaded (each importer stages,
 * checks, settles duplicates, replaces batches, inserts and records its files), then areas
 * resolved and counts refreshed for what it touched, replaced rows kept as vintages, and the
 * replacement guard. Nothing is committed before the end, so a failure or a kill keeps nothing.
 */
async function runCall(call: ImportCall, preview: ((changes: BatchChange[]) => void) | null): Promise<void> {
  const { store, options, results } = call;
  const guard = await snapshotBatches(store);
  const lastIdBefore = await lastImportId(store);
  try {
    await loadGroups(call);
  } catch (error) {
    throw (await call.verifyFailure) ?? error;
  }
  await store.withMemoryLimit(() => settleImport(call, lastIdBefore));
  const failure = await call.verifyFailure;
  if (failure) throw failure;
  // the rows this call replaced are kept as the previous vintage (undoable)
  await settleRetired(store, lastIdBefore);
  if (preview) {
    preview(await guard.changes(results.map((r) => r.importId).filter((id): id is number => id !== null)));
    throw new PreviewDone();
  }
  await guard.check(options.replace === true);
}

/** Areas resolved and event counts rebuilt for what the call wrote, in its transaction. */
async function settleImport(call: ImportCall, lastIdBefore: number): Promise<void> {
  const loaded = (table: string) =>
    call.results.some(
      (r) => r.status === 'loaded' && importers.some((i) => i.kind === r.kind && i.tables.includes(table)),
    );
  const geographyChanged = loaded('area_parents') || loaded('area_crosswalks');
  if (!geographyChanged && !loaded('events')) return;
  const touched = await call.store.all<{ batch: string }>({
    sql: 'SELECT DISTINCT batch FROM events WHERE import_id > ?',
    params: [lastIdBefore],
  });
  await settleDerived(call.store, { geographyChanged, touched: touched.map((t) => t.batch), after: lastIdBefore });
}

async function loadGroups(call: ImportCall): Promise<void> {
  const { store, options, sums, results } = call;
  const ctx = makeContext(store, options, options.progress ?? silentProgress);
  for (const [importer, group] of call.groups) {
    const fresh: FileProbe[] = [];
    for (const file of group) {
      const previous = await currentImportOf(store, importer, sums.get(file)!);
      if (previous === null) fresh.push(file);
      else results.push(unchangedResult(file, importer.kind, previous));
    }
    // bounded batches, all in the call's one transaction: memory follows the batch, not the call
    const load = async () => {
      for (const batch of importBatches(fresh)) {
        results.push(...(await importer.load(ctx, batch, sums)));
        await options.afterBatch?.(batch.map((f) => f.displayName));
      }
    };
    // street files are the bulk of a store; partner extracts and spreadsheets are staged by
    // readers that reserve large buffers up front, which a ceiling would refuse
    if (importer.kind === 'police-uk-street') await store.withMemoryLimit(load);
    else await load();
    // later files of the call (street rows resolved as they are inserted) see the new lookup
    if (fresh.length > 0 && importer.tables.includes('area_parents')) await refreshLookup(store);
  }
}

/** Uncompressed bytes per import batch (SAFER_IMPORT_BATCH_MB, default 256). */
function batchBytes(): number {
  const mb = Number(process.env.SAFER_IMPORT_BATCH_MB ?? 256);
  return (Number.isFinite(mb) && mb > 0 ? mb : 256) * 2 ** 20;
}

/** A gzip file's text is taken as eight times its size (data.police.uk CSVs compress about 8:1). */
const GZIP_RATIO = 8;

/**
 * Files in batches of at most batchBytes() of text (a larger file is a batch of its own), in the
 * order given, so that the rows one statement reads, checks and de-duplicates stay bounded
 * however many files one call imports.
 */
export function importBatches(files: readonly FileProbe[], limit = batchBytes()): FileProbe[][] {
  const out: FileProbe[][] = [];
  let current: FileProbe[] = [];
  let size = 0;
  for (const file of files) {
    const bytes = file.bytes * (file.gzip ? GZIP_RATIO : 1);
    if (current.length > 0 && size + bytes > limit) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(file);
    size += bytes;
  }
  if (current.length > 0) out.push(current);
  return out;
}

async function lastImportId(store: Store): Promise<number> {
  const row = await store.one<{ id: number | null }>('SELECT max(import_id) AS id FROM imports');
  return row?.id ?? 0;
}

/** A replacement leaving a month or period with less than this share of its rows needs `replace`. */
export const REPLACE_GUARD = 0.9;

/** Tables whose batches are months or periods of a source (the slices a newer file replaces). */
const GUARDED_TABLES = ['events', 'police_outcomes', 'stop_searches', 'indicators', 'comparator_counts'] as const;

export interface ShrunkBatch {
  table: string;
  batch: string;
  before: number;
  after: number;
}

/**
 * Rows per batch before the import (inside its transaction), then, before it commits, every
 * batch the import wrote or emptied compared with what it held: a month that would keep fewer
 * than 90% of its rows is refused unless the replacement is confirmed. A partial export or the
 * wrong month are the usual causes, and the old rows cannot be had back once committed.
 */
async function snapshotBatches(store: Store): Promise<{
  check: (confirmed: boolean) => Promise<void>;
  changes: (importIds: readonly number[]) => Promise<BatchChange[]>;
}> {
  const stamp = tempName('before');
  for (const t of GUARDED_TABLES) {
    await store.run(
      `CREATE OR REPLACE TEMP TABLE _before_${t}_${stamp} AS SELECT batch, count(*) AS n FROM ${t} GROUP BY batch`,
    );
  }
  return {
    async check(confirmed) {
      const shrunk: ShrunkBatch[] = [];
      try {
        for (const t of GUARDED_TABLES) {
          // a batch the import did not touch holds what it held
          const rows = await store.all<{ batch: string; before: number; after: number }>(
            `WITH now AS (SELECT batch, count(*) AS n FROM ${t} GROUP BY batch)
             SELECT b.batch, b.n AS before, coalesce(now.n, 0) AS after
             FROM _before_${t}_${stamp} b LEFT JOIN now USING (batch)
             WHERE coalesce(now.n, 0) < b.n * ${REPLACE_GUARD}
             ORDER BY b.batch`,
          );
          for (const r of rows) shrunk.push({ table: t, ...r });
        }
      } finally {
        for (const t of GUARDED_TABLES) await store.run(`DROP TABLE IF EXISTS temp._before_${t}_${stamp}`);
      }
      if (shrunk.length === 0 || confirmed) return;
      throw replacementError(shrunk);
    },
    async changes(importIds) {
      const out: BatchChange[] = [];
      // import ids are the pipeline's own integers (never from a file or a request)
      const ids = importIds.length > 0 ? importIds.map((id) => String(Math.trunc(id))).join(',') : 'NULL';
      try {
        for (const t of GUARDED_TABLES) {
          const rows = await store.all<{ batch: string; before: number; after: number }>(
            `WITH now AS (SELECT batch, count(*) AS n FROM ${t} GROUP BY batch)
             SELECT coalesce(b.batch, now.batch) AS batch, coalesce(b.n, 0) AS before, coalesce(now.n, 0) AS after
             FROM _before_${t}_${stamp} b FULL OUTER JOIN now USING (batch)
             WHERE coalesce(b.n, 0) <> coalesce(now.n, 0) OR coalesce(b.batch, now.batch) IN (SELECT DISTINCT batch FROM ${t} WHERE import_id IN (${ids}))
             ORDER BY 1`,
          );
          for (const r of rows) out.push({ table: t, ...r });
        }
        await attachImportIds(store, out, ids);
        const byDistrict = await store.all<{ batch: string; district: string | null; n: number }>(
          `SELECT batch, coalesce(district_code, district) AS district, count(*) AS n FROM events WHERE import_id IN (${ids}) GROUP BY ALL ORDER BY batch, n DESC`,
        );
        for (const c of out) {
          if (c.table !== 'events') continue;
          c.districts = byDistrict.filter((d) => d.batch === c.batch).map((d) => ({ district: d.district, rows: d.n }));
        }
      } finally {
        for (const t of GUARDED_TABLES) await store.run(`DROP TABLE IF EXISTS temp._before_${t}_${stamp}`);
      }
      return out;
    },
  };
}

/** Which of the call's imports wrote each changed batch (import ids are the pipeline's own integers). */
async function attachImportIds(store: Store, changes: BatchChange[], ids: string): Promise<void> {
  for (const t of GUARDED_TABLES) {
    if (!changes.some((c) => c.table === t)) continue;
    const rows = await store.all<{ batch: string; ids: number[] }>(
      `SELECT batch, list(DISTINCT import_id ORDER BY import_id) AS ids FROM ${t} WHERE import_id IN (${ids}) GROUP BY batch`,
    );
    const byBatch = new Map(rows.map((r) => [r.batch, r.ids.map(Number)]));
    for (const c of changes) if (c.table === t) c.importIds = byBatch.get(c.batch) ?? [];
  }
}

function replacementError(shrunk: readonly ShrunkBatch[]): SaferError {
  const fmt = (n: number) => n.toLocaleString('en-GB');
  const label = (b: ShrunkBatch) =>
    `${b.batch.replace(/^[^/]+\//, '')}: ${fmt(b.before)} → ${fmt(b.after)} rows (${Math.round((100 * b.after) / b.before)}%)`;
  const shown = shrunk.slice(0, 6).map(label).join('; ');
  const more = shrunk.length > 6 ? `; and ${shrunk.length - 6} more` : '';
  return new SaferError(
    `This import would replace ${shrunk.length === 1 ? 'a month' : `${shrunk.length} months or periods`} already loaded with fewer than ${Math.round(REPLACE_GUARD * 100)}% of its rows: ${shown}${more}. Nothing was imported`,
    {
      value: shrunk[0]!.batch,
      hint: 'Check the file is complete (a partial export, a filter left on, or the wrong month are the usual causes). If the smaller file is right, confirm the replacement: safer import … --replace (on the Data page, tick "Replace a month with fewer rows"; through the API, the form field confirm=1).',
      code: 'E_REPLACE_SHRINKS',
    },
  );
}

function groupByKind(files: FileProbe[], options: ImportOptions): Map<Importer, FileProbe[]> {
  const groups = new Map<Importer, FileProbe[]>();
  for (const file of files) {
    const importer = chooseImporter(file, options);
    const list = groups.get(importer) ?? [];
    list.push(file);
    groups.set(importer, list);
  }
  return groups;
}

export function chooseImporter(file: FileProbe, options: ImportOptions): Importer {
  if (options.kind) {
    const forced = importers.find((i) => i.kind === options.kind);
    if (!forced)
      throw new SaferError(`Unknown kind "${options.kind}"`, {
        hint: `Known kinds: ${importers.map((i) => i.kind).join(', ')}`,
      });
    return forced;
  }
  let best: { importer: Importer; score: number } | undefined;
  for (const importer of importers) {
    if (options.kinds && !options.kinds.includes(importer.kind)) continue;
    const score = importer.detect(file, options);
    if (score > 0 && (!best || score > best.score)) best = { importer, score };
  }
  if (!best && options.kinds) {
    throw new SaferError(`This file is not one of ${options.kinds.join(', ')}`, {
      file: file.displayName,
      value: file.header.slice(0, 120),
      hint: 'Give the files as data.police.uk publishes them (street, outcomes and stop-and-search CSVs, or the zip of a download), or choose the source the file belongs to.',
      code: 'E_WRONG_SOURCE',
    });
  }
  if (!best) {
    throw new SaferError('Cannot tell what kind of data this file holds', {
      file: file.displayName,
      value: file.header.slice(0, 120),
      hint: `Name the kind with --kind (${importers.map((i) => i.kind).join(', ')}), or give a --mapping for a partner extract. See docs/data-formats.md.`,
    });
  }
  return best.importer;
}

/** The import id of an identical file already loaded whose rows are all still in the store, or null. */
async function currentImportOf(store: Store, importer: Importer, sum: string): Promise<number | null> {
  const rows = await store.all<{ import_id: number; rows_loaded: number }>({
    sql: 'SELECT import_id, rows_loaded FROM imports WHERE checksum = ? AND kind = ? AND finished_at IS NOT NULL ORDER BY import_id DESC',
    params: [sum, importer.kind],
  });
  for (const row of rows) {
    let present = 0;
    for (const table of importer.tables) {
      const r = await store.one<{ n: number }>({
        sql: `SELECT count(*) AS n FROM ${table} WHERE import_id = ?`,
        params: [row.import_id],
      });
      present += r?.n ?? 0;
    }
    if (present === row.rows_loaded) return row.import_id;
  }
  return null;
}

function unchangedResult(file: FileProbe, kind: ImportKind, previous: number): ImportResult {
  const result = emptyResult(file, kind, previous);
  result.status = 'unchanged';
  result.notes.push(`identical to import #${previous}, which is still loaded: nothing to do`);
  return result;
}

function makeContext(store: Store, options: ImportOptions, progress: ImportContext['progress']): ImportContext {
  return {
    store,
    options,
    progress,
    async beginImport(file, kind, source, sum) {
      const row = await store.one<{ id: number }>({
        sql: `INSERT INTO imports (import_id, kind, source, file, checksum, bytes, restricted, started_at)
              VALUES (nextval('import_id_seq'), ?, ?, ?, ?, ?, ?, now()) RETURNING import_id AS id`,
        params: [kind, source, file.displayName, sum, file.bytes, options.restricted ?? false],
      });
      return row!.id;
    },
    async finishImport(importId, r) {
      await store.run({
        sql: `UPDATE imports SET rows_read = ?, rows_loaded = ?, rows_rejected = ?, rows_replaced = ?,
                duplicates_dropped = ?, rows_without_location = ?, details = ?, finished_at = now()
              WHERE import_id = ?`,
        params: [
          r.rowsRead,
          r.rowsLoaded,
          r.rowsRejected,
          r.rowsReplaced,
          r.duplicatesDropped,
          r.rowsWithoutLocation,
          JSON.stringify({ notes: r.notes, rejectsFile: r.rejectsFile ?? null, ...(r.details ?? {}) }),
          importId,
        ],
      });
    },
    async writeRejects(file, rows: RejectedRow[]) {
      const dir =
        options.rejectsDir ?? join(store.path === ':memory:' ? process.cwd() : dirname(store.path), 'rejects');
      mkdirSync(dir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const path = join(dir, `${basename(file.name).replace(/\.[^.]+$/, '')}.rejects-${stamp}.csv`);
      const lines = [
        'line,column,value,reason,raw',
        ...rows.map((r) => [r.line, r.column, r.value, r.reason, r.raw].map(csvCell).join(',')),
      ];
      writeFileSync(path, `${lines.join('\n')}\n`);
      return path;
    },
  };
}
