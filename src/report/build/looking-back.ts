import type { MeasureAssessment } from '../../assess/schema.ts';
import type { Block, Section, TableCell } from '../model.ts';
import { formatInt, listJoin, monthLong, monthShort } from '../format.ts';
import { cell, para, table, warning } from './blocks.ts';
import { comparedPair, hidden, showChangeAbs, showChangePct, showCount, type BuildContext } from './context.ts';
import { monthsSpan } from '../../core/periods/comparable.ts';
import { rollingProjection, trendChart } from './charts.ts';
import { fallbackGroups, standsInFor, uniqueMeasures } from './measures.ts';
import {
  changeTally,
  describeChange,
  describeChangeTally,
  describeRanks,
  describeRateVsAverage,
  monthsList,
  peerGroupName,
  verdictLabel,
} from './narrative.ts';
import { allCrime } from './summary.ts';
import { DRUG_CAVEAT_SHORT, isDrugMeasure } from './themes.ts';

/** "If recent patterns continue, about 12,900 crimes would be recorded in the 12 months to September 2026 …" */
export function describeProjection(m: MeasureAssessment, ctx: BuildContext): string | null {
  const s = m.series;
  if (!s?.projection) return null;
  const p = rollingProjection(s, 1);
  if (!p) return null;
  const i = p.months.length - 1;
  const values = [p.mean[i]!, p.lower80[i]!, p.upper80[i]!, p.lower95[i]!].map(Math.round);
  if (values.some((v) => hidden(v, ctx))) return null;
  const [mean, lo80, hi80, lo95] = values as [number, number, number, number];
  const hi95 = Math.round(p.upper95[i]!);
  const method = s.projection.method;
  const lead =
    method === 'holt-winters' || method === 'holt-winters-damped'
      ? 'If the trend and seasonal pattern of recent years continue'
      : method === 'seasonal-naive'
        ? 'If the coming months repeat the same months of this year'
        : method === 'seasonal-mean'
          ? 'If the coming months are like the same months of the last three years'
          : 'If the coming months are like the average month so far';
  const why = s.projection.reason ? ` It is ${s.projection.reason}.` : '';
  return (
    `${lead}, about ${formatInt(mean)} would be recorded in the 12 months to ${monthLong(p.months[i]!)} ` +
    `(80% band ${formatInt(lo80)} to ${formatInt(hi80)}; 95% band ${formatInt(lo95)} to ${formatInt(hi95)}). This is a projection to plan against, not a target.${why}`
  );
}

function groupRow(m: MeasureAssessment, ctx: BuildContext): TableCell[] {
  const { current: c, previous: p } = comparedPair(m.change, m.current.count);
  const mark = m.fallback || standsInFor(ctx.a, m.countedAs).length > 0 ? ' †' : '';
  if (!m.available || c === null)
    return [
      cell(`${m.title}${mark}`),
      cell(null, 'n/a'),
      cell(null, 'n/a'),
      cell(null, 'n/a'),
      cell(null, 'n/a'),
      cell('not available'),
    ];
  const verdict = verdictLabel(m.change);
  return [
    cell(`${m.title}${mark}`),
    cell(p, showCount(p, ctx)),
    cell(c, showCount(c, ctx)),
    cell(m.change.abs, showChangeAbs(m.change, c, p, ctx)),
    cell(m.change.pct, showChangePct(m.change, c, p, ctx)),
    cell(verdict.text, verdict.text, verdict.tone),
  ];
}

/** The measures asked for that the data could not support, grouped under the measure counted in their place (one row each). */
function fallbackNote(ctx: BuildContext): string {
  const list = fallbackGroups(ctx.a).map((g) => `${g.shown.title} for ${listJoin(g.for.map((f) => f.title))}`);
  return list.length === 0
    ? ''
    : ` † counted in place of measures the data cannot support, which are not shown again: ${list.join('; ')}.`;
}

