import type { Assessment } from '../../assess/schema.ts';
import { SaferError } from '../../core/errors.ts';

/** One district of the county for one measure, as the Assessment carries it (`rank.county.districts`). */
export interface CountyRow {
  code: string;
  name: string;
  current: number | null;
  previous: number | null;
  rate: number | null;
  previousRate: number | null;
  rank: number | null;
  of: number;
  previousRank: number | null;
  verdict: string;
  pct: number | null;
  /** rate ÷ pooled rate of the other districts, exact 95% interval (upper null = unbounded) */
  ratio: { ratio: number; lower: number; upper: number | null } | null;
  isDistrict: boolean;
}

export interface CountyTable {
  measure: string;
  title: string;
  denominatorKind: string | null;
  period: { start: string; end: string };
  rows: CountyRow[];
}

/**
 * Every district of the Assessment's county for one measure: the rows the engine ranked the
 * district among (`measures[].rank.county.districts`), so the dashboard shows the figures the
 * report and the JSON carry. Empty when the measure has no county rank (one district, or not
 * counted).
 */
export function countyTable(a: Assessment, measureId: string): CountyTable {
  const m = a.measures.find((x) => x.id === measureId);
  if (!m)
    throw new SaferError('no such measure in this Assessment', {
      value: measureId,
      hint: `measures: ${a.measures.map((x) => x.id).join(', ')}`,
      code: 'E_NOT_FOUND',
    });
  const county = m.rank.county;
  const rows: CountyRow[] = (county?.districts ?? []).map((r) => ({
    code: r.code,
    name: r.name,
    current: r.current,
    previous: r.previous,
    rate: r.rate,
    previousRate: r.previousRate,
    rank: r.position,
    of: county!.of,
    previousRank: r.previousPosition,
    verdict: r.verdict,
    pct: r.pct,
    ratio: r.rateRatio,
    isDistrict: r.code === a.area.code,
  }));
  return {
    measure: measureId,
    title: m.title,
    denominatorKind: m.denominator?.kind ?? null,
    period: { start: a.period.start, end: a.period.end },
    rows,
  };
}
