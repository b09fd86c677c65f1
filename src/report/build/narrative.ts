/**
 * The sentences of the report, each from one piece of the Assessment. The rules (docs/report.md):
 * a change is called a rise or fall only when its verdict is significant, otherwise the sentence
 * says it is within normal variation; "new" when the previous count was 0; small numbers are said
 * to be small; an incomplete period is not compared; the public edition never shows a count below
 * its threshold, nor anything derived from one.
 */
import type {
  ChangeFigure,
  ComparisonRef,
  EmergingSignal,
  MeasureAssessment,
  MonitoringSection,
  NationalRank,
  PeerRank,
  Figure,
  GroupRank,
  LocalContext,
  LocalRow,
  PeriodRef,
  Risk,
  SeasonMonth,
  SpikeDayRef,
} from '../../assess/schema.ts';
import {
  capitalise,
  countOf,
  countWord,
  dateWithDay,
  formatDecimal,
  formatInt,
  formatP,
  formatPct,
  formatRate,
  formatScore,
  formatShare,
  listJoin,
  listJoinLong,
  monthLong,
  ordinal,
  periodLong,
} from '../format.ts';
import { anyHidden, fewerThan, hidden, showCount, type BuildContext } from './context.ts';
import { monthsSpan } from '../../core/periods/comparable.ts';

/** What the peer group is called: "most similar group" only for an imported Home Office group. */
export function peerGroupName(peers: Pick<PeerRank, 'basis'>, capital = false): string {
  const name =
    peers.basis === 'imported'
      ? 'most similar group'
      : peers.basis === 'config'
        ? 'declared peer group'
        : 'nearest-neighbour peers';
  return capital ? capitalise(name) : name;
}

/** The noun for a measure's kind: offences, incidents, fires, collisions, records. */
export function nounFor(kind: string, n = 2): string {
  const nouns: Record<string, [string, string]> = {
    crime: ['offence', 'offences'],
    incident: ['incident', 'incidents'],
    fire: ['fire', 'fires'],
    collision: ['collision', 'collisions'],
  };
  const [one, many] = nouns[kind] ?? ['record', 'records'];
  return n === 1 ? one : many;
}

export interface ChangeInput {
  title: string;
  kind: string;
  current: Pick<Figure, 'count' | 'missingMonths'>;
  previous: Pick<Figure, 'count' | 'missingMonths'>;
  change: ChangeFigure;
  /** the measure's comparability decision (like for like: the months compared) */
  comparison?: ComparisonRef | null;
  period: Pick<PeriodRef, 'start' | 'end'>;
  previousPeriod: Pick<PeriodRef, 'start' | 'end'>;
}

/** Short verdict for tables and badges, and the tone that goes with it. */
export function verdictLabel(change: Pick<ChangeFigure, 'verdict'>): { text: string; tone: 'up' | 'down' | 'neutral' } {
  switch (change.verdict) {
    case 'significant increase':
      return { text: '▲ significant increase', tone: 'up' };
    case 'significant decrease':
      return { text: '▼ significant decrease', tone: 'down' };
    case 'no significant change':
      return { text: 'within normal variation', tone: 'neutral' };
    case 'not assessed: incomplete period':
      return { text: 'not assessed: incomplete period', tone: 'neutral' };
    case 'not assessed: previous period not loaded':
      return { text: 'not assessed: previous year not loaded', tone: 'neutral' };
    case 'not assessed: measure unavailable':
      return { text: 'not available', tone: 'neutral' };
    default:
      return { text: change.verdict, tone: 'neutral' };
  }
}

function pPart(change: ChangeFigure): string {
  return change.pValue === null ? '' : `, ${formatP(change.pValue)}`;
}

/** "These are small numbers…" when both counts are below the small-number threshold. */
export function smallNumbersNote(
  current: number | null,
  previous: number | null,
  kind: string,
  ctx: BuildContext,
): string | null {
  if (current === null || previous === null) return null;
  if (Math.max(current, previous) >= ctx.smallBelow) return null;
  return `These are small numbers (fewer than ${formatInt(ctx.smallBelow)} in each period): a difference of a few ${nounFor(kind)} can arise by chance alone.`;
}

