import { SaferError } from '../../core/errors.ts';
import { quoteIdent, type Store } from '../../store/db.ts';
import type { FileProbe } from '../files.ts';
import { findProblems, settleProblems } from '../staging/problems.ts';
import { dropTables, findHeader, stageCsv, stageXlsx, type StagedTable } from '../staging/stage.ts';
import { tempName } from '../lifecycle/temp-names.ts';
import { emptyResult, type ImportContext, type ImportResult } from '../types.ts';
import {
  CANONICAL_FIELDS,
  closest,
  loadMapping,
  locateMapping,
  type CanonicalField,
  type RecordMapping,
} from './mapping.ts';
import { SLASH_DATE } from './parse-sql.ts';
import { AREA_FIELDS, planTransform } from './transform.ts';
import { loadEachFile } from '../each-file.ts';
import { retireRows } from '../../store/vintages.ts';

const CONTENT_COLUMNS = [
  'record_id',
  'month',
  'date',
  'time',
  'category',
  'sub_category',
  'offence_code',
  'lsoa',
  'ward',
  'beat',
  'district',
  'force',
  'longitude',
  'latitude',
  'location',
  'outcome',
  'context',
] as const;

/** Loads record extracts. Batches written by earlier files of this call are added to, not replaced. */
export async function loadRecords(
  ctx: ImportContext,
  files: FileProbe[],
  checksums: Map<FileProbe, string>,
): Promise<ImportResult[]> {
  const written = new Set<string>();
  return loadEachFile(ctx, 'Loading record extracts', files, checksums, (file, sum) =>
    loadRecordFile(ctx, file, sum, written),
  );
}

async function loadRecordFile(
  ctx: ImportContext,
  file: FileProbe,
  checksum: string,
  written: Set<string>,
): Promise<ImportResult> {
  const { store, options } = ctx;
  const located = requireMapping(file, options.mapping);
  const mapping = loadMapping(located.path);
  const source = options.source ?? mapping.source;
  const staged = await stageRecords(store, file, mapping);
  const rec = tempName('records');
  const fin = tempName('records_final');
  try {
    if (staged.rows === 0 && staged.malformed.length === 0) {
      throw new SaferError('The file has a header but no data rows', {
        file: staged.label,
        line: 2,
        hint: 'Export the extract again: it holds no records.',
      });
    }
    const headers = resolveHeaders(mapping, staged);
    const attributes = resolveAttributes(mapping, staged);
    if (mapping.dateFormat === 'auto') await checkDayMonthOrder(store, staged, mapping, headers);
    const loadedLevels = await levelsLoaded(store);

    const importId = await ctx.beginImport(file, 'records', source, checksum);
    if (mapping.restricted && !options.restricted) {
      await store.run({ sql: 'UPDATE imports SET restricted = true WHERE import_id = ?', params: [importId] });
    }
    const result = emptyResult(file, 'records', importId);
    result.rowsRead = staged.rows + staged.malformed.length;
    result.notes.push(
      `mapping ${located.path}${located.how === 'option' ? '' : located.how === 'file' ? ' (beside the file)' : " (the folder's mapping.yaml)"}`,
    );
    result.notes.push(...staged.notes);

    const plan = planTransform({
      mapping,
      stage: staged.table,
      target: rec,
      headers,
      attributes,
      loadedLevels,
      fromExcel: file.format === 'xlsx',
    });
    await store.run({ sql: plan.sql, params: plan.params });
    const skip = options.skipBadRows === true;
    const problems = await findProblems(store, rec, plan.checks, !skip);
    const settled = await settleProblems(staged, problems, skip);
    if (settled.rows.size > 0) {
      await store.run(`DELETE FROM ${quoteIdent(rec)} WHERE ${plan.checks.map((c) => `(${c.when})`).join(' OR ')}`);
    }
    if (settled.rejected.length > 0) {
      result.rowsRejected = settled.rejected.length;
      result.rejectsFile = await ctx.writeRejects(file, settled.rejected);
      result.notes.push(`${fmt(settled.rejected.length)} bad rows skipped: see ${result.rejectsFile}`);
    }

    const kept = await settleDuplicates(
      store,
      { fin, rec, staged, mapping, canonical: plan.canonical },
      settled.rows.size,
      result,
    );
    result.notes.push(...(await areaNotes(store, rec, mapping, headers, loadedLevels)));
    if (mapping.kind === 'crime' && headers.category !== undefined && headers.offence_code !== undefined)
      result.notes.push(...(await unknownOffenceNotes(store, rec)));

    const { replaced, months, note } = await replaceAndInsert(store, fin, importId, source, mapping, written);
    result.rowsReplaced = replaced;
    result.rowsLoaded = kept;
    if (note) result.notes.push(note);
    result.details = { ...(result.details ?? {}), source, mapping: located.path, kind: mapping.kind, months };
    await ctx.finishImport(importId, result);
    return result;
  } finally {
    await dropTables(store, staged.table, rec, fin);
  }
}

