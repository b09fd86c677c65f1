export type PAdjustment = 'none' | 'bonferroni' | 'fdr';

/**
 * Multiple-testing adjustment of p-values, in the input order (R p.adjust):
 * - 'bonferroni': min(1, p × m) — controls the chance of any false flag among the m tests;
 * - 'fdr': Benjamini & Hochberg (1995) step-up adjusted p-values, min over j ≥ i of p₍ⱼ₎ m / j —
 *   controls the expected share of false flags among those flagged (less conservative).
 */
export function adjustPValues(pValues: readonly number[], method: PAdjustment): number[] {
  const m = pValues.length;
  if (method === 'none') return pValues.slice();
  if (method === 'bonferroni') return pValues.map((p) => Math.min(1, p * m));
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[b]! - pValues[a]!); // largest first
  const adjusted = new Array<number>(m);
  let running = 1;
  order.forEach((index, position) => {
    const rank = m - position;
    running = Math.min(running, (pValues[index]! * m) / rank);
    adjusted[index] = running;
  });
  return adjusted;
}
