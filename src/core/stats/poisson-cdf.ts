import { outerTailSum } from './outer-tail-sum.ts';
import { poissonPmf } from './poisson-pmf.ts';
import { poissonSf } from './poisson-sf.ts';

/**
 * P(X ≤ x) for X ~ Poisson(mu) (scipy.stats.poisson.cdf). Below the mean, summed term by term from
 * x downwards; above it, 1 − P(X ≥ x + 1).
 */
export function poissonCdf(x: number, mu: number): number {
  x = Math.floor(x);
  if (x < 0) return 0;
  if (mu === 0) return 1;
  if (x >= mu) return 1 - poissonSf(x + 1, mu);
  return Math.min(
    1,
    outerTailSum(poissonPmf(x, mu), (step) => (x - step + 1) / mu, x),
  );
}
