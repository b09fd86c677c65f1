import type { Store } from '../store/db.ts';
import { DISTRICT_FORCE_SQL } from '../store/force-months.ts';
import type { CspMember } from './units.ts';

/**
 * Each district's region: its own district → region link, else that of the code it became (a
 * district merged into a unitary: the ONS code list links the new code only). Districts of the
 * force lookup and of the region lookup are listed; Welsh districts have no region.
 */
export async function districtRegions(store: Store): Promise<Map<string, string>> {
  const rows = await store.all<{ district: string; region: string | null }>(`
    WITH r AS (SELECT child_code AS d, max_by(parent_code, vintage) AS rg FROM area_parents WHERE child_level = 'district' AND parent_level = 'region' GROUP BY 1),
    ds AS (SELECT district AS d FROM (${DISTRICT_FORCE_SQL}) UNION SELECT d FROM r)
    SELECT ds.d AS district, coalesce(r.rg, (SELECT min(r2.rg) FROM area_crosswalks x JOIN r r2 ON r2.d = x.to_code WHERE x.from_code = ds.d)) AS region
    FROM ds LEFT JOIN r ON r.d = ds.d`);
  return new Map(rows.filter((r) => r.region !== null).map((r) => [r.district, r.region!]));
}

/** A CSP's region: that of most of its districts (ties: the lowest code). */
export function cspRegions(
  members: readonly CspMember[],
  regionOfDistrict: ReadonlyMap<string, string>,
): Map<string, string> {
  const tally = new Map<string, Map<string, number>>();
  for (const m of members) {
    const region = regionOfDistrict.get(m.district);
    if (!region) continue;
    const t = tally.get(m.csp) ?? new Map<string, number>();
    t.set(region, (t.get(region) ?? 0) + 1);
    tally.set(m.csp, t);
  }
  const out = new Map<string, string>();
  for (const [csp, t] of tally) out.set(csp, [...t].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0]);
  return out;
}

/** Each district's police force area (latest vintage of the lookups). */
export async function districtForces(store: Store): Promise<Map<string, string>> {
  const rows = await store.all<{ district: string; pfa: string }>(DISTRICT_FORCE_SQL);
  return new Map(rows.map((r) => [r.district, r.pfa]));
}
