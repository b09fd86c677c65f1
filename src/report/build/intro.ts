import type { Block, Section } from '../model.ts';
import type { Assessment } from '../../assess/schema.ts';
import { ETHNIC_GROUPS, ageLabel, ethnicGroupLabel, parseAgeBand } from '../../core/population-measures.ts';
import { capitalise, dateLong, formatInt, formatPct, formatShare, periodLong } from '../format.ts';
import { cell, para, table } from './blocks.ts';
import type { BuildContext } from './context.ts';
import { monthsList, peerGroupName } from './narrative.ts';

/** "21.8% of residents are aged 65 and over, against 19.0% across Hertfordshire." (65 where a band starts there, else 60). */
function olderResidents(bands: Assessment['background']['ageBands'], name: string, county: string): string | null {
  const from = (band: string) => parseAgeBand(band)?.from ?? NaN;
  const cut = bands.some((x) => from(x.band) === 65) ? 65 : bands.some((x) => from(x.band) === 60) ? 60 : null;
  if (cut === null) return null;
  const older = bands.filter((x) => from(x.band) >= cut);
  const share = older.reduce((s, x) => s + x.share, 0);
  const countyShare = older.every((x) => x.countyShare !== null) ? older.reduce((s, x) => s + x.countyShare!, 0) : null;
  return `${formatShare(share)} of the residents of ${name} are aged ${cut} and over${countyShare === null ? '' : `, against ${formatShare(countyShare)} across ${county}`}.`;
}

/** Source names as people know them. */
export function sourceLabel(source: string): string {
  if (source === 'police-uk') return 'data.police.uk (street-level crime and ASB)';
  return source;
}

function aimSection(ctx: BuildContext): Section {
  const name = ctx.a.area.name ?? ctx.a.area.code;
  return {
    id: 'aim-and-purpose',
    title: 'Aim and purpose',
    level: 2,
    blocks: [
      para(
        'The aim of the annual strategic assessment is to identify current crime and disorder issues and emerging trends from the data of all partner agencies, ' +
          'to inform the priorities of the Community Safety Partnership and the work that follows from them.',
      ),
      para(
        `Its purpose is to give the partnership a detailed understanding of crime and disorder across ${name}, so that problem-solving activity follows the priorities identified. ` +
          `Every measure is scored on a risk matrix (harm, likelihood and the partnership's position)${peerPhrase(ctx)}.`,
      ),
      para(
        'Community Safety Partnerships must produce a strategic assessment every year (Crime and Disorder Act 1998, sections 5 and 6; Crime and Disorder (Formulation and Implementation of Strategy) Regulations 2007).',
      ),
    ],
  };
}

function sensitivitySection(ctx: BuildContext, marking: string): Section {
  const blocks: Block[] = [
    para(
      `This document is marked ${marking}. It is written for the partner organisations of the Community Safety Partnership, to inform the community safety plan and its action plan; ` +
        'partners may use its figures to support their own priorities and bids for funding.',
    ),
  ];
  if (ctx.edition === 'public') {
    blocks.push(
      para(
        `This is the public edition. Counts below ${formatInt(ctx.suppressBelow)} are shown as "fewer than ${formatInt(ctx.suppressBelow)}", and any change, rate or share worked out from such a count is not shown; ` +
          'restricted partner data, police beat detail, file names and the sections the partnership keeps internal are left out.',
      ),
    );
  } else {
    blocks.push(
      para(
        `A public edition of this document shows counts below ${formatInt(ctx.publicThreshold)} as "fewer than ${formatInt(ctx.publicThreshold)}" and leaves out restricted data.`,
      ),
    );
  }
  return { id: 'sensitivity', title: 'Sensitivity and handling', level: 2, blocks };
}

function coverageText(window: { start: string; end: string }, missing: readonly string[]): string {
  return missing.length === 0 ? periodLong(window) : `${periodLong(window)} except ${monthsList(missing)}`;
}

/** How the two years are compared, as the comparability rule decided for all crime. */
export function comparedPhrase(a: BuildContext['a']): string {
  if (a.comparison.kind === 'like-for-like')
    return `compared like for like with the same months a year earlier where a month is missing (${a.comparison.label.replace(/ \(like for like.*$/, '')})`;
  if (a.comparison.kind === 'not-assessed')
    return `not compared with the 12 months before (${a.comparison.reason ?? 'incomplete period'})`;
  return `compared with the 12 months before (${periodLong(a.previousPeriod)})`;
}

/** The peer comparison named for what it is: a Home Office most similar group only when one is imported. */
function peerPhrase(ctx: BuildContext): string {
  const peers = ctx.a.measures.find((m) => m.rank.peers)?.rank.peers;
  if (!peers) return '';
  return peers.basis === 'imported'
    ? ', and the family of most similar partnerships gives the comparison with areas like this one'
    : `, and its ${peerGroupName(peers)} give the comparison with areas like this one`;
}

/** Above this many files the list is one row per source (the files one by one stay in the Assessment JSON and the dashboard's Data page). */
export const COMPACT_FILES_OVER = 8;

