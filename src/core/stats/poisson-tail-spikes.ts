import { adjustPValues, type PAdjustment } from './adjust-p-values.ts';
import { poissonSf } from './poisson-sf.ts';

export interface SpikeOptions {
  /** flag when the adjusted p-value is below this (default 0.05) */
  alpha?: number;
  /** multiple-testing adjustment over all values tested (default 'bonferroni') */
  adjustment?: PAdjustment;
}

export interface Spike {
  index: number;
  count: number;
  expected: number;
  /** P(X ≥ count) for X ~ Poisson(expected) */
  p: number;
  pAdjusted: number;
}

/**
 * Counts far above their expectation: each count is tested against Poisson(expected) by its upper
 * tail P(X ≥ count), the p-values are adjusted over all counts tested, and those with adjusted
 * p < alpha are returned, most extreme first. Counts are usually over-dispersed (weekday effects,
 * clustering), so a Poisson flag says "unusual for a random count at this mean", not proof of a
 * cause.
 */
export function poissonTailSpikes(
  counts: readonly number[],
  expected: readonly number[],
  options: SpikeOptions = {},
): Spike[] {
  const { alpha = 0.05, adjustment = 'bonferroni' } = options;
  if (counts.length !== expected.length) throw new RangeError('counts and expected differ in length');
  const p = counts.map((count, i) => poissonSf(count, expected[i]!));
  const adjusted = adjustPValues(p, adjustment);
  const spikes: Spike[] = [];
  counts.forEach((count, index) => {
    if (adjusted[index]! < alpha) {
      spikes.push({ index, count, expected: expected[index]!, p: p[index]!, pAdjusted: adjusted[index]! });
    }
  });
  return spikes.sort((a, b) => a.p - b.p || a.index - b.index);
}
