import type { Assessment } from '../../assess/schema.ts';
import type { Block, Inline, ReportDocument, Section } from '../model.ts';
import { checkWords, type AnalystWords } from '../words.ts';
import { periodLong } from '../format.ts';
import { buildContext, type BuildContext, type ReportOptions } from './context.ts';
import { info, para } from './blocks.ts';
import { humaniseMonths, listJoin } from '../format.ts';
import { markdownBlocks } from './markdown.ts';
import {
  CHAPTERS,
  SUBSECTIONS,
  detailFor,
  measureAliases,
  measureSectionId,
  sectionMeasures,
  uniqueMeasures,
} from './measures.ts';
import { summarySection, conclusionSection } from './summary.ts';
import { backgroundSection, introductionSection } from './intro.ts';
import { lookingBackSection } from './looking-back.ts';
import { measureSection, noPeerRank } from './measure.ts';
import { partnersSection } from './partners.ts';
import { emergingSection } from './emerging.ts';
import { appendixSection } from './appendix.ts';
import { businessCrimeSection, extraSection, missingThemes, offendersSection, reassuranceSection } from './themes.ts';

export type { ReportOptions } from './context.ts';

export const DEFAULT_MARKING = { full: 'OFFICIAL-SENSITIVE', public: 'OFFICIAL' } as const;

/** Every section id the analysts' words may name for this Assessment. */
export function knownSectionIds(a: Assessment): string[] {
  return [
    ...CHAPTERS,
    ...Object.values(SUBSECTIONS).flat(),
    ...uniqueMeasures(a).map((m) => measureSectionId(m.countedAs)),
    ...a.measures.filter((m) => m.fallback).map((m) => measureSectionId(m.id)),
  ];
}

export function markingFor(edition: 'full' | 'public', words: AnalystWords): string {
  return edition === 'full' ? (words.marking ?? DEFAULT_MARKING.full) : (words.publicMarking ?? DEFAULT_MARKING.public);
}

function analysisChapter(ctx: BuildContext): Section {
  const measures = sectionMeasures(ctx.a, ctx.words);
  const intro: Block[] = [
    para(
      ctx.words.measures
        ? 'One section per measure, in the order the partnership chose.'
        : 'One section per measure: the recommended priorities first, in priority order, then the other measures from the highest risk score down. ' +
            'The priorities, any measure that is rising and the standing themes (anti-social behaviour, drugs, night-time violence, criminal damage, deliberate fires, road collisions) get the full analysis: the risk level and why, the change and whether it is significant, the position against the county and the peer group, ' +
            'the trend, the months and days that stood out, the wards, the sub-types and the key recommendations. The others get a brief section. ' +
            'The chapter ends with managing offenders, reassurance and business crime.',
    ),
  ];
  const noPeers = new Map<string, string[]>();
  for (const m of measures) {
    for (const n of m.notes) {
      const np = noPeerRank(n);
      if (np) noPeers.set(np.why, [...(noPeers.get(np.why) ?? []), np.title]);
    }
  }
  for (const [why, titles] of noPeers) {
    intro.push(
      info(
        titles.length === measures.length
          ? `No measure has a position in a peer group: ${why}.`
          : `${listJoin(titles)} ${titles.length === 1 ? 'has' : 'have'} no position in a peer group: ${why}.`,
        'Peer ranks',
      ),
    );
  }
  const missing = missingThemes(ctx, measures);
  if (missing.length > 0)
    intro.push(para('Themes of earlier strategic assessments without figures of their own here:'), {
      type: 'list',
      items: missing.map((s) => [s]),
    });
  const themes = [
    offendersSection(ctx),
    reassuranceSection(ctx),
    businessCrimeSection(ctx),
    ...(ctx.words.sections ?? []).map((s) => extraSection(ctx, s)),
  ];
  return {
    id: 'analysis',
    title: 'Analysis by measure',
    level: 1,
    blocks: intro,
    children: [...measures.map((m) => measureSection(m, ctx, detailFor(ctx.a, m, ctx.words))), ...themes],
  };
}

/** Commentary named after a measure shown through its fallback goes to the fallback's section. */
function withCommentaryByShownMeasure(words: AnalystWords, a: Assessment): AnalystWords {
  if (!words.commentary) return words;
  const aliases = measureAliases(a);
  const commentary: Record<string, string> = {};
  for (const [id, text] of Object.entries(words.commentary)) {
    const shown =
      aliases.has(id) && !(CHAPTERS as readonly string[]).includes(id) ? measureSectionId(aliases.get(id)!) : id;
    commentary[shown] = commentary[shown] ? `${commentary[shown]}\n\n${text}` : text;
  }
  return { ...words, commentary };
}

