import { poissonPmf } from './poisson-pmf.ts';

/** Which way a one-sided chart looks: 'up' accumulates evidence of a rise, 'down' of a fall. */
export type CusumSide = 'up' | 'down';

/**
 * A chart's lattice: `steps` lattice states per count (a whole number, or below 1 for large series,
 * whose counts then move the chart in whole states of 1/steps counts), and the shift r it is
 * designed to detect (a rise to r× the expected count, a fall to 1/r).
 */
export interface CusumLattice {
  steps: number;
  shift: number;
}

/**
 * The shift a series' chart is designed to detect, from its mean expected monthly count: one
 * standard deviation of a month's count (r = 1 + 1/√μ, the classic CUSUM design k = σ/2), but no
 * less than a 20% change (large series, whose level is never known to better than a few per cent)
 * and no more than 50% (small series, where a one-sd change is a doubling).
 */
export function cusumShift(meanLevel: number): number {
  if (!(meanLevel > 0)) throw new RangeError(`cusumShift needs a positive mean level (got ${meanLevel})`);
  return 1 + Math.min(0.5, Math.max(0.2, 1 / Math.sqrt(meanLevel)));
}

/**
 * The lattice a Poisson CUSUM runs on. In count units the chart is
 * up: C' = max(0, C + x − k), k = μ(r − 1)/ln r, with r the shift to detect (cusumShift; Lucas
 * 1985: the log-likelihood ratio of Poisson(rμ) against Poisson(μ), divided by ln r);
 * down: C' = max(0, C − x + k), k = μ(1 − 1/r)/ln r. In lattice states each month moves the chart
 * by round(steps·x) − round(steps·k) (up; the reverse down), so the chart is exactly a finite Markov
 * chain (Brook & Evans 1972) whose run lengths are computed rather than approximated. `steps` is
 * 4/√μ (a whole number up to a mean of 16 a month, at most 8), so that a decision interval spans
 * some 20–80 states whatever the series' size.
 */
export function latticeSteps(meanLevel: number): number {
  if (!(meanLevel > 0)) throw new RangeError(`latticeSteps needs a positive mean level (got ${meanLevel})`);
  const steps = 4 / Math.sqrt(meanLevel);
  return steps >= 1 ? Math.min(8, Math.round(steps)) : Number(steps.toPrecision(3));
}

/** A count in lattice states (exact for whole `steps`, rounded for large series). */
export function scaledCount(x: number, steps: number): number {
  return Math.round(x * steps);
}

/** The reference value k of one month, in lattice states (a whole number). */
export function referenceSteps(mu: number, lattice: CusumLattice, side: CusumSide): number {
  const r = lattice.shift;
  const k = side === 'up' ? (mu * (r - 1)) / Math.log(r) : (mu * (1 - 1 / r)) / Math.log(r);
  return Math.round(k * lattice.steps);
}

/** The Poisson(μ) counts that carry any probability (all but ~1e-12 of it): first count and their probabilities. */
export function poissonSupport(mu: number): { first: number; pmf: Float64Array } {
  if (!(mu > 0)) return { first: 0, pmf: Float64Array.of(1) };
  const spread = 7.5 * Math.sqrt(mu) + 10;
  const first = Math.max(0, Math.floor(mu - spread));
  const last = Math.ceil(mu + spread);
  const pmf = new Float64Array(last - first + 1);
  for (let x = first; x <= last; x++) pmf[x - first] = poissonPmf(x, mu);
  return { first, pmf };
}

/** One month of a chart: the expected count its reference value is set from, and the distribution of the count (first count and probabilities). */
export interface CusumMonth {
  mu: number;
  first: number;
  pmf: Float64Array;
}

/** A month whose count is Poisson(μ × level): the chart's reference still set from μ. */
export function poissonMonth(mu: number, level = 1): CusumMonth {
  return { mu, ...poissonSupport(mu * level) };
}

/**
 * A month whose count is Poisson(μ × m) with m a mixture of multipliers (value, weight): a count
 * more variable than Poisson, for a month whose expected count is itself uncertain.
 */
