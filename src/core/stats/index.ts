// Pure statistics for the analysis engine: one function per file, no I/O. See docs/methods.md.

// Distributions and special functions
export { logGamma } from './log-gamma.ts';
export { binomialPmf } from './binomial-pmf.ts';
export { binomialCdf } from './binomial-cdf.ts';
export { binomialSf } from './binomial-sf.ts';
export { poissonPmf } from './poisson-pmf.ts';
export { poissonCdf } from './poisson-cdf.ts';
export { poissonSf } from './poisson-sf.ts';
export { poissonQuantile } from './poisson-quantile.ts';
export { poissonGammaPredictive, type PoissonGammaPredictive } from './poisson-gamma-predictive.ts';
export { normalCdf } from './normal-cdf.ts';
export { normalQuantile } from './normal-quantile.ts';

// Change between periods
export { exactConditionalTest } from './exact-conditional-test.ts';
export { poissonZ, type PoissonZ } from './poisson-z.ts';
export { percentChange } from './percent-change.ts';
export { absoluteChange } from './absolute-change.ts';
export { changeVerdict, type ChangeVerdict } from './change-verdict.ts';

// Proportions and rates
export { wilsonInterval, type Interval } from './wilson-interval.ts';
export { clopperPearsonInterval } from './clopper-pearson-interval.ts';
export { rateRatioInterval, type RateRatio } from './rate-ratio-interval.ts';

// Control charts and spikes
export { cusum, type CusumOptions, type CusumPoint, type CusumResult } from './cusum.ts';
export { ewma, type EwmaOptions, type EwmaPoint } from './ewma.ts';
export { cChartLimits, type CChartLimits } from './c-chart-limits.ts';
export { controlBaseline, type Baseline, type BaselineOptions } from './control-baseline.ts';
export { adjustPValues, type PAdjustment } from './adjust-p-values.ts';
export { poissonTailSpikes, type Spike, type SpikeOptions } from './poisson-tail-spikes.ts';
export { spikeDays, type DailyCount, type SpikeDay } from './spike-days.ts';

// Trend and projection
export type { Forecast, ForecastPoint, Forecaster } from './forecast-types.ts';
export { holtWinters, type HoltWintersModel, type HoltWintersOptions } from './holt-winters.ts';
export {
  holtWintersFilter,
  type HoltWintersParams,
  type HoltWintersState,
  type Seasonality,
} from './holt-winters-filter.ts';
export { seasonalNaive } from './seasonal-naive.ts';
export { meanForecast } from './mean-forecast.ts';
export { seasonalForecast } from './seasonal-forecast.ts';
export { seasonalMean } from './seasonal-mean.ts';
export { garwoodInterval } from './garwood-interval.ts';
export {
  BACKTEST_MIN_TRAIN,
  BACKTEST_STEP,
  chooseProjection,
  MIN_MONTHS_TO_CHOOSE,
  projectionLabel,
  type Calibration,
  type CandidateScore,
  type ProjectionChoice,
  type ProjectionMethod,
} from './projection-choice.ts';
export { backtest, type BacktestResult } from './backtest.ts';

// Ranks, concentration, peers
export { rankAscending } from './rank-ascending.ts';
export { gini } from './gini.ts';
export { concentration, type Concentration } from './concentration.ts';
export { standardise } from './standardise.ts';
export { nearestNeighbours, type Neighbour, type Unit } from './nearest-neighbours.ts';

// General helpers
export { meanAndSd, type MeanAndSd } from './mean-and-sd.ts';
export { quantile } from '../quantile.ts';
export { nelderMead, type Minimum, type NelderMeadOptions } from './nelder-mead.ts';
export { seededNormal } from './seeded-random.ts';

// Monitoring: the Poisson CUSUM with a designed false-alarm rate (docs/methods.md, Monitoring)
export {
  cusumShift,
  latticeSteps,
  mixedPoissonMonth,
  monthMoves,
  poissonMonth,
  referenceSteps,
  scaledCount,
  type CusumLattice,
  type CusumMonth,
  type CusumSide,
} from './poisson-cusum-lattice.ts';
export { poissonCusumArl } from './poisson-cusum-arl.ts';
export { poissonCusumReach } from './poisson-cusum-reach.ts';
export { poissonCusumOnProbability } from './poisson-cusum-on.ts';
export { poissonCusumLimitGuess } from './poisson-cusum-guess.ts';
export { smallestLimit } from './smallest-limit.ts';
export {
  poissonCusum,
  type PoissonCusumDesign,
  type PoissonCusumMonth,
  type PoissonCusumRun,
  type PoissonCusumSignal,
} from './poisson-cusum.ts';
