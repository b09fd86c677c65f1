import type { Store } from '../../store/db.ts';
import { SaferError } from '../../core/errors.ts';
import { addMonths, monthRange } from '../../core/periods/index.ts';
import { countyDistricts } from './compare.ts';
import { inSet } from './sql.ts';
import { query, rowsOf, type Query } from './query.ts';
import type { AreaRef } from '../schema.ts';

export interface Group {
  area: AreaRef | null;
  districts: string[];
}

/** Names of areas by code (any level, latest vintage first). */
export async function areaNames(store: Store, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await store.all<{ code: string; name: string | null }>({
    sql: `SELECT code, max_by(name, vintage) AS name FROM areas WHERE code IN (${codes.map(() => '?').join(', ')}) AND name IS NOT NULL GROUP BY code`,
    params: [...codes],
  });
  return new Map(rows.filter((r) => r.name !== null).map((r) => [r.code, r.name!]));
}

interface AreaMatch extends Record<string, unknown> {
  code: string;
  name: string | null;
  level: string;
}

/**
 * An area named on the command line, by code or by name (case-insensitive): districts with data
 * first, then counties, forces and partnerships. Several matches or none is an error that lists
 * what would match.
 */
export async function resolveArea(store: Store, text: string): Promise<AreaMatch> {
  const wanted = text.trim();
  const lookup = (withEvents: boolean) =>
    store.all<AreaMatch>({
      sql: `WITH a AS (SELECT code, max_by(name, vintage) AS name, level FROM areas GROUP BY code, level
                       ${withEvents ? "UNION SELECT DISTINCT district_code, NULL, 'district' FROM events_located WHERE district_code IS NOT NULL" : ''})
            SELECT code, max(name) AS name, level FROM a
            WHERE level IN ('district', 'county', 'force', 'csp', 'region', 'country') AND (upper(code) = upper(?) OR lower(name) = lower(?))
            GROUP BY code, level ORDER BY CASE level WHEN 'district' THEN 0 WHEN 'county' THEN 1 WHEN 'force' THEN 2 WHEN 'csp' THEN 3 ELSE 4 END, code`,
      params: [wanted, wanted],
    });
  // the lookups name almost every area; districts known only from their records are searched after
  let rows = await lookup(false);
  if (rows.length === 0) rows = await lookup(true);
  if (rows.length === 0) {
    const known = await store.all<{ code: string; name: string | null }>(
      `SELECT DISTINCT e.district_code AS code, (SELECT max(name) FROM areas a WHERE a.code = e.district_code) AS name
       FROM events_located e WHERE district_code IS NOT NULL ORDER BY 1 LIMIT 30`,
    );
    throw new SaferError('no district, county or force with this code or name is loaded', {
      value: text,
      hint: known.length
        ? `districts with data: ${known.map((k) => (k.name ? `${k.code} (${k.name})` : k.code)).join(', ')}`
        : 'nothing is imported yet: run safer import first',
    });
  }
  const exact = rows.filter((r) => r.code.toUpperCase() === wanted.toUpperCase());
  const chosen = exact.length > 0 ? exact : rows;
  const levels = new Set(chosen.map((r) => r.level));
  if (chosen.length > 1 && !(levels.size === chosen.length && chosen[0]!.level === 'district')) {
    throw new SaferError('more than one area has this name', {
      value: text,
      hint: `use a code: ${chosen.map((r) => `${r.code} (${r.level})`).join(', ')}`,
    });
  }
  return chosen[0]!;
}

/** The districts of a county, force or partnership (via the LSOA lookup or the district lookup). */
export async function districtsOf(store: Store, code: string, level: string): Promise<string[]> {
  const rows = await store.all<{ district: string }>({
    sql: `SELECT DISTINCT d.parent_code AS district FROM area_parents p JOIN area_parents d ON d.child_code = p.child_code AND d.child_level = p.child_level
          WHERE p.parent_code = ? AND p.parent_level = ? AND p.child_level = 'lsoa' AND d.parent_level = 'district'
          UNION SELECT DISTINCT child_code FROM area_parents WHERE parent_code = ? AND parent_level = ? AND child_level = 'district'
          ORDER BY 1`,
    params: [code, level, code, level],
  });
  return rows.map((r) => r.district);
}

