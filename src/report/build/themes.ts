import type { CountyTable, MeasureAssessment } from '../../assess/schema.ts';
import type { PartnerIndicator } from '../../assess/contract/indicators.ts';
import type { Block, Section } from '../model.ts';
import { monthsSpan } from '../../core/periods/comparable.ts';
import { formatInt, formatPct, formatRate, listJoin, ordinal } from '../format.ts';
import { cell, info, link, para, table } from './blocks.ts';
import {
  anyHidden,
  comparedHeads,
  comparedPair,
  hidden,
  showChangePct,
  showCount,
  showPctChange,
  type BuildContext,
} from './context.ts';
import { formatIndicatorValue, humanise } from './partners.ts';
import { fallbackReason, measureSectionId, uniqueMeasures } from './measures.ts';
import { verdictLabel } from './narrative.ts';

/**
 * The themes of the reference assessment that are more than one measure's figures: the drugs
 * caveat and table, the collision severity table, offender management, reassurance, business crime
 * and the partnership's own extra sections (docs/report.md, "Themes").
 */

/** Measures that count drug offences: wherever one is discussed the caveat goes with it. */
export const DRUG_MEASURES: ReadonlySet<string> = new Set(['drugs', 'drug-trafficking', 'drug-possession']);

export const DRUG_CAVEAT_TITLE = 'Drug offences measure police activity';
export const DRUG_CAVEAT =
  'Recorded drug offences mainly reflect police activity, not how widely drugs are used: they are counted when the police find drugs, ' +
  'so they rise with operations and searches and fall when activity moves elsewhere. They are recorded where the drugs are found, ' +
  'so wards holding a police station, custody suite or busy night-time venues record more. Read every change in them as a change in activity as much as in the drug market.';

export function drugCaveat(): Block {
  return info(DRUG_CAVEAT, DRUG_CAVEAT_TITLE);
}

/** The sentence form of the caveat, for places that discuss drug offences among other measures. */
export const DRUG_CAVEAT_SHORT =
  'Recorded drug offences mainly reflect police activity (operations and searches), not how widely drugs are used.';

export function isDrugMeasure(countedAs: string): boolean {
  return DRUG_MEASURES.has(countedAs);
}

function countyTable(ctx: BuildContext, id: CountyTable['id']): CountyTable | null {
  return ctx.a.countyTables?.find((t) => t.id === id) ?? null;
}

function periodsNote(t: CountyTable): string {
  const cur = monthsSpan(t.currentMonths);
  return t.previousMonths.length > 0
    ? `${monthsSpan(t.previousMonths)} compared with ${cur}`
    : `${cur}; the year before is not compared (${t.comparedLabel})`;
}

/** Trafficking and possession, Class A and other where the records name the class, with county ranks. */
export function drugTableBlocks(ctx: BuildContext, sectionId: string): Block[] {
  const t = countyTable(ctx, 'drug-offences');
  if (!t) return [];
  const county = ctx.a.county?.name ?? 'the county';
  const rows = t.rows.map((r) => {
    const hide = anyHidden([r.district.current, r.district.previous], ctx);
    const rank = r.rank
      ? `${ordinal(r.rank.position)}/${r.rank.of}${r.rank.previousPosition !== null ? ` (was ${ordinal(r.rank.previousPosition)})` : ''}`
      : 'n/a';
    return [
      cell(r.label),
      cell(r.rate, r.rate === null ? 'n/a' : anyHidden([r.district.current], ctx) ? 'not shown' : formatRate(r.rate)),
      cell(r.district.previous, showCount(r.district.previous, ctx)),
      cell(r.district.current, showCount(r.district.current, ctx)),
      cell(null, hide ? 'not shown' : showPctChange(r.district.current, r.district.previous, null, ctx)),
      cell(r.rank?.position ?? null, hide ? 'not shown' : rank),
    ];
  });
  return [
    table({
      id: `${sectionId}-drug-types`,
      caption: `Drug offences by type against the other districts of ${county}`,
      head: ['Offence type', 'Per 1,000 residents', 'Year before', 'Latest', '% change', `Rank in ${county}`],
      align: ['left', 'right', 'right', 'right', 'right', 'right'],
      rows,
      note: `${periodsNote(t)}. Rank among the ${formatInt(t.districts)} districts: 1st = lowest rate (previous position on the same population). ${t.note ? `${t.note[0]!.toUpperCase()}${t.note.slice(1)}. ` : ''}${DRUG_CAVEAT_SHORT}`,
    }),
  ];
}

