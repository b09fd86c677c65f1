import { devianceTerm } from './deviance-term.ts';
import { stirlingError } from './stirling-error.ts';

const LN_2PI = 1.8378770664093453;

/**
 * P(X = k) for X ~ Binomial(n, p), by Loader's saddle-point formula: full relative accuracy for
 * n up to 10^9 (no factorials, no log-gamma cancellation). `q` may be passed when 1 − p is known
 * more precisely than `1 - p` would compute it.
 */
export function binomialPmf(k: number, n: number, p: number, q = 1 - p): number {
  if (!Number.isInteger(k) || k < 0 || k > n) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (q === 0) return k === n ? 1 : 0;
  if (k === 0) return Math.exp(p < 0.1 ? -devianceTerm(n, n * q) - n * p : n * Math.log(q));
  if (k === n) return Math.exp(q < 0.1 ? -devianceTerm(n, n * p) - n * q : n * Math.log(p));
  const lc =
    stirlingError(n) - stirlingError(k) - stirlingError(n - k) - devianceTerm(k, n * p) - devianceTerm(n - k, n * q);
  const lf = LN_2PI + Math.log(k) + Math.log1p(-k / n);
  return Math.exp(lc - 0.5 * lf);
}
