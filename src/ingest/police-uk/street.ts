import { SaferError } from '../../core/errors.ts';
import type { StoredRowCheck } from '../lifecycle/row-check.ts';
import { POLICE_UK_TYPES } from '../../core/taxonomy/police-uk-types.ts';
import { quoteLiteral, type Store } from '../../store/db.ts';
import {
  checkHeader,
  dropRejectTables,
  malformedRows,
  readCsvSql,
  rejectTables,
  throwFirstMalformed,
} from '../csv-read.ts';
import type { FileProbe } from '../files.ts';
import { emptyResult, type ImportContext, type ImportResult, type RejectedRow } from '../types.ts';
import { STREET } from './formats.ts';
import { registerFiles, replaceBatches, applyChecks } from './shared.ts';

const SENTINEL_MONTH = "DATE '0001-01-01'";

/** Checks on each row: how to find a bad row in the store, and in the raw file (for its line). */
const STREET_CHECKS: readonly StoredRowCheck[] = [
  {
    column: 'Month',
    reason: 'Month is not a YYYY-MM month',
    stored: `month = ${SENTINEL_MONTH}`,
    when: `month IS NULL OR NOT regexp_full_match(month, '\\d{4}-(0[1-9]|1[0-2])')`,
    value: 'month',
    hint: 'data.police.uk months look like 2021-01; check the file was not edited in Excel (which rewrites dates).',
  },
  {
    column: 'Longitude',
    reason: 'Longitude or latitude is not a number',
    stored: 'isnan(longitude) OR isnan(latitude)',
    when: '(longitude IS NOT NULL AND TRY_CAST(longitude AS DOUBLE) IS NULL) OR (latitude IS NOT NULL AND TRY_CAST(latitude AS DOUBLE) IS NULL)',
    value: "concat_ws(',', longitude, latitude)",
    hint: 'Coordinates are decimal degrees (e.g. -0.48, 51.75) or empty when there is no location.',
  },
  {
    column: 'LSOA code',
    reason: 'LSOA code is not an England or Wales LSOA code (E01……… or W01………)',
    stored: "lsoa IS NOT NULL AND NOT regexp_full_match(lsoa, '[EW]01[0-9]{6}')",
    when: "lsoa_code IS NOT NULL AND NOT regexp_full_match(lsoa_code, '[EW]01[0-9]{6}')",
    value: 'lsoa_code',
    hint: 'Leave the LSOA code empty for rows without a location.',
  },
  {
    column: 'Crime type',
    reason: 'Unknown crime type',
    stored: `category NOT IN (${POLICE_UK_TYPES.map(quoteLiteral).join(', ')})`,
    when: `crime_type IS NULL OR (crime_type NOT IN (${POLICE_UK_TYPES.map(quoteLiteral).join(', ')}) AND crime_type NOT IN (SELECT old_name FROM crime_type_aliases))`,
    value: 'crime_type',
    hint: `Known types: ${POLICE_UK_TYPES.join(', ')} (older names are mapped; see docs/import-rules.md).`,
  },
  {
    column: 'Falls within',
    reason: 'The force ("Falls within") is empty',
    stored: 'force IS NULL',
    when: 'falls_within IS NULL',
    value: 'falls_within',
    hint: 'Every data.police.uk row names its force; use the file as downloaded.',
  },
];