/** The group a district is ranked in: its county, else its police force area, else itself alone. */
/** Every district's county (else force) group in one query: the parent groupOf would pick, and its districts. */
export function districtGroupsQuery(
  districts: readonly string[],
): Query<{ district: string; parent_code: string; parent_level: string; districts: string[] }> {
  return query(
    `WITH p AS (
  SELECT child_code AS district, parent_code, parent_level,
         row_number() OVER (PARTITION BY child_code ORDER BY parent_level = 'county' DESC, vintage DESC) AS k
  FROM area_parents
  WHERE child_level = 'district' AND parent_level IN ('county', 'force') AND child_code IN ${inSet(districts.length)})
SELECT p.district, p.parent_code, p.parent_level, list(DISTINCT a.child_code ORDER BY a.child_code) AS districts
FROM p JOIN area_parents a ON a.parent_code = p.parent_code AND a.child_level = 'district'
WHERE p.k = 1
GROUP BY p.district, p.parent_code, p.parent_level`,
    [...districts],
  );
}

/** groupOf's LSOA route for many districts at once: the county (else force) most of each district's LSOAs lie in. */
export function lsoaGroupsQuery(
  districts: readonly string[],
): Query<{ district: string; level: string; code: string }> {
  return query(
    `WITH c AS (
  SELECT d.parent_code AS district, p.parent_level AS level, p.parent_code AS code, count(*) AS n
  FROM area_parents d JOIN area_parents p ON p.child_code = d.child_code AND p.child_level = 'lsoa'
  WHERE d.child_level = 'lsoa' AND d.parent_level = 'district' AND d.parent_code IN ${inSet(districts.length)}
    AND p.parent_level IN ('county', 'force')
  GROUP BY ALL)
SELECT district, level, code FROM (
  SELECT *, row_number() OVER (PARTITION BY district ORDER BY level = 'county' DESC, n DESC) AS k FROM c)
WHERE k = 1`,
    [...districts],
  );
}

/** districtsOf for many (code, level) parents at once. */
export function membersQuery(
  parents: readonly { code: string; level: string }[],
): Query<{ code: string; level: string; district: string }> {
  const want = parents.map(() => '(?, ?)').join(', ');
  return query(
    `WITH want(code, level) AS (VALUES ${want})
SELECT DISTINCT w.code, w.level, d.parent_code AS district
FROM want w JOIN area_parents p ON p.parent_code = w.code AND p.parent_level = w.level AND p.child_level = 'lsoa'
JOIN area_parents d ON d.child_code = p.child_code AND d.child_level = p.child_level AND d.parent_level = 'district'
UNION SELECT w.code, w.level, a.child_code FROM want w JOIN area_parents a
  ON a.parent_code = w.code AND a.parent_level = w.level AND a.child_level = 'district'`,
    parents.flatMap((p) => [p.code, p.level]),
  );
}

/**
 * groupOf for many districts in a constant number of queries (at most four, however many
 * districts): the linked county or force of each, else the one most of its LSOAs lie in, the
 * members of those found through the LSOAs, and every group's name.
 */
export async function groupsOf(store: Store, districts: readonly string[]): Promise<Map<string, Group>> {
  const found = new Map<string, { code: string; level: string; districts: string[] | null }>();
  if (districts.length === 0) return new Map();
  for (const r of await rowsOf(store, districtGroupsQuery(districts)))
    found.set(r.district, { code: r.parent_code, level: r.parent_level, districts: r.districts });
  const rest = districts.filter((d) => !found.has(d));
  if (rest.length > 0)
    for (const r of await rowsOf(store, lsoaGroupsQuery(rest)))
      found.set(r.district, { code: r.code, level: r.level, districts: null });
  const viaLsoas = [
    ...new Map([...found.values()].filter((f) => !f.districts).map((f) => [`${f.level}|${f.code}`, f])).values(),
  ];
  const members = new Map<string, string[]>();
  if (viaLsoas.length > 0)
    for (const r of await rowsOf(store, membersQuery(viaLsoas)))
      members.set(`${r.level}|${r.code}`, [...(members.get(`${r.level}|${r.code}`) ?? []), r.district]);
  const names = await areaNames(store, [...new Set([...found.values()].map((f) => f.code))]);
  const out = new Map<string, Group>();
  for (const district of districts) {
    const f = found.get(district);
    out.set(
      district,
      f
        ? {
            area: { code: f.code, name: names.get(f.code) ?? null, level: f.level },
            districts: f.districts ?? (members.get(`${f.level}|${f.code}`) ?? []).sort(),
          }
        : { area: null, districts: [district] },
    );
  }
  return out;
}

