/**
 * z-scores (x − mean)/sd with the population sd (denominator n), as scipy.stats.zscore(values)
 * with its default ddof=0. A constant variable gives zeros (scipy gives NaN) so that it drops out
 * of distances instead of poisoning them.
 */
export function standardise(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
  return values.map((v) => (sd > 0 ? (v - mean) / sd : 0));
}
