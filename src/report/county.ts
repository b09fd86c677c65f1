import type { Assessment, AssessmentSet } from '../assess/schema.ts';
import type { ReportDocument, Section, TableCell } from './model.ts';
import type { AnalystWords } from './words.ts';
import { formatInt, formatRate, listJoin, periodLong } from './format.ts';
import { bullets, cell, levelTone, para, table } from './build/blocks.ts';
import { buildContext, showChangePct, showCount, type BuildContext } from './build/context.ts';
import { markingFor } from './build/index.ts';
import { uniqueMeasures } from './build/measures.ts';
import { allCrime } from './build/summary.ts';
import { verdictLabel } from './build/narrative.ts';

/**
 * The community safety agreement view of a county (or force area): every district's figures,
 * priorities and risk levels side by side, from the same Assessments as the district documents.
 */
export interface CountySummaryOptions {
  edition: 'full' | 'public';
  words: AnalystWords;
  suppressBelow?: number;
}

function name(a: Assessment): string {
  return a.area.name ?? a.area.code;
}

function overview(set: AssessmentSet, contexts: Map<Assessment, BuildContext>): Section {
  const rows = set.assessments.map((a): TableCell[] => {
    const ctx = contexts.get(a)!;
    const all = allCrime(a);
    if (!all)
      return [
        cell(name(a)),
        cell(null, 'n/a'),
        cell(null, 'n/a'),
        cell(null, 'n/a'),
        cell(null, 'n/a'),
        cell(null, 'n/a'),
        cell(null, 'n/a'),
      ];
    const v = verdictLabel(all.change);
    return [
      cell(name(a)),
      cell(all.current.count, showCount(all.current.count, ctx)),
      cell(all.change.pct, showChangePct(all.change, all.change.current, all.change.previous, ctx)),
      cell(v.text, v.text, v.tone),
      cell(all.current.rate, all.current.rate === null ? 'n/a' : formatRate(all.current.rate)),
      cell(
        all.rank.county?.position ?? null,
        all.rank.county?.position ? `${all.rank.county.position}/${all.rank.county.of}` : 'n/a',
      ),
      cell(
        all.rank.peers?.position ?? null,
        all.rank.peers?.position ? `${all.rank.peers.position}/${all.rank.peers.of}` : 'n/a',
      ),
    ];
  });
  return {
    id: 'overview',
    title: 'Districts at a glance',
    level: 1,
    blocks: [
      para(
        `All crime in each district, ${periodLong(set.period)}, against the 12 months before. Rates per 1,000 residents; positions: 1 = lowest rate.`,
      ),
      table({
        id: 'overview-table',
        caption: `All crime by district, ${periodLong(set.period)}`,
        head: [
          'District',
          'All crime',
          '% change',
          'Significance',
          'Per 1,000',
          'County position',
          'Most similar group',
        ],
        align: ['left', 'right', 'right', 'left', 'right', 'right', 'right'],
        rows,
      }),
    ],
  };
}

function prioritiesSection(set: AssessmentSet): Section {
  const most = Math.max(0, ...set.assessments.map((a) => a.priorities.length));
  const head = ['District', ...Array.from({ length: most }, (_, i) => `Priority ${i + 1}`)];
  const rows = set.assessments.map((a) => [
    cell(name(a)),
    ...Array.from({ length: most }, (_, i) => {
      const p = a.priorities[i];
      return p ? cell(p.level, `${p.title} (${p.level})`, levelTone(p.level)) : cell(null, '');
    }),
  ]);
  const counts = new Map<string, { title: string; districts: string[] }>();
  for (const a of set.assessments) {
    for (const p of a.priorities) {
      const held = counts.get(p.measure) ?? { title: p.title, districts: [] };
      held.districts.push(name(a));
      counts.set(p.measure, held);
    }
  }
  const shared = [...counts.values()]
    .filter((c) => c.districts.length >= Math.max(2, Math.ceil(set.assessments.length / 2)))
    .sort((x, y) => y.districts.length - x.districts.length);
  return {
    id: 'priorities',
    title: 'Recommended priorities by district',
    level: 1,
    blocks: [
      para("Each district's recommended priorities in rank order, with the risk level from its risk matrix."),
      table({
        id: 'priorities-table',
        caption: 'Recommended priorities, side by side',
        head,
        align: head.map(() => 'left' as const),
        rows,
      }),
      ...(shared.length > 0
        ? [
            para(
              "Priorities shared by at least half of the districts, candidates for the county's community safety agreement:",
            ),
            bullets(
              shared.map(
                (s) =>
                  `${s.title}: ${s.districts.length} of ${set.assessments.length} districts (${listJoin(s.districts)})`,
              ),
            ),
          ]
        : [para('No priority is shared by half of the districts or more.')]),
    ],
  };
}

function riskSection(set: AssessmentSet): Section {
  const measures = new Map<string, string>();
  for (const a of set.assessments)
    for (const m of uniqueMeasures(a))
      if (m.available && !measures.has(m.countedAs)) measures.set(m.countedAs, m.title);
  const rows = [...measures].map(([id, title]) => [
    cell(title),
    ...set.assessments.map((a) => {
      const m = a.measures.find((x) => x.countedAs === id && x.available);
      const level = m?.risk?.level ?? null;
      const priority = a.priorities.some((p) => p.measure === id);
      return level ? cell(level, `${level}${priority ? ' ★' : ''}`, levelTone(level)) : cell(null, 'n/a');
    }),
  ]);
  return {
    id: 'risk-levels',
    title: 'Risk levels side by side',
    level: 1,
    blocks: [
      table({
        id: 'risk-levels-table',
        caption: 'Risk level of each measure in each district',
        head: ['Measure', ...set.assessments.map(name)],
        align: ['left', ...set.assessments.map(() => 'left' as const)],
        rows,
        note: "★ a recommended priority of that district. Each district's own document explains every level factor by factor.",
      }),
    ],
  };
}

function coverageSection(set: AssessmentSet): Section | null {
  if (set.notCovered.length === 0) return null;
  return {
    id: 'not-assessed',
    title: 'Districts not assessed',
    level: 1,
    blocks: [bullets(set.notCovered.map((n) => `${n.name ?? n.code} (${n.code}): ${n.reason}`))],
  };
}

export function buildCountySummary(set: AssessmentSet, options: CountySummaryOptions): ReportDocument {
  const contexts = new Map(
    set.assessments.map((a) => [
      a,
      buildContext(a, {
        edition: options.edition,
        words: options.words,
        ...(options.suppressBelow !== undefined ? { suppressBelow: options.suppressBelow } : {}),
      }),
    ]),
  );
  const group = set.group?.name ?? set.group?.code ?? 'the county';
  const sections = [overview(set, contexts), prioritiesSection(set), riskSection(set), coverageSection(set)].filter(
    (s): s is Section => s !== null,
  );
  return {
    title: `${group}: community safety agreement summary`,
    subtitle: `${formatInt(set.assessments.length)} district strategic assessments, ${periodLong(set.period)}${options.edition === 'public' ? ' (public edition)' : ''}`,
    area: { code: set.group?.code ?? 'county', name: group },
    period: { label: periodLong(set.period), start: set.period.start, end: set.period.end },
    edition: options.edition,
    marking: markingFor(options.edition, options.words),
    generatedAt: set.generatedAt,
    generator: set.assessments[0]
      ? `${set.assessments[0].generator.name} ${set.assessments[0].generator.version}`
      : 'safer',
    sections,
  };
}
