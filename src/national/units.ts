import { quoteIdent, type Store } from '../store/db.ts';
import type { ForceGate } from '../store/force-months.ts';
import { DISTRICT_FORCE_SQL } from '../store/force-months.ts';
import { createGateTables, GATED_EVENTS_CONDITION, GATE_TABLES } from './gate-lens.ts';

/**
 * Community safety partnerships as the unit of assessment (docs/national.md).
 *
 * The engine assesses "districts": areas whose LSOAs the lookups name. For a run over CSPs the
 * store is seen through a lens, for this connection only and for the length of the run: temporary
 * views of the same names shadow the lookups, so that every district a CSP covers reads as that
 * CSP (its LSOAs, wards, population, force and peers), and the events it reads are gated:
 *
 * - `area_parents`: a district → CSP link from the lookups (`lad19-csp19-pfa19.csv`) turns every
 *   link to or from the district into one to or from its CSP (district → force becomes CSP → force,
 *   LSOA → district becomes LSOA → CSP); the district → CSP links themselves are left out;
 * - `lsoa_lookup`: the store's own resolution (both LSOA vintages), each district read as its CSP;
 * - `population`: the store's figures plus each CSP's: the sum of its districts' own figures
 *   when every district has one for that measure and year, else the sum of its LSOAs' figures;
 * - `events_located` and `event_counts`: each district read as its CSP, without the rows of partial force-months, and without rows in a CSP in a
 *   month its own force area's data is not loaded (strays from a neighbouring force's file).
 *
 * Nothing is written to the store: the lens is temporary objects of the connection, dropped after.
 */

export interface CspMember {
  csp: string;
  district: string;
}

const LENS_OBJECTS = ['events_located', 'event_counts', 'population', 'lsoa_lookup', 'area_parents'] as const;
const LENS_TABLES = ['national_csp_of', 'national_population', 'national_lsoa_lookup', ...GATE_TABLES] as const;

/**
 * District → CSP from the lookups (latest vintage of each link); a district without such a link
 * whose LSOAs a lookup places in CSPs (an LSOA → … → CSP lookup) takes the CSP most of them are in.
 */
export const CSP_OF_DISTRICT_SQL = `WITH direct AS (SELECT child_code AS district, max_by(parent_code, vintage) AS csp FROM area_parents
    WHERE child_level = 'district' AND parent_level = 'csp' GROUP BY child_code),
  via_lsoa AS (SELECT d.parent_code AS district, mode(c.parent_code ORDER BY c.parent_code) AS csp
    FROM area_parents d JOIN area_parents c ON c.child_code = d.child_code AND c.child_level = 'lsoa' AND c.parent_level = 'csp'
    WHERE d.child_level = 'lsoa' AND d.parent_level = 'district' GROUP BY 1)
  SELECT district, csp FROM direct
  UNION ALL SELECT district, csp FROM via_lsoa WHERE district NOT IN (SELECT district FROM direct)`;

export async function cspMembers(store: Store): Promise<CspMember[]> {
  return store.all<CspMember & Record<string, unknown>>(`${CSP_OF_DISTRICT_SQL} ORDER BY csp, district`);
}

let active = false;

/**
 * Runs `work` with CSPs as the unit. `gate` is the force-month gate (forceMonthGate) of the store;
 * its partial months and its forces' homes decide which rows are kept.
 */
