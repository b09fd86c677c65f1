import type { Forecaster } from './forecast-types.ts';
import { seasonalForecast } from './seasonal-forecast.ts';

export interface BacktestResult {
  /** forecast origins used (each forecasts the full horizon) */
  origins: number;
  /** forecast/actual pairs compared */
  count: number;
  /** mean absolute error */
  mae: number;
  /** mean absolute percentage error, over actuals ≠ 0; null when every actual is 0 */
  mape: number | null;
  /** pairs left out of the MAPE because the actual was 0 */
  mapeExcluded: number;
  /** share of actuals inside the 80% and 95% intervals */
  coverage80: number;
  coverage95: number;
  /** origins whose actual total over the horizon fell inside the 80%/95% interval of the forecast total (null when the model gives no running totals) */
  totalsIn80: number | null;
  totalsIn95: number | null;
}

/**
 * Rolling-origin evaluation (Tashman 2000; FPP 3rd ed. §5.10 "time series cross-validation"): for
 * each origin o from `minTrain` to n − horizon, the model is fitted on the first o values and
 * forecasts the next `horizon`, which are compared with what happened. Only origins with the full
 * horizon observed are used, so every horizon is weighted equally; `step` > 1 spaces the origins
 * (fewer fits, same horizons). null when no origin fits.
 */
export function backtest(
  series: readonly number[],
  horizon = 12,
  model: Forecaster = (train, h) => seasonalForecast(train, { horizon: h }),
  minTrain = 24,
  step = 1,
): BacktestResult | null {
  let origins = 0;
  let count = 0;
  let absSum = 0;
  let apeSum = 0;
  let apeCount = 0;
  let in80 = 0;
  let in95 = 0;
  let totalsIn80: number | null = 0;
  let totalsIn95: number | null = 0;
  for (let origin = minTrain; origin + horizon <= series.length; origin += step) {
    const { forecast, cumulative } = model(series.slice(0, origin), horizon);
    origins++;
    const total = cumulative[horizon - 1];
    if (total && totalsIn80 !== null && totalsIn95 !== null) {
      const actual = series.slice(origin, origin + horizon).reduce((a, b) => a + b, 0);
      if (actual >= total.lower80 && actual <= total.upper80) totalsIn80++;
      if (actual >= total.lower95 && actual <= total.upper95) totalsIn95++;
    } else {
      totalsIn80 = null;
      totalsIn95 = null;
    }
    for (const point of forecast) {
      const actual = series[origin + point.step - 1]!;
      const error = Math.abs(actual - point.mean);
      count++;
      absSum += error;
      if (actual !== 0) {
        apeSum += error / Math.abs(actual);
        apeCount++;
      }
      if (actual >= point.lower80 && actual <= point.upper80) in80++;
      if (actual >= point.lower95 && actual <= point.upper95) in95++;
    }
  }
  if (count === 0) return null;
  return {
    origins,
    count,
    mae: absSum / count,
    mape: apeCount > 0 ? (100 * apeSum) / apeCount : null,
    mapeExcluded: count - apeCount,
    coverage80: in80 / count,
    coverage95: in95 / count,
    totalsIn80,
    totalsIn95,
  };
}
