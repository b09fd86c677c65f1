import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  statSync,
  createWriteStream,
  rmSync,
  mkdirSync,
} from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Transform, Writable, type Readable } from 'node:stream';
import yauzl from 'yauzl';
import { SaferError } from '../core/errors.ts';

/** One file offered for import, with what we could learn without reading it all. */
export interface FileProbe {
  /** Path on disk DuckDB reads (for a zip member, the extracted copy). */
  path: string;
  /** What the user knows it by: the path they gave, or `archive.zip!member.csv`. */
  displayName: string;
  /** Lower-case file name without compression suffix, e.g. `2021-01-hertfordshire-street.csv`. */
  name: string;
  format: 'csv' | 'xlsx' | 'json' | 'other';
  gzip: boolean;
  bytes: number;
  /** First line of text (BOM removed), or '' for binary formats. */
  header: string;
}

const DATA_EXTENSIONS = ['.csv', '.csv.gz', '.xlsx', '.geojson', '.topojson', '.json', '.zip', '.tsv', '.txt'];

export interface ExpandedFiles {
  files: FileProbe[];
  /** Removes the temporary copies of zip members. */
  cleanup: () => void;
}

/**
 * How much a zip archive may expand on disk. The upload limit counts compressed bytes, and a zip
 * of zeros expands about a thousand times, so extraction counts the bytes as it writes them and
 * stops at whichever limit comes first (docs/import-rules.md explains the defaults):
 * - `maxBytes`: everything extracted by one import call, all archives together;
 * - `maxRatio`: bytes written over compressed bytes, per member and per archive (checked once
 *   a member or archive has written more than `RATIO_GRACE`, so tiny files never trip it).
 */
export interface ArchiveLimits {
  maxBytes: number;
  maxRatio: number;
  /** members (folders included) one archive may list; a zip of a million empty files exhausts memory, not disk */
  maxEntries?: number;
}

export const DEFAULT_ZIP_MAX_MB = 2048;
export const DEFAULT_ZIP_MAX_RATIO = 100;
/** A whole police.uk download of every force for three years holds about 5,000 files. */
export const DEFAULT_ZIP_MAX_ENTRIES = 10_000;
/** Below this many bytes written, the ratio is not checked (a 200-byte file may well hold 2 KB). */
export const RATIO_GRACE = 1024 * 1024;

/** The limits from `SAFER_ZIP_MAX_MB` and `SAFER_ZIP_MAX_RATIO`, else the defaults. */
export function archiveLimits(env: NodeJS.ProcessEnv = process.env): ArchiveLimits {
  return {
    maxBytes: positiveSetting(env, 'SAFER_ZIP_MAX_MB', DEFAULT_ZIP_MAX_MB) * 1024 * 1024,
    maxRatio: positiveSetting(env, 'SAFER_ZIP_MAX_RATIO', DEFAULT_ZIP_MAX_RATIO),
    maxEntries: positiveSetting(env, 'SAFER_ZIP_MAX_ENTRIES', DEFAULT_ZIP_MAX_ENTRIES),
  };
}

function positiveSetting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new SaferError(`${name} must be a positive number`, {
      value: raw,
      hint: `Unset it for the default (${fallback}), or give a number such as ${fallback * 2}.`,
    });
  }
  return value;
}

/** An archive refused for its size: what was written before the stop, and the limit it hit. */
export class ArchiveLimitError extends SaferError {
  constructor(
    message: string,
    options: { file: string; hint: string; value: string },
    readonly written: number,
    readonly limit: number,
  ) {
    super(message, { ...options, code: 'E_ZIP_LIMIT' });
  }
}

export function megabytes(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return `${mb >= 10 ? Math.round(mb).toLocaleString('en-GB') : mb.toFixed(1)} MB`;
}

/** Bytes extracted so far by one import call. */
interface Budget {
  limits: ArchiveLimits;
  written: number;
}

/** Expands directories (recursively) and zip archives into probed files, in a stable order. */
export async function expandPaths(
  paths: readonly string[],
  limits: ArchiveLimits = archiveLimits(),
): Promise<ExpandedFiles> {
  const temps: string[] = [];
  const files: FileProbe[] = [];
  const budget: Budget = { limits, written: 0 };
  const cleanup = () => temps.forEach((d) => rmSync(d, { recursive: true, force: true }));
  try {
    for (const given of paths) {
      const full = resolve(given);
      if (!existsSync(full)) {
        throw new SaferError('No such file or folder', {
          file: given,
          hint: 'Check the path; folders are searched recursively.',
        });
      }
      for (const path of walk(full)) {
        if (path.toLowerCase().endsWith('.zip')) {
          const dir = mkdtempSync(join(tmpdir(), `safer-zip-${process.pid}-`));
          temps.push(dir);
          const shown = given === path || path === full ? given : path;
          const members = await extractZip(path, shown, dir, budget);
          for (const m of members) files.push(await probe(m.path, `${shown}!${m.name}`));
        } else {
          files.push(await probe(path, path === full ? given : path));
        }
      }
    }
  } catch (error) {
    // whatever was extracted before the failure (a refused archive's partial member included) goes
    cleanup();
    throw error;
  }
  return { files, cleanup };
}

