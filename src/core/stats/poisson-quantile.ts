import { normalQuantile } from './normal-quantile.ts';
import { poissonCdf } from './poisson-cdf.ts';
import { poissonPmf } from './poisson-pmf.ts';

/**
 * The smallest count x with P(X ≤ x) ≥ p for X ~ Poisson(mu) (scipy.stats.poisson.ppf, R qpois).
 * Returns 0 for p = 0 (scipy returns −1 there) and Infinity for p = 1 when mu > 0.
 * Starts from the Cornish–Fisher approximation and walks one count at a time.
 */
export function poissonQuantile(p: number, mu: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(mu >= 0)) return NaN;
  if (mu === 0 || p === 0) return 0;
  if (p === 1) return Infinity;
  const z = normalQuantile(p);
  let x = Math.max(0, Math.round(mu + Math.sqrt(mu) * z + (z * z - 1) / 6));
  let cdf = poissonCdf(x, mu);
  if (cdf >= p) {
    while (x > 0) {
      const below = cdf - poissonPmf(x, mu);
      if (below < p) break;
      cdf = below;
      x--;
    }
    return x;
  }
  while (cdf < p) {
    x++;
    const term = poissonPmf(x, mu);
    if (term === 0 && x > mu) break; // p is within rounding of 1: no more mass to add
    cdf += term;
  }
  return x;
}
