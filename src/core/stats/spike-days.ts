import { daysInMonth } from '../periods/index.ts';
import { poissonTailSpikes, type SpikeOptions } from './poisson-tail-spikes.ts';

export interface DailyCount {
  /** YYYY-MM-DD */
  date: string;
  count: number;
}

export interface SpikeDay {
  date: string;
  count: number;
  /** the month's mean daily count */
  monthMean: number;
  p: number;
  pAdjusted: number;
}

/**
 * Days whose count is far above their month's daily average (e.g. Halloween: 23 against a mean of
 * 9.8). Every calendar day of each month present in `dailyCounts` is tested, days not listed
 * counting 0; the month's mean is its total over its number of days unless `monthMeans`
 * ('YYYY-MM' → mean) supplies it. Give whole months only: a partly covered month has a deflated
 * mean. The test and the adjustment (over all days tested) are those of poissonTailSpikes.
 */
export function spikeDays(
  dailyCounts: readonly DailyCount[],
  monthMeans?: Readonly<Record<string, number>>,
  options: SpikeOptions = {},
): SpikeDay[] {
  const byDate = new Map<string, number>();
  for (const { date, count } of dailyCounts) {
    const day = Number(date.slice(8, 10));
    if (!/^\d{4}-(0[1-9]|1[0-2])-\d{2}$/.test(date) || day < 1 || day > daysInMonth(date.slice(0, 7))) {
      throw new RangeError(`date must be a valid YYYY-MM-DD (got ${date})`);
    }
    byDate.set(date, (byDate.get(date) ?? 0) + count);
  }
  const months = [...new Set([...byDate.keys()].map((d) => d.slice(0, 7)))].sort();
  const dates: string[] = [];
  const counts: number[] = [];
  const means: number[] = [];
  for (const month of months) {
    const days = daysInMonth(month);
    const monthDates = Array.from({ length: days }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
    const monthCounts = monthDates.map((d) => byDate.get(d) ?? 0);
    const mean = monthMeans?.[month] ?? monthCounts.reduce((a, b) => a + b, 0) / days;
    dates.push(...monthDates);
    counts.push(...monthCounts);
    means.push(...monthDates.map(() => mean));
  }
  return poissonTailSpikes(counts, means, options).map((s) => ({
    date: dates[s.index]!,
    count: s.count,
    monthMean: s.expected,
    p: s.p,
    pAdjusted: s.pAdjusted,
  }));
}
