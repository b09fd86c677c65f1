import assert from 'node:assert/strict';
import test from 'node:test';
import {
  backtest,
  holtWinters,
  meanForecast,
  nelderMead,
  quantile,
  seasonalForecast,
  seasonalNaive,
  type Forecaster,
} from '../../../src/core/stats/index.ts';
import { assertClose } from './assert-close.ts';

// A synthetic monthly count series (4 years): NumPy default_rng(20240601),
// round(120 + 0.6 t + 18 sin(2π(t − 3)/12) + N(0, 8)).
const series = [
  107, 109, 107, 112, 130, 148, 152, 147, 137, 138, 127, 109, 101, 109, 116, 135, 123, 144, 162, 140, 135, 132, 113,
  117, 116, 119, 119, 133, 151, 147, 160, 159, 137, 135, 137, 129, 125, 124, 135, 158, 151, 165, 160, 160, 161, 140,
  137, 128,
];
const fixed = { alpha: 0.3, beta: 0.05, gamma: 0.2, horizon: 14, nonNegative: false };

// statsmodels 0.13.5:
//   m = 12; lvl = y[:m].mean(); tr = (y[m:2*m].mean() - y[:m].mean())/m
//   s0 = y[:m] - lvl  (additive)  or  y[:m]/lvl  (multiplicative)
//   res = ExponentialSmoothing(y, trend='add', seasonal=<'add'|'mul'>, seasonal_periods=12,
//           initialization_method='known', initial_level=lvl, initial_trend=tr, initial_seasonal=s0)
//         .fit(smoothing_level=0.3, smoothing_trend=0.05, smoothing_seasonal=0.2, optimized=False)
//   res.sse, res.fittedvalues[[0, 1, 24, 47]], res.forecast(14)
// statsmodels 0.13.5 has a bug at horizons that are multiples of the period (it uses the seasonal
// factor of one season earlier: statsmodels issue #9538, fixed by PR #10230), so step 12 is checked
// against FPP's formula evaluated on statsmodels' own final components,
// (res.level[-1] + 12*res.trend[-1]) + res.season[-1]  (× for multiplicative), which ETSModel's
// forecast also gives (131.57915432399787 for the additive model).
const expected = {
  additive: {
    sse: 4022.015462315841,
    fitted: [107.02777777777777, 109.04680555555554, 104.04869791628019, 129.28063435530393],
    forecast: [
      124.85121372275691, 126.64236731969567, 128.41108685806023, 138.97272865823666, 145.42741176301985,
      159.58212264592845, 166.2129658954188, 161.67594969584997, 153.24091753903676, 149.10324897406832,
      142.65668749772652, 131.57915432399773, 127.79005086910266, 129.58120446604144,
    ],
  },
  multiplicative: {
    sse: 4500.220908569231,
    fitted: [107.02341869117969, 109.04019807397678, 104.84578369621657, 127.28972143575963],
    forecast: [
      122.86317620464453, 124.76838697203586, 126.4343663173018, 137.4033349889389, 144.8673277842474,
      160.4344129272378, 168.15405042870333, 163.2672034350875, 154.16096984028303, 150.2191077253913,
      142.63088274581042, 130.11868712148777, 125.24025892869516, 127.1784448706649,
    ],
  },
};

for (const seasonality of ['additive', 'multiplicative'] as const) {
  test(`holtWinters (${seasonality}) with fixed parameters matches statsmodels ExponentialSmoothing`, () => {
    const model = holtWinters(series, { ...fixed, seasonality });
    const want = expected[seasonality];
    assertClose(model.initial.level, 126.91666666666667, 1e-15, 'initial level');
    assertClose(model.initial.trend, 0.027777777777777384, 1e-12, 'initial trend');
    assertClose(model.sse, want.sse, 1e-12, 'sse');
    [0, 1, 24, 47].forEach((t, i) => assertClose(model.fitted[t]!, want.fitted[i]!, 1e-13, `fitted[${t}]`));
    model.forecast.forEach((point, i) =>
      assertClose(point.mean, want.forecast[i]!, 1e-13, `forecast step ${point.step}`),
    );
  });
}

