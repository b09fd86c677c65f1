import assert from 'node:assert/strict';
import test from 'node:test';
import {
  binomialCdf,
  binomialPmf,
  binomialSf,
  logGamma,
  normalCdf,
  normalQuantile,
  poissonCdf,
  poissonPmf,
  poissonQuantile,
  poissonSf,
} from '../../../src/core/stats/index.ts';
import { assertClose } from './assert-close.ts';

// Expected values from SciPy 1.10.1 (Debian python3-scipy), printed with repr(); mpmath 1.2.1 at
// 40 digits where SciPy itself loses accuracy. The calls are given above each table.

test('logGamma matches scipy.special.gammaln', () => {
  // [x, scipy.special.gammaln(x)]
  const cases: [number, number][] = [
    [0.001, 6.907178885383853],
    [0.1, 2.252712651734206],
    [0.5, 0.5723649429247],
    [1.5, -0.12078223763524526],
    [3.7, 1.428072326665388],
    [9.99, 12.779315214350195],
    [10, 12.801827480081469],
    [10.5, 13.940625219403763],
    [20.3, 40.23333683543724],
    [100, 359.1342053695754],
    [1234.5, 7550.550901077894],
    [1000000, 12815504.569147611],
    [-0.5, 1.2655121234846454],
    [-2.3, 0.36956666345500805],
  ];
  for (const [x, expected] of cases) assertClose(logGamma(x), expected, 1e-13, `gammaln(${x})`);
  assert.equal(logGamma(1), 0);
  assert.equal(logGamma(2), 0);
  assert.equal(logGamma(0), Infinity);
  assert.equal(logGamma(-3), Infinity);
});

test('binomial pmf, cdf and upper tail match scipy.stats.binom', () => {
  // [k, n, p, binom.pmf(k, n, p), binom.cdf(k, n, p), binom.sf(k - 1, n, p) = P(X ≥ k)]
  const cases: [number, number, number, number, number, number][] = [
    [0, 10, 0.3, 0.028247524899999984, 0.028247524900000005, 1],
    [3, 10, 0.3, 0.26682793199999977, 0.6496107184000002, 0.6172172136000003],
    [10, 10, 0.3, 5.9048999999999975e-6, 1, 5.9048999999999975e-6],
    [30, 52, 0.5, 0.060070597303987255, 0.8941957156192419, 0.1658748816847453],
    [1, 1000000, 1e-6, 0.3678796251112704, 0.7357588823429155, 0.6321207427683548],
    [500000, 1000000, 0.5, 0.0007978843613317499, 0.5003989421806669, 0.5003989421806669],
    [499000, 1000000, 0.5, 0.00010798197801891438, 0.022804149932694757, 0.9773038320453266],
    [7, 2000, 0.01, 0.0005025244836047412, 0.0007450466577361559, 0.9997574778258685],
  ];
  for (const [k, n, p, pmf, cdf, sf] of cases) {
    assertClose(binomialPmf(k, n, p), pmf, 1e-12, `pmf(${k}, ${n}, ${p})`);
    assertClose(binomialCdf(k, n, p), cdf, 1e-12, `cdf(${k}, ${n}, ${p})`);
    assertClose(binomialSf(k, n, p), sf, 1e-12, `sf(${k}, ${n}, ${p})`);
  }
  assert.equal(binomialPmf(3, 10, 0), 0);
  assert.equal(binomialPmf(0, 10, 0), 1);
  assert.equal(binomialPmf(11, 10, 0.3), 0);
  assert.equal(binomialCdf(-1, 10, 0.3), 0);
  assert.equal(binomialSf(0, 10, 0.3), 1);
  assert.equal(binomialSf(11, 10, 0.3), 0);
});

test('binomial far tails keep full relative accuracy', () => {
  // scipy.stats.binom.cdf(100, 2001, 0.5) → 0 (the true value, ~1e-484, underflows)
  assert.equal(binomialCdf(100, 2001, 0.5), 0);
  // scipy.stats.binom.sf(1899, 2000, 0.9) → 2.374647248072852e-16  (P(X ≥ 1900))
  assertClose(binomialSf(1900, 2000, 0.9), 2.374647248072852e-16, 1e-11, 'sf(1900, 2000, 0.9)');
  // scipy.stats.binom.sf(99, 2001, 0.01) → 7.176936875463279e-38  (P(X ≥ 100))
  assertClose(binomialSf(100, 2001, 0.01), 7.176936875463279e-38, 1e-11, 'sf(100, 2001, 0.01)');
});

