import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Assessment } from '../assess/schema.ts';
import type { Store } from '../store/db.ts';

/** The ward codes an Assessment's figures use (every measure's ward table). */
export function wardCodesOf(a: Assessment): string[] {
  const codes = new Set<string>();
  for (const m of a.measures) for (const r of m.local.ward?.rows ?? []) codes.add(r.code);
  return [...codes].sort();
}

/**
 * The imported ward boundaries for these codes (the latest vintage of each), as GeoJSON features
 * with properties `code` and `name`: what the report's ward maps take.
 */
export async function wardBoundaries(store: Store, codes: readonly string[]): Promise<FeatureCollection> {
  if (codes.length === 0) return { type: 'FeatureCollection', features: [] };
  const rows = await store.all<{ code: string; name: string | null; geometry: string }>({
    sql: `SELECT area_code AS code, arg_max(name, vintage) AS name, CAST(arg_max(geometry, vintage) AS VARCHAR) AS geometry
          FROM boundaries WHERE level = 'ward' AND area_code IN (${codes.map(() => '?').join(', ')}) GROUP BY area_code ORDER BY area_code`,
    params: [...codes],
  });
  const features: Feature[] = rows.map((r) => ({
    type: 'Feature',
    properties: { code: r.code, name: r.name ?? r.code },
    geometry: JSON.parse(r.geometry) as Geometry,
  }));
  return { type: 'FeatureCollection', features };
}
