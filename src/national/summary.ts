import type { AreaRef, AssessmentSet, NationalRank } from '../assess/schema.ts';
import type { ForceGate } from '../store/force-months.ts';
import type { ReportDocument, Section, TableCell } from '../report/model.ts';
import { bullets, cell, para, table } from '../report/build/blocks.ts';
import { formatInt, formatRate, periodLong } from '../report/format.ts';
import { monthRanges } from '../store/status.ts';

/**
 * The national (or regional) summary: one row per CSP assessed with its headline figures, ranks
 * and risk levels, the CSPs not assessed and why, and the force-months kept out (docs/national.md).
 */
export interface NationalSummaryRow {
  code: string;
  name: string | null;
  districts: AreaRef[];
  force: AreaRef | null;
  region: AreaRef | null;
  population: number | null;
  allCrime: {
    count: number | null;
    rate: number | null;
    pct: number | null;
    verdict: string;
    /** 1 = lowest rate */
    ranks: {
      national: NationalRank | null;
      region: NationalRank | null;
      force: { position: number | null; of: number } | null;
    };
  } | null;
  risk: { high: number; medium: number; low: number };
  priorities: { title: string; level: string | null }[];
  monthsKeptOut: string[];
}

export interface NationalSummary {
  kind: 'national-summary';
  generatedAt: string;
  scope: AreaRef | null;
  period: { start: string; end: string; label: string };
  partnerships: number;
  rows: NationalSummaryRow[];
  notCovered: AssessmentSet['notCovered'];
  forceMonths: {
    force: string;
    home: string | null;
    flagged: { month: string; status: string; evidence: string }[];
    strayDistricts: number;
    strayRows: number;
  }[];
}

export function nationalSummary(
  set: AssessmentSet,
  gate: readonly ForceGate[],
  scope: AreaRef | null,
): NationalSummary {
  const rows = set.assessments.map((a): NationalSummaryRow => {
    const all = a.measures.find((m) => m.countedAs === 'all-crime' && m.available) ?? null;
    const levels = a.measures.filter((m) => m.available && m.risk).map((m) => m.risk!.level);
    return {
      code: a.area.code,
      name: a.area.name,
      districts: a.partnership?.districts ?? [],
      force: a.partnership?.force ?? a.county,
      region: a.partnership?.region ?? null,
      population: a.background.population?.value ?? null,
      allCrime: all
        ? {
            count: all.current.count,
            rate: all.current.rate,
            pct: all.change.pct,
            verdict: all.change.verdict,
            ranks: {
              national: all.rank.national ?? null,
              region: all.rank.region ?? null,
              force: all.rank.county ? { position: all.rank.county.position, of: all.rank.county.of } : null,
            },
          }
        : null,
      risk: {
        high: levels.filter((l) => l === 'High').length,
        medium: levels.filter((l) => l === 'Medium').length,
        low: levels.filter((l) => l === 'Low').length,
      },
      priorities: a.priorities.slice(0, 3).map((p) => ({ title: p.title, level: p.level })),
      monthsKeptOut: [...new Set((a.forceMonthsKeptOut ?? []).map((k) => k.month))].sort(),
    };
  });
  return {
    kind: 'national-summary',
    generatedAt: set.generatedAt,
    scope,
    period: { start: set.period.start, end: set.period.end, label: set.period.label },
    partnerships: rows.length,
    rows,
    notCovered: set.notCovered,
    forceMonths: gate.map((g) => ({
      force: g.force,
      home: g.home?.name ?? g.home?.code ?? null,
      flagged: g.flagged.map((f) => ({ month: f.month, status: f.status, evidence: f.evidence })),
      strayDistricts: g.strayDistricts.length,
      strayRows: g.strayRows,
    })),
  };
}

const rankText = (r: { position: number | null; of: number } | null | undefined) =>
  r && r.position !== null ? `${r.position}/${r.of}` : 'n/a';

