import type { Assessment } from '../assess/schema.ts';
import type { AnalystWords } from './words.ts';
import { REPORT_FILE } from './words.ts';
import { periodLong } from './format.ts';
import { buildContext } from './build/context.ts';
import { detailFor, measureAliases, sectionMeasures } from './build/measures.ts';
import { defaultRecommendation, writtenRecommendations } from './build/measure.ts';
import { previousPriorities } from './build/summary.ts';

/**
 * The analysts' checklist: what the document fills with a neutral default because the
 * partnership's config folder does not supply it, and where to supply it. The board document holds
 * only finished prose; every instruction to the analyst is here instead, written by `safer report`
 * as checklist.md beside the documents and shown on the dashboard's reports page.
 */
export interface ChecklistItem {
  /** stable id: previous-priorities, previous-levels, concern, priority-commentary, recommendations:<measure>, full-detail */
  id: string;
  /** what the document says or does without it */
  text: string;
  /** where the partnership supplies it (config file and setting) */
  where: string;
  /** the section of the document concerned */
  section: string;
}

const ASSESSMENT_FILE = 'assessment.yaml';

/** The checklist of one district's document, in document order. */
export function reportChecklist(
  a: Assessment,
  words: AnalystWords,
  loaded: { boundaries?: boolean } = {},
): ChecklistItem[] {
  const ctx = buildContext(a, { edition: 'full', words });
  const items: ChecklistItem[] = [];
  if (previousPriorities(a, words).length === 0) {
    items.push({
      id: 'previous-priorities',
      section: 'summary',
      text: 'Last year\'s priorities are not supplied: the executive summary says "Last year\'s priorities were not supplied." and every recommended priority is marked new.',
      where: `risk.previousPriorities in ${ASSESSMENT_FILE} (measure ids; they decide "carried forward" and "new"), or previousPriorities in ${REPORT_FILE} (free text, the list shown only)`,
    });
  }
  const scored = a.measures.filter((m) => m.risk);
  if (scored.length > 0 && scored.every((m) => m.risk!.levelChange === null)) {
    items.push({
      id: 'previous-levels',
      section: 'analysis',
      text: "Last year's risk levels are not entered: each measure's risk says no change can be given.",
      where: `risk.previousLevels in ${ASSESSMENT_FILE}`,
    });
  }
  const aliases = measureAliases(a);
  const priorityIds = new Set(a.priorities.map((p) => aliases.get(p.measure) ?? p.measure));
  const noConcern = sectionMeasures(a, words).filter((m) =>
    m.risk?.factors.some(
      (f) => (f.id === 'partnerConcern' || f.id === 'publicConcern') && f.weight > 0 && !f.available,
    ),
  );
  if (noConcern.length > 0) {
    const listed = noConcern.filter((m) => priorityIds.has(m.countedAs));
    items.push({
      id: 'concern',
      section: 'analysis',
      text:
        `No partner or public concern score is entered for ${noConcern.length === 1 ? 'one measure' : `${noConcern.length} measures`}` +
        `${listed.length > 0 ? `, among them the priorities ${listed.map((m) => m.title).join('; ')}` : ''}: those factors are scored neutral (3 of 5).`,
      where: `risk.concern in ${ASSESSMENT_FILE} (partner and public scores 1–5, with a note)`,
    });
  }
  if (a.priorities.length > 0 && !words.priorityCommentary && !words.commentary?.['summary']) {
    items.push({
      id: 'priority-commentary',
      section: 'summary',
      text: 'The recommended priorities carry no word from the partnership (when and by whom they were agreed).',
      where: `priorityCommentary in ${REPORT_FILE}, or commentary/summary.md`,
    });
  }
  const measures = sectionMeasures(a, words);
  for (const m of measures) {
    if (!m.available || writtenRecommendations(m, ctx).length > 0) continue;
    items.push({
      id: `recommendations:${m.countedAs}`,
      section: m.countedAs,
      text: `Key recommendations for ${m.title} are the default wording: "${defaultRecommendation(m, ctx)}"`,
      where: `recommendations: { ${m.countedAs}: … } in ${REPORT_FILE} (one sentence or a list)`,
    });
  }
  const brief = measures.filter((m) => m.available && detailFor(a, m, words) === 'brief');
  if (brief.length > 0) {
    items.push({
      id: 'full-detail',
      section: 'analysis',
      text: `${brief.length === 1 ? 'One measure has' : `${brief.length} measures have`} the brief section (no months, days, wards or sub-types): ${brief.map((m) => m.title).join('; ')}.`,
      where: `fullDetail: [${brief.map((m) => m.countedAs).join(', ')}] in ${REPORT_FILE} for the ones wanted in full, or detail: full for all`,
    });
  }
  if (loaded.boundaries === false && measures.some((m) => m.local.ward && detailFor(a, m, words) === 'full')) {
    items.push({
      id: 'ward-boundaries',
      section: 'analysis',
      text: 'No ward boundaries are loaded: the full measure sections say the ward map is not drawn.',
      where:
        'import the ward boundaries (GeoJSON with the ward codes, docs/reference-data.md): safer import <file>.geojson',
    });
  }
  const noPeer = measures.filter((m) => m.notes.some((n) => n.startsWith('no peer rank for')));
  if (noPeer.length > 0) {
    items.push({
      id: 'peer-group',
      section: 'analysis',
      text: `${noPeer.length === 1 ? 'One measure has' : `${noPeer.length} measures have`} no position in a peer group; the analysis chapter says why once.`,
      where:
        "import the Home Office most similar group with its comparator counts, or the neighbouring forces' months (docs/reference-data.md)",
    });
  }
  if (!words.commentary?.['reassurance']) {
    items.push({
      id: 'reassurance',
      section: 'reassurance',
      text: 'Reassurance has no text from the partnership: the section says no measure of feelings of safety was supplied.',
      where: 'commentary/reassurance.md',
    });
  }
  if (!words.commentary?.['business-crime']) {
    items.push({
      id: 'business-crime',
      section: 'business-crime',
      text: 'Business crime shows the offences against businesses counted, with no word from the partnership (its view, the definition it uses, its recommendation).',
      where: 'commentary/business-crime.md',
    });
  }
  if (a.partnerIndicators.length === 0 && !words.commentary?.['managing-offenders']) {
    items.push({
      id: 'managing-offenders',
      section: 'managing-offenders',
      text: 'No offender management, youth offending or probation returns are loaded: the section says they were not supplied.',
      where: "import the partners' returns (docs/partner-indicators.md), or write commentary/managing-offenders.md",
    });
  }
  if (a.background.ethnicity.length === 0 || a.background.ageBands.length === 0 || !a.background.population) {
    const missing = [
      !a.background.population && 'population',
      a.background.ageBands.length === 0 && 'age bands',
      a.background.ethnicity.length === 0 && 'ethnic groups',
    ].filter((x): x is string => !!x);
    items.push({
      id: 'background',
      section: 'background',
      text: `The background says the ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not loaded.`,
      where: 'import the ONS population and census tables (docs/reference-data.md)',
    });
  }
  for (const s of words.sections ?? []) {
    if (words.commentary?.[s.id]) continue;
    items.push({
      id: `section:${s.id}`,
      section: s.id,
      text: `The section "${s.title}" declared in ${REPORT_FILE} has no text: it says the text was not supplied.`,
      where: `commentary/${s.id}.md`,
    });
  }
  return items;
}

export interface ChecklistEntry {
  area: { code: string; name: string | null };
  period: Assessment['period'];
  items: ChecklistItem[];
}

/** checklist.md: one heading per district, one tick box per item. */
export function checklistMarkdown(entries: readonly ChecklistEntry[], configDir: string | null): string {
  const lines = [
    '# Checklist for the analysts',
    '',
    'What the strategic assessment documents fill with a neutral default because the config folder does not supply it, and where to supply it. ' +
      'None of this appears in the documents; regenerate them after editing the config.',
    '',
    `Config folder: ${configDir ?? 'none given (safer report --config DIR)'}. See docs/report.md and docs/risk.md.`,
  ];
  for (const e of entries) {
    lines.push('', `## ${e.area.name ?? e.area.code} (${e.area.code}), ${periodLong(e.period)}`, '');
    if (e.items.length === 0) lines.push('Nothing to do: the config folder supplies everything the document asks for.');
    for (const item of e.items) lines.push(`- [ ] ${item.text}`, `      Where: ${item.where}.`);
  }
  return `${lines.join('\n')}\n`;
}
