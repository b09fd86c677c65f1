import { latticeStep, type CusumLattice, type CusumSide } from './poisson-cusum-lattice.ts';

export interface PoissonCusumDesign extends CusumLattice {
  /** decision intervals in lattice units (poissonCusumThreshold) */
  up: number;
  down: number;
}

export interface PoissonCusumMonth {
  count: number;
  expected: number;
  /** the upper and lower sums after this month, before any reset, in counts */
  up: number;
  down: number;
  alarm: CusumSide | null;
}

export interface PoissonCusumSignal {
  side: CusumSide;
  /** the month (index) the chart alarmed */
  alarm: number;
  /** the first month of the run of positive sums that led to the episode's first alarm */
  since: number;
  /** the month the chart had (re)started from 0 before the alarm */
  restart: number;
  /** the sum at the alarm, lattice units */
  level: number;
}

export interface PoissonCusumRun {
  months: PoissonCusumMonth[];
  alarms: { index: number; side: CusumSide }[];
  /** the signal on in the last month: an alarm that month, or an earlier one whose restarted sum has stayed above 0 with every count since on its side of expected */
  signal: PoissonCusumSignal | null;
  /** the month the chart last (re)started, and each side's sum in the last month (lattice units) */
  restart: number;
  level: { up: number; down: number };
}

/**
 * Two one-sided Poisson CUSUMs (poisson-cusum-lattice.ts) over monthly counts against each month's
 * expected count, both restarted at 0 after either alarms, so that a burst of two months raises
 * one alarm and is then forgotten instead of holding the chart above its limit for months.
 */
export function poissonCusum(
  counts: readonly number[],
  expected: readonly number[],
  design: PoissonCusumDesign,
): PoissonCusumRun {
  if (counts.length !== expected.length)
    throw new RangeError(`counts (${counts.length}) and expected (${expected.length}) differ in length`);
  const { steps } = design;
  const months: PoissonCusumMonth[] = [];
  const alarms: { index: number; side: CusumSide }[] = [];
  let up = 0;
  let down = 0;
  let restart = 0;
  let runUp = -1;
  let runDown = -1;
  let signal: PoissonCusumSignal | null = null;
  for (let t = 0; t < counts.length; t++) {
    const x = counts[t]!;
    const mu = expected[t]!;
    const nextUp = latticeStep(up, x, design, mu, 'up');
    const nextDown = latticeStep(down, x, design, mu, 'down');
    if (nextUp > 0 && up === 0) runUp = t;
    if (nextDown > 0 && down === 0) runDown = t;
    const alarm: CusumSide | null = nextUp > design.up ? 'up' : nextDown > design.down ? 'down' : null;
    months.push({ count: x, expected: mu, up: nextUp / steps, down: nextDown / steps, alarm });
    if (alarm) {
      alarms.push({ index: t, side: alarm });
      // an alarm while the same side is still signalling continues that episode: it keeps its first month
      const since: number = signal && signal.side === alarm ? signal.since : alarm === 'up' ? runUp : runDown;
      signal = { side: alarm, alarm: t, since, restart, level: alarm === 'up' ? nextUp : nextDown };
      up = down = 0;
      restart = t + 1;
      continue;
    }
    up = nextUp;
    down = nextDown;
    if (signal) {
      const sum = signal.side === 'up' ? up : down;
      const onSide = signal.side === 'up' ? x > mu : x < mu;
      if (!(sum > 0 && onSide)) signal = null;
    }
  }
  return { months, alarms, signal, restart, level: { up, down } };
}
