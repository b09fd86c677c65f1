import type { Forecast } from './forecast-types.ts';
import { normalCumulativePoints, normalForecastPoints } from './normal-forecast-points.ts';

/**
 * Seasonal naive forecast (FPP 3rd ed. §5.2): each future period repeats the same period of the
 * last observed season, ŷₙ₊ₕ = yₙ₊ₕ₋ₘ₍ₖ₊₁₎, k = ⌊(h − 1)/m⌋, with normal prediction intervals of
 * sd σ√(k + 1) (FPP Table 5.2), σ² = mean of the squared seasonal differences yₜ − yₜ₋ₘ.
 * Needs more than one season (n > m). The fallback when a series is too short for Holt–Winters.
 * Running totals: under the seasonal random walk behind these intervals, the error of step h adds
 * the innovations of steps h, h − m, h − 2m, … ≥ 1, so the total of the first H steps carries the
 * innovation of step t ⌊(H − t)/m⌋ + 1 times: Var = σ² Σₜ (⌊(H − t)/m⌋ + 1)² (σ²H for H ≤ m).
 */
export function seasonalNaive(series: readonly number[], period = 12, horizon = 12, nonNegative = true): Forecast {
  const n = series.length;
  if (n <= period) throw new RangeError(`seasonal naive needs more than one season (${period} values; got ${n})`);
  let ss = 0;
  for (let t = period; t < n; t++) ss += (series[t]! - series[t - period]!) ** 2;
  const sigma = Math.sqrt(ss / (n - period));
  const means: number[] = [];
  const sds: number[] = [];
  for (let h = 1; h <= horizon; h++) {
    const k = Math.floor((h - 1) / period);
    means.push(series[n + h - 1 - period * (k + 1)]!);
    sds.push(sigma * Math.sqrt(k + 1));
  }
  const totalVariances = means.map((_, i) => {
    let v = 0;
    for (let t = 1; t <= i + 1; t++) v += (Math.floor((i + 1 - t) / period) + 1) ** 2;
    return sigma * sigma * v;
  });
  return {
    method: 'seasonal-naive',
    forecast: normalForecastPoints(means, sds, nonNegative),
    cumulative: normalCumulativePoints(means, totalVariances, nonNegative),
    sigma,
  };
}
