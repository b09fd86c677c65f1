import type { GroupRank, MeasureAssessment } from '../../assess/schema.ts';
import { barChart } from '../../render/charts/index.ts';
import {
  describeRanks,
  describeRateVsAverage,
  nounFor,
  peerGroupName,
  rankCell,
  verdictLabel,
} from '../../report/build/narrative.ts';
import { uniqueMeasures } from '../../report/build/measures.ts';
import {
  capitalise,
  formatDecimal,
  formatInt,
  formatPct,
  formatRate,
  ordinal,
  periodLong,
} from '../../report/format.ts';
import { html, type SafeHtml } from '../html.ts';
import type { CountyTable } from '../data/peers.ts';
import { areaUrl } from './layout.ts';
import { badge, card, chartFigure, dataTable, emptyState } from './components.ts';
import type { AreaPageContext } from './overview.ts';

function ratioText(r: { ratio: number; lower: number; upper: number | null } | null): string {
  if (!r) return 'n/a';
  return `${formatDecimal(r.ratio, 2)} (${formatDecimal(r.lower, 2)}–${r.upper === null ? '∞' : formatDecimal(r.upper, 2)})`;
}

function ratioBadge(r: { lower: number; upper: number | null } | null): SafeHtml {
  if (!r) return html``;
  if (r.lower > 1) return badge('above', 'up');
  if (r.upper !== null && r.upper < 1) return badge('below', 'down');
  return badge('in line', 'neutral');
}

function groupRatio(rank: GroupRank | null): { ratio: number; lower: number; upper: number | null } | null {
  return rank?.rateRatio ?? null;
}

function countyCard(p: AreaPageContext, table: CountyTable, m: MeasureAssessment): SafeHtml {
  const per = table.denominatorKind === 'households' ? 'households' : 'residents';
  const withRate = table.rows.filter((r) => r.rate !== null);
  const chart =
    withRate.length >= 2
      ? chartFigure(
          {
            type: 'chart',
            id: `${table.measure}-county-rates`,
            chart: barChart({
              id: `${table.measure}-county-rates`,
              title: `${table.title}: rate per 1,000 ${per}, ${periodLong(table.period)}`,
              xLabel: `${nounFor(m.kind)} per 1,000 ${per}`,
              rows: [...withRate]
                .sort((x, y) => y.rate! - x.rate!)
                .map((r) => ({
                  label: r.name,
                  value: r.rate!,
                  ...(r.pct !== null ? { note: formatPct(r.pct, true) } : {}),
                })),
              highlight: [p.a.area.name ?? p.a.area.code],
              decimals: 2,
            }),
            caption: `Districts of ${p.a.county?.name ?? 'the county'} by rate, highest first, with the change on the year before; ${p.a.area.name ?? p.a.area.code} highlighted.`,
          },
          { linkFor: () => null },
        )
      : emptyState('Too few districts have a rate for this measure to draw the comparison.');
  const rows = table.rows.map((r) => ({
    className: r.isDistrict ? 'is-district' : '',
    cells: [
      {
        html: r.isDistrict
          ? html`<strong>${r.name}</strong>`
          : html`<a href="${areaUrl(r.code, 'peers', p.endParam, { measure: table.measure })}">${r.name}</a>`,
        value: r.name,
      },
      { html: r.current === null ? 'n/a' : formatInt(r.current), value: r.current },
      { html: r.rate === null ? 'n/a' : formatRate(r.rate), value: r.rate },
      {
        html:
          r.rank === null
            ? 'n/a'
            : html`${ordinal(r.rank)}<span class="sub">${r.previousRank === null ? '' : `was ${ordinal(r.previousRank)}`}</span>`,
        value: r.rank,
      },
      {
        html: html`${r.pct === null ? 'n/a' : formatPct(r.pct, true)}<span class="sub">${badge(verdictLabel({ verdict: r.verdict }).text, verdictLabel({ verdict: r.verdict }).tone)}</span>`,
        value: r.pct,
      },
      { html: html`${ratioText(r.ratio)} ${ratioBadge(r.ratio)}`, value: r.ratio?.ratio ?? null },
    ],
  }));
  return html`<div class="grid"><div class="span-4">${chart}</div><div class="span-8">${dataTable({
    id: 'county-table',
    className: 'compact',
    columns: [
      { head: 'District', sort: 'text' },
      { head: '12 months', sort: 'num' },
      { head: 'Per 1,000', sort: 'num' },
      { head: 'Rank', sort: 'num' },
      { head: 'Change', sort: 'num' },
      { head: 'Ratio to the rest (95%)', sort: 'num' },
    ],
    rows,
    note: `Rank 1 = lowest rate. The ratio compares each district's rate with the pooled rate of the other districts (exact 95% interval): "above" or "below" only when the interval excludes 1.`,
  })}</div></div>`;
}

function allMeasuresTable(p: AreaPageContext): SafeHtml {
  const rows = uniqueMeasures(p.a)
    .filter((m) => m.available)
    .map((m) => ({
      cells: [
        {
          html: html`<a href="${areaUrl(p.a.area.code, 'peers', p.endParam, { measure: m.id })}">${m.title}</a>`,
          value: m.title,
        },
        { html: m.current.rate === null ? 'n/a' : formatRate(m.current.rate), value: m.current.rate },
        { html: rankCell(m.rank.county), value: m.rank.county?.position ?? null },
        {
          html: m.rank.county?.average == null ? 'n/a' : formatRate(m.rank.county.average),
          value: m.rank.county?.average ?? null,
        },
        {
          html: html`${ratioText(groupRatio(m.rank.county))} ${ratioBadge(groupRatio(m.rank.county))}`,
          value: m.rank.county?.rateRatio?.ratio ?? null,
        },
        { html: rankCell(m.rank.peers), value: m.rank.peers?.position ?? null },
        {
          html: m.rank.peers?.average == null ? 'n/a' : formatRate(m.rank.peers.average),
          value: m.rank.peers?.average ?? null,
        },
        {
          html: html`${ratioText(groupRatio(m.rank.peers))} ${ratioBadge(groupRatio(m.rank.peers))}`,
          value: m.rank.peers?.rateRatio?.ratio ?? null,
        },
      ],
    }));
  return dataTable({
    id: 'peer-measures',
    className: 'measures',
    columns: [
      { head: 'Measure', sort: 'text' },
      { head: 'Per 1,000', sort: 'num' },
      { head: 'County rank', sort: 'num' },
      { head: 'County average', sort: 'num' },
      { head: 'Ratio to county (95%)', sort: 'num' },
      { head: 'Peer rank', sort: 'num' },
      { head: 'Peer average', sort: 'num' },
      { head: 'Ratio to peers (95%)', sort: 'num' },
    ],
    rows,
    note: 'Averages are the pooled rates of the other members (the district itself excluded). Rank 1 = lowest rate; "was" gives the 12 months before.',
  });
}

function picker(p: AreaPageContext, current: string): SafeHtml {
  return html`<form class="form-row no-print" method="get" action="/go"><input type="hidden" name="area" value="${p.a.area.code}"><input type="hidden" name="view" value="peers">${p.endParam ? html`<input type="hidden" name="end" value="${p.endParam}">` : ''}
