/**
 * The one comparability rule. Every comparison of two windows in the Assessment (a district's
 * 12 months against the 12 before, a ward's, a sub-type's, harm, the other periods, a peer's
 * previous position) asks this function which months may be compared, and carries its answer.
 * Pure: no I/O.
 */
import { monthIndex, monthLabel, type Month, type Window } from './index.ts';

/** How the user asked periods to be compared (`--compare`). */
export type CompareMode = 'auto' | '12-months' | 'like-for-like';

export const COMPARE_MODES: readonly CompareMode[] = ['auto', '12-months', 'like-for-like'];

/** Fewest months present in both years for a like-for-like comparison (half a year). */
export const MIN_LIKE_FOR_LIKE_MONTHS = 6;

export type ComparisonKind = 'full' | 'like-for-like' | 'not-assessed';

export interface Comparability {
  /**
   * full: both windows complete, compared whole; like-for-like: only the calendar months present
   * in both windows (each month against the same month of the other window); not-assessed: no
   * comparison may be made (`reason` says why).
   */
  kind: ComparisonKind;
  /** the months of each window that are compared (empty when not assessed), paired by position */
  currentMonths: Month[];
  previousMonths: Month[];
  /** e.g. "Jan – Nov 2022 against Jan – Nov 2021 (the 11 months loaded in both years)" */
  label: string;
  /** months of either window left out of the comparison */
  excluded: Month[];
  /** why the comparison is not assessed (null otherwise) */
  reason: string | null;
}

/** "Jan – Nov 2022", "Oct 2024 – Sep 2025 except Feb 2025", or "8 months of Jan – Dec 2022" when many are left out. */
export function monthsSpan(months: readonly Month[]): string {
  if (months.length === 0) return '';
  const first = months[0]!;
  const last = months.at(-1)!;
  if (first === last) return monthLabel(first);
  const a = monthLabel(first);
  const b = monthLabel(last);
  const range = a.slice(4) === b.slice(4) ? `${a.slice(0, 3)} – ${b}` : `${a} – ${b}`;
  const held = new Set(months);
  const gaps: Month[] = [];
  for (let i = monthIndex(first); i <= monthIndex(last); i++) {
    const m = `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
    if (!held.has(m)) gaps.push(m);
  }
  if (gaps.length === 0) return range;
  return gaps.length <= 3
    ? `${range} except ${gaps.map(monthLabel).join(', ')}`
    : `${months.length} months of ${range}`;
}

/**
 * Which months of `current` and `previous` (windows of equal length, month i of one paired with
 * month i of the other) may be compared, given the months the data holds.
 *
 * - Both windows wholly loaded: compared whole ("full").
 * - Otherwise, unless `mode` is '12-months': like for like on the pairs loaded on both sides,
 *   when there are at least MIN_LIKE_FOR_LIKE_MONTHS of them.
 * - Otherwise not assessed, saying which months are missing.
 */
export function comparability(
  current: Window,
  previous: Window,
  loaded: ReadonlySet<Month>,
  mode: CompareMode = 'auto',
): Comparability {
  if (current.months.length !== previous.months.length)
    throw new RangeError(`windows of unequal length: ${current.label} and ${previous.label}`);
  const missingCurrent = current.months.filter((m) => !loaded.has(m));
  const missingPrevious = previous.months.filter((m) => !loaded.has(m));
  if (missingCurrent.length === 0 && missingPrevious.length === 0) {
    return {
      kind: 'full',
      currentMonths: [...current.months],
      previousMonths: [...previous.months],
      label: `${current.label} against ${previous.label}`,
      excluded: [],
      reason: null,
    };
  }
  const notAssessed = (reason: string): Comparability => ({
    kind: 'not-assessed',
    currentMonths: [],
    previousMonths: [],
    label: `${current.label} against ${previous.label}`,
    excluded: [...missingPrevious, ...missingCurrent],
    reason,
  });
  if (missingPrevious.length === previous.months.length) return notAssessed('previous period not loaded');
  if (missingCurrent.length === current.months.length) return notAssessed('current period not loaded');
  const missingText = `no data for ${[...missingPrevious, ...missingCurrent].map(monthLabel).join(', ')}`;
  if (mode === '12-months') return notAssessed(`incomplete period: ${missingText}`);
  const pairs = current.months
    .map((m, i) => [m, previous.months[i]!] as const)
    .filter(([c, p]) => loaded.has(c) && loaded.has(p));
  if (pairs.length < MIN_LIKE_FOR_LIKE_MONTHS) {
    return notAssessed(
      `incomplete period: ${missingText}; only ${pairs.length} month${pairs.length === 1 ? '' : 's'} loaded in both periods (at least ${MIN_LIKE_FOR_LIKE_MONTHS} needed for a like-for-like comparison)`,
    );
  }
  const currentMonths = pairs.map(([c]) => c);
  const previousMonths = pairs.map(([, p]) => p);
  const kept = new Set([...currentMonths, ...previousMonths]);
  return {
    kind: 'like-for-like',
    currentMonths,
    previousMonths,
    label: `${monthsSpan(currentMonths)} against ${monthsSpan(previousMonths)} (like for like: the ${pairs.length} months loaded in both periods)`,
    excluded: [...previous.months, ...current.months].filter((m) => !kept.has(m)),
    reason: null,
  };
}

/** The sum of a monthly series over some months (missing months count 0). */
export function sumMonths(monthly: ReadonlyMap<Month, number> | undefined, months: readonly Month[]): number {
  if (!monthly) return 0;
  let s = 0;
  for (const m of months) s += monthly.get(m) ?? 0;
  return s;
}
