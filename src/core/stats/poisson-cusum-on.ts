import {
  monthMoves,
  type CusumLattice,
  type MonthMoves,
  type CusumMonth,
  type CusumSide,
} from './poisson-cusum-lattice.ts';

/**
 * The probability that a one-sided Poisson CUSUM (poissonCusum's rules) is signalling in the last
 * of `months` (each with its expected count and its count's distribution): it alarms that month
 * (exceeds `threshold`), or it alarmed earlier and, restarted at 0, has stayed above 0 with every
 * count on the signal's side of expected since. In control, this is the expected number of false
 * signals the series adds to a month's list. Exact on the lattice (a chain on (state, signalling));
 * the other side's resets are ignored, which can only add alarms (conservative).
 *
 * Each step visits, from each state, only the moves that land inside (0, threshold]: the moves that
 * floor the chart at 0 and those that alarm it are taken together from the month's running sums.
 */
export function poissonCusumOnProbability(
  months: readonly CusumMonth[],
  lattice: CusumLattice,
  side: CusumSide,
  threshold: number,
): number {
  const n = threshold + 1;
  let off = new Float64Array(n);
  let on = new Float64Array(n);
  let nextOff = new Float64Array(n);
  let nextOn = new Float64Array(n);
  off[0] = 1;
  let top = 0; // the highest state the chart can have reached
  let previous: CusumMonth | null = null;
  let step = null as unknown as MonthMoves;
  for (const month of months) {
    // a flat series repeats one month object: its moves are looked up once
    if (month !== previous) step = monthMoves((previous = month), lattice, side);
    const { moves, on: mOn, off: mOff, total, head, tail } = step;
    nextOff.fill(0);
    nextOn.fill(0);
    let alarmed = 0;
    let floored = 0;
    // moves[first..last) land inside (0, threshold] from state i: first move ≥ 1 − i, last move ≤ threshold − i
    let first = moves.length;
    let last = moves.length;
    while (first > 0 && moves[first - 1]! >= 1) first--;
    while (last > 0 && moves[last - 1]! > threshold) last--;
    for (let i = 0; i <= top; i++) {
      if (i > 0) {
        while (first > 0 && moves[first - 1]! >= 1 - i) first--;
        while (last > 0 && moves[last - 1]! > threshold - i) last--;
      }
      const pOff = off[i]!;
      const pOn = on[i]!;
      if (pOff < 1e-300 && pOn < 1e-300) continue;
      const pAll = pOff + pOn;
      floored += pAll * head[first]!;
      alarmed += pAll * tail[last]!;
      for (let m = first; m < last; m++) {
        const to = i + moves[m]!;
        nextOff[to]! += pOff * total[m]! + pOn * mOff[m]!;
        nextOn[to]! += pOn * mOn[m]!;
      }
    }
    nextOff[0]! += floored;
    nextOn[0]! += alarmed;
    top = Math.min(threshold, top + Math.max(0, moves[moves.length - 1] ?? 0));
    [off, nextOff] = [nextOff, off];
    [on, nextOn] = [nextOn, on];
  }
  return on.reduce((s, v) => s + v, 0);
}
