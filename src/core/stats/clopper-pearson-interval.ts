import { binomialCdf } from './binomial-cdf.ts';
import { binomialSf } from './binomial-sf.ts';
import type { Interval } from './wilson-interval.ts';

/** Bisection on p ∈ [0, 1] of an increasing function, down to adjacent doubles. */
function solveIncreasing(f: (p: number) => number, target: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 2000; i++) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Exact (Clopper–Pearson 1934) interval for a binomial proportion: the lower bound is the p at which
 * P(X ≥ x) = α/2, the upper the p at which P(X ≤ x) = α/2 (i.e. the beta quantiles
 * Beta(α/2; x, n − x + 1) and Beta(1 − α/2; x + 1, n − x)), solved here by bisection on the exact
 * binomial tails. Matches R binom.test(x, n)$conf.int and statsmodels method='beta'.
 */
export function clopperPearsonInterval(successes: number, n: number, confidence = 0.95): Interval {
  if (!Number.isInteger(successes) || !Number.isInteger(n) || n < 1 || successes < 0 || successes > n) {
    throw new RangeError(`need integers 0 ≤ successes ≤ n, n ≥ 1 (got ${successes} of ${n})`);
  }
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1) (got ${confidence})`);
  const tail = (1 - confidence) / 2;
  const lower = successes === 0 ? 0 : solveIncreasing((p) => binomialSf(successes, n, p), tail);
  const upper = successes === n ? 1 : solveIncreasing((p) => -binomialCdf(successes, n, p), -tail);
  return { lower, upper };
}
