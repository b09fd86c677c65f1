/**
 * The monitoring's limit design (designThreshold) against the exact design it replaces: on a grid
 * of expected levels, level uncertainties, seasonal month variances, both sides and the chart
 * probabilities districts use, the fast search (Siegmund's guess, then the secant of
 * log-probability, smallestLimit) returns exactly the limit that bisection over the same
 * probability returns — the old search, re-run here independently (doubling from 8, then halving)
 * — so the decision interval, its ARL and every chart built on it are unchanged. It also takes a
 * fraction of the evaluations: the speed claim checked by counting, not timing.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { cusumShift, latticeSteps, smallestLimit, type CusumSide } from '../../src/core/stats/index.ts';
import { designOnProbability, designThreshold } from '../../src/assess/build/monitoring.ts';

/** The old search: the smallest h with prob(h) ≤ q by doubling from 8, then bisection. */
function bisection(prob: (h: number) => number, q: number): { h: number; evaluations: number } {
  let evaluations = 0;
  const p = (h: number) => {
    evaluations++;
    return prob(h);
  };
  let low = 0;
  let high = 8;
  while (p(high) > q) {
    low = high;
    high *= 2;
  }
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if (p(mid) <= q) high = mid;
    else low = mid;
  }
  return { h: high, evaluations };
}

// levels 1–1,000 a month (wards to a district's all-crime), level CVs 0.04–0.36, seasonal month variances for the larger ones
const CASES: [number, number, number][] = [];
for (const level of [1, 2.46, 6.05, 14.9, 40.4, 148, 992])
  for (const cv of [0.04, 0.16, 0.36])
    for (const monthCv of level >= 30 ? [0, 0.06] : [0])
      if (!(level > 100 && cv > 0.2)) CASES.push([level, cv, monthCv]);
const PROBABILITIES = [1 / 60, 0.0089, 0.00135];

test('the fast limit design gives exactly the limits of bisection, in a fraction of the evaluations', () => {
  let fast = 0;
  let slow = 0;
  let designs = 0;
  for (const [level, cv, monthCv] of CASES)
    for (const side of ['up', 'down'] as CusumSide[])
      for (const q of PROBABILITIES) {
        const lattice = { steps: latticeSteps(level), shift: cusumShift(level) };
        const prob = (h: number) => designOnProbability(level, cv * cv, monthCv * monthCv, lattice, side, h);
        const exact = bisection(prob, q);
        const h = designThreshold(level, cv * cv, monthCv * monthCv, lattice, side, q, () => fast++);
        slow += exact.evaluations;
        designs++;
        assert.equal(h, exact.h, `level ${level}, CV ${cv}, month CV ${monthCv}, ${side}, q ${q}`);
        // certified on the exact chain: h meets q, h − 1 does not
        assert.ok(prob(h) <= q && (h === 1 || prob(h - 1) > q));
      }
  console.log(`limit design: ${designs} designs, ${fast} chain evaluations (bisection: ${slow})`);
  assert.ok(fast < slow / 2, `${fast} evaluations against bisection's ${slow}`);
});

test('smallestLimit finds the crossing of any decreasing probability from any guess, and says when there is none', () => {
  const curves: [string, (h: number) => number][] = [
    ['geometric', (h) => Math.exp(-0.07 * h)],
    ['flat then falling', (h) => (h < 40 ? 0.9 : 0.9 * Math.exp(-0.3 * (h - 40)))],
    ['steps', (h) => 1 / (1 + Math.floor(h / 5))],
  ];
  for (const [name, prob] of curves)
    for (const q of [0.5, 0.01, 1e-3])
      for (const guess of [1, 7, 60, 900]) {
        const expected = bisection(prob, q).h;
        assert.equal(smallestLimit(prob, q, guess), expected, `${name}, q ${q}, guess ${guess}`);
        assert.equal(
          smallestLimit(prob, q, guess, { slope: -0.5 }),
          expected,
          `${name}, q ${q}, guess ${guess}, slope`,
        );
      }
  assert.throws(() => smallestLimit(() => 0.5, 0.1, 10, { maxLimit: 500 }), /no limit up to 500/);
});
