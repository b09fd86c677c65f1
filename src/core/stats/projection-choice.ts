import type { Forecast, ForecastPoint } from './forecast-types.ts';
import { holtWinters, type HoltWintersModel } from './holt-winters.ts';
import type { HoltWintersParams } from './holt-winters-filter.ts';
import { seasonalMean } from './seasonal-mean.ts';
import { seasonalNaive } from './seasonal-naive.ts';

/*
 * The projection chosen by evidence (docs/methods.md, "Projection: model choice and calibration").
 * With at least MIN_MONTHS_TO_CHOOSE months, each candidate model is back-tested from rolling
 * origins (fitted on the months before each origin, 12 months ahead); the one whose 12-month totals
 * missed by least on average is used, and its bands are widened by the factor by which its own
 * back-test errors exceeded the model's stated uncertainty. Below that, seasonal naive (or the mean
 * under 13 months), uncalibrated, and the reason says so.
 */

export type ProjectionMethod = Forecast['method'];

/** months needed to back-test a choice: two years to fit on, one to compare with */
export const MIN_MONTHS_TO_CHOOSE = 36;
/** the first origin of the back-test: every candidate needs two full years */
export const BACKTEST_MIN_TRAIN = 24;
/** origins every three months */
export const BACKTEST_STEP = 3;

const Z80 = 1.2815515655446004;

export interface CandidateScore {
  method: ProjectionMethod;
  /** back-test origins */
  origins: number;
  /** mean absolute error of the 12-month total */
  totalMae: number;
  /** mean absolute error of a month */
  monthMae: number;
}

export interface Calibration {
  /** origins behind the factors */
  origins: number;
  /** factor applied to the spread of the running total of k months (index k − 1), ≥ 1 */
  totals: number[];
  /** factor applied to the spread of the month h steps ahead (index h − 1), ≥ 1 */
  months: number[];
}

export interface ProjectionChoice {
  forecast: Forecast;
  method: ProjectionMethod;
  /** why this model: "… because …" */
  reason: string;
  /** the candidates' back-test scores, in the order tried (empty below MIN_MONTHS_TO_CHOOSE) */
  candidates: CandidateScore[];
  calibration: Calibration | null;
  /** the damped Holt–Winters parameters fitted on the whole series, to start later fits from (null below MIN_MONTHS_TO_CHOOSE) */
  start: HoltWintersParams | null;
}

export interface ProjectionChoiceOptions {
  horizon?: number;
  step?: number;
  /** Holt–Winters parameters fitted on a longer series, to start the optimiser from (back-tests) */
  start?: Partial<HoltWintersParams>;
  /** widen the bands by the back-test's factors (default true; false only to measure what calibration does) */
  calibrate?: boolean;
  /**
   * fits already made, by method, training length and horizon: a fit depends only on the months
   * before its origin (and `start`), so the check that re-runs the choice from earlier origins
   * (same series, same start) reuses the fits of the full run instead of repeating them
   */
  cache?: Map<string, Forecast>;
}

interface Candidate {
  method: ProjectionMethod;
  fit: (train: readonly number[], horizon: number) => Forecast;
}

/** The candidates, simplest first (ties go to the simpler). nonNegative off: bands are calibrated, then floored. */
function candidates(start: Partial<HoltWintersParams> | undefined): Candidate[] {
  return [
    { method: 'seasonal-naive', fit: (train, h) => seasonalNaive(train, 12, h, false) },
    { method: 'seasonal-mean', fit: (train, h) => seasonalMean(train, 12, h, 3, false) },
    {
      method: 'holt-winters-damped',
      fit: (train, h) =>
        asDamped(holtWinters(train, { horizon: h, damped: true, nonNegative: false, ...(start ? { start } : {}) })),
    },
  ];
}

function asDamped(model: HoltWintersModel): Forecast & { params: HoltWintersParams } {
  return {
    method: 'holt-winters-damped',
    forecast: model.forecast,
    cumulative: model.cumulative,
    sigma: model.sigma,
    params: model.params,
  };
}

