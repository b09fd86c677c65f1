import { quoteIdent, type Store } from '../store/db.ts';
import { DISTRICT_FORCE_SQL, PARTIAL_SHARE, type ForceGate } from '../store/force-months.ts';
import type { Assessment } from '../assess/schema.ts';

/**
 * The force-month gate applied to what a run reads (docs/national.md, "Complete force-months").
 *
 * Three temporary tables of the connection hold the gate: the partial force-months
 * (`national_kept_out`), each unit's police force area (`national_unit_pfa`: a district, or a CSP
 * through the CSP lens) and the months that area's own force holds complete
 * (`national_unit_months`). GATED_EVENTS_CONDITION keeps an event row only when its force-month is
 * not partial and, for a unit whose own force's data is loaded, only in a month that force's data
 * is complete (a neighbour's strays never make a month look loaded).
 */
export const GATE_TABLES = ['national_kept_out', 'national_unit_months', 'national_unit_pfa'] as const;

/** Keeps a row (alias `e`, `district_code` already read as the run's unit) that the gate lets through. */
export const GATED_EVENTS_CONDITION = `NOT EXISTS (SELECT 1 FROM temp.main.national_kept_out k WHERE k.force = e.force AND k.month = e.month)
  AND (e.force IS NULL OR e.district_code IS NULL OR e.district_code NOT IN (SELECT unit FROM temp.main.national_unit_pfa)
       OR EXISTS (SELECT 1 FROM temp.main.national_unit_months h WHERE h.unit = e.district_code AND h.month = e.month))`;

/** The partial force-months of the gate, as (force, first day of month). */
function partialMonths(gate: readonly ForceGate[]): (readonly [string, string])[] {
  return gate.flatMap((g) =>
    g.flagged.filter((m) => m.status === 'partial').map((m) => [g.force, `${m.month}-01`] as const),
  );
}

/** Creates the gate's tables; `unitPfaSql` selects (unit, pfa) for every unit the gate judges. */
export async function createGateTables(store: Store, gate: readonly ForceGate[], unitPfaSql: string): Promise<void> {
  await store.run(`CREATE TEMP TABLE national_unit_pfa AS ${unitPfaSql}`);
  await store.run('CREATE TEMP TABLE national_kept_out (force VARCHAR, month DATE)');
  await store.run('CREATE TEMP TABLE national_unit_months (unit VARCHAR, month DATE)');
  const keptOut = partialMonths(gate);
  if (keptOut.length > 0) {
    await store.run({
      sql: `INSERT INTO national_kept_out VALUES ${keptOut.map(() => '(?, ?::DATE)').join(', ')}`,
      params: keptOut.flat(),
    });
  }
  const held = gate.flatMap((g) =>
    g.home ? g.months.filter((m) => m.status === 'complete').map((m) => [g.home!.code, `${m.month}-01`] as const) : [],
  );
  if (held.length > 0) {
    await store.run({
      sql: `INSERT INTO national_unit_months SELECT DISTINCT u.unit, h.month FROM (VALUES ${held.map(() => '(?, ?::DATE)').join(', ')}) h(pfa, month)
            JOIN national_unit_pfa u ON u.pfa = h.pfa`,
      params: held.flat(),
    });
  }
}

/** Whether the gate keeps anything out of the months from `start` to `end` (else the lens is not needed). */
export function gateKeepsOut(gate: readonly ForceGate[], start: string, end: string): boolean {
  return gate.some((g) => g.flagged.some((m) => m.month >= start && m.month <= end));
}

let active = false;

/**
 * Runs `work` with the store's events seen through the gate, districts as the unit: temporary
 * views of `events_located` and `event_counts` shadow the store's for this connection and are
 * dropped after. Districts whose own force area has no force loaded keep every row (a district that
 * only strays reach stays "not covered" by the coverage rule, with its reason).
 */
export async function withGatedDistricts<T>(
  store: Store,
  gate: readonly ForceGate[],
  work: () => Promise<T>,
): Promise<T> {
  if (active) throw new Error('withGatedDistricts: the gate is already applied on this process');
  active = true;
  const db = quoteIdent((await store.one<{ d: string }>('SELECT current_database() AS d'))!.d);
  const homes = [...new Set(gate.flatMap((g) => (g.home ? [g.home.code] : [])))];
  try {
    const params = homes.map((h) => `'${h.replaceAll("'", "''")}'`).join(', ');
    await createGateTables(
      store,
      gate,
      `SELECT district AS unit, pfa FROM (${DISTRICT_FORCE_SQL}) WHERE pfa IN (${params || 'NULL'})`,
    );
    for (const name of ['events_located', 'event_counts'] as const)
      await store.run(`CREATE TEMP VIEW ${name} AS SELECT * FROM ${db}.main.${name} e WHERE ${GATED_EVENTS_CONDITION}`);
    return await work();
  } finally {
    for (const name of ['events_located', 'event_counts']) await store.run(`DROP VIEW IF EXISTS temp.main.${name}`);
    for (const name of GATE_TABLES) await store.run(`DROP TABLE IF EXISTS temp.main.${name}`);
    active = false;
  }
}

/**
 * Lists in each Assessment the partial force-months of its own force area kept out of its 24
 * months (`forceMonthsKeptOut`, empty when none), with a note saying which and why; absent when
 * no force whose rows fall mostly in the area's force area is loaded. `forceOf` gives each area's
 * police force area.
 */
export function markKeptOut(
  assessments: readonly Assessment[],
  gate: readonly ForceGate[],
  forceOf: ReadonlyMap<string, string>,
): void {
  const keptOut = gate.flatMap((g) =>
    g.flagged
      .filter((f) => f.status === 'partial')
      .map((f) => ({ force: g.force, home: g.home?.code ?? null, month: f.month, evidence: f.evidence })),
  );
  const judged = new Set(gate.flatMap((g) => (g.home ? [g.home.code] : [])));
  for (const a of assessments) {
    const ownForce = forceOf.get(a.area.code);
    // only where the gate judged the area's own force (else there is nothing to say)
    if (!ownForce || !judged.has(ownForce)) continue;
    const own = keptOut
      .filter((k) => k.home === ownForce && k.month >= a.previousPeriod.start && k.month <= a.period.end)
      .map(({ force, month, evidence }) => ({ force, month, status: 'partial' as const, evidence }));
    a.forceMonthsKeptOut = own;
    if (own.length > 0)
      a.notes.push(
        `force-months kept out as partial (under ${Math.round(PARTIAL_SHARE * 100)}% of the force's median month; docs/national.md): ${own.map((k) => `${k.force} ${k.month}`).join(', ')}; they count as months not loaded, so changes, ranks, peer averages and trends are taken without them`,
      );
  }
}
