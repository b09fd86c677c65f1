import type { LocalContext, LocalRow, MeasureAssessment, RiskFactorRef } from '../../assess/schema.ts';
import type { Block, Section, TableCell } from '../model.ts';
import { capitalise, formatDecimal, formatScore, formatInt, formatPct, formatShare, periodLong } from '../format.ts';
import { bullets, cell, heading, info, levelTone, para, table, warning } from './blocks.ts';
import {
  anyHidden,
  comparedHeads,
  comparedPair,
  fewerThan,
  hidden,
  showChangeAbs,
  showChangePct,
  showCount,
  showPctChange,
  showRate,
  showShare,
  type BuildContext,
} from './context.ts';
import { outcomeBlocks, policeActivityBlocks } from './outcomes.ts';
import { breakdownChart, monthlyChart, trendChart, wardMap, type ChartResult } from './charts.ts';
import { themeBlocks, themeLead } from './themes.ts';
import {
  coveringPriority,
  fallbackReason,
  measureAliases,
  measureSectionId,
  priorityOf,
  standsInFor,
} from './measures.ts';
import {
  describeChange,
  describeEmerging,
  describeLocal,
  describeRanks,
  describeRateVsAverage,
  describeRisk,
  describeSeasonality,
  describeSpike,
  nounFor,
  peerGroupName,
  rankCell,
  verdictLabel,
} from './narrative.ts';

/** The engine's 'no peer rank for "…": why; …' note, said once in the analysis chapter rather than in every section. */
export function noPeerRank(note: string): { title: string; why: string } | null {
  const m = /^no peer rank for "([^"]*)": ([^;]*)/.exec(note);
  return m ? { title: m[1]!, why: m[2]! } : null;
}

function chartOrNote(result: ChartResult, what: string): Block[] {
  if (!result) return [];
  if ('block' in result) return [result.block];
  return [para(`The ${what} is not drawn: ${result.withheld}.`)];
}

function keyFigures(m: MeasureAssessment, ctx: BuildContext): Block {
  const c = m.current.count;
  const verdict = verdictLabel(m.change);
  const likeForLike = m.change.basis === 'like-for-like' && m.comparison;
  const before =
    m.change.previous === null
      ? 'no comparable year before'
      : likeForLike
        ? `${showCount(m.change.current, ctx)} against ${showCount(m.change.previous, ctx)}, like for like (${m.comparison!.months} months)`
        : `${showCount(m.change.previous, ctx)} the year before`;
  const items: Extract<Block, { type: 'keyFigures' }>['items'] = [
    { label: capitalise(nounFor(m.kind)), value: showCount(c, ctx), note: before },
    {
      label: 'Change',
      value: showChangePct(m.change, m.change.current, m.change.previous, ctx),
      note: verdict.text.replace(/^not assessed: /, ''),
      tone: verdict.tone,
    },
  ];
  if (m.current.rate !== null)
    items.push({
      label: `Per 1,000 ${m.denominator?.kind === 'households' ? 'households' : 'residents'}`,
      value: showRate(m.current.rate, [c], ctx),
      note: m.denominator ? `${m.denominator.year} ${m.denominator.kind}` : '',
    });
  if (m.rank.county?.position)
    items.push({
      label: 'County position',
      value: rankCell(m.rank.county).split(' ')[0]!,
      note: m.rank.county.previousPosition
        ? `was ${m.rank.county.previousPosition}/${m.rank.county.previousOf}`
        : '1 = lowest rate',
    });
  if (m.rank.peers?.position)
    items.push({
      label: peerGroupName(m.rank.peers, true),
      value: rankCell(m.rank.peers).split(' ')[0]!,
      note: m.rank.peers.previousPosition
        ? `was ${m.rank.peers.previousPosition}/${m.rank.peers.previousOf}`
        : '1 = lowest rate',
    });
  if (m.risk)
    items.push({
      label: 'Risk',
      value: m.risk.level,
      note: m.risk.previousLevel ? `was ${m.risk.previousLevel}` : 'no level last year',
      tone: levelTone(m.risk.level),
    });
  return { type: 'keyFigures', items };
}

