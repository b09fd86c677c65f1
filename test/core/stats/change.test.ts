import assert from 'node:assert/strict';
import test from 'node:test';
import {
  absoluteChange,
  changeVerdict,
  exactConditionalTest,
  percentChange,
  poissonZ,
} from '../../../src/core/stats/index.ts';
import { assertClose } from './assert-close.ts';

test('exactConditionalTest matches scipy.stats.binomtest(C, C + P, r/(1 + r)).pvalue', () => {
  // [current, previous, ratio, p-value]  // SciPy 1.10.1 call that produced it
  const cases: [number, number, number, number][] = [
    [30, 22, 1, 0.3317497633694906], // binomtest(30, 52, 0.5)
    [22, 30, 1, 0.3317497633694906], // binomtest(22, 52, 0.5)
    [10, 10, 1, 1.0], // binomtest(10, 20, 0.5)
    [13, 20, 1, 0.296206368599087], // binomtest(13, 33, 0.5)
    [100, 140, 1, 0.01166409231767769], // binomtest(100, 240, 0.5)
    [0, 1, 1, 1.0], // binomtest(0, 1, 0.5)
    [5, 0, 1, 0.0625], // binomtest(5, 5, 0.5)
    [1, 2, 1, 1.0], // binomtest(1, 3, 0.5)
    [7, 19, 1, 0.028959274291992188], // binomtest(7, 26, 0.5)
    [1000, 1100, 1, 0.030720707864242486], // binomtest(1000, 2100, 0.5)
    [999, 1000, 1, 1.0], // binomtest(999, 1999, 0.5)
    [12345, 12001, 1, 0.027928077377116275], // binomtest(12345, 24346, 0.5)
    [0, 25, 1, 5.960464477539063e-8], // binomtest(0, 25, 0.5)
    [7, 19, 0.5, 0.5408129386092344], // binomtest(7, 26, 0.3333333333333333)
    [40, 3, 2.5, 0.0010137751865038009], // binomtest(40, 43, 0.7142857142857143)
    [10, 0, 1.25, 0.003101482557079962], // binomtest(10, 10, 0.5555555555555556)
    [3, 40, 2.5, 7.99853444545465e-19], // binomtest(3, 43, 0.7142857142857143)
    [30, 52, 0.8, 0.1820851862581118], // binomtest(30, 82, 0.4444444444444445)
  ];
  for (const [c, p, r, expected] of cases)
    assertClose(exactConditionalTest(c, p, r), expected, 1e-12, `(${c}, ${p}, ${r})`);
});

test('exactConditionalTest is accurate and fast for counts near 10^6', () => {
  // binomtest(250000, 501200, 0.5).pvalue → 0.09033913662380495
  //   (R 4.2.2 poisson.test(c(250000, 251200))$p.value → 0.090339136623811253)
  // binomtest(1000000, 2002500, 0.5).pvalue → 0.07740312631506968
  const started = performance.now();
  assertClose(exactConditionalTest(250000, 251200), 0.09033913662380495, 1e-11, '250000 vs 251200');
  assertClose(exactConditionalTest(1000000, 1002500), 0.07740312631506968, 1e-11, '1e6 vs 1002500');
  for (let i = 0; i < 20; i++) exactConditionalTest(1000000 + i, 1002500);
  assert.ok(performance.now() - started < 2000, 'took too long');
});

test('exactConditionalTest: no counts at all gives p = 1; bad input throws', () => {
  assert.equal(exactConditionalTest(0, 0), 1);
  assert.throws(() => exactConditionalTest(-1, 3), RangeError);
  assert.throws(() => exactConditionalTest(1.5, 3), RangeError);
  assert.throws(() => exactConditionalTest(1, 3, 0), RangeError);
});

test('poissonZ is 2(√C − √P) with a two-sided normal p-value', () => {
  // numpy: z = 2*(np.sqrt(C) - np.sqrt(P)); p = 2*scipy.stats.norm.sf(abs(z))
  const cases: [number, number, number, number][] = [
    [30, 22, 1.573619630456463, 0.11557541217298109],
    [0, 0, 0, 1],
    [100, 140, -3.6643191323984645, 0.00024799741405909936],
    [9, 4, 2, 0.04550026389635839],
  ];
  for (const [c, p, z, pValue] of cases) {
    const result = poissonZ(c, p);
    assertClose(result.z, z, 1e-14, `z(${c}, ${p})`);
    assertClose(result.p, pValue, 1e-13, `p(${c}, ${p})`);
  }
});

test('percentChange and absoluteChange', () => {
  assertClose(percentChange(881, 1000)!, -11.9, 1e-12, '881 vs 1000');
  assert.equal(percentChange(30, 20), 50);
  assert.equal(percentChange(5, 0), null);
  assert.equal(percentChange(0, 0), null);
  assert.equal(absoluteChange(881, 1000), -119);
});

test('changeVerdict follows the exact conditional test', () => {
  assert.equal(changeVerdict(100, 140), 'significant decrease'); // p = 0.0117
  assert.equal(changeVerdict(140, 100), 'significant increase');
  assert.equal(changeVerdict(30, 22), 'no significant change'); // p = 0.33
  assert.equal(changeVerdict(5, 0), 'no significant change'); // p = 0.0625: 0 → 5 is not evidence
  assert.equal(changeVerdict(6, 0), 'significant increase'); // binomtest(6, 6, 0.5).pvalue → 0.03125
  assert.equal(changeVerdict(100, 140, 0.01), 'no significant change');
  assert.equal(changeVerdict(0, 0), 'no significant change');
  // current exposure 2.5 × the previous one: binomtest(40, 43, 2.5/3.5).pvalue → 0.00101 and 40 > 2.5 × 3
  assert.equal(changeVerdict(40, 3, 0.05, 2.5), 'significant increase');
});
