import type { Store } from './db.ts';

/**
 * Area resolution: the one place an event gets its ward and district (docs/storage.md).
 *
 * Each event's `ward_code` and `district_code` are stored on the row when it is imported: the
 * record's own ward or district when it names one, else those of its LSOA in the latest vintage
 * of the loaded lookup (the `lsoa_lookup` table, rebuilt from area_parents by refreshLookup); `located` says whether its LSOA is in that
 * lookup. When a lookup is imported, every event is resolved again and the counts follow.
 * Rules for other geographies (a 2011 → 2021 LSOA crosswalk, CSPs) plug in here by changing
 * `lsoa_lookup` or `resolvedColumns`: every reader sees only the stored columns.
 *
 * `event_counts` holds the events counted by everything an Assessment reads (area, month, day,
 * time, kind, source, offence code, category, sub-category, force, import and batch), kept
 * ordered by district and month as each batch is rewritten, so that one district's reads touch
 * only its own groups whatever else the store holds.
 */

/** The resolved columns for an event `e` joined (LEFT) to `lsoa_lookup` as `l`. */
export function resolvedColumns(e = 'e', l = 'l'): { ward: string; district: string; located: string; rule: string } {
  return {
    ward: `coalesce(${e}.ward, ${l}.ward)`,
    district: `coalesce(${e}.district, ${l}.district)`,
    located: `${l}.lsoa IS NOT NULL`,
    rule: `CASE WHEN ${e}.district IS NULL THEN ${l}.rule END`,
  };
}

/**
 * The latest vintage of each LSOA's ward and district, from the area_parents the lookups loaded and
 * the 2011 ↔ 2021 crosswalk (docs/national.md): a table rebuilt whenever a lookup is imported (it
 * was a view, grouped again on every read).
 */
export async function refreshLookup(store: Store): Promise<void> {
  await store.run('DELETE FROM lsoa_lookup');
  // lsoa_lookup_resolved (migration 3): each LSOA of either vintage, with the rule that resolved it
  await store.run(`INSERT INTO lsoa_lookup
    SELECT lsoa, ward, district, rule FROM lsoa_lookup_resolved
    ORDER BY district, lsoa`);
}

/**
 * Which events to resolve: those not resolved yet (new rows; `after` narrows the scan to rows of
 * imports after that id, which is where an import's new rows are), or every event (a lookup changed).
 */
export type ResolveScope = 'unresolved' | { unresolvedAfter: number } | 'all';

/**
 * Writes ward_code, district_code and located for the events in scope; with 'all', only rows
 * whose resolution changes are rewritten. Returns the batches whose rows changed district or ward
 * (their counts must be rebuilt).
 */
export async function resolveEvents(store: Store, scope: ResolveScope): Promise<string[]> {
  const c = resolvedColumns();
  // the import id is the pipeline's own integer, never text from a file
  const where =
    scope === 'all'
      ? ''
      : scope === 'unresolved'
        ? 'WHERE e.located IS NULL'
        : `WHERE e.import_id > ${Math.trunc(scope.unresolvedAfter)} AND e.located IS NULL`;
  await store.run(`CREATE OR REPLACE TEMP TABLE _resolved AS
    SELECT rid, batch, ward, district, located, rule FROM (
      SELECT e.rowid AS rid, e.batch, ${c.ward} AS ward, ${c.district} AS district, ${c.located} AS located, ${c.rule} AS rule,
             e.ward_code, e.district_code, e.located AS was_located, e.lsoa_rule AS was_rule
      FROM events e LEFT JOIN lsoa_lookup l ON l.lsoa = e.lsoa ${where})
    WHERE ward_code IS DISTINCT FROM ward OR district_code IS DISTINCT FROM district OR was_located IS DISTINCT FROM located
       OR was_rule IS DISTINCT FROM rule`);
  try {
    const batches = await store.all<{ batch: string }>('SELECT DISTINCT batch FROM _resolved ORDER BY 1');
    if (batches.length > 0) {
      await store.run(`UPDATE events SET ward_code = r.ward, district_code = r.district, located = r.located, lsoa_rule = r.rule
                       FROM _resolved r WHERE events.rowid = r.rid`);
    }
    return batches.map((b) => b.batch);
  } finally {
    await store.run('DROP TABLE IF EXISTS _resolved');
  }
}

