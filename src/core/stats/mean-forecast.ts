import type { Forecast } from './forecast-types.ts';
import { meanAndSd } from './mean-and-sd.ts';
import { normalCumulativePoints, normalForecastPoints } from './normal-forecast-points.ts';

/**
 * Mean forecast (FPP 3rd ed. §5.2): every future value is the series mean, with normal prediction
 * intervals of sd s√(1 + 1/n) (FPP Table 5.2). The last resort for a series of less than one
 * season plus one period: it ignores seasonality and trend. Running totals: the H future values
 * share the error of the estimated mean, so Var(total of H) = s²(H + H²/n).
 */
export function meanForecast(series: readonly number[], horizon = 12, nonNegative = true): Forecast {
  if (series.length < 2) throw new RangeError(`a forecast needs at least 2 values (got ${series.length})`);
  const { mean, sd } = meanAndSd(series);
  const forecastSd = sd * Math.sqrt(1 + 1 / series.length);
  const means = new Array<number>(horizon).fill(mean);
  const sds = new Array<number>(horizon).fill(forecastSd);
  const n = series.length;
  const totalVariances = means.map((_, i) => sd * sd * (i + 1 + (i + 1) ** 2 / n));
  return {
    method: 'mean',
    forecast: normalForecastPoints(means, sds, nonNegative),
    cumulative: normalCumulativePoints(means, totalVariances, nonNegative),
    sigma: sd,
  };
}