function requireMapping(file: FileProbe, given: string | undefined): NonNullable<ReturnType<typeof locateMapping>> {
  const located = locateMapping(file, given);
  if (located) return located;
  throw new SaferError('No mapping for this record extract', {
    file: file.displayName,
    hint: 'Give one with --mapping file.yaml, or put <name>.mapping.yaml (or mapping.yaml) beside the file. See docs/mappings.md.',
  });
}

/**
 * Exact copies dropped and (one row per record) rows of one record collapsed; returns the records
 * kept and notes what was dropped and how many records have no location.
 */
async function settleDuplicates(
  store: Store,
  t: {
    fin: string;
    rec: string;
    staged: StagedTable;
    mapping: RecordMapping;
    canonical: Parameters<typeof dedupeSql>[1];
  },
  badRows: number,
  result: ImportResult,
): Promise<number> {
  const { fin, rec, staged, mapping } = t;
  await store.run(dedupeSql(fin, t.canonical, rec, mapping.oneRowPerRecord));
  const counts = (await store.one<{ keep: number; exact: number; conflicts: number; unlocated: number }>(
    `SELECT count(*) FILTER (WHERE __exact = 1 AND __same = 1) AS keep,
            count(*) FILTER (WHERE __exact > 1) AS exact,
            count(*) FILTER (WHERE __same > 1) AS conflicts,
            count(*) FILTER (WHERE __exact = 1 AND __same = 1 AND lsoa IS NULL AND ward IS NULL AND beat IS NULL
                              AND district IS NULL AND longitude IS NULL) AS unlocated
     FROM ${quoteIdent(fin)}`,
  ))!;
  if (mapping.oneRowPerRecord) {
    result.details = { rowsCollapsed: counts.conflicts };
    result.notes.push(
      `${fmt(staged.rows - badRows)} rows make ${fmt(counts.keep)} records (one row per record_id: the first row of each record kept)`,
    );
  } else {
    result.duplicatesDropped = counts.exact + counts.conflicts;
    if (counts.exact > 0) result.notes.push(`${fmt(counts.exact)} exact duplicate rows dropped`);
    if (counts.conflicts > 0) result.notes.push(await conflictNote(store, fin, staged, counts.conflicts));
  }
  result.rowsWithoutLocation = counts.unlocated;
  if (counts.unlocated > 0)
    result.notes.push(
      `${fmt(counts.unlocated)} records have no location (no LSOA, ward, beat, district or coordinates)`,
    );
  return counts.keep;
}

/** Offence codes the taxonomy does not know (their mapped category was used). */
async function unknownOffenceNotes(store: Store, rec: string): Promise<string[]> {
  const unknown = await store.one<{ n: number }>(
    `SELECT count(*) AS n FROM ${quoteIdent(rec)} WHERE v_offence_code IS NOT NULL AND oc_type IS NULL`,
  );
  if (!unknown || unknown.n === 0) return [];
  return [`${fmt(unknown.n)} rows carry offence codes the taxonomy does not know (their mapped category was used)`];
}

