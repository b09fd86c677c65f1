import type { Block, Section } from '../model.ts';
import { formatDecimal, formatInt, monthLong } from '../format.ts';
import { cell, para, table } from './blocks.ts';
import { hidden, showCount, type BuildContext } from './context.ts';
import { watchList } from './summary.ts';
import { monitoringSummary } from './narrative.ts';
import type { MonitoringSection } from '../../assess/schema.ts';

/**
 * The emerging-issues chapter from the Assessment's monitoring section: the method in a sentence,
 * what was monitored and what chance alone would give, and every series signalling in the month,
 * ranked by evidence (adjusted p) and size — the same list, in the same order, as the dashboard's
 * monthly page and the API.
 */
function monitoredSection(ctx: BuildContext, m: MonitoringSection): Section {
  const blocks: Block[] = [
    para(
      'Every measure is watched month by month in the district and in each ward with a pair of control charts (Poisson CUSUM: the running evidence that a series has moved above, or below, ' +
        'its expected level, the level of the year before the 12 months monitored, by calendar month for the larger series). A chart signals when that evidence passes a limit set ' +
        'so that signals by chance alone stay rare across all the series monitored, and starts again after each signal; a signal stays on while every month since stays on its side of expected. ' +
        "A signal is not a verdict on a year's change: it flags a run of months for the Joint Action Group to look at, whether or not the measure is a priority.",
    ),
    para(monitoringSummary(m)),
  ];
  if (m.signals.length === 0) {
    blocks.push(para('No series, in the district or in any ward, is signalling this month.'));
    return { id: 'emerging-issues', title: 'Emerging issues', level: 1, blocks };
  }
  blocks.push(
    table({
      id: 'emerging-table',
      caption: `Series signalling in ${monthLong(m.month)}, by strength of evidence then size`,
      head: [
        'Measure',
        'Where',
        'Direction',
        'Since',
        'Latest month',
        'Expected',
        'More (fewer) than expected since',
        'p',
        'Adjusted p',
      ],
      align: ['left', 'left', 'left', 'left', 'right', 'right', 'right', 'right', 'right'],
      rows: m.signals.map((e) => {
        const excess = Math.round(e.excess ?? 0);
        return [
          cell(e.title),
          cell(e.area.level === 'district' ? 'District' : `${e.area.name ?? e.area.code} (${e.area.level})`),
          cell(e.direction, e.direction === 'increase' ? 'above expected' : 'below expected'),
          cell(e.since, monthLong(e.since)),
          cell(e.latest.count, showCount(e.latest.count, ctx)),
          cell(
            e.latest.expected,
            hidden(Math.round(e.latest.expected), ctx) ? 'not shown' : formatDecimal(e.latest.expected, 1),
          ),
          cell(excess, hidden(Math.abs(excess), ctx) ? 'not shown' : formatInt(excess)),
          cell(e.pValue ?? null, pCell(e.pValue)),
          cell(e.pAdjusted ?? null, pCell(e.pAdjusted)),
        ];
      }),
      note: "p: the chance that a series with no change would build up this much evidence this fast (from the charts' in-control run-length distribution); adjusted p allows for every series monitored in the district (Benjamini–Hochberg). Method: appendix and docs/methods.md, Monitoring.",
    }),
  );
  return { id: 'emerging-issues', title: 'Emerging issues', level: 1, blocks };
}

function pCell(p: number | undefined): string {
  if (p === undefined) return 'n/a';
  return p < 0.001 ? '< 0.001' : formatDecimal(p, 3);
}

export function emergingSection(ctx: BuildContext): Section {
  const { a } = ctx;
  if (a.monitoring) return monitoredSection(ctx, a.monitoring);
  const signals = a.emergingIssues;
  const blocks: Block[] = [
    para(
      'Every measure is watched month by month with a control chart (CUSUM: the cumulative sum of the departures from the expected count for each calendar month, ' +
        'expected from the 24 months before; a signal when it passes 5). A signal means a series has been running above its usual level for some months, ' +
        'whether or not the measure is a priority, so that an issue is raised while it is still emerging.',
    ),
  ];
  // a series too short to monitor is "not run", never "no signal"
  const notRun = a.measures.filter((m) => m.available && m.notRun.some((n) => n.analysis === 'cusum'));
  const ran = a.measures.filter((m) => m.available && !m.notRun.some((n) => n.analysis === 'cusum'));
  if (notRun.length > 0) {
    const reason = notRun[0]!.notRun.find((n) => n.analysis === 'cusum')!.reason;
    blocks.push(
      para(
        ran.length === 0
          ? `The control charts did not run for any measure: each ${reason}. No statement about emerging rises or falls can be made from the data loaded.`
          : `The control charts did not run for ${formatInt(notRun.length)} measure${notRun.length === 1 ? '' : 's'} (${reason}); nothing is said about emerging rises in ${notRun.length === 1 ? 'it' : 'them'}.`,
      ),
    );
    if (ran.length === 0) return { id: 'emerging-issues', title: 'Emerging issues', level: 1, blocks };
  }
  if (signals.length === 0) {
    blocks.push(
      para(
        notRun.length > 0
          ? 'No other measure, in the district or in any ward, is signalling a rise.'
          : 'No measure, in the district or in any ward, is signalling a rise.',
      ),
    );
    return { id: 'emerging-issues', title: 'Emerging issues', level: 1, blocks };
  }
  const district = signals.filter((e) => e.area.level === 'district');
  const watch = watchList(a);
  blocks.push(
    para(
      `${formatInt(district.length)} measure${district.length === 1 ? ' is' : 's are'} signalling a rise across the district` +
        (watch.length > 0 ? `, ${formatInt(watch.length)} of them outside the recommended priorities` : '') +
        `, and ${formatInt(signals.length - district.length)} ward-level series.`,
    ),
  );
  blocks.push(
    table({
      id: 'emerging-table',
      caption: 'Series signalling a rise (district first, then wards by strength of signal)',
      head: ['Measure', 'Where', 'Above expected since', 'Latest month', 'Count', 'Expected', 'CUSUM'],
      align: ['left', 'left', 'left', 'left', 'right', 'right', 'right'],
      rows: signals.map((e) => {
        const expected = Math.round(e.latest.expected);
        return [
          cell(e.title),
          cell(e.area.level === 'district' ? 'District' : `${e.area.name ?? e.area.code} (${e.area.level})`),
          cell(e.since, monthLong(e.since)),
          cell(e.latest.month, monthLong(e.latest.month)),
          cell(e.latest.count, showCount(e.latest.count, ctx)),
          cell(e.latest.expected, hidden(expected, ctx) ? 'not shown' : formatDecimal(e.latest.expected, 1)),
          cell(e.cusum, formatDecimal(e.cusum, 1)),
        ];
      }),
      note: "A signal is not a verdict on a year's change: it flags a run of months above the usual level, to be looked at by the Joint Action Group.",
    }),
  );
  return { id: 'emerging-issues', title: 'Emerging issues', level: 1, blocks };
}
