import { bisectRight } from 'd3-array';
import { quantileSorted } from '../../core/quantile.ts';

/**
 * Quantile class breaks: [min, q(1/k), …, q((k−1)/k), max] with repeated values removed, so there
 * may be fewer than k classes when many values tie. Quantiles interpolate linearly between order
 * statistics (Hyndman & Fan type 7, the same as numpy.quantile's default method="linear").
 * Returns [] when there are no values.
 */
export function quantileBreaks(values: readonly number[], classes: number): number[] {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const raw = [sorted[0] as number];
  for (let i = 1; i < classes; i++) raw.push(quantileSorted(sorted, i / classes));
  raw.push(sorted.at(-1) as number);
  const unique = raw.filter((b, i) => i === 0 || b !== raw[i - 1]);
  return unique.length === 1 ? [unique[0] as number, unique[0] as number] : unique;
}

/**
 * Class (0-based) of `value` for `breaks` from `quantileBreaks`: a value equal to an inner break
 * belongs to the class above it; the maximum belongs to the top class.
 */
export function classOf(value: number, breaks: readonly number[]): number {
  const classes = Math.max(1, breaks.length - 1);
  return Math.min(classes - 1, bisectRight(breaks.slice(1, -1), value));
}
