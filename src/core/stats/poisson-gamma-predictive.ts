import { logGamma } from './log-gamma.ts';

/**
 * The predictive distribution of a count over `exposure` units of time when the rate has been
 * estimated from `events` in `baseExposure` units: a Poisson count whose rate carries the
 * uncertainty of its estimate (Jeffreys prior, rate ~ Gamma(events + ½, baseExposure)), which is the
 * negative binomial with r = events + ½ and p = baseExposure / (baseExposure + exposure)
 * (scipy.stats.nbinom(r, p), counting failures). Wider than the plain Poisson range of the
 * estimated mean, the more so the fewer the events, and defined when no event was seen before.
 */
export interface PoissonGammaPredictive {
  mean: number;
  pmf(x: number): number;
  /** P(X ≤ x) */
  cdf(x: number): number;
  /** P(X ≥ x) */
  sf(x: number): number;
  /** the smallest x with P(X ≤ x) ≥ q */
  quantile(q: number): number;
}

export function poissonGammaPredictive(events: number, baseExposure: number, exposure: number): PoissonGammaPredictive {
  if (!(events >= 0) || !(baseExposure > 0) || !(exposure > 0))
    throw new RangeError(`need events ≥ 0 and positive exposures (got ${events}, ${baseExposure}, ${exposure})`);
  const r = events + 0.5;
  const p = baseExposure / (baseExposure + exposure);
  const logP = Math.log(p);
  const log1mP = Math.log1p(-p);
  const lgR = logGamma(r);
  const pmf = (x: number): number =>
    x < 0 || !Number.isInteger(x) ? 0 : Math.exp(logGamma(x + r) - lgR - logGamma(x + 1) + r * logP + x * log1mP);
  const cdf = (x: number): number => {
    if (x < 0) return 0;
    let sum = 0;
    for (let k = 0; k <= Math.floor(x); k++) sum += pmf(k);
    return Math.min(1, sum);
  };
  return {
    mean: (r * (1 - p)) / p,
    pmf,
    cdf,
    sf: (x: number) => (x <= 0 ? 1 : Math.max(0, 1 - cdf(Math.ceil(x) - 1))),
    quantile(q: number): number {
      if (!(q >= 0 && q < 1)) throw new RangeError(`quantile needs 0 ≤ q < 1 (got ${q})`);
      let sum = 0;
      for (let k = 0; ; k++) {
        sum += pmf(k);
        if (sum >= q * (1 - 1e-12)) return k;
      }
    },
  };
}
