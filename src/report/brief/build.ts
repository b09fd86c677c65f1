import type { Assessment, EmergingSignal, MonitoringCheck } from '../../assess/schema.ts';
import type { AnalystWords } from '../words.ts';
import { buildContext, showChangePct, showCount, type BuildContext } from '../build/context.ts';
import { markingFor } from '../build/index.ts';
import { describeEmerging, monitoringSummary, verdictLabel } from '../build/narrative.ts';
import { formatDecimal, formatInt, monthLong } from '../format.ts';
import { addMonths } from '../../core/periods/index.ts';

/**
 * The one-page monthly brief for the Joint Action Group: the month's monitoring signals (adjusted p
 * and the plain-words explanation), the recommended priorities' latest month against its expected
 * range and their 12-month change, and which partner returns are in for the month. Every figure is
 * read from one Assessment (the 12 months ending in the brief's month); nothing is recomputed.
 */
export interface Brief {
  title: string;
  area: { code: string; name: string };
  /** the month briefed, YYYY-MM (the Assessment's period end) */
  month: string;
  monthLabel: string;
  periodLabel: string;
  edition: 'full' | 'public';
  marking: string;
  generatedAt: string;
  generator: string;
  figures: { label: string; value: string; note: string }[];
  /** the monitoring in one paragraph (what was monitored, what chance alone gives) */
  summary: string;
  signals: BriefSignal[];
  /** signals left off the page (listed on the dashboard's monthly page) */
  moreSignals: number;
  priorities: BriefPriority[];
  returns: BriefReturn[];
}

export interface BriefSignal {
  where: string;
  measure: string;
  direction: 'increase' | 'decrease';
  count: string;
  expected: string;
  pAdjusted: number | null;
  pAdjustedText: string;
  explanation: string;
}

export interface BriefPriority {
  rank: number;
  measure: string;
  title: string;
  level: string;
  /** the latest month's count and expected count (and 95% range), from the district's monitoring check */
  latest: string;
  expected: string;
  against: string;
  /** the 12 months against the year before, on the measure's comparison basis */
  change: string;
  verdict: string;
}

export interface BriefReturn {
  source: string;
  what: string;
  /** the latest period the store holds for the district */
  latest: string;
  status: 'received' | 'missing';
}

/** Signals shown on the page; the rest are counted ("and N more"). */
export const BRIEF_SIGNALS = 5;

function pText(p: number | null | undefined): string {
  if (p === null || p === undefined) return 'n/a';
  return p < 0.001 ? '< 0.001' : formatDecimal(p, 3);
}

const AGAINST: Record<MonitoringCheck['status'], string> = {
  'above-95': 'above the 95% range',
  'above-80': 'above the 80% range',
  within: 'within the expected range',
  'below-80': 'below the 80% range',
  'below-95': 'below the 95% range',
};

function signalRow(e: EmergingSignal, ctx: BuildContext): BriefSignal {
  return {
    where: e.area.level === 'district' ? 'District' : `${e.area.name ?? e.area.code} (ward)`,
    measure: e.title,
    direction: e.direction,
    count: showCount(e.latest.count, ctx),
    expected: formatDecimal(e.latest.expected, 1),
    pAdjusted: e.pAdjusted ?? null,
    pAdjustedText: pText(e.pAdjusted),
    explanation: describeEmerging(e, ctx),
  };
}

function priorities(a: Assessment, ctx: BuildContext): BriefPriority[] {
  return a.priorities.map((p) => {
    const m = a.measures.find((x) => x.id === p.measure);
    const counted = m?.countedAs ?? p.measure;
    const check = a.monitoring?.checks.find((c) => c.area.level === 'district' && c.measure === counted) ?? null;
    return {
      rank: p.rank,
      measure: p.measure,
      title: p.title,
      level: p.level,
      latest: check ? showCount(check.count, ctx) : 'n/a',
      expected: check
        ? `${formatDecimal(check.expected, 0)} (${formatInt(Math.floor(check.lower95))}–${formatInt(Math.ceil(check.upper95))})`
        : 'not monitored',
      against: check ? `${AGAINST[check.status]}${check.beyondChance ? ', beyond chance' : ''}` : 'n/a',
      change: m ? showChangePct(m.change, m.change.current, m.change.previous, ctx) : 'n/a',
      verdict: m ? verdictLabel(m.change).text : 'n/a',
    };
  });
}

