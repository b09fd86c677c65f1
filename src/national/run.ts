import type { Store } from '../store/db.ts';
import { SaferError } from '../core/errors.ts';
import { addMonths } from '../core/periods/index.ts';
import { assessArea, defaultEnd, type AssessOptions } from '../assess/engine.ts';
import { areaNames, groupOf, resolveArea } from '../assess/read/areas.ts';
import type { AreaRef, AssessmentSet } from '../assess/schema.ts';
import { forceMonthGate, type ForceGate } from '../store/force-months.ts';
import { cspMembers, withCspUnits, type CspMember } from './units.ts';
import { addNationalRanks } from './ranks.ts';
import { addPoolRanks } from './pool-ranks.ts';
import { markKeptOut } from './gate-lens.ts';
import { cspRegions, districtForces, districtRegions } from './regions.ts';
import { nationalSummary, type NationalSummary } from './summary.ts';

export interface PartnershipRun {
  set: AssessmentSet;
  gate: ForceGate[];
  /** every CSP of the run side by side (several CSPs only) */
  summary: NationalSummary | null;
}

interface Plan {
  members: CspMember[];
  end: string;
  gate: ForceGate[];
  /** the CSP asked for alone (null: several) */
  single: string | null;
  /** what assessArea is asked for through the lens: the force of a single CSP, else the area given */
  scopeText: string | undefined;
  /** the area of a run of several CSPs (null: every CSP loaded) */
  scope: AreaRef | null;
  regionOf: Map<string, string>;
}

async function planRun(
  store: Store,
  areaText: string | undefined,
  all: boolean,
  options: AssessOptions,
): Promise<Plan> {
  const members = await cspMembers(store);
  if (members.length === 0) {
    throw new SaferError('no district → community safety partnership lookup is loaded', {
      hint: 'import ../shared/data/ons/lad19-csp19-pfa19.csv (LAD, CSP and PFA columns), then try again',
    });
  }
  const end = options.end ?? (await defaultEnd(store));
  const gate = await forceMonthGate(store, { start: addMonths(end, -23), end });
  const regionOf = cspRegions(members, await districtRegions(store));
  const area = areaText === undefined ? null : await resolveArea(store, areaText);
  if (!area || (area.level !== 'csp' && area.level !== 'district'))
    return {
      members,
      end,
      gate,
      single: null,
      scopeText: area?.code,
      scope: area ? { code: area.code, name: area.name, level: area.level } : null,
      regionOf,
    };
  const csp = area.level === 'csp' ? area.code : members.find((m) => m.district === area.code)?.csp;
  if (!csp || !members.some((m) => m.csp === csp))
    throw new SaferError('this area is in no community safety partnership of the lookups loaded', {
      value: areaText,
      hint: 'check the district → CSP lookup (lad19-csp19-pfa19.csv)',
    });
  // a CSP is assessed within its force (its force rank needs every CSP of the force)
  const forceOf = await districtForces(store);
  const force = members
    .filter((m) => m.csp === csp)
    .map((m) => forceOf.get(m.district))
    .find((f) => f !== undefined);
  // without district → force links (lookups linking LSOAs to forces or counties): the district's county or force
  const group = force ? null : await groupOf(store, members.find((m) => m.csp === csp)!.district);
  return {
    members,
    end,
    gate,
    single: all ? null : csp,
    scopeText: force ?? group?.area?.code ?? csp,
    scope: null,
    regionOf,
  };
}

/** Keeps only the single CSP's Assessment, or says why it could not be assessed. */
async function keepSingle(store: Store, set: AssessmentSet, single: string, areaText: string | undefined, end: string) {
  set.assessments = set.assessments.filter((a) => a.area.code === single);
  set.assessed = set.assessed.filter((c) => c === single);
  set.notCovered = set.notCovered.filter((n) => n.code === single);
  set.group = null;
  if (set.assessments.length > 0) return;
  const why = await store.one<{ n: number }>({
    sql: 'SELECT count(*)::INTEGER AS n FROM events_located WHERE district_code = ?',
    params: [single],
  });
  throw new SaferError(`not enough data to assess partnership ${single} for the 12 months ending ${end}`, {
    value: areaText,
    hint: why?.n ? 'its force-months are partial or missing: see safer status' : 'no records of its force are loaded',
  });
}

/** Marks each Assessment as a CSP's: its districts, force and region. Read through the lens (CSP → force). */
async function describePartnerships(store: Store, set: AssessmentSet, plan: Plan): Promise<Map<string, string>> {
  const forces = await store.all<{ unit: string; force: string }>(
    "SELECT child_code AS unit, max_by(parent_code, vintage) AS force FROM area_parents WHERE child_level = 'district' AND parent_level = 'force' GROUP BY 1",
  );
  const names = await areaNames(store, [
    ...new Set([...plan.members.map((m) => m.district), ...plan.regionOf.values(), ...forces.map((f) => f.force)]),
  ]);
  const ref = (code: string | undefined, level: string): AreaRef | null =>
    code ? { code, name: names.get(code) ?? null, level } : null;
  const forceOf = new Map(forces.map((f) => [f.unit, f.force]));
  for (const a of set.assessments) {
    const code = a.area.code;
    a.area.level = 'csp';
    a.area.csp = code;
    a.partnership = {
      code,
      name: a.area.name,
      districts: plan.members
        .filter((m) => m.csp === code)
        .map((m) => ({ code: m.district, name: names.get(m.district) ?? null, level: 'district' })),
      force: ref(forceOf.get(code), 'force'),
      region: ref(plan.regionOf.get(code), 'region'),
    };
  }
  markKeptOut(set.assessments, plan.gate, forceOf);
  return forceOf;
}

/**
 * Community safety partnerships assessed as areas (docs/national.md): `areaText` a CSP (or a
 * district: its CSP) alone, or with `all` every CSP of its force; a force, county, region or
 * country: its CSPs; none: every CSP holding records. Several CSPs get national and regional
 * ranks among the run's CSPs and a summary; one CSP gets them among every CSP the store holds,
 * when it holds enough of the country or region.
 */
export async function assessPartnerships(
  store: Store,
  areaText: string | undefined,
  all: boolean,
  options: AssessOptions,
  ranking: { countryForceAreas?: number } = {},
): Promise<PartnershipRun> {
  const plan = await planRun(store, areaText, all, options);
  const { gate, single, end } = plan;
  return withCspUnits(store, gate, async () => {
    const set = await assessArea(store, plan.scopeText, true, { ...options, end, monthlyCounts: true });
    if (single) await keepSingle(store, set, single, areaText, end);
    const forceOf = await describePartnerships(store, set, plan);
    if (single || set.assessments.length < 2) {
      const names = await areaNames(store, [...new Set([...forceOf.values(), ...plan.regionOf.values()])]);
      await addPoolRanks(store, set.assessments, {
        config: options.config,
        end,
        gate,
        scope: { unit: 'csp', forceOf, regionOf: plan.regionOf, names, ...ranking },
      });
      return { set, gate, summary: null };
    }
    const regionRefs = new Map(
      set.assessments.flatMap((a) => (a.partnership?.region ? [[a.area.code, a.partnership.region] as const] : [])),
    );
    addNationalRanks(
      set.assessments,
      regionRefs,
      plan.scope ?? { code: 'national', name: 'every partnership assessed', level: 'country' },
    );
    return { set, gate, summary: nationalSummary(set, gate, plan.scope) };
  });
}