test('Poisson pmf, cdf and upper tail match scipy.stats.poisson (and mpmath at large means)', () => {
  // [x, mu, poisson.pmf(x, mu), poisson.cdf(x, mu), poisson.sf(x - 1, mu) = P(X ≥ x)]
  const cases: [number, number, number, number, number][] = [
    [0, 0.5, 0.6065306597126334, 0.6065306597126334, 1],
    [3, 2.5, 0.21376301724973648, 0.7575761331330662, 0.45618688411667035],
    [23, 9.8, 0.00013477811865171825, 0.9999107613213307, 0.00022401679732101854],
    [0, 30, 9.357622968840175e-14, 9.357622968840163e-14, 1],
    [10, 30, 1.5227024875635062e-5, 2.2348775738450672e-5, 0.9999928782491372],
    [50, 30, 0.00022087848072126846, 0.9997019870181733, 0.0005188914625480344],
    [5, 0.001, 8.325004165278163e-18, 1, 8.326391864211505e-18],
    [200, 100, 4.716970602793046e-19, 1, 9.343150072988544e-19],
  ];
  for (const [x, mu, pmf, cdf, sf] of cases) {
    assertClose(poissonPmf(x, mu), pmf, 1e-12, `pmf(${x}, ${mu})`);
    assertClose(poissonCdf(x, mu), cdf, 1e-12, `cdf(${x}, ${mu})`);
    assertClose(poissonSf(x, mu), sf, 1e-12, `sf(${x}, ${mu})`);
  }
  // scipy.stats.poisson.pmf(x, 1e6) loses ~1e-9 relative (exp of a difference of huge logs), so
  // the pmf is checked against mpmath: exp(-mu + x*log(mu) - loggamma(x + 1)) at 40 digits
  // → 0.0003989422471562440297 and 4.4451435818791036548e-6 (rounded to doubles below).
  assertClose(poissonPmf(1000000, 1e6), 0.00039894224715624404, 1e-13, 'pmf(1e6, 1e6)');
  assertClose(poissonPmf(1003000, 1e6), 0.000004445143581879104, 1e-13, 'pmf(1003000, 1e6)');
  // scipy.stats.poisson.cdf(998000, 1e6) → 0.022750122939677576
  // scipy.stats.poisson.sf(1002999, 1e6) → 0.001358035272683129  (P(X ≥ 1003000))
  assertClose(poissonCdf(998000, 1e6), 0.022750122939677576, 1e-9, 'cdf(998000, 1e6)');
  assertClose(poissonSf(1003000, 1e6), 0.001358035272683129, 1e-9, 'sf(1003000, 1e6)');
  assert.equal(poissonPmf(0, 0), 1);
  assert.equal(poissonSf(1, 0), 0);
  assert.equal(poissonCdf(-1, 3), 0);
});

test('poissonQuantile matches scipy.stats.poisson.ppf', () => {
  // [q, mu, poisson.ppf(q, mu)]
  const cases: [number, number, number][] = [
    [0.5, 9.8, 10],
    [0.0013498980316300933, 9.8, 2],
    [0.9986501019683699, 9.8, 20],
    [0.975, 1000000, 1001960],
    [0.025, 0.3, 0],
    [0.9, 0.3, 1],
    [0.1, 50, 41],
    [0.999, 3, 10],
  ];
  for (const [q, mu, expected] of cases) assert.equal(poissonQuantile(q, mu), expected, `ppf(${q}, ${mu})`);
  assert.equal(poissonQuantile(0.5, 0), 0);
  assert.equal(poissonQuantile(0, 5), 0);
  assert.equal(poissonQuantile(1, 5), Infinity);
});

test('normalCdf matches scipy.stats.norm.cdf into the far tails', () => {
  // [x, norm.cdf(x)]
  const cases: [number, number][] = [
    [-10, 7.61985302416047e-24],
    [-6, 9.865876450376946e-10],
    [-5.7, 5.99037140106353e-9],
    [-3, 0.0013498980316300933],
    [-1.96, 0.024997895148220435],
    [-0.67, 0.25142889509531013],
    [-0.1, 0.460172162722971],
    [0, 0.5],
    [0.3, 0.6179114221889526],
    [0.7, 0.758036347776927],
    [1, 0.8413447460685429],
    [2.5, 0.9937903346742238],
    [5, 0.9999997133484281],
    [9, 1],
  ];
  for (const [x, expected] of cases) assertClose(normalCdf(x), expected, 1e-14, `norm.cdf(${x})`);
  // scipy's ndtr loses ~1e-13 relative at x = −37, so mpmath: mpmath.ncdf(-37) at 30 digits
  // → 5.72557122252457682268e-300 (R's pnorm(-37) gives the same 17 digits).
  assertClose(normalCdf(-37), 5.725571222524577e-300, 1e-14, 'ncdf(-37)');
  assert.equal(normalCdf(-40), 0); // scipy.stats.norm.cdf(-40) → 0.0
});

test('normalQuantile matches scipy.stats.norm.ppf (AS 241)', () => {
  // [p, norm.ppf(p)]
  const cases: [number, number][] = [
    [1e-300, -37.0470962993612],
    [1e-20, -9.262340089798409],
    [1e-12, -7.034483825301131],
    [1e-5, -4.264890793922825],
    [0.001, -3.090232306167813],
    [0.025, -1.9599639845400545],
    [0.07, -1.4757910281791706],
    [0.075, -1.4395314709384563],
    [0.3, -0.5244005127080409],
    [0.5, 0],
    [0.8, 0.8416212335729143],
    [0.925, 1.4395314709384563],
    [0.975, 1.959963984540054],
    [0.999, 3.090232306167813],
  ];
  for (const [p, expected] of cases) assertClose(normalQuantile(p), expected, 1e-14, `norm.ppf(${p})`);
  assert.equal(normalQuantile(0), -Infinity);
  assert.equal(normalQuantile(1), Infinity);
  assert.ok(Number.isNaN(normalQuantile(1.5)));
});