/** Factor explanations that quote a count the public edition may not show. */
function factorText(f: RiskFactorRef, m: MeasureAssessment, ctx: BuildContext): string {
  if (!anyHidden([m.current.count, m.change.current, m.change.previous], ctx)) return f.explanation;
  if (f.id === 'trend')
    return `The count is ${fewerThan(ctx)} in one of the two periods, so the public edition does not show the change.`;
  if (f.id === 'volume') return 'The rate is not shown in the public edition (small numbers).';
  return f.explanation;
}

function standing(m: MeasureAssessment, ctx: BuildContext): string {
  const priority = priorityOf(ctx.a, m.countedAs);
  if (priority)
    return `It is recommended as priority ${priority.rank} of ${ctx.a.priorities.length} (${priority.status}${priority.override ? `, ${priority.override}` : ''}).`;
  const cover = coveringPriority(ctx.a, m.countedAs);
  return cover
    ? `It is not recommended separately: its offences are counted within priority ${cover.rank}, ${cover.title}, which carries ${cover.score > (m.risk?.score ?? 0) ? 'the higher risk score' : 'the same risk score and is the broader measure'}.`
    : 'It is not among the recommended priorities.';
}

function riskBlocks(m: MeasureAssessment, ctx: BuildContext, sectionId: string): Block[] {
  if (!m.risk) return [];
  const blocks: Block[] = [heading(3, 'Risk assessment', `${sectionId}-risk`)];
  blocks.push(para(`The risk matrix rates ${m.title} as ${describeRisk(m.risk)} ${standing(m, ctx)}`));
  blocks.push(
    table({
      id: `${sectionId}-risk-factors`,
      caption: `Risk factors for ${m.title}`,
      head: ['Factor', 'Dimension', 'Score', 'Weight', 'Why'],
      align: ['left', 'left', 'right', 'right', 'left'],
      rows: m.risk.factors.map((f) => [
        cell(f.label),
        cell(f.dimension),
        cell(f.score, `${formatScore(f.score)} of ${f.max}${f.available ? '' : '*'}`),
        cell(f.weight, formatDecimal(f.weight, Number.isInteger(f.weight) ? 0 : 1)),
        cell(factorText(f, m, ctx)),
      ]),
      note: `${m.risk.factors.some((f) => !f.available) ? '* No data: the neutral score. ' : ''}Dimension scores: harm ${formatDecimal(m.risk.dimensions.harm, 2)}, likelihood ${formatDecimal(m.risk.dimensions.likelihood, 2)}, organisational ${formatDecimal(m.risk.dimensions.organisational, 2)} (weighted means of their factors); score = harm × likelihood × organisational = ${formatScore(m.risk.score)} of ${formatInt(m.risk.maxScore)}.`,
    }),
  );
  return blocks;
}

function changeBlocks(m: MeasureAssessment, ctx: BuildContext, sectionId: string): Block[] {
  const blocks: Block[] = [heading(3, 'Volume and change', `${sectionId}-change`)];
  blocks.push(para(describeChange({ ...m, period: ctx.a.period, previousPeriod: ctx.a.previousPeriod }, ctx)));
  if (m.otherPeriods.length > 0) {
    blocks.push(
      table({
        id: `${sectionId}-periods`,
        caption: `${m.title} over other periods`,
        head: ['Period', 'Earlier', 'Latest', '% change', 'Significance'],
        align: ['left', 'right', 'right', 'right', 'left'],
        rows: m.otherPeriods.map((o) => {
          const v = verdictLabel(o.change);
          const likeForLike = o.compared.kind === 'like-for-like';
          const pair = likeForLike
            ? { previous: o.change.previous, current: o.change.current }
            : { previous: o.change.previous === null ? null : o.comparison.count, current: o.current.count };
          return [
            cell(capitalise(likeForLike ? `${o.label}: like for like, ${o.compared.label}` : o.label)),
            cell(pair.previous, showCount(pair.previous, ctx)),
            cell(pair.current, showCount(pair.current, ctx)),
            cell(o.change.pct, showChangePct(o.change, pair.current, pair.previous, ctx)),
            cell(v.text, v.text, v.tone),
          ];
        }),
      }),
    );
  }
  if (m.harm && m.harm.current > 0 && !anyHidden([m.current.count, m.change.current, m.change.previous], ctx)) {
    const share =
      m.harm.shareOfTotal === null
        ? ''
        : `, ${formatShare(m.harm.shareOfTotal)} of the district's crime-severity-weighted harm`;
    const against =
      m.change.basis === 'like-for-like' ? 'on the same months a year earlier, like for like' : 'on the year before';
    const change =
      m.harm.pct === null || m.harm.compared === null ? '' : ` (${formatPct(m.harm.pct, true)} ${against})`;
    blocks.push(
      para(
        `Weighted by the Crime Severity Score, these ${nounFor(m.kind)} carry a harm of ${formatInt(m.harm.current)}${change}${share}.`,
      ),
    );
  }
  return blocks;
}