/** Months written out: "February 2025 and March 2025". */
export function monthsList(months: readonly string[]): string {
  return listJoin(months.map(monthLong));
}

/**
 * One or two sentences on the change between the two periods, following the verdict exactly.
 */
export function describeChange(input: ChangeInput, ctx: BuildContext): string {
  const { change, kind } = input;
  const whole = input.current.count;
  const noun = nounFor(kind);
  const period = periodLong(input.period);
  if (change.verdict === 'not assessed: measure unavailable' || whole === null) {
    return `${capitalise(input.title)} could not be counted for ${period}.`;
  }
  if (change.verdict.startsWith('not assessed') || change.current === null || change.previous === null) {
    const one = whole === 1 && !hidden(whole, ctx);
    const recorded = `${capitalise(showCount(whole, ctx))} ${one ? nounFor(kind, 1) : noun} ${one ? 'was' : 'were'} recorded in ${period}${input.current.missingMonths.length > 0 ? ` (no data for ${monthsList(input.current.missingMonths)})` : ''}.`;
    if (change.verdict === 'not assessed: previous period not loaded') {
      return `${recorded} No data is loaded for the 12 months before (${periodLong(input.previousPeriod)}), so the change on the year before is not assessed.`;
    }
    const missing = [...new Set([...input.current.missingMonths, ...input.previous.missingMonths])].sort();
    return (
      `${recorded} The change on the year before is not assessed: the data for ${missing.length > 0 ? monthsList(missing) : 'some months'} ${missing.length === 1 ? 'is' : 'are'} missing, ` +
      'and too few months are loaded in both years to compare them like for like.'
    );
  }
  const likeForLike = change.basis === 'like-for-like' && input.comparison;
  const notLoaded = [...new Set([...input.current.missingMonths, ...input.previous.missingMonths])].sort();
  const c = change.current;
  const p = change.previous;
  const now = likeForLike ? monthsSpan(input.comparison!.currentMonths) : period;
  const before = likeForLike
    ? `the same ${formatInt(input.comparison!.months)} months a year earlier (${monthsSpan(input.comparison!.previousMonths)})`
    : `the 12 months before (${periodLong(input.previousPeriod)})`;
  const lead = likeForLike
    ? `${capitalise(showCount(whole, ctx))} ${noun} were recorded in ${period}. ${notLoaded.length > 0 ? `No data is loaded for ${monthsList(notLoaded)}, so the change is measured like for like, on the months loaded in both years: ` : 'Like for like: '}`
    : '';
  if (anyHidden([c, p], ctx)) {
    return `${lead}${capitalise(showCount(c, ctx))} ${noun} were recorded in ${now}, against ${showCount(p, ctx)} in ${before}. The public edition does not show changes in numbers this small.`;
  }
  const small = smallNumbersNote(c, p, kind, ctx);
  const tail = small ? ` ${small}` : '';
  const recorded = `${lead}${likeForLike ? formatInt(c) : capitalise(formatInt(c))} ${nounFor(kind, c)} ${c === 1 ? 'was' : 'were'} recorded in ${now}`;
  if (c === 0 && p === 0) return `${lead}No ${noun} were recorded in ${now} or in ${before}.`;
  if (p === 0) {
    return change.verdict === 'significant increase'
      ? `${recorded}, against none in ${before}: new this period, a statistically significant increase (${formatP(change.pValue ?? 0)}).${tail}`
      : `${recorded}, against none in ${before}: new this period, but with numbers this small that is within normal variation (not statistically significant${pPart(change)}).${tail}`;
  }
  const pct = formatPct(Math.abs(change.pct ?? (100 * (c - p)) / p));
  const diff = formatInt(Math.abs(c - p));
  if (c === p) return `${recorded}, the same as in ${before}.${tail}`;
  if (change.verdict === 'significant increase') {
    return `${recorded}, ${diff} more than the ${formatInt(p)} of ${before}: a statistically significant rise of ${pct} (${formatP(change.pValue ?? 0)}).${tail}`;
  }
  if (change.verdict === 'significant decrease') {
    return `${recorded}, ${diff} fewer than the ${formatInt(p)} of ${before}: a statistically significant fall of ${pct} (${formatP(change.pValue ?? 0)}).${tail}`;
  }
  const direction = c > p ? `${diff} more (+${pct})` : `${diff} fewer (−${pct})`;
  return `${recorded}, against ${formatInt(p)} in ${before}: ${direction}, within normal variation, not a statistically significant change${pPart(change).replace(/^, /, ' (')}${change.pValue === null ? '' : ')'}.${tail}`;
}