test('holtWinters without trend matches statsmodels', () => {
  // ExponentialSmoothing(y, trend=None, seasonal='add', seasonal_periods=12, initialization_method='known',
  //   initial_level=lvl, initial_seasonal=y[:m] - lvl).fit(smoothing_level=0.4, smoothing_seasonal=0.1, optimized=False)
  const model = holtWinters(series, { trend: false, alpha: 0.4, gamma: 0.1, horizon: 3 });
  assertClose(model.sse, 4178.843638648343, 1e-12, 'sse');
  const means = model.forecast.map((p) => p.mean);
  [121.7754647307174, 123.59827498865697, 123.47212982432991].forEach((v, i) =>
    assertClose(means[i]!, v, 1e-13, `step ${i + 1}`),
  );
});

test('additive intervals use the ETS(A,A,A) analytic variance (statsmodels ETSModel)', () => {
  // ETSModel(y, error='add', trend='add', seasonal='add', seasonal_periods=12, initialization_method='known',
  //   initial_level=lvl, initial_trend=tr, initial_seasonal=y[:m] - lvl).smooth([0.3, 0.3*0.05, 0.2])
  //   ._relative_forecast_variance(np.arange(1, 27))   (ETS β = α β*)
  const relative = [
    1, 1.099225, 1.208125, 1.32715, 1.45675, 1.597375, 1.749475, 1.9135, 2.0899, 2.279125, 2.4816249999999997, 2.69785,
    3.16025, 3.405275, 3.665375, 3.941, 4.2326, 4.5406249999999995, 4.865525000000001, 5.20775, 5.56775, 5.945975,
    6.342875, 6.7589, 7.4985, 7.9541249999999994,
  ];
  const model = holtWinters(series, { ...fixed, horizon: 26 });
  model.forecast.forEach((point, i) => {
    const sd = (point.upper95 - point.mean) / 1.959963984540054;
    assertClose((sd / model.sigma) ** 2, relative[i]!, 1e-12, `relative variance h=${point.step}`);
    assertClose((point.upper80 - point.mean) / 1.2815515655446004, sd, 1e-12, `80% width h=${point.step}`);
  });
  // σ² = Σ e² over t ≥ 12 / (n − 12 − 0 fitted parameters)
  const late = model.residuals.slice(12);
  assertClose(model.sigma, Math.sqrt(late.reduce((a, e) => a + e * e, 0) / late.length), 1e-14, 'sigma');
});

test('running totals: the variance of the sum of the first H forecasts from the state-space form, not the sum of the bounds', () => {
  // NumPy, exact from the ETS(A,A,A) state-space form (Hyndman et al. 2008, ch. 3): state (ℓ, b, s₁…s₁₂),
  // y = w′x + ε, x′ = Fx + gε, g = (α, αβ*, γ, 0…); the coefficient of εₙ₊ₜ in yₙ₊ᵢ is 1 (i = t) or w′Fⁱ⁻ᵗ⁻¹g,
  // and Var(Σᵢ≤H yₙ₊ᵢ)/σ² = Σₜ (Σᵢ₌ₜ..H coef(i, t))². The same construction gives the monthly variances
  // of the test above (1.099225, 1.208125, …, 3.16025), which statsmodels' ETSModel confirms.
  const relative = [
    1, 2.7292249999999996, 5.43525, 9.39535, 14.917850000000001, 22.343475, 32.0467, 44.4371, 59.960699999999996,
    79.10132499999999, 102.38195, 130.36605, 166.00695000000005, 207.803175, 256.45380000000006, 312.70379999999994,
    377.3453999999999, 451.2194249999999, 535.21665, 630.2791499999998, 737.40165, 857.632875, 992.0769, 1141.8945,
    1313.5045, 1503.2551250000001,
  ];
  const model = holtWinters(series, { ...fixed, horizon: 26 });
  let total = 0;
  model.cumulative.forEach((point, i) => {
    total += model.forecast[i]!.mean;
    assertClose(point.mean, total, 1e-12, `running total h=${point.step}`);
    const sd = (point.upper95 - point.mean) / 1.959963984540054;
    assertClose((sd / model.sigma) ** 2, relative[i]!, 1e-12, `relative variance of the total h=${point.step}`);
  });
  // narrower than adding the monthly bounds (which assumes the monthly errors move together)
  const summed = model.forecast.slice(0, 12).reduce((a, p) => a + (p.upper95 - p.mean), 0);
  assert.ok(model.cumulative[11]!.upper95 - model.cumulative[11]!.mean < 0.9 * summed);
  // simulation agrees (20,000 paths)
  const simulated = holtWinters(series, { ...fixed, horizon: 13, intervals: 'simulation', simulations: 20000 });
  simulated.cumulative.forEach((point, i) => {
    const a = model.cumulative[i]!;
    assert.ok(
      Math.abs(point.upper95 - a.upper95) < 0.03 * (a.upper95 - a.lower95),
      `simulated total upper95 h=${point.step}`,
    );
  });
});

