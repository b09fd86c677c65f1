export type Seasonality = 'additive' | 'multiplicative';

export interface HoltWintersParams {
  /** level smoothing α (statsmodels smoothing_level) */
  alpha: number;
  /** trend smoothing β* (statsmodels smoothing_trend); ignored without a trend */
  beta: number;
  /** seasonal smoothing γ (statsmodels smoothing_seasonal) */
  gamma: number;
  /** trend damping φ (statsmodels damping_trend; Gardner & McKenzie 1985); absent = 1, an undamped trend */
  phi?: number;
}

export interface HoltWintersState {
  level: number;
  trend: number;
  /** seasonal[j] is the latest seasonal component of phase j (time index t with t mod period = j) */
  seasonals: number[];
}

export interface HoltWintersFiltered {
  /** one-step-ahead forecasts ŷₜ|ₜ₋₁ */
  fitted: number[];
  residuals: number[];
  sse: number;
  /** the state after the last observation */
  state: HoltWintersState;
}

/**
 * Runs the Holt–Winters recursions (Hyndman & Athanasopoulos, Forecasting: Principles and
 * Practice, §8.3; the same equations as statsmodels ExponentialSmoothing):
 *   ŷₜ = (ℓ + b) + s  [additive]   or   (ℓ + b) × s  [multiplicative]
 *   ℓₜ = α(yₜ − sₜ₋ₘ) + (1 − α)(ℓₜ₋₁ + bₜ₋₁)          [yₜ / sₜ₋ₘ when multiplicative]
 *   bₜ = β*(ℓₜ − ℓₜ₋₁) + (1 − β*) bₜ₋₁
 *   sₜ = γ(yₜ − ℓₜ₋₁ − bₜ₋₁) + (1 − γ) sₜ₋ₘ            [yₜ / (ℓₜ₋₁ + bₜ₋₁) when multiplicative]
 * With a damped trend (φ < 1; Gardner & McKenzie 1985, FPP §8.2, statsmodels damped_trend=True)
 * every bₜ₋₁ above becomes φbₜ₋₁, and bₜ = β*(ℓₜ − ℓₜ₋₁) + (1 − β*) φbₜ₋₁.
 * `initial.seasonals[j]` is the seasonal component applying to observation j (j < period).
 */
export function holtWintersFilter(
  series: readonly number[],
  params: HoltWintersParams,
  initial: HoltWintersState,
  seasonality: Seasonality,
  hasTrend: boolean,
): HoltWintersFiltered {
  const { alpha, gamma } = params;
  const beta = hasTrend ? params.beta : 0;
  const phi = params.phi ?? 1;
  const period = initial.seasonals.length;
  const seasonals = initial.seasonals.slice();
  let level = initial.level;
  let trend = hasTrend ? initial.trend : 0;
  const fitted: number[] = [];
  const residuals: number[] = [];
  let sse = 0;
  const additive = seasonality === 'additive';
  for (let t = 0; t < series.length; t++) {
    const y = series[t]!;
    const phase = t % period;
    const s = seasonals[phase]!;
    const base = level + phi * trend;
    const yHat = additive ? base + s : base * s;
    const error = y - yHat;
    fitted.push(yHat);
    residuals.push(error);
    sse += error * error;
    const newLevel = alpha * (additive ? y - s : y / s) + (1 - alpha) * base;
    trend = beta * (newLevel - level) + (1 - beta) * phi * trend;
    seasonals[phase] = gamma * (additive ? y - base : y / base) + (1 - gamma) * s;
    level = newLevel;
  }
  return { fitted, residuals, sse, state: { level, trend, seasonals } };
}
