import { cusum } from '../core/stats/index.ts';

/** Mean monthly count from which an expected level follows the calendar month (smaller series are too noisy for a seasonal pattern). */
export const SEASONAL_FROM = 30;

export interface EmergingOptions {
  /** months monitored, ending at the last month (default 12) */
  monitor?: number;
  /** months before the monitored ones that set the expected level (default 24, at least 12 used) */
  baseline?: number;
  /** a signal counts when it is on in one of the last `recent` months (default 3) */
  recent?: number;
  /** CUSUM reference value and decision interval in sd units (default 0.5 and 5) */
  k?: number;
  h?: number;
  /** mean monthly count from which the expected level follows the calendar month (default 30) */
  seasonalFrom?: number;
}

export interface CusumFinding {
  direction: 'increase' | 'decrease';
  since: string;
  latest: { month: string; count: number; expected: number };
  cusum: number;
  expectedBy: 'seasonal' | 'flat';
}

/** Months of consecutive history CUSUM needs: 12 of baseline and the 12 monitored. */
export const CUSUM_MIN_MONTHS = 24;

/**
 * A tabular CUSUM (k = 0.5, h = 5: see docs/methods.md) on the monitored months of a monthly count
 * series, each standardised against its expected value as a Poisson count: z = (x − μ)/√μ. μ is
 * the baseline months' mean, or, for series large enough to show a seasonal pattern (mean ≥ 30 a
 * month, with two full baseline years), the mean of the same calendar month in the baseline, so
 * that a usual summer peak is not called an emerging issue. Returns the signal that is on in one
 * of the most recent months, with the month its run began; null when there is none or too little
 * history.
 */
export function cusumFinding(months: readonly string[], counts: readonly number[], options: EmergingOptions = {}): CusumFinding | null {
  const { monitor = 12, baseline = 24, recent = 3, k = 0.5, h = 5, seasonalFrom = SEASONAL_FROM } = options;
  const n = counts.length;
  const available = n - monitor;
  if (available < 12) return null;
  const base = counts.slice(Math.max(0, available - baseline), available);
  const mean = base.reduce((a, b) => a + b, 0) / base.length;
  if (mean <= 0) return null;
  const seasonal = mean >= seasonalFrom && base.length >= 24;
  const expectedAt = (i: number): number => {
    if (!seasonal) return mean;
    const same: number[] = [];
    for (let j = i - 12; j >= available - base.length; j -= 12) if (j < available) same.push(counts[j]!);
    const m = same.reduce((a, b) => a + b, 0) / same.length;
    return m > 0 ? m : mean;
  };
  const expected = counts.map((_, i) => (i >= available ? expectedAt(i) : mean));
  const z = counts.slice(available).map((x, j) => (x - expected[available + j]!) / Math.sqrt(expected[available + j]!));
  const result = cusum(z, { target: 0, sd: 1, poisson: false, k, h });
  const points = result.points;
  for (let j = points.length - 1; j >= Math.max(0, points.length - recent); j--) {
    const p = points[j]!;
    if (!p.signal) continue;
    const direction = p.signal;
    const key = direction === 'increase' ? 'upper' : 'lower';
    let start = j;
    while (start > 0 && points[start - 1]![key] > 0) start--;
    const last = n - 1;
    return {
      direction,
      since: months[available + start]!,
      latest: { month: months[last]!, count: counts[last]!, expected: expected[last]! },
      cusum: points[points.length - 1]![key],
      expectedBy: seasonal ? 'seasonal' : 'flat',
    };
  }
  return null;
}
