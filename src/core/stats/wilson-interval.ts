import { normalQuantile } from './normal-quantile.ts';

export interface Interval {
  lower: number;
  upper: number;
}

/**
 * Wilson score interval for a binomial proportion (Wilson 1927; Newcombe 1998 method 3): the
 * interval recommended for cohort indicators such as re-offending or treatment retention rates
 * (good coverage for small n and proportions near 0 or 1, unlike the Wald interval).
 * Matches statsmodels proportion_confint(successes, n, 1 − confidence, method='wilson').
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): Interval {
  if (!(n > 0) || !(successes >= 0) || successes > n) {
    throw new RangeError(`need 0 ≤ successes ≤ n and n > 0 (got ${successes} of ${n})`);
  }
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1) (got ${confidence})`);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const z2 = z * z;
  const p = successes / n;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  // At 0 or n successes the bound is exactly 0 or 1; the formula leaves rounding residue.
  return {
    lower: successes === 0 ? 0 : Math.max(0, centre - half),
    upper: successes === n ? 1 : Math.min(1, centre + half),
  };
}