export async function withCspUnits<T>(store: Store, gate: readonly ForceGate[], work: () => Promise<T>): Promise<T> {
  if (active) throw new Error('withCspUnits: the CSP lens is already active on this process');
  active = true;
  const db = quoteIdent((await store.one<{ d: string }>('SELECT current_database() AS d'))!.d);
  try {
    await store.run(`CREATE TEMP TABLE national_csp_of AS ${CSP_OF_DISTRICT_SQL}`);
    await createGateTables(
      store,
      gate,
      `WITH f AS (${DISTRICT_FORCE_SQL})
       SELECT coalesce(c.csp, f.district) AS unit, f.pfa FROM f LEFT JOIN national_csp_of c ON c.district = f.district GROUP BY ALL`,
    );
    await store.run(`CREATE TEMP VIEW area_parents AS
      SELECT p.import_id, p.batch,
             CASE WHEN p.child_level = 'district' THEN coalesce(c.csp, p.child_code) ELSE p.child_code END AS child_code, p.child_level,
             CASE WHEN p.parent_level = 'district' THEN coalesce(pc.csp, p.parent_code) ELSE p.parent_code END AS parent_code, p.parent_level, p.vintage
      FROM ${db}.main.area_parents p
      LEFT JOIN temp.main.national_csp_of c ON p.child_level = 'district' AND c.district = p.child_code
      LEFT JOIN temp.main.national_csp_of pc ON p.parent_level = 'district' AND pc.district = p.parent_code
      WHERE NOT (p.child_level = 'district' AND p.parent_level = 'csp')`);
    // the store's own resolution of both vintages, each district read as its CSP
    await store.run(`CREATE TEMP TABLE national_lsoa_lookup AS
      SELECT l.lsoa, l.ward, coalesce(c.csp, l.district) AS district, l.rule
      FROM ${db}.main.lsoa_lookup l LEFT JOIN temp.main.national_csp_of c ON c.district = l.district`);
    await store.run('CREATE TEMP VIEW lsoa_lookup AS SELECT * FROM temp.main.national_lsoa_lookup');
    await store.run(`CREATE TEMP TABLE national_population AS
      WITH members AS (SELECT csp, count(*) AS n FROM national_csp_of GROUP BY csp),
      by_district AS (
        SELECT c.csp AS area_code, p.year, p.measure, sum(p.value) AS value
        FROM ${db}.main.population p JOIN national_csp_of c ON c.district = p.area_code JOIN members m ON m.csp = c.csp
        GROUP BY c.csp, p.year, p.measure, m.n HAVING count(DISTINCT p.area_code) = m.n),
      by_lsoa AS (
        SELECT l.district AS area_code, p.year, p.measure, sum(p.value) AS value
        FROM ${db}.main.population p JOIN national_lsoa_lookup l ON l.lsoa = p.area_code
        WHERE l.district IN (SELECT csp FROM members)
        GROUP BY ALL),
      own AS (SELECT DISTINCT area_code, year, measure FROM ${db}.main.population)
      SELECT import_id, batch, area_code, year, measure, value FROM ${db}.main.population
      UNION ALL SELECT NULL, 'csp-sum', d.area_code, d.year, d.measure, d.value FROM by_district d
        WHERE NOT EXISTS (SELECT 1 FROM own o WHERE o.area_code = d.area_code AND o.year = d.year AND o.measure = d.measure)
      UNION ALL SELECT NULL, 'csp-sum', b.area_code, b.year, b.measure, b.value FROM by_lsoa b
        WHERE NOT EXISTS (SELECT 1 FROM by_district d WHERE d.area_code = b.area_code AND d.year = b.year AND d.measure = b.measure)
          AND NOT EXISTS (SELECT 1 FROM own o WHERE o.area_code = b.area_code AND o.year = b.year AND o.measure = b.measure)`);
    await store.run('CREATE TEMP VIEW population AS SELECT * FROM temp.main.national_population');
    // events (and their counts) with each district read as its CSP, gated
    for (const name of ['events_located', 'event_counts'] as const) {
      await store.run(`CREATE TEMP VIEW ${name} AS
        SELECT * FROM (
          SELECT e.* REPLACE (coalesce(c.csp, e.district_code) AS district_code)
          FROM ${db}.main.${name} e LEFT JOIN temp.main.national_csp_of c ON c.district = e.district_code) e
        WHERE ${GATED_EVENTS_CONDITION}`);
    }
    return await work();
  } finally {
    for (const name of LENS_OBJECTS) await store.run(`DROP VIEW IF EXISTS temp.main.${name}`);
    for (const name of LENS_TABLES) await store.run(`DROP TABLE IF EXISTS temp.main.${name}`);
    active = false;
  }
}
