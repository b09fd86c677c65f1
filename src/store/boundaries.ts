import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Store } from './db.ts';

/**
 * The imported ward boundaries for these codes (the latest vintage of each), as GeoJSON features
 * with properties `code` and `name`: what the report's ward maps take (read here, passed to the
 * report as plain data).
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