/** A compact change for a list item: "up 12 to 40 from 28, a significant increase" / "+3, within normal variation"; on the change's own compared counts. */
export function describeChangeBrief(change: ChangeFigure, ctx: BuildContext): string {
  const current = change.current;
  const previous = change.previous;
  if (current === null || previous === null) return `change ${verdictLabel(change).text}`;
  if (anyHidden([current, previous], ctx))
    return `${showCount(current, ctx)}, against ${showCount(previous, ctx)} the year before`;
  const diff = formatInt(Math.abs(current - previous));
  const move =
    current === previous
      ? `unchanged at ${formatInt(current)}`
      : `${current > previous ? 'up' : 'down'} ${diff} to ${formatInt(current)} from ${formatInt(previous)}`;
  if (change.verdict === 'significant increase' || change.verdict === 'significant decrease')
    return `${move}, a statistically significant ${change.verdict === 'significant increase' ? 'increase' : 'decrease'}`;
  if (change.verdict === 'no significant change')
    return current === previous ? move : `${move}, within normal variation`;
  return `${move} (${verdictLabel(change).text})`;
}

export interface RankInput {
  rank: GroupRank;
  /** "districts in Wendleshire" / "members of its most similar group" */
  groupLabel: string;
  /** the subject: "South Thornden", or "In its most similar group it" */
  subject: string;
  denominatorKind: string;
}

/** "South Thornden ranks 6th of 10 districts in Wendleshire … (4th of 10 in the previous 12 months)." */
export function describeRank(input: RankInput): string {
  const { rank } = input;
  const per = input.denominatorKind === 'households' ? 'households' : 'residents';
  if (rank.position === null) {
    return rank.of === 0
      ? `No area of the group has a complete current period and a rate for this measure, so no rank among the ${input.groupLabel} is given.`
      : `${input.subject} is not ranked among the ${rank.of} ${input.groupLabel}: its current 12 months are incomplete or it has no rate.`;
  }
  const was =
    rank.previousPosition === null
      ? 'no previous position is given (not every member has a complete previous 12 months)'
      : rank.previousPosition === rank.position && rank.previousOf === rank.of
        ? 'the same position as in the previous 12 months'
        : `${ordinal(rank.previousPosition)} of ${rank.previousOf} in the previous 12 months`;
  return `${input.subject} ranks ${ordinal(rank.position)} of ${rank.of} ${input.groupLabel} for the rate per 1,000 ${per} (1st = lowest rate); ${was}.`;
}

/** The county and peer-group rank sentences of a measure. */
export function describeRanks(
  rank: {
    county: GroupRank | null;
    peers: PeerRank | null;
    national?: NationalRank | null;
    region?: NationalRank | null;
  },
  areaName: string,
  countyName: string,
  denominatorKind: string,
  unitLabel: 'partnerships' | 'districts' = 'partnerships',
): string[] {
  const out: string[] = [];
  if (rank.county)
    out.push(
      describeRank({ rank: rank.county, groupLabel: `districts in ${countyName}`, subject: areaName, denominatorKind }),
    );
  if (rank.peers) {
    const p = rank.peers;
    const ranked = p.members.length;
    out.push(
      describeRank({
        rank: p,
        groupLabel: `members of its ${peerGroupName(p)}`,
        subject: out.length > 0 ? 'It' : areaName,
        denominatorKind,
      }),
    );
    if (p.groupSize > ranked)
      out.push(
        `Only ${formatInt(ranked)} of the ${formatInt(p.groupSize)} members of its ${peerGroupName(p)} have comparable data and are ranked.`,
      );
  }
  // national and regional positions, where the run could rank them (docs/national.md)
  for (const [key, r] of [
    ['national', rank.national],
    ['region', rank.region],
  ] as const) {
    if (!r || r.position === null || r.of < 2) continue;
    const where =
      key === 'national'
        ? `the ${formatInt(r.of)} ${unitLabel} ranked together${r.group && r.group.code !== 'national' ? ` in ${r.group.name ?? r.group.code}` : ''}`
        : `the ${formatInt(r.of)} ${unitLabel} ranked in ${r.group?.name ?? r.group?.code ?? 'its region'}`;
    const months =
      r.months.length < 12
        ? ` over the ${formatInt(r.months.length)} months complete for all of them (annualised)`
        : '';
    out.push(
      `${out.length > 0 ? 'It' : areaName} ranks ${ordinal(r.position)} of ${where} for the rate per 1,000 ${denominatorKind === 'households' ? 'households' : 'residents'}${months} (1st = lowest rate).`,
    );
  }
  return out;
}

