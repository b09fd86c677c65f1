import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/**
 * A deliberately plain CSV reader (no DuckDB) for independent counts in tests:
 * quoted cells with doubled quotes, no embedded newlines.
 */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cell);
      cell = '';
    } else cell += ch;
  }
  out.push(cell);
  return out;
}

/** Every line of a CSV or CSV.GZ file as cells, header included (BOM removed). */
export function readPlainCsv(path: string): string[][] {
  const raw = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8').replace(/^\uFEFF/, '');
  return text
    .split(/\r?\n/)
    .filter((l) => l !== '')
    .map(splitCsvLine);
}
