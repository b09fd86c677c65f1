import type { Store } from '../store/db.ts';
import { SaferError } from '../core/errors.ts';
import { addMonths } from '../core/periods/index.ts';
import { assessArea, defaultEnd, type AssessOptions } from '../assess/engine.ts';
import { areaNames, resolveArea } from '../assess/read/areas.ts';
import type { AreaRef, AssessmentSet } from '../assess/schema.ts';
import { forceMonthGate, type ForceGate } from '../store/force-months.ts';
import { CSP_OF_DISTRICT_SQL, cspMembers, withCspUnits } from './units.ts';
import { addNationalRanks } from './ranks.ts';
import { nationalSummary, type NationalSummary } from './summary.ts';

export interface PartnershipRun {
  set: AssessmentSet;
  gate: ForceGate[];
  /** every CSP of the run side by side (several CSPs only) */
  summary: NationalSummary | null;
}

/**
 * Community safety partnerships assessed as areas (docs/national.md): `areaText` a CSP (or a
 * district: its CSP) alone, or with `all` every CSP of its force; a force, county, region or
 * country: its CSPs; none: every CSP holding records. Several CSPs get national and regional
 * ranks over the months complete for all, and a summary.
 */
export async function assessPartnerships(
  store: Store,
  areaText: string | undefined,
  all: boolean,
  options: AssessOptions,
): Promise<PartnershipRun> {
  const members = await cspMembers(store);
  if (members.length === 0) {
    throw new SaferError('no district → community safety partnership lookup is loaded', {
      hint: 'import ../shared/data/ons/lad19-csp19-pfa19.csv (LAD, CSP and PFA columns), then try again',
    });
  }
  const end = options.end ?? (await defaultEnd(store));
  const gate = await forceMonthGate(store, { start: addMonths(end, -23), end });
  const cspOf = new Map(members.map((m) => [m.district, m.csp]));
  const area = areaText === undefined ? null : await resolveArea(store, areaText);
  let single: string | null = null;
  if (area && (area.level === 'csp' || area.level === 'district')) {
    const csp = area.level === 'csp' ? area.code : cspOf.get(area.code);
    if (!csp || !members.some((m) => m.csp === csp))
      throw new SaferError('this area is in no community safety partnership of the lookups loaded', {
        value: areaText,
        hint: 'check the district → CSP lookup (lad19-csp19-pfa19.csv)',
      });
    if (!all) single = csp;
  }
  // each district's region: its own link, else that of the code it became (a district merged into a
  // unitary: the ONS code list links the new code only); a CSP's, that of most of its districts
  const districtRegions = await store.all<{ district: string; region: string | null }>(`
    WITH r AS (SELECT child_code AS d, max_by(parent_code, vintage) AS rg FROM area_parents WHERE child_level = 'district' AND parent_level = 'region' GROUP BY 1)
    SELECT m.district, coalesce(r.rg, (SELECT min(r2.rg) FROM area_crosswalks x JOIN r r2 ON r2.d = x.to_code WHERE x.from_code = m.district)) AS region
    FROM (${CSP_OF_DISTRICT_SQL}) m LEFT JOIN r ON r.d = m.district`);
  const regionOfDistrict = new Map(
    districtRegions.filter((r) => r.region !== null).map((r) => [r.district, r.region!]),
  );
  const regionCodeOf = new Map<string, string>();
  for (const csp of new Set(members.map((m) => m.csp))) {
    const tally = new Map<string, number>();
    for (const m of members)
      if (m.csp === csp && regionOfDistrict.has(m.district))
        tally.set(regionOfDistrict.get(m.district)!, (tally.get(regionOfDistrict.get(m.district)!) ?? 0) + 1);
    const best = [...tally].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    if (best) regionCodeOf.set(csp, best[0]);
  }
  return withCspUnits(store, gate, async () => {
    // a CSP is assessed within its force (its force rank needs every CSP of the force)
    let scopeText: string | undefined;
    let scope: AreaRef | null = null;
    if (area && (area.level === 'csp' || area.level === 'district')) {
      const csp = single ?? (area.level === 'csp' ? area.code : cspOf.get(area.code)!);
      const force = await store.one<{ code: string }>({
        sql: "SELECT max_by(parent_code, vintage) AS code FROM area_parents WHERE child_code = ? AND child_level = 'district' AND parent_level = 'force'",
        params: [csp],
      });
      scopeText = force?.code ?? csp;
    } else if (area) {
      scopeText = area.code;
      scope = { code: area.code, name: area.name, level: area.level };
    }
    const set = await assessArea(store, scopeText, true, { ...options, monthlyCounts: true });
    if (single) {
      set.assessments = set.assessments.filter((a) => a.area.code === single);
      set.assessed = set.assessed.filter((c) => c === single);
      set.notCovered = set.notCovered.filter((n) => n.code === single);
      set.group = null;
      if (set.assessments.length === 0) {
        const why = await store.one<{ n: number }>({
          sql: 'SELECT count(*)::INTEGER AS n FROM events_located WHERE district_code = ?',
          params: [single],
        });
        throw new SaferError(`not enough data to assess partnership ${single} for the 12 months ending ${end}`, {
          value: areaText,
          hint: why?.n
            ? 'its force-months are partial or missing: see safer status'
            : 'no records of its force are loaded',
        });
      }
    }
    const regions = [...regionCodeOf].map(([unit, region]) => ({ unit, region }));
    const forces = await store.all<{ unit: string; force: string }>(
      "SELECT child_code AS unit, max_by(parent_code, vintage) AS force FROM area_parents WHERE child_level = 'district' AND parent_level = 'force' GROUP BY 1",
    );
    const districtCodes = members.map((m) => m.district);
    const names = await areaNames(store, [
      ...new Set([...districtCodes, ...regions.map((r) => r.region), ...forces.map((f) => f.force)]),
    ]);
    const ref = (code: string | undefined, level: string): AreaRef | null =>
      code ? { code, name: names.get(code) ?? null, level } : null;
    const regionOf = new Map(regions.map((r) => [r.unit, ref(r.region, 'region')!]));
    const forceOf = new Map(forces.map((f) => [f.unit, f.force]));
    const keptOut = gate.flatMap((g) =>
      g.flagged
        .filter((f) => f.status === 'partial')
        .map((f) => ({
          force: g.force,
          home: g.home?.code ?? null,
          month: f.month,
          status: 'partial' as const,
          evidence: f.evidence,
        })),
    );
    for (const a of set.assessments) {
      const code = a.area.code;
      a.area.level = 'csp';
      a.area.csp = code;
      a.partnership = {
        code,
        name: a.area.name,
        districts: members
          .filter((m) => m.csp === code)
          .map((m) => ({ code: m.district, name: names.get(m.district) ?? null, level: 'district' })),
        force: ref(forceOf.get(code), 'force'),
        region: regionOf.get(code) ?? null,
      };
      const ownForce = forceOf.get(code);
      const own = keptOut
        .filter((k) => k.home === ownForce && k.month >= a.previousPeriod.start && k.month <= a.period.end)
        .map(({ force, month, status, evidence }) => ({ force, month, status, evidence }));
      a.forceMonthsKeptOut = own;
      if (own.length > 0)
        a.notes.push(
          `force-months kept out as partial (docs/national.md): ${own.map((k) => `${k.force} ${k.month}`).join(', ')}`,
        );
    }
    if (single || set.assessments.length < 2) return { set, gate, summary: null };
    addNationalRanks(
      set.assessments,
      regionOf,
      scope ?? { code: 'national', name: 'every partnership assessed', level: 'country' },
    );
    return { set, gate, summary: nationalSummary(set, gate, scope) };
  });
}