/** Rate against a group average with the rate ratio and its interval. */
export function describeRateVsAverage(
  rate: number,
  rank: GroupRank,
  groupLabel: string,
  denominatorKind: string,
): string | null {
  if (rank.average === null) return null;
  const per = denominatorKind === 'households' ? 'households' : 'residents';
  const head = `The rate is ${formatRate(rate)} per 1,000 ${per}, against ${formatRate(rank.average)} for ${groupLabel} (the pooled rate of the others, not including the district itself)`;
  const rr = rank.rateRatio;
  if (!rr) return `${head}.`;
  const interval = `95% interval ${formatDecimal(rr.lower, 2)} to ${rr.upper === null ? 'unbounded' : formatDecimal(rr.upper, 2)}`;
  const verdict =
    rr.lower > 1
      ? 'significantly above the average'
      : rr.upper !== null && rr.upper < 1
        ? 'significantly below the average'
        : 'not significantly different from the average';
  return `${head}: ${formatDecimal(rr.ratio, 2)} times the average (${interval}), ${verdict}.`;
}

/** "High (score 48 of 125), up from Medium last year." */
export function describeRisk(risk: Risk): string {
  const base = `${risk.level} risk (score ${formatScore(risk.score)} of ${formatInt(risk.maxScore)})`;
  switch (risk.levelChange) {
    case 'up':
      return `${base}, up from ${risk.previousLevel} last year.`;
    case 'down':
      return `${base}, down from ${risk.previousLevel} last year.`;
    case 'same':
      return `${base}, the same level as last year.`;
    case 'new':
      return `${base}; no level was recorded for it last year.`;
    default:
      return `${base}; last year's level was not entered, so no change can be given.`;
  }
}

function unitName(row: LocalRow): string {
  return row.name ? `${row.name} (${row.code})` : row.code;
}

