import type { Store } from '../../store/db.ts';
import type { Measure } from '../../core/measures/schema.ts';
import { addMonths } from '../../core/periods/index.ts';
import type { PartnershipConfig } from '../config.ts';
import type { MeasureWindows } from '../build/measure.ts';
import type { MonitorSeries } from '../build/monitoring.ts';
import type { MeasureAssessment } from '../schema.ts';
import { areaNames } from './areas.ts';
import { measureClosure, readAllCells, readImports, readTargetFacts, type OnePass, type TargetFacts } from './cells.ts';
import { denominatorMemo } from './denominators.ts';
import {
  comparatorCoverage,
  cspOf,
  resolvePeers,
  snapshotComparator,
  type PeerGroup,
  type PeerPools,
} from './peers.ts';
import { readOffenceLabels } from './labels.ts';
import { query, rowsOf, type Query } from './query.ts';

/** Reads start here: earlier than any data a partnership holds. */
const FIRST_MONTH = '1990-01';

export interface TargetState {
  code: string;
  csp: string | null;
  peers: PeerGroup | null;
  measures: MeasureAssessment[];
  /** every district and ward series of every measure counted, for the month's monitoring */
  monitored: MonitorSeries[];
}

/** Everything the group's assessment reads before its statistics run (the facts by ward, day and sub-type arrive later). */
export interface GroupInputs {
  names: Map<string, string>;
  wardsByDistrict: Map<string, string[]>;
  beatOfWard: Map<string, string>;
  unitNames: Map<string, string>;
  denoms: ReturnType<typeof denominatorMemo>;
  wardPop: Map<string, { value: number }>;
  states: Map<string, TargetState>;
  comparator: Awaited<ReturnType<typeof comparatorCoverage>>;
  read: Measure[];
  onePass: OnePass;
  earliest: string;
  peersWithEvents: Set<string>;
  imports: Map<string, number[]>;
  factsRead: Promise<TargetFacts>;
  offenceLabels: Map<string, string>;
  peerNames: Map<string, string>;
}

export function wardsQuery(districts: readonly string[]): Query<{ district: string; wards: string[] }> {
  return query(
    `SELECT district, list(DISTINCT ward ORDER BY ward) AS wards FROM lsoa_lookup WHERE ward IS NOT NULL AND district IN (${districts.map(() => '?').join(', ')}) GROUP BY 1`,
    [...districts],
  );
}

export const beatsQuery = (): Query<{ ward: string; beat: string }> =>
  query(
    "SELECT child_code AS ward, max_by(parent_code, vintage) AS beat FROM area_parents WHERE child_level = 'ward' AND parent_level = 'beat' GROUP BY 1",
  );

async function wardsOf(store: Store, districts: readonly string[]) {
  const rows = await rowsOf(store, wardsQuery(districts));
  const beats = await rowsOf(store, beatsQuery());
  return {
    wards: new Map(rows.map((r) => [r.district, r.wards])),
    beatOfWard: new Map(beats.map((b) => [b.ward, b.beat])),
  };
}

async function targetStates(
  store: Store,
  targets: readonly string[],
  config: PartnershipConfig,
  year: number,
): Promise<Map<string, TargetState>> {
  const states = new Map<string, TargetState>();
  const pools: PeerPools = new Map();
  for (const code of targets) {
    const csp = await cspOf(store, code);
    const declared = config.peers[code] ?? config.peers['*'];
    const peers = await resolvePeers(store, code, csp, year, declared, pools);
    states.set(code, { code, csp, peers, measures: [], monitored: [] });
  }
  return states;
}

/**
 * The read step of a group's assessment: names, wards and beats, denominators, peers, comparator
 * coverage, every measure's cells in one pass, provenance, offence labels; the ward, day and
 * sub-type facts are started here and awaited once the projections have been fitted.
 */
export async function readGroupInputs(
  store: Store,
  o: { targets: readonly string[]; all: string[]; end: string; w: MeasureWindows; year: number; relation: string },
  config: PartnershipConfig,
): Promise<GroupInputs> {
  const { targets, all, end, w, year, relation } = o;
  const names = await areaNames(store, all);
  const { wards: wardsByDistrict, beatOfWard } = await wardsOf(store, targets);
  const wardCodes = [...wardsByDistrict.values()].flat();
  const unitNames = await areaNames(store, [
    ...wardCodes,
    ...new Set(wardCodes.map((c) => beatOfWard.get(c)).filter((b): b is string => !!b)),
  ]);
  const denoms = denominatorMemo(store);
  const wardPop = await denoms(wardCodes, year, 'population');
  const states = await targetStates(store, targets, config, year);
  const peerCodes = [
    ...new Set([...states.values()].flatMap((s) => (s.peers ? [s.peers.key, ...s.peers.members] : []))),
  ];
  const comparator = await comparatorCoverage(store, peerCodes);
  const peerNames = await areaNames(store, peerCodes);
  // every measure (and the fallbacks they may need) read in one pass over the events of the group
  // and of any peers the comparator table does not cover
  const read = measureClosure(config.measures, config.catalogue);
  const peersToRead = peerCodes.filter((c) => !all.includes(c) && !comparator.months.has(c));
  const onePass = await readAllCells(store, read, [...all, ...peersToRead], FIRST_MONTH, end, 'event_counts');
  const earliest = onePass.firstMonth ?? addMonths(end, -23);
  const peersWithEvents = new Set(peerCodes.filter((c) => onePass.has(c)));
  if (comparator.months.size > 0) await snapshotComparator(store, peerCodes, `${relation}_comparator`);
  // provenance: the imports behind each district's rows of each kind and family in the 24 months
  const imports = await readImports(store, `${relation}_t`, w.previous.start, end);
  const offenceLabels = await readOffenceLabels(store);
  // the ward, day and sub-type counts are read while the projections (pure JavaScript, the
  // heaviest part) are fitted; nothing else touches the store until they are in
  const factsRead = readTargetFacts(store, read, targets, earliest, w.current, w.previous, `${relation}_t`);
  return {
    ...{ names, wardsByDistrict, beatOfWard, unitNames, denoms, wardPop, states, comparator, read, onePass },
    ...{ earliest, peersWithEvents, imports, factsRead, offenceLabels, peerNames },
  };
}
