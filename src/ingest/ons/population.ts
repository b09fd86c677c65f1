import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { RowCheck } from '../lifecycle/row-check.ts';
import { tempName } from '../lifecycle/temp-names.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaferError } from '../../core/errors.ts';
import { quoteLiteral, type Store } from '../../store/db.ts';
import { parseCsvHeader } from '../csv-header.ts';
import type { FileProbe } from '../files.ts';
import {
  emptyResult,
  type ImportContext,
  type ImportOptions,
  type ImportResult,
  type Importer,
  type RejectedRow,
} from '../types.ts';
import { finestLevel, GSS_CODE, levelOfCode, NI_SOA_CODE, type AreaLevel } from './geography.ts';
import { readPopulationLayout, yearFromFileName, type PopulationLayout } from './population-layout.ts';
import { readPopulationWorkbook } from './population-xlsx.ts';
import {
  applyRowChecks,
  dropStage,
  emptyFileError,
  handleMalformed,
  noRowsError,
  stageColumn,
  stageCsv,
  writeRejectsIfAny,
} from './stage.ts';
import { loadEachFile } from '../each-file.ts';
import { retireRows } from '../../store/vintages.ts';

export const populationImporter: Importer = {
  kind: 'population',
  tables: ['population'],
  detect: detectPopulation,
  load: loadPopulation,
};

const AREA_CODE = `${GSS_CODE}|${NI_SOA_CODE}`;
const EXAMPLE_COLUMNS = '--columns code,population --year 2019';

export function detectPopulation(file: FileProbe, options: ImportOptions): number {
  if (file.format === 'xlsx') return /population|household|census|mid-?year|\bmye/.test(file.name) ? 70 : 0;
  if (file.format !== 'csv' || /^crime id,month,/i.test(file.header)) return 0;
  if (options.columns && readPopulationLayout(options.columns)) return 95;
  const headers = parseCsvHeader(file.header.replace(/\r$/, ''));
  const layout = readPopulationLayout(headers);
  if (layout) return headers[0] === 'area_code' && headers[1] === 'year' ? 95 : 90;
  // A file that starts with data (`E01011950,1257`): ours, so that the user is told to declare its columns.
  return looksHeaderless(headers) ? 70 : 0;
}

function looksHeaderless(cells: readonly string[]): boolean {
  return (
    cells.length >= 2 &&
    new RegExp(`^(${AREA_CODE})$`).test(cells[0] ?? '') &&
    cells.slice(1).every((c) => /^-?[\d.,]+$/.test(c))
  );
}

async function loadPopulation(
  ctx: ImportContext,
  files: FileProbe[],
  checksums: Map<FileProbe, string>,
): Promise<ImportResult[]> {
  return loadEachFile(ctx, 'Loading population', files, checksums, (file, sum) => loadOne(ctx, file, sum));
}

/** The long table every population file is reshaped into before it is checked and stored. */
interface LongTable {
  table: string;
  rowsRead: number;
  rejected: RejectedRow[];
  notes: string[];
}

async function loadOne(ctx: ImportContext, file: FileProbe, checksum: string): Promise<ImportResult> {
  const long = file.format === 'xlsx' ? await longFromWorkbook(ctx, file) : await longFromCsv(ctx, file);
  try {
    const values = await ctx.store.one<{ n: number }>(`SELECT count(*) AS n FROM ${long.table}`);
    if (!values?.n && long.rejected.length === 0) {
      throw new SaferError('The file has rows but no values: every measure cell is empty', {
        file: file.displayName,
        hint: 'Check that the right file was given and that its measure columns hold numbers.',
      });
    }
    const importId = await ctx.beginImport(file, 'population', ctx.options.source ?? 'ons', checksum);
    const result = emptyResult(file, 'population', importId);
    result.rowsRead = long.rowsRead;
    result.rowsRejected = long.rejected.length;
    result.notes.push(...long.notes);
    result.duplicatesDropped = await collapseDuplicates(ctx.store, file, long.table);
    const level = await finestLevelOf(ctx.store, long.table);
    const batch = `'population/' || measure || '/' || year || '/' || ${quoteLiteral(level)}`;

    const replaced = await ctx.store.one<{ n: number }>(
      `SELECT count(*) AS n FROM population WHERE batch IN (SELECT DISTINCT ${batch} FROM ${long.table})`,
    );
    result.rowsReplaced = replaced?.n ?? 0;
    await retireRows(ctx.store, 'population', `batch IN (SELECT DISTINCT ${batch} FROM ${long.table})`);
    await ctx.store.run({
      sql: `INSERT INTO population (import_id, batch, area_code, year, measure, value)
            SELECT ?, ${batch}, area_code, year, measure, value FROM ${long.table}`,
      params: [importId],
    });
    const summary = await ctx.store.all<{ measure: string; year: number; n: number; batch: string }>(
      `SELECT measure, year, count(*) AS n, any_value(${batch}) AS batch FROM ${long.table} GROUP BY ALL ORDER BY measure, year`,
    );
    result.rowsLoaded = summary.reduce((s, r) => s + r.n, 0);
    result.details = { level, batches: summary.map((s) => s.batch) };
    result.notes.push(
      `${result.rowsLoaded} values at ${level} level: ${summary.map((s) => `${s.measure} ${s.year} (${s.n})`).join(', ')}`,
    );
    if (result.rowsReplaced > 0)
      result.notes.push(`replaced ${result.rowsReplaced} values loaded earlier for the same measures, years and level`);
    if (result.duplicatesDropped > 0)
      result.notes.push(`${result.duplicatesDropped} repeated values (same area, year and measure) counted once`);
    const unknown = await unknownAreas(ctx.store, long.table);
    if (unknown !== null) result.notes.push(unknown);
    result.rejectsFile = await writeRejectsIfAny(ctx, file, long.rejected);
    await ctx.finishImport(importId, result);
    return result;
  } finally {
    await dropStage(ctx.store, long.table);
  }
}

