/**
 * The projection's candidates and its choice: damped Holt–Winters (ETS(A,Ad,A)) against an
 * independent NumPy computation, the seasonal mean against NumPy, the Garwood interval against
 * SciPy's chi-square quantiles, and chooseProjection's rules (seasonal naive below 36 months, a
 * back-tested choice with calibrated bands from 36).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chooseProjection,
  garwoodInterval,
  holtWinters,
  MIN_MONTHS_TO_CHOOSE,
  seasonalMean,
  seasonalNaive,
} from '../../../src/core/stats/index.ts';

const close = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);

const Y = [
  52, 47, 55, 60, 66, 71, 69, 64, 58, 61, 57, 70, 49, 45, 58, 63, 70, 75, 72, 66, 60, 65, 59, 74, 55, 50, 61, 68, 73,
  80, 77, 70, 66, 68, 63, 79,
];

test('damped Holt–Winters with fixed parameters: forecasts and 80% bounds as the ETS(A,Ad,A) state-space form computes them', () => {
  // python3 + NumPy 1.24: the recursions (ℓ = α(y − s) + (1 − α)(ℓ + φb), b = β*(ℓ − ℓ₋₁) + (1 − β*)φb,
  // s = γ(y − ℓ₋₁ − φb) + (1 − γ)s) from the simple initial state, then the forecasts w·F^(h−1)·x and
  // Var(h) = σ²(1 + Σⱼ (w·F^(j−1)·g)²) with F, w, g the state-space matrices (Hyndman et al. 2008,
  // ch. 3), σ² = Σ e² over the one-step errors after the first season / (n − m), α = 0.3,
  // β* = 0.1, γ = 0.2, φ = 0.9.
  const model = holtWinters(Y, { alpha: 0.3, beta: 0.1, gamma: 0.2, phi: 0.9, nonNegative: false });
  assert.equal(model.damped, true);
  close(model.fitted.at(-1)!, 77.5384645426472, 1e-10, 'last fitted');
  close(model.sigma, 1.9269687075090138, 1e-10, 'sigma');
  const means = [
    59.3288966777, 54.7192916557, 64.2878605168, 69.4460703155, 75.0938601658, 80.2931524438, 77.6609796709,
    72.015409477, 66.5432619519, 69.6537091435, 65.1347436317, 79.2099481257,
  ];
  const upper80 = [
    61.7984064416, 57.3174800011, 67.0270586136, 72.3361317353, 78.1424097247, 83.5058848537, 81.0419607936,
    75.5673551054, 70.267783368, 73.5515229984, 69.2058479746, 83.4537682853,
  ];
  model.forecast.forEach((p, i) => {
    close(p.mean, means[i]!, 1e-9, `mean ${i + 1}`);
    close(p.upper80, upper80[i]!, 1e-9, `upper80 ${i + 1}`);
  });
  // φ = 1 is the undamped model
  const undamped = holtWinters(Y, { alpha: 0.3, beta: 0.1, gamma: 0.2, nonNegative: false });
  const phiOne = holtWinters(Y, { alpha: 0.3, beta: 0.1, gamma: 0.2, phi: 1, nonNegative: false });
  phiOne.forecast.forEach((p, i) => close(p.mean, undamped.forecast[i]!.mean, 1e-12, `φ = 1, step ${i + 1}`));
});

test('damped Holt–Winters fitted: φ stays within [0.8, 0.98]', () => {
  const model = holtWinters(Y, { damped: true });
  assert.ok(model.params.phi! >= 0.8 && model.params.phi! <= 0.98, String(model.params.phi));
});

test('seasonal mean of the last three years: means, month and 12-month-total spreads as NumPy computes them', () => {
  // python3 + NumPy: the same calendar month averaged over the last 36 values; σ² = Σ (y − ȳ₍month₎)²/(12·2);
  // a month's sd σ√(1 + 1/3); the 12-month total's sd σ√(12 + 12/3)
  const y = [...Y, 57, 52];
  const f = seasonalMean(y, 12, 12, 3, false);
  const means = [
    58.0, 63.666666666666664, 69.66666666666667, 75.33333333333333, 72.66666666666667, 66.66666666666667,
    61.333333333333336, 64.66666666666667, 59.666666666666664, 74.33333333333333, 53.666666666666664, 49.0,
  ];
  f.forecast.forEach((p, i) => close(p.mean, means[i]!, 1e-12, `mean ${i + 1}`));
  close(f.sigma, 3.8005847503304606, 1e-12, 'sigma');
  close((f.forecast[0]!.upper80 - f.forecast[0]!.mean) / 1.2815515655446004, 4.388537257362556, 1e-12, 'month sd');
  close(
    (f.cumulative[11]!.upper80 - f.cumulative[11]!.mean) / 1.2815515655446004,
    15.202339001321842,
    1e-12,
    'total sd',
  );
  assert.throws(() => seasonalMean(Y.slice(0, 20)), /two full seasons/);
});

test('Garwood exact Poisson interval: as scipy.stats.chi2 quantiles (R poisson.test(x)$conf.int)', () => {
  // python3 -c "from scipy.stats import chi2; a = 1 - c; print(chi2.ppf(a/2, 2*x)/2, chi2.ppf(1 - a/2, 2*x + 2)/2)"
  // (SciPy 1.10; lower 0 for x = 0)
  const expected: [number, number, number, number][] = [
    [0, 0.95, 0, 3.6888794541139354],
    [1, 0.95, 0.025317807984289897, 5.571643390938898],
    [5, 0.95, 1.623486390118421, 11.66833207932267],
    [13, 0.95, 6.921952491003801, 22.230395918158873],
    [100, 0.95, 81.36399125092315, 121.62679379242638],
    [1234, 0.95, 1166.1017185175492, 1304.8203705289225],
    [0, 0.8, 0, 2.302585092994046],
    [5, 0.8, 2.432591025962664, 9.274673893351626],
    [100, 0.8, 87.41763649959366, 114.07453713067454],
  ];
  for (const [x, c, lower, upper] of expected) {
    const g = garwoodInterval(x, c);
    close(g.lower, lower, 1e-9, `lower x=${x} c=${c}`);
    close(g.upper, upper, 1e-9, `upper x=${x} c=${c}`);
  }
  assert.throws(() => garwoodInterval(2.5), /whole number/);
});

test('chooseProjection: seasonal naive, uncalibrated, below 36 months, with the reason', () => {
  const choice = chooseProjection(Y.slice(0, 26));
  assert.equal(choice.method, 'seasonal-naive');
  assert.equal(choice.calibration, null);
  assert.deepEqual(choice.candidates, []);
  assert.match(
    choice.reason,
    /^projected with seasonal naive .* because only 26 months are loaded: a choice between models needs 36/,
  );
  const naive = seasonalNaive(Y.slice(0, 26), 12, 12);
  choice.forecast.forecast.forEach((p, i) => close(p.mean, naive.forecast[i]!.mean, 1e-12, `step ${i + 1}`));
  assert.equal(MIN_MONTHS_TO_CHOOSE, 36);
});

test('chooseProjection: from 36 months the candidate whose back-tested 12-month totals missed least, bands widened, never narrowed', () => {
  // a steady trend with a season and noise: the trend model should win over repeating last year
  let seed = 7;
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 6;
  const trend = Array.from({ length: 60 }, (_, t) => 100 + 1.5 * t + 12 * Math.sin((2 * Math.PI * t) / 12) + noise());
  const choice = chooseProjection(trend);
  assert.equal(choice.candidates.length, 3);
  const best = Math.min(...choice.candidates.map((c) => c.totalMae));
  assert.equal(choice.candidates.find((c) => c.method === choice.method)!.totalMae, best);
  assert.equal(choice.method, 'holt-winters-damped');
  assert.equal(choice.candidates[0]!.origins, 9); // origins 24, 27, …, 48
  assert.match(
    choice.reason,
    /^projected with Holt–Winters with a damped trend because its 12-month totals missed by least when each model was back-tested at 9 earlier starting points/,
  );
  assert.ok(
    choice.calibration &&
      choice.calibration.totals.every((f) => f >= 1) &&
      choice.calibration.months.every((f) => f >= 1),
  );
  const raw = chooseProjection(trend, { calibrate: false });
  choice.forecast.cumulative.forEach((p, i) => {
    close(p.mean, raw.forecast.cumulative[i]!.mean, 1e-9, `total mean ${i + 1}`);
    assert.ok(
      p.upper95 - p.lower95 >= raw.forecast.cumulative[i]!.upper95 - raw.forecast.cumulative[i]!.lower95 - 1e-9,
    );
  });
});