export function mixedPoissonMonth(mu: number, mixture: readonly { value: number; weight: number }[]): CusumMonth {
  const parts = mixture.map((m) => ({ weight: m.weight, ...poissonSupport(mu * m.value) }));
  const first = Math.min(...parts.map((p) => p.first));
  const last = Math.max(...parts.map((p) => p.first + p.pmf.length - 1));
  const pmf = new Float64Array(last - first + 1);
  for (const p of parts) for (let t = 0; t < p.pmf.length; t++) pmf[p.first + t - first]! += p.weight * p.pmf[t]!;
  return { mu, first, pmf };
}

/** A month's possible moves of a one-sided chart, in lattice states (ascending), with their probabilities: `on` for counts on the side's side of expected, `off` for the rest (moves of negligible probability left out). */
export interface MonthMoves {
  moves: Int32Array;
  on: Float64Array;
  off: Float64Array;
  /** on + off */
  total: Float64Array;
  /** head[m] = total of the moves before m, tail[m] = total of the moves from m on (length moves + 1): a chain step adds up the moves that floor the chart at 0 or alarm it in one product */
  head: Float64Array;
  tail: Float64Array;
}

const movesMemo = new WeakMap<CusumMonth, Map<string, MonthMoves>>();

/** The month's moves on `lattice` for `side` (computed once per month object). */
export function monthMoves(month: CusumMonth, lattice: CusumLattice, side: CusumSide): MonthMoves {
  let memo = movesMemo.get(month);
  if (!memo) movesMemo.set(month, (memo = new Map()));
  const key = `${lattice.steps}|${lattice.shift}|${side}`;
  let out = memo.get(key);
  if (!out) memo.set(key, (out = computeMoves(month, lattice, side)));
  return out;
}

function computeMoves(month: CusumMonth, lattice: CusumLattice, side: CusumSide): MonthMoves {
  const reference = referenceSteps(month.mu, lattice, side);
  const sign = side === 'up' ? 1 : -1;
  const moveOf = (x: number) => sign * (scaledCount(x, lattice.steps) - reference);
  const a = moveOf(month.first);
  const b = moveOf(month.first + month.pmf.length - 1);
  const offset = Math.min(a, b);
  const on = new Float64Array(Math.max(a, b) - offset + 1);
  const off = new Float64Array(on.length);
  for (let t = 0; t < month.pmf.length; t++) {
    const q = month.pmf[t]!;
    if (q < 1e-15) continue;
    const x = month.first + t;
    const onSide = side === 'up' ? x > month.mu : x < month.mu;
    (onSide ? on : off)[moveOf(x) - offset]! += q;
  }
  let count = 0;
  for (let m = 0; m < on.length; m++) if (on[m]! + off[m]! > 0) count++;
  const out: MonthMoves = {
    moves: new Int32Array(count),
    on: new Float64Array(count),
    off: new Float64Array(count),
    total: new Float64Array(count),
    head: new Float64Array(count + 1),
    tail: new Float64Array(count + 1),
  };
  let k = 0;
  for (let m = 0; m < on.length; m++) {
    if (!(on[m]! + off[m]! > 0)) continue;
    out.moves[k] = m + offset;
    out.on[k] = on[m]!;
    out.off[k] = off[m]!;
    out.total[k] = on[m]! + off[m]!;
    out.head[k + 1] = out.head[k]! + out.total[k]!;
    k++;
  }
  for (let m = count - 1; m >= 0; m--) out.tail[m] = out.tail[m + 1]! + out.total[m]!;
  return out;
}

/** One month's move on the lattice from `state` with count x, floored at 0. */
export function latticeStep(state: number, x: number, lattice: CusumLattice, mu: number, side: CusumSide): number {
  const reference = referenceSteps(mu, lattice, side);
  const move = side === 'up' ? scaledCount(x, lattice.steps) - reference : reference - scaledCount(x, lattice.steps);
  return Math.max(0, state + move);
}