async function createLongTable(store: Store): Promise<string> {
  const table = tempName('population');
  await store.run(
    `CREATE TEMP TABLE ${table} (area_code VARCHAR, year INTEGER, measure VARCHAR, value DOUBLE, _line BIGINT, _where VARCHAR)`,
  );
  return table;
}

// ---------------------------------------------------------------------------------------------
// CSV

const v = (index: number) => `NULLIF(trim(${stageColumn(index)}), '')`;
const number = (index: number) => `TRY_CAST(replace(${v(index)}, ',', '') AS DOUBLE)`;

type LayoutAndHeaders = { layout: PopulationLayout; headers: string[] };

/** The layout of a file without a header row, from --columns. */
function declaredLayout(file: FileProbe, columns: readonly string[], headerCells: string[]): LayoutAndHeaders {
  const headers = columns.map((c) => c.trim());
  if (readPopulationLayout(headerCells) !== null) {
    throw new SaferError('The file has a header row, but --columns was given', {
      file: file.displayName,
      line: 1,
      value: file.header,
      hint: 'Leave out --columns: it is only for files without a header row.',
    });
  }
  const layout = readPopulationLayout(headers);
  if (!layout) {
    throw new SaferError('The declared columns name no area code and no measure', {
      file: file.displayName,
      value: headers.join(','),
      hint: `Declare the columns in file order, e.g. ${EXAMPLE_COLUMNS} (code, then population, households or an age band).`,
    });
  }
  if (headerCells.length !== headers.length) {
    throw new SaferError(`--columns declares ${headers.length} columns but the first line has ${headerCells.length}`, {
      file: file.displayName,
      line: 1,
      value: file.header,
      hint: `Declare every column in file order, e.g. ${EXAMPLE_COLUMNS}.`,
    });
  }
  return { layout, headers };
}

/** The layout of a file from its own header row. */
function headerLayout(file: FileProbe, headerCells: string[]): LayoutAndHeaders {
  const layout = readPopulationLayout(headerCells);
  if (!layout && looksHeaderless(headerCells)) {
    throw new SaferError('The file has no header row', {
      file: file.displayName,
      line: 1,
      value: file.header,
      hint: `Declare its columns and year, e.g. ${EXAMPLE_COLUMNS}.`,
    });
  }
  if (!layout) {
    throw new SaferError('No area code column or no population, households or age column in the header', {
      file: file.displayName,
      line: 1,
      value: file.header,
      hint: 'A population CSV starts with area_code,year,population[,households] or area_code,year,measure,value (ONS headers such as "Area code" and "All persons, 2021" also work).',
    });
  }
  return { layout, headers: headerCells };
}