/** The local-context paragraph: top unit and its share, greatest increases and decreases, persistence, concentration. */
export function describeLocal(local: LocalContext, kind: string, ctx: BuildContext): string[] {
  const unit = local.level;
  const units = `${unit}s`;
  const byCode = new Map(local.rows.map((r) => [r.code, r]));
  const out: string[] = [];
  const top = local.top.map((c) => byCode.get(c)).filter((r): r is LocalRow => !!r);
  const first = top[0];
  if (!first || first.current === 0) {
    out.push(`No ${nounFor(kind)} were recorded in any ${unit} in the period.`);
    return out;
  }
  if (hidden(first.current, ctx)) {
    out.push(`Every ${unit} recorded ${fewerThan(ctx)} ${nounFor(kind)} in the period.`);
  } else {
    out.push(
      `${unitName(first)} recorded the most ${nounFor(kind)}: ${formatInt(first.current)}, ${formatShare(first.share)} of the district's total ` +
        `(${first.change.basis === 'like-for-like' ? 'like for like, ' : ''}${describeChangeBrief(first.change, ctx)}).`,
    );
  }
  // increases and decreases exist only where the change was assessed (the comparability rule)
  const rise = local.increases
    .map((c) => byCode.get(c))
    .filter((r): r is LocalRow => !!r && (r.change.abs ?? 0) > 0)
    .slice(0, 3);
  const fall = local.decreases
    .map((c) => byCode.get(c))
    .filter((r): r is LocalRow => !!r && (r.change.abs ?? 0) < 0)
    .slice(0, 3);
  const item = (r: LocalRow) => `${unitName(r)}, ${describeChangeBrief(r.change, ctx)}`;
  const basis = local.rows[0]?.change;
  if (basis?.basis === 'like-for-like' && (rise.length > 0 || fall.length > 0))
    out.push(`Changes by ${unit} are measured like for like, on the months loaded in both years.`);
  if (basis && basis.basis === 'not-assessed')
    out.push(`Changes by ${unit} are not assessed (${basis.reason ?? 'incomplete period'}).`);
  if (rise.length > 0) out.push(`Greatest increases: ${listJoinLong(rise.map(item))}.`);
  if (fall.length > 0) out.push(`Greatest decreases: ${listJoinLong(fall.map(item))}.`);
  const persistent = local.persistent.map((c) => byCode.get(c)).filter((r): r is LocalRow => !!r);
  if (persistent.length > 0) {
    const years = Math.max(...persistent.map((r) => r.yearsCompared));
    out.push(
      years === 1
        ? `In the top five in the one year compared: ${listJoin(persistent.map(unitName))}.`
        : `In the top five in every one of the last ${formatInt(years)} years compared: ${listJoin(persistent.map(unitName))}.`,
    );
  }
  const conc = local.concentration;
  if (conc.topShare !== null && !hidden(first.current, ctx)) {
    out.push(
      `${conc.topN === 1 ? `The top ${unit}` : `The top ${conc.topN} ${units}`} held ${formatShare(conc.topShare)} of the total across ${countOf(conc.units, unit)}` +
        (conc.gini === null
          ? '.'
          : ` (Gini coefficient ${formatDecimal(conc.gini, 2)}: 0 = spread evenly, 1 = all in one ${unit}).`),
    );
  }
  if (local.unallocated > 0)
    out.push(
      `${capitalise(showCount(local.unallocated, ctx))} ${nounFor(kind, local.unallocated)} could not be placed in a ${unit} (no location recorded).`,
    );
  return out;
}

/** "an average of 202.4 for February in the 3 earlier years"; with one earlier year there is no average, only that year's count. */
export function monthAgainst(m: SeasonMonth, ctx: BuildContext): string {
  const base = m.average ?? m.lastYear;
  const name = monthLong(m.month).split(' ')[0]!;
  const against =
    m.average !== null && m.years > 1
      ? `an average of ${formatDecimal(m.average, 1)} for ${name} in the ${formatInt(m.years)} earlier years`
      : m.average !== null
        ? `${formatInt(Math.round(m.average))} in ${name} a year earlier`
        : `${formatInt(m.lastYear ?? 0)} a year earlier`;
  if (anyHidden([m.count, m.lastYear, base === null ? null : Math.round(base)], ctx))
    return `${monthLong(m.month)} (${showCount(m.count, ctx)})`;
  return `${monthLong(m.month)} (${formatInt(m.count)} against ${against})`;
}

/** Peaks and dips of the last 12 months against the usual level of each month. */
export function describeSeasonality(
  s: { months: SeasonMonth[]; peaks: string[]; dips: string[] },
  ctx: BuildContext,
): string {
  const byMonth = new Map(s.months.map((m) => [m.month, m]));
  const peaks = s.peaks.map((m) => byMonth.get(m)).filter((m): m is SeasonMonth => !!m);
  const dips = s.dips.map((m) => byMonth.get(m)).filter((m): m is SeasonMonth => !!m);
  const rule =
    'a month is flagged when it is at least 20% away from its usual level and unlikely to be chance (Poisson test, p < 0.05)';
  if (peaks.length === 0 && dips.length === 0) return `No month stood out from its usual level (${rule}).`;
  const parts: string[] = [];
  if (peaks.length > 0) parts.push(`Peaks: ${listJoin(peaks.map((m) => monthAgainst(m, ctx)))}.`);
  if (dips.length > 0) parts.push(`Dips: ${listJoin(dips.map((m) => monthAgainst(m, ctx)))}.`);
  parts.push(`(${capitalise(rule)}.)`);
  return parts.join(' ');
}

