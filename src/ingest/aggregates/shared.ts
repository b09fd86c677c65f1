import { basename } from 'node:path';
import { SaferError } from '../../core/errors.ts';
import { quoteIdent, type Store } from '../../store/db.ts';
import type { FileProbe } from '../files.ts';
import { dropTables } from '../staging/stage.ts';
import { tempName } from '../lifecycle/temp-names.ts';
import { parsePeriod, type Period } from './periods.ts';

/** A source name from the file name: `Crime_Rate.csv` → `crime_rate`. */
export function sourceFromFile(file: FileProbe): string {
  const inner = file.displayName.includes('!')
    ? file.displayName.slice(file.displayName.indexOf('!') + 1)
    : file.displayName;
  const stem = basename(inner)
    .toLowerCase()
    .replace(/\.gz$/, '')
    .replace(/\.[a-z]+$/, '');
  return stem.replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'aggregate';
}

export function checkSourceName(source: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._ -]*$/.test(source)) {
    throw new SaferError('The source name may hold letters, digits, spaces, dots, dashes and underscores only', {
      value: source,
      hint: 'Give a plain name with --source, e.g. --source probation-returns.',
    });
  }
  return source;
}

/** Values partners and statisticians write for a suppressed or unavailable figure. */
const SUPPRESSED = [
  '*',
  '..',
  '.',
  '-',
  'x',
  'c',
  ':',
  'n/a',
  'na',
  'null',
  '[c]',
  '[x]',
  '[z]',
  '[u]',
  '[low]',
  'suppressed',
];

export function suppressedSql(x: string): string {
  return `lower(${x}) IN (${SUPPRESSED.map((s) => `'${s.replaceAll("'", "''")}'`).join(', ')})`;
}

/** A number as partners write it: `1,234`, `12.5%`, ` 7 ` → DOUBLE; suppression markers → NULL. */
export function numberSql(x: string): string {
  return `CASE WHEN ${suppressedSql(x)} THEN NULL ELSE TRY_CAST(replace(replace(regexp_replace(${x}, '%$', ''), ',', ''), ' ', '') AS DOUBLE) END`;
}

/** True when a non-empty, non-suppressed cell is not a number. */
export function notNumberSql(x: string): string {
  return `(${x} IS NOT NULL AND NOT ${suppressedSql(x)} AND ${numberSql(x)} IS NULL)`;
}

/**
 * Every distinct period text of a column parsed once (in JS: there are few) into a temporary
 * table `(raw, label, start, end)`; unparseable texts get NULLs, which the caller reports by row.
 */
export async function periodTable(store: Store, table: string, rawColumn: string, fixed?: Period): Promise<string> {
  const target = tempName('periods');
  await store.run(`CREATE TEMP TABLE ${quoteIdent(target)} (raw VARCHAR, label VARCHAR, start DATE, "end" DATE)`);
  const raws = await store.all<{ raw: string }>(
    `SELECT DISTINCT ${rawColumn} AS raw FROM ${quoteIdent(table)} WHERE ${rawColumn} IS NOT NULL`,
  );
  const rows = raws.map(({ raw }) => {
    const p = fixed ?? parsePeriod(raw);
    return [raw, p?.label ?? null, p?.start ?? null, p?.end ?? null];
  });
  await store.append(target, ['raw', 'label', 'start', 'end'], rows);
  return target;
}

/**
 * Area codes (or names) of a column resolved against `areas`: a known code stays; a name that
 * matches exactly one area becomes its code; a code of a family the store holds (same
 * three-character prefix, e.g. E22 for CSPs) but absent is unknown; a code of a family the store
 * does not hold is accepted unchecked. Columns: raw, code, names (areas sharing the name), checked.
 */
export async function areaTable(store: Store, table: string, rawColumn: string): Promise<string> {
  const target = tempName('areas');
  await store.run(`CREATE TEMP TABLE ${quoteIdent(target)} AS
    WITH d AS (SELECT DISTINCT ${rawColumn} AS raw FROM ${quoteIdent(table)} WHERE ${rawColumn} IS NOT NULL)
    SELECT d.raw,
           CASE WHEN k.code IS NOT NULL THEN d.raw
                WHEN n.n = 1 THEN n.code
                WHEN f.prefix IS NULL AND coalesce(n.n, 0) = 0 THEN d.raw END AS code,
           coalesce(n.n, 0) AS names,
           k.code IS NOT NULL OR coalesce(n.n, 0) = 1 AS checked
    FROM d
    LEFT JOIN (SELECT DISTINCT code FROM areas) k ON k.code = d.raw
    LEFT JOIN (SELECT lower(name) AS lname, min(code) AS code, count(DISTINCT code) AS n FROM areas WHERE name IS NOT NULL GROUP BY 1) n
           ON n.lname = lower(d.raw)
    LEFT JOIN (SELECT DISTINCT left(code, 3) AS prefix FROM areas) f ON f.prefix = left(d.raw, 3)`);
  return target;
}

/** Notes about area resolution: names turned into codes, codes accepted unchecked. */
export async function areaNotes(store: Store, areas: string): Promise<string[]> {
  const row = await store.one<{
    named: number;
    named_example: string | null;
    unchecked: number;
    unchecked_example: string | null;
  }>(
    `SELECT count(*) FILTER (WHERE code IS NOT NULL AND code <> raw) AS named, min(raw || ' → ' || code) FILTER (WHERE code <> raw) AS named_example,
            count(*) FILTER (WHERE code IS NOT NULL AND NOT checked) AS unchecked, min(raw) FILTER (WHERE code IS NOT NULL AND NOT checked) AS unchecked_example
     FROM ${quoteIdent(areas)}`,
  );
  const notes: string[] = [];
  if (row && row.named > 0) notes.push(`${row.named} area names resolved to codes (e.g. ${row.named_example})`);
  if (row && row.unchecked > 0) {
    notes.push(
      `${row.unchecked} area codes not checked (e.g. ${row.unchecked_example}): the store holds no areas of their kind yet`,
    );
  }
  return notes;
}

export { dropTables, tempName };
