import { outerTailSum } from './outer-tail-sum.ts';
import { poissonCdf } from './poisson-cdf.ts';
import { poissonPmf } from './poisson-pmf.ts';

/**
 * Upper tail P(X ≥ x) for X ~ Poisson(mu): the probability of a count at least as large as x.
 * scipy's poisson.sf(k) is P(X > k), so this is scipy.stats.poisson.sf(x − 1).
 */
export function poissonSf(x: number, mu: number): number {
  x = Math.ceil(x);
  if (x <= 0) return 1;
  if (mu === 0) return 0;
  if (x <= mu) return 1 - poissonCdf(x - 1, mu);
  return Math.min(
    1,
    outerTailSum(poissonPmf(x, mu), (step) => mu / (x + step), Infinity),
  );
}
