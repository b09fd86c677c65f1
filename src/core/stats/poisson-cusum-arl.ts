import { monthMoves, poissonMonth, type CusumLattice, type CusumSide } from './poisson-cusum-lattice.ts';

/**
 * Average run length of a one-sided Poisson CUSUM started at 0, by the Markov chain of Brook &
 * Evans (1972), exact on the chart's lattice: states 0..threshold, an alarm when the chart exceeds
 * `threshold`; ARL = first element of (I − Q)⁻¹·1, Q the transitions among non-alarm states.
 * `mu` is the expected monthly count the chart is set for; the counts are Poisson(`actual`), by
 * default `mu` (in control; another `actual` gives the delay to detect a shift).
 */
export function poissonCusumArl(
  mu: number,
  lattice: CusumLattice,
  threshold: number,
  side: CusumSide,
  actual = mu,
): number {
  const n = threshold + 1;
  const moves = monthMoves(poissonMonth(mu, actual / mu), lattice, side);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    a[i * n + i] = 1;
    for (let m = 0; m < moves.moves.length; m++) {
      const j = Math.max(0, i + moves.moves[m]!);
      if (j <= threshold) a[i * n + j]! -= moves.on[m]! + moves.off[m]!;
    }
  }
  const b = new Float64Array(n).fill(1);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]!) > Math.abs(a[pivot * n + c]!)) pivot = r;
    if (pivot !== c) {
      for (let k = c; k < n; k++) {
        const tmp = a[c * n + k]!;
        a[c * n + k] = a[pivot * n + k]!;
        a[pivot * n + k] = tmp;
      }
      const tb = b[c]!;
      b[c] = b[pivot]!;
      b[pivot] = tb;
    }
    const d = a[c * n + c]!;
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c]! / d;
      if (f === 0) continue;
      for (let k = c; k < n; k++) a[r * n + k]! -= f * a[c * n + k]!;
      b[r]! -= f * b[c]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let k = r + 1; k < n; k++) s -= a[r * n + k]! * x[k]!;
    x[r] = s / a[r * n + r]!;
  }
  return x[0]!;
}