function compactProvenance(list: BuildContext['a']['dataQuality']['provenance'], ctx: BuildContext): Block[] {
  const full = ctx.edition === 'full';
  const bySource = new Map<string, typeof list>();
  for (const p of list)
    bySource.set(`${p.source}${p.restricted ? ' (restricted)' : ''}`, [
      ...(bySource.get(`${p.source}${p.restricted ? ' (restricted)' : ''}`) ?? []),
      p,
    ]);
  const dates = (files: typeof list) => {
    const done = files
      .map((f) => f.finishedAt)
      .filter((d): d is string => d !== null)
      .sort();
    if (done.length === 0) return 'not finished';
    const [first, last] = [dateLong(done[0]!), dateLong(done[done.length - 1]!)];
    return first === last ? first : `${first} to ${last}`;
  };
  const names = (files: typeof list) => {
    const sorted = files.map((f) => f.file).sort();
    return sorted.length === 1 ? sorted[0]! : `${sorted[0]} … ${sorted[sorted.length - 1]}`;
  };
  return [
    table({
      id: 'provenance-table',
      caption: `Files imported: ${formatInt(list.length)} files from ${formatInt(bySource.size)} source${bySource.size === 1 ? '' : 's'}`,
      head: full
        ? ['Source', 'Files', 'First and last file', 'Imported', 'Rows loaded', 'Rows in the period']
        : ['Source', 'Files', 'Imported', 'Rows loaded', 'Rows in the period'],
      align: full ? ['left', 'right', 'left', 'left', 'right', 'right'] : ['left', 'right', 'left', 'right', 'right'],
      rows: [...bySource].map(([source, files]) => {
        const restricted = source.endsWith(' (restricted)');
        const loaded = files.reduce((s, f) => s + f.rowsLoaded, 0);
        const inWindow = files.reduce((s, f) => s + f.rowsInWindow, 0);
        return [
          cell(`${sourceLabel(restricted ? source.slice(0, -13) : source)}${restricted ? ' (restricted)' : ''}`),
          cell(files.length, formatInt(files.length)),
          ...(full ? [cell(names(files))] : []),
          cell(null, dates(files)),
          cell(loaded, formatInt(loaded)),
          cell(inWindow, formatInt(inWindow)),
        ];
      }),
      note: "One row per source. Rows in the period: events of the 24 months for the district (or its force without a location), or indicator values overlapping the period. Each file, with its import number, is listed on the dashboard's Data page and in the Assessment JSON.",
    }),
  ];
}

function dataSourcesSection(ctx: BuildContext): Section {
  const { a } = ctx;
  const q = a.dataQuality;
  const blocks: Block[] = [
    para(
      `Unless stated otherwise, figures are for the 12 months ${periodLong(a.period)}, ${comparedPhrase(a)}. ` +
        'Rates are per 1,000 residents (per 1,000 households for dwelling burglary) from the population figures loaded; each change is tested for significance (see the appendix).',
    ),
  ];
  if (q.sources.length > 0) {
    blocks.push(
      table({
        id: 'data-sources-table',
        caption: `Record-level data behind the figures, ${periodLong(q.window)}`,
        head: ['Source', 'Kind', 'Months with data', 'Rows'],
        align: ['left', 'left', 'left', 'right'],
        rows: q.sources.map((s) => [
          cell(sourceLabel(s.source)),
          cell(s.kind),
          cell(coverageText(q.window, s.missingMonths)),
          cell(s.rows, formatInt(s.rows)),
        ]),
        note: 'Rows: records of the source attributed to the district in the 24 months (by LSOA, else by the district the record names).',
      }),
    );
  }
  if (q.provenance.length > COMPACT_FILES_OVER) {
    blocks.push(...compactProvenance(q.provenance, ctx));
  } else if (q.provenance.length > 0) {
    const full = ctx.edition === 'full';
    blocks.push(
      table({
        id: 'provenance-table',
        caption: 'Files imported, with the date of import',
        head: full
          ? ['Source', 'File', 'Import', 'Imported', 'Rows loaded', 'Rows in the period']
          : ['Source', 'Imported', 'Rows loaded', 'Rows in the period'],
        align: full ? ['left', 'left', 'right', 'left', 'right', 'right'] : ['left', 'left', 'right', 'right'],
        rows: q.provenance.map((p) => [
          cell(`${sourceLabel(p.source)}${p.restricted ? ' (restricted)' : ''}`),
          ...(full ? [cell(p.file), cell(p.importId)] : []),
          cell(p.finishedAt, p.finishedAt ? dateLong(p.finishedAt) : 'not finished'),
          cell(p.rowsLoaded, formatInt(p.rowsLoaded)),
          cell(p.rowsInWindow, formatInt(p.rowsInWindow)),
        ]),
        note: 'Rows in the period: events of the 24 months for the district (or its force without a location), or indicator values overlapping the period.',
      }),
    );
  }
  const peerNote = a.notes.find((n) => /peer|similar group/i.test(n));
  if (peerNote) blocks.push(para(`Peer comparison: ${peerNote}.`));
  blocks.push(para(`Harm weights: ${a.config.harmWeights.edition}.`));
  return { id: 'data-sources', title: 'Data sources', level: 2, blocks };
}

