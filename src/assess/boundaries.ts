import type { FeatureCollection } from 'geojson';
import { wardBoundaries } from '../store/boundaries.ts';
import type { Store } from '../store/db.ts';
import type { Assessment } from './schema.ts';

/** The ward codes an Assessment's figures use (every measure's ward table). */
export function wardCodesOf(a: Assessment): string[] {
  const codes = new Set<string>();
  for (const m of a.measures) for (const r of m.local.ward?.rows ?? []) codes.add(r.code);
  return [...codes].sort();
}

/** The ward boundaries an Assessment's maps draw, read from the store for the report. */
export function assessmentWardBoundaries(store: Store, a: Assessment): Promise<FeatureCollection> {
  return wardBoundaries(store, wardCodesOf(a));
}
