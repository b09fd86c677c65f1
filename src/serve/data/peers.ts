import type { Assessment } from '../../assess/schema.ts';
import { SaferError } from '../../core/errors.ts';
import { previousWindow, rolling12 } from '../../core/periods/index.ts';
import { compareMeasure } from '../../assess/read/compare.ts';
import { rankComparisons } from '../../assess/build/ranks.ts';
import { ratioRef } from '../../assess/build/change.ts';
import type { DataService } from './service.ts';

/** One district of the county for one measure: the analysis layer's comparison and rank. */
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
 * Every district of the Assessment's county for one measure, counted by the same analysis
 * functions the engine ranks with (compareMeasure, rankComparisons): rates, ranks and rate-ratio
 * intervals for the whole table, not only the district's own position.
 */
export function countyTable(service: DataService, a: Assessment, measureId: string): Promise<CountyTable> {
  const m = a.measures.find((x) => x.id === measureId);
  if (!m)
    throw new SaferError('no such measure in this Assessment', {
      value: measureId,
      hint: `measures: ${a.measures.map((x) => x.id).join(', ')}`,
      code: 'E_NOT_FOUND',
    });
  const members = m.rank.county?.members ?? [a.area.code];
  const key = `county|${a.area.code}|${a.period.end}|${measureId}`;
  return service.memoise(key, async () => {
    const measure = service.config.catalogue.get(measureId)!;
    const current = rolling12(a.period.end);
    const results = await service.withStore((store) =>
      compareMeasure(store, measure, members, current, previousWindow(current), {
        alpha: service.config.alpha,
        catalogue: service.config.catalogue,
      }),
    );
    const ranked = rankComparisons(results);
    const names = new Map((await service.areas()).districts.map((d) => [d.code, d.name]));
    const rows: CountyRow[] = ranked.map((r) => ({
      code: r.district,
      name: names.get(r.district) ?? r.district,
      current: r.current.count,
      previous: r.previous.count,
      rate: r.current.rate,
      previousRate: r.previous.rate,
      rank: r.current.rank,
      of: r.current.of,
      previousRank: r.previous.rank,
      verdict: r.change.verdict,
      pct: r.change.pct,
      ratio: ratioRef(r.rateRatio),
      isDistrict: r.district === a.area.code,
    }));
    rows.sort((x, y) => (x.rank ?? Infinity) - (y.rank ?? Infinity) || x.name.localeCompare(y.name));
    return {
      measure: measureId,
      title: m.title,
      denominatorKind: m.denominator?.kind ?? null,
      period: { start: a.period.start, end: a.period.end },
      rows,
    };
  });
}
