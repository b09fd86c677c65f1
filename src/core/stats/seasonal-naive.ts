import type { Forecast } from './forecast-types.ts';
import { normalForecastPoints } from './normal-forecast-points.ts';

/**
 * Seasonal naive forecast (FPP 3rd ed. §5.2): each future period repeats the same period of the
 * last observed season, ŷₙ₊ₕ = yₙ₊ₕ₋ₘ₍ₖ₊₁₎, k = ⌊(h − 1)/m⌋, with normal prediction intervals of
 * sd σ√(k + 1) (FPP Table 5.2), σ² = mean of the squared seasonal differences yₜ − yₜ₋ₘ.
 * Needs more than one season (n > m). The fallback when a series is too short for Holt–Winters.
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
  return { method: 'seasonal-naive', forecast: normalForecastPoints(means, sds, nonNegative), sigma };
}