function rankBlocks(m: MeasureAssessment, ctx: BuildContext, sectionId: string): Block[] {
  const { a } = ctx;
  const name = a.area.name ?? a.area.code;
  const kind = m.denominator?.kind ?? 'population';
  const sentences = describeRanks(
    m.rank,
    name,
    a.county?.name ?? 'the county',
    kind,
    a.nationalRanking?.unit === 'district' ? 'districts' : 'partnerships',
  );
  // why no national or regional position is given, once, under all crime (docs/national.md)
  if (m.countedAs === 'all-crime' && a.nationalRanking) {
    const { national, region } = a.nationalRanking;
    const unranked = [
      national.ranked ? null : `national (${national.reason})`,
      region.ranked ? null : `regional (${region.reason})`,
    ].filter((x): x is string => x !== null);
    if (unranked.length > 0) sentences.push(`No ${unranked.join(' or ')} position is given.`);
  }
  if (sentences.length === 0) return [];
  const blocks: Block[] = [
    heading(3, 'Position against the county and peers', `${sectionId}-ranks`),
    para(sentences.join(' ')),
  ];
  if (m.current.rate !== null && !anyHidden([m.current.count], ctx)) {
    const vs = m.rank.peers
      ? describeRateVsAverage(m.current.rate, m.rank.peers, `its ${peerGroupName(m.rank.peers)}`, kind)
      : m.rank.county
        ? describeRateVsAverage(
            m.current.rate,
            m.rank.county,
            `the other districts of ${a.county?.name ?? 'the county'}`,
            kind,
          )
        : null;
    if (vs) blocks.push(para(vs));
  }
  if (m.rank.peers) blocks.push(para(`Peers: ${m.rank.peers.basisNote}; counts from ${m.rank.peers.countsFrom}.`));
  return blocks;
}

function seasonBlocks(m: MeasureAssessment, ctx: BuildContext, sectionId: string): Block[] {
  if (!m.seasonality && !m.spikes) return [];
  const blocks: Block[] = [heading(3, 'Seasonality and unusual days', `${sectionId}-seasonality`)];
  blocks.push(...chartOrNote(monthlyChart(m, ctx), 'monthly chart'));
  if (m.seasonality) blocks.push(para(describeSeasonality(m.seasonality, ctx)));
  if (m.spikes) {
    const days = m.spikes.days.filter((d) => !hidden(d.count, ctx));
    if (days.length > 0) {
      blocks.push(
        para(
          `Days far above their month's daily average (Poisson upper tail, adjusted for the ${formatInt(m.spikes.tested)} days tested):`,
        ),
        bullets(days.map((d) => describeSpike(d, m.kind, ctx))),
      );
    } else if (m.spikes.tested > 0) {
      blocks.push(para(`No day stood out from its month's daily average (${formatInt(m.spikes.tested)} days tested).`));
    }
    if (m.spikes.note) blocks.push(para(`Unusual days: ${m.spikes.note}.`));
  }
  return blocks;
}

function localRowCells(r: LocalRow, ctx: BuildContext): TableCell[] {
  const v = verdictLabel(r.change);
  const pair = comparedPair(r.change, r.current);
  const hide = anyHidden([r.current, pair.previous], ctx);
  return [
    cell(r.name ? `${r.name} (${r.code})` : r.code),
    cell(pair.previous, showCount(pair.previous, ctx)),
    cell(pair.current, showCount(pair.current, ctx)),
    cell(r.change.abs, showChangeAbs(r.change, pair.current, pair.previous, ctx)),
    cell(r.change.pct, showChangePct(r.change, pair.current, pair.previous, ctx)),
    cell(r.share, showShare(r.share, [r.current], ctx)),
    cell(r.rate, r.rate === null ? 'n/a' : showRate(r.rate, [r.current], ctx)),
    hide ? cell(null, 'not shown') : cell(v.text, v.text, v.tone),
    cell(r.yearsInTopFive, `${r.yearsInTopFive} of ${r.yearsCompared}`),
  ];
}

