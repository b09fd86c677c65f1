import { monthMoves, type CusumLattice, type CusumMonth, type CusumSide } from './poisson-cusum-lattice.ts';

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
  dist[0] = 1;
  let reached = 0;
  for (const month of months) {
    const { moves, on, off } = monthMoves(month, lattice, side);
    const total = on.map((v, m) => v + off[m]!);
    const next = new Float64Array(level);
    for (let i = 0; i < level; i++) {
      const p = dist[i]!;
      if (p === 0) continue;
      for (let m = 0; m < moves.length; m++) {
        const q = p * total[m]!;
        const j = i + moves[m]!;
        if (j >= level) reached += q;
        else next[j > 0 ? j : 0]! += q;
      }
    }
    dist = next;
  }
  return Math.min(1, reached);
}