function walk(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => {
      const child = join(path, name);
      if (statSync(child).isDirectory()) return walk(child);
      const lower = name.toLowerCase();
      return DATA_EXTENSIONS.some((ext) => lower.endsWith(ext)) ? [child] : [];
    });
}

/** yauzl's refusals of a member name that would climb out of the folder or start at the root. */
const UNSAFE_NAME = /invalid relative path|absolute path|invalid characters in fileName/i;

async function extractZip(
  zipPath: string,
  shown: string,
  dir: string,
  budget: Budget,
): Promise<{ name: string; path: string }[]> {
  const zip = await new Promise<yauzl.ZipFile>((ok, fail) =>
    yauzl.open(zipPath, { lazyEntries: true, autoClose: false }, (err, z) => (err || !z ? fail(err) : ok(z))),
  ).catch((error: Error) => {
    throw new SaferError(`Not a readable zip archive: ${error.message}`, {
      file: shown,
      hint: 'Download the archive again; a partial download cannot be opened.',
    });
  });
  try {
    const entries = await listEntries(zip, shown, budget.limits.maxEntries ?? DEFAULT_ZIP_MAX_ENTRIES);
    const { maxBytes, maxRatio } = budget.limits;
    // the central directory's sizes (yauzl holds each member to them) refuse an oversized archive
    // before a byte is written; the counting below is what guarantees the limits either way
    const declared = entries.reduce((s, e) => s + e.uncompressedSize, 0);
    if (budget.written + declared > maxBytes) {
      const biggest = entries.reduce((a, b) => (b.uncompressedSize > a.uncompressedSize ? b : a));
      throw totalLimitError(shown, biggest.fileName, budget.written, maxBytes, budget.written + declared);
    }
    const archiveBytes = statSync(zipPath).size;
    let archiveWritten = 0;
    const out: { name: string; path: string }[] = [];
    for (const entry of entries) {
      const name = entry.fileName;
      // Member names are untrusted: keep only a flattened, safe file name inside our temp dir.
      const safe = `${String(out.length).padStart(5, '0')}-${basename(name).replace(/[^\w.-]/g, '_')}`;
      const target = join(dir, safe);
      mkdirSync(dirname(target), { recursive: true });
      let memberWritten = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          const member = memberWritten + chunk.length;
          const archive = archiveWritten + chunk.length;
          if (budget.written + chunk.length > maxBytes)
            return done(totalLimitError(shown, name, budget.written, maxBytes, null));
          if (member > RATIO_GRACE && member > entry.compressedSize * maxRatio)
            return done(
              ratioLimitError(shown, name, memberWritten, entry.compressedSize, maxRatio, entry.uncompressedSize),
            );
          if (archive > RATIO_GRACE && archive > archiveBytes * maxRatio)
            return done(ratioLimitError(shown, name, archiveWritten, archiveBytes, maxRatio, null));
          memberWritten = member;
          archiveWritten = archive;
          budget.written += chunk.length;
          done(null, chunk);
        },
      });
      const stream = await new Promise<Readable>((ok, fail) =>
        zip.openReadStream(entry, (err, s) => (err || !s ? fail(err) : ok(s))),
      );
      try {
        await pipeline(stream, counter, createWriteStream(target));
      } catch (error) {
        rmSync(target, { force: true });
        if (error instanceof SaferError) throw error;
        throw new SaferError(`Zip archive is damaged: member "${name}": ${(error as Error).message}`, {
          file: shown,
          hint: 'Download the archive again.',
        });
      }
      out.push({ name, path: target });
    }
    return out;
  } finally {
    zip.close();
  }
}

/** The data members of an archive (folders, nested zips and other files are skipped). */
async function listEntries(zip: yauzl.ZipFile, shown: string, maxEntries: number): Promise<yauzl.Entry[]> {
  const entries: yauzl.Entry[] = [];
  if (zip.entryCount > maxEntries) throw entryLimitError(shown, zip.entryCount, maxEntries);
  await new Promise<void>((ok, fail) => {
    zip.on('error', fail);
    zip.on('end', ok);
    zip.on('entry', (entry: yauzl.Entry) => {
      const lower = entry.fileName.toLowerCase();
      if (!entry.fileName.endsWith('/') && DATA_EXTENSIONS.some((e) => lower.endsWith(e)) && !lower.endsWith('.zip'))
        entries.push(entry);
      zip.readEntry();
    });
    zip.readEntry();
  }).catch((error: Error) => {
    if (UNSAFE_NAME.test(error.message)) {
      const name = error.message.replace(/^[^:]*:\s*/, '');
      throw new SaferError('The archive holds an unsafe path and will not be extracted', {
        file: shown,
        value: name,
        hint: 'A member name that climbs out of its folder ("../") or starts at the root is never written. Ask the sender for an archive of the files alone, or unzip it yourself and import the files.',
        code: 'E_ZIP_UNSAFE',
      });
    }
    throw new SaferError(`Zip archive is damaged: ${error.message}`, {
      file: shown,
      hint: 'Download the archive again.',
    });
  });
  return entries;
}

