import { poissonCdf } from './poisson-cdf.ts';
import { poissonSf } from './poisson-sf.ts';
import type { Interval } from './wilson-interval.ts';

/**
 * Exact (Garwood 1936) confidence interval for the mean of a Poisson count x: the lower bound is
 * the μ with P(X ≥ x; μ) = α/2 (0 when x = 0), the upper the μ with P(X ≤ x; μ) = α/2, found by
 * bisection on the exact Poisson tails. The same as the chi-square form χ²(α/2; 2x)/2,
 * χ²(1 − α/2; 2x + 2)/2 (scipy.stats.chi2.ppf) and R's poisson.test(x)$conf.int. Divide by the
 * exposure for the interval of a rate.
 */
export function garwoodInterval(x: number, confidence = 0.95): Interval {
  if (!Number.isInteger(x) || x < 0) throw new RangeError(`a Poisson count must be a whole number ≥ 0 (got ${x})`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1) (got ${confidence})`);
  const tail = (1 - confidence) / 2;
  const solve = (f: (mu: number) => number, increasing: boolean): number => {
    let lo = 0;
    let hi = Math.max(10, 2 * x + 10);
    while (increasing ? f(hi) < tail : f(hi) > tail) hi *= 2;
    for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
      const mid = (lo + hi) / 2;
      const below = increasing ? f(mid) < tail : f(mid) > tail;
      if (below) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const lower = x === 0 ? 0 : solve((mu) => poissonSf(x, mu), true);
  const upper = solve((mu) => poissonCdf(x, mu), false);
  return { lower, upper };
}
