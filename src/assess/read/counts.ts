import type { Store } from '../../store/db.ts';
import type { Measure } from '../../core/measures/schema.ts';
import type { Catalogue } from '../../core/measures/catalogue.ts';
import type { Window } from '../../core/periods/index.ts';
import { measureCountsWith, type MeasureCount } from '../build/counts.ts';
import { measureClosure, readAllCells } from './cells.ts';
import { firstRowOf, query, type Query } from './query.ts';

/**
 * Counts of a measure per district for each window, read from the event counts (the one counting
 * path: the cells of readAllCells, then countsFromCells); a district whose data cannot support the
 * measure gets the declared fallback measure (with its note), or a null count saying why.
 * `span` widens the months read (so that `monthly` holds a whole series).
 */
export async function measureCounts(
  store: Store,
  measure: Measure,
  districts: readonly string[],
  windows: readonly Window[],
  catalogue?: Catalogue,
  span?: { from: string; to: string },
): Promise<Map<string, MeasureCount>> {
  if (districts.length === 0 || windows.length === 0) throw new RangeError('need at least one district and one window');
  const from = [span?.from, ...windows.map((w) => w.start)].filter((m): m is string => !!m).sort()[0]!;
  const to = [span?.to, ...windows.map((w) => w.end)]
    .filter((m): m is string => !!m)
    .sort()
    .at(-1)!;
  const measures = catalogue ? measureClosure([measure.id], catalogue) : [measure];
  const read = await readAllCells(
    store,
    measures.length > 0 ? measures : [measure],
    districts,
    from,
    to,
    'event_counts',
  );
  return measureCountsWith(measure, districts, windows, (m, ds) => read.cells(m, ds), catalogue);
}

export const latestMonthQuery = (): Query<{ m: string | null }> =>
  query("SELECT strftime(max(month), '%Y-%m') AS m FROM events");

/** The latest month holding any event (the default end of the analysis period), or null. */
export async function latestLoadedMonth(store: Store): Promise<string | null> {
  return (await firstRowOf(store, latestMonthQuery()))?.m ?? null;
}
