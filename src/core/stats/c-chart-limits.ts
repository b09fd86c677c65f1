import { normalCdf } from './normal-cdf.ts';
import { poissonQuantile } from './poisson-quantile.ts';

export interface CChartLimits {
  centre: number;
  /** Shewhart 3-sigma limits c̄ ± 3√c̄, lower bound floored at 0 */
  lower3Sigma: number;
  upper3Sigma: number;
  /** probability limits: Poisson quantiles at the 3-sigma tail probability Φ(−3) ≈ 0.00135 */
  lowerExact: number;
  upperExact: number;
  /** the one-sided tail probability used for the exact limits */
  tail: number;
}

/**
 * Control limits for a c-chart (Poisson counts with mean c̄). The 3-sigma limits are the classic
 * Shewhart rule but are asymmetric in probability for small c̄; the exact limits are Poisson
 * quantiles with the same nominal tail probability, Φ(−3), on each side. A count signals when it
 * is above the upper limit or below the lower one: with the exact limits P(X > upperExact) ≤ tail
 * and P(X < lowerExact) < tail.
 */
export function cChartLimits(mean: number): CChartLimits {
  if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`mean must be ≥ 0 (got ${mean})`);
  const tail = normalCdf(-3);
  const sigma = Math.sqrt(mean);
  return {
    centre: mean,
    lower3Sigma: Math.max(0, mean - 3 * sigma),
    upper3Sigma: mean + 3 * sigma,
    lowerExact: poissonQuantile(tail, mean),
    upperExact: poissonQuantile(1 - tail, mean),
    tail,
  };
}
