import type { Assessment, MeasureAssessment } from '../../assess/schema.ts';
import type { Block, Section } from '../model.ts';
import { dateLong, formatInt, formatScore, formatRate, listJoin, ordinal, periodLong } from '../format.ts';
import { bullets, cell, heading, levelTone, link, para, table } from './blocks.ts';
import { anyHidden, showChangePct, showCount, type BuildContext } from './context.ts';
import { markdownBlocks } from './markdown.ts';
import { DRUG_CAVEAT_SHORT, isDrugMeasure } from './themes.ts';
import { measureAliases, measureSectionId, uniqueMeasures } from './measures.ts';
import {
  changeTally,
  describeChange,
  describeChangeTally,
  describeEmerging,
  peerGroupName,
  verdictLabel,
} from './narrative.ts';

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

function areaName(a: Assessment): string {
  return a.area.name ?? a.area.code;
}

export function allCrime(a: Assessment): MeasureAssessment | null {
  return a.measures.find((m) => m.countedAs === 'all-crime' && m.available) ?? null;
}

/** Last period's priorities: the analysts' own list, else those the risk config named (carried forward or dropped). */
export function previousPriorities(a: Assessment, words: BuildContext['words']): string[] {
  if (words.previousPriorities && words.previousPriorities.length > 0) return words.previousPriorities;
  const carried = a.priorities.filter((p) => p.status === 'carried forward').map((p) => p.title);
  const dropped = a.droppedPriorities.map((d) => d.title);
  return [...carried, ...dropped];
}

/** District-level rises in measures that are not recommended priorities: the issues kept under watch. */
export function watchList(a: Assessment): Assessment['emergingIssues'] {
  const aliases = measureAliases(a);
  const priority = new Set(a.priorities.map((p) => aliases.get(p.measure) ?? p.measure));
  return a.emergingIssues.filter(
    (e) =>
      e.area.level === 'district' && e.direction === 'increase' && !priority.has(aliases.get(e.measure) ?? e.measure),
  );
}

function keyFigures(a: Assessment, ctx: BuildContext): Block | null {
  const all = allCrime(a);
  if (!all) return null;
  const verdict = verdictLabel(all.change);
  const items: Extract<Block, { type: 'keyFigures' }>['items'] = [
    {
      label: `All crime, ${periodLong(a.period)}`,
      value: showCount(all.current.count, ctx),
      note:
        all.change.previous === null
          ? 'no comparable year before'
          : all.change.basis === 'like-for-like'
            ? `${showCount(all.change.current, ctx)} against ${showCount(all.change.previous, ctx)} like for like (${a.comparison.months} months)`
            : `${showCount(all.change.previous, ctx)} the year before`,
    },
    {
      label: all.change.basis === 'like-for-like' ? 'Change, like for like' : 'Change on the year before',
      value: showChangePct(all.change, all.change.current, all.change.previous, ctx),
      note: verdict.text.replace(/^not assessed: /, ''),
      tone: verdict.tone,
    },
  ];
  if (all.current.rate !== null && !anyHidden([all.current.count], ctx))
    items.push({
      label: 'Crimes per 1,000 residents',
      value: formatRate(all.current.rate),
      note: all.denominator ? `${all.denominator.year} population` : '',
    });
  const county = all.rank.county;
  if (county?.position)
    items.push({
      label: `Position in ${a.county?.name ?? 'the county'}`,
      value: `${ordinal(county.position)} of ${county.of}`,
      note: county.previousPosition
        ? `was ${ordinal(county.previousPosition)}; 1st = lowest rate`
        : '1st = lowest rate',
    });
  const peers = all.rank.peers;
  if (peers?.position)
    items.push({
      label: peers.basis === 'imported' ? 'Position in most similar group' : `Position among ${peerGroupName(peers)}`,
      value: `${ordinal(peers.position)} of ${peers.of}`,
      note: peers.previousPosition ? `was ${ordinal(peers.previousPosition)}` : '',
    });
  return { type: 'keyFigures', items };
}

