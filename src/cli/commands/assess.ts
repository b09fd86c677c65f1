import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pc from 'picocolors';
import { compareMode } from '../compare-flag.ts';
import { existingStore } from '../store-path.ts';
import { SaferError } from '../../core/errors.ts';
import { resolveDbPath } from '../../store/db.ts';
import { openStoreWaiting } from '../../store/open-wait.ts';
import { loadConfig } from '../../assess/config.ts';
import type { Assessment, AssessmentSet, MeasureAssessment } from '../../assess/schema.ts';
import { isMonth, monthLabel } from '../../core/periods/index.ts';
import { renderTable, wantsJson } from '../output.ts';
import { writeJson, writeJsonFile } from '../json-stream.ts';
import { terminalProgress } from '../progress.ts';
import { allUnit } from '../unit-flag.ts';
import { assessRun } from '../../national/entry.ts';
import type { NationalSummary } from '../../national/summary.ts';

export interface AssessFlags {
  area?: string;
  end?: string;
  compare?: string;
  config?: string;
  all?: boolean | string;
  json?: boolean;
  out?: string;
  includeRestricted?: boolean;
  asOf?: string;
}

/** safer assess: the command's options are in ../program.ts. */
export async function run(flags: AssessFlags, db: string | undefined): Promise<void> {
  if (flags.end !== undefined && !isMonth(flags.end)) {
    throw new SaferError('--end must be a month as YYYY-MM', { value: flags.end, hint: 'e.g. --end 2025-09' });
  }
  const unit = allUnit(flags.all);
  if (flags.area === undefined && !unit)
    throw new SaferError('name an area with --area, or use --all for every district loaded', {
      hint: 'e.g. safer assess --area "South Thornden"',
    });
  const config = loadConfig(flags.config);
  const path = resolveDbPath(db);
  existingStore(path);
  // --as-of: a throw-away copy of the store as it was then (vintages and undos taken into account)
  const pinned =
    flags.asOf !== undefined ? await (await import('../../store/as-of.ts')).openAsOf(path, flags.asOf) : null;
  const store =
    pinned?.store ?? (await openStoreWaiting(path, { readOnly: true, onWait: (m) => process.stderr.write(`${m}\n`) }));
  const progress = terminalProgress();
  try {
    progress.start('Assessing', config.measures.length);
    const options = {
      config,
      ...(flags.end ? { end: flags.end } : {}),
      compare: compareMode(flags.compare),
      includeRestricted: flags.includeRestricted === true,
      onProgress: (done: number, _total: number, label: string) => progress.update(done, `Assessing ${label}`),
    };
    // partnerships or districts as the unit, through the force-month gate (docs/national.md)
    const run = await assessRun(store, flags.area, unit, options);
    const { set, summary } = run;
    progress.stop();
    if (pinned) for (const a of set.assessments) a.asOf = pinned.asOf;
    if (flags.out) await writeOut(flags.out, set, summary);
    const single = set.assessments.length === 1 && !unit;
    if (wantsJson(flags.json))
      await writeJson(
        process.stdout,
        single ? set.assessments[0] : summary ? { ...set, nationalSummary: summary } : set,
      );
    else
      process.stdout.write(
        single
          ? formatAssessment(set.assessments[0]!)
          : `${formatSet(set)}${summary ? formatNationalSummary(summary) : ''}`,
      );
  } finally {
    progress.stop();
    if (pinned) pinned.close();
    else store.close();
  }
}

async function writeOut(dir: string, set: AssessmentSet, summary: NationalSummary | null): Promise<void> {
  const root = resolve(dir);
  mkdirSync(root, { recursive: true });
  for (const a of set.assessments) writeFileSync(join(root, `${a.area.code}.json`), `${JSON.stringify(a, null, 2)}\n`);
  await writeJsonFile(join(root, 'assessment-set.json'), set);
  if (summary) await writeJsonFile(join(root, 'national-summary.json'), summary);
  process.stderr.write(`wrote ${set.assessments.length} assessment(s) to ${root}\n`);
}

const num = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined
    ? '–'
    : n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function verdictCell(m: MeasureAssessment): string {
  const v = m.change.verdict;
  if (v === 'significant increase') return pc.red('▲ significant increase');
  if (v === 'significant decrease') return pc.green('▼ significant decrease');
  if (v === 'no significant change') return pc.dim('no significant change');
  return pc.yellow(v);
}

