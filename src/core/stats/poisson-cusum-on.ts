import { monthMoves, type CusumLattice, type CusumMonth, type CusumSide } from './poisson-cusum-lattice.ts';

/**
 * The probability that a one-sided Poisson CUSUM (poissonCusum's rules) is signalling in the last
 * of `months` (each with its expected count and its count's distribution): it alarms that month
 * (exceeds `threshold`), or it alarmed earlier and, restarted at 0, has stayed above 0 with every
 * count on the signal's side of expected since. In control, this is the expected number of false
 * signals the series adds to a month's list. Exact on the lattice (a chain on (state, signalling));
 * the other side's resets are ignored, which can only add alarms (conservative).
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
  off[0] = 1;
  for (const month of months) {
    const { moves, on: mOn, off: mOff } = monthMoves(month, lattice, side);
    const count = moves.length;
    const nextOff = new Float64Array(n);
    const nextOn = new Float64Array(n);
    let alarmed = 0;
    for (let i = 0; i < n; i++) {
      const pOff = off[i]!;
      const pOn = on[i]!;
      if (pOff < 1e-300 && pOn < 1e-300) continue;
      const pAll = pOff + pOn;
      for (let m = 0; m < count; m++) {
        const qOn = mOn[m]!;
        const qOff = mOff[m]!;
        const raw = i + moves[m]!;
        if (raw > threshold) {
          alarmed += pAll * (qOn + qOff);
        } else if (raw > 0) {
          nextOff[raw]! += pOff * (qOn + qOff) + pOn * qOff;
          nextOn[raw]! += pOn * qOn;
        } else {
          nextOff[0]! += pAll * (qOn + qOff);
        }
      }
    }
    nextOn[0]! += alarmed;
    off = nextOff;
    on = nextOn;
  }
  return on.reduce((s, v) => s + v, 0);
}