/** The analysts' Markdown, placed before a section's key recommendations or at its end. */
function mergeCommentary(section: Section, words: AnalystWords): Section {
  const text = words.commentary?.[section.id];
  let blocks = section.blocks;
  if (text) {
    const extra = markdownBlocks(text, section.id);
    const at = blocks.findIndex((b) => b.type === 'heading' && b.id === `${section.id}-recommendations`);
    blocks = at < 0 ? [...blocks, ...extra] : [...blocks.slice(0, at), ...extra, ...blocks.slice(at)];
  }
  return {
    ...section,
    blocks,
    ...(section.children ? { children: section.children.map((c) => mergeCommentary(c, words)) } : {}),
  };
}

function inlineMonths(runs: Inline[]): Inline[] {
  return runs.map((r) =>
    typeof r === 'string' ? humaniseMonths(r) : r.href ? r : { ...r, text: humaniseMonths(r.text) },
  );
}

/** No raw month codes in the document's prose: paragraphs, lists, callouts, table captions and notes. */
function proseMonths(section: Section): Section {
  const blocks = section.blocks.map((b): Block => {
    switch (b.type) {
      case 'paragraph':
        return { ...b, runs: inlineMonths(b.runs) };
      case 'callout':
        return { ...b, runs: inlineMonths(b.runs) };
      case 'list':
        return { ...b, items: b.items.map(inlineMonths) };
      case 'table':
        return { ...b, caption: humaniseMonths(b.caption), ...(b.note ? { note: humaniseMonths(b.note) } : {}) };
      default:
        return b;
    }
  });
  return { ...section, blocks, ...(section.children ? { children: section.children.map(proseMonths) } : {}) };
}

function prune(section: Section, drop: (s: Section) => boolean): Section | null {
  if (drop(section)) return null;
  if (!section.children) return section;
  return { ...section, children: section.children.map((c) => prune(c, drop)).filter((c): c is Section => c !== null) };
}

/**
 * The strategic assessment document for one district, in the full or the public edition,
 * with the partnership's own words merged in. Deterministic: the same Assessment and words give
 * the same document.
 */
export function buildReport(assessment: Assessment, options: ReportOptions): ReportDocument {
  const words = options.words;
  checkWords(words, { sections: knownSectionIds(assessment), measures: [...measureAliases(assessment).keys()] });
  const ctx = buildContext(assessment, { ...options, words: withCommentaryByShownMeasure(words, assessment) });
  const a = assessment;
  const marking = markingFor(options.edition, words);
  const builders: Record<(typeof CHAPTERS)[number], () => Section | null> = {
    summary: () => summarySection(ctx),
    introduction: () => introductionSection(ctx, marking),
    background: () => backgroundSection(ctx),
    'looking-back': () => lookingBackSection(ctx),
    analysis: () => analysisChapter(ctx),
    partners: () => partnersSection(ctx),
    'emerging-issues': () => emergingSection(ctx),
    conclusion: () => conclusionSection(ctx),
    appendix: () => appendixSection(ctx),
  };
  const chosen = (words.order ?? []).filter((id): id is (typeof CHAPTERS)[number] =>
    (CHAPTERS as readonly string[]).includes(id),
  );
  const order = [...new Set([...chosen, ...CHAPTERS])];
  const omit = new Set([...(words.omit ?? []), ...(options.edition === 'public' ? (words.publicOmit ?? []) : [])]);
  const drop = (s: Section) => omit.has(s.id) || (options.edition === 'public' && s.sensitive === true);
  const sections = order
    .filter((id) => !omit.has(id))
    .map((id) => builders[id]())
    .filter((s): s is Section => s !== null)
    .map((s) => mergeCommentary(s, ctx.words))
    .map(proseMonths)
    .map((s) => prune(s, drop))
    .filter((s): s is Section => s !== null);
  const name = a.area.name ?? a.area.code;
  return {
    title: words.title ?? `${name} Community Safety Partnership: strategic assessment`,
    subtitle:
      words.subtitle ??
      `${periodLong(a.period)}, ${a.comparison.kind === 'full' ? 'compared with the 12 months before' : a.comparison.kind === 'like-for-like' ? 'compared like for like with the year before' : 'the year before not compared'}${options.edition === 'public' ? ' (public edition)' : ''}`,
    area: { code: a.area.code, name },
    period: { label: periodLong(a.period), start: a.period.start, end: a.period.end },
    edition: options.edition,
    marking,
    generatedAt: a.generatedAt,
    generator: `${a.generator.name} ${a.generator.version}`,
    sections,
  };
}
