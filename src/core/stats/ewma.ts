import { controlBaseline, type BaselineOptions } from './control-baseline.ts';

export interface EwmaOptions extends BaselineOptions {
  /** smoothing weight of the newest point (default 0.2) */
  lambda?: number;
  /** width of the control limits in sd units of the statistic (default 3) */
  L?: number;
}

export interface EwmaPoint {
  index: number;
  value: number;
  ewma: number;
  lower: number;
  upper: number;
  signal: 'increase' | 'decrease' | null;
}

/**
 * EWMA control chart (Roberts 1959; Montgomery §9.2): zₜ = λxₜ + (1 − λ)zₜ₋₁, z₀ = μ0, limits
 * μ0 ± Lσ √(λ/(2 − λ) [1 − (1 − λ)^(2t)]) (exact time-varying limits). λ = 0.2, L = 3 are
 * Montgomery's usual choice. σ = √μ0 for counts, as for the CUSUM.
 */
export function ewma(
  series: readonly number[],
  options: EwmaOptions = {},
): { target: number; sd: number; points: EwmaPoint[] } {
  const { lambda = 0.2, L = 3 } = options;
  if (!(lambda > 0 && lambda <= 1)) throw new RangeError(`lambda must be in (0, 1] (got ${lambda})`);
  const { target, sd, start } = controlBaseline(series, options);
  const points: EwmaPoint[] = [];
  let z = target;
  for (let index = start; index < series.length; index++) {
    const t = index - start + 1;
    const value = series[index]!;
    z = lambda * value + (1 - lambda) * z;
    const width = L * sd * Math.sqrt((lambda / (2 - lambda)) * (1 - (1 - lambda) ** (2 * t)));
    const lower = target - width;
    const upper = target + width;
    points.push({
      index,
      value,
      ewma: z,
      lower,
      upper,
      signal: z > upper ? 'increase' : z < lower ? 'decrease' : null,
    });
  }
  return { target, sd, points };
}
