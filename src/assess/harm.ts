import { harmTotal, type HarmTable } from '../core/harm/index.ts';
import type { CountSource } from '../analyse/counts.ts';
import type { MeasureAssessment } from './schema.ts';

/**
 * Crime Severity Score-weighted totals of a crime measure in both periods (weights per offence code
 * for records, per crime type for data.police.uk), with the codes or types that carry no weight.
 * `shareOfTotal` is filled in once the all-crime total is known.
 */
export function harmFor(byKey: ReadonlyMap<string, { current: number; previous: number }> | undefined, source: CountSource | null, table: HarmTable): MeasureAssessment['harm'] {
  if (!byKey || source === null) return null;
  const taxonomy = source === 'records' ? 'records' : 'police-uk';
  const current = harmTotal(new Map([...byKey].map(([k, v]) => [k, v.current])), table, taxonomy);
  const previous = harmTotal(new Map([...byKey].map(([k, v]) => [k, v.previous])), table, taxonomy);
  return {
    current: current.total,
    previous: previous.total,
    pct: previous.total > 0 ? (100 * (current.total - previous.total)) / previous.total : null,
    shareOfTotal: null,
    unweighted: [...new Set([...current.unweighted, ...previous.unweighted])].sort(),
  };
}
