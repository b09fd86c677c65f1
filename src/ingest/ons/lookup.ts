import { SaferError } from '../../core/errors.ts';
import type { RowCheck } from '../lifecycle/row-check.ts';
import { quoteLiteral, type Store } from '../../store/db.ts';
import { normaliseHeader, parseCsvHeader } from '../csv-header.ts';
import type { FileProbe } from '../files.ts';
import { emptyResult, type ImportContext, type ImportOptions, type ImportResult, type Importer } from '../types.ts';
import { LEVEL_CODE_EXAMPLE, LEVEL_CODE_PATTERN, PREFIX_LEVELS } from './geography.ts';
import { planLookup, readLookupHeader, type CodeColumn, type LookupHeader, type LookupPlan } from './lookup-layout.ts';
import { looksLikeMeasureHeader } from './population-layout.ts';
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

const TABLES = ['areas', 'area_parents', 'area_crosswalks'] as const;

export const onsLookupImporter: Importer = {
  kind: 'ons-lookup',
  tables: TABLES,
  detect: detectLookup,
  load: loadLookups,
};

function headersOf(file: FileProbe): string[] {
  return parseCsvHeader(file.header.replace(/\r$/, ''));
}

/** Columns a lookup or code list may carry besides codes and names. */
const LOOKUP_EXTRAS =
  /^(fid|objectid|globalid|lat|latitude|long|longitude|lon|chgind|bnge|bngn|current|sourcefile|shapearea|shapelength)$/;
const AREA_LIKE = /^[A-Za-z]+\d{0,2}(CD|NM|NMW)(_[A-Za-z]+)?$/i;

export function detectLookup(file: FileProbe, options: ImportOptions): number {
  // A mapping names a partner extract: its geography columns do not make it a lookup.
  if (file.format !== 'csv' || options.mapping || /^crime id,month,/i.test(file.header)) return 0;
  const headers = headersOf(file);
  if (headers.some(looksLikeMeasureHeader) || headers.some((h) => /peer/i.test(h))) return 0;
  const header = readLookupHeader(headers);
  if (header.codes.length === 0) return 0;
  // Records that carry LSOA and ward codes among many other columns are not lookups.
  const others = headers.filter((h) => !AREA_LIKE.test(h.trim()) && !LOOKUP_EXTRAS.test(normaliseHeader(h)));
  if (others.length > 2) return 20;
  if (header.codes.length >= 2) return 90;
  return header.codes[0]!.nameIndex !== null || header.latitude !== null ? 85 : 40;
}

async function loadLookups(
  ctx: ImportContext,
  files: FileProbe[],
  checksums: Map<FileProbe, string>,
): Promise<ImportResult[]> {
  return loadEachFile(ctx, 'Loading geography lookups', files, checksums, (file, sum) => loadLookup(ctx, file, sum));
}

const value = (c: CodeColumn | number) => `NULLIF(trim(${stageColumn(typeof c === 'number' ? c : c.index)}), '')`;

