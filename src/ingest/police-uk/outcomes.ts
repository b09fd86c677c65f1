import type { StoredRowCheck } from '../lifecycle/row-check.ts';
import {
  checkHeader,
  dropRejectTables,
  malformedRows,
  readCsvSql,
  rejectTables,
  throwFirstMalformed,
} from '../csv-read.ts';
import type { FileProbe } from '../files.ts';
import { emptyResult, type ImportContext, type ImportKind, type ImportResult } from '../types.ts';
import { OUTCOMES, STOP_SEARCH, parsePoliceUkFileName, type PoliceUkFormat } from './formats.ts';
import { applyChecks, registerFiles, replaceBatches } from './shared.ts';
import { noRows } from './street.ts';
import { SaferError } from '../../core/errors.ts';

const MONTH_CHECK: StoredRowCheck = {
  column: 'Month',
  reason: 'Month is not a YYYY-MM month',
  stored: "month = DATE '0001-01-01'",
  when: "month IS NULL OR NOT regexp_full_match(month, '\\d{4}-(0[1-9]|1[0-2])')",
  value: 'month',
  hint: 'data.police.uk months look like 2021-01.',
};

const COORDINATE_CHECK: StoredRowCheck = {
  column: 'Longitude',
  reason: 'Longitude or latitude is not a number',
  stored: 'isnan(longitude) OR isnan(latitude)',
  when: '(longitude IS NOT NULL AND TRY_CAST(longitude AS DOUBLE) IS NULL) OR (latitude IS NOT NULL AND TRY_CAST(latitude AS DOUBLE) IS NULL)',
  value: "concat_ws(',', longitude, latitude)",
  hint: 'Coordinates are decimal degrees or empty.',
};

const coordinate = (c: string) =>
  `CASE WHEN r.${c} IS NULL THEN NULL ELSE coalesce(TRY_CAST(r.${c} AS DOUBLE), 'NaN'::DOUBLE) END`;

/** Outcomes files: one row per outcome event; Month is the outcome's month. */
export async function loadOutcomes(
  ctx: ImportContext,
  files: FileProbe[],
  checksums: Map<FileProbe, string>,
): Promise<ImportResult[]> {
  return loadSimple(
    ctx,
    files,
    checksums,
    'police-uk-outcomes',
    OUTCOMES,
    'police_outcomes',
    [MONTH_CHECK, COORDINATE_CHECK],
    (source) => `
    INSERT INTO police_outcomes (import_id, batch, crime_id, month, force, lsoa, longitude, latitude, location, outcome_type)
    SELECT f.import_id, 'police-uk/outcomes/' || r.falls_within || '/' || r.month, r.crime_id,
           coalesce(try_strptime(r.month || '-01', '%Y-%m-%d')::DATE, DATE '0001-01-01'), r.falls_within, r.lsoa_code,
           ${coordinate('longitude')}, ${coordinate('latitude')}, r.location, r.outcome_type
    FROM ${source} r JOIN _import_files f ON f.path = r.filename`,
  );
}

/** Stop-and-search files carry no force column: the force comes from the file name. */
export async function loadStopSearch(
  ctx: ImportContext,
  files: FileProbe[],
  checksums: Map<FileProbe, string>,
): Promise<ImportResult[]> {
  for (const file of files) {
    if (!parsePoliceUkFileName(file.name, STOP_SEARCH.suffix)) {
      throw new SaferError('Cannot tell the force and month of a stop-and-search file from its name', {
        file: file.displayName,
        hint: 'Keep the data.police.uk file name, e.g. 2021-01-hertfordshire-stop-and-search.csv.',
      });
    }
  }
  return loadSimple(
    ctx,
    files,
    checksums,
    'police-uk-stop-search',
    STOP_SEARCH,
    'stop_searches',
    [
      {
        column: 'Date',
        reason: 'Date is not an ISO date-time',
        stored: "datetime = TIMESTAMP '0001-01-01'",
        when: 'date IS NULL OR TRY_CAST(date AS TIMESTAMPTZ) IS NULL',
        value: 'date',
        hint: 'data.police.uk stop-and-search dates look like 2021-01-05T10:30:00+00:00.',
      },
      COORDINATE_CHECK,
    ],
    (source) => `
    INSERT INTO stop_searches (import_id, batch, force, month, datetime, search_type, part_of_operation, policing_operation,
      latitude, longitude, gender, age_range, self_defined_ethnicity, officer_defined_ethnicity, legislation,
      object_of_search, outcome, outcome_linked, removal_of_clothing)
    SELECT f.import_id, 'police-uk/stop-and-search/' || f.force || '/' || f.month, f.force,
           strptime(f.month || '-01', '%Y-%m-%d')::DATE,
           coalesce(TRY_CAST(TRY_CAST(r.date AS TIMESTAMPTZ) AS TIMESTAMP), TIMESTAMP '0001-01-01'),
           r.search_type, r.part_of_operation, r.policing_operation, ${coordinate('latitude')}, ${coordinate('longitude')},
           r.gender, r.age_range, r.self_defined_ethnicity, r.officer_defined_ethnicity, r.legislation, r.object_of_search,
           r.outcome, r.outcome_linked, r.removal_of_clothing
    FROM ${source} r JOIN (SELECT *, split_part(fname, '|', 1) AS month, split_part(fname, '|', 2) AS force FROM _import_files_named) f
      ON f.path = r.filename`,
    (file) => {
      const parsed = parsePoliceUkFileName(file.name, STOP_SEARCH.suffix)!;
      return `${parsed.month}|${parsed.force}`;
    },
  );
}

