/**
 * Gini coefficient of non-negative values (e.g. counts across wards): 0 when every unit has the
 * same count, (n − 1)/n when one unit has everything. G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2n² x̄), computed
 * from the sorted values as (2 Σ i x₍ᵢ₎)/(n Σ x) − (n + 1)/n. No small-sample correction. null when
 * the total is 0.
 */
export function gini(values: readonly number[]): number | null {
  if (values.some((v) => !(v >= 0))) throw new RangeError('Gini needs non-negative values');
  const n = values.length;
  const total = values.reduce((a, b) => a + b, 0);
  if (n === 0 || total === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const weighted = sorted.reduce((a, x, i) => a + (i + 1) * x, 0);
  return (2 * weighted) / (n * total) - (n + 1) / n;
}
