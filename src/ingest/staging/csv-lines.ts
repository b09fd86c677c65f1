import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

/**
 * Where CSV records start in the file, counted the way a person counts lines in an editor.
 *
 * DuckDB's reader numbers rejected rows by record (a quoted cell spanning lines counts once) and
 * keeps no line number for good rows. This scanner replays the file (only on the error path),
 * quote-aware, and maps both to physical lines:
 * - `reader` numbers are DuckDB's: header = 1, blank lines counted, multi-line records counted once;
 * - `staged` numbers are 0-based positions among the records DuckDB kept (blank lines and the
 *   records it rejected skipped), i.e. the `__row` of a staged table.
 */
export interface LineQuery {
  /** DuckDB reject line numbers whose physical line is wanted (and which are not staged). */
  readerLines: ReadonlySet<number>;
  /** Staged row positions whose physical line is wanted. */
  stagedRows: ReadonlySet<number>;
  quote?: number;
}

export interface LineAnswer {
  byReaderLine: Map<number, number>;
  byStagedRow: Map<number, number>;
}

const NL = 10;
const CR = 13;

export async function locateRecords(path: string, gzip: boolean, query: LineQuery): Promise<LineAnswer> {
  const quote = query.quote ?? 34;
  const byReaderLine = new Map<number, number>();
  const byStagedRow = new Map<number, number>();
  const wanted = query.readerLines.size + query.stagedRows.size;
  let physical = 1;
  let recordStart = 1;
  let readerLine = 0;
  let staged = 0;
  let inQuotes = false;
  let quotePending = false;
  let empty = true;

  const endRecord = (): void => {
    readerLine += 1;
    if (readerLine === 1 || empty) return; // the header, or a blank line DuckDB skips
    if (query.readerLines.has(readerLine)) {
      byReaderLine.set(readerLine, recordStart);
      return;
    }
    if (query.stagedRows.has(staged)) byStagedRow.set(staged, recordStart);
    staged += 1;
  };

  const source = createReadStream(path);
  const stream = gzip ? source.pipe(createGunzip()) : source;
  try {
    outer: for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i]!;
        if (inQuotes) {
          if (quotePending) {
            quotePending = false;
            if (b === quote) continue; // "" inside quotes: an escaped quote
            inQuotes = false; // the quote closed the cell; fall through to read b outside quotes
          } else if (b === quote) {
            quotePending = true;
            continue;
          } else {
            if (b === NL) physical += 1;
            continue;
          }
        }
        if (b === quote) {
          inQuotes = true;
          empty = false;
        } else if (b === NL) {
          endRecord();
          physical += 1;
          recordStart = physical;
          empty = true;
          if (byReaderLine.size + byStagedRow.size === wanted) break outer;
        } else if (b !== CR) {
          empty = false;
        }
      }
    }
    if (!empty) endRecord();
  } finally {
    source.destroy();
  }
  return { byReaderLine, byStagedRow };
}
