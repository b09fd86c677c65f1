import { devianceTerm } from './deviance-term.ts';
import { logGamma } from './log-gamma.ts';
import { stirlingError } from './stirling-error.ts';

/** P(X = x) for X ~ Poisson(mu), by Loader's saddle-point formula (accurate for mu up to 10^9). */
export function poissonPmf(x: number, mu: number): number {
  if (!Number.isInteger(x) || x < 0) return 0;
  if (mu === 0) return x === 0 ? 1 : 0;
  if (x === 0) return Math.exp(-mu);
  if (mu < x * Number.MIN_VALUE) return Math.exp(-mu + x * Math.log(mu) - logGamma(x + 1));
  return Math.exp(-stirlingError(x) - devianceTerm(x, mu)) / Math.sqrt(2 * Math.PI * x);
}