test('running totals of the simpler models: seasonal naive σ²Σ(⌊(H − t)/m⌋ + 1)², mean s²(H + H²/n)', () => {
  const naive = seasonalNaive(series, 12, 14, false);
  // H = 12: 12σ²; H = 14: steps 1 and 2 count twice, the rest once → (2² + 2² + 12)σ² = 20σ²
  assertClose(
    ((naive.cumulative[11]!.upper95 - naive.cumulative[11]!.mean) / 1.959963984540054) ** 2,
    12 * naive.sigma ** 2,
    1e-12,
    'naive H=12',
  );
  assertClose(
    ((naive.cumulative[13]!.upper95 - naive.cumulative[13]!.mean) / 1.959963984540054) ** 2,
    20 * naive.sigma ** 2,
    1e-12,
    'naive H=14',
  );
  const short = series.slice(0, 10);
  const mean = meanForecast(short, 12, false);
  assertClose(
    ((mean.cumulative[11]!.upper95 - mean.cumulative[11]!.mean) / 1.959963984540054) ** 2,
    mean.sigma ** 2 * (12 + 144 / 10),
    1e-12,
    'mean H=12',
  );
  assertClose(mean.cumulative[11]!.mean, 12 * mean.forecast[0]!.mean, 1e-12, 'mean total');
});

test('simulated intervals agree with the analytic ones (additive) and are reproducible', () => {
  const analytic = holtWinters(series, { ...fixed, horizon: 13 });
  const simulated = holtWinters(series, { ...fixed, horizon: 13, intervals: 'simulation', simulations: 20000 });
  simulated.forecast.forEach((point, i) => {
    const a = analytic.forecast[i]!;
    const width = a.upper95 - a.lower95;
    assert.ok(Math.abs(point.upper95 - a.upper95) < 0.03 * width, `upper95 step ${point.step}`);
    assert.ok(Math.abs(point.lower80 - a.lower80) < 0.03 * width, `lower80 step ${point.step}`);
  });
  const again = holtWinters(series, { ...fixed, horizon: 13, intervals: 'simulation', simulations: 20000 });
  assert.deepEqual(again.forecast, simulated.forecast);
});

test('holtWinters fits the smoothing parameters to the least-squares optimum', () => {
  // Reference optimum: scipy.optimize.minimize(f, x0, method='L-BFGS-B', bounds=[(0, 1)]*3) from the
  // 216 starts np.linspace(0, 1, 6)³, f = the statsmodels fixed-parameter SSE above:
  //   additive:       3431.285745815213 at (0.07868816344013278, 0.15380173106812756, 0.5375953184250352)
  //   multiplicative: 3505.4808257924647 at (0.07333907289309163, 0.1079625120500406, 0.5579999238026784)
  const add = holtWinters(series);
  assert.ok(add.sse <= 3431.285745815213 * (1 + 1e-9), `additive sse ${add.sse}`);
  assertClose(add.params.alpha, 0.07868816344013278, 1e-3, 'alpha');
  assertClose(add.params.beta, 0.15380173106812756, 1e-3, 'beta');
  assertClose(add.params.gamma, 0.5375953184250352, 1e-3, 'gamma');
  const mul = holtWinters(series, { seasonality: 'multiplicative' });
  assert.ok(mul.sse <= 3505.4808257924647 * (1 + 1e-9), `multiplicative sse ${mul.sse}`);
  assertClose(mul.params.gamma, 0.5579999238026784, 1e-3, 'gamma (mul)');
  assert.deepEqual(holtWinters(series).params, add.params); // deterministic
});