/**
 * Partner returns for the month: a source of records is in when the district has rows of it in
 * the month; an aggregate return is in when its latest period ends in the window a return of its
 * length covers (a monthly return: the month itself; a quarterly one: the quarter to the month).
 */
function returns(a: Assessment): BriefReturn[] {
  const month = a.period.end;
  const out: BriefReturn[] = [];
  for (const s of a.dataQuality.sources) {
    const mine = s.districts.find((d) => d.district === a.area.code);
    const received = mine !== undefined && mine.rows > 0 && !mine.missingMonths.includes(month);
    out.push({
      source: s.source,
      what: `${s.kind} records`,
      latest: received
        ? monthLong(month)
        : mine && mine.rows > 0
          ? lastHeld(mine.missingMonths, a.period.start, month)
          : 'none in the 12 months',
      status: received ? 'received' : 'missing',
    });
  }
  const bySource = new Map<string, { latestEnd: string; period: string; months: number; count: number }>();
  for (const p of a.partnerIndicators) {
    const held = bySource.get(p.source);
    const end = p.latest.periodEnd.slice(0, 7);
    if (!held || end > held.latestEnd)
      bySource.set(p.source, {
        latestEnd: end,
        period: p.latest.period,
        months: p.latest.months,
        count: (held?.count ?? 0) + 1,
      });
    else held.count += 1;
  }
  for (const [source, r] of bySource) {
    const due = addMonths(month, -(Math.max(1, r.months) - 1));
    out.push({
      source,
      what: `${r.count} indicator${r.count === 1 ? '' : 's'}, ${r.months === 1 ? 'monthly' : r.months === 3 ? 'quarterly' : r.months === 12 ? 'yearly' : `every ${r.months} months`}`,
      latest: r.period,
      status: r.latestEnd >= due ? 'received' : 'missing',
    });
  }
  return out.sort((x, y) =>
    x.status === y.status ? x.source.localeCompare(y.source) : x.status === 'missing' ? -1 : 1,
  );
}

/** The last month of the period with rows, in words ("none in the 12 months" when every month is missing). */
function lastHeld(missing: readonly string[], start: string, end: string): string {
  for (let m = end; m >= start; m = addMonths(m, -1)) if (!missing.includes(m)) return monthLong(m);
  return 'none in the 12 months';
}

export function buildBrief(a: Assessment, options: { edition: 'full' | 'public'; words: AnalystWords }): Brief {
  const ctx = buildContext(a, { edition: options.edition, words: options.words });
  const name = a.area.name ?? a.area.code;
  const mon = a.monitoring;
  const signals = (mon?.signals ?? []).map((e) => signalRow(e, ctx));
  const shown = signals.slice(0, BRIEF_SIGNALS);
  const rows = priorities(a, ctx);
  const partner = returns(a);
  const missing = partner.filter((r) => r.status === 'missing').length;
  return {
    title: `Monthly JAG brief: ${name}, ${monthLong(a.period.end)}`,
    area: { code: a.area.code, name },
    month: a.period.end,
    monthLabel: monthLong(a.period.end),
    periodLabel: a.period.label,
    edition: options.edition,
    marking: markingFor(options.edition, options.words),
    generatedAt: a.generatedAt,
    generator: `${a.generator.name} ${a.generator.version}`,
    figures: [
      {
        label: 'Signals this month',
        value: formatInt(signals.length),
        note: mon
          ? `${formatDecimal(mon.expectedFalseAlarms, 1)} expected by chance`
          : 'no monitoring in this Assessment',
      },
      {
        label: 'Series monitored',
        value: mon ? formatInt(mon.series.monitored) : 'n/a',
        note: 'the district and its wards',
      },
      { label: 'Priorities', value: formatInt(rows.length), note: 'recommended in the assessment' },
      {
        label: 'Partner returns',
        value: `${formatInt(partner.length - missing)} of ${formatInt(partner.length)}`,
        note:
          missing > 0 ? `${missing} missing for ${monthLong(a.period.end)}` : `all in for ${monthLong(a.period.end)}`,
      },
    ],
    summary: mon ? monitoringSummary(mon) : 'This Assessment holds no monthly monitoring.',
    signals: shown,
    moreSignals: signals.length - shown.length,
    priorities: rows,
    returns: partner,
  };
}