/** The ward table's note on "years in top five": over how many 12-month periods. */
export function yearsInTopFiveNote(periods: number): string {
  return periods === 1
    ? 'years in top five in the latest 12-month period only (no earlier period to compare).'
    : `years in top five over the last ${formatInt(periods)} 12-month periods.`;
}

/** The ward table: the ten with most, then any of the greatest increases and decreases not among them. */
export function wardTableRows(local: LocalContext): LocalRow[] {
  const byCount = [...local.rows].sort((x, y) => y.current - x.current || x.code.localeCompare(y.code));
  const top = byCount.slice(0, 10);
  const codes = new Set(top.map((r) => r.code));
  const extra = [...local.increases.slice(0, 3), ...local.decreases.slice(0, 3)].filter((c) => !codes.has(c));
  const byCode = new Map(local.rows.map((r) => [r.code, r]));
  return [...top, ...[...new Set(extra)].map((c) => byCode.get(c)).filter((r): r is LocalRow => !!r)];
}

function localBlocks(m: MeasureAssessment, ctx: BuildContext, sectionId: string): Block[] {
  const ward = m.local.ward;
  if (!ward) return [];
  const blocks: Block[] = [heading(3, 'Local context', `${sectionId}-local`)];
  blocks.push(...chartOrNote(wardMap(m, ctx), 'ward map'));
  blocks.push(...describeLocal(ward, m.kind, ctx).map((s) => para(s)));
  const rows = wardTableRows(ward);
  if (rows.some((r) => !hidden(r.current, ctx))) {
    blocks.push(
      table({
        id: `${sectionId}-wards`,
        caption: `${m.title} by ward: the ${Math.min(10, ward.rows.length)} with most, and the greatest increases and decreases`,
        head: [
          'Ward',
          ...comparedHeads(m.comparison),
          'Change',
          '% change',
          'Share',
          'Per 1,000',
          'Significance',
          'Years in top five',
        ],
        align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left', 'right'],
        rows: rows.map((r) => localRowCells(r, ctx)),
        note: `${formatInt(ward.rows.length)} wards in all. Share of the district's count; per 1,000 ward residents where ward populations are loaded; ${yearsInTopFiveNote(Math.max(...ward.rows.map((r) => r.yearsCompared)))}`,
      }),
    );
  } else {
    blocks.push(para(`Every ward recorded ${fewerThan(ctx)}, so the public edition has no ward table.`));
  }
  const beat = m.local.beat;
  if (beat && ctx.edition === 'full' && beat.rows.length > 0) {
    const top = [...beat.rows].sort((x, y) => y.current - x.current || x.code.localeCompare(y.code)).slice(0, 5);
    blocks.push(
      table({
        id: `${sectionId}-beats`,
        caption: `${m.title}: the five police beats with most`,
        head: ['Beat', ...comparedHeads(m.comparison), '% change', 'Share', 'Significance'],
        align: ['left', 'right', 'right', 'right', 'right', 'left'],
        rows: top.map((r) => {
          const v = verdictLabel(r.change);
          const pair = comparedPair(r.change, r.current);
          return [
            cell(r.name ? `${r.code} ${r.name}` : r.code),
            cell(pair.previous, showCount(pair.previous, ctx)),
            cell(pair.current, showCount(pair.current, ctx)),
            cell(r.change.pct, showChangePct(r.change, pair.current, pair.previous, ctx)),
            cell(r.share, formatShare(r.share)),
            cell(v.text, v.text, v.tone),
          ];
        }),
        note: 'Police beats (full edition only).',
      }),
    );
  }
  return blocks;
}

