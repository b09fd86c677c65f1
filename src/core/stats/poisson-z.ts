import { normalCdf } from './normal-cdf.ts';

export interface PoissonZ {
  /** 2(√current − √previous) */
  z: number;
  /** two-sided normal p-value, 2 P(Z ≥ |z|) */
  p: number;
}

/**
 * The variance-stabilised difference of two Poisson counts, z = 2(√C − √P): √X has variance ≈ 1/4
 * for a Poisson count X, so under equal rates over periods of equal length (and population) z is
 * approximately N(0, 1) (Anscombe 1948). An approximation for quick reading beside the exact
 * conditional test, which should decide significance; poor when both counts are small (< 10).
 */
export function poissonZ(current: number, previous: number): PoissonZ {
  if (!(current >= 0) || !(previous >= 0)) {
    throw new RangeError(`counts must be non-negative (got ${current}, ${previous})`);
  }
  const z = 2 * (Math.sqrt(current) - Math.sqrt(previous));
  return { z, p: Math.min(1, 2 * normalCdf(-Math.abs(z))) };
}