function entryLimitError(shown: string, count: number, limit: number): ArchiveLimitError {
  return new ArchiveLimitError(
    `The archive lists ${count.toLocaleString('en-GB')} files, more than the ${limit.toLocaleString('en-GB')} one archive may hold; nothing was extracted or imported`,
    {
      file: shown,
      value: String(count),
      hint: `Split the archive into smaller ones (a month or a year at a time), or unzip it and import the files themselves. An administrator can raise the limit with SAFER_ZIP_MAX_ENTRIES (now ${limit}).`,
    },
    count,
    limit,
  );
}

function totalLimitError(
  shown: string,
  member: string,
  written: number,
  limit: number,
  wouldBe: number | null,
): ArchiveLimitError {
  return new ArchiveLimitError(
    wouldBe === null
      ? `Zip member "${member}" would take the import past ${megabytes(limit)} uncompressed, the most one import may extract; stopped after ${megabytes(written)}, and nothing was imported`
      : `Zip member "${member}" would take the import past ${megabytes(limit)} uncompressed, the most one import may extract (the archive says it holds ${megabytes(wouldBe - written)}); nothing was extracted or imported`,
    {
      file: shown,
      value: member,
      hint: `Split the archive into smaller ones and import them one at a time, or unzip it and import the files themselves. An administrator can raise the limit with SAFER_ZIP_MAX_MB (now ${Math.round(limit / 1024 / 1024)}).`,
    },
    written,
    limit,
  );
}

function ratioLimitError(
  shown: string,
  member: string,
  written: number,
  compressed: number,
  ratio: number,
  declared: number | null,
): ArchiveLimitError {
  return new ArchiveLimitError(
    `Zip member "${member}" expands more than ${ratio} times its compressed size (${megabytes(compressed)} compressed${declared !== null ? `, ${megabytes(declared)} when expanded` : ''}), which real data files do not: extraction stopped after ${megabytes(written)}, and nothing was imported`,
    {
      file: shown,
      value: member,
      hint: `Data files compress 3 to 20 times; this archive is built to fill the disk, or holds padding. Ask the sender for the files themselves. If it is genuine, unzip it and import the file, or an administrator can raise SAFER_ZIP_MAX_RATIO (now ${ratio}).`,
    },
    written,
    Math.max(RATIO_GRACE, compressed * ratio),
  );
}

async function probe(path: string, displayName: string): Promise<FileProbe> {
  const lower = basename(path)
    .toLowerCase()
    .replace(/^\d{5}-/, (m) => (displayName.includes('!') ? '' : m));
  const gzip = lower.endsWith('.gz');
  const name = gzip ? lower.slice(0, -3) : lower;
  const ext = extname(name);
  const format =
    ext === '.xlsx'
      ? 'xlsx'
      : ext === '.geojson' || ext === '.topojson' || ext === '.json'
        ? 'json'
        : ext === '.csv' || ext === '.tsv' || ext === '.txt'
          ? 'csv'
          : 'other';
  const bytes = statSync(path).size;
  const header = format === 'xlsx' ? '' : await firstLine(path, gzip, displayName);
  return { path, displayName, name, format, gzip, bytes, header };
}

async function firstLine(path: string, gzip: boolean, displayName: string): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  const source = createReadStream(path, { start: 0, end: gzip ? 65535 : 16383 });
  const stream = gzip ? source.pipe(createGunzip()) : source;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (Buffer.concat(chunks).includes(10) || length > 16384) break;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A partial read of a gzip stream ends early on purpose; anything else is a broken file.
    if (code !== 'Z_BUF_ERROR' && code !== 'ERR_STREAM_PREMATURE_CLOSE') {
      throw new SaferError(`Cannot read file as ${gzip ? 'gzip' : 'text'}: ${(error as Error).message}`, {
        file: displayName,
        hint: gzip ? 'The file is not a valid .gz archive: download it again.' : 'Check the file is readable.',
      });
    }
  } finally {
    source.destroy();
  }
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const end = text.search(/\r?\n/);
  return end >= 0 ? text.slice(0, end) : text;
}

/** SHA-256 of the bytes on disk: the identity of a file for "already imported" checks. */
export async function checksum(file: FileProbe): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(
    createReadStream(file.path),
    new Writable({ write: (c: Buffer, _e, done) => (hash.update(c), done()) }),
  );
  return hash.digest('hex');
}

/**
 * Decompresses a gzip file completely to prove it is whole: DuckDB's reader stops quietly at
 * a truncated gzip stream, which would lose rows without a word.
 */
export async function verifyGzip(file: FileProbe): Promise<void> {
  if (!file.gzip) return;
  try {
    await pipeline(createReadStream(file.path), createGunzip(), new Writable({ write: (_c, _e, done) => done() }));
  } catch (error) {
    throw new SaferError(`The gzip file is damaged or truncated (${(error as Error).message})`, {
      file: file.displayName,
      hint: 'Download the file again; nothing from this import was loaded.',
    });
  }
}