export async function groupOf(store: Store, district: string): Promise<Group> {
  const direct = await countyDistricts(store, district);
  if (direct) {
    const names = await areaNames(store, [direct.group]);
    return {
      area: { code: direct.group, name: names.get(direct.group) ?? null, level: direct.level },
      districts: direct.districts,
    };
  }
  for (const level of ['county', 'force']) {
    const parent = await store.one<{ code: string }>({
      sql: `SELECT p.parent_code AS code FROM area_parents d JOIN area_parents p ON p.child_code = d.child_code AND p.child_level = 'lsoa'
            WHERE d.child_level = 'lsoa' AND d.parent_level = 'district' AND d.parent_code = ? AND p.parent_level = ?
            GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
      params: [district, level],
    });
    if (parent) {
      const names = await areaNames(store, [parent.code]);
      return {
        area: { code: parent.code, name: names.get(parent.code) ?? null, level },
        districts: await districtsOf(store, parent.code, level),
      };
    }
  }
  return { area: null, districts: [district] };
}

/** A district with at least this share of its LSOAs holding a record in the window is covered. */
export const MIN_LSOA_SHARE = 0.5;
/**
 * A district is assessed when its current 12 months hold data for at least this many months (half
 * a year): every figure of the current period is given, missing months flagged, and each
 * comparison is made only where the comparability rule allows (core/periods/comparable.ts); a
 * previous year that is missing or partial never blocks the assessment.
 */
export const MIN_CURRENT_MONTHS = 6;

export interface Coverage {
  code: string;
  covered: boolean;
  reason: string;
  rows: number;
  lsoaShare: number;
  missingMonths: string[];
}

/**
 * Whether each district's own data can be assessed for the period ending `end`: at least half its
 * LSOAs hold a record and its current 12 months hold data for at least MIN_CURRENT_MONTHS months
 * (the months missing over the 24 are listed; comparisons follow the comparability rule). A
 * district touched only by a neighbouring force's stray rows (a handful of LSOAs near the border)
 * is not covered and is never assessed on them.
 */
export async function coverage(store: Store, districts: readonly string[], end: string): Promise<Coverage[]> {
  if (districts.length === 0) return [];
  const start = addMonths(end, -23);
  const rows = await store.all<{ district: string; rows: number; months: string[]; lsoas: number; total: number }>({
    sql: `WITH l AS (SELECT district, count(*)::INTEGER AS total FROM lsoa_lookup WHERE district IN ${inSet(districts.length)} GROUP BY 1)
          SELECT e.district_code AS district, count(*)::INTEGER AS rows, list(DISTINCT strftime(e.month, '%Y-%m')) AS months,
                 count(DISTINCT e.lsoa)::INTEGER AS lsoas, any_value(l.total) AS total
          FROM events_located e LEFT JOIN l ON l.district = e.district_code
          WHERE e.district_code IN ${inSet(districts.length)} AND e.month BETWEEN ?::DATE AND ?::DATE AND e.kind IN ('crime', 'incident')
          GROUP BY 1`,
    params: [...districts, ...districts, `${start}-01`, `${end}-01`],
  });
  const byDistrict = new Map(rows.map((r) => [r.district, r]));
  return districts.map((code) => {
    const r = byDistrict.get(code);
    if (!r)
      return {
        code,
        covered: false,
        reason: 'no crime or incident records in the 24 months compared',
        rows: 0,
        lsoaShare: 0,
        missingMonths: monthRange(start, end),
      };
    const held = new Set(r.months);
    const missingMonths = monthRange(start, end).filter((m) => !held.has(m));
    const lsoaShare = r.total ? r.lsoas / r.total : 1;
    if (lsoaShare < MIN_LSOA_SHARE) {
      return {
        code,
        covered: false,
        reason: `records in only ${r.lsoas} of its ${r.total} LSOAs: rows from a neighbouring force's files, not its own force's data`,
        rows: r.rows,
        lsoaShare,
        missingMonths,
      };
    }
    const currentHeld = monthRange(addMonths(end, -11), end).filter((m) => held.has(m)).length;
    if (currentHeld < MIN_CURRENT_MONTHS) {
      return {
        code,
        covered: false,
        reason: `records for only ${currentHeld} of the 12 months ending ${end} (at least ${MIN_CURRENT_MONTHS} needed)`,
        rows: r.rows,
        lsoaShare,
        missingMonths,
      };
    }
    return { code, covered: true, reason: 'covered', rows: r.rows, lsoaShare, missingMonths };
  });
}