/** The two main reasons of a priority, and the measures it covers (overlapping offences), which the table must show. */
export function mainReasons(p: Assessment['priorities'][number]): string[] {
  const covers = (p.covers ?? []).length > 0;
  const factors = covers ? p.reasons.slice(0, -1) : p.reasons;
  return [...factors.slice(0, 2), ...(covers ? p.reasons.slice(-1) : [])];
}

function prioritiesTable(a: Assessment, ctx: BuildContext): Block {
  const notes = ctx.words.priorityNotes ?? {};
  const aliases = measureAliases(a);
  const noteFor = (measure: string) =>
    notes[measure] ?? Object.entries(notes).find(([k]) => aliases.get(k) === measure)?.[1];
  const withNotes = a.priorities.some((p) => noteFor(p.measure));
  const head = [
    'Priority',
    'Risk level',
    'Score',
    'Status',
    'Main reasons',
    ...(withNotes ? ['Partnership note'] : []),
  ];
  return table({
    id: 'summary-priorities',
    caption: `Recommended priorities for ${a.area.name ?? a.area.code}, ranked by the risk matrix`,
    head,
    align: ['left', 'left', 'right', 'left', 'left', 'left'],
    rows: a.priorities.map((p) => [
      cell(p.title, `${p.rank}. ${p.title}`),
      cell(p.level, p.level, levelTone(p.level)),
      cell(p.score, formatScore(p.score)),
      cell(p.override ? `${p.status} (${p.override})` : p.status),
      cell(mainReasons(p).join(' ')),
      ...(withNotes ? [cell(noteFor(p.measure) ?? '')] : []),
    ]),
    note: `Risk levels: Low below ${formatInt(a.config.riskThresholds['medium'] ?? 0)}, Medium from ${formatInt(a.config.riskThresholds['medium'] ?? 0)}, High from ${formatInt(a.config.riskThresholds['high'] ?? 0)} (score = harm × likelihood × organisational position; see the appendix).`,
  });
}

export function summarySection(ctx: BuildContext): Section {
  const { a } = ctx;
  const blocks: Block[] = [];
  blocks.push(
    para(
      `This strategic assessment of ${areaName(a)} covers ${periodLong(a.period)} and compares it with the 12 months before. ` +
        'It identifies current crime and disorder issues and emerging trends, and recommends the priorities the partnership should adopt, ' +
        'using a risk matrix scored from the data and explained factor by factor.',
    ),
  );
  const figures = keyFigures(a, ctx);
  if (figures) blocks.push(figures);
  const all = allCrime(a);
  if (all)
    blocks.push(
      para(describeChange({ ...all, title: 'All crime', period: a.period, previousPeriod: a.previousPeriod }, ctx)),
    );

  blocks.push(heading(3, "Last period's priorities", 'summary-previous-priorities'));
  const previous = previousPriorities(a, ctx.words);
  if (previous.length > 0) {
    blocks.push(para('The priorities identified in the last strategic assessment were:'), bullets(previous));
  } else {
    blocks.push(
      para(
        `Last year's priorities were not supplied${a.priorities.length > 0 ? ', so each priority recommended below is marked new' : ''}.`,
      ),
    );
  }

  blocks.push(heading(3, 'Recommended priorities', 'summary-recommended-priorities'));
  if (a.priorities.length > 0) {
    const carried = a.priorities.filter((p) => p.status === 'carried forward').length;
    blocks.push(
      para(
        (a.priorities.length === 1
          ? 'The partnership is recommended to adopt the following priority'
          : `The partnership is recommended to adopt the following ${a.priorities.length} priorities`) +
          (previous.length > 0
            ? ` (${carried} carried forward from last year, ${a.priorities.length - carried} new)`
            : '') +
          '. Each is explained in its own section, ',
        link('Analysis by measure', 'analysis'),
        '.',
      ),
      prioritiesTable(a, ctx),
    );
    const drugPriority = a.priorities.find((p) => isDrugMeasure(aliasOf(a, p.measure)));
    if (drugPriority)
      blocks.push(
        para(
          `${DRUG_CAVEAT_SHORT} The case for ${drugPriority.title} as a priority therefore rests on the police activity it reflects as much as on the drug market.`,
        ),
      );
  } else {
    blocks.push(para('The risk matrix recommends no priorities: no measure could be scored.'));
  }
  if (ctx.words.priorityCommentary)
    blocks.push(
      ...markdownBlocks(ctx.words.priorityCommentary, 'summary-priorities', 'Partnership commentary on the priorities'),
    );
  if (a.droppedPriorities.length > 0) {
    blocks.push(
      para('No longer recommended:'),
      bullets(a.droppedPriorities.map((d) => `${d.title}${d.level ? ` (${d.level} risk)` : ''}: ${d.reason}`)),
    );
  }

  blocks.push(heading(3, 'Emerging issues under watch', 'summary-emerging'));
  const watch = watchList(a);
  if (watch.length > 0) {
    blocks.push(
      para(
        'Outside the priorities, control-chart monitoring shows these measures running above their expected level in the district:',
      ),
      bullets(watch.slice(0, 8).map((e) => describeEmerging(e, ctx))),
    );
    if (watch.slice(0, 8).some((e) => isDrugMeasure(aliasOf(a, e.measure)))) blocks.push(para(DRUG_CAVEAT_SHORT));
    if (watch.length > 8)
      blocks.push(para(`… and ${watch.length - 8} more (`, link('Emerging issues', 'emerging-issues'), ').'));
  } else {
    blocks.push(para('No measure outside the priorities shows an emerging rise at district level.'));
  }
  blocks.push(
    para(
      'Issues that are not priorities, or are only emerging, will not be ignored: the partnership continues to monitor them and to deal with them ' +
        'on a proportionate problem-solving basis.',
    ),
  );
  return { id: 'summary', title: 'Executive summary', level: 1, blocks };
}