interface Trial {
  /** standardised errors of the running totals (index k − 1) and of the months (index h − 1) */
  totalZ: number[];
  monthZ: number[];
  totalError: number;
  monthAbsError: number;
}

function spread(p: ForecastPoint): number {
  return (p.upper80 - p.mean) / Z80;
}

function trial(model: Forecast, actual: readonly number[]): Trial {
  let running = 0;
  const totalZ: number[] = [];
  const monthZ: number[] = [];
  let monthAbsError = 0;
  model.forecast.forEach((p, i) => {
    const y = actual[i]!;
    running += y;
    const c = model.cumulative[i]!;
    totalZ.push(spread(c) > 0 ? (running - c.mean) / spread(c) : running === c.mean ? 0 : Infinity);
    monthZ.push(spread(p) > 0 ? (y - p.mean) / spread(p) : y === p.mean ? 0 : Infinity);
    monthAbsError += Math.abs(y - p.mean);
  });
  const last = model.cumulative[model.cumulative.length - 1]!;
  return { totalZ, monthZ, totalError: Math.abs(running - last.mean), monthAbsError: monthAbsError / actual.length };
}

/**
 * Root mean square of the standardised errors at each step, never below 1 (bands are widened, never
 * narrowed). For the running totals, which the few origins give few, overlapping looks at, the
 * factor is also multiplied by √(1 + 1/m) for m origins: the spread of a future error around a
 * scale estimated from m past ones (as the mean forecast's s√(1 + 1/n)).
 */
function factors(trials: readonly Trial[], key: 'totalZ' | 'monthZ', horizon: number): number[] {
  const out: number[] = [];
  const predictive = key === 'totalZ' ? Math.sqrt(1 + 1 / trials.length) : 1;
  for (let k = 0; k < horizon; k++) {
    const squares = trials.map((t) => Math.min(t[key][k]! ** 2, 1e6));
    out.push(Math.max(1, Math.sqrt(squares.reduce((s, v) => s + v, 0) / squares.length)) * predictive);
  }
  return out;
}

function widen(points: readonly ForecastPoint[], by: readonly number[]): ForecastPoint[] {
  return points.map((p, i) => {
    const f = by[i] ?? by[by.length - 1] ?? 1;
    return {
      step: p.step,
      mean: p.mean,
      lower80: p.mean - f * (p.mean - p.lower80),
      upper80: p.mean + f * (p.upper80 - p.mean),
      lower95: p.mean - f * (p.mean - p.lower95),
      upper95: p.mean + f * (p.upper95 - p.mean),
    };
  });
}

function floored(points: readonly ForecastPoint[]): ForecastPoint[] {
  const f = (v: number) => Math.max(0, v);
  return points.map((p) => ({
    step: p.step,
    mean: f(p.mean),
    lower80: f(p.lower80),
    upper80: f(p.upper80),
    lower95: f(p.lower95),
    upper95: f(p.upper95),
  }));
}

function nonNegativeForecast(model: Forecast, calibration: Calibration | null): Forecast {
  const forecast = calibration ? widen(model.forecast, calibration.months) : model.forecast;
  const cumulative = calibration ? widen(model.cumulative, calibration.totals) : model.cumulative;
  // running totals of the floored monthly means, as normalCumulativePoints gives them
  let total = 0;
  const shifted = cumulative.map((p, i) => {
    total += Math.max(0, forecast[i]!.mean);
    const d = total - p.mean;
    return {
      ...p,
      mean: total,
      lower80: p.lower80 + d,
      upper80: p.upper80 + d,
      lower95: p.lower95 + d,
      upper95: p.upper95 + d,
    };
  });
  return { method: model.method, forecast: floored(forecast), cumulative: floored(shifted), sigma: model.sigma };
}