function breakdownBlocks(m: MeasureAssessment, ctx: BuildContext, sectionId: string): Block[] {
  const b = m.breakdown;
  if (!b || b.rows.length < 2) return [];
  const classes = m.countedAs === 'asb' && b.by === 'sub_category';
  const byWhat =
    b.by === 'offence_code'
      ? 'Home Office offence code'
      : b.by === 'category'
        ? 'crime type'
        : classes
          ? 'incident class'
          : 'sub-type';
  const blocks: Block[] = [
    heading(
      3,
      classes ? 'Incident classes: personal, nuisance and environmental' : 'Sub-types',
      `${sectionId}-subtypes-heading`,
    ),
  ];
  const top = b.rows[0]!;
  if (!hidden(top.current, ctx) && top.current > 0)
    blocks.push(
      para(`${top.label} made up ${formatShare(top.share)} of the ${nounFor(m.kind)} (${formatInt(top.current)}).`),
    );
  blocks.push(...chartOrNote(breakdownChart(m, ctx), 'sub-type chart'));
  const shown = b.rows.slice(0, 15);
  const rest = b.rows.slice(15);
  const rows = shown.map((r) => {
    const pair = comparedPair(r.change, r.current);
    return [
      cell(r.label),
      cell(pair.previous, showCount(pair.previous, ctx)),
      cell(pair.current, showCount(pair.current, ctx)),
      cell(r.pct, showChangePct(r.change, pair.current, pair.previous, ctx)),
      cell(r.share, showShare(r.share, [r.current], ctx)),
    ];
  });
  if (rest.length > 0) {
    const assessed = rest.every((r) => r.change.previous !== null);
    const cur = rest.reduce((s, r) => s + (comparedPair(r.change, r.current).current ?? 0), 0);
    const prev = assessed ? rest.reduce((s, r) => s + r.change.previous!, 0) : null;
    const total = b.rows.reduce((s, r) => s + r.current, 0);
    rows.push([
      cell(rest.length === 1 ? '1 other' : `${rest.length} others`),
      cell(prev, showCount(prev, ctx)),
      cell(cur, showCount(cur, ctx)),
      cell(null, prev === null ? 'not assessed' : showPctChange(cur, prev, null, ctx)),
      cell(null, showShare(total > 0 ? cur / total : 0, [cur], ctx)),
    ]);
  }
  blocks.push(
    table({
      id: `${sectionId}-subtypes-table`,
      caption: `${m.title} by ${byWhat}`,
      head: [capitalise(byWhat), ...comparedHeads(m.comparison), '% change', 'Share'],
      align: ['left', 'right', 'right', 'right', 'right'],
      rows,
      note: 'Changes of sub-types are not tested one by one: read small ones as within normal variation.',
    }),
  );
  return blocks;
}

function emergingBlocks(m: MeasureAssessment, ctx: BuildContext, sectionId: string): Block[] {
  const signals = m.emerging.filter((e) => e.direction === 'increase');
  const falls = m.emerging.filter((e) => e.direction === 'decrease' && e.area.level === 'district');
  if (signals.length === 0 && falls.length === 0) return [];
  const blocks: Block[] = [heading(3, 'Emerging signals', `${sectionId}-emerging`)];
  const shown = [
    ...signals.sort(
      (x, y) => (x.area.level === 'district' ? 0 : 1) - (y.area.level === 'district' ? 0 : 1) || y.cusum - x.cusum,
    ),
    ...falls,
  ];
  blocks.push(bullets(shown.slice(0, 6).map((e) => describeEmerging(e, ctx))));
  if (shown.length > 6)
    blocks.push(
      para(
        `… and ${shown.length - 6} more ward-level signal${shown.length - 6 === 1 ? '' : 's'} (see Emerging issues).`,
      ),
    );
  return blocks;
}

/**
 * The default recommendation when the partnership has not written its own: a recommendation in
 * the document's voice, from the measure's standing (priority or not) and risk level. The
 * analysts are told to replace it in the checklist (src/report/checklist.ts), never in the document.
 */
export function defaultRecommendation(m: MeasureAssessment, ctx: BuildContext): string {
  const priority = priorityOf(ctx.a, m.countedAs);
  if (priority) {
    return priority.status === 'carried forward'
      ? `That ${m.title} remains a priority for the partnership and continues to be monitored monthly by the Joint Action Group.`
      : `That ${m.title} is adopted as a priority for the partnership and monitored monthly by the Joint Action Group.`;
  }
  switch (m.risk?.level) {
    case 'High':
      return `That ${m.title}, rated High risk although outside the recommended priorities, is reviewed by the Joint Action Group each quarter.`;
    case 'Medium':
      return `That ${m.title} continues to be monitored monthly through the emerging-issue checks, and is raised with the Joint Action Group if it rises significantly.`;
    default:
      return `That ${m.title} continues to be monitored through the emerging-issue checks, and is raised with the Joint Action Group if it moves.`;
  }
}