function pct(m: MeasureAssessment): string {
  // only a change the comparability rule allowed is shown (like for like marked ≈)
  if (m.change.basis !== 'full' && m.change.basis !== 'like-for-like') return '–';
  const mark = m.change.basis === 'like-for-like' ? '≈' : '';
  if (m.change.isNew) return `${mark}new`;
  return m.change.pct === null ? '–' : `${mark}${m.change.pct > 0 ? '+' : ''}${m.change.pct.toFixed(1)}%`;
}

function rank(r: { position: number | null; of: number } | null): string {
  return r && r.position !== null ? `${r.position}/${r.of}` : '–';
}

function levelCell(m: MeasureAssessment): string {
  const level = m.risk?.level;
  if (!level) return '–';
  return level === 'High' ? pc.red(level) : level === 'Medium' ? pc.yellow(level) : pc.green(level);
}

export function formatAssessment(a: Assessment): string {
  const out: string[] = [];
  out.push(
    pc.bold(
      `Strategic assessment: ${a.area.name ?? a.area.code} (${a.area.code})${a.county ? `, ${a.county.name ?? a.county.code}` : ''}`,
    ),
  );
  out.push(
    `${a.comparison.kind === 'like-for-like' ? `${a.comparison.label} (≈ like for like)` : a.comparison.kind === 'not-assessed' ? `${a.period.label}; changes not assessed: ${a.comparison.reason ?? 'incomplete period'}` : `${a.period.label} against ${a.previousPeriod.label}`}; changes tested at the ${Math.round(a.config.alpha * 100)}% level (exact test); rates per 1,000 residents (* per 1,000 households); rank 1 = lowest rate`,
  );
  if (a.background.population)
    out.push(
      `Population ${num(a.background.population.value)} (${a.background.population.year})${a.background.households ? `, ${num(a.background.households.value)} households` : ''}`,
    );
  out.push('');
  // national and regional positions beside the county and peer ones, when the run ranked them
  const national = a.measures.some((m) => m.rank.national);
  out.push(
    renderTable(
      [
        'measure',
        'count',
        'previous',
        'change',
        'verdict',
        'rate',
        'county',
        'peers',
        ...(national ? ['national', 'region'] : []),
        'risk',
      ],
      a.measures.map((m) => [
        m.fallback ? `${m.title} ${pc.dim(`(for ${m.fallback.requestedTitle})`)}` : m.title,
        m.current.count,
        m.change.previous,
        pct(m),
        m.available ? verdictCell(m) : pc.dim('not available'),
        m.current.rate === null ? null : `${num(m.current.rate, 2)}${m.denominator?.kind === 'households' ? '*' : ''}`,
        rank(m.rank.county),
        rank(m.rank.peers),
        ...(national ? [rank(m.rank.national ?? null), rank(m.rank.region ?? null)] : []),
        levelCell(m),
      ]),
      [
        'left',
        'right',
        'right',
        'right',
        'left',
        'right',
        'right',
        'right',
        ...(national ? ['right' as const, 'right' as const] : []),
        'left',
      ],
    ),
  );
  out.push('', pc.bold('Recommended priorities'));
  out.push(
    renderTable(
      ['#', 'measure', 'risk', 'status', 'why'],
      a.priorities.map((p) => [p.rank, p.title, p.level, p.status, p.reasons[0] ?? '']),
      ['right', 'left', 'left', 'left', 'left'],
    ),
  );
  if (a.emergingIssues.length > 0) {
    out.push('', pc.bold(`Emerging issues (${a.emergingIssues.length})`));
    for (const e of a.emergingIssues.slice(0, 10)) out.push(`  • ${e.explanation}`);
    if (a.emergingIssues.length > 10) out.push(pc.dim(`  … and ${a.emergingIssues.length - 10} more (see --json)`));
  }
  out.push(...rankingLines(a), ...dataQualityLines(a));
  out.push(
    '',
    pc.dim(
      `Full document: safer assess --area ${a.area.code} --end ${a.period.end} --json (schema ${a.schemaVersion}, docs/assessment.md)`,
    ),
    '',
  );
  return out.join('\n');
}

