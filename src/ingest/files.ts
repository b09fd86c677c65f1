import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readdirSync, statSync, createWriteStream, rmSync, mkdirSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
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

/** Expands directories (recursively) and zip archives into probed files, in a stable order. */
export async function expandPaths(paths: readonly string[]): Promise<ExpandedFiles> {
  const temps: string[] = [];
  const files: FileProbe[] = [];
  for (const given of paths) {
    const full = resolve(given);
    if (!existsSync(full)) {
      throw new SaferError('No such file or folder', { file: given, hint: 'Check the path; folders are searched recursively.' });
    }
    for (const path of walk(full)) {
      if (path.toLowerCase().endsWith('.zip')) {
        const dir = mkdtempSync(join(tmpdir(), 'safer-zip-'));
        temps.push(dir);
        const members = await extractZip(path, dir);
        for (const m of members) files.push(await probe(m.path, `${given === path ? given : path}!${m.name}`));
      } else {
        files.push(await probe(path, path === full ? given : path));
      }
    }
  }
  return { files, cleanup: () => temps.forEach((d) => rmSync(d, { recursive: true, force: true })) };
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

async function extractZip(zipPath: string, dir: string): Promise<{ name: string; path: string }[]> {
  const zip = await new Promise<yauzl.ZipFile>((ok, fail) =>
    yauzl.open(zipPath, { lazyEntries: true }, (err, z) => (err || !z ? fail(err) : ok(z))),
  ).catch((error: Error) => {
    throw new SaferError(`Not a readable zip archive: ${error.message}`, {
      file: zipPath,
      hint: 'Download the archive again; a partial download cannot be opened.',
    });
  });
  const out: { name: string; path: string }[] = [];
  await new Promise<void>((ok, fail) => {
    zip.on('error', fail);
    zip.on('end', ok);
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = entry.fileName;
      const lower = name.toLowerCase();
      if (name.endsWith('/') || !DATA_EXTENSIONS.some((e) => lower.endsWith(e)) || lower.endsWith('.zip')) {
        zip.readEntry();
        return;
      }
      // Member names are untrusted: keep only a flattened, safe file name inside our temp dir.
      const safe = `${String(out.length).padStart(5, '0')}-${basename(name).replace(/[^\w.-]/g, '_')}`;
      const target = join(dir, safe);
      mkdirSync(dirname(target), { recursive: true });
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return fail(err);
        pipeline(stream, createWriteStream(target)).then(() => {
          out.push({ name, path: target });
          zip.readEntry();
        }, fail);
      });
    });
    zip.readEntry();
  }).catch((error: Error) => {
    throw new SaferError(`Zip archive is damaged: ${error.message}`, { file: zipPath, hint: 'Download the archive again.' });
  });
  return out;
}

async function probe(path: string, displayName: string): Promise<FileProbe> {
  const lower = basename(path).toLowerCase().replace(/^\d{5}-/, (m) => (displayName.includes('!') ? '' : m));
  const gzip = lower.endsWith('.gz');
  const name = gzip ? lower.slice(0, -3) : lower;
  const ext = extname(name);
  const format = ext === '.xlsx' ? 'xlsx' : ext === '.geojson' || ext === '.topojson' || ext === '.json' ? 'json' : ext === '.csv' || ext === '.tsv' || ext === '.txt' ? 'csv' : 'other';
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
  const text = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
  const end = text.search(/\r?\n/);
  return end >= 0 ? text.slice(0, end) : text;
}

/** SHA-256 of the bytes on disk: the identity of a file for "already imported" checks. */
export async function checksum(file: FileProbe): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file.path), new Writable({ write: (c: Buffer, _e, done) => (hash.update(c), done()) }));
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
