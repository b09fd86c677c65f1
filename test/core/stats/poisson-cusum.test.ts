/**
 * The Poisson CUSUM's run-length figures (average run length, the chance of signalling in a month,
 * the run-length tail behind a p-value) from the Markov chain on the chart's lattice, checked
 * against a Monte-Carlo simulation of the chart itself with a seeded generator (independent: it
 * runs poissonCusum on simulated counts and counts what happens).
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import {
  cusumShift,
  latticeSteps,
  mixedPoissonMonth,
  monthMoves,
  poissonCusum,
  poissonCusumArl,
  poissonCusumOnProbability,
  poissonCusumReach,
  poissonMonth,
  scaledCount,
  referenceSteps,
} from '../../../src/core/stats/index.ts';

function uniforms(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poissonSampler(seed: number): (mu: number) => number {
  const u = uniforms(seed);
  return (mu) => {
    let x = 0;
    let p = Math.exp(-mu);
    let cdf = p;
    const v = u();
    while (v > cdf && x < 10 * mu + 100) {
      x++;
      p *= mu / x;
      cdf += p;
    }
    return x;
  };
}

/** Months until a one-sided chart started at 0 first exceeds `threshold` (lattice states), simulated. */
function simulatedRunLength(
  mu: number,
  steps: number,
  shift: number,
  threshold: number,
  side: 'up' | 'down',
  draw: (mu: number) => number,
): number {
  const reference = referenceSteps(mu, { steps, shift }, side);
  let s = 0;
  for (let t = 1; ; t++) {
    const x = scaledCount(draw(mu), steps);
    s = Math.max(0, s + (side === 'up' ? x - reference : reference - x));
    if (s > threshold) return t;
  }
}

test('ARL by the Markov chain matches a simulation of the chart (2,000 runs each, within 3 standard errors)', () => {
  const draw = poissonSampler(20261203);
  // thresholds with in-control ARLs of 300–800 months, so that 2,000 simulated runs stay quick
  for (const [mu, side, threshold] of [
    [2, 'up', 30],
    [6, 'down', 25],
    [40, 'up', 12],
    [400, 'up', 3],
  ] as const) {
    const lattice = { steps: latticeSteps(mu), shift: cusumShift(mu) };
    const arl = poissonCusumArl(mu, lattice, threshold, side);
    const runs = Array.from({ length: 2000 }, () =>
      simulatedRunLength(mu, lattice.steps, lattice.shift, threshold, side, draw),
    );
    const mean = runs.reduce((a, b) => a + b, 0) / runs.length;
    const sd = Math.sqrt(runs.reduce((a, b) => a + (b - mean) ** 2, 0) / (runs.length - 1));
    assert.ok(
      Math.abs(mean - arl) < 3 * (sd / Math.sqrt(runs.length)),
      `μ ${mu} ${side} h ${threshold}: chain ${arl.toFixed(2)}, simulated ${mean.toFixed(2)} ± ${(sd / Math.sqrt(runs.length)).toFixed(2)}`,
    );
    // a real shift is caught sooner
    assert.ok(
      poissonCusumArl(mu, lattice, threshold, side, side === 'up' ? mu * lattice.shift : mu / lattice.shift) < arl / 2,
    );
  }
});

test('the chance of signalling in the last of 12 months, and the run-length tail, match a simulation of poissonCusum (40,000 series)', () => {
  const draw = poissonSampler(7);
  const mu = 5;
  const lattice = { steps: latticeSteps(mu), shift: cusumShift(mu) };
  const up = 16; // lattice states: lower than a design would use, so that signals are common enough to count
  const months = Array.from({ length: 12 }, () => poissonMonth(mu));
  const expectedOn = poissonCusumOnProbability(months, lattice, 'up', up);
  const expectedReach = poissonCusumReach(months, lattice, 'up', 20);
  const n = 40000;
  let on = 0;
  let reached = 0;
  const expected = Array.from({ length: 12 }, () => mu);
  for (let i = 0; i < n; i++) {
    const counts = expected.map(() => draw(mu));
    const run = poissonCusum(counts, expected, { ...lattice, up, down: 10000 });
    if (run.signal?.side === 'up') on++;
    // the tail: the chart (never restarted: a limit no run reaches) reaching 20 states within the 12 months
    const free = poissonCusum(counts, expected, { ...lattice, up: 10000, down: 10000 });
    if (free.months.some((m) => m.up * lattice.steps >= 20 - 1e-9)) reached++;
  }
  const se = (p: number) => Math.sqrt((p * (1 - p)) / n);
  assert.ok(Math.abs(on / n - expectedOn) < 3.5 * se(expectedOn), `on: chain ${expectedOn}, simulated ${on / n}`);
  assert.ok(
    Math.abs(reached / n - expectedReach) < 3.5 * se(expectedReach),
    `reach: chain ${expectedReach}, simulated ${reached / n}`,
  );
  assert.ok(expectedOn > 0.005 && expectedReach > 0.02, 'probabilities large enough to test');
});

