import type { Forecast } from './forecast-types.ts';
import {
  holtWintersFilter,
  type HoltWintersParams,
  type HoltWintersState,
  type Seasonality,
} from './holt-winters-filter.ts';
import { holtWintersIntervals } from './holt-winters-intervals.ts';
import { nelderMead } from './nelder-mead.ts';

export interface HoltWintersOptions {
  /** season length (default 12: monthly data) */
  period?: number;
  seasonality?: Seasonality;
  /** include an additive (linear) trend (default true) */
  trend?: boolean;
  /** damp the trend (φ fitted in [0.8, 0.98], the range of R forecast::ets; default false) */
  damped?: boolean;
  /** a fixed damping φ (implies a damped trend) */
  phi?: number;
  /** fixed smoothing parameters; any left out are fitted */
  alpha?: number;
  beta?: number;
  gamma?: number;
  /** steps to forecast (default 12) */
  horizon?: number;
  /** floor forecasts and bounds at 0, as for counts (default true) */
  nonNegative?: boolean;
  /** how the prediction intervals are computed (default: analytic when additive, simulation when multiplicative) */
  intervals?: 'analytic' | 'simulation';
  /** number of simulated paths and the random seed for simulated intervals (defaults 5000, 1) */
  simulations?: number;
  seed?: number;
  /**
   * where the optimiser starts (e.g. the parameters fitted on a longer series, when back-testing):
   * one Nelder–Mead run from here instead of the search from a grid of starts
   */
  start?: Partial<HoltWintersParams>;
}

export interface HoltWintersModel extends Forecast {
  method: 'holt-winters';
  seasonality: Seasonality;
  trend: boolean;
  damped: boolean;
  params: HoltWintersParams;
  initial: HoltWintersState;
  fitted: number[];
  residuals: number[];
  sse: number;
}

const PARAM_NAMES = ['alpha', 'beta', 'gamma', 'phi'] as const;
type ParamName = (typeof PARAM_NAMES)[number];
// Parameters live in [0, 1]: optimising u with p = sin²(u) keeps them there while the simplex
// moves freely, and (unlike a logit) reaches the bounds 0 and 1, where SSE minima often lie.
const toUnit = (u: number) => Math.sin(u) ** 2;
const fromUnit = (p: number) => Math.asin(Math.sqrt(p));
// φ lives in [PHI_MIN, PHI_MAX] (R forecast::ets's bounds: below 0.8 the trend dies within months,
// above 0.98 it is hardly damped)
const PHI_MIN = 0.8;
const PHI_MAX = 0.98;
const toParam = (name: ParamName, u: number) =>
  name === 'phi' ? PHI_MIN + (PHI_MAX - PHI_MIN) * toUnit(u) : toUnit(u);
const fromParam = (name: ParamName, p: number) =>
  name === 'phi'
    ? fromUnit(Math.min(0.99, Math.max(0.01, (p - PHI_MIN) / (PHI_MAX - PHI_MIN))))
    : fromUnit(Math.min(0.99, Math.max(0.01, p)));
const START_GRID = { alpha: [0.05, 0.2, 0.5], beta: [0.01, 0.1], gamma: [0.01, 0.1, 0.4], phi: [0.9, 0.98] };

/**
 * The classical heuristic initial state (statsmodels' "simple" initialisation): level = mean of
 * the first season, trend = mean change per period between the first two seasons, seasonals =
 * the first season's deviations (or ratios) from the level.
 */
function initialState(
  series: readonly number[],
  period: number,
  seasonality: Seasonality,
  hasTrend: boolean,
): HoltWintersState {
  const mean = (from: number) => series.slice(from, from + period).reduce((a, b) => a + b, 0) / period;
  const level = mean(0);
  const trend = hasTrend ? (mean(period) - level) / period : 0;
  const seasonals = series.slice(0, period).map((y) => (seasonality === 'additive' ? y - level : y / level));
  return { level, trend, seasonals };
}

/**
 * Holt–Winters seasonal exponential smoothing with parameters in [0, 1] fitted by minimising the
 * sum of squared one-step errors (Nelder–Mead from a fixed grid of starts: deterministic), and
 * forecasts with 80% and 95% prediction intervals (see holtWintersIntervals). Needs at least two full seasons. A multiplicative model
 * needs a first-season mean above 0 and no zero seasonal index.
 */
