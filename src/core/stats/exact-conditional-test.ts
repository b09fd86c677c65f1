import { binomialCdf } from './binomial-cdf.ts';
import { binomialPmf } from './binomial-pmf.ts';
import { binomialSf } from './binomial-sf.ts';

/** scipy's relative tolerance for "as or less probable than the observed count". */
const RELATIVE_TOLERANCE = 1 + 1e-7;

/**
 * Two-sided p-value of the exact conditional test comparing two Poisson counts (Przyborowski &
 * Wileński 1940): given the total n = current + previous, current ~ Binomial(n, r/(1 + r)) under
 * H0 "rate(current) = ratio × rate(previous)"; ratio is the ratio of exposures (1 for two periods of
 * equal length and population). The two-sided p-value sums the probabilities of every outcome no
 * more likely than the observed one, exactly as scipy.stats.binomtest(current, n, r/(1+r)).pvalue
 * (and R's binom.test / poisson.test). Returns 1 when both counts are 0.
 */
export function exactConditionalTest(current: number, previous: number, ratio = 1): number {
  if (!Number.isInteger(current) || !Number.isInteger(previous) || current < 0 || previous < 0) {
    throw new RangeError(`counts must be non-negative integers (got ${current}, ${previous})`);
  }
  if (!(ratio > 0) || !Number.isFinite(ratio)) throw new RangeError(`ratio must be positive (got ${ratio})`);
  const n = current + previous;
  if (n === 0) return 1;
  const p = ratio / (1 + ratio);
  const q = 1 / (1 + ratio);
  const k = current;
  const mean = p * n;
  if (k === mean) return 1;
  const threshold = binomialPmf(k, n, p, q) * RELATIVE_TOLERANCE;
  let pValue: number;
  if (k < mean) {
    // First count on the upper side (where the pmf decreases) as unlikely as the observed one.
    let lo = Math.ceil(mean);
    let hi = n + 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (binomialPmf(mid, n, p, q) <= threshold) hi = mid;
      else lo = mid + 1;
    }
    pValue = binomialCdf(k, n, p, q) + (lo <= n ? binomialSf(lo, n, p, q) : 0);
  } else {
    // Last count on the lower side (where the pmf increases) as unlikely as the observed one.
    let lo = -1;
    let hi = Math.floor(mean);
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (binomialPmf(mid, n, p, q) <= threshold) lo = mid;
      else hi = mid - 1;
    }
    pValue = (lo >= 0 ? binomialCdf(lo, n, p, q) : 0) + binomialSf(k, n, p, q);
  }
  return Math.min(1, pValue);
}
