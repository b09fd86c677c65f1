/**
 * Quantiles by linear interpolation between order statistics (Hyndman & Fan type 7; numpy.quantile's
 * default method="linear", R's quantile default, d3's quantileSorted). The one quantile of the
 * project: the statistics and the maps' class breaks use it.
 */

/** The p-quantile of values already sorted ascending (no copy, no check of the order). */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('no values');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1] (got ${p})`);
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}

/** The p-quantile of a sample. */
export function quantile(values: readonly number[], p: number): number {
  return quantileSorted(
    [...values].sort((a, b) => a - b),
    p,
  );
}
