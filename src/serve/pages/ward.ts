import type { LocalRow, MeasureAssessment } from '../../assess/schema.ts';
import { uniqueMeasures } from '../../report/build/measures.ts';
import { showChangeAbs, showChangePct, showCount, showRate } from '../../report/build/context.ts';
import { describeEmerging, nounFor, verdictLabel } from '../../report/build/narrative.ts';
import { formatDecimal, formatInt, monthLong, periodLong } from '../../report/format.ts';
import { rollingChart } from '../../render/charts/index.ts';
import { html, path, query, type SafeHtml } from '../html.ts';
import { sliceMonths, type WardMeasure, type WardProfile, type WardRef } from '../data/ward.ts';
import { areaUrl } from './layout.ts';
import { card, chartFigure, dataTable, emptyState, figures, verdictBadge } from './components.ts';
import { measureHref, type AreaPageContext } from './overview.ts';
import { statusBadge } from './monitoring.ts';
import { wardUrl } from './links.ts';

/** The slicers a ward page answers (query parameters, so a sliced view is a shareable link). */
export interface WardSlice {
  /** the measure (crime type) the figures, chart and monitoring history show; default all crime */
  measure: string | undefined;
  /** first and last month of the chart (YYYY-MM); default the 24 months to the period end */
  from: string | undefined;
  to: string | undefined;
}

function pText(p: number): string {
  return p < 0.001 ? '< 0.001' : formatDecimal(p, 3);
}

function rankText(w: WardMeasure): string {
  const r = w.row.rank;
  if (!r) return 'n/a';
  return `${formatInt(r.byCount)} of ${formatInt(r.of)}`;
}

function rateRankText(w: WardMeasure): string {
  const r = w.row.rank;
  return r && r.byRate !== null ? `${formatInt(r.byRate)} of ${formatInt(r.ofRated)}` : 'n/a';
}

/** The measure the slicer chose, else all crime, else the first with the most offences. */
export function chosenMeasure(ward: WardProfile, asked: string | undefined): WardMeasure | undefined {
  const by = (id: string) => ward.measures.find((w) => w.measure.id === id || w.measure.countedAs === id);
  return (asked ? by(asked) : undefined) ?? by('all-crime') ?? ward.measures[0];
}

function breadcrumbs(p: AreaPageContext, ward: WardProfile | null): SafeHtml {
  const name = p.a.area.name ?? p.a.area.code;
  const wards = `${path`/area/${p.a.area.code}/wards`}${query({ end: p.endParam })}`;
  return html`<nav class="crumbs" aria-label="Breadcrumb"><a href="${areaUrl(p.a.area.code, 'overview', p.endParam)}">${name}</a> › ${ward ? html`<a href="${wards}">Wards</a> › <span aria-current="page">${ward.name}</span>` : html`<span aria-current="page">Wards</span>`}</nav>`;
}

function monthOptions(months: readonly string[], chosen: string | undefined, fallback: string | undefined): SafeHtml {
  const selected = chosen ?? fallback;
  return html`${months.map((m) => html`<option value="${m}"${m === selected ? html` selected` : ''}>${monthLong(m)}</option>`)}`;
}

/** Ward, measure (crime type) and month range: a GET form to the wards route, which redirects to the ward's page. */
function slicerForm(
  p: AreaPageContext,
  ward: WardProfile,
  wards: readonly WardRef[],
  chosen: WardMeasure | undefined,
  slice: WardSlice,
): SafeHtml {
  const months = chosen?.months ?? [];
  const defaultFrom = months[Math.max(0, months.length - 24)];
  return html`<form class="form-row slicers no-print" method="get" action="${path`/area/${p.a.area.code}/wards`}" aria-label="Slice this page">${p.endParam ? html`<input type="hidden" name="end" value="${p.endParam}">` : ''}
<label class="form">Ward <select name="ward" data-autosubmit>${wards.map((w) => html`<option value="${w.code}"${w.code === ward.code ? html` selected` : ''}>${w.name}</option>`)}</select></label>
<label class="form">Crime type or measure <select name="measure" data-autosubmit>${ward.measures.map((w) => html`<option value="${w.measure.id}"${w.measure.id === chosen?.measure.id ? html` selected` : ''}>${w.measure.title}</option>`)}</select></label>
<label class="form">From <select name="from" data-autosubmit>${monthOptions(months, slice.from, defaultFrom)}</select></label>
<label class="form">To <select name="to" data-autosubmit>${monthOptions(months, slice.to, months[months.length - 1])}</select></label>
<button class="btn secondary hide-js" type="submit">Show</button></form>`;
}