async function loadSimple(
  ctx: ImportContext,
  files: FileProbe[],
  checksums: Map<FileProbe, string>,
  kind: ImportKind,
  format: PoliceUkFormat,
  table: string,
  checks: StoredRowCheck[],
  insertSql: (source: string) => string,
  nameOf?: (file: FileProbe) => string,
): Promise<ImportResult[]> {
  const { store } = ctx;
  for (const file of files) checkHeader(file, format.header, `data.police.uk ${format.suffix}`);
  const ids = await registerFiles(ctx, files, checksums, kind);
  if (nameOf) {
    await store.run(
      'CREATE OR REPLACE TEMP TABLE _import_files_named (path VARCHAR, import_id INTEGER, fname VARCHAR)',
    );
    await store.append(
      '_import_files_named',
      ['path', 'import_id', 'fname'],
      files.map((f) => [f.path, ids.get(f)!, nameOf(f)]),
    );
  }
  const firstId = Math.min(...ids.values());
  const results = new Map(files.map((f) => [f, emptyResult(f, kind, ids.get(f)!)]));
  const rejects = rejectTables();
  try {
    await store.run(insertSql(readCsvSql(files, format.columns, rejects)));
    const malformed = await malformedRows(store, rejects, files);
    for (const file of files) {
      const bad = malformed.get(file);
      if (!bad) continue;
      if (!ctx.options.skipBadRows) throwFirstMalformed(file, bad);
      results.get(file)!.rowsRejected += bad.length;
    }
    const invalid = await applyChecks(ctx, files, ids, checks, format.columns, table);
    const read = await store.all<{ import_id: number; n: number }>({
      sql: `SELECT import_id, count(*) AS n FROM ${table} WHERE import_id >= ? GROUP BY import_id`,
      params: [firstId],
    });
    for (const [file, result] of results) {
      result.rowsRejected += invalid.get(file)?.length ?? 0;
      result.rowsRead = (read.find((r) => r.import_id === ids.get(file))?.n ?? 0) + result.rowsRejected;
      if (result.rowsRead === 0) noRows(file);
    }
    const replaced = await replaceBatches(
      store,
      table,
      firstId,
      async (_s, batch, oldIds, newId) => `${batch}: replaces import #${oldIds.join(', #')} with #${newId}`,
    );
    const loaded = await store.all<{ import_id: number; n: number }>({
      sql: `SELECT import_id, count(*) AS n FROM ${table} WHERE import_id >= ? GROUP BY import_id`,
      params: [firstId],
    });
    for (const [file, result] of results) {
      const id = ids.get(file)!;
      result.rowsLoaded = loaded.find((r) => r.import_id === id)?.n ?? 0;
      result.rowsReplaced = replaced.replacedByImport.get(id) ?? 0;
      result.notes.push(...(replaced.notesByImport.get(id) ?? []));
      if (result.rowsRejected > 0) {
        result.rejectsFile = await ctx.writeRejects(file, [
          ...(malformed.get(file) ?? []),
          ...(invalid.get(file) ?? []),
        ]);
      }
      await ctx.finishImport(id, result);
    }
    return [...results.values()];
  } finally {
    await dropRejectTables(store, rejects);
  }
}