export function lookingBackSection(ctx: BuildContext): Section {
  const { a } = ctx;
  const name = a.area.name ?? a.area.code;
  const blocks: Block[] = [];
  const all = allCrime(a);
  if (all) {
    blocks.push(
      para(describeChange({ ...all, title: 'All crime', period: a.period, previousPeriod: a.previousPeriod }, ctx)),
    );
    const kind = all.denominator?.kind ?? 'population';
    const ranks = describeRanks(all.rank, name, a.county?.name ?? 'the county', kind);
    if (ranks.length > 0) blocks.push(para(ranks.join(' ')));
    const vsPeers =
      all.current.rate !== null && all.rank.peers
        ? describeRateVsAverage(all.current.rate, all.rank.peers, `its ${peerGroupName(all.rank.peers)}`, kind)
        : null;
    const vsCounty =
      all.current.rate !== null && all.rank.county && !vsPeers
        ? describeRateVsAverage(
            all.current.rate,
            all.rank.county,
            `the other districts of ${a.county?.name ?? 'the county'}`,
            kind,
          )
        : null;
    if (vsPeers ?? vsCounty) blocks.push(para((vsPeers ?? vsCounty)!));
    const chart = trendChart(all, ctx);
    if (chart && 'block' in chart) blocks.push(chart.block);
    else if (chart) blocks.push(para(`The trend chart is not drawn: ${chart.withheld}.`));
    const projection = describeProjection(all, ctx);
    if (projection) blocks.push(para(projection));
  } else {
    blocks.push(
      warning('All crime could not be counted for this period, so the overall change and ranks are not given.'),
    );
  }

  const measures = uniqueMeasures(a);
  const likeForLike = a.comparison.kind === 'like-for-like';
  const compared =
    measures.find((m) => m.countedAs === 'all-crime') ?? measures.find((m) => m.comparison?.kind === a.comparison.kind);
  const notLoaded = [
    ...new Set([...(compared?.current.missingMonths ?? []), ...(compared?.previous.missingMonths ?? [])]),
  ].sort();
  const prev = likeForLike
    ? monthsSpan(a.comparison.previousMonths)
    : `${monthShort(a.previousPeriod.start)} to ${monthShort(a.previousPeriod.end)}`;
  const cur = likeForLike
    ? monthsSpan(a.comparison.currentMonths)
    : `${monthShort(a.period.start)} to ${monthShort(a.period.end)}`;
  blocks.push(
    para(
      likeForLike
        ? `Data is not loaded for every month of both 12-month periods (${monthsList(notLoaded)} missing), so the table compares like for like: the ${formatInt(a.comparison.months)} months loaded in both years, ${a.comparison.label.replace(/ \(like for like.*$/, '')}, with the volume and percentage change and whether the change is statistically significant.`
        : a.comparison.kind === 'not-assessed'
          ? `The change on the year before cannot be assessed (${a.comparison.reason ?? 'incomplete period'}): the table gives the latest 12 months only.`
          : 'The table gives every measure assessed for both periods, with the volume and percentage change and whether the change is statistically significant.',
    ),
  );
  blocks.push(
    table({
      id: 'looking-back-groups',
      caption: `Crime types and groups: ${prev} against ${cur}`,
      head: ['Crime type or group', prev, cur, 'Volume change', '% change', 'Significance'],
      align: ['left', 'right', 'right', 'right', 'right', 'left'],
      rows: measures.map((m) => groupRow(m, ctx)),
      note:
        'Significance: exact conditional (binomial) test of the two counts at the 5% level; ▲/▼ mark a significant increase or decrease, anything else is within normal variation. ' +
        '"new": none the year before.' +
        fallbackNote(ctx) +
        (measures.some((m) => m.available && isDrugMeasure(m.countedAs)) ? ` ${DRUG_CAVEAT_SHORT}` : '') +
        (ctx.edition === 'public'
          ? ` Counts below ${formatInt(ctx.suppressBelow)} are shown as "fewer than ${formatInt(ctx.suppressBelow)}" and their changes are not shown.`
          : ''),
    }),
  );
  blocks.push(para(describeChangeTally(changeTally(measures, ctx))));
  return { id: 'looking-back', title: 'Looking back at the last year', level: 1, blocks };
}
