import type { Store } from '../../store/db.ts';
import { query, rowsOf, type Query } from './query.ts';

export const offenceLabelsQuery = (): Query<{ code: string; description: string }> =>
  query('SELECT upper(offence_code) AS code, any_value(description) AS description FROM offence_codes GROUP BY 1');

const cache = new WeakMap<Store, Map<string, string>>();

/** Offence code (upper case) → "CODE description", read once per store. */
export async function readOffenceLabels(store: Store): Promise<Map<string, string>> {
  let labels = cache.get(store);
  if (!labels) {
    const rows = await rowsOf(store, offenceLabelsQuery());
    labels = new Map(rows.map((r) => [r.code, `${r.code} ${r.description}`]));
    cache.set(store, labels);
  }
  return labels;
}
