import { gini } from './gini.ts';

export interface Concentration {
  total: number;
  units: number;
  /** share (0–1) of the total held by the top N units; null when the total is 0 */
  topShare: number | null;
  topN: number;
  gini: number | null;
}

/**
 * How concentrated counts are across areas (wards, beats): the share of the N highest units
 * ("the top five wards hold 46% of offences") and the Gini coefficient.
 */
export function concentration(counts: readonly number[], topN = 5): Concentration {
  const total = counts.reduce((a, b) => a + b, 0);
  const top = [...counts].sort((a, b) => b - a).slice(0, topN);
  const topTotal = top.reduce((a, b) => a + b, 0);
  return {
    total,
    units: counts.length,
    topShare: total > 0 ? topTotal / total : null,
    topN: Math.min(topN, counts.length),
    gini: gini(counts),
  };
}