test("the chart restarts after a signal and keeps an episode's first month while it stays on its side", () => {
  const expected = Array.from({ length: 12 }, () => 10);
  const counts = [10, 10, 30, 30, 30, 9, 10, 10, 10, 10, 10, 10];
  const lattice = { steps: latticeSteps(10), shift: cusumShift(10) };
  const run = poissonCusum(counts, expected, { ...lattice, up: 15, down: 100 });
  assert.deepEqual(
    run.alarms.map((a) => a.index),
    [2, 3, 4],
  );
  assert.equal(run.signal, null, 'the month below expected ends the episode');
  const still = poissonCusum(counts.slice(0, 5), expected.slice(0, 5), { ...lattice, up: 15, down: 100 });
  assert.equal(still.signal!.since, 2);
  assert.equal(still.signal!.alarm, 4);
});

/** The chain as first written: every move from every state, one at a time (the reference the faster step must equal). */
function referenceChain(
  months: readonly ReturnType<typeof poissonMonth>[],
  lattice: { steps: number; shift: number },
  side: 'up' | 'down',
  threshold: number,
): { on: number; reach: number } {
  const n = threshold + 1;
  let off = new Float64Array(n);
  let on = new Float64Array(n);
  let free = new Float64Array(n);
  off[0] = 1;
  free[0] = 1;
  let reached = 0;
  for (const month of months) {
    const { moves, on: mOn, off: mOff } = monthMoves(month, lattice, side);
    const nextOff = new Float64Array(n);
    const nextOn = new Float64Array(n);
    const nextFree = new Float64Array(n);
    let alarmed = 0;
    for (let i = 0; i < n; i++) {
      for (let m = 0; m < moves.length; m++) {
        const q = mOn[m]! + mOff[m]!;
        const raw = i + moves[m]!;
        if (raw > threshold) alarmed += (off[i]! + on[i]!) * q;
        else if (raw > 0) {
          nextOff[raw]! += off[i]! * q + on[i]! * mOff[m]!;
          nextOn[raw]! += on[i]! * mOn[m]!;
        } else nextOff[0]! += (off[i]! + on[i]!) * q;
        // the run-length tail to a level of threshold + 1 states
        if (raw > threshold) reached += free[i]! * q;
        else nextFree[Math.max(0, raw)]! += free[i]! * q;
      }
    }
    nextOn[0]! += alarmed;
    off = nextOff;
    on = nextOn;
    free = nextFree;
  }
  return { on: on.reduce((s, v) => s + v, 0), reach: reached };
}

test('the chain step that sums the moves to 0 and past the limit in one product equals the move-by-move chain', () => {
  for (const [mu, threshold] of [
    [1, 40],
    [3.3, 25],
    [14, 60],
    [150, 12],
    [900, 30],
  ] as const) {
    const lattice = { steps: latticeSteps(mu), shift: cusumShift(mu) };
    // a seasonal-looking year, the level uncertain
    const months = Array.from({ length: 12 }, (_, t) =>
      mixedPoissonMonth(mu * (1 + 0.2 * Math.sin(t)), [
        { value: 0.8, weight: 0.25 },
        { value: 1, weight: 0.5 },
        { value: 1.3, weight: 0.25 },
      ]),
    );
    for (const side of ['up', 'down'] as const) {
      const reference = referenceChain(months, lattice, side, threshold);
      const on = poissonCusumOnProbability(months, lattice, side, threshold);
      const reach = poissonCusumReach(months, lattice, side, threshold + 1);
      assert.ok(Math.abs(on - reference.on) <= 1e-12 * reference.on, `on μ ${mu} ${side}: ${on} vs ${reference.on}`);
      assert.ok(
        Math.abs(reach - reference.reach) <= 1e-12 * reference.reach,
        `reach μ ${mu} ${side}: ${reach} vs ${reference.reach}`,
      );
    }
  }
});
