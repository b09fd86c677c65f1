import type { FeatureCollection } from 'geojson';
import type { Assessment, ChangeFigure, ComparisonRef } from '../../assess/schema.ts';
import { monthsSpan } from '../../core/periods/comparable.ts';
import type { AnalystWords } from '../words.ts';
import { formatInt, formatPct, formatRate, formatShare, formatSigned } from '../format.ts';

/** Counts below this are shown as "fewer than N" in the public edition (configurable). */
export const DEFAULT_SUPPRESS_BELOW = 5;
/** Counts below this are called small numbers in the narrative (configurable). */
export const DEFAULT_SMALL_BELOW = 10;

export interface ReportOptions {
  edition: 'full' | 'public';
  words: AnalystWords;
  /** ward boundaries (properties.code and properties.name) for the ward maps */
  boundaries?: FeatureCollection;
  /** overrides report.yaml's suppressBelow */
  suppressBelow?: number;
}

/** What every section builder needs: the Assessment, the edition's rules and the analysts' words. */
export interface BuildContext {
  a: Assessment;
  edition: 'full' | 'public';
  words: AnalystWords;
  boundaries: FeatureCollection | null;
  /** public edition: counts below this are hidden; full edition: 0 (nothing hidden) */
  suppressBelow: number;
  /** the public edition's threshold even in the full edition (for the notes that describe it) */
  publicThreshold: number;
  smallBelow: number;
}

export function buildContext(a: Assessment, options: ReportOptions): BuildContext {
  const threshold = options.suppressBelow ?? options.words.suppressBelow ?? DEFAULT_SUPPRESS_BELOW;
  return {
    a,
    edition: options.edition,
    words: options.words,
    boundaries: options.boundaries ?? null,
    suppressBelow: options.edition === 'public' ? threshold : 0,
    publicThreshold: threshold,
    smallBelow: options.words.smallNumbers ?? DEFAULT_SMALL_BELOW,
  };
}

/** "fewer than 5" (public edition) */
export function fewerThan(ctx: BuildContext): string {
  return `fewer than ${formatInt(ctx.suppressBelow)}`;
}

/** A count hidden in this edition (public edition, below the threshold). Null is not hidden: it is unknown. */
export function hidden(n: number | null | undefined, ctx: BuildContext): boolean {
  return n !== null && n !== undefined && n < ctx.suppressBelow;
}

/** A count as the edition may show it: 1,234, "fewer than 5" or "n/a". */
export function showCount(n: number | null | undefined, ctx: BuildContext): string {
  if (n === null || n === undefined) return 'n/a';
  return hidden(n, ctx) ? fewerThan(ctx) : formatInt(n);
}

/** Anything derived from counts (change, %, rate, share) is hidden when either count is. */
export function anyHidden(counts: readonly (number | null | undefined)[], ctx: BuildContext): boolean {
  return counts.some((n) => hidden(n, ctx));
}

export function showRate(
  rate: number | null | undefined,
  counts: readonly (number | null | undefined)[],
  ctx: BuildContext,
): string {
  if (rate === null || rate === undefined) return 'n/a';
  return anyHidden(counts, ctx) ? 'not shown' : formatRate(rate);
}

export function showShare(
  share: number | null | undefined,
  counts: readonly (number | null | undefined)[],
  ctx: BuildContext,
): string {
  if (share === null || share === undefined) return 'n/a';
  return anyHidden(counts, ctx) ? 'not shown' : formatShare(share);
}

export function showSigned(
  abs: number | null | undefined,
  counts: readonly (number | null | undefined)[],
  ctx: BuildContext,
): string {
  if (abs === null || abs === undefined) return 'n/a';
  return anyHidden(counts, ctx) ? 'not shown' : formatSigned(abs);
}

/** % change for tables: "+12.3%", "new" (previous 0), "no change" (both 0), "not shown", "n/a". */
export function showPctChange(
  current: number | null,
  previous: number | null,
  pct: number | null,
  ctx: BuildContext,
): string {
  if (current === null || previous === null) return 'n/a';
  if (anyHidden([current, previous], ctx)) return 'not shown';
  if (previous === 0) return current === 0 ? 'no change' : 'new';
  return formatPct(pct ?? (100 * (current - previous)) / previous, true);
}

/** % change of a tested change: "not assessed" when the verdict is (an incomplete period), else as showPctChange. */
export function showChangePct(
  change: Pick<ChangeFigure, 'pct' | 'verdict'>,
  current: number | null,
  previous: number | null,
  ctx: BuildContext,
): string {
  if (change.verdict.startsWith('not assessed')) return 'not assessed';
  return showPctChange(current, previous, change.pct, ctx);
}

/** Volume change of a tested change: "not assessed" when the verdict is, else as showSigned. */
export function showChangeAbs(
  change: Pick<ChangeFigure, 'abs' | 'verdict'>,
  current: number | null,
  previous: number | null,
  ctx: BuildContext,
): string {
  if (change.verdict.startsWith('not assessed')) return 'not assessed';
  return showSigned(change.abs, [current, previous], ctx);
}

/** The two counts a table shows beside a change: the previous on the change's basis (n/a when not assessed), and the current 12 months, or the months compared when like for like. */
export function comparedPair(
  change: ChangeFigure,
  current12: number | null,
): { previous: number | null; current: number | null } {
  return { previous: change.previous, current: change.basis === 'like-for-like' ? change.current : current12 };
}

/** Column heads for those two counts: "Year before" / "Latest 12 months", or the months compared like for like. */
export function comparedHeads(comparison: ComparisonRef | null | undefined): [string, string] {
  if (comparison?.kind === 'like-for-like')
    return [monthsSpan(comparison.previousMonths), monthsSpan(comparison.currentMonths)];
  return ['Year before', 'Latest 12 months'];
}