/** The key columns of event_counts (besides n), in table order. */
export const EVENT_COUNT_KEYS = [
  'district_code',
  'month',
  'ward_code',
  'kind',
  'source',
  'offence_code',
  'category',
  'sub_category',
  'date',
  'time',
  'force',
  'located',
  'lsoa_rule',
  'import_id',
  'batch',
] as const;

/**
 * Rebuilds the counts of some batches (or of every batch) from the events: the batches' old
 * groups are deleted and their events grouped again, in district and month order.
 *
 * With `after` (the last import id before an import), only the rows of that import and of the
 * earlier imports whose groups the batches held are read: import ids grow with insertion, so the
 * reads skip every other row group of the store and cost what the import wrote, not what the store holds.
 */
export async function refreshEventCounts(
  store: Store,
  batches: readonly string[] | 'all',
  after?: number,
): Promise<void> {
  if (batches !== 'all' && batches.length === 0) return;
  const keys = EVENT_COUNT_KEYS.join(', ');
  if (batches === 'all') {
    await store.run('DELETE FROM event_counts');
    await store.run(
      `INSERT INTO event_counts SELECT ${keys}, count(*) AS n FROM events GROUP BY ALL ORDER BY district_code, month`,
    );
    return;
  }
  await store.run('CREATE OR REPLACE TEMP TABLE _refresh_batches (batch VARCHAR)');
  try {
    await store.append(
      '_refresh_batches',
      ['batch'],
      batches.map((b) => [b]),
    );
    const inBatches = 'batch IN (SELECT batch FROM _refresh_batches)';
    const regroup = (filter: string, params: number[]) =>
      store.run({
        sql: `INSERT INTO event_counts SELECT ${keys}, count(*) AS n FROM events
              WHERE ${filter} AND ${inBatches} GROUP BY ALL ORDER BY district_code, month`,
        params,
      });
    if (after === undefined) {
      await store.run(`DELETE FROM event_counts WHERE ${inBatches}`);
      await store.run(`INSERT INTO event_counts SELECT ${keys}, count(*) AS n FROM events
                       WHERE ${inBatches} GROUP BY ALL ORDER BY district_code, month`);
      return;
    }
    const earlier = await store.all<{ import_id: number }>({
      sql: `SELECT DISTINCT import_id FROM event_counts WHERE ${inBatches} AND import_id <= ? ORDER BY 1`,
      params: [after],
    });
    await store.run(`DELETE FROM event_counts WHERE ${inBatches}`);
    await regroup('import_id > ?', [after]);
    for (const { import_id } of earlier) await regroup('import_id = ?', [import_id]);
  } finally {
    await store.run('DROP TABLE IF EXISTS _refresh_batches');
  }
}

/**
 * After an import wrote events or geography: new events resolved, every event resolved again
 * when the lookup changed, and the counts of every batch that changed rebuilt. `touched` are the
 * batches the import wrote or emptied; `after` the last import id before it (its new rows are
 * those after it), which keeps an import that leaves the lookup alone from reading the whole store.
 */
export async function settleDerived(
  store: Store,
  o: { geographyChanged: boolean; touched: readonly string[]; after?: number },
): Promise<void> {
  if (o.geographyChanged) await refreshLookup(store);
  const incremental = !o.geographyChanged && o.after !== undefined;
  const scope: ResolveScope = o.geographyChanged
    ? 'all'
    : o.after === undefined
      ? 'unresolved'
      : { unresolvedAfter: o.after };
  const moved = await resolveEvents(store, scope);
  await refreshEventCounts(store, [...new Set([...o.touched, ...moved])], incremental ? o.after : undefined);
}

/**
 * Every event resolved again and every count rebuilt: for writers that change events or the
 * lookup outside an import (a restore, an undo, fixtures that append rows directly).
 */
export async function rebuildDerived(store: Store): Promise<void> {
  await refreshLookup(store);
  await resolveEvents(store, 'all');
  await refreshEventCounts(store, 'all');
}