export async function loadStreet(
  ctx: ImportContext,
  files: FileProbe[],
  checksums: Map<FileProbe, string>,
): Promise<ImportResult[]> {
  const { store } = ctx;
  for (const file of files) checkHeader(file, STREET.header, 'data.police.uk street-level crime');
  const ids = await registerFiles(ctx, files, checksums, 'police-uk-street');
  const firstId = Math.min(...ids.values());
  const results = new Map(files.map((f) => [f, emptyResult(f, 'police-uk-street', ids.get(f)!)]));

  ctx.progress.start('Reading street-level files', 3);
  const rejects = rejectTables();
  try {
    await store.run(`
      INSERT INTO events (import_id, batch, source, kind, record_id, month, category, lsoa, force,
                          longitude, latitude, location, outcome, context, attrs, ward_code, district_code, located, lsoa_rule)
      SELECT f.import_id,
             'police-uk/street/' || coalesce(r.falls_within, '') || '/' || coalesce(r.month, ''),
             'police-uk',
             CASE WHEN coalesce(a.police_uk_type, r.crime_type) = 'Anti-social behaviour' THEN 'incident' ELSE 'crime' END,
             r.crime_id,
             coalesce(try_strptime(r.month || '-01', '%Y-%m-%d')::DATE, ${SENTINEL_MONTH}),
             coalesce(a.police_uk_type, r.crime_type, ''),
             r.lsoa_code,
             r.falls_within,
             CASE WHEN r.longitude IS NULL THEN NULL ELSE coalesce(TRY_CAST(r.longitude AS DOUBLE), 'NaN'::DOUBLE) END,
             CASE WHEN r.latitude IS NULL THEN NULL ELSE coalesce(TRY_CAST(r.latitude AS DOUBLE), 'NaN'::DOUBLE) END,
             r.location,
             r.last_outcome,
             r.context,
             CASE WHEN r.reported_by IS DISTINCT FROM r.falls_within OR a.old_name IS NOT NULL
                  THEN json_object('reported_by', r.reported_by, 'published_type', CASE WHEN a.old_name IS NOT NULL THEN r.crime_type END) END,
             l.ward, l.district, l.lsoa IS NOT NULL, l.rule
      FROM ${readCsvSql(files, STREET.columns, rejects)} r
      JOIN _import_files f ON f.path = r.filename
      LEFT JOIN crime_type_aliases a ON a.old_name = r.crime_type
      LEFT JOIN lsoa_lookup l ON l.lsoa = r.lsoa_code`);
    ctx.progress.update(1, 'Checking rows');

    const malformed = await malformedRows(store, rejects, files);
    for (const file of files) {
      const bad = malformed.get(file);
      if (!bad) continue;
      if (!ctx.options.skipBadRows) throwFirstMalformed(file, bad);
      collectRejects(results.get(file)!, bad);
    }
    const invalid = await applyChecks(ctx, files, ids, STREET_CHECKS, STREET.columns, 'events');
    for (const [file, rows] of invalid) collectRejects(results.get(file)!, rows);

    await countRead(store, firstId, results, ids);
    await dropDuplicates(store, firstId, results, ids);
    ctx.progress.update(2, 'Replacing earlier downloads');
    const replaced = await replaceBatches(store, 'events', firstId, describeStreetChange);
    for (const [file, result] of results) {
      const id = ids.get(file)!;
      result.rowsReplaced = replaced.replacedByImport.get(id) ?? 0;
      result.notes.push(...(replaced.notesByImport.get(id) ?? []));
    }
    await countLoaded(store, firstId, results, ids);
    await noteUnknownLsoas(store, firstId, results, ids);
    for (const [file, result] of results) {
      if (result.rowsRejected > 0) result.rejectsFile = await ctx.writeRejects(file, rejectedRows.get(result) ?? []);
      await ctx.finishImport(result.importId!, result);
    }
    ctx.progress.update(3);
    return [...results.values()];
  } finally {
    ctx.progress.stop();
    await dropRejectTables(store, rejects);
  }
}

const rejectedRows = new WeakMap<ImportResult, RejectedRow[]>();
function collectRejects(result: ImportResult, rows: RejectedRow[]): void {
  const list = rejectedRows.get(result) ?? [];
  list.push(...rows);
  rejectedRows.set(result, list);
  result.rowsRejected += rows.length;
}