const LABEL: Record<ProjectionMethod, string> = {
  'seasonal-naive': 'seasonal naive (the same months of last year)',
  'seasonal-mean': 'the seasonal mean (the average of the same month over the last three years)',
  'holt-winters-damped': 'Holt–Winters with a damped trend',
  'holt-winters': 'Holt–Winters',
  mean: 'the average month',
};

export function projectionLabel(method: ProjectionMethod): string {
  return LABEL[method];
}

/**
 * Chooses and fits the projection of a monthly series (see the file comment). `series` must hold
 * at least 13 values. Pure and deterministic.
 */
export function chooseProjection(series: readonly number[], options: ProjectionChoiceOptions = {}): ProjectionChoice {
  const { horizon = 12, step = BACKTEST_STEP } = options;
  const n = series.length;
  if (n < 13) throw new RangeError(`a projection needs at least 13 months (got ${n})`);
  if (n < MIN_MONTHS_TO_CHOOSE) {
    const method: ProjectionMethod = 'seasonal-naive';
    const model = seasonalNaive(series, 12, horizon, false);
    return {
      forecast: nonNegativeForecast(model, null),
      method,
      reason: `projected with ${LABEL[method]} because only ${n} months are loaded: a choice between models needs ${MIN_MONTHS_TO_CHOOSE} (two years to fit and one to test against), so no trend model is fitted and the bands are the model's own, not checked against past years`,
      candidates: [],
      calibration: null,
      start: null,
    };
  }
  const start = options.start ?? asDamped(holtWinters(series, { horizon, damped: true, nonNegative: false })).params;
  const cache = options.cache;
  const tried = candidates(start).map((c) => ({
    method: c.method,
    fit: (train: readonly number[], h: number): Forecast => {
      if (!cache) return c.fit(train, h);
      const key = `${c.method}|${train.length}|${h}`;
      let model = cache.get(key);
      if (!model) cache.set(key, (model = c.fit(train, h)));
      return model;
    },
  }));
  const trials = tried.map(() => [] as Trial[]);
  for (let origin = BACKTEST_MIN_TRAIN; origin + horizon <= n; origin += step) {
    const train = series.slice(0, origin);
    const actual = series.slice(origin, origin + horizon);
    tried.forEach((c, i) => trials[i]!.push(trial(c.fit(train, horizon), actual)));
  }
  const scores: CandidateScore[] = tried.map((c, i) => ({
    method: c.method,
    origins: trials[i]!.length,
    totalMae: trials[i]!.reduce((s, t) => s + t.totalError, 0) / trials[i]!.length,
    monthMae: trials[i]!.reduce((s, t) => s + t.monthAbsError, 0) / trials[i]!.length,
  }));
  let best = 0;
  scores.forEach((s, i) => {
    if (s.totalMae < scores[best]!.totalMae - 1e-9) best = i;
  });
  const chosen = tried[best]!;
  const calibration: Calibration = {
    origins: trials[best]!.length,
    totals: factors(trials[best]!, 'totalZ', horizon),
    months: factors(trials[best]!, 'monthZ', horizon),
  };
  const model = chosen.fit(series, horizon);
  const others = scores.filter((_, i) => i !== best).map((s) => `${LABEL[s.method]} ${round(s.totalMae)}`);
  const reason =
    `projected with ${LABEL[chosen.method]} because its 12-month totals missed by least when each model was back-tested at ${scores[best]!.origins} earlier starting point${scores[best]!.origins === 1 ? '' : 's'} ` +
    `(average miss ${round(scores[best]!.totalMae)}, against ${others.join(' and ')})`;
  const applied = options.calibrate === false ? null : calibration;
  return {
    forecast: nonNegativeForecast(model, applied),
    method: chosen.method,
    reason,
    candidates: scores,
    calibration: applied,
    start: { ...start } as HoltWintersParams,
  };
}

function round(x: number): string {
  return x >= 100 ? Math.round(x).toLocaleString('en-GB') : x.toFixed(1);
}
