import type { Store } from '../../store/db.ts';
import type { Measure } from '../../core/measures/schema.ts';
import type { Window } from '../../core/periods/index.ts';
import type { Catalogue } from '../../core/measures/catalogue.ts';
import { notAssessed, type Comparison } from '../build/compare.ts';
import { rankComparisons, type RankedComparison } from '../build/ranks.ts';
import type { Denominator } from './denominators.ts';
import type { PeerGroup, comparatorCoverage } from './peers.ts';
import type { PeerRank } from '../schema.ts';
import { ratioRef } from '../build/change.ts';
import { sumMonths } from '../../core/periods/comparable.ts';

export interface PeerRankInput {
  store: Store;
  measure: Measure;
  r: RankedComparison;
  w: { current: Window; previous: Window };
  alpha: number;
  state: { code: string; peers: PeerGroup | null };
  peerMonthly: { byCode: Map<string, Map<string, number>> } | null;
  comparator: Awaited<ReturnType<typeof comparatorCoverage>>;
  config: { catalogue: Catalogue };
  year: number;
  /** compares peers counted from their records (the assessment's one-pass cells) */
  peerCompare: (measure: Measure, districts: readonly string[]) => Promise<Comparison[]>;
  /** peers holding records in the store (counted from them when the comparator table lacks them) */
  peersWithEvents: ReadonlySet<string>;
  denominators: (
    areaCodes: readonly string[],
    year: number,
    kind: 'population' | 'households',
  ) => Promise<Map<string, Denominator>>;
}

/** Fewest peers with data for a peer rank (fewer: no rank, and the report says what to import). */
export const MIN_PEERS_WITH_DATA = 5;

function comparison(
  code: string,
  measure: Measure,
  current: number | null,
  previous: number | null,
  denom: Denominator | null,
  alpha: number,
  w: PeerRankInput['w'],
): Comparison {
  const fig = (window: Window, count: number | null) => ({
    window,
    count,
    rate: count === null || !denom ? null : (1000 * count) / denom.value,
    complete: count !== null,
    missingMonths: [],
  });
  return {
    district: code,
    requested: measure.id,
    measure: measure.id,
    title: measure.title,
    source: null,
    current: fig(w.current, current),
    previous: fig(w.previous, previous),
    // peers are ranked on rates, not tested for change
    change: notAssessed(alpha, 'peer members are ranked, not tested'),
    comparability: null,
    denominator: denom,
    notes: [],
  };
}

/**
 * The district's rank among its peers (1 = lowest rate), the peer average (the district excluded)
 * with the rate ratio, and the peers' rolling 12-month rate for the trend chart. Peers' counts come
 * from the imported comparator counts (monthly, complete for the window), else from records loaded
 * for them; the district's own count comes from the same comparator table when it is there, so
 * that all members are counted alike.
 */