/** Rows per import just loaded, and how many of them have no LSOA. */
async function countByImport(store: Store, firstId: number): Promise<Map<number, { n: number; noLocation: number }>> {
  const rows = await store.all<{ import_id: number; n: number; no_loc: number }>({
    sql: 'SELECT import_id, count(*) AS n, count(*) FILTER (WHERE lsoa IS NULL) AS no_loc FROM events WHERE import_id >= ? GROUP BY import_id',
    params: [firstId],
  });
  return new Map(rows.map((r) => [r.import_id, { n: r.n, noLocation: r.no_loc }]));
}

async function countRead(
  store: Store,
  firstId: number,
  results: Map<FileProbe, ImportResult>,
  ids: Map<FileProbe, number>,
): Promise<void> {
  const counts = await countByImport(store, firstId);
  for (const [file, result] of results) {
    result.rowsRead = (counts.get(ids.get(file)!)?.n ?? 0) + result.rowsRejected;
    if (result.rowsRead === 0) noRows(file);
  }
}

/**
 * One record per Crime ID within a force-month: exact copies are dropped; among copies that
 * differ, the one with an LSOA (then coordinates) is kept, remaining ties broken by content so
 * the choice does not depend on read order.
 */
async function dropDuplicates(
  store: Store,
  firstId: number,
  results: Map<FileProbe, ImportResult>,
  ids: Map<FileProbe, number>,
): Promise<void> {
  // Grouping 2 million 64-character IDs is slow; grouping their hashes finds the few repeated ones fast.
  await store.run({
    sql: `CREATE OR REPLACE TEMP TABLE _dup_candidates AS
          SELECT import_id, hash(record_id) AS h FROM events
          WHERE import_id >= ? AND record_id IS NOT NULL GROUP BY ALL HAVING count(*) > 1`,
    params: [firstId],
  });
  await store.run({
    sql: `CREATE OR REPLACE TEMP TABLE _dup_groups AS
          SELECT e.import_id, e.batch, e.record_id, count(*) AS n,
                 count(DISTINCT (e.month, e.category, e.lsoa, e.longitude, e.latitude, e.location, e.outcome, e.context)) AS variants,
                 bool_or(e.lsoa IS NOT NULL) AND bool_or(e.lsoa IS NULL) AS mixed_location
          FROM events e SEMI JOIN _dup_candidates c ON c.import_id = e.import_id AND c.h = hash(e.record_id)
          WHERE e.import_id >= ? AND e.record_id IS NOT NULL
          GROUP BY ALL HAVING count(*) > 1`,
    params: [firstId],
  });
  await store.run('DROP TABLE _dup_candidates');
  const stats = await store.all<{ import_id: number; exact: number; located: number; conflicting: number }>(
    `SELECT import_id, sum(n - variants) AS exact,
            sum(CASE WHEN mixed_location THEN variants - 1 ELSE 0 END) AS located,
            sum(CASE WHEN mixed_location THEN 0 ELSE variants - 1 END) AS conflicting
     FROM _dup_groups GROUP BY import_id`,
  );
  await store.run({
    sql: `DELETE FROM events WHERE rowid IN (
            SELECT rid FROM (
              SELECT e.rowid AS rid, row_number() OVER (
                       PARTITION BY e.import_id, e.batch, e.record_id
                       ORDER BY e.lsoa IS NULL, e.longitude IS NULL, e.category, e.lsoa, e.longitude, e.latitude,
                                e.location, e.outcome, e.context) AS rn
              FROM events e SEMI JOIN _dup_groups g
                ON g.import_id = e.import_id AND g.batch = e.batch AND g.record_id = e.record_id
              WHERE e.import_id >= ?)
            WHERE rn > 1)`,
    params: [firstId],
  });
  await store.run('DROP TABLE _dup_groups');
  const byId = new Map(stats.map((s) => [s.import_id, s]));
  for (const [file, result] of results) {
    const s = byId.get(ids.get(file)!);
    if (!s) continue;
    result.duplicatesDropped = s.exact + s.located + s.conflicting;
    result.details = {
      ...result.details,
      duplicates: { exactCopies: s.exact, unlocatedCopiesOfLocatedRows: s.located, conflictingCopies: s.conflicting },
    };
    result.notes.push(
      `duplicate Crime IDs: ${s.exact} exact copies dropped, ${s.located} unlocated copies of located rows dropped, ${s.conflicting} conflicting copies resolved to one row`,
    );
  }
}

