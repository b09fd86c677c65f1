import type { AreaRef, Assessment, MeasureAssessment, NationalRank } from '../assess/schema.ts';
import { monthRange } from '../core/periods/index.ts';

/** National and regional ranks are taken over at least this many months complete for every area ranked. */
export const MIN_RANK_MONTHS = 6;

interface Candidate {
  code: string;
  months: Set<string>;
  counts: Map<string, number>;
  denominator: number | null;
}

/** The months of the current period that hold data for the measure (gated: partial force-months are absent). */
function candidateOf(a: Assessment, m: MeasureAssessment): Candidate {
  const period = monthRange(a.period.start, a.period.end);
  const missing = new Set(m.current.missingMonths);
  const counts = new Map<string, number>(Object.entries(m.monthly ?? {}));
  const months = new Set(period.filter((p) => !missing.has(p) && counts.has(p)));
  return { code: a.area.code, months, counts, denominator: m.denominator?.value ?? null };
}

export interface RankedRate {
  code: string;
  position: number | null;
  rate: number | null;
}

/**
 * Ranks areas by rate over the months every ranked area holds (like for like across areas: a
 * month partial or missing for one area is left out for all, never averaged in). When fewer than
 * MIN_RANK_MONTHS such months remain, the areas holding the fewest months are left out of the
 * ranking (position null, with the reason) until enough months are common. Rates are annualised
 * (× 12 ÷ months) per 1,000 of the denominator; 1 = lowest rate; ties share the better position.
 */
export function rankByCommonMonths(candidates: readonly Candidate[]): {
  months: string[];
  ranked: RankedRate[];
  excluded: Map<string, string>;
} {
  const excluded = new Map<string, string>();
  let pool = candidates.filter((c) => {
    if (c.denominator === null || c.denominator <= 0) excluded.set(c.code, 'no denominator');
    else if (c.months.size < MIN_RANK_MONTHS) excluded.set(c.code, `only ${c.months.size} complete months`);
    else return true;
    return false;
  });
  const common = (list: readonly Candidate[]) =>
    list.length === 0 ? [] : [...list[0]!.months].filter((m) => list.every((c) => c.months.has(m))).sort();
  let months = common(pool);
  while (pool.length > 1 && months.length < MIN_RANK_MONTHS) {
    const fewest = Math.min(...pool.map((c) => c.months.size));
    for (const c of pool.filter((p) => p.months.size === fewest))
      excluded.set(
        c.code,
        `only ${c.months.size} complete months: left out so that the others are ranked over ${MIN_RANK_MONTHS} or more common months`,
      );
    pool = pool.filter((c) => c.months.size !== fewest);
    months = common(pool);
  }
  if (months.length < MIN_RANK_MONTHS) {
    for (const c of pool) excluded.set(c.code, `fewer than ${MIN_RANK_MONTHS} months complete for every area`);
    pool = [];
  }
  const rates = pool.map((c) => ({
    code: c.code,
    rate: (1000 * months.reduce((s, m) => s + (c.counts.get(m) ?? 0), 0) * (12 / months.length)) / c.denominator!,
  }));
  const ranked: RankedRate[] = rates.map((r) => ({
    code: r.code,
    rate: r.rate,
    position: 1 + rates.filter((o) => o.rate < r.rate - 1e-12).length,
  }));
  for (const code of excluded.keys()) ranked.push({ code, position: null, rate: null });
  return { months, ranked, excluded };
}

/**
 * Adds `rank.national` (every assessment of the run: every CSP loaded) and `rank.region` (within
 * the area's region, when a district → region lookup is loaded) to every measure.
 */
export function addNationalRanks(
  assessments: readonly Assessment[],
  regionOf: ReadonlyMap<string, AreaRef>,
  nationalGroup: AreaRef | null,
): void {
  const ids = [...new Set(assessments.flatMap((a) => a.measures.map((m) => m.id)))];
  for (const id of ids) {
    const entries = assessments.flatMap((a) => {
      const m = a.measures.find((x) => x.id === id);
      return m && m.available ? [{ a, m }] : [];
    });
    const apply = (
      group: readonly { a: Assessment; m: MeasureAssessment }[],
      key: 'national' | 'region',
      ref: AreaRef | null,
    ) => {
      const result = rankByCommonMonths(group.map(({ a, m }) => candidateOf(a, m)));
      const rankOf = new Map(result.ranked.map((r) => [r.code, r]));
      const of = result.ranked.filter((r) => r.position !== null).length;
      for (const { a, m } of group) {
        const r = rankOf.get(a.area.code);
        const rank: NationalRank = {
          position: r?.position ?? null,
          of,
          group: ref,
          months: result.months,
          rate: r?.rate ?? null,
          note:
            result.excluded.get(a.area.code) ??
            (result.months.length < 12 && of > 0
              ? `ranked over the ${result.months.length} months complete for every area (rate annualised)`
              : null),
        };
        m.rank[key] = rank;
      }
    };
    apply(entries, 'national', nationalGroup);
    const byRegion = new Map<string, { a: Assessment; m: MeasureAssessment }[]>();
    for (const e of entries) {
      const region = regionOf.get(e.a.area.code);
      if (!region) {
        e.m.rank.region = null;
        continue;
      }
      byRegion.set(region.code, [...(byRegion.get(region.code) ?? []), e]);
    }
    for (const [code, group] of byRegion)
      apply(group, 'region', regionOf.get(group[0]!.a.area.code) ?? { code, name: null, level: 'region' });
  }
}
