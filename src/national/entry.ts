import type { Store } from '../store/db.ts';
import { addMonths } from '../core/periods/index.ts';
import { assessArea, defaultEnd, type AssessOptions } from '../assess/engine.ts';
import { areaNames, resolveArea } from '../assess/read/areas.ts';
import type { AssessmentSet } from '../assess/schema.ts';
import { forceMonthGate } from '../store/force-months.ts';
import { gateKeepsOut, markKeptOut, withGatedDistricts } from './gate-lens.ts';
import { addPoolRanks } from './pool-ranks.ts';
import { districtForces, districtRegions } from './regions.ts';
import { assessPartnerships } from './run.ts';
import type { NationalSummary } from './summary.ts';

export interface RunResult {
  set: AssessmentSet;
  /** every CSP side by side (runs of several CSPs only) */
  summary: NationalSummary | null;
}

/**
 * One `assess` or `report` run (docs/national.md): a CSP named with `--area`, or `--all csp`, has
 * partnerships as the unit; anything else districts. Either way partial force-months are kept out
 * of every figure (the force-month gate), and the areas get national and regional ranks when the
 * store holds enough of the country or region.
 */
export async function assessRun(
  store: Store,
  areaText: string | undefined,
  unit: string | null,
  options: AssessOptions,
  ranking: { countryForceAreas?: number } = {},
): Promise<RunResult> {
  const byPartnership =
    unit === 'csp' || (areaText !== undefined && (await resolveArea(store, areaText)).level === 'csp');
  if (byPartnership) {
    const run = await assessPartnerships(store, areaText, unit !== null, options, ranking);
    return { set: run.set, summary: run.summary };
  }
  return { set: await assessDistrictsGated(store, areaText, unit !== null, options, ranking), summary: null };
}

/** Districts assessed through the force-month gate, with national and regional ranks where the store allows. */
export async function assessDistrictsGated(
  store: Store,
  areaText: string | undefined,
  all: boolean,
  options: AssessOptions,
  ranking: { countryForceAreas?: number } = {},
): Promise<AssessmentSet> {
  const end = options.end ?? (await defaultEnd(store));
  const start = addMonths(end, -23);
  const gate = await forceMonthGate(store, { start, end });
  const forceOf = await districtForces(store);
  const regionOf = await districtRegions(store);
  const names = await areaNames(store, [...new Set([...forceOf.values(), ...regionOf.values()])]);
  const work = async () => {
    const set = await assessArea(store, areaText, all, { ...options, end });
    markKeptOut(set.assessments, gate, forceOf);
    await addPoolRanks(store, set.assessments, {
      config: options.config,
      end,
      gate,
      scope: { unit: 'district', forceOf, regionOf, names, ...ranking },
    });
    return set;
  };
  return gateKeepsOut(gate, start, end) ? withGatedDistricts(store, gate, work) : work();
}
