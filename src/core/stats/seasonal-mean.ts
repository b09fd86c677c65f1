import type { Forecast } from './forecast-types.ts';
import { normalCumulativePoints, normalForecastPoints } from './normal-forecast-points.ts';

/**
 * Seasonal mean of the last years: each future month is the mean of the same calendar month over
 * the last K full seasons (K = min(`years`, ⌊n/m⌋), at least 2), ŷₙ₊ₕ = (1/K) Σⱼ yₙ₊ₕ₋ₘⱼ over the
 * last K seasons. The model is yₜ = μ₍month₎ + εₜ, εₜ ~ N(0, σ²) independent, with σ² the pooled
 * within-month variance Σ (yₜ − ȳ₍month₎)² / (m(K − 1)) over those K seasons; a month's forecast
 * has sd σ√(1 + 1/K). Where seasonal naive repeats one year's noise (its errors have twice the
 * variance of a month's Poisson noise when the level is flat), averaging K years cancels part of
 * it: the better model for low, flat counts. It ignores any trend, which the back-test weighs.
 * Running totals: months of different phases are independent; a phase used c times in the first
 * H steps shares its estimated mean, so Var(total) = σ² (H + Σ₍phase₎ c²/K).
 */
export function seasonalMean(
  series: readonly number[],
  period = 12,
  horizon = 12,
  years = 3,
  nonNegative = true,
): Forecast {
  const n = series.length;
  const k = Math.min(years, Math.floor(n / period));
  if (k < 2) throw new RangeError(`a seasonal mean needs two full seasons (${2 * period} values; got ${n})`);
  const start = n - k * period;
  const sums = new Array<number>(period).fill(0);
  for (let t = start; t < n; t++) sums[t % period]! += series[t]!;
  const phaseMeans = sums.map((s) => s / k);
  let ss = 0;
  for (let t = start; t < n; t++) ss += (series[t]! - phaseMeans[t % period]!) ** 2;
  const sigma = Math.sqrt(ss / (period * (k - 1)));
  const means: number[] = [];
  const uses = new Array<number>(period).fill(0);
  const totalVariances: number[] = [];
  for (let h = 1; h <= horizon; h++) {
    const phase = (n + h - 1) % period;
    means.push(phaseMeans[phase]!);
    uses[phase]! += 1;
    totalVariances.push(sigma * sigma * (h + uses.reduce((s, c) => s + c * c, 0) / k));
  }
  const sds = means.map(() => sigma * Math.sqrt(1 + 1 / k));
  return {
    method: 'seasonal-mean',
    forecast: normalForecastPoints(means, sds, nonNegative),
    cumulative: normalCumulativePoints(means, totalVariances, nonNegative),
    sigma,
  };
}