async function stageRecords(store: Store, file: FileProbe, mapping: RecordMapping): Promise<StagedTable> {
  // A sheet name in the mapping is ignored for CSV files (one mapping may serve both).
  if (file.format === 'csv') return stageCsv(store, file);
  if (file.format === 'xlsx') {
    const wanted = [...Object.values(mapping.columns), ...Object.values(mapping.attributes)];
    const loose = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');
    const sheets = await stageXlsx(store, file, {
      sheet: mapping.sheet,
      isHeader: (cells) => {
        const have = new Set(cells.map(loose));
        return wanted.every((w) => have.has(loose(w)));
      },
    });
    if (sheets.length === 0) {
      throw new SaferError(
        mapping.sheet !== undefined
          ? `Sheet "${mapping.sheet}" has no header row with the mapped columns`
          : 'No sheet has a header row with the mapped columns',
        {
          file: file.displayName,
          hint: `The mapping (${mapping.path}) names: ${wanted.join(', ')}. Check the headers${mapping.sheet === undefined ? ', or name the sheet with sheet:' : ''}.`,
        },
      );
    }
    return sheets[0]!;
  }
  throw new SaferError('Record extracts must be CSV or XLSX files', {
    file: file.displayName,
    hint: 'Export the extract as CSV (UTF-8) or XLSX.',
  });
}

function resolveHeaders(mapping: RecordMapping, staged: StagedTable): Partial<Record<CanonicalField, string>> {
  const out: Partial<Record<CanonicalField, string>> = {};
  for (const f of CANONICAL_FIELDS) {
    const wanted = mapping.columns[f];
    if (wanted === undefined) continue;
    out[f] = requireHeader(staged, wanted, `columns.${f}`, mapping.path);
  }
  return out;
}

function resolveAttributes(mapping: RecordMapping, staged: StagedTable): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, wanted] of Object.entries(mapping.attributes))
    out[key] = requireHeader(staged, wanted, `attributes (${key})`, mapping.path);
  return out;
}

function requireHeader(staged: StagedTable, wanted: string, setting: string, mappingPath: string): string {
  const found = findHeader(staged.headers, wanted);
  if (found !== undefined) return found;
  const guess = closest(wanted, staged.headers);
  throw new SaferError(`The mapping's ${setting} names the column "${wanted}", which the file does not have`, {
    file: staged.label,
    line: 1,
    column: wanted,
    hint: `${guess ? `Did you mean "${guess}"? ` : ''}Columns in the file: ${staged.headers.join(', ')}. Fix ${setting} in ${mappingPath}.`,
  });
}

