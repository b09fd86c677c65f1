import { binomialCdf } from './binomial-cdf.ts';
import { binomialPmf } from './binomial-pmf.ts';
import { outerTailSum } from './outer-tail-sum.ts';

/**
 * Upper tail P(X ≥ k) for X ~ Binomial(n, p) — note: scipy's binom.sf(k) is P(X > k), so this is
 * scipy.stats.binom.sf(k − 1). Summed term by term above the mean, 1 − P(X ≤ k − 1) below it.
 */
export function binomialSf(k: number, n: number, p: number, q = 1 - p): number {
  k = Math.ceil(k);
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (k <= n * p) return 1 - binomialCdf(k - 1, n, p, q);
  const ratio = (step: number) => {
    const i = k + step - 1; // moving from i to i + 1
    return ((n - i) / (i + 1)) * (p / q);
  };
  return Math.min(1, outerTailSum(binomialPmf(k, n, p, q), ratio, n - k));
}
