/**
 * Attaches what happened to each crime measure's crimes (read/outcomes.ts) to a district's
 * measure documents: one snapshot of the district's crimes, one grouped read per measure.
 */
import type { Store } from '../../store/db.ts';
import type { Catalogue } from '../../core/measures/catalogue.ts';
import type { Window } from '../../core/periods/index.ts';
import { measureOutcomes, outcomeSnapshot } from './outcomes.ts';
import type { MeasureAssessment } from '../schema.ts';

export async function attachOutcomes(
  store: Store,
  district: string,
  docs: MeasureAssessment[],
  catalogue: Catalogue,
  w: { current: Window; previous: Window },
  wards: readonly string[],
  wardNames: ReadonlyMap<string, string>,
): Promise<void> {
  const crimeDocs = docs.filter((d) => d.kind === 'crime' && d.available && d.source !== null && d.comparison !== null);
  for (const d of docs) if (d.kind !== 'crime' || !d.available) d.outcomes = null;
  if (crimeDocs.length === 0) return;
  const snapshot = await outcomeSnapshot(store, district, w.previous.start, w.current.end);
  try {
    for (const doc of crimeDocs) {
      const measure = catalogue.get(doc.countedAs);
      if (!measure) continue;
      doc.outcomes = await measureOutcomes(store, {
        snapshot,
        measure,
        source: doc.source!,
        current: w.current,
        previous: w.previous,
        decision: doc.comparison!,
        wards,
        wardNames,
      });
    }
  } finally {
    await snapshot.drop();
  }
}