/** `auto` reads slash dates day first; it refuses a column that shows month-first values or never shows which. */
async function checkDayMonthOrder(
  store: Store,
  staged: StagedTable,
  mapping: RecordMapping,
  headers: Partial<Record<CanonicalField, string>>,
): Promise<void> {
  const field = (['datetime', 'date', 'month'] as const).find((f) => headers[f] !== undefined);
  if (!field || field === 'month') return;
  const h = quoteIdent(headers[field]!);
  const row = await store.one<{
    slash: number;
    day_first: number;
    month_first: number;
    us_row: number | null;
    first_row: number | null;
  }>(
    `SELECT count(*) AS slash, count(*) FILTER (WHERE a > 12) AS day_first, count(*) FILTER (WHERE b > 12) AS month_first,
            min(r) FILTER (WHERE b > 12) AS us_row, min(r) AS first_row
     FROM (SELECT __row AS r, TRY_CAST(regexp_extract(trim(${h}), '${SLASH_DATE}', 1) AS INTEGER) AS a,
                  TRY_CAST(regexp_extract(trim(${h}), '${SLASH_DATE}', 2) AS INTEGER) AS b
           FROM ${quoteIdent(staged.table)} WHERE regexp_matches(trim(${h}), '${SLASH_DATE}'))`,
  );
  if (!row || row.slash === 0) return;
  const at = async (r: number): Promise<{ line: number | undefined; value: string }> => {
    const line = (await staged.lines([r])).get(r);
    const v = await store.one<{ v: string }>(
      `SELECT ${h} AS v FROM ${quoteIdent(staged.table)} WHERE __row = ${Math.trunc(r)}`,
    );
    return { line, value: v?.v ?? '' };
  };
  if (row.month_first > 0 && row.us_row !== null) {
    const { line, value } = await at(row.us_row);
    throw new SaferError(
      row.day_first > 0
        ? 'The date column mixes day/month and month/day order'
        : 'The dates are month/day/year (US order)',
      {
        file: staged.label,
        line,
        column: headers[field],
        value,
        hint: `Safer reads slash dates as dd/mm/yyyy. Export the dates as dd/mm/yyyy or ISO (yyyy-mm-dd); date_format is set in ${mapping.path}.`,
      },
    );
  }
  if (row.day_first === 0 && row.first_row !== null) {
    const { line, value } = await at(row.first_row);
    throw new SaferError('Ambiguous dates: no value in the column shows whether it is day/month or month/day', {
      file: staged.label,
      line,
      column: headers[field],
      value,
      hint: `Say which with date_format: dd/mm/yyyy (or dd/mm/yyyy hh:mm) in ${mapping.path}.`,
    });
  }
}

async function levelsLoaded(store: Store): Promise<Set<string>> {
  const rows = await store.all<{ level: string }>({
    sql: `SELECT DISTINCT level FROM areas WHERE level IN (${AREA_FIELDS.map(() => '?').join(', ')})`,
    params: [...AREA_FIELDS],
  });
  return new Set(rows.map((r) => r.level));
}

function dedupeSql(target: string, canonical: string, rec: string, oneRowPerRecord: boolean): string {
  const content = [...CONTENT_COLUMNS, 'CAST(attrs AS VARCHAR)'].join(', ');
  const exact = oneRowPerRecord ? '1' : `row_number() OVER (PARTITION BY ${content} ORDER BY __row)`;
  return `CREATE TEMP TABLE ${quoteIdent(target)} AS
    WITH c AS (${canonical} FROM ${quoteIdent(rec)}),
         d AS (SELECT *, ${exact} AS __exact FROM c)
    SELECT *, CASE WHEN __exact > 1 THEN 0 WHEN record_id IS NULL THEN 1
                   ELSE row_number() OVER (PARTITION BY record_id, __exact = 1 ORDER BY __row) END AS __same
    FROM d`;
}

async function conflictNote(store: Store, fin: string, staged: StagedTable, n: number): Promise<string> {
  const examples = await store.all<{ record_id: string; __row: number }>(
    `SELECT record_id, __row FROM ${quoteIdent(fin)} WHERE __same > 1 ORDER BY __row LIMIT 3`,
  );
  const lines = await staged.lines(examples.map((e) => e.__row));
  const list = examples.map((e) => `${e.record_id} (line ${lines.get(e.__row) ?? '?'})`).join(', ');
  return `${fmt(n)} rows repeat the record_id of an earlier row with different content: the first row was kept (e.g. ${list})`;
}