/** The data quality lines of the terminal summary. */
function dataQualityLines(a: Assessment): string[] {
  const out: string[] = [];
  const q = a.dataQuality;
  out.push('', pc.bold('Data quality'));
  out.push(
    `  ${num(q.totals.rows)} records in the 24 months; ${num(q.totals.rowsWithoutLocation)} without location; ${num(q.totals.duplicatesDropped)} duplicates removed; ${num(q.totals.rowsRejected)} rejected`,
  );
  if (q.lsoaResolution && q.lsoaResolution.some((r) => r.rule !== 'lookup')) {
    out.push(
      `  LSOA codes resolved: ${q.lsoaResolution.map((r) => `${r.rule} ${num(r.rows)} (${(100 * r.share).toFixed(1)}%)`).join(', ')} (docs/national.md)`,
    );
  }
  for (const k of a.forceMonthsKeptOut ?? [])
    out.push(`  ${pc.yellow('kept out')} ${k.force} ${k.month}: ${k.evidence}`);
  for (const f of q.fallbacks) out.push(`  ${pc.yellow('fallback')} ${f.requested} → ${f.shown}: ${f.note}`);
  for (const m of q.incompleteMeasures) out.push(`  ${pc.yellow('incomplete')} ${m}: months missing, no verdict`);
  for (const u of q.unavailableMeasures) out.push(`  ${pc.dim('not available')} ${u.measure}: ${u.reason}`);
  return out;
}

/** Why no national or regional position is given, when national data is loaded (docs/national.md). */
function rankingLines(a: Assessment): string[] {
  const r = a.nationalRanking;
  if (!r) return [];
  const scopes = [['national', r.national] as const, ['regional', r.region] as const].filter(([, s]) => !s.ranked);
  return scopes.map(([label, s]) =>
    pc.dim(`  no ${label} ranks${s.group ? ` (${s.group.name ?? s.group.code})` : ''}: ${s.reason}`),
  );
}

export function formatSet(set: AssessmentSet): string {
  const out: string[] = [];
  out.push(pc.bold(`Strategic assessments: ${set.group?.name ?? set.group?.code ?? 'districts'}, ${set.period.label}`));
  out.push(
    renderTable(
      ['district', 'all crime', 'change', 'verdict', 'county rank', 'top priorities'],
      set.assessments.map((a) => {
        const all = a.measures.find((m) => m.id === 'all-crime');
        return [
          `${a.area.name ?? ''} (${a.area.code})`,
          all?.current.count ?? null,
          all ? pct(all) : '–',
          all ? verdictCell(all) : '–',
          rank(all?.rank.county ?? null),
          a.priorities
            .slice(0, 3)
            .map((p) => `${p.title} (${p.level})`)
            .join('; '),
        ];
      }),
      ['left', 'right', 'right', 'left', 'right', 'left'],
    ),
  );
  if (set.notCovered.length > 0) {
    out.push(
      '',
      pc.bold(
        `Not assessed (${set.notCovered.length}): their own data does not cover ${monthLabel(set.period.start)} – ${monthLabel(set.period.end)} and the 12 months before`,
      ),
    );
    out.push(
      renderTable(
        ['district', 'rows', 'why'],
        set.notCovered.map((n) => [`${n.name ?? ''} (${n.code})`, n.rows, n.reason]),
      ),
    );
  }
  out.push('');
  return out.join('\n');
}

/** The national (or regional) summary of an --all csp run: every partnership's headline figures and ranks. */
export function formatNationalSummary(s: NationalSummary): string {
  const out: string[] = [
    '',
    pc.bold(
      `Partnerships side by side: ${s.scope?.name ?? s.scope?.code ?? 'every partnership loaded'} (${s.partnerships}), ${s.period.label}`,
    ),
  ];
  const rows = [...s.rows].sort(
    (a, b) =>
      (a.allCrime?.ranks.national?.position ?? Infinity) - (b.allCrime?.ranks.national?.position ?? Infinity) ||
      a.code.localeCompare(b.code),
  );
  out.push(
    renderTable(
      ['partnership', 'force', 'districts', 'all crime', 'rate', 'national', 'region', 'force rank', 'high/medium'],
      rows.map((r) => [
        `${r.name ?? ''} (${r.code})`,
        r.force?.name ?? r.force?.code ?? '',
        r.districts.length,
        r.allCrime?.count ?? null,
        r.allCrime?.rate === null || !r.allCrime ? null : num(r.allCrime.rate, 2),
        rank(r.allCrime?.ranks.national ?? null),
        rank(r.allCrime?.ranks.region ?? null),
        rank(r.allCrime?.ranks.force ?? null),
        `${r.risk.high}/${r.risk.medium}`,
      ]),
      ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
  );
  const flagged = s.forceMonths.flatMap((f) =>
    f.flagged.map((m) => `${f.force} ${m.month} ${m.status}: ${m.evidence}`),
  );
  if (flagged.length > 0)
    out.push(
      '',
      pc.bold('Force-months kept out (partial) or missing'),
      ...flagged.map((f) => `  ${pc.yellow('•')} ${f}`),
    );
  out.push('');
  return out.join('\n');
}