/** "Thursday 31 October 2024 (Halloween): 21 incidents against a daily average of 7.4 that month (adjusted p = 0.011)." */
export function describeSpike(day: SpikeDayRef, kind: string, ctx: BuildContext): string {
  const label = day.events.length > 0 ? ` (${listJoin(day.events)})` : '';
  const p = formatP(day.pAdjusted).replace(/^p/, 'adjusted p');
  return `${dateWithDay(day.date)}${label}: ${showCount(day.count, ctx)} ${nounFor(kind, day.count)} against a daily average of ${formatDecimal(day.monthMean, 1)} that month (${p}).`;
}

/** An emerging-issue signal in the edition's words, from the numbers the signal carries (the engine's own sentence shows raw counts). */
export function describeEmerging(e: EmergingSignal, ctx: BuildContext): string {
  const where = e.area.level === 'district' ? 'the district' : `${e.area.name ?? e.area.code} (${e.area.level})`;
  const way = e.direction === 'increase' ? 'above' : 'below';
  const hide = hidden(e.latest.count, ctx) || hidden(Math.round(e.latest.expected), ctx);
  const latest = hide
    ? `${showCount(e.latest.count, ctx)} in ${monthLong(e.latest.month)}`
    : `${formatInt(e.latest.count)} in ${monthLong(e.latest.month)} against ${formatDecimal(e.latest.expected, 1)} expected`;
  if (e.pValue === undefined || e.pAdjusted === undefined || e.excess === undefined) {
    return `${e.title} in ${where} has run ${way} its expected level since ${monthLong(e.since)}: ${latest} (cumulative sum ${formatDecimal(e.cusum, 1)}).`;
  }
  const alarmed =
    e.alarm && e.alarm !== e.latest.month
      ? `, signalled in ${monthLong(e.alarm)} and ${way} expected every month since`
      : '';
  const excess = Math.round(Math.abs(e.excess));
  const size =
    hide || hidden(excess, ctx)
      ? ''
      : `, ${formatInt(excess)} ${e.excess >= 0 ? 'more' : 'fewer'} than expected since ${monthLong(e.since)}`;
  return `${e.title} in ${where} has run ${way} its expected level since ${monthLong(e.since)}${alarmed}: ${latest}${size} (${formatP(e.pValue)}; adjusted ${formatP(e.pAdjusted)}).`;
}

/** What the month's monitoring covered and what chance alone would give, in one paragraph. */
export function monitoringSummary(m: MonitoringSection): string {
  const n = m.signals.length;
  const notMonitored = m.series.tooFewExpected + m.series.tooShort;
  return (
    `${formatInt(m.series.monitored)} series were monitored for ${monthLong(m.month)} (the district and each ward, for each measure)` +
    (notMonitored > 0
      ? `; ${formatInt(m.series.tooFewExpected)} expecting fewer than ${formatInt(m.method.minExpected)} a month and ${formatInt(m.series.tooShort)} without ${m.method.monitoredMonths + 12} months of history were not. `
      : '. ') +
    `The charts are set so that about ${formatDecimal(m.expectedFalseAlarms, 1)} signal${m.expectedFalseAlarms === 1 ? '' : 's'} a month would arise by chance alone ` +
    `(${formatDecimal(m.expectedFalseAlarmsBy.district, 1)} among the district's own series, ${formatDecimal(m.expectedFalseAlarmsBy.wards, 1)} among its wards'); ` +
    `${formatInt(n)} series ${n === 1 ? 'is' : 'are'} signalling.` +
    (n > 0 && m.signals.every((e) => e.pAdjusted == null || e.pAdjusted >= m.method.alpha)
      ? ` ${n === 1 ? 'It does not stand' : 'None of them stands'} out once every series monitored is allowed for (adjusted p of ${formatDecimal(m.method.alpha, 2)} or more): ${n === 1 ? 'a lead' : 'leads'} for the Joint Action Group to check, not ${n === 1 ? 'a finding' : 'findings'}.`
      : '')
  );
}