async function loadLookup(ctx: ImportContext, file: FileProbe, checksum: string): Promise<ImportResult> {
  const { store } = ctx;
  if (file.header.trim() === '')
    throw emptyFileError(
      file,
      'an ONS lookup CSV with a header such as LSOA11CD,LSOA11NM,WD19CD,WD19NM,LAD19CD,LAD19NM',
    );
  const headers = headersOf(file);
  const header = readLookupHeader(headers);
  if (header.codes.length === 0) throw noCodeColumn(file, headers);

  const staged = await stageCsv(store, file, headers, { header: true });
  try {
    const rejected = handleMalformed(ctx, file, staged.malformed);
    if (staged.rows === 0 && rejected.length === 0) throw noRowsError(file);
    rejected.push(...(await applyRowChecks(ctx, file, staged.table, lookupChecks(header, headers))));

    const columns = await dropDuplicateColumns(store, staged.table, header.codes);
    const plan = planLookup(columns, header.latitude !== null && header.longitude !== null);
    const importId = await ctx.beginImport(file, 'ons-lookup', ctx.options.source ?? 'ons', checksum);
    const result = emptyResult(file, 'ons-lookup', importId);
    result.rowsRead = staged.rows + staged.malformed.length;
    result.rowsRejected = rejected.length;

    for (const table of TABLES) {
      const r = await store.one<{ n: number }>({
        sql: `SELECT count(*) AS n FROM ${table} WHERE batch = ?`,
        params: [plan.batch],
      });
      result.rowsReplaced += r?.n ?? 0;
      await retireRows(store, table, 'batch = ?', [plan.batch]);
    }
    const areas = await insertAreas(store, staged.table, plan, header, importId);
    const parents = await insertParents(store, staged.table, plan, importId);
    const crosswalks = await insertCrosswalks(store, staged.table, plan, header, importId);
    result.rowsLoaded = areas + parents + crosswalks;
    result.details = { batch: plan.batch, areas, parents, crosswalks };
    result.notes.push(describe(plan, areas, parents, crosswalks));
    if (columns.length < header.codes.length) {
      const dropped = header.codes.filter((c) => !columns.includes(c)).map((c) => c.header);
      result.notes.push(
        `${dropped.join(', ')} repeat${dropped.length === 1 ? 's' : ''} another code column of the same level and was ignored`,
      );
    }
    if (header.ignored.length > 0)
      result.notes.push(`code columns of levels Safer does not use were ignored: ${header.ignored.join(', ')}`);
    if (result.rowsReplaced > 0)
      result.notes.push(`replaced ${result.rowsReplaced} rows of an earlier import of the same lookup (${plan.batch})`);
    result.rejectsFile = await writeRejectsIfAny(ctx, file, rejected);
    await ctx.finishImport(importId, result);
    return result;
  } finally {
    await dropStage(store, staged.table);
  }
}

function noCodeColumn(file: FileProbe, headers: readonly string[]): SaferError {
  return new SaferError('No area code column recognised in the header', {
    file: file.displayName,
    line: 1,
    value: headers.join(','),
    hint: `A lookup names its code columns <PREFIX><YY>CD, e.g. LSOA11CD, WD19CD, LAD19CD (known prefixes: ${Object.keys(PREFIX_LEVELS).join(', ')}). Rename the columns, or give another --kind.`,
  });
}

function lookupChecks(header: LookupHeader, headers: readonly string[]): RowCheck[] {
  const checks: RowCheck[] = header.codes.map((c) => ({
    column: c.header,
    when: `${value(c)} IS NOT NULL AND NOT regexp_full_match(${value(c)}, ${quoteLiteral(LEVEL_CODE_PATTERN[c.level])})`,
    value: value(c),
    reason: `Not a ${c.level} code`,
    hint: `${c.header} holds ${c.level} codes such as ${LEVEL_CODE_EXAMPLE[c.level]}; check the column is the one its header says.`,
  }));
  for (const [index, range] of [
    [header.latitude, 90],
    [header.longitude, 180],
  ] as const) {
    if (index === null) continue;
    const v = value(index);
    checks.push({
      column: headers[index]!,
      when: `${v} IS NOT NULL AND abs(coalesce(TRY_CAST(${v} AS DOUBLE), 1000)) > ${range}`,
      value: v,
      reason: 'Not a coordinate in decimal degrees',
      hint: 'Centroids are WGS84 latitude and longitude in decimal degrees (e.g. 51.75, -0.47).',
    });
  }
  return checks;
}

/** A second column of the same level holding exactly the same codes (`LSOACD` and `lsoa11cd`) adds nothing. */
async function dropDuplicateColumns(store: Store, table: string, codes: readonly CodeColumn[]): Promise<CodeColumn[]> {
  const kept: CodeColumn[] = [];
  for (const c of codes) {
    let duplicate = false;
    for (const k of kept.filter((x) => x.level === c.level)) {
      const r = await store.one<{ n: number }>(
        `SELECT count(*) AS n FROM ${table} WHERE ${value(c)} IS DISTINCT FROM ${value(k)}`,
      );
      if (r?.n === 0) duplicate = true;
    }
    if (!duplicate) kept.push(c);
  }
  return kept;
}

