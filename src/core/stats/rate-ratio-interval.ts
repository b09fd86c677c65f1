import { clopperPearsonInterval } from './clopper-pearson-interval.ts';

export interface RateRatio {
  /** (c1/t1) / (c2/t2); Infinity when c2 = 0, null when both counts are 0 */
  ratio: number | null;
  lower: number;
  /** Infinity when c2 = 0 */
  upper: number;
}

/**
 * Ratio of two Poisson rates c1/t1 : c2/t2 (t = population or exposure) with its exact conditional
 * confidence interval: given c1 + c2, c1 ~ Binomial(c1 + c2, π) with π = ρ t1 / (ρ t1 + t2), so the
 * Clopper–Pearson interval (πL, πU) for π maps to ρ = π/(1 − π) × t2/t1 (Armitage, Berry & Matthews,
 * Statistical Methods in Medical Research). Identical to R's
 * poisson.test(c(c1, c2), c(t1, t2))$conf.int. When both counts are 0 the interval is [0, Infinity].
 */
export function rateRatioInterval(c1: number, t1: number, c2: number, t2: number, confidence = 0.95): RateRatio {
  if (!(t1 > 0) || !(t2 > 0)) throw new RangeError(`exposures must be positive (got ${t1}, ${t2})`);
  const n = c1 + c2;
  if (n === 0) return { ratio: null, lower: 0, upper: Infinity };
  const { lower, upper } = clopperPearsonInterval(c1, n, confidence);
  const toRatio = (pi: number) => (pi >= 1 ? Infinity : (pi / (1 - pi)) * (t2 / t1));
  return { ratio: c2 === 0 ? Infinity : c1 / t1 / (c2 / t2), lower: toRatio(lower), upper: toRatio(upper) };
}
