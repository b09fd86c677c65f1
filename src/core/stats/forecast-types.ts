export interface ForecastPoint {
  /** steps ahead, 1 = the period after the last observation */
  step: number;
  mean: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

export interface Forecast {
  method: 'holt-winters' | 'holt-winters-damped' | 'seasonal-naive' | 'seasonal-mean' | 'mean';
  forecast: ForecastPoint[];
  /**
   * Intervals of the running total: point `step` is the sum of the first `step` forecasts, with
   * the 80% and 95% intervals of that sum (not the sum of the monthly bounds, which would assume
   * the monthly errors all move together).
   */
  cumulative: ForecastPoint[];
  /** standard deviation of the one-step errors used for the intervals */
  sigma: number;
}

/** A model that forecasts `horizon` steps from a training series (for back-testing). */
export type Forecaster = (train: readonly number[], horizon: number) => Forecast;