/** Injury collisions by severity, the district and the county, both years (the reference's table). */
export function collisionTableBlocks(ctx: BuildContext, sectionId: string): Block[] {
  const t = countyTable(ctx, 'collision-severity');
  if (!t) return [];
  const county = ctx.a.county?.name ?? 'the county';
  const name = ctx.a.area.name ?? ctx.a.area.code;
  const [prevHead, curHead] =
    t.previousMonths.length > 0
      ? [monthsSpan(t.previousMonths), monthsSpan(t.currentMonths)]
      : ['Year before', monthsSpan(t.currentMonths)];
  // the public edition hides a column's total when one of its counts is hidden (else the total gives it away)
  const total = (pick: (r: CountyTable['rows'][number]) => number | null): number | null => {
    const values = t.rows.map(pick);
    return values.some((v) => v === null) ? null : values.reduce((s: number, v) => s + v!, 0);
  };
  const totalCell = (pick: (r: CountyTable['rows'][number]) => number | null) => {
    const n = total(pick);
    return t.rows.some((r) => hidden(pick(r), ctx)) ? cell(null, 'not shown') : cell(n, showCount(n, ctx));
  };
  const rows = [
    ...t.rows.map((r) => [
      cell(r.label),
      ...[r.district.previous, r.district.current, r.county.previous, r.county.current].map((x) =>
        cell(x, showCount(x, ctx)),
      ),
    ]),
    [
      cell('All injury collisions'),
      totalCell((r) => r.district.previous),
      totalCell((r) => r.district.current),
      totalCell((r) => r.county.previous),
      totalCell((r) => r.county.current),
    ],
  ];
  const blocks: Block[] = [
    table({
      id: `${sectionId}-severity`,
      caption: `Road traffic collisions by severity: ${name} and ${county}`,
      head: [
        'Severity',
        `${name}: ${prevHead}`,
        `${name}: ${curHead}`,
        `${county}: ${prevHead}`,
        `${county}: ${curHead}`,
      ],
      align: ['left', 'right', 'right', 'right', 'right'],
      rows,
      note: `${periodsNote(t)}. Injury collisions reported to the police (STATS19 severity of the collision: its most serious casualty); ${formatInt(t.districts)} districts in ${county}.`,
    }),
  ];
  const districtTotal = total((r) => r.district.current);
  const countyTotal = total((r) => r.county.current);
  if (districtTotal !== null && countyTotal !== null && countyTotal > 0 && !anyHidden([districtTotal], ctx)) {
    blocks.unshift(
      para(
        `${name} recorded ${formatInt(districtTotal)} injury road collisions in ${monthsSpan(t.currentMonths)}, ${formatPct((100 * districtTotal) / countyTotal)} of the ${formatInt(countyTotal)} in ${county}.`,
      ),
    );
  }
  return blocks;
}

/** What a measure's section adds for its theme: the drugs caveat and table, the collision table. */
export function themeLead(m: MeasureAssessment): Block[] {
  return isDrugMeasure(m.countedAs) ? [drugCaveat()] : [];
}

export function themeBlocks(m: MeasureAssessment, ctx: BuildContext, sectionId: string): Block[] {
  if (m.countedAs === 'drugs') return drugTableBlocks(ctx, sectionId);
  if (
    m.countedAs === 'road-traffic-collisions' ||
    (m.countedAs === 'rtc-ksi' &&
      !uniqueMeasures(ctx.a).some((x) => x.countedAs === 'road-traffic-collisions' && x.available))
  )
    return collisionTableBlocks(ctx, sectionId);
  return [];
}

