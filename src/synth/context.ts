import type { Rng } from './rng.ts';
import type { County } from './geography.ts';
import type { PopulationTable } from './population.ts';
import type { TimeModel } from './profiles.ts';
import type { Intensity } from './intensity.ts';
import type { EventPlan } from './events.ts';

/** Everything the record generators share. */
export interface SynthContext {
  rng: Rng;
  county: County;
  population: PopulationTable;
  time: TimeModel;
  intensity: Intensity;
  plan: EventPlan;
  /** First and last month index of the window. */
  first: number;
  last: number;
  sources: SourceNames;
}

/** Partner source names (the `source` of each mapping; a re-import of a source replaces its months). */
export interface SourceNames {
  crimes: string;
  incidents: string;
  fires: string;
  collisions: string;
  peerGroups: string;
}

/** Counts by (a, month, b) in one flat array: wards × months × codes, districts × months × days … */
export class Tally {
  readonly counts: Int32Array;

  constructor(
    readonly sizeA: number,
    readonly months: number,
    readonly sizeB: number,
  ) {
    this.counts = new Int32Array(sizeA * months * sizeB);
  }

  add(a: number, month: number, b: number, n = 1): void {
    this.counts[(a * this.months + month) * this.sizeB + b]! += n;
  }

  get(a: number, month: number, b: number): number {
    return this.counts[(a * this.months + month) * this.sizeB + b]!;
  }

  /** Sum over the given a's, months and b's. */
  sum(as: Iterable<number>, months: Iterable<number>, bs: Iterable<number>): number {
    const ms = [...months];
    const bl = [...bs];
    let s = 0;
    for (const a of as) for (const m of ms) for (const b of bl) s += this.get(a, m, b);
    return s;
  }
}