export function conclusionSection(ctx: BuildContext): Section {
  const { a } = ctx;
  const blocks: Block[] = [];
  const all = allCrime(a);
  if (all)
    blocks.push(
      para(describeChange({ ...all, title: 'All crime', period: a.period, previousPeriod: a.previousPeriod }, ctx)),
    );
  const measures = uniqueMeasures(a);
  if (measures.length > 0)
    blocks.push(
      para(
        `Of the ${measures.length === 1 ? 'one measure' : `${formatInt(measures.length)} measures`} in this assessment: ${lowerFirst(describeChangeTally(changeTally(measures, ctx)))}`,
      ),
    );
  if (a.priorities.length > 0) {
    blocks.push(
      para(
        `The risk matrix recommends ${a.priorities.length === 1 ? 'one priority' : `${a.priorities.length} priorities`}: ${listJoin(a.priorities.map((p) => `${p.title} (${p.level})`))}. `,
        `The partnership should monitor ${a.priorities.length === 1 ? 'it' : 'them'} monthly through the Joint Action Group, with the emerging issues kept under watch.`,
        ...(a.priorities.some((p) => isDrugMeasure(aliasOf(a, p.measure))) ? [` ${DRUG_CAVEAT_SHORT}`] : []),
      ),
    );
  }
  const caveats =
    a.dataQuality.fallbacks.length + a.dataQuality.incompleteMeasures.length + a.dataQuality.unavailableMeasures.length;
  if (caveats > 0) {
    blocks.push(
      para(
        `Some figures carry caveats (measures shown through a fallback, periods with missing months, measures not available); they are listed under `,
        link('Data quality', 'data-quality'),
        '.',
      ),
    );
  }
  blocks.push(
    para(
      'This strategic assessment meets the requirement of the Crime and Disorder (Formulation and Implementation of Strategy) Regulations 2007 ' +
        `(SI 2007/1830) for an annual assessment, and feeds into ${a.county?.name ?? 'the county'}'s community safety agreement. ` +
        `Generated on ${dateLong(a.generatedAt)} from the data listed in the introduction.`,
    ),
  );
  return { id: 'conclusion', title: 'Conclusion', level: 1, blocks };
}

/** The measure counted for an id (the priority's or signal's measure may be one shown through its fallback). */
function aliasOf(a: Assessment, id: string): string {
  return measureAliases(a).get(id) ?? id;
}

export function measureLink(m: Pick<MeasureAssessment, 'countedAs' | 'title'>) {
  return link(m.title, measureSectionId(m.countedAs));
}