/** Rank as a table cell: "6/10 (was 4/10)". */
export function rankCell(rank: GroupRank | null): string {
  if (!rank || rank.position === null) return 'n/a';
  const was = rank.previousPosition === null ? '' : ` (was ${rank.previousPosition}/${rank.previousOf})`;
  return `${rank.position}/${rank.of}${was}`;
}

/** How the measures of the document changed, each outcome counted on its own. */
export interface ChangeTally {
  rose: string[];
  fell: string[];
  /** compared, not a significant change */
  normal: number;
  /** not compared: a month of data missing in one of the periods */
  incomplete: number;
  /** not compared in the public edition: numbers too small to show */
  hidden: number;
  /** not counted at all from the data loaded */
  unavailable: number;
}

/**
 * "Two measures fell significantly (…), one rose significantly (…) and 9 changed within normal
 * variation; 12 could not be compared because a month of data is missing." Every outcome has its
 * own count: measures not compared are never folded into "within normal variation".
 */
export function describeChangeTally(t: ChangeTally): string {
  const measures = (n: number) => (n === 1 ? 'measure' : 'measures');
  const compared: string[] = [];
  if (t.fell.length > 0)
    compared.push(`${countWord(t.fell.length)} ${measures(t.fell.length)} fell significantly (${listJoin(t.fell)})`);
  if (t.rose.length > 0)
    compared.push(
      `${countWord(t.rose.length)}${t.fell.length > 0 ? '' : ` ${measures(t.rose.length)}`} rose significantly (${listJoin(t.rose)})`,
    );
  if (t.normal > 0) {
    if (compared.length === 0)
      compared.push(
        t.normal === 1
          ? 'the one measure compared changed within normal variation'
          : `none of the ${formatInt(t.normal)} measures compared changed significantly: all changed within normal variation`,
      );
    else compared.push(`${countWord(t.normal)} changed within normal variation`);
  }
  const notCompared: string[] = [];
  if (t.incomplete > 0)
    notCompared.push(
      `${countWord(t.incomplete)} could not be compared because data is missing from one of the periods`,
    );
  if (t.hidden > 0)
    notCompared.push(
      `${countWord(t.hidden)} ${t.hidden === 1 ? 'is' : 'are'} not compared in the public edition because the numbers are small`,
    );
  if (t.unavailable > 0) notCompared.push(`${countWord(t.unavailable)} could not be counted from the data loaded`);
  if (compared.length === 0) {
    const why: string[] = [];
    if (t.incomplete > 0)
      why.push(
        `${countWord(t.incomplete)} ${t.incomplete === 1 ? 'has' : 'have'} data missing from one of the periods`,
      );
    if (t.hidden > 0)
      why.push(
        `${countWord(t.hidden)} ${t.hidden === 1 ? 'has' : 'have'} numbers too small to compare in the public edition`,
      );
    if (t.unavailable > 0) why.push(`${countWord(t.unavailable)} could not be counted from the data loaded`);
    return why.length === 0
      ? 'No measure could be compared.'
      : capitalise(`no measure could be compared: ${listJoin(why)}.`);
  }
  return capitalise(`${listJoin(compared)}${notCompared.length > 0 ? `; ${listJoin(notCompared)}` : ''}.`);
}

/** The outcome of every measure's change, each counted once (measures counted, not requested). */
export function changeTally(measures: readonly MeasureAssessment[], ctx: BuildContext): ChangeTally {
  const t: ChangeTally = { rose: [], fell: [], normal: 0, incomplete: 0, hidden: 0, unavailable: 0 };
  for (const m of measures) {
    if (!m.available || m.current.count === null) t.unavailable++;
    else if (m.change.verdict.startsWith('not assessed')) t.incomplete++;
    else if (anyHidden([m.change.current, m.change.previous], ctx)) t.hidden++;
    else if (m.change.verdict === 'significant increase') t.rose.push(m.title);
    else if (m.change.verdict === 'significant decrease') t.fell.push(m.title);
    else t.normal++;
  }
  return t;
}
