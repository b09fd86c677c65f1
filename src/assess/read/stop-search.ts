/**
 * Police activity: data.police.uk stop and search in a district, by object of search, outcome,
 * month and ward (docs/methods.md, Police activity). Stop-and-search files carry coordinates but no
 * LSOA, so each search is placed in an LSOA first by its exact point — data.police.uk snaps crimes
 * and searches to the same anonymised map points, so a crime at the same point names the LSOA — and
 * otherwise by the nearest LSOA centroid loaded (within MAX_CENTROID_KM). A search neither way
 * placed is not counted in any district (the count of such searches near the district is given).
 */
import type { Store } from '../../store/db.ts';
import { addMonths, monthIndex, type Month, type Window } from '../../core/periods/index.ts';
import { comparability, type CompareMode } from '../../core/periods/comparable.ts';
import { wilsonInterval } from '../../core/stats/index.ts';
import { changeOver } from '../build/compare.ts';
import { comparisonRef, toChangeFigure } from '../build/change.ts';
import {
  DRUGS_OBJECT,
  type CountShare,
  type StopSearchMonth,
  type PoliceActivity,
} from '../contract/police-activity.ts';
export { DRUGS_OBJECT, type CountShare, type StopSearchMonth, type PoliceActivity };

/** A search this far (km) or further from every LSOA centroid, and at no crime's point, is not placed. */
export const MAX_CENTROID_KM = 1.5;

