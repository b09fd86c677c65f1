import type { Store } from './db.ts';
import { monthRange } from '../core/periods/index.ts';

/**
 * The force-month completeness gate (docs/national.md, "Complete force-months").
 *
 * Each force's rows per month are judged against that force's own typical month: the median of
 * the months it has loaded. A month under PARTIAL_SHARE of the median is partial; a month inside
 * the force's loaded span (or the window asked for) with no rows is missing. Partial and missing
 * force-months are kept out of CSP and national ranks, peer averages and trends (the CSP unit
 * lens drops their rows, so the comparability rule treats them as months not loaded, with its note).
 *
 * A force's home is the police force area holding most of its located rows. Its rows in a
 * district of another force area are strays: they count for that district (a CSP is its LSOAs,
 * whoever filed the crime) only in the months its own force's data is loaded; a district that
 * only strays reach is never treated as covered.
 */

/** A force-month holding fewer than this share of the force's median month is partial. */
export const PARTIAL_SHARE = 0.6;

export type ForceMonthStatus = 'complete' | 'partial' | 'missing';

export interface ForceMonth {
  month: string;
  rows: number;
  status: ForceMonthStatus;
  /** rows ÷ the force's median month (null when the force has no median) */
  share: number | null;
  evidence: string;
}

export interface ForceGate {
  force: string;
  /** police force area holding most of the force's located rows (null without a district → force lookup) */
  home: { code: string; name: string | null } | null;
  /** median rows per loaded month */
  typical: number;
  monthsLoaded: number;
  months: ForceMonth[];
  /** months flagged partial or missing */
  flagged: ForceMonth[];
  ownDistricts: number;
  /** districts of the home force area holding the force's rows */
  ownDistrictCodes: string[];
  /** districts of other force areas this force's rows fall in, with the rows */
  strayDistricts: { code: string; name: string | null; rows: number }[];
  strayRows: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Judges one force's monthly row counts; `window` adds months asked for outside the loaded span. */
export function judgeForceMonths(
  rowsByMonth: ReadonlyMap<string, number>,
  window?: { start: string; end: string },
): { typical: number; months: ForceMonth[] } {
  const loaded = [...rowsByMonth.keys()].sort();
  const typical = median([...rowsByMonth.values()]);
  if (loaded.length === 0) return { typical, months: [] };
  const first = window && window.start < loaded[0]! ? window.start : loaded[0]!;
  const last = window && window.end > loaded.at(-1)! ? window.end : loaded.at(-1)!;
  const months = monthRange(first, last).map((month): ForceMonth => {
    const rows = rowsByMonth.get(month) ?? 0;
    const share = typical > 0 ? rows / typical : null;
    if (rows === 0)
      return {
        month,
        rows,
        status: 'missing',
        share,
        evidence: `no rows loaded (typical month: ${Math.round(typical).toLocaleString('en-GB')} rows)`,
      };
    if (share !== null && share < PARTIAL_SHARE) {
      return {
        month,
        rows,
        status: 'partial',
        share,
        evidence: `${rows.toLocaleString('en-GB')} rows, ${Math.round(share * 100)}% of the force's median month (${Math.round(typical).toLocaleString('en-GB')}); under ${Math.round(PARTIAL_SHARE * 100)}% is partial`,
      };
    }
    return {
      month,
      rows,
      status: 'complete',
      share,
      evidence: `${rows.toLocaleString('en-GB')} rows, ${share === null ? '–' : `${Math.round(share * 100)}%`} of the median month`,
    };
  });
  return { typical, months };
}

/** District → police force area, from the lookups (latest vintage). */
export const DISTRICT_FORCE_SQL = `SELECT child_code AS district, max_by(parent_code, vintage) AS pfa FROM area_parents
  WHERE child_level = 'district' AND parent_level = 'force' GROUP BY child_code`;

/** The gate for every force holding rows (record-level events that name their force). */
export async function forceMonthGate(store: Store, window?: { start: string; end: string }): Promise<ForceGate[]> {
  const monthly = await store.all<{ force: string; month: string; rows: number }>(
    `SELECT force, strftime(month, '%Y-%m') AS month, count(*)::INTEGER AS rows FROM events
     WHERE force IS NOT NULL AND kind IN ('crime', 'incident') GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  const byDistrict = await store.all<{ force: string; district: string; pfa: string | null; rows: number }>(
    `WITH f AS (${DISTRICT_FORCE_SQL})
     SELECT e.force, e.district_code AS district, f.pfa, count(*)::INTEGER AS rows
     FROM events_located e LEFT JOIN f ON f.district = e.district_code
     WHERE e.force IS NOT NULL AND e.district_code IS NOT NULL AND e.kind IN ('crime', 'incident')
     GROUP BY 1, 2, 3`,
  );
  const names = new Map(
    (
      await store.all<{ code: string; name: string | null }>(
        "SELECT code, max_by(name, vintage) AS name FROM areas WHERE level IN ('district', 'force') GROUP BY code",
      )
    ).map((r) => [r.code, r.name]),
  );
  const forces = [...new Set(monthly.map((m) => m.force))];
  return forces.map((force) => {
    const { typical, months } = judgeForceMonths(
      new Map(monthly.filter((m) => m.force === force).map((m) => [m.month, m.rows])),
      window,
    );
    const districts = byDistrict.filter((d) => d.force === force);
    const byPfa = new Map<string, number>();
    for (const d of districts) if (d.pfa) byPfa.set(d.pfa, (byPfa.get(d.pfa) ?? 0) + d.rows);
    const homeCode = [...byPfa].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
    const stray = homeCode
      ? districts
          .filter((d) => d.pfa !== homeCode)
          .sort((a, b) => b.rows - a.rows || a.district.localeCompare(b.district))
      : [];
    return {
      force,
      home: homeCode ? { code: homeCode, name: names.get(homeCode) ?? null } : null,
      typical,
      monthsLoaded: monthly.filter((m) => m.force === force).length,
      months,
      flagged: months.filter((m) => m.status !== 'complete'),
      ownDistricts: homeCode ? districts.filter((d) => d.pfa === homeCode).length : districts.length,
      ownDistrictCodes: (homeCode ? districts.filter((d) => d.pfa === homeCode) : districts)
        .map((d) => d.district)
        .sort(),
      strayDistricts: stray.map((d) => ({ code: d.district, name: names.get(d.district) ?? null, rows: d.rows })),
      strayRows: stray.reduce((s, d) => s + d.rows, 0),
    };
  });
}
