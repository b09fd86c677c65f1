import { addMonths, type Window } from '../../core/periods/index.ts';
import { concentration } from '../../core/stats/index.ts';
import { changeOver } from './compare.ts';
import { sumMonths, type Comparability } from '../../core/periods/comparable.ts';
import { toChangeFigure } from './change.ts';
import type { LocalContext, LocalRow } from '../schema.ts';

export const TOP_N = 5;
/** 12-month windows looked back over for "persistently in the top five" */
export const PERSISTENCE_YEARS = 5;

export interface LocalInput {
  level: 'ward' | 'beat';
  /** counts per unit and month ('YYYY-MM'); key null = rows with no unit */
  monthly: ReadonlyMap<string | null, ReadonlyMap<string, number>>;
  names: ReadonlyMap<string, string>;
  /** all units of the district (so that units with no offences appear with 0) */
  units: readonly string[];
  population: ReadonlyMap<string, number>;
  current: Window;
  /** the district measure's comparability decision: every unit is compared on exactly these months */
  decision: Comparability;
  /** the months of the district's series (continuous, ending at the period end) */
  seriesMonths: readonly string[];
  alpha: number;
}

function topFive(totals: ReadonlyMap<string, number>): Set<string> {
  return new Set(
    [...totals]
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, TOP_N)
      .map(([code]) => code),
  );
}

/**
 * Ward (or beat) context of a measure in one district: counts in both periods, share, change with
 * its exact test, rate where the unit's population is loaded, the top five, greatest increases and
 * decreases, how many of the last five 12-month windows each unit spent in the top five, and how
 * concentrated the measure is. Each row's `emerging` is left null here: the district's monitoring
 * (monitoring.ts) sets it from its signals.
 */
export function localContext(input: LocalInput): { context: LocalContext } {
  const units = [
    ...new Set([...input.units, ...[...input.monthly.keys()].filter((k): k is string => k !== null)]),
  ].sort();
  const total = units.reduce((s, u) => s + sumMonths(input.monthly.get(u), input.current.months), 0);
  const first = input.seriesMonths[0];
  const years: string[][] = [];
  for (let k = 0; k < PERSISTENCE_YEARS; k++) {
    const end = addMonths(input.current.end, -12 * k);
    const start = addMonths(end, -11);
    if (first === undefined || start < first) break;
    years.push(input.current.months.map((m) => addMonths(m, -12 * k)));
  }
  const tops = years.map((months) => topFive(new Map(units.map((u) => [u, sumMonths(input.monthly.get(u), months)]))));
  const rows: LocalRow[] = units.map((code) => {
    const months = input.monthly.get(code);
    const current = sumMonths(months, input.current.months);
    const change = toChangeFigure(changeOver(months, input.decision, input.alpha));
    const pop = input.population.get(code);
    const series = input.seriesMonths.map((m) => months?.get(m) ?? 0);
    const n = series.length;
    return {
      code,
      name: input.names.get(code) ?? null,
      current,
      previous: change.previous,
      share: total > 0 ? current / total : 0,
      change,
      rate: pop ? (1000 * current) / pop : null,
      yearsInTopFive: tops.filter((t) => t.has(code)).length,
      yearsCompared: tops.length,
      emerging: null,
      latest:
        n >= 13
          ? {
              month: input.seriesMonths[n - 1]!,
              count: series[n - 1]!,
              baselineMean: series.slice(n - 13, n - 1).reduce((a, b) => a + b, 0) / 12,
            }
          : null,
      counts: series,
    };
  });
  setRanks(rows);
  const byCurrent = [...rows].sort((a, b) => b.current - a.current || a.code.localeCompare(b.code));
  const byChange = [...rows].sort((a, b) => (b.change.abs ?? 0) - (a.change.abs ?? 0) || a.code.localeCompare(b.code));
  const c = concentration(
    rows.map((r) => r.current),
    TOP_N,
  );
  const context: LocalContext = {
    level: input.level,
    rows: byCurrent,
    top: byCurrent
      .filter((r) => r.current > 0)
      .slice(0, TOP_N)
      .map((r) => r.code),
    increases: byChange
      .filter((r) => (r.change.abs ?? 0) > 0)
      .slice(0, TOP_N)
      .map((r) => r.code),
    decreases: [...byChange]
      .reverse()
      .filter((r) => (r.change.abs ?? 0) < 0)
      .slice(0, TOP_N)
      .map((r) => r.code),
    persistent: rows.filter((r) => r.yearsCompared >= 3 && r.yearsInTopFive === r.yearsCompared).map((r) => r.code),
    concentration: { topN: c.topN, topShare: c.topShare, gini: c.gini, units: c.units },
    unallocated: sumMonths(input.monthly.get(null), input.current.months),
  };
  return { context };
}

/** Competition ranks (1 = the most; ties share the better position) by count, and by rate among the rated units. */
function setRanks(rows: LocalRow[]): void {
  const rated = rows.filter((r) => r.rate !== null);
  for (const row of rows) {
    row.rank = {
      byCount: 1 + rows.filter((r) => r.current > row.current).length,
      byRate: row.rate === null ? null : 1 + rated.filter((r) => r.rate! > row.rate!).length,
      of: rows.length,
      ofRated: rated.length,
    };
  }
}