export async function peerRank(
  c: PeerRankInput,
  seriesMonths: readonly string[],
): Promise<{ rank: PeerRank | null; series: (number | null)[] | null; note: string | null }> {
  const peers = c.state.peers;
  if (!peers || peers.members.length === 0) return { rank: null, series: null, note: null };
  const counted = c.config.catalogue.get(c.r.measure) ?? c.measure;
  const months = { current: c.w.current.months, previous: c.w.previous.months };
  const complete = (code: string, ms: readonly string[]) => {
    const held = c.comparator.months.get(code);
    return !!held && ms.every((m) => held.has(m));
  };
  const fromComparator = (code: string): [number | null, number | null] | null => {
    if (!c.peerMonthly || !complete(code, months.current)) return null;
    const byMonth = c.peerMonthly.byCode.get(code);
    return [
      sumMonths(byMonth, months.current),
      complete(code, months.previous) ? sumMonths(byMonth, months.previous) : null,
    ];
  };
  const codes = [peers.key, ...peers.members];
  const denoms = await c.denominators([...codes, c.state.code], c.year, counted.denominator);
  const counts = new Map<string, [number | null, number | null]>();
  let viaComparator = 0;
  let viaRecords = 0;
  for (const code of codes) {
    const got = fromComparator(code);
    if (got) {
      counts.set(code, got);
      if (code !== peers.key) viaComparator++;
    }
  }
  const missing = peers.members.filter((m) => !counts.has(m) && c.peersWithEvents.has(m));
  if (missing.length > 0) {
    for (const cmp of await c.peerCompare(counted, missing)) {
      if (cmp.current.count !== null && cmp.current.complete && cmp.measure === counted.id) {
        counts.set(cmp.district, [cmp.current.count, cmp.previous.complete ? cmp.previous.count : null]);
        viaRecords++;
      }
    }
  }
  const ownFromComparator = counts.has(peers.key);
  if (!ownFromComparator)
    counts.set(peers.key, [
      c.r.current.complete ? c.r.current.count : null,
      c.r.previous.complete ? c.r.previous.count : null,
    ]);
  const ownDenom = ownFromComparator ? (denoms.get(peers.key) ?? null) : c.r.denominator;
  const denomOf = (code: string) => (code === peers.key ? ownDenom : (denoms.get(code) ?? null));
  const name =
    peers.basis === 'imported'
      ? 'most similar group'
      : peers.basis === 'config'
        ? 'declared peer group'
        : 'nearest-neighbour peers';
  // ranked only among members with a complete current period and a denominator; the previous
  // position only over the same members, each with a complete previous period too
  const ownCounts = counts.get(peers.key)!;
  const withCurrent = peers.members.filter((m) => counts.get(m)?.[0] != null && denomOf(m) !== null);
  const withBoth = withCurrent.filter((m) => counts.get(m)![1] !== null);
  const groupSize = peers.members.length;
  if (ownCounts[0] === null || denomOf(peers.key) === null || withCurrent.length < MIN_PEERS_WITH_DATA) {
    const why =
      ownCounts[0] === null
        ? `its own current period is incomplete`
        : `only ${withCurrent.length} of the ${groupSize} members of its ${name} have data for the period (at least ${MIN_PEERS_WITH_DATA} needed)`;
    return {
      rank: null,
      series: null,
      note: `no peer rank for "${counted.title}": ${why}; the Home Office family (MSG) with its comparator counts, or the neighbouring forces' months, would give one`,
    };
  }
  const previousComparable = ownCounts[1] !== null && withBoth.length >= MIN_PEERS_WITH_DATA;
  const rankedPeers = previousComparable ? withBoth : withCurrent;
  const members = [peers.key, ...rankedPeers];
  const comparisons = members.map((code) =>
    comparison(
      code,
      counted,
      counts.get(code)![0],
      previousComparable ? counts.get(code)![1] : null,
      denomOf(code),
      c.alpha,
      c.w,
    ),
  );
  const ranked = rankComparisons(comparisons, new Set([peers.key]));
  const own = ranked[0]!;
  const rank: PeerRank = {
    position: own.current.rank,
    of: own.current.of,
    previousPosition: own.previous.rank,
    previousOf: own.previous.of,
    average: own.groupAverage.rate,
    includesDistrict: false,
    rateRatio: ratioRef(own.rateRatio),
    group: null,
    members: members.slice(1),
    groupSize,
    basis: peers.basis,
    basisNote: peers.basisNote,
    countsFrom: viaRecords === 0 ? 'comparator counts' : viaComparator === 0 ? 'records' : 'mixed',
  };
  // the peers' pooled rolling 12-month rate (comparator peers only: monthly figures needed)
  let series: (number | null)[] | null = null;
  if (c.peerMonthly && viaComparator > 0) {
    const monthlyPeers = peers.members.filter((m) => c.comparator.months.has(m) && denoms.has(m));
    series = seriesMonths.map((_, i) => {
      if (i < 11) return null;
      const window = seriesMonths.slice(i - 11, i + 1);
      let count = 0;
      let exposure = 0;
      for (const code of monthlyPeers) {
        if (!complete(code, window)) continue;
        count += sumMonths(c.peerMonthly!.byCode.get(code), window);
        exposure += denoms.get(code)!.value;
      }
      return exposure > 0 ? (1000 * count) / exposure : null;
    });
    if (series.every((v) => v === null)) series = null;
  }
  const notes: string[] = [];
  if (rankedPeers.length < groupSize)
    notes.push(
      `${rankedPeers.length} of the ${groupSize} members of its ${name} have comparable data for ${previousComparable ? 'both periods' : 'the current period'} and are ranked`,
    );
  if (!previousComparable)
    notes.push(
      `no previous peer position: ${ownCounts[1] === null ? 'its own previous period is incomplete' : `only ${withBoth.length} peers have a complete previous period`}`,
    );
  const comparatorNote =
    ownFromComparator && c.r.current.count !== null && counts.get(peers.key)![0] !== c.r.current.count
      ? `peer rank uses the comparator table's count for ${peers.key} (${counts.get(peers.key)![0]}) so that every member is counted alike; the district's own records give ${c.r.current.count}`
      : null;
  if (comparatorNote) notes.push(comparatorNote);
  return { rank, series, note: notes.length > 0 ? notes.join('; ') : null };
}

/** The peer rank with the names of its members (for the dashboard's peer group), where the lookups name them. */
export function withMemberNames(rank: PeerRank, names: ReadonlyMap<string, string>): PeerRank {
  const named = rank.members.filter((code) => names.has(code));
  return named.length === 0 ? rank : { ...rank, memberNames: Object.fromEntries(named.map((c) => [c, names.get(c)!])) };
}