test('a warm start reaches the same least-squares optimum (back-testing starts from the full fit)', () => {
  // the same reference optimum as above (SciPy L-BFGS-B from 216 starts), reached from a start
  // near it and from a deliberately poor start
  for (const start of [
    { alpha: 0.1, beta: 0.1, gamma: 0.5 },
    { alpha: 0.6, beta: 0.02, gamma: 0.05 },
  ]) {
    const warm = holtWinters(series, { start });
    assert.ok(warm.sse <= 3431.285745815213 * (1 + 1e-6), `sse ${warm.sse} from ${JSON.stringify(start)}`);
    assertClose(warm.params.alpha, 0.07868816344013278, 1e-3, 'alpha');
  }
});

test('holtWinters refuses series shorter than two seasons', () => {
  assert.throws(() => holtWinters(series.slice(0, 23)), RangeError);
  assert.throws(() => holtWinters([0, ...series.slice(1)], { seasonality: 'multiplicative' }), RangeError);
});

test('seasonalNaive repeats last season with σ√(k + 1) intervals', () => {
  // NumPy: y = series[:20]; e = y[12:] - y[:-12]; sigma = sqrt(mean(e**2)) → 10.36822067666386
  //   step 1: y[8] = 137, lower95 = 137 - norm.ppf(0.975)*sigma → 116.67866088997533
  //   step 13 (k = 1): upper95 = 137 + norm.ppf(0.975)*sigma*sqrt(2) → 165.73871337497968
  const forecast = seasonalNaive(series.slice(0, 20), 12, 13);
  assert.equal(forecast.method, 'seasonal-naive');
  assertClose(forecast.sigma, 10.36822067666386, 1e-14, 'sigma');
  assert.equal(forecast.forecast[0]!.mean, 137);
  assertClose(forecast.forecast[0]!.lower95, 116.67866088997533, 1e-14, 'lower95');
  assert.equal(forecast.forecast[12]!.mean, 137);
  assertClose(forecast.forecast[12]!.upper95, 165.73871337497968, 1e-14, 'upper95 k=1');
  assert.deepEqual(
    forecast.forecast.slice(0, 4).map((p) => p.mean),
    [137, 138, 127, 109],
  );
});

test('meanForecast uses s√(1 + 1/n)', () => {
  // NumPy: y = series[:10]; y.mean() → 128.7; s = y.std(ddof=1)
  //   y.mean() - norm.ppf(0.9)*s*sqrt(1 + 1/10) → 104.09439535190158
  //   y.mean() + norm.ppf(0.975)*s*sqrt(1 + 1/10) → 166.33102494249644
  const forecast = meanForecast(series.slice(0, 10), 2);
  assert.equal(forecast.method, 'mean');
  assertClose(forecast.forecast[1]!.mean, 128.7, 1e-15, 'mean');
  assertClose(forecast.forecast[1]!.lower80, 104.09439535190158, 1e-14, 'lower80');
  assertClose(forecast.forecast[1]!.upper95, 166.33102494249644, 1e-14, 'upper95');
});

test('seasonalForecast falls back by series length', () => {
  assert.equal(seasonalForecast(series).method, 'holt-winters');
  assert.equal(seasonalForecast(series.slice(0, 23)).method, 'seasonal-naive');
  assert.equal(seasonalForecast(series.slice(0, 12)).method, 'mean');
  assert.equal(seasonalForecast(series, { horizon: 5 }).forecast.length, 5);
  // non-negative: a collapsing series cannot be projected below 0
  const falling = Array.from({ length: 24 }, (_, t) => Math.max(0, 40 - 2 * t + (t % 12 === 0 ? 3 : 0)));
  assert.ok(seasonalForecast(falling).forecast.every((p) => p.mean >= 0 && p.lower95 >= 0));
});