function keyFigures(p: AreaPageContext, w: WardMeasure): SafeHtml {
  const { ctx } = p;
  const r = w.row;
  const verdict = verdictLabel(r.change);
  return figures([
    { label: `${w.measure.title}, 12 months`, value: showCount(r.current, ctx), sub: periodLong(p.a.period) },
    {
      label: 'Change on the year before',
      value: showChangePct(r.change, r.change.current, r.previous, ctx),
      sub: `${showChangeAbs(r.change, r.change.current, r.previous, ctx)}; ${verdict.text}`,
      tone: verdict.tone === 'neutral' ? undefined : verdict.tone,
    },
    {
      label: 'Per 1,000 residents',
      value: r.rate === null ? 'n/a' : showRate(r.rate, [r.current], ctx),
      sub: r.rank?.byRate ? `rank ${rateRankText(w)} by rate` : 'no ward population loaded',
    },
    { label: 'Rank in the district', value: rankText(w), sub: '1 = the most, by count' },
  ]);
}

function trendCard(ward: WardProfile, w: WardMeasure, slice: WardSlice): SafeHtml {
  const counts = w.row.counts;
  if (!counts || counts.length === 0)
    return card(
      'Trend',
      emptyState('This Assessment holds no monthly counts for the ward (made before they were added).'),
      { id: 'trend' },
    );
  const from = slice.from ?? w.months[Math.max(0, w.months.length - 24)];
  const cut = sliceMonths(w.months, counts, from, slice.to);
  if (cut.months.length < 2)
    return card('Trend', emptyState('Choose at least two months to draw the trend.'), { id: 'trend' });
  const chart = rollingChart({
    title: `${w.measure.title} in ${ward.name}, per month`,
    yLabel: `${nounFor(w.measure.kind)} a month`.replace(/^./, (c) => c.toUpperCase()),
    xLabel: 'Month',
    months: cut.months,
    series: [{ name: ward.name, values: cut.counts, role: 'primary' }],
    yFromZero: true,
    id: `ward-trend-${ward.code}`,
  });
  const figure = chartFigure(
    {
      type: 'chart',
      id: 'ward-trend',
      chart: chart,
      caption: `${w.measure.title} recorded in ${ward.name} each month, ${monthLong(cut.months[0]!)} to ${monthLong(cut.months[cut.months.length - 1]!)}.`,
    },
    { linkFor: () => null },
  );
  return card('Trend', figure, { id: 'trend', span: 7 });
}

function measuresTable(p: AreaPageContext, ward: WardProfile, slice: WardSlice): SafeHtml {
  const { ctx } = p;
  return dataTable({
    id: 'ward-measures',
    caption: `Every measure in ${ward.name} (${ward.measures.length})`,
    columns: [
      { head: 'Measure', sort: 'text' },
      { head: '12 months', sort: 'num' },
      { head: 'Year before', sort: 'num' },
      { head: 'Change', sort: 'num' },
      { head: '% change', sort: 'num' },
      { head: 'Significance', sort: 'text' },
      { head: 'Per 1,000', sort: 'num' },
      { head: 'Rank in the district', sort: 'num' },
      { head: 'Latest month', sort: 'text' },
    ],
    rows: ward.measures.map((w) => {
      const r = w.row;
      const self = wardUrl(p.a.area.code, ward.code, p.endParam, {
        measure: w.measure.id,
        from: slice.from,
        to: slice.to,
      });
      return {
        attrs: { 'data-measure': w.measure.id },
        cells: [
          {
            html: html`<a href="${self}">${w.measure.title}</a>`,
            value: w.measure.title,
          },
          { html: showCount(r.current, ctx), value: r.current },
          { html: showCount(r.previous, ctx), value: r.previous },
          { html: showChangeAbs(r.change, r.change.current, r.previous, ctx), value: r.change.abs },
          { html: showChangePct(r.change, r.change.current, r.previous, ctx), value: r.change.pct },
          { html: verdictBadge(r.change), value: verdictLabel(r.change).text },
          { html: r.rate === null ? 'n/a' : showRate(r.rate, [r.current], ctx), value: r.rate },
          {
            html: html`${rankText(w)}${r.rank?.byRate ? html`<span class="sub">${rateRankText(w)} by rate</span>` : ''}`,
            value: r.rank?.byCount ?? null,
          },
          {
            html: w.check
              ? html`${showCount(w.check.count, ctx)} in ${monthLong(w.check.month)}<span class="sub">${statusBadge(w.check.status, w.check.beyondChance)}</span>`
              : r.latest
                ? html`${showCount(r.latest.count, ctx)} in ${monthLong(r.latest.month)}<span class="sub">not monitored</span>`
                : 'n/a',
            value: w.check?.month ?? r.latest?.month ?? null,
          },
        ],
      };
    }),
    note: `Ranks among the district's wards (1 = the most); by rate among the wards with a population loaded. The Assessment gives no interval for a ward's rank: small counts move ranks a lot. Significance: the ward's 12 months against the year before on the district's comparison basis (exact test). Latest month: against the ward's expected range in the monthly monitoring.`,
  });
}

