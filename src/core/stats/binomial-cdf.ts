import { binomialPmf } from './binomial-pmf.ts';
import { binomialSf } from './binomial-sf.ts';
import { outerTailSum } from './outer-tail-sum.ts';

/**
 * P(X ≤ k) for X ~ Binomial(n, p) (scipy.stats.binom.cdf). Lower tails below the mean are summed
 * term by term from k downwards (accurate however small); above it, 1 − P(X ≥ k + 1).
 */
export function binomialCdf(k: number, n: number, p: number, q = 1 - p): number {
  k = Math.floor(k);
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (k >= n * p) return 1 - binomialSf(k + 1, n, p, q);
  const ratio = (step: number) => {
    const i = k - step + 1; // moving from i to i − 1
    return (i / (n - i + 1)) * (q / p);
  };
  return Math.min(1, outerTailSum(binomialPmf(k, n, p, q), ratio, k));
}