async function areaNotes(
  store: Store,
  rec: string,
  mapping: RecordMapping,
  headers: Partial<Record<CanonicalField, string>>,
  loaded: ReadonlySet<string>,
): Promise<string[]> {
  const notes: string[] = [];
  for (const f of AREA_FIELDS) {
    if (headers[f] === undefined && mapping.constants[f] === undefined) continue;
    if (!loaded.has(f)) {
      const named = await store.one<{ n: number; example: string | null }>(
        `SELECT count(*) AS n, min(v_${f}) AS example FROM ${quoteIdent(rec)} WHERE v_${f} IS NOT NULL AND NOT regexp_full_match(v_${f}, '[EWSNK]\\d{8}')`,
      );
      notes.push(`${f} codes not checked: the store holds no ${f} areas (import the ONS lookup first to check them)`);
      if (f !== 'beat' && named && named.n > 0) {
        notes.push(
          `${fmt(named.n)} ${f} values are not ONS codes (e.g. "${named.example}"): recode them under values.${f}, or import the ${f} lookup first so names resolve to codes`,
        );
      }
      continue;
    }
    const resolved = await store.one<{ n: number; example: string | null }>(
      `SELECT count(*) AS n, min(v_${f} || ' → ' || ${f}_code) AS example FROM ${quoteIdent(rec)} WHERE ${f}_code IS NOT NULL AND ${f}_code <> v_${f}`,
    );
    if (resolved && resolved.n > 0)
      notes.push(`${fmt(resolved.n)} ${f} names resolved to codes (e.g. ${resolved.example})`);
  }
  return notes;
}

async function replaceAndInsert(
  store: Store,
  fin: string,
  importId: number,
  source: string,
  mapping: RecordMapping,
  written: Set<string>,
): Promise<{ replaced: number; months: string[]; note: string | null }> {
  const perMonth = await store.all<{ ym: string; n: number }>(
    `SELECT strftime(month, '%Y-%m') AS ym, count(*) AS n FROM ${quoteIdent(fin)} WHERE __exact = 1 AND __same = 1 GROUP BY 1 ORDER BY 1`,
  );
  const batchOf = (ym: string): string => `records/${source}/${ym}`;
  const fresh = perMonth.filter((m) => !written.has(batchOf(m.ym)));
  let replaced = 0;
  let note: string | null = null;
  if (fresh.length > 0) {
    const batches = fresh.map((m) => batchOf(m.ym));
    const existing = await store.all<{ batch: string; n: number }>({
      sql: `SELECT batch, count(*) AS n FROM events WHERE batch IN (${batches.map(() => '?').join(', ')}) GROUP BY 1 ORDER BY 1`,
      params: batches,
    });
    if (existing.length > 0) {
      await retireRows(store, 'events', `batch IN (${batches.map(() => '?').join(', ')})`, batches);
      replaced = existing.reduce((s, e) => s + e.n, 0);
      const newCount = new Map(fresh.map((m) => [batchOf(m.ym), m.n]));
      const changes = existing.map((e) => {
        const now = newCount.get(e.batch) ?? 0;
        const diff = now - e.n;
        return `${e.batch.slice(e.batch.lastIndexOf('/') + 1)} ${fmt(e.n)} → ${fmt(now)}${diff === 0 ? '' : ` (${diff > 0 ? '+' : ''}${fmt(diff)})`}`;
      });
      const shown = changes.slice(0, 12).join(', ');
      note = `replaced ${existing.length} month(s) of "${source}" already loaded: ${shown}${changes.length > 12 ? `, and ${changes.length - 12} more` : ''}`;
    }
  }
  for (const m of perMonth) written.add(batchOf(m.ym));
  await store.run({
    sql: `INSERT INTO events (import_id, batch, source, kind, record_id, month, date, time, category, sub_category, offence_code,
            lsoa, ward, beat, district, force, longitude, latitude, location, outcome, context, attrs)
          SELECT ?, 'records/' || ? || '/' || strftime(month, '%Y-%m'), ?, ?, record_id, month, date, time, category, sub_category,
                 offence_code, lsoa, ward, beat, district, force, longitude, latitude, location, outcome, context, attrs
          FROM ${quoteIdent(fin)} WHERE __exact = 1 AND __same = 1 ORDER BY __row`,
    params: [importId, source, source, mapping.kind],
  });
  return { replaced, months: perMonth.map((m) => m.ym), note };
}

function fmt(n: number): string {
  return n.toLocaleString('en-GB');
}
