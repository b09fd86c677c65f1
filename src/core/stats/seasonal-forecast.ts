import type { Forecast } from './forecast-types.ts';
import { holtWinters, type HoltWintersOptions } from './holt-winters.ts';
import { meanForecast } from './mean-forecast.ts';
import { seasonalNaive } from './seasonal-naive.ts';

/**
 * The projection used by the report: Holt–Winters when the series holds two full seasons, else
 * seasonal naive when it holds more than one, else the mean. The method is returned with the
 * forecast so that the report can state it.
 */
export function seasonalForecast(series: readonly number[], options: HoltWintersOptions = {}): Forecast {
  const { period = 12, horizon = 12, nonNegative = true } = options;
  if (series.length >= 2 * period) return holtWinters(series, options);
  if (series.length > period) return seasonalNaive(series, period, horizon, nonNegative);
  return meanForecast(series, horizon, nonNegative);
}
