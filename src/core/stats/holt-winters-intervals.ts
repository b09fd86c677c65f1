import type { ForecastPoint } from './forecast-types.ts';
import type { HoltWintersFiltered, HoltWintersParams, Seasonality } from './holt-winters-filter.ts';
import { normalCumulativePoints, normalForecastPoints } from './normal-forecast-points.ts';
import { quantile } from '../quantile.ts';
import { seededNormal } from './seeded-random.ts';

export interface IntervalSettings {
  seasonality: Seasonality;
  hasTrend: boolean;
  horizon: number;
  nonNegative: boolean;
  /** number of smoothing parameters estimated from the data (degrees of freedom lost) */
  fittedParameters: number;
  method: 'analytic' | 'simulation';
  simulations: number;
  seed: number;
}

/**
 * Point forecasts and 80%/95% prediction intervals of a fitted Holt–Winters model.
 *
 * σ² is estimated from the one-step errors after the first season (the first season's errors are
 * near 0 by construction of the initial state): σ² = Σ eₜ² / (n − m − p), p = fitted parameters.
 *
 * Analytic (additive season): the model is ETS(A,A,A) (Hyndman et al. 2008, Forecasting with
 * Exponential Smoothing, ch. 6), whose h-step forecast error is εₜ₊ₕ + Σⱼ cⱼ εₜ₊ₕ₋ⱼ with
 * cⱼ = α + jαβ* + γ·[j ≡ 0 mod m], so Var = σ² (1 + Σⱼ₌₁..ₕ₋₁ cⱼ²) — the closed form
 * σ²[1 + (h−1){α² + αβh + β²h(2h−1)/6} + γk{2α + γ + βm(k+1)}], β = αβ*, k = ⌊(h−1)/m⌋.
 * Damped trend (ETS(A,Ad,A), Hyndman et al. 2008 Table 6.1): j·β becomes φ_j·β with
 * φ_j = φ + φ² + … + φʲ, and the point forecast is ℓ + φ_h·b + s.
 * Running totals: in the total of the first H steps the innovation of step t counts
 * 1 + Cₕ₋ₜ times, Cq = c₁ + … + c_q, so Var = σ² Σ_q=0..H−1 (1 + C_q)².
 * Simulation (multiplicative season, or on request): `simulations` future paths drawn with N(0, σ²)
 * errors through the same recursions from a seeded generator; bounds are the paths' quantiles (of
 * each path's running total for the cumulative points).
 */
export function holtWintersIntervals(
  series: readonly number[],
  filtered: HoltWintersFiltered,
  params: HoltWintersParams,
  settings: IntervalSettings,
): { forecast: ForecastPoint[]; cumulative: ForecastPoint[]; sigma: number } {
  const { seasonality, hasTrend, horizon, nonNegative } = settings;
  const n = series.length;
  const { level, trend, seasonals } = filtered.state;
  const period = seasonals.length;
  const additive = seasonality === 'additive';
  const beta = hasTrend ? params.beta : 0;
  const phi = params.phi ?? 1;
  // φ_h = φ + φ² + … + φʰ (= h without damping): the trend's weight h steps ahead
  const dampedSteps: number[] = [0];
  for (let h = 1; h <= horizon; h++) dampedSteps.push(dampedSteps[h - 1]! + phi ** h);
  const late = filtered.residuals.slice(period);
  const sigma = Math.sqrt(late.reduce((a, e) => a + e * e, 0) / Math.max(1, late.length - settings.fittedParameters));
  const means: number[] = [];
  for (let h = 1; h <= horizon; h++) {
    const base = level + dampedSteps[h]! * trend;
    const s = seasonals[(n + h - 1) % period]!;
    means.push(additive ? base + s : base * s);
  }
  if (settings.method === 'analytic') {
    if (!additive) throw new RangeError('analytic intervals need an additive season; use simulation');
    const sds: number[] = [];
    const totalVariances: number[] = [];
    let sum = 1;
    let running = 0; // C_q
    let total = 0; // Σ (1 + C_q)²
    for (let h = 1; h <= horizon; h++) {
      if (h > 1) {
        const j = h - 1;
        const c = params.alpha * (1 + dampedSteps[j]! * beta) + (j % period === 0 ? params.gamma : 0);
        sum += c * c;
        running += c;
      }
      total += (1 + running) ** 2;
      sds.push(sigma * Math.sqrt(sum));
      totalVariances.push(sigma * sigma * total);
    }
    return {
      forecast: normalForecastPoints(means, sds, nonNegative),
      cumulative: normalCumulativePoints(means, totalVariances, nonNegative),
      sigma,
    };
  }
  const draws: number[][] = means.map(() => []);
  const totals: number[][] = means.map(() => []);
  const normal = seededNormal(settings.seed);
  for (let path = 0; path < settings.simulations; path++) {
    let l = level;
    let b = trend;
    const s = seasonals.slice();
    let pathTotal = 0;
    for (let h = 1; h <= horizon; h++) {
      const phase = (n + h - 1) % period;
      const base = l + phi * b;
      const y = (additive ? base + s[phase]! : base * s[phase]!) + sigma * normal();
      const newLevel = params.alpha * (additive ? y - s[phase]! : y / s[phase]!) + (1 - params.alpha) * base;
      b = beta * (newLevel - l) + (1 - beta) * phi * b;
      s[phase] = params.gamma * (additive ? y - base : y / base) + (1 - params.gamma) * s[phase]!;
      l = newLevel;
      draws[h - 1]!.push(y);
      pathTotal += y;
      totals[h - 1]!.push(pathTotal);
    }
  }
  const floor = (v: number) => (nonNegative ? Math.max(0, v) : v);
  const points = (centres: readonly number[], samples: readonly number[][]): ForecastPoint[] =>
    centres.map((mean, i) => {
      const d = samples[i]!;
      return {
        step: i + 1,
        mean: floor(mean),
        lower80: floor(quantile(d, 0.1)),
        upper80: floor(quantile(d, 0.9)),
        lower95: floor(quantile(d, 0.025)),
        upper95: floor(quantile(d, 0.975)),
      };
    });
  let running = 0;
  return {
    forecast: points(means, draws),
    cumulative: points(
      means.map((m) => (running += floor(m))),
      totals,
    ),
    sigma,
  };
}