async function longFromCsv(ctx: ImportContext, file: FileProbe): Promise<LongTable> {
  const { options, store } = ctx;
  const headerCells = parseCsvHeader(file.header.replace(/\r$/, ''));
  if (file.header.trim() === '')
    throw emptyFileError(
      file,
      'a population CSV: area_code,year,population[,households] or area_code,year,measure,value',
    );
  const declared = Boolean(options.columns && options.columns.length > 0);
  const { layout, headers } = declared
    ? declaredLayout(file, options.columns!, headerCells)
    : headerLayout(file, headerCells);
  const year = resolveYear(file, options, layout, declared);

  const staged = await stageCsv(store, file, headers, { header: !declared });
  const table = await createLongTable(store);
  try {
    const rejected = handleMalformed(ctx, file, staged.malformed);
    if (staged.rows === 0 && rejected.length === 0) throw noRowsError(file, declared ? 1 : 2);
    rejected.push(...(await applyRowChecks(ctx, file, staged.table, populationChecks(layout, headers))));
    const codeSql = v(layout.code);
    const yearSql = layout.year !== null ? `TRY_CAST(${v(layout.year)} AS INTEGER)` : String(year);
    const selects = layout.long
      ? [
          `SELECT ${codeSql}, ${yearSql}, lower(${v(layout.long.measure)}), ${number(layout.long.value)}, _line, NULL FROM ${staged.table} WHERE ${v(layout.long.value)} IS NOT NULL`,
        ]
      : layout.measures.map(
          (m) =>
            `SELECT ${codeSql}, ${m.year ?? yearSql}, ${quoteLiteral(m.measure)}, ${number(m.index)}, _line, NULL FROM ${staged.table} WHERE ${v(m.index)} IS NOT NULL`,
        );
    await store.run(`INSERT INTO ${table} ${selects.join(' UNION ALL ')}`);
    const notes: string[] = [];
    if (layout.skipped.length > 0) notes.push(`columns not loaded: ${layout.skipped.join(', ')}`);
    const empty = await store.one<{ n: number }>(
      `SELECT ${layout.long ? `count(*) FILTER (WHERE ${v(layout.long.value)} IS NULL)` : layout.measures.map((m) => `count(*) FILTER (WHERE ${v(m.index)} IS NULL)`).join(' + ')} AS n FROM ${staged.table}`,
    );
    if (empty?.n) notes.push(`${empty.n} empty cells skipped`);
    return { table, rowsRead: staged.rows + staged.malformed.length, rejected, notes };
  } catch (error) {
    await dropStage(store, table);
    throw error;
  } finally {
    await dropStage(store, staged.table);
  }
}

/**
 * The year of measure columns whose header names none: a year column in the rows, then --year,
 * then the file name (`census2011`, `mid2019`). A file without a header must be given --year
 * (or declare a year column): its name is not trusted alone.
 */
function resolveYear(
  file: FileProbe,
  options: ImportOptions,
  layout: PopulationLayout,
  headerless: boolean,
): number | null {
  const needed = layout.year === null && (layout.long !== null || layout.measures.some((m) => m.year === null));
  if (!needed) return null;
  const year = options.year ?? (headerless ? null : yearFromFileName(file.name));
  if (year === null || year === undefined) {
    throw new SaferError(
      headerless ? 'A file without a header row needs --year' : 'The file does not say which year its figures are for',
      {
        file: file.displayName,
        line: 1,
        value: file.header,
        hint: headerless
          ? `Declare its columns and year, e.g. ${EXAMPLE_COLUMNS}.`
          : 'Give --year (e.g. --year 2022), add a year column, or name the year in the header ("All persons, 2021") or the file name (mid2022, census2021).',
      },
    );
  }
  if (!Number.isInteger(year) || year < 1800 || year > 2100) {
    throw new SaferError('--year is not a year', { value: String(year), hint: 'Give a four-digit year such as 2019.' });
  }
  return year;
}

function populationChecks(layout: PopulationLayout, headers: readonly string[]): RowCheck[] {
  const checks: RowCheck[] = [
    {
      column: headers[layout.code]!,
      when: `${v(layout.code)} IS NULL OR NOT regexp_full_match(${v(layout.code)}, ${quoteLiteral(AREA_CODE)})`,
      value: v(layout.code),
      reason: 'Not an area code',
      hint: 'Area codes are GSS codes such as E01023345 or E07000096 (or Northern Ireland SOAs such as 95AA01S1).',
    },
  ];
  if (layout.year !== null) {
    checks.push({
      column: headers[layout.year]!,
      when: `${v(layout.year)} IS NULL OR NOT regexp_full_match(${v(layout.year)}, '(18|19|20)[0-9]{2}')`,
      value: v(layout.year),
      reason: 'Not a year',
      hint: 'The year column holds four-digit years such as 2019.',
    });
  }
  if (layout.long) {
    checks.push({
      column: headers[layout.long.measure]!,
      when: `${v(layout.long.measure)} IS NULL`,
      value: `''`,
      reason: 'The measure is empty',
      hint: 'Name the measure of each row: population, households or an age band such as age:0-4.',
    });
  }
  const values = layout.long ? [layout.long.value] : layout.measures.map((m) => m.index);
  for (const index of values) {
    checks.push({
      column: headers[index]!,
      when: `${v(index)} IS NOT NULL AND coalesce(${number(index)}, -1) < 0`,
      value: v(index),
      reason: 'Not a count (a number zero or more)',
      hint: 'Population and households are counts; leave a cell empty when the value is not known.',
    });
  }
  return checks;
}