function historyCard(
  p: AreaPageContext,
  ward: WardProfile,
  chosen: WardMeasure | undefined,
  sliced: boolean,
): SafeHtml {
  const { ctx } = p;
  const signals = sliced && chosen ? chosen.signals : ward.signals;
  const checks = (sliced && chosen ? (chosen.check ? [chosen.check] : []) : ward.checks).filter((c) => c);
  const list = signals.length
    ? html`<ul class="signals">${signals.map((s) => html`<li><span class="icon ${s.direction === 'increase' ? 'up' : 'down'}" aria-hidden="true">${s.direction === 'increase' ? '▲' : '▼'}</span><div><strong>${s.title}</strong> (adjusted p ${pText(s.pAdjusted ?? 1)})<br>${describeEmerging(s, ctx)}</div></li>`)}</ul>`
    : emptyState(
        `No series of ${ward.name}${sliced && chosen ? ` for ${chosen.measure.title}` : ''} is signalling in the month monitored.`,
      );
  const table = checks.length
    ? dataTable({
        id: 'ward-monitoring',
        caption: `Monitoring of ${ward.name}, ${monthLong(checks[0]!.month)}`,
        columns: [
          { head: 'Measure', sort: 'text' },
          { head: 'Month', sort: 'num' },
          { head: 'Expected', sort: 'num' },
          { head: '95% range', sort: 'num' },
          { head: 'Against the range', sort: 'text' },
          { head: 'p (adjusted)', sort: 'num' },
          { head: 'Signals in the months monitored', sort: 'text' },
        ],
        rows: checks.map((c) => ({
          cells: [
            { html: c.title, value: c.title },
            { html: showCount(c.count, ctx), value: c.count },
            { html: formatDecimal(c.expected, 1), value: c.expected },
            { html: `${formatInt(c.lower95)}–${formatInt(c.upper95)}`, value: c.lower95 },
            { html: statusBadge(c.status, c.beyondChance), value: c.status },
            { html: pText(c.pAdjusted), value: c.pAdjusted },
            {
              html: c.cusum.alarms.length
                ? c.cusum.alarms
                    .map((x) => `${x.direction === 'increase' ? '▲' : '▼'} ${monthLong(x.month)}`)
                    .join(', ')
                : 'none',
              value: c.cusum.alarms.length,
            },
          ],
        })),
        note: 'Each series of the ward monitored this month: the month against its expected range, and every month its monitoring chart signalled over the months monitored (Poisson CUSUM, restarted after each signal; docs/methods.md, Monitoring). Adjusted p allows for every series monitored in the district (Benjamini–Hochberg).',
      })
    : emptyState(`No series of ${ward.name} expects enough a month to be monitored.`);
  return card('Monitoring history', html`<h3>Signals this month</h3>${list}<h3>Every series monitored</h3>${table}`, {
    id: 'monitoring',
    span: 12,
  });
}

export function wardBody(p: AreaPageContext, ward: WardProfile, wards: readonly WardRef[], slice: WardSlice): SafeHtml {
  const chosen = chosenMeasure(ward, slice.measure);
  const name = p.a.area.name ?? p.a.area.code;
  const signalsNote = ward.signals.length
    ? html`${formatInt(ward.signals.length)} signal${ward.signals.length === 1 ? '' : 's'} this month`
    : 'no signal this month';
  return html`<div class="page-head"><div>${breadcrumbs(p, ward)}
<h1>${ward.name}</h1><p class="sub">Ward ${ward.code} of ${name}, ${periodLong(p.a.period)} · ${signalsNote}</p></div></div>
${slicerForm(p, ward, wards, chosen, slice)}
<div class="stack">
${chosen ? keyFigures(p, chosen) : emptyState('No measure of this Assessment places offences in wards.')}
<div class="grid">
${chosen ? trendCard(ward, chosen, slice) : ''}
${chosen ? card(`${chosen.measure.title}: ${ward.name} against the other wards`, wardSummary(p, chosen), { id: 'position', span: 5 }) : ''}
${card('Every measure', measuresTable(p, ward, slice), { id: 'measures' })}
${historyCard(p, ward, chosen, slice.measure !== undefined)}
</div></div>`;
}

