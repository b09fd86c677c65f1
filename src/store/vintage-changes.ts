import type { Store } from './db.ts';
import { vintageTable } from './vintages.ts';

/**
 * What changed between two vintages of a month of record-level data (a month downloaded again,
 * a partner's month sent again): per batch and replacing import, rows compared by their record
 * id (Crime ID, incident number); rows without one (police.uk ASB) are compared as whole rows
 * (category, place, coordinates, context, outcome), so only a different count of identical rows
 * shows as added or removed.
 */
export interface VintageChange {
  /** the slice replaced, e.g. police-uk/street/Hertfordshire Constabulary/2022-01 */
  batch: string;
  source: string;
  force: string | null;
  month: string;
  /** the import(s) whose rows were the earlier vintage */
  olderImports: number[];
  /** the import holding the newer vintage */
  newerImport: number;
  replacedAt: string;
  rowsBefore: number;
  rowsAfter: number;
  /** rows in the newer vintage only */
  added: number;
  /** rows in the earlier vintage only */
  removed: number;
  /** same record id, another crime type or category */
  reclassified: number;
  /** same record id, another outcome */
  outcomeChanged: number;
}

const ROW_COLUMNS =
  'batch, import_id, source, force, month, record_id, kind, category, sub_category, lsoa, location, longitude, latitude, context, outcome';

export async function vintageChanges(store: Store, options: { limit?: number } = {}): Promise<VintageChange[]> {
  const vintage = vintageTable('events');
  const exists = await store.one<{ n: number }>({
    sql: `SELECT count(*) AS n FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = ?`,
    params: [vintage],
  });
  if (!exists?.n) return [];
  const limit = Math.max(1, Math.min(options.limit ?? 200, 10_000));
  const rows = await store.all<
    Omit<VintageChange, 'olderImports'> & { older_imports: number[] } & Record<string, unknown>
  >(`
    WITH pairs AS (
      SELECT batch, retired_by AS newer, list(DISTINCT import_id ORDER BY import_id) AS older_imports,
             strftime(max(retired_at), '%Y-%m-%dT%H:%M:%S') AS replaced_at
      FROM ${vintage} WHERE retired_by IS DISTINCT FROM import_id GROUP BY ALL
      ORDER BY max(retired_at) DESC, batch LIMIT ${limit}),
    old AS (
      SELECT p.batch, p.newer, v.source, v.force, v.month, v.record_id, v.category, v.sub_category, v.lsoa, v.location, v.longitude, v.latitude, v.context, v.outcome
      FROM ${vintage} v JOIN pairs p ON v.batch = p.batch AND v.retired_by = p.newer AND v.import_id IS DISTINCT FROM p.newer),
    new AS (
      SELECT p.batch, p.newer, e.source, e.force, e.month, e.record_id, e.category, e.sub_category, e.lsoa, e.location, e.longitude, e.latitude, e.context, e.outcome
      FROM (SELECT ${ROW_COLUMNS} FROM events UNION ALL SELECT ${ROW_COLUMNS} FROM ${vintage}) e
      JOIN pairs p ON e.batch = p.batch AND e.import_id = p.newer),
    old_id AS (SELECT batch, newer, record_id, any_value(category) AS category, any_value(outcome) AS outcome FROM old WHERE record_id IS NOT NULL GROUP BY ALL),
    new_id AS (SELECT batch, newer, record_id, any_value(category) AS category, any_value(outcome) AS outcome FROM new WHERE record_id IS NOT NULL GROUP BY ALL),
    by_id AS (
      SELECT coalesce(o.batch, n.batch) AS batch, coalesce(o.newer, n.newer) AS newer,
             count(*) FILTER (WHERE o.record_id IS NULL) AS added,
             count(*) FILTER (WHERE n.record_id IS NULL) AS removed,
             count(*) FILTER (WHERE o.record_id IS NOT NULL AND n.record_id IS NOT NULL AND o.category IS DISTINCT FROM n.category) AS reclassified,
             count(*) FILTER (WHERE o.record_id IS NOT NULL AND n.record_id IS NOT NULL AND o.outcome IS DISTINCT FROM n.outcome) AS outcome_changed
      FROM old_id o FULL JOIN new_id n ON o.batch = n.batch AND o.newer = n.newer AND o.record_id = n.record_id
      GROUP BY ALL),
    old_anon AS (SELECT batch, newer, category, sub_category, lsoa, location, longitude, latitude, context, outcome, count(*) AS n FROM old WHERE record_id IS NULL GROUP BY ALL),
    new_anon AS (SELECT batch, newer, category, sub_category, lsoa, location, longitude, latitude, context, outcome, count(*) AS n FROM new WHERE record_id IS NULL GROUP BY ALL),
    anon AS (
      SELECT coalesce(o.batch, n.batch) AS batch, coalesce(o.newer, n.newer) AS newer,
             sum(greatest(coalesce(n.n, 0) - coalesce(o.n, 0), 0)) AS added,
             sum(greatest(coalesce(o.n, 0) - coalesce(n.n, 0), 0)) AS removed
      FROM old_anon o FULL JOIN new_anon n
        ON o.batch = n.batch AND o.newer = n.newer
       AND o.category IS NOT DISTINCT FROM n.category AND o.sub_category IS NOT DISTINCT FROM n.sub_category
       AND o.lsoa IS NOT DISTINCT FROM n.lsoa AND o.location IS NOT DISTINCT FROM n.location
       AND o.longitude IS NOT DISTINCT FROM n.longitude AND o.latitude IS NOT DISTINCT FROM n.latitude
       AND o.context IS NOT DISTINCT FROM n.context AND o.outcome IS NOT DISTINCT FROM n.outcome
      GROUP BY ALL),
    sizes AS (
      SELECT p.batch, p.newer,
             (SELECT count(*) FROM old o WHERE o.batch = p.batch AND o.newer = p.newer) AS rows_before,
             (SELECT count(*) FROM new n WHERE n.batch = p.batch AND n.newer = p.newer) AS rows_after,
             (SELECT any_value(source) FROM old o WHERE o.batch = p.batch AND o.newer = p.newer) AS source,
             (SELECT any_value(force) FROM old o WHERE o.batch = p.batch AND o.newer = p.newer) AS force,
             (SELECT strftime(any_value(month), '%Y-%m') FROM old o WHERE o.batch = p.batch AND o.newer = p.newer) AS month
      FROM pairs p)
    SELECT p.batch, s.source, s.force, s.month, p.older_imports, p.newer AS "newerImport", p.replaced_at AS "replacedAt",
           s.rows_before AS "rowsBefore", s.rows_after AS "rowsAfter",
           coalesce(i.added, 0) + coalesce(a.added, 0) AS added,
           coalesce(i.removed, 0) + coalesce(a.removed, 0) AS removed,
           coalesce(i.reclassified, 0) AS reclassified,
           coalesce(i.outcome_changed, 0) AS "outcomeChanged"
    FROM pairs p JOIN sizes s USING (batch, newer)
    LEFT JOIN by_id i USING (batch, newer) LEFT JOIN anon a USING (batch, newer)
    ORDER BY p.replaced_at DESC, p.batch`);
  return rows.map(({ older_imports, ...r }) => ({ ...r, olderImports: older_imports }));
}