export function holtWinters(series: readonly number[], options: HoltWintersOptions = {}): HoltWintersModel {
  const { period = 12, seasonality = 'additive', trend: hasTrend = true, horizon = 12, nonNegative = true } = options;
  const damped = hasTrend && (options.damped === true || options.phi !== undefined);
  if (options.phi !== undefined && !(options.phi > 0 && options.phi <= 1))
    throw new RangeError(`φ must be in (0, 1] (got ${options.phi})`);
  if (!Number.isInteger(period) || period < 2) throw new RangeError(`period must be an integer ≥ 2 (got ${period})`);
  if (series.length < 2 * period) {
    throw new RangeError(`Holt–Winters needs two full seasons (${2 * period} values; got ${series.length})`);
  }
  if (series.some((y) => !Number.isFinite(y))) throw new RangeError('the series has a missing or non-finite value');
  const initial = initialState(series, period, seasonality, hasTrend);
  if (seasonality === 'multiplicative' && !(initial.level > 0 && initial.seasonals.every((s) => s > 0))) {
    throw new RangeError('a multiplicative season needs positive values in the first season; use additive');
  }
  const free = PARAM_NAMES.filter(
    (name) => options[name] === undefined && (hasTrend || name !== 'beta') && (damped || name !== 'phi'),
  );
  const paramsOf = (u: readonly number[]): HoltWintersParams => {
    const params: Required<HoltWintersParams> = {
      alpha: options.alpha ?? 0,
      beta: options.beta ?? 0,
      gamma: options.gamma ?? 0,
      phi: options.phi ?? 1,
    };
    free.forEach((name, i) => (params[name] = toParam(name, u[i]!)));
    return damped ? params : { alpha: params.alpha, beta: params.beta, gamma: params.gamma };
  };
  const sseOf = (u: number[]) => {
    const { sse } = holtWintersFilter(series, paramsOf(u), initial, seasonality, hasTrend);
    return Number.isFinite(sse) ? sse : Number.MAX_VALUE;
  };
  let best: number[] = [];
  if (free.length > 0) {
    // Nelder–Mead from the three best points of a fixed grid (the SSE surface can have several
    // minima), each run restarted once from its end point (guards against a collapsed simplex).
    let starts: number[][] = [[]];
    const { start } = options;
    if (start && free.every((name) => start[name] !== undefined)) {
      // keep the start off the bounds, where sin² has a flat spot the simplex cannot leave
      starts = [free.map((name) => fromParam(name, start[name]!))];
    } else {
      for (const name of free) starts = starts.flatMap((s) => START_GRID[name].map((v) => [...s, fromParam(name, v)]));
    }
    const ranked = starts.map((u) => ({ u, sse: sseOf(u) })).sort((a, b) => a.sse - b.sse);
    let bestSse = Infinity;
    // from a given start (a back-test re-fit near known parameters): one run, a small first simplex
    // and a looser tolerance on the SSE — the same optimum to well within the noise, far fewer steps
    const warm = starts.length === 1 && options.start !== undefined;
    for (const { u } of ranked.slice(0, 3)) {
      const first = nelderMead(
        sseOf,
        u,
        warm ? { maxIterations: 1000, step: 0.2, tolerance: 1e-7 } : { maxIterations: 1000 },
      );
      const second = warm ? first : nelderMead(sseOf, first.x, { maxIterations: 1000, step: 0.1 });
      if (second.value < bestSse) [best, bestSse] = [second.x, second.value];
    }
  }
  const params = paramsOf(best);
  const filtered = holtWintersFilter(series, params, initial, seasonality, hasTrend);
  const { forecast, cumulative, sigma } = holtWintersIntervals(series, filtered, params, {
    seasonality,
    hasTrend,
    horizon,
    nonNegative,
    fittedParameters: free.length,
    method: options.intervals ?? (seasonality === 'additive' ? 'analytic' : 'simulation'),
    simulations: options.simulations ?? 5000,
    seed: options.seed ?? 1,
  });
  return {
    method: 'holt-winters',
    seasonality,
    trend: hasTrend,
    damped,
    params,
    initial,
    fitted: filtered.fitted,
    residuals: filtered.residuals,
    sse: filtered.sse,
    sigma,
    forecast,
    cumulative,
  };
}