function wardSummary(p: AreaPageContext, w: WardMeasure): SafeHtml {
  const r = w.row;
  const m: MeasureAssessment = w.measure;
  const years =
    r.yearsCompared > 0
      ? `In the district's top five wards in ${r.yearsInTopFive} of the last ${r.yearsCompared} years.`
      : '';
  const share = `${formatDecimal(100 * r.share, 1)}% of the district's ${m.title.toLowerCase()} in the 12 months.`;
  return html`<ul class="plain"><li>${share}</li>${years ? html`<li>${years}</li>` : ''}<li>Rank ${rankText(w)} by count${r.rank?.byRate ? `, ${rateRankText(w)} by rate per 1,000 residents` : ''}.</li>${r.latest ? html`<li>${monthLong(r.latest.month)}: ${showCount(r.latest.count, p.ctx)} against a monthly mean of ${formatDecimal(r.latest.baselineMean, 1)} over the 12 months before.</li>` : ''}</ul>
<p><a href="${measureHref(p, m.id)}">${m.title} in every ward of the district</a></p>`;
}

/** The breadcrumb level: every ward of the district for one measure, each linking to its page. */
export function wardsBody(
  p: AreaPageContext,
  measures: readonly WardMeasureRow[],
  chosen: MeasureAssessment,
): SafeHtml {
  const { ctx } = p;
  return html`<div class="page-head"><div>${breadcrumbs(p, null)}
<h1>Wards of ${p.a.area.name ?? p.a.area.code}</h1><p class="sub">${chosen.title}, ${periodLong(p.a.period)}: open a ward for its profile</p></div></div>
<form class="form-row slicers no-print" method="get" action="${path`/area/${p.a.area.code}/wards`}" aria-label="Slice this page">${p.endParam ? html`<input type="hidden" name="end" value="${p.endParam}">` : ''}
<label class="form">Crime type or measure <select name="measure" data-autosubmit>${measureOptions(p, chosen)}</select></label>
<button class="btn secondary hide-js" type="submit">Show</button></form>
<div class="stack"><div class="grid">${card(
    `${chosen.title} by ward`,
    dataTable({
      id: 'wards',
      caption: `${chosen.title} by ward (${measures.length})`,
      columns: [
        { head: 'Ward', sort: 'text' },
        { head: '12 months', sort: 'num' },
        { head: '% change', sort: 'num' },
        { head: 'Significance', sort: 'text' },
        { head: 'Per 1,000', sort: 'num' },
        { head: 'Rank (count)', sort: 'num' },
        { head: 'Signals this month', sort: 'num' },
      ],
      rows: measures.map(({ row: r, signals }) => ({
        attrs: { 'data-code': r.code },
        cells: [
          {
            html: html`<a href="${wardUrl(p.a.area.code, r.code, p.endParam, { measure: chosen.id === 'all-crime' ? undefined : chosen.id })}">${r.name ?? r.code}</a><span class="sub">${r.code}</span>`,
            value: r.name ?? r.code,
          },
          { html: showCount(r.current, ctx), value: r.current },
          { html: showChangePct(r.change, r.change.current, r.previous, ctx), value: r.change.pct },
          { html: verdictBadge(r.change), value: verdictLabel(r.change).text },
          { html: r.rate === null ? 'n/a' : showRate(r.rate, [r.current], ctx), value: r.rate },
          {
            html: r.rank ? `${formatInt(r.rank.byCount)} of ${formatInt(r.rank.of)}` : 'n/a',
            value: r.rank?.byCount ?? null,
          },
          { html: formatInt(signals), value: signals },
        ],
      })),
      note: 'Signals this month: the ward series (any measure) the monthly monitoring signalled. Per 1,000 ward residents where ward populations are loaded.',
    }),
    { id: 'ward-list' },
  )}</div></div>`;
}

export interface WardMeasureRow {
  row: LocalRow;
  signals: number;
}

function measureOptions(p: AreaPageContext, chosen: MeasureAssessment): SafeHtml {
  const withWards = uniqueMeasures(p.a).filter((m) => m.available && m.local.ward);
  return html`${withWards.map((m) => html`<option value="${m.id}"${m.id === chosen.id ? html` selected` : ''}>${m.title}</option>`)}`;
}
