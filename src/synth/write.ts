import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SaferError } from '../core/errors.ts';
import type { ImportKind } from '../ingest/types.ts';
import { csvCell } from '../core/csv.ts';

/** One file of the output, as listed in manifest.json. */
export interface OutputFile {
  /** Path relative to the output folder, with forward slashes. */
  path: string;
  /** The importer that takes it; null for mappings (read by the records importer) and the ground truth. */
  kind: ImportKind | 'mapping' | null;
  description: string;
  rows: number | null;
  bytes: number;
  sha256: string;
}

/**
 * Writes the generated files under one folder. A folder that already holds an earlier synthetic
 * county (it has a manifest.json) is replaced; any other non-empty folder is refused, so the
 * generator never deletes a user's files.
 */
export class OutputWriter {
  readonly files: OutputFile[] = [];

  constructor(readonly root: string) {}

  prepare(): void {
    if (existsSync(this.root)) {
      const entries = readdirSync(this.root);
      if (entries.length > 0 && !entries.includes('manifest.json')) {
        throw new SaferError('The output folder is not empty and holds no earlier synthetic county', {
          file: this.root,
          hint: 'Give an empty or new folder with --out; a folder written by `safer synth` (with its manifest.json) is replaced.',
        });
      }
      for (const name of ['data', 'manifest.json', 'ground-truth.json'])
        rmSync(join(this.root, name), { recursive: true, force: true });
    }
    mkdirSync(this.root, { recursive: true });
  }

  /** A file written line by line (header first). */
  lines(path: string, kind: OutputFile['kind'], description: string, header: string): LineFile {
    return new LineFile(this, path, kind, description, header);
  }

  write(
    path: string,
    content: string | Buffer,
    kind: OutputFile['kind'],
    description: string,
    rows: number | null = null,
  ): OutputFile {
    const full = join(this.root, path);
    mkdirSync(dirname(full), { recursive: true });
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    writeFileSync(full, bytes);
    const file: OutputFile = {
      path,
      kind,
      description,
      rows,
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
    this.files.push(file);
    return file;
  }
}

/** Lines written to a file as they are made (large files never sit whole in memory). */
export interface LineSink {
  push(line: string): void;
}

/** A CSV (or other line) file written in chunks, hashed on the way. */
export class LineFile implements LineSink {
  private readonly fd: number;
  private readonly hash = createHash('sha256');
  private buffer: string[] = [];
  private bytes = 0;
  private lines = 0;

  constructor(
    private readonly writer: OutputWriter,
    private readonly path: string,
    private readonly kind: OutputFile['kind'],
    private readonly description: string,
    header: string,
  ) {
    const full = join(writer.root, path);
    mkdirSync(dirname(full), { recursive: true });
    this.fd = openSync(full, 'w');
    this.buffer.push(header);
  }

  push(line: string): void {
    this.buffer.push(line);
    this.lines++;
    if (this.buffer.length >= 2_000) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    const chunk = Buffer.from(`${this.buffer.join('\n')}\n`, 'utf8');
    this.buffer = [];
    this.hash.update(chunk);
    this.bytes += chunk.length;
    writeSync(this.fd, chunk);
  }

  /** Closes the file and lists it in the manifest; `rows` defaults to the lines after the header. */
  end(rows?: number): OutputFile {
    this.flush();
    closeSync(this.fd);
    const file: OutputFile = {
      path: this.path,
      kind: this.kind,
      description: this.description,
      rows: rows ?? this.lines,
      bytes: this.bytes,
      sha256: this.hash.digest('hex'),
    };
    this.writer.files.push(file);
    return file;
  }
}

/** Rows of a CSV text (lines after the header). */
export function csvRows(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return Math.max(0, n - 1);
}

/**
 * CSV cells of repeated text (names, descriptions, outcomes) escaped once: `csvCell` quotes and
 * guards against formula injection; the cache spares a million calls on the large files.
 */
export class CsvText {
  private readonly cache = new Map<string, string>();

  cell(text: string): string {
    let out = this.cache.get(text);
    if (out === undefined) {
      out = csvCell(text);
      this.cache.set(text, out);
    }
    return out;
  }
}
