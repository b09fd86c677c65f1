import type { ForecastPoint } from './forecast-types.ts';

const Z80 = 1.2815515655446004; // Φ⁻¹(0.9)
const Z95 = 1.959963984540054; // Φ⁻¹(0.975)

/** Normal prediction interval points from means and forecast standard deviations. */
export function normalForecastPoints(
  means: readonly number[],
  sds: readonly number[],
  nonNegative: boolean,
): ForecastPoint[] {
  const floor = (v: number) => (nonNegative ? Math.max(0, v) : v);
  return means.map((mean, i) => {
    const sd = sds[i]!;
    return {
      step: i + 1,
      mean: floor(mean),
      lower80: floor(mean - Z80 * sd),
      upper80: floor(mean + Z80 * sd),
      lower95: floor(mean - Z95 * sd),
      upper95: floor(mean + Z95 * sd),
    };
  });
}

/** Running totals of the means (each floored at 0 when counts cannot be negative, as the monthly points are) with normal intervals of sd √(variance of each running total). */
export function normalCumulativePoints(
  means: readonly number[],
  totalVariances: readonly number[],
  nonNegative: boolean,
): ForecastPoint[] {
  let total = 0;
  const totals = means.map((m) => (total += nonNegative ? Math.max(0, m) : m));
  return normalForecastPoints(totals, totalVariances.map(Math.sqrt), nonNegative);
}