export function introductionSection(ctx: BuildContext, marking: string): Section {
  return {
    id: 'introduction',
    title: 'Introduction',
    level: 1,
    blocks: [],
    children: [aimSection(ctx), sensitivitySection(ctx, marking), dataSourcesSection(ctx)],
  };
}

export function backgroundSection(ctx: BuildContext): Section {
  const { a } = ctx;
  const b = a.background;
  const name = a.area.name ?? a.area.code;
  const blocks: Block[] = [];
  if (b.population) {
    const p = b.population;
    let text = `The resident population of ${name} is ${formatInt(p.value)} (${p.year} figure)`;
    if (p.previousValue !== null && p.previousYear !== null && p.pctChange !== null) {
      text += `, ${p.pctChange >= 0 ? 'up' : 'down'} ${formatPct(Math.abs(p.pctChange))} from ${formatInt(p.previousValue)} in ${p.previousYear}`;
    }
    text += '.';
    if (b.households) text += ` There are ${formatInt(b.households.value)} households (${b.households.year}).`;
    if (b.county?.share !== null && b.county?.share !== undefined && b.county.population !== null) {
      text += ` ${capitalise(name)} holds ${formatShare(b.county.share)} of the ${formatInt(b.county.population)} residents of ${a.county?.name ?? 'the county'}.`;
    }
    blocks.push(para(text));
  }
  // the figure every rate of the document uses, stated where the population is described
  const used = a.measures.find((m) => m.denominator?.kind === 'population')?.denominator;
  if (used) {
    const how = used.note ? ` (${used.note})` : '';
    blocks.push(
      para(
        `Rates per 1,000 residents in this assessment use the ${used.year} population of ${formatInt(used.value)}${how}.`,
      ),
    );
  } else if (!b.population) {
    blocks.push(para(`No population figures are loaded for ${name}, so rates per 1,000 residents cannot be given.`));
  }
  if (b.ageBands.length > 0) {
    const county = a.county?.name ?? 'the county';
    const year = b.ageBands[0]!.year;
    blocks.push(
      table({
        id: 'background-age',
        caption: `Age of residents (${year}), ${name} against ${county}`,
        head: ['Age', 'Residents', `Share, ${name}`, `Share, ${a.county?.name ?? 'county'}`],
        align: ['left', 'right', 'right', 'right'],
        rows: b.ageBands.map((x) => [
          cell(ageLabel(x.band)),
          cell(x.value, formatInt(x.value)),
          cell(x.share, formatShare(x.share)),
          cell(x.countyShare, x.countyShare === null ? 'n/a' : formatShare(x.countyShare)),
        ]),
      }),
    );
    const sentence = olderResidents(b.ageBands, name, county);
    if (sentence) blocks.push(para(sentence));
  }
  if (b.ethnicity.length > 0) {
    const county = a.county?.name ?? 'the county';
    blocks.push(
      table({
        id: 'background-ethnicity',
        caption: `Ethnic group of residents (${b.ethnicity[0]!.year}), ${name} against ${county}`,
        head: ['Ethnic group', 'Residents', `Share, ${name}`, `Share, ${a.county?.name ?? 'county'}`],
        align: ['left', 'right', 'right', 'right'],
        rows: b.ethnicity.map((x) => [
          cell(ethnicGroupLabel(x.group) ?? x.group),
          cell(x.value, formatInt(x.value)),
          cell(x.share, formatShare(x.share)),
          cell(x.countyShare, x.countyShare === null ? 'n/a' : formatShare(x.countyShare)),
        ]),
      }),
    );
    const white = b.ethnicity.find((x) => x.group === 'ethnicity:white');
    if (white && b.ethnicity.length === ETHNIC_GROUPS.length) {
      const countyOther = white.countyShare === null ? null : 1 - white.countyShare;
      blocks.push(
        para(
          `${formatShare(1 - white.share)} of the residents of ${name} belong to an ethnic group other than White${countyOther === null ? '' : `, against ${formatShare(countyOther)} across ${county}`} (the census's five broad groups; White includes White minorities such as Irish, Gypsy or Irish Traveller and Roma).`,
        ),
      );
    }
  } else {
    blocks.push(
      para(
        `The ethnic groups of ${name}'s residents are not loaded for this assessment, so the document gives no ethnic profile.`,
      ),
    );
  }
  if (b.ageBands.length === 0)
    blocks.push(
      para(`The age of ${name}'s residents is not loaded for this assessment, so the document gives no age profile.`),
    );
  blocks.push(
    para(
      "The partnership brings together the council, police, fire and rescue, probation and health. The Joint Action Group monitors the priorities monthly and a senior officers' group quarterly.",
    ),
  );
  return { id: 'background', title: 'Background', level: 1, blocks };
}
