import {
  monthMoves,
  type CusumLattice,
  type MonthMoves,
  type CusumMonth,
  type CusumSide,
} from './poisson-cusum-lattice.ts';

/**
 * The run-length tail that gives a CUSUM value its p-value: the probability that a chart started
 * at 0 reaches `level` (lattice states) or more within `months` (each month's reference from its
 * expected count, its count from its distribution; in control). Exact on the lattice: the chart's
 * distribution is carried month by month with the states at or beyond `level` absorbing, i.e. the
 * run-length distribution of a chart whose decision interval is just below `level`, evaluated at
 * the number of months. A level of 0 is reached at once (1).
 */
export function poissonCusumReach(
  months: readonly CusumMonth[],
  lattice: CusumLattice,
  side: CusumSide,
  level: number,
): number {
  if (level <= 0) return 1;
  let dist = new Float64Array(level);
  let next = new Float64Array(level);
  dist[0] = 1;
  let reached = 0;
  let previous: CusumMonth | null = null;
  let step = null as unknown as MonthMoves;
  for (const month of months) {
    // a flat series repeats one month object: its moves are looked up once
    if (month !== previous) step = monthMoves((previous = month), lattice, side);
    const { moves, total, head, tail } = step;
    next.fill(0);
    let floored = 0;
    // moves[first..last) land inside (0, level) from state i (as in poissonCusumOnProbability)
    let first = moves.length;
    let last = moves.length;
    for (let i = 0; i < level; i++) {
      while (first > 0 && moves[first - 1]! >= 1 - i) first--;
      while (last > 0 && moves[last - 1]! >= level - i) last--;
      const p = dist[i]!;
      if (p === 0) continue;
      floored += p * head[first]!;
      reached += p * tail[last]!;
      for (let m = first; m < last; m++) next[i + moves[m]!]! += p * total[m]!;
    }
    next[0]! += floored;
    [dist, next] = [next, dist];
  }
  return Math.min(1, reached);
}
