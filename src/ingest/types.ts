import type { Store } from '../store/db.ts';
import type { ArchiveLimits, FileProbe } from './files.ts';
import type { Progress } from '../core/progress.ts';

/** Every kind of file Safer imports. Adding one fails to compile until the registry handles it. */
export const IMPORT_KINDS = [
  'police-uk-street',
  'police-uk-outcomes',
  'police-uk-stop-search',
  'ons-lookup',
  'population',
  'boundaries',
  'records',
  'indicators',
  'comparator',
  'peer-groups',
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportOptions {
  /** Force the kind instead of detecting it. */
  kind?: ImportKind;
  /** Detect the kind among these only (a browser upload of a police.uk download: street, outcomes, stop and search). */
  kinds?: readonly ImportKind[];
  /** Keep good rows and write rejected ones to a rejects file instead of failing the import. */
  skipBadRows?: boolean;
  /** Folder for rejects files (default: beside the store, `rejects/`). */
  rejectsDir?: string;
  /** YAML column mapping for record extracts and tables that need one. */
  mapping?: string;
  /** Declared columns for a file without a header row, e.g. `code,population`. */
  columns?: string[];
  /** Year a population file without one in its rows refers to. */
  year?: number;
  /** Period for aggregate files whose rows carry none (e.g. `2019/20`). */
  period?: string;
  /** Source name for aggregate returns and peer groups (default from the file name). */
  source?: string;
  /** Mark what this import loads as restricted (only cleared roles may see it). */
  restricted?: boolean;
  /**
   * Confirms a replacement that shrinks a month or period: without it, an import that would leave
   * a batch already loaded with fewer than `REPLACE_GUARD` of its rows is refused.
   */
  replace?: boolean;
  /** How far zip archives may expand (default: `archiveLimits()`, from SAFER_ZIP_MAX_MB / SAFER_ZIP_MAX_RATIO). */
  archiveLimits?: ArchiveLimits;
  progress?: Progress;
  /**
   * Called after each bounded batch of files is loaded (still inside the call's one transaction,
   * nothing committed): a hook for progress and for the test that kills an import between batches.
   */
  afterBatch?: (files: readonly string[]) => Promise<void> | void;
}

/** What one file's import did, for the report and for `imports` provenance. */
export interface ImportResult {
  file: string;
  kind: ImportKind;
  importId: number | null;
  status: 'loaded' | 'unchanged';
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  rowsReplaced: number;
  duplicatesDropped: number;
  rowsWithoutLocation: number;
  /** Human sentences: what changed, what was mapped, what to check. */
  notes: string[];
  rejectsFile?: string;
  details?: Record<string, unknown>;
}

export interface ImportContext {
  store: Store;
  options: ImportOptions;
  progress: Progress;
  /** Creates the provenance row for a file and returns its import id. */
  beginImport(file: FileProbe, kind: ImportKind, source: string, checksum: string): Promise<number>;
  /** Writes the final counts of a file's import to its provenance row. */
  finishImport(importId: number, result: ImportResult): Promise<void>;
  /** Writes rejected rows (with reasons) to a CSV and returns its path. */
  writeRejects(file: FileProbe, rows: RejectedRow[]): Promise<string>;
}

export interface RejectedRow {
  line: number | null;
  column: string | null;
  value: string | null;
  reason: string;
  raw: string | null;
}

export interface Importer {
  kind: ImportKind;
  /** Tables whose rows carry this importer's import_id (used to tell whether an import is still current). */
  tables: readonly string[];
  /** 0 = not this kind; higher = more certain. */
  detect(file: FileProbe, options: ImportOptions): number;
  /** Loads files of this kind. Runs inside the caller's transaction: throw to undo everything. */
  load(ctx: ImportContext, files: FileProbe[], checksums: Map<FileProbe, string>): Promise<ImportResult[]>;
}

export function emptyResult(file: FileProbe, kind: ImportKind, importId: number | null): ImportResult {
  return {
    file: file.displayName,
    kind,
    importId,
    status: 'loaded',
    rowsRead: 0,
    rowsLoaded: 0,
    rowsRejected: 0,
    rowsReplaced: 0,
    duplicatesDropped: 0,
    rowsWithoutLocation: 0,
    notes: [],
  };
}