// ---------------------------------------------------------------------------------------------
// XLSX

async function longFromWorkbook(ctx: ImportContext, file: FileProbe): Promise<LongTable> {
  const read = await readPopulationWorkbook(file, ctx.options);
  if (read.cells.length === 0 && read.rejected.length === 0) {
    throw new SaferError('No sheet of this workbook holds area codes with population, households or age columns', {
      file: file.displayName,
      hint: 'A sheet needs a header row with an area code column ("Area code", "LAD21CD") and count columns ("All persons, 2021", "Households", "Aged 5 to 9"). Or export the sheet as area_code,year,population CSV.',
    });
  }
  // The workbook's values go through DuckDB's CSV reader like every other file.
  const dir = mkdtempSync(join(tmpdir(), 'safer-population-'));
  const table = await createLongTable(ctx.store);
  try {
    const path = join(dir, 'values.csv');
    const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
    const lines = read.cells.map((c) =>
      [quote(c.areaCode), c.year, quote(c.measure), c.value, c.row, quote(c.where)].join(','),
    );
    writeFileSync(path, `area_code,year,measure,value,line,where\n${lines.join('\n')}\n`);
    await ctx.store
      .run(`INSERT INTO ${table} SELECT * FROM read_csv(${quoteLiteral(path)}, header = true, auto_detect = false,
      delim = ',', quote = '"', escape = '"',
      columns = {'area_code': 'VARCHAR', 'year': 'INTEGER', 'measure': 'VARCHAR', 'value': 'DOUBLE', 'line': 'BIGINT', 'where': 'VARCHAR'})`);
    return { table, rowsRead: read.cells.length + read.rejected.length, rejected: read.rejected, notes: read.notes };
  } catch (error) {
    await dropStage(ctx.store, table);
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Shared

/** The same area, year and measure twice: identical values count once; different values stop the import. */
async function collapseDuplicates(store: Store, file: FileProbe, table: string): Promise<number> {
  const conflict = await store.one<{
    area_code: string;
    year: number;
    measure: string;
    values: string;
    first: number;
    second: number;
    where1: string | null;
    where2: string | null;
  }>(
    `SELECT area_code, year, measure, string_agg(DISTINCT value::VARCHAR, ' and ') AS values,
            min(_line) AS first, max(_line) AS second, min(_where) AS where1, max(_where) AS where2
     FROM ${table} GROUP BY area_code, year, measure HAVING count(DISTINCT value) > 1 ORDER BY first LIMIT 1`,
  );
  if (conflict) {
    const places = conflict.where1
      ? `${conflict.where1} and ${conflict.where2}`
      : `lines ${conflict.first} and ${conflict.second}`;
    throw new SaferError(
      `Two different ${conflict.measure} values for ${conflict.area_code} in ${conflict.year} (${places})`,
      {
        file: file.displayName,
        line: conflict.second,
        value: conflict.values,
        hint: 'Keep one row per area, year and measure.',
      },
    );
  }
  const before = await store.one<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
  await store.run(`CREATE OR REPLACE TEMP TABLE ${table} AS
    SELECT area_code, year, measure, any_value(value) AS value, min(_line) AS _line, min(_where) AS _where FROM ${table} GROUP BY ALL`);
  const after = await store.one<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
  return (before?.n ?? 0) - (after?.n ?? 0);
}

/** The finest level among a file's codes (`district` for a table of districts, counties, regions and countries). */
async function finestLevelOf(store: Store, table: string): Promise<AreaLevel | 'other'> {
  const samples = await store.all<{ code: string }>(
    `SELECT any_value(area_code) AS code FROM ${table} GROUP BY left(area_code, 3)`,
  );
  return finestLevel(samples.map((s) => levelOfCode(s.code)).filter((l): l is AreaLevel => l !== null)) ?? 'other';
}

async function unknownAreas(store: Store, table: string): Promise<string | null> {
  const loaded = await store.one<{ n: number }>('SELECT count(*) AS n FROM areas');
  if (!loaded?.n) return null;
  const r = await store.one<{ n: number; example: string | null }>(
    `SELECT count(DISTINCT area_code) AS n, min(area_code) AS example FROM ${table} t ANTI JOIN areas a ON a.code = t.area_code`,
  );
  return r?.n ? `${r.n} area codes are not in the loaded geography (e.g. ${r.example}): their figures are kept` : null;
}