/** The reference's themes with no measure in this document, and why (a sentence for the analysis chapter). */
export const REFERENCE_THEMES: { title: string; measures: string[]; reason?: string; declared?: RegExp }[] = [
  { title: 'Dwelling burglary', measures: ['dwelling-burglary'] },
  { title: 'Vehicle crime', measures: ['vehicle-crime'] },
  { title: 'Drug offences', measures: ['drugs', 'drug-trafficking', 'drug-possession'] },
  { title: 'Night-time violence', measures: ['night-time-violence'] },
  { title: 'Anti-social behaviour', measures: ['asb'] },
  { title: 'Criminal damage', measures: ['criminal-damage', 'criminal-damage-and-arson'] },
  { title: 'Deliberate fires', measures: ['deliberate-fires'] },
  { title: 'Road traffic collisions', measures: ['road-traffic-collisions', 'rtc-ksi'] },
  {
    title: 'Alcohol-related crime',
    measures: [],
    reason:
      'no measure of alcohol-related crime is defined: police records mark alcohol inconsistently, so no baseline can be set from them',
    declared: /alcohol/i,
  },
];

/** Sentences naming the reference's themes this document holds no figures for (or shows through a fallback), with the reason. */
export function missingThemes(ctx: BuildContext, shown: readonly MeasureAssessment[]): string[] {
  const { a } = ctx;
  const out: string[] = [];
  for (const theme of REFERENCE_THEMES) {
    if (shown.some((m) => theme.measures.includes(m.countedAs) || theme.measures.includes(m.id))) continue;
    // the partnership's own section on the theme (report.yaml sections) covers it
    if (theme.declared && (ctx.words.sections ?? []).some((s) => theme.declared!.test(s.title))) continue;
    const asked = a.measures.find((m) => theme.measures.includes(m.id));
    const standIn = a.measures.find(
      (m) =>
        theme.measures.includes(m.id) && m.available && m.fallback && shown.some((s) => s.countedAs === m.countedAs),
    );
    if (standIn) {
      out.push(
        `${theme.title}: shown as ${standIn.title}, which the data can support (${fallbackReason(standIn.fallback!.note).replace(/\.$/, '')}).`,
      );
      continue;
    }
    const reason =
      theme.reason ??
      (asked && !asked.available
        ? (asked.notes[0] ?? 'the data loaded cannot support it')
        : asked
          ? 'the partnership left it out of this document'
          : 'it is not among the measures assessed');
    out.push(`${theme.title}: no figures in this document (${reason.replace(/\.$/, '')}).`);
  }
  return out;
}

const OFFENDER_GROUPS: { id: string; title: string; match: RegExp; none: string }[] = [
  {
    id: 'managing-offenders-iom',
    title: 'Integrated offender management',
    match: /iom|ppo|offender_management|reoffend/i,
    none: 'No integrated offender management figures were supplied for this assessment.',
  },
  {
    id: 'managing-offenders-youth',
    title: 'Youth offending',
    match: /youth|yot|first_time/i,
    none: 'No youth offending figures were supplied for this assessment.',
  },
  {
    id: 'managing-offenders-probation',
    title: 'Probation (including community payback)',
    match: /probation|unpaid|community_payback/i,
    none: 'No probation figures were supplied for this assessment.',
  },
];

function indicatorSentence(i: PartnerIndicator, ctx: BuildContext): string {
  const prev = i.previous ? `, against ${formatIndicatorValue(i.previous, ctx)} in ${i.previous.period}` : '';
  const pos =
    i.county.rank !== null
      ? `; ${ordinal(i.county.rank)} of ${formatInt(i.county.of)} in the county (1st = lowest)`
      : '';
  return `${humanise(i.indicator)}: ${formatIndicatorValue(i.latest, ctx)} in ${i.latest.period}${prev}${pos}.`;
}

/** Managing offenders and reducing re-offending: IOM, youth offending, probation from the partner returns, or a plain statement. */
export function offendersSection(ctx: BuildContext): Section {
  const indicators = ctx.a.partnerIndicators.filter((i) => ctx.edition === 'full' || !i.restricted);
  const blocks: Block[] = [];
  for (const g of OFFENDER_GROUPS) {
    blocks.push({ type: 'heading', level: 3, text: g.title, id: g.id });
    const mine = indicators.filter((i) => g.match.test(i.indicator));
    if (mine.length === 0) blocks.push(para(g.none));
    else blocks.push({ type: 'list', items: mine.map((i) => [indicatorSentence(i, ctx)]) });
  }
  if (indicators.length > 0)
    blocks.push(
      para(
        'The returns are set out in full, with intervals and changes, in ',
        link('Partner indicators', 'partners'),
        '.',
      ),
    );
  return { id: 'managing-offenders', title: 'Managing offenders and reducing re-offending', level: 2, blocks };
}

