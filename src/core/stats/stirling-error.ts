import { logGamma } from './log-gamma.ts';

const LN_SQRT_2PI = 0.9189385332046727;

/**
 * The error of Stirling's formula, δ(n) = ln n! − ln(√(2πn) (n/e)^n), used by the saddle-point
 * probability mass functions (Loader 2000). Asymptotic series for n > 15, ln Γ directly below.
 */
export function stirlingError(n: number): number {
  if (n > 15) {
    const r = 1 / (n * n);
    return (1 / 12 - r * (1 / 360 - r * (1 / 1260 - r * (1 / 1680 - r / 1188)))) / n;
  }
  if (n === 0) return 0;
  return logGamma(n + 1) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
}
