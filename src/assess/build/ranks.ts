import { rankAscending, rateRatioInterval, type RateRatio } from '../../core/stats/index.ts';
import type { Comparison } from './compare.ts';

export interface Position {
  /** 1 = lowest rate; null when the district has no rate */
  rank: number | null;
  /** number of areas ranked (those with a rate) */
  of: number;
}

export interface RankedComparison extends Comparison {
  current: Comparison['current'] & Position;
  previous: Comparison['previous'] & Position;
  /** pooled rate of the OTHER areas of the group (the district itself is excluded) */
  groupAverage: { rate: number | null; includesDistrict: false; areas: number };
  /** district rate / group average rate, exact 95% interval */
  rateRatio: RateRatio | null;
}

export interface GroupRanking {
  group: string;
  level: string;
  districts: string[];
  results: RankedComparison[];
}

function positions(rates: (number | null)[]): Position[] {
  const present = rates.flatMap((r, i) => (r === null ? [] : [{ r, i }]));
  const ranks = rankAscending(present.map((p) => p.r));
  const out: Position[] = rates.map(() => ({ rank: null, of: present.length }));
  present.forEach((p, k) => (out[p.i] = { rank: ranks[k]!, of: present.length }));
  return out;
}

/**
 * Ranks comparisons already computed for one group (county, force or peer group), 1 = lowest
 * rate, among the members whose current period is complete; previous positions only over the
 * same members (null for all when any of them lacks a complete previous period). The exact rate
 * ratio interval is computed for the districts in `ratiosFor` only (default: all).
 */
export function rankComparisons(results: readonly Comparison[], ratiosFor?: ReadonlySet<string>): RankedComparison[] {
  // only complete periods are ranked; the previous positions only when every member ranked now
  // also has a complete previous period (the same members in both years)
  const rankedNow = results.map((r) => r.current.complete && r.current.rate !== null);
  const sameMembers = results.every((r, i) => !rankedNow[i] || (r.previous.complete && r.previous.rate !== null));
  const cur = positions(results.map((r, i) => (rankedNow[i] ? r.current.rate : null)));
  const prev = positions(results.map((r, i) => (rankedNow[i] && sameMembers ? r.previous.rate : null)));
  return results.map((r, i) => {
    const others = results.filter(
      (o, j) => j !== i && o.current.count !== null && o.current.complete && o.denominator !== null,
    );
    const count = others.reduce((s, o) => s + o.current.count!, 0);
    const exposure = others.reduce((s, o) => s + o.denominator!.value, 0);
    const rate = exposure > 0 ? (1000 * count) / exposure : null;
    const wanted = !ratiosFor || ratiosFor.has(r.district);
    const rateRatio =
      wanted && exposure > 0 && r.current.count !== null && r.denominator
        ? rateRatioInterval(r.current.count, r.denominator.value, count, exposure)
        : null;
    return {
      ...r,
      current: { ...r.current, ...cur[i]! },
      previous: { ...r.previous, ...prev[i]! },
      groupAverage: { rate, includesDistrict: false, areas: others.length },
      rateRatio,
    };
  });
}