function shares(rows: readonly { key: string; n: number }[], total: number): CountShare[] {
  return rows
    .map((r) => {
      const ci = total > 0 ? wilsonInterval(r.n, total) : { lower: 0, upper: 0 };
      return { key: r.key, count: r.n, share: total > 0 ? r.n / total : 0, lower: ci.lower, upper: ci.upper };
    })
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

let seq = 0;

/** Stop and search in `district` over the previous and current windows (null when no stop-and-search files are loaded). */
export async function policeActivity(
  store: Store,
  district: string,
  w: { current: Window; previous: Window },
  wards: readonly string[],
  wardNames: ReadonlyMap<string, string>,
  options: { alpha: number; compare: CompareMode },
): Promise<PoliceActivity | null> {
  const any = await store.one<{ n: number }>('SELECT count(*) AS n FROM (SELECT 1 FROM stop_searches LIMIT 1)');
  if (!any || Number(any.n) === 0) return null;
  const t = `ss_${++seq}_${process.pid}`;
  const from = `${w.previous.start}-01`;
  const to = `${w.current.end}-01`;
  // the district's extent (from its located crimes and LSOA centroids), widened by about 2 km
  const box = await store.one<{ x0: number | null; x1: number | null; y0: number | null; y1: number | null }>({
    sql: `SELECT min(lon) AS x0, max(lon) AS x1, min(lat) AS y0, max(lat) AS y1 FROM (
            SELECT longitude AS lon, latitude AS lat FROM events_located WHERE district_code = ? AND longitude IS NOT NULL AND month BETWEEN ?::DATE AND ?::DATE
            UNION ALL
            SELECT a.longitude, a.latitude FROM areas a JOIN lsoa_lookup l ON l.lsoa = a.code WHERE a.level = 'lsoa' AND l.district = ? AND a.longitude IS NOT NULL)`,
    params: [district, from, to, district],
  });
  if (!box || box.x0 === null) return null;
  const pad = 0.03;
  const [x0, x1, y0, y1] = [box.x0! - pad, box.x1! + pad, box.y0! - pad, box.y1! + pad];
  try {
    await store.run({
      sql: `CREATE TEMP TABLE ${t} AS
        WITH s AS (
          SELECT row_number() OVER () AS sid, force, strftime(month, '%Y-%m') AS month, longitude, latitude, object_of_search, outcome, outcome_linked
          FROM stop_searches WHERE month BETWEEN ?::DATE AND ?::DATE AND longitude BETWEEN ? AND ? AND latitude BETWEEN ? AND ?),
        points AS (
          SELECT longitude, latitude, mode(lsoa) AS lsoa FROM events
          WHERE lsoa IS NOT NULL AND longitude BETWEEN ? AND ? AND latitude BETWEEN ? AND ? GROUP BY 1, 2),
        centroids AS (
          SELECT code AS lsoa, any_value(longitude) AS lon, any_value(latitude) AS lat FROM areas
          WHERE level = 'lsoa' AND longitude BETWEEN ? - 0.05 AND ? + 0.05 AND latitude BETWEEN ? - 0.05 AND ? + 0.05 GROUP BY 1),
        by_point AS (SELECT s.sid, p.lsoa FROM s JOIN points p USING (longitude, latitude)),
        nearest AS (
          SELECT s.sid, arg_min(c.lsoa, (c.lon - s.longitude) ** 2 * cos(radians(s.latitude)) ** 2 + (c.lat - s.latitude) ** 2) AS lsoa,
                 min(sqrt((c.lon - s.longitude) ** 2 * cos(radians(s.latitude)) ** 2 + (c.lat - s.latitude) ** 2) * 111.2) AS km
          FROM s JOIN centroids c ON abs(c.lon - s.longitude) < 0.05 AND abs(c.lat - s.latitude) < 0.05
          WHERE s.sid NOT IN (SELECT sid FROM by_point) GROUP BY s.sid)
        SELECT s.*, coalesce(b.lsoa, CASE WHEN n.km < ? THEN n.lsoa END) AS lsoa, b.lsoa IS NOT NULL AS by_point
        FROM s LEFT JOIN by_point b USING (sid) LEFT JOIN nearest n USING (sid)`,
      params: [from, to, x0, x1, y0, y1, x0, x1, y0, y1, x0, x1, y0, y1, MAX_CENTROID_KM],
    });
    const placed = `(SELECT t.*, l.ward, l.district FROM ${t} t LEFT JOIN lsoa_lookup l USING (lsoa))`;
    const rows = await store.all<{
      month: string;
      ward: string | null;
      object: string | null;
      outcome: string | null;
      linked: string | null;
      by_point: boolean;
      n: number;
    }>({
      sql: `SELECT month, ward, object_of_search AS object, outcome, outcome_linked AS linked, by_point, count(*) AS n FROM ${placed} p WHERE district = ? GROUP BY ALL`,
      params: [district],
    });
    const [nearby] = await store.all<{ n: number }>({
      sql: `SELECT count(*) AS n FROM ${placed} p WHERE district IS NULL AND lsoa IS NULL`,
      params: [],
    });
    const forces = [
      ...new Set(
        (await store.all<{ force: string }>(`SELECT DISTINCT force FROM ${t} WHERE lsoa IS NOT NULL`)).map(
          (r) => r.force,
        ),
      ),
    ];
    if (forces.length === 0 && rows.length === 0) return null;
    const loadedRows = await store.all<{ m: string; unlocated: number }>({
      sql: `SELECT strftime(month, '%Y-%m') AS m, count(*) FILTER (WHERE longitude IS NULL) AS unlocated FROM stop_searches
            WHERE force IN (${forces.map(() => '?').join(', ') || "''"}) AND month BETWEEN ?::DATE AND ?::DATE GROUP BY 1 ORDER BY 1`,
      params: [...forces, from, to],
    });
    const loaded = new Set(loadedRows.map((r) => r.m));
    const monthly = new Map<string, number>();
    const months = new Map<string, StopSearchMonth>();
    for (const m of [...w.previous.months, ...w.current.months])
      if (loaded.has(m)) months.set(m, { month: m, total: 0, byObject: {}, byOutcome: {} });
    const currentSet = new Set(w.current.months);
    const objects = new Map<string, number>();
    const outcomes = new Map<string, number>();
    const wardCounts = new Map<
      string,
      { count: number; drugs: number; byObject: Record<string, number>; byOutcome: Record<string, number> }
    >();
    const drugs = { count: 0, arrests: 0, linkedFinds: 0 };
    let byPoint = 0;
    let byCentroid = 0;
    let unallocatedWard = 0;
    for (const r of rows) {
      const n = Number(r.n);
      monthly.set(r.month, (monthly.get(r.month) ?? 0) + n);
      const object = r.object?.trim() || 'Not stated';
      const outcome = r.outcome?.trim() || 'Not stated';
      const month = months.get(r.month);
      if (month) {
        month.total += n;
        month.byObject[object] = (month.byObject[object] ?? 0) + n;
        month.byOutcome[outcome] = (month.byOutcome[outcome] ?? 0) + n;
      }
      if (!currentSet.has(r.month)) continue;
      if (r.by_point) byPoint += n;
      else byCentroid += n;
      objects.set(object, (objects.get(object) ?? 0) + n);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + n);
      const isDrugs = object === DRUGS_OBJECT;
      if (isDrugs) {
        drugs.count += n;
        if (/^arrest$/i.test(outcome)) drugs.arrests += n;
        if (/^true$/i.test(r.linked?.trim() ?? '')) drugs.linkedFinds += n;
      }
      if (r.ward === null) unallocatedWard += n;
      else {
        const c = wardCounts.get(r.ward) ?? { count: 0, drugs: 0, byObject: {}, byOutcome: {} };
        c.count += n;
        c.byObject[object] = (c.byObject[object] ?? 0) + n;
        c.byOutcome[outcome] = (c.byOutcome[outcome] ?? 0) + n;
        if (isDrugs) c.drugs += n;
        wardCounts.set(r.ward, c);
      }
    }
    const current = w.current.months.reduce((s, m) => s + (monthly.get(m) ?? 0), 0);
    const decision = comparability(w.current, w.previous, loaded, options.compare);
    const change = toChangeFigure(changeOver(monthly, decision, options.alpha));
    const notes: string[] = [];
    const withoutLocation = loadedRows.filter((r) => currentSet.has(r.m)).reduce((s, r) => s + Number(r.unlocated), 0);
    if (withoutLocation > 0)
      notes.push(
        `${withoutLocation.toLocaleString('en-GB')} searches of the force in the 12 months have no location and cannot be placed in any district`,
      );
    const missing = w.current.months.filter((m) => !loaded.has(m));
    if (missing.length > 0)
      notes.push(
        `no stop-and-search file loaded for ${missing.length} month${missing.length === 1 ? '' : 's'} of the current period`,
      );
    const knownWards = new Set(wards);
    return {
      source: `data.police.uk stop-and-search files (${forces.join(', ')})`,
      monthsLoaded: [...loaded].sort(),
      current,
      previous: change.previous,
      change,
      comparison: comparisonRef(decision),
      byObject: shares(
        [...objects].map(([key, n]) => ({ key, n })),
        current,
      ),
      byOutcome: shares(
        [...outcomes].map(([key, n]) => ({ key, n })),
        current,
      ),
      drugs,
      months: [...months.values()],
      wards: [...wardCounts]
        .map(([code, c]) => ({ code, name: wardNames.get(code) ?? null, ...c }))
        .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
        .filter((x) => knownWards.size === 0 || knownWards.has(x.code) || x.count > 0),
      placement: { byPoint, byCentroid, unallocatedWard, nearbyNotPlaced: Number(nearby?.n ?? 0), withoutLocation },
      notes,
    };
  } finally {
    await store.run(`DROP TABLE IF EXISTS ${t}`);
  }
}

/** The months of a window in order (helper for renderers pairing searches with offences). */
export function windowMonths(end: Month, n = 12): Month[] {
  return Array.from({ length: n }, (_, i) => addMonths(end, i - n + 1)).filter((m) => monthIndex(m) <= monthIndex(end));
}
