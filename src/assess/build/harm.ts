import { harmTotal, type HarmTable } from '../../core/harm/index.ts';
import { sumMonths, type Comparability } from '../../core/periods/comparable.ts';
import type { CountSource } from './counts.ts';
import type { MeasureAssessment } from '../schema.ts';

/**
 * Crime Severity Score-weighted totals of a crime measure (weights per offence code for records,
 * per crime type for data.police.uk): the current 12 months, and both periods on the measure's
 * comparison basis (the same months as its count), with the codes or types that carry no weight.
 * `shareOfTotal` is filled in once the all-crime total is known.
 */
export function harmFor(
  byKey: ReadonlyMap<string, ReadonlyMap<string, number>> | undefined,
  source: CountSource | null,
  table: HarmTable,
  currentMonths: readonly string[],
  decision: Comparability | null,
): MeasureAssessment['harm'] {
  if (!byKey || source === null) return null;
  const taxonomy = source === 'records' ? 'records' : 'police-uk';
  const total = (months: readonly string[]) =>
    harmTotal(new Map([...byKey].map(([k, v]) => [k, sumMonths(v, months)])), table, taxonomy);
  const current = total(currentMonths);
  const assessed = decision !== null && decision.kind !== 'not-assessed';
  const compared = assessed
    ? { current: total(decision.currentMonths), previous: total(decision.previousMonths) }
    : null;
  return {
    current: current.total,
    previous: compared ? compared.previous.total : null,
    compared: compared ? { current: compared.current.total, previous: compared.previous.total } : null,
    pct:
      compared && compared.previous.total > 0
        ? (100 * (compared.current.total - compared.previous.total)) / compared.previous.total
        : null,
    shareOfTotal: null,
    unweighted: [
      ...new Set([
        ...current.unweighted,
        ...(compared ? [...compared.current.unweighted, ...compared.previous.unweighted] : []),
      ]),
    ].sort(),
  };
}