test('backtest: rolling-origin MAE and MAPE', () => {
  // Naive last-value forecaster, horizon 3, origins 5…8 on s = [5, 7, 6, 0, 8, 9, 7, 10, 6, 0, 9]
  // NumPy: errors |s[o + h] − s[o − 1]|; mae → 3.0; mape over s ≠ 0 → 25.841269841269842 (2 zeros left out)
  const s = [5, 7, 6, 0, 8, 9, 7, 10, 6, 0, 9];
  const naive: Forecaster = (train, horizon) => {
    const last = train[train.length - 1]!;
    const forecast = Array.from({ length: horizon }, (_, i) => ({
      step: i + 1,
      mean: last,
      lower80: last - 2,
      upper80: last + 2,
      lower95: last - 4,
      upper95: last + 4,
    }));
    return { method: 'mean', forecast, cumulative: [], sigma: 1 };
  };
  const result = backtest(s, 3, naive, 5)!;
  assert.equal(result.origins, 4);
  assert.equal(result.count, 12);
  assert.equal(result.mae, 3);
  assertClose(result.mape!, 25.841269841269842, 1e-14, 'mape');
  assert.equal(result.mapeExcluded, 2);
  assert.equal(result.totalsIn80, null, 'no running totals from this model');
  assert.equal(backtest(s, 12, naive, 5), null);
  // with running totals 3 × last ± 3 (80%) and ± 6 (95%): forecast totals 24, 27, 21, 30 against actual
  // totals 26, 23, 16, 15 (hand arithmetic): misses of 2, 4, 5 and 15 → 1 inside the 80% band, 3 inside the 95%
  const withTotals: Forecaster = (train, horizon) => {
    const plain = naive(train, horizon);
    const last = train[train.length - 1]!;
    const cumulative = plain.forecast.map((p) => ({
      ...p,
      mean: p.step * last,
      lower80: p.step * last - 3,
      upper80: p.step * last + 3,
      lower95: p.step * last - 6,
      upper95: p.step * last + 6,
    }));
    return { ...plain, cumulative };
  };
  const totals = backtest(s, 3, withTotals, 5)!;
  assert.deepEqual([totals.totalsIn80, totals.totalsIn95], [1, 3]);
});

test('backtest of the default projection on the synthetic series', () => {
  const result = backtest(series)!;
  assert.equal(result.origins, 13);
  assert.equal(result.count, 156);
  assert.ok(result.mape! > 0 && result.mape! < 15, `mape ${result.mape}`);
  assert.ok(result.coverage95 >= 0.8, `coverage95 ${result.coverage95}`);
  assert.ok(
    result.totalsIn95 !== null && result.totalsIn95 >= result.totalsIn80! && result.totalsIn95 <= result.origins,
  );
});

test('nelderMead finds the Rosenbrock minimum', () => {
  const rosenbrock = ([x, y]: number[]) => 100 * (y! - x! * x!) ** 2 + (1 - x!) ** 2;
  const { x } = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 5000, tolerance: 1e-14 });
  assertClose(x[0]!, 1, 1e-5, 'x');
  assertClose(x[1]!, 1, 1e-5, 'y');
});

test('quantile interpolates like numpy.quantile', () => {
  // np.quantile([3, 1, 4, 1, 5, 9, 2, 6], q) for q = 0, 0.1, 0.25, 0.5, 0.975, 1
  const values = [3, 1, 4, 1, 5, 9, 2, 6];
  const expectedQuantiles: [number, number][] = [
    [0, 1],
    [0.1, 1],
    [0.25, 1.75],
    [0.5, 3.5],
    [0.975, 8.475000000000001],
    [1, 9],
  ];
  for (const [q, v] of expectedQuantiles) assertClose(quantile(values, q), v, 1e-15, `q${q}`);
});
