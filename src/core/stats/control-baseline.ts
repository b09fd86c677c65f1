import { meanAndSd } from './mean-and-sd.ts';

export interface BaselineOptions {
  /** in-control mean; default: mean of the baseline window */
  target?: number;
  /** in-control standard deviation; default √target for counts, else the baseline's sample sd */
  sd?: number;
  /** number of leading points used to estimate target/sd and not monitored (default 24) */
  baseline?: number;
  /** the series are Poisson counts: sd defaults to √target (default true) */
  poisson?: boolean;
}

export interface Baseline {
  target: number;
  sd: number;
  /** index of the first monitored point */
  start: number;
}

/**
 * The in-control mean and sd of a control chart. When both are given, every point is monitored.
 * Otherwise they are estimated from the first `baseline` points (Phase I), which are not monitored.
 */
export function controlBaseline(series: readonly number[], options: BaselineOptions = {}): Baseline {
  const { poisson = true, baseline = 24 } = options;
  let { target, sd } = options;
  const estimated = target === undefined || (sd === undefined && !poisson);
  const start = estimated ? baseline : 0;
  if (estimated) {
    if (series.length < baseline || baseline < 2) {
      throw new RangeError(`need a baseline of at least 2 points and ${baseline} values (got ${series.length})`);
    }
    const stats = meanAndSd(series.slice(0, baseline));
    target ??= stats.mean;
    sd ??= poisson ? Math.sqrt(target) : stats.sd;
  }
  sd ??= Math.sqrt(target!);
  if (!(sd! > 0)) throw new RangeError(`the in-control sd must be positive (target ${target}, sd ${sd})`);
  return { target: target!, sd: sd!, start };
}