/** The partnership's own recommendations for a measure (by the id asked for or the one counted). */
export function writtenRecommendations(
  m: Pick<MeasureAssessment, 'countedAs'>,
  ctx: Pick<BuildContext, 'a' | 'words'>,
): string[] {
  const aliases = measureAliases(ctx.a);
  return Object.entries(ctx.words.recommendations ?? {})
    .filter(([id]) => (aliases.get(id) ?? id) === m.countedAs)
    .flatMap(([, lines]) => lines);
}

function recommendationBlocks(m: MeasureAssessment, ctx: BuildContext, sectionId: string): Block[] {
  const written = writtenRecommendations(m, ctx);
  const blocks: Block[] = [heading(3, 'Key recommendations', `${sectionId}-recommendations`)];
  if (written.length > 0)
    blocks.push(...written.map((text): Block => ({ type: 'callout', tone: 'analyst', runs: [text] })));
  else blocks.push(para(defaultRecommendation(m, ctx)));
  return blocks;
}

export function measureSection(m: MeasureAssessment, ctx: BuildContext, detail: 'full' | 'brief' = 'full'): Section {
  const sectionId = measureSectionId(m.countedAs);
  const blocks: Block[] = [];
  const standsIn = standsInFor(ctx.a, m.countedAs);
  for (const f of standsIn) {
    blocks.push(
      warning(
        `Shown in place of ${f.title}, which the data cannot support${f.note ? `: ${fallbackReason(f.note)}` : ''}.`,
        'Fallback measure',
      ),
    );
  }
  blocks.push(...themeLead(m));
  if (!m.available) {
    blocks.push(
      para(
        `${m.title} could not be counted for ${periodLong(ctx.a.period)}${m.notes.length > 0 ? `: ${m.notes.join('; ')}` : ''}.`,
      ),
    );
    return { id: sectionId, title: m.title, level: 2, blocks };
  }
  blocks.push(keyFigures(m, ctx));
  if (m.definition.note) blocks.push(para(`Definition: ${m.definition.note}.`));
  if (detail === 'brief') {
    blocks.push(...briefBlocks(m, ctx));
    blocks.push(...themeBlocks(m, ctx, sectionId));
  } else {
    blocks.push(...riskBlocks(m, ctx, sectionId));
    blocks.push(...changeBlocks(m, ctx, sectionId));
    blocks.push(...rankBlocks(m, ctx, sectionId));
    const trend = trendChart(m, ctx);
    if (trend) blocks.push(heading(3, 'Trend', `${sectionId}-trend-heading`), ...chartOrNote(trend, 'trend chart'));
    blocks.push(...seasonBlocks(m, ctx, sectionId));
    blocks.push(...localBlocks(m, ctx, sectionId));
    blocks.push(...breakdownBlocks(m, ctx, sectionId));
    blocks.push(...themeBlocks(m, ctx, sectionId));
    blocks.push(...outcomeBlocks(m, ctx, sectionId), ...policeActivityBlocks(m, ctx, sectionId));
    blocks.push(...emergingBlocks(m, ctx, sectionId));
  }
  const notes = m.notes.filter((n) => !standsIn.some((f) => f.note === n) && !noPeerRank(n));
  for (const n of notes) blocks.push(info(capitalise(n.endsWith('.') ? n : `${n}.`), 'Note'));
  blocks.push(...recommendationBlocks(m, ctx, sectionId));
  return { id: sectionId, title: m.title, level: 2, blocks };
}

/** The brief section: risk, change, ranks and trend in a few paragraphs and one chart. */
function briefBlocks(m: MeasureAssessment, ctx: BuildContext): Block[] {
  const { a } = ctx;
  const blocks: Block[] = [];
  if (m.risk) blocks.push(para(`The risk matrix rates ${m.title} as ${describeRisk(m.risk)} ${standing(m, ctx)}`));
  blocks.push(para(describeChange({ ...m, period: a.period, previousPeriod: a.previousPeriod }, ctx)));
  const ranks = describeRanks(
    m.rank,
    a.area.name ?? a.area.code,
    a.county?.name ?? 'the county',
    m.denominator?.kind ?? 'population',
  );
  if (ranks.length > 0) blocks.push(para(ranks.join(' ')));
  const ward = m.local.ward;
  if (ward) {
    const first = describeLocal(ward, m.kind, ctx)[0];
    if (first) blocks.push(para(first));
  }
  blocks.push(...chartOrNote(trendChart(m, ctx), 'trend chart'));
  return blocks;
}