async function insertAreas(
  store: Store,
  table: string,
  plan: LookupPlan,
  header: LookupHeader,
  importId: number,
): Promise<number> {
  const selects = plan.columns.map((c) => {
    const centroid = c === plan.child && header.latitude !== null && header.longitude !== null;
    return `SELECT ${value(c)} AS code, ${c.nameIndex === null ? 'NULL' : value(c.nameIndex)} AS name,
              ${quoteLiteral(c.level)} AS level, ${quoteLiteral(c.vintage)} AS vintage,
              ${centroid ? `TRY_CAST(${value(header.latitude!)} AS DOUBLE)` : 'NULL::DOUBLE'} AS latitude,
              ${centroid ? `TRY_CAST(${value(header.longitude!)} AS DOUBLE)` : 'NULL::DOUBLE'} AS longitude
            FROM ${table} WHERE ${value(c)} IS NOT NULL`;
  });
  return insertCounted(
    store,
    'areas',
    `INSERT INTO areas (import_id, batch, code, name, level, vintage, latitude, longitude)
     SELECT ?, ?, code, any_value(name), level, vintage, any_value(latitude), any_value(longitude)
     FROM (${selects.join(' UNION ALL ')}) GROUP BY code, level, vintage`,
    [importId, plan.batch],
    importId,
  );
}

async function insertParents(store: Store, table: string, plan: LookupPlan, importId: number): Promise<number> {
  if (plan.parents.length === 0) return 0;
  const selects = plan.parents.map(
    (p) => `SELECT ${value(plan.child)} AS child_code, ${quoteLiteral(plan.child.level)} AS child_level,
                   ${value(p)} AS parent_code, ${quoteLiteral(p.level)} AS parent_level, ${quoteLiteral(p.vintage)} AS vintage
            FROM ${table} WHERE ${value(plan.child)} IS NOT NULL AND ${value(p)} IS NOT NULL`,
  );
  return insertCounted(
    store,
    'area_parents',
    `INSERT INTO area_parents (import_id, batch, child_code, child_level, parent_code, parent_level, vintage)
     SELECT DISTINCT ?, ?, * FROM (${selects.join(' UNION ALL ')})`,
    [importId, plan.batch],
    importId,
  );
}

async function insertCrosswalks(
  store: Store,
  table: string,
  plan: LookupPlan,
  header: LookupHeader,
  importId: number,
): Promise<number> {
  if (plan.crosswalks.length === 0) return 0;
  // CHGIND describes the change of the lookup's own (finest) level.
  const selects = plan.crosswalks.map(
    ({ from, to }) => `SELECT ${value(from)} AS from_code, ${quoteLiteral(from.vintage)} AS from_vintage,
                              ${value(to)} AS to_code, ${quoteLiteral(to.vintage)} AS to_vintage,
                              ${header.change !== null && to === plan.child ? `upper(${value(header.change)})` : 'NULL'} AS change
                       FROM ${table} WHERE ${value(from)} IS NOT NULL AND ${value(to)} IS NOT NULL`,
  );
  return insertCounted(
    store,
    'area_crosswalks',
    `INSERT INTO area_crosswalks (import_id, batch, from_code, from_vintage, to_code, to_vintage, change)
     SELECT DISTINCT ?, ?, * FROM (${selects.join(' UNION ALL ')})`,
    [importId, plan.batch],
    importId,
  );
}

async function insertCounted(
  store: Store,
  table: string,
  sql: string,
  params: (string | number)[],
  importId: number,
): Promise<number> {
  await store.run({ sql, params });
  const r = await store.one<{ n: number }>({
    sql: `SELECT count(*) AS n FROM ${table} WHERE import_id = ?`,
    params: [importId],
  });
  return r?.n ?? 0;
}

function describe(plan: LookupPlan, areas: number, parents: number, crosswalks: number): string {
  const levels = plan.columns.map((c) => `${c.level} ${c.vintage}`).join(', ');
  const parts = [
    `${areas} areas (${levels})`,
    `${parents} child→parent links from ${plan.child.level} ${plan.child.vintage}`,
  ];
  if (crosswalks > 0)
    parts.push(
      `${crosswalks} crosswalk rows (${plan.crosswalks.map((x) => `${x.from.header}→${x.to.header}`).join(', ')})`,
    );
  return parts.join('; ');
}
