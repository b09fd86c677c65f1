import assert from 'node:assert/strict';
import test from 'node:test';
import { cChartLimits, cusum, ewma } from '../../../src/core/stats/index.ts';
import { assertClose } from './assert-close.ts';

// Expected values from an independent NumPy 1.24 implementation (/usr/bin/python3):
//   a = b = 0; for z in zs: a = max(0, a + z - k); b = max(0, b - z - k)
// with z = (x - mu) / sd, mu = x[:12].mean(), sd = sqrt(mu) (Poisson) or x[:12].std(ddof=1).
const series = [10, 12, 9, 11, 8, 10, 13, 9, 10, 11, 9, 10, 12, 14, 15, 13, 16, 17, 9, 8];

function assertAllClose(actual: number[], expected: number[], label: string): void {
  assert.equal(actual.length, expected.length, label);
  actual.forEach((v, i) => assertClose(v, expected[i]!, 1e-12, `${label}[${i}]`, 1e-12));
}

test('cusum on Poisson counts with a 12-point baseline', () => {
  const result = cusum(series, { baseline: 12 });
  assertClose(result.target, 10.166666666666666, 1e-15, 'target');
  assertClose(result.sd, Math.sqrt(10.166666666666666), 1e-15, 'sd');
  assert.deepEqual(
    result.points.map((p) => p.index),
    [12, 13, 14, 15, 16, 17, 18, 19],
  );
  assertAllClose(
    result.points.map((p) => p.upper),
    [
      0.07497921083824854, 0.7772084698636772, 1.7930627529826957, 2.181666987914534, 3.5111462951271424,
      5.154250626433341, 4.288354764990819, 3.1088338794547075,
    ],
    'upper',
  );
  assertAllClose(
    result.points.map((p) => p.lower),
    [0, 0, 0, 0, 0, 0, 0, 0.17952088553611156],
    'lower',
  );
  assert.deepEqual(result.increases, [17]);
  assert.deepEqual(result.decreases, []);
  assert.equal(result.points[5]!.signal, 'increase');
  // h = 4 signals earlier and for longer
  assert.deepEqual(cusum(series, { baseline: 12, h: 4 }).increases, [17, 18]);
});

test('cusum on values with sd estimated from the baseline (non-Poisson)', () => {
  const result = cusum(series, { baseline: 12, poisson: false });
  assertClose(result.sd, 1.4034589305344742, 1e-14, 'sample sd');
  assertAllClose(
    result.points.map((p) => p.upper),
    [
      0.8062963891897799, 3.03764338476841, 5.981515683541465, 7.500337375925671, 11.156734977893151,
      15.525657883055057, 14.194378362661562, 12.15057353907364,
    ],
    'upper',
  );
  assertAllClose(
    result.points.map((p) => p.lower),
    [0, 0, 0, 0, 0, 0, 0.3312795203934956, 1.3750843439814164],
    'lower',
  );
  assert.deepEqual(result.increases, [14, 15, 16, 17, 18, 19]);
  // resetOnSignal restarts the sums after each signal
  const reset = cusum(series, { baseline: 12, poisson: false, resetOnSignal: true });
  // after the signal at index 14 the next sum is z − k alone: 7.500337375925671 − 5.981515683541465
  assertClose(reset.points[3]!.upper, 1.518821692384206, 1e-12, 'after reset');
});

test('cusum with a known target monitors every point', () => {
  const result = cusum(series, { target: 12 });
  assert.equal(result.points.length, series.length);
  assertAllClose(
    result.points.map((p) => p.lower),
    [
      0.07735026918962584, 0, 0.3660254037844387, 0.15470053837925168, 0.8094010767585034, 0.8867513459481291,
      0.09807621135331623, 0.46410161513775494, 0.5414518843273808, 0.33012701892219365, 0.6961524227066325,
      0.7735026918962582, 0.2735026918962582, 0, 0, 0, 0, 0, 0.3660254037844387, 1.0207259421636903,
    ],
    'lower',
  );
  assert.throws(() => cusum([1, 2, 3]), RangeError); // too short for the default 24-point baseline
});

test('ewma with exact time-varying limits', () => {
  // NumPy: e = lam*x + (1 - lam)*e from e = mu; w = L*sd*sqrt(lam/(2 - lam)*(1 - (1 - lam)**(2*t)))
  const result = ewma(series, { baseline: 12 });
  const expected: [number, number, number][] = [
    [10.533333333333333, 8.253554019695768, 12.079779313637564],
    [11.226666666666668, 7.716687074914931, 12.6166462584184],
    [11.981333333333335, 7.427773459548142, 12.90555987378519],
    [12.185066666666668, 7.25788976906864, 13.075443564264692],
    [12.948053333333334, 7.154187762906509, 13.179145570426822],
    [13.758442666666669, 7.0896520984229605, 13.243681234910373],
    [12.806754133333337, 7.049050279418588, 13.284283053914745],
    [11.84540330666667, 7.0233403329329, 13.309993000400432],
  ];
  result.points.forEach((p, i) => {
    assertClose(p.ewma, expected[i]![0], 1e-13, `ewma[${i}]`);
    assertClose(p.lower, expected[i]![1], 1e-13, `lower[${i}]`);
    assertClose(p.upper, expected[i]![2], 1e-13, `upper[${i}]`);
  });
  assert.deepEqual(
    result.points.filter((p) => p.signal).map((p) => p.index),
    [17],
  );
});

test('cChartLimits: 3-sigma and exact Poisson probability limits', () => {
  // [mean, max(0, mean - 3√mean), mean + 3√mean, poisson.ppf(norm.cdf(-3), mean), poisson.ppf(1 - norm.cdf(-3), mean)]
  const cases: [number, number, number, number, number][] = [
    [0.4, 0, 2.2973665961010274, 0, 3],
    [2.5, 0, 7.243416490252569, 0, 8],
    [9.8, 0.40851449450088495, 19.191485505499116, 2, 20],
    [120, 87.13664654969003, 152.86335345030997, 89, 154],
  ];
  for (const [mean, lower3, upper3, lowerExact, upperExact] of cases) {
    const limits = cChartLimits(mean);
    assertClose(limits.lower3Sigma, lower3, 1e-14, `lower3(${mean})`);
    assertClose(limits.upper3Sigma, upper3, 1e-14, `upper3(${mean})`);
    assert.equal(limits.lowerExact, lowerExact, `lowerExact(${mean})`);
    assert.equal(limits.upperExact, upperExact, `upperExact(${mean})`);
  }
  assertClose(cChartLimits(1).tail, 0.0013498980316300933, 1e-15, 'tail'); // scipy.stats.norm.cdf(-3)
});