/** The summary as a document (HTML, Word, PDF through the report's renderers). */
export function nationalSummaryDocument(
  s: NationalSummary,
  options: { edition: 'full' | 'public'; generator: string; marking: string },
): ReportDocument {
  const { edition, generator, marking } = options;
  const scope = s.scope?.name ?? s.scope?.code ?? 'every partnership loaded';
  const headline: Section = {
    id: 'partnerships',
    title: 'Partnerships at a glance',
    level: 1,
    blocks: [
      para(
        `All crime in each community safety partnership, ${periodLong(s.period)}. Rates per 1,000 residents; positions: 1 = lowest rate. National and regional positions are taken over the months complete for every partnership ranked (partial and missing force-months left out for all), the force position over the partnership's own 12 months.`,
      ),
      table({
        id: 'partnerships-table',
        caption: `All crime by community safety partnership, ${periodLong(s.period)}`,
        head: [
          'Partnership',
          'Force',
          'All crime',
          '% change',
          'Per 1,000',
          'National',
          'Region',
          'Force',
          'High / medium risks',
          'Top priorities',
        ],
        align: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
        rows: s.rows.map((r): TableCell[] => [
          cell(`${r.name ?? r.code}${r.districts.length > 1 ? ` (${r.districts.length} districts)` : ''}`),
          cell(r.force?.name ?? r.force?.code ?? ''),
          cell(
            r.allCrime?.count ?? null,
            r.allCrime?.count === null || !r.allCrime ? 'n/a' : formatInt(r.allCrime.count),
          ),
          cell(
            r.allCrime?.pct ?? null,
            r.allCrime?.pct === null || !r.allCrime
              ? 'n/a'
              : `${r.allCrime.pct > 0 ? '+' : ''}${r.allCrime.pct.toFixed(1)}%`,
          ),
          cell(
            r.allCrime?.rate ?? null,
            r.allCrime?.rate === null || !r.allCrime ? 'n/a' : formatRate(r.allCrime.rate),
          ),
          cell(r.allCrime?.ranks.national?.position ?? null, rankText(r.allCrime?.ranks.national)),
          cell(r.allCrime?.ranks.region?.position ?? null, rankText(r.allCrime?.ranks.region)),
          cell(r.allCrime?.ranks.force?.position ?? null, rankText(r.allCrime?.ranks.force)),
          cell(
            r.risk.high,
            `${r.risk.high} / ${r.risk.medium}`,
            r.risk.high > 0 ? 'high' : r.risk.medium > 0 ? 'medium' : 'low',
          ),
          cell(r.priorities.map((p) => `${p.title} (${p.level ?? 'n/a'})`).join('; ')),
        ]),
        note: "Each partnership's own strategic assessment explains every figure, rank and risk level.",
      }),
    ],
  };
  const multi = s.rows.filter((r) => r.districts.length > 1);
  const membership: Section = {
    id: 'membership',
    title: 'Partnerships covering several districts',
    level: 1,
    blocks:
      multi.length > 0
        ? [
            bullets(
              multi.map(
                (r) => `${r.name ?? r.code} (${r.code}): ${r.districts.map((d) => d.name ?? d.code).join(', ')}`,
              ),
            ),
          ]
        : [para('Every partnership assessed covers one district.')],
  };
  // missing months folded into ranges; each partial month on its own row with its evidence
  const gateRows = s.forceMonths.flatMap((f) => [
    ...monthRanges(f.flagged.filter((m) => m.status === 'missing').map((m) => m.month)).map((range) => [
      cell(f.force),
      cell(range),
      cell('missing', 'missing', 'high' as const),
      cell('no rows loaded'),
    ]),
    ...f.flagged
      .filter((m) => m.status === 'partial')
      .map((m) => [cell(f.force), cell(m.month), cell('partial', 'partial', 'medium' as const), cell(m.evidence)]),
  ]);
  const gateSection: Section = {
    id: 'force-months',
    title: 'Force-months and stray rows',
    level: 1,
    blocks: [
      para(
        "Each force's rows per month against its own median month: a month under 60% of it is partial, a month with none missing. Partial and missing force-months are kept out of every figure, rank, peer average and trend in this summary and in the partnerships' documents.",
      ),
      ...(gateRows.length > 0
        ? [
            table({
              id: 'force-months-table',
              caption: 'Force-months flagged',
              head: ['Force', 'Month', 'Status', 'Evidence'],
              align: ['left', 'left', 'left', 'left'],
              rows: gateRows,
            }),
          ]
        : [para('No force-month is flagged.')]),
      bullets(
        s.forceMonths.map(
          (f) =>
            `${f.force}${f.home ? ` (force area: ${f.home})` : ''}: ${formatInt(f.strayRows)} rows in ${formatInt(f.strayDistricts)} districts of other force areas, counted for those districts only in months their own force's data is loaded`,
        ),
      ),
    ],
  };
  const notCovered: Section | null =
    s.notCovered.length > 0
      ? {
          id: 'not-assessed',
          title: 'Partnerships not assessed',
          level: 1,
          blocks: [bullets(s.notCovered.map((n) => `${n.name ?? n.code} (${n.code}): ${n.reason}`))],
        }
      : null;
  return {
    title: `${scope}: community safety partnerships summary`,
    subtitle: `${formatInt(s.partnerships)} partnership strategic assessments, ${periodLong(s.period)}${edition === 'public' ? ' (public edition)' : ''}`,
    area: { code: s.scope?.code ?? 'national', name: scope },
    period: { label: periodLong(s.period), start: s.period.start, end: s.period.end },
    edition,
    marking,
    generatedAt: s.generatedAt,
    generator,
    sections: [headline, membership, gateSection, notCovered].filter((x): x is Section => x !== null),
  };
}
