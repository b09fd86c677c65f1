import { monthLabel } from '../core/periods/index.ts';
import type { CusumFinding } from './emerging.ts';
import type { AreaRef } from './schema.ts';

const whole = (n: number) => Math.round(n).toLocaleString('en-GB');

/** One sentence for an emerging issue: where, since when, latest month against expected. */
export function emergingExplanation(title: string, area: AreaRef, f: CusumFinding): string {
  const where = area.level === 'district' ? 'the district' : `${area.name ?? area.code} (${area.level})`;
  const way = f.direction === 'increase' ? 'above' : 'below';
  return (
    `${title} in ${where} has run ${way} its expected level since ${monthLabel(f.since)}: ` +
    `${whole(f.latest.count)} in ${monthLabel(f.latest.month)} against about ${whole(f.latest.expected)} expected ` +
    `(cumulative sum ${f.cusum.toFixed(1)}, signal above 5; expected level ${f.expectedBy === 'seasonal' ? 'by calendar month' : 'flat'} from the 24 months before).`
  );
}