/** Reassurance: the partnership's own words; no survey of feelings of safety is among the data Safer loads. */
export function reassuranceSection(ctx: BuildContext): Section {
  const blocks: Block[] = ctx.words.commentary?.['reassurance']
    ? []
    : [
        para(
          'No measure of feelings of safety or confidence was supplied for this assessment, and the partnership has not added a statement on reassurance.',
        ),
      ];
  return { id: 'reassurance', title: 'Reassurance', level: 2, blocks };
}

/** Offence codes counted as business crime where records hold them (documented in docs/report.md). */
export const BUSINESS_CRIME_MEASURES: { measure: string; code?: string; label: string }[] = [
  { measure: 'shoplifting', label: 'Shoplifting' },
  { measure: 'non-dwelling-burglary', label: 'Burglary of business and community premises' },
  { measure: 'robbery', code: '34A', label: 'Robbery of business property' },
];

/** Business crime: the offences against businesses the Assessment counts, then the partnership's words. */
export function businessCrimeSection(ctx: BuildContext): Section {
  const measures = uniqueMeasures(ctx.a);
  const rows = BUSINESS_CRIME_MEASURES.flatMap((b) => {
    const m = measures.find((x) => x.countedAs === b.measure && x.available);
    if (!m) return [];
    if (b.code) {
      const r =
        m.breakdown?.by === 'offence_code' ? m.breakdown.rows.find((x) => x.key.toUpperCase() === b.code) : undefined;
      if (!r) return [];
      const pair = comparedPair(r.change, r.current);
      return [
        [
          cell(b.label),
          cell(pair.previous, showCount(pair.previous, ctx)),
          cell(pair.current, showCount(pair.current, ctx)),
          cell(r.pct, showChangePct(r.change, pair.current, pair.previous, ctx)),
          cell('sub-type, not tested', 'sub-type, not tested'),
        ],
      ];
    }
    const pair = comparedPair(m.change, m.current.count);
    const v = verdictLabel(m.change);
    return [
      [
        { value: b.label, display: b.label },
        cell(pair.previous, showCount(pair.previous, ctx)),
        cell(pair.current, showCount(pair.current, ctx)),
        cell(m.change.pct, showChangePct(m.change, pair.current, pair.previous, ctx)),
        cell(v.text, v.text, v.tone),
      ],
    ];
  });
  const blocks: Block[] = [];
  if (rows.length > 0) {
    const links = BUSINESS_CRIME_MEASURES.filter(
      (b) => !b.code && measures.some((x) => x.countedAs === b.measure && x.available),
    ).map((b) => b.label.toLowerCase());
    blocks.push(
      para(
        'There is no single recorded-crime measure of business crime. This section counts the offences committed against businesses that the data identifies: ' +
          `${listJoin(BUSINESS_CRIME_MEASURES.map((b) => b.label.toLowerCase()))}. Offences against staff or premises recorded under other headings (assaults, criminal damage, fraud) are not separated from the rest.`,
      ),
      table({
        id: 'business-crime-table',
        caption: 'Offences against businesses',
        head: ['Offence', ...comparedHeads(ctx.a.comparison), '% change', 'Significance'],
        align: ['left', 'right', 'right', 'right', 'left'],
        rows,
        note: `Like the rest of the document, compared on each measure's own basis. ${links.length > 0 ? `The sections on ${listJoin(links)} give the detail.` : ''}`.trim(),
      }),
    );
  } else {
    blocks.push(
      para(
        'None of the offences that identify business crime (shoplifting, burglary of business and community premises, robbery of business property) could be counted from the data loaded.',
      ),
    );
  }
  return { id: 'business-crime', title: 'Business crime', level: 2, blocks };
}

/** A section the partnership declared in report.yaml: its commentary, or a plain statement. */
export function extraSection(ctx: BuildContext, s: { id: string; title: string }): Section {
  const blocks: Block[] = ctx.words.commentary?.[s.id]
    ? []
    : [para(`The partnership's text for ${s.title} was not supplied.`)];
  return { id: s.id, title: s.title, level: 2, blocks };
}

/** The link to a measure's section (for sentences elsewhere). */
export function measureLink(m: MeasureAssessment): ReturnType<typeof link> {
  return link(m.title, measureSectionId(m.countedAs));
}