<label class="form" style="max-width:420px">Measure <select name="measure" data-autosubmit>${uniqueMeasures(p.a)
    .filter((m) => m.available)
    .map(
      (m) => html`<option value="${m.id}"${m.id === current ? html` selected` : ''}>${m.title}</option>`,
    )}</select></label>
<noscript><button class="btn secondary" type="submit">Show</button></noscript></form>`;
}

export function peersBody(
  p: AreaPageContext,
  m: MeasureAssessment,
  table: CountyTable,
  peerNames: ReadonlyMap<string, string>,
): SafeHtml {
  const { a } = p;
  const name = a.area.name ?? a.area.code;
  const kind = m.denominator?.kind ?? 'population';
  const sentences = describeRanks(m.rank, name, a.county?.name ?? 'the county', kind);
  const vs =
    m.current.rate === null
      ? []
      : [
          m.rank.county
            ? describeRateVsAverage(
                m.current.rate,
                m.rank.county,
                `the other districts of ${a.county?.name ?? 'the county'}`,
                kind,
              )
            : null,
          m.rank.peers
            ? describeRateVsAverage(m.current.rate, m.rank.peers, `its ${peerGroupName(m.rank.peers)}`, kind)
            : null,
        ].filter((s): s is string => s !== null);
  const peers = m.rank.peers;
  return html`<div class="page-head"><div><div class="crumbs"><a href="${areaUrl(a.area.code, 'overview', p.endParam)}">${name}</a> › Peers</div><h1>${name} among its county and peers</h1>
<p class="sub">${periodLong(a.period)}: rates, ranks and intervals</p></div>${picker(p, m.id)}</div>
<div class="grid">
${card(`${m.title} across ${a.county?.name ?? 'the county'}`, html`${sentences.length > 0 ? html`<p>${sentences.join(' ')}</p>` : ''}${vs.map((s) => html`<p>${s}</p>`)}${countyCard(p, table, m)}`, { id: 'county' })}
${card(peers ? capitalise(peerGroupName(peers)) : 'Peer group', peers ? html`<p>${capitalise(peers.basisNote)}; counts from ${peers.countsFrom}.</p><p class="note">${formatInt(peers.members.length)} of the ${formatInt(peers.groupSize)} members have comparable data and are ranked: ${peers.members.map((c) => (peerNames.has(c) ? `${peerNames.get(c)} (${c})` : c)).join(', ')}.</p>` : emptyState(m.notes.find((n) => n.startsWith('no peer rank')) ?? 'No peer group is loaded, declared or computable for this district.'), { id: 'peer-group' })}
${card('Every measure against the county and peers', allMeasuresTable(p), { id: 'all-measures' })}
</div>`;
}
