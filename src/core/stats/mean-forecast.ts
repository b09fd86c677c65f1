import type { Forecast } from './forecast-types.ts';
import { meanAndSd } from './mean-and-sd.ts';
import { normalForecastPoints } from './normal-forecast-points.ts';

/**
 * Mean forecast (FPP 3rd ed. §5.2): every future value is the series mean, with normal prediction
 * intervals of sd s√(1 + 1/n) (FPP Table 5.2). The last resort for a series of less than one
 * season plus one period: it ignores seasonality and trend.
 */
export function meanForecast(series: readonly number[], horizon = 12, nonNegative = true): Forecast {
  if (series.length < 2) throw new RangeError(`a forecast needs at least 2 values (got ${series.length})`);
  const { mean, sd } = meanAndSd(series);
  const forecastSd = sd * Math.sqrt(1 + 1 / series.length);
  const means = new Array<number>(horizon).fill(mean);
  const sds = new Array<number>(horizon).fill(forecastSd);
  return { method: 'mean', forecast: normalForecastPoints(means, sds, nonNegative), sigma: sd };
}
