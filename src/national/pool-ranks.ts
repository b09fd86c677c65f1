import type { Store } from '../store/db.ts';
import type { Assessment, AreaRef, MeasureAssessment, NationalRank, RankingScope } from '../assess/schema.ts';
import type { PartnershipConfig } from '../assess/config.ts';
import type { ForceGate } from '../store/force-months.ts';
import { measureCountsWith, type MeasureCount } from '../assess/build/counts.ts';
import { denominatorMemo, type DenominatorKind } from '../assess/read/denominators.ts';
import { measureClosure, readAllCells } from '../assess/read/cells.ts';
import { addMonths, monthIndex, rolling12 } from '../core/periods/index.ts';
import { MIN_RANK_MONTHS, rankByCommonMonths } from './ranks.ts';

/** The police force areas of England and Wales: a national ranking needs the lookups to name them all. */
export const COUNTRY_FORCE_AREAS = 43;

export interface PoolScope {
  unit: 'district' | 'csp';
  /** each unit's police force area (every unit of the lookups) */
  forceOf: ReadonlyMap<string, string>;
  /** each unit's region (none for Welsh units, or without a region lookup) */
  regionOf: ReadonlyMap<string, string>;
  /** names of force areas and regions */
  names: ReadonlyMap<string, string | null>;
  /** force areas the lookups must name for a national ranking (tests set fewer) */
  countryForceAreas?: number;
}

/**
 * Why a scope whose units lie in `pfas` cannot be ranked (null when it can): every force area of
 * the scope needs a force loaded whose own months hold at least MIN_RANK_MONTHS complete months of
 * the 12 (`months`); partial and missing months are then left out for every unit ranked.
 */
export function scopeShortfall(
  pfas: ReadonlySet<string>,
  gate: readonly ForceGate[],
  months: readonly string[],
  names: ReadonlyMap<string, string | null>,
): string | null {
  const short: string[] = [];
  for (const pfa of [...pfas].sort()) {
    const name = names.get(pfa) ?? pfa;
    const forces = gate.filter((g) => g.home?.code === pfa);
    if (forces.length === 0) {
      short.push(`${name}: no data loaded`);
      continue;
    }
    const complete = months.filter((m) =>
      forces.some((g) => g.months.some((x) => x.month === m && x.status === 'complete')),
    ).length;
    if (complete < MIN_RANK_MONTHS) short.push(`${name}: ${complete} complete months of the 12`);
  }
  if (short.length === 0) return null;
  const shown = short.slice(0, 5).join('; ');
  return `not every police force area of it holds ${MIN_RANK_MONTHS} or more complete months of the 12 (${shown}${short.length > 5 ? `; and ${short.length - 5} more` : ''})`;
}

interface Scopes {
  national: RankingScope;
  regionOf: (unit: string) => RankingScope;
}

function scopesOf(scope: PoolScope, gate: readonly ForceGate[], months: readonly string[]): Scopes {
  const allPfas = new Set(scope.forceOf.values());
  const wanted = scope.countryForceAreas ?? COUNTRY_FORCE_AREAS;
  const national: RankingScope = {
    group: { code: 'K04000001', name: 'England and Wales', level: 'country' },
    ranked: false,
    reason:
      allPfas.size < wanted
        ? `the lookups loaded name ${allPfas.size} police force areas, not the ${wanted} of England and Wales (import lad19-csp19-pfa19.csv)`
        : scopeShortfall(allPfas, gate, months, scope.names),
  };
  national.ranked = national.reason === null;
  const regions = new Map<string, RankingScope>();
  const regionOf = (unit: string): RankingScope => {
    const code = scope.regionOf.get(unit);
    if (!code)
      return {
        group: null,
        ranked: false,
        reason:
          'no region for this area in the lookups loaded (a district → region lookup such as lad-all-codes.csv; Welsh areas have none)',
      };
    if (!regions.has(code)) {
      const pfas = new Set(
        [...scope.regionOf].filter(([, r]) => r === code).flatMap(([u]) => scope.forceOf.get(u) ?? []),
      );
      const reason = scopeShortfall(pfas, gate, months, scope.names);
      regions.set(code, {
        group: { code, name: scope.names.get(code) ?? null, level: 'region' },
        ranked: !reason,
        reason,
      });
    }
    return regions.get(code)!;
  };
  return { national, regionOf };
}

