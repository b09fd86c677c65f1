import type { RankedComparison } from './ranks.ts';
import type { MeasureCount } from './counts.ts';
import { ratioRef } from './change.ts';
import { rolling12Sums } from './series.ts';
import type { CountyDistrictRow, GroupRank } from '../schema.ts';
import type { GroupOf as Group } from './measure.ts';

/**
 * A county or force holds at most about 35 districts; every district's rate ratio (and so the
 * county table of `rank.county.districts`) is computed up to this size. Larger groups (a region or
 * the country in a CSP run) keep the ratios of the districts assessed only.
 */
export const COUNTY_TABLE_MAX_DISTRICTS = 40;

export function hasCountyTable(group: Group): boolean {
  return group.districts.length <= COUNTY_TABLE_MAX_DISTRICTS;
}

/** County rolling rate: the group's summed series over the group's summed denominator. */
export function countySeriesOf(
  ranked: readonly RankedComparison[],
  counts: ReadonlyMap<string, MeasureCount>,
  group: Group,
): (months: readonly string[]) => (number | null)[] | null {
  return (months) => {
    const exposure = ranked.reduce((s, r) => s + (r.denominator?.value ?? 0), 0);
    if (exposure === 0 || group.districts.length < 2) return null;
    const totals = months.map((m) => ranked.reduce((s, r) => s + (counts.get(r.district)?.monthly.get(m) ?? 0), 0));
    return rolling12Sums(totals).map((v) => (v === null ? null : (1000 * v) / exposure));
  };
}

/** Every district of the group for one measure, by rank (then name): the dashboard's county table. */
export function countyDistrictRows(
  ranked: readonly RankedComparison[],
  names: ReadonlyMap<string, string>,
  group: Group,
): CountyDistrictRow[] | null {
  if (!hasCountyTable(group)) return null;
  const rows = ranked.map((r) => ({
    code: r.district,
    name: names.get(r.district) ?? r.district,
    current: r.current.count,
    previous: r.previous.count,
    rate: r.current.rate,
    previousRate: r.previous.rate,
    position: r.current.rank,
    previousPosition: r.previous.rank,
    verdict: r.change.verdict,
    pct: r.change.pct,
    rateRatio: ratioRef(r.rateRatio),
  }));
  return rows.sort((x, y) => (x.position ?? Infinity) - (y.position ?? Infinity) || x.name.localeCompare(y.name));
}

export function countyRankOf(r: RankedComparison, group: Group, rows: CountyDistrictRow[] | null): GroupRank {
  return {
    position: r.current.rank,
    of: r.current.of,
    previousPosition: r.previous.rank,
    previousOf: r.previous.of,
    average: r.groupAverage.rate,
    includesDistrict: false,
    rateRatio: ratioRef(r.rateRatio),
    group: group.area,
    members: group.districts,
    ...(rows ? { districts: rows } : {}),
  };
}
