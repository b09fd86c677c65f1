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
  // every state's whole probability (signalling or not) and its signalling part: the part not signalling is their difference
  let all = new Float64Array(n);
  let on = new Float64Array(n);
  let nextAll = new Float64Array(n);
  let nextOn = new Float64Array(n);
  all[0] = 1;
  let top = 0; // the highest state the chart can have reached
  let previous: CusumMonth | null = null;
  let step = null as unknown as MonthMoves;
  for (const month of months) {
    // a flat series repeats one month object: its moves are looked up once
    if (month !== previous) step = monthMoves((previous = month), lattice, side);
    const { moves, on: mOn, total, head, tail } = step;
    nextAll.fill(0);
    nextOn.fill(0);
    let alarmed = 0;
    let floored = 0;
    // moves[first..last) land inside (0, threshold] from state i: first move ≥ 1 − i, last move ≤ threshold − i
    let first = moves.length;
    let last = moves.length;
    for (let i = 0; i <= top; i++) {
      while (first > 0 && moves[first - 1]! >= 1 - i) first--;
      while (last > 0 && moves[last - 1]! > threshold - i) last--;
      const pAll = all[i]!;
      if (pAll < 1e-300) continue;
      const pOn = on[i]!;
      floored += pAll * head[first]!;
      alarmed += pAll * tail[last]!;
      for (let m = first; m < last; m++) nextAll[i + moves[m]!]! += pAll * total[m]!;
      // a signal carries on only while the counts stay on its side
      if (pOn > 0) for (let m = first; m < last; m++) nextOn[i + moves[m]!]! += pOn * mOn[m]!;
    }
    nextAll[0]! += floored + alarmed;
    nextOn[0]! += alarmed;
    top = Math.min(threshold, top + Math.max(0, moves[moves.length - 1] ?? 0));
    [all, nextAll] = [nextAll, all];
    [on, nextOn] = [nextOn, on];
  }
  return on.reduce((s, v) => s + v, 0);
}