function rankOf(
  m: MeasureAssessment,
  unit: string,
  members: readonly string[],
  counts: ReadonlyMap<string, MeasureCount>,
  denominators: ReadonlyMap<string, { value: number }>,
  months: readonly string[],
  group: AreaRef | null,
): NationalRank {
  const candidates = members.flatMap((code) => {
    const c = counts.get(code);
    if (!c || c.source === null || c.measure !== m.countedAs) return [];
    const held = new Set(c.loadedMonths.filter((x) => months.includes(x)));
    return [{ code, months: held, counts: c.monthly, denominator: denominators.get(code)?.value ?? null }];
  });
  const result = rankByCommonMonths(candidates);
  const r = result.ranked.find((x) => x.code === unit);
  const of = result.ranked.filter((x) => x.position !== null).length;
  return {
    position: r?.position ?? null,
    of,
    group,
    months: result.months,
    rate: r?.rate ?? null,
    note:
      result.excluded.get(unit) ??
      (r === undefined ? 'not counted on the same measure as the others' : null) ??
      (result.months.length < 12 && of > 0
        ? `ranked over the ${result.months.length} months complete for every area (rate annualised)`
        : null),
  };
}

/**
 * National and regional ranks of the assessments of one run (docs/national.md, "National and
 * regional use"): each area among every unit of England and Wales, and of its region, that the
 * store holds, by rate over the months complete for all of them. A scope is ranked only when every
 * police force area in it holds enough complete months; else the ranks are null and
 * `nationalRanking` says why. Without national data (lookups naming under two force areas) nothing
 * is added. Reads the store as the run sees it (the gate's lens in place).
 */
export async function addPoolRanks(
  store: Store,
  assessments: readonly Assessment[],
  options: { config: PartnershipConfig; end: string; gate: readonly ForceGate[]; scope: PoolScope },
): Promise<void> {
  // no national data loaded (the lookups name one force area or none): nothing to say
  if (new Set(options.scope.forceOf.values()).size < 2) return;
  const period = rolling12(options.end);
  const scopes = scopesOf(options.scope, options.gate, period.months);
  const needed = scopes.national.ranked || assessments.some((a) => scopes.regionOf(a.area.code).ranked);
  for (const a of assessments)
    a.nationalRanking = { unit: options.scope.unit, national: scopes.national, region: scopes.regionOf(a.area.code) };
  if (!needed) {
    for (const a of assessments) for (const m of a.measures) Object.assign(m.rank, { national: null, region: null });
    return;
  }
  const units = (
    await store.all<{ code: string }>({
      sql: 'SELECT DISTINCT district_code AS code FROM event_counts WHERE district_code IS NOT NULL AND month BETWEEN ?::DATE AND ?::DATE ORDER BY 1',
      params: [`${addMonths(options.end, -11)}-01`, `${options.end}-01`],
    })
  ).map((r) => r.code);
  const { catalogue } = options.config;
  const ids = [...new Set(assessments.flatMap((a) => a.measures.filter((m) => m.available).map((m) => m.id)))];
  const onePass = await readAllCells(
    store,
    measureClosure(ids, catalogue),
    units,
    period.start,
    period.end,
    'event_counts',
  );
  const denominators = denominatorMemo(store);
  const year = Math.floor(monthIndex(options.end) / 12);
  for (const id of ids) {
    const counts = await measureCountsWith(
      catalogue.get(id)!,
      units,
      [period],
      (m, ds) => onePass.cells(m, ds),
      catalogue,
    );
    for (const a of assessments) {
      const m = a.measures.find((x) => x.id === id);
      if (!m || !m.available || !m.denominator) continue;
      const denoms = await denominators(units, year, m.denominator.kind as DenominatorKind);
      const region = scopes.regionOf(a.area.code);
      m.rank.national = scopes.national.ranked
        ? rankOf(m, a.area.code, units, counts, denoms, period.months, scopes.national.group)
        : null;
      const inRegion = units.filter((u) => options.scope.regionOf.get(u) === region.group?.code);
      m.rank.region = region.ranked
        ? rankOf(m, a.area.code, inRegion, counts, denoms, period.months, region.group)
        : null;
    }
  }
}