async function countLoaded(
  store: Store,
  firstId: number,
  results: Map<FileProbe, ImportResult>,
  ids: Map<FileProbe, number>,
): Promise<void> {
  const counts = await countByImport(store, firstId);
  for (const [file, result] of results) {
    const c = counts.get(ids.get(file)!);
    result.rowsLoaded = c?.n ?? 0;
    result.rowsWithoutLocation = c?.noLocation ?? 0;
  }
}

/** LSOAs absent from a loaded lookup: the rows stay (counted for the force) but reach no district. */
async function noteUnknownLsoas(
  store: Store,
  firstId: number,
  results: Map<FileProbe, ImportResult>,
  ids: Map<FileProbe, number>,
): Promise<void> {
  const lookup = await store.one<{ n: number }>("SELECT count(*) AS n FROM area_parents WHERE child_level = 'lsoa'");
  if (!lookup?.n) {
    for (const result of results.values())
      result.notes.push('no LSOA lookup loaded yet: rows will reach districts once one is imported');
    return;
  }
  const rows = await store.all<{ import_id: number; n: number; lsoas: number }>({
    sql: `SELECT e.import_id, count(*) AS n, count(DISTINCT e.lsoa) AS lsoas
          FROM events e ANTI JOIN lsoa_lookup l ON l.lsoa = e.lsoa
          WHERE e.import_id >= ? AND e.lsoa IS NOT NULL GROUP BY e.import_id`,
    params: [firstId],
  });
  const byId = new Map(rows.map((r) => [r.import_id, r]));
  for (const [file, result] of results) {
    const r = byId.get(ids.get(file)!);
    if (r)
      result.notes.push(
        `${r.n} rows in ${r.lsoas} LSOAs not in the loaded lookup: kept for the force, not attributed to a district`,
      );
  }
}

async function describeStreetChange(store: Store, batch: string, oldIds: number[], newId: number): Promise<string> {
  const r = await store.one<{ before: number; after: number; outcome_changed: number; added: number; removed: number }>(
    {
      sql: `WITH o AS (SELECT record_id, any_value(outcome) AS outcome FROM events WHERE batch = ? AND import_id IN (SELECT unnest(?::INTEGER[])) AND record_id IS NOT NULL GROUP BY 1),
               n AS (SELECT record_id, any_value(outcome) AS outcome FROM events WHERE batch = ? AND import_id = ? AND record_id IS NOT NULL GROUP BY 1)
          SELECT (SELECT count(*) FROM events WHERE batch = ? AND import_id IN (SELECT unnest(?::INTEGER[]))) AS before,
                 (SELECT count(*) FROM events WHERE batch = ? AND import_id = ?) AS after,
                 (SELECT count(*) FROM o JOIN n USING (record_id) WHERE o.outcome IS DISTINCT FROM n.outcome) AS outcome_changed,
                 (SELECT count(*) FROM n ANTI JOIN o USING (record_id)) AS added,
                 (SELECT count(*) FROM o ANTI JOIN n USING (record_id)) AS removed`,
      params: [batch, `[${oldIds.join(',')}]`, batch, newId, batch, `[${oldIds.join(',')}]`, batch, newId],
    },
  );
  if (!r) return `${batch}: replaced`;
  return `${batch} replaces import #${oldIds.join(', #')}: ${r.before} → ${r.after} rows, ${r.outcome_changed} outcomes changed, ${r.added} Crime IDs added, ${r.removed} removed`;
}

export function noRows(file: FileProbe): never {
  throw new SaferError('The file has a header but no rows', {
    file: file.displayName,
    line: 2,
    hint: 'Download the month again.',
  });
}
