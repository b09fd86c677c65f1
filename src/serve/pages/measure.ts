import type { LocalContext, MeasureAssessment } from '../../assess/schema.ts';
import type { BuildContext } from '../../report/build/context.ts';
import { showChangeAbs, showChangePct, showCount, showRate, showShare } from '../../report/build/context.ts';
import { measureSection } from '../../report/build/measure.ts';
import { measureSectionId, uniqueMeasures } from '../../report/build/measures.ts';
import { nounFor, verdictLabel } from '../../report/build/narrative.ts';
import { periodLong } from '../../report/format.ts';
import { html, path, query, type SafeHtml } from '../html.ts';
import { areaUrl } from './layout.ts';
import { badge, blockCards, card, dataTable, levelBadge, verdictBadge } from './components.ts';
import { OUTCOME_FAMILIES } from '../../core/outcomes/families.ts';
import { linkForSection, wardUrl } from './links.ts';
import type { AreaPageContext } from './overview.ts';

export const WARD_TABLE_ID = 'ward-table';

/** Every ward of the measure (the report shows the top ten): sortable, and linked to the map. */
export function wardTable(
  local: LocalContext,
  m: MeasureAssessment,
  ctx: BuildContext,
  code: string,
  endParam: string | undefined,
): SafeHtml {
  const rows = [...local.rows].sort((x, y) => y.current - x.current || x.code.localeCompare(y.code));
  return dataTable({
    id: WARD_TABLE_ID,
    caption: `${m.title} by ward (${rows.length})`,
    columns: [
      { head: 'Ward', sort: 'text' },
      { head: '12 months', sort: 'num' },
      { head: 'Year before', sort: 'num' },
      { head: 'Change', sort: 'num' },
      { head: '% change', sort: 'num' },
      { head: 'Share', sort: 'num' },
      { head: 'Per 1,000', sort: 'num' },
      { head: 'Significance', sort: 'text' },
      { head: 'Years in top five', sort: 'num' },
    ],
    rows: rows.map((r) => ({
      attrs: { 'data-code': r.code, 'data-count': String(r.current) },
      cells: [
        {
          html: html`<a href="${wardUrl(code, r.code, endParam, { measure: m.id === 'all-crime' ? undefined : m.id })}">${r.name ?? r.code}</a><span class="sub">${r.code}${r.emerging === 'increase' ? ' · emerging rise' : r.emerging === 'decrease' ? ' · emerging fall' : ''}</span>`,
          value: r.name ?? r.code,
        },
        { html: showCount(r.current, ctx), value: r.current },
        { html: showCount(r.previous, ctx), value: r.previous },
        { html: showChangeAbs(r.change, r.change.current, r.previous, ctx), value: r.change.abs },
        { html: showChangePct(r.change, r.change.current, r.previous, ctx), value: r.change.pct },
        { html: showShare(r.share, [r.current], ctx), value: r.share },
        { html: r.rate === null ? 'n/a' : showRate(r.rate, [r.current], ctx), value: r.rate },
        { html: verdictBadge(r.change), value: verdictLabel(r.change).text },
        { html: `${r.yearsInTopFive} of ${r.yearsCompared}`, value: r.yearsInTopFive },
      ],
    })),
    note: `Share of the district's count; per 1,000 ward residents where ward populations are loaded. ${local.unallocated > 0 ? `${local.unallocated} could not be placed in a ward.` : ''} Hover a ward on the map to find its row; click it (or a ward's name) for the ward's page.`,
  });
}

/** Outcome families of the measure's offences in every ward (the district's table is among the section's cards). */
export function wardOutcomesTable(
  m: MeasureAssessment,
  ctx: BuildContext,
  code: string,
  endParam: string | undefined,
): SafeHtml | null {
  const o = m.outcomes;
  if (!o || o.wards.length === 0) return null;
  const pct = (count: number, total: number, share: number) => showShare(share, [count, total], ctx);
  return card(
    'Outcomes by ward',
    dataTable({
      id: 'ward-outcomes-table',
      caption: `${m.title}: latest outcome family by ward, ${periodLong(o.period)}${o.asOf ? ` (as at ${o.asOf})` : ''}`,
      columns: [
        { head: 'Ward', sort: 'text' },
        { head: 'Offences', sort: 'num' },
        { head: 'Sanctioned detections', sort: 'num' },
        ...OUTCOME_FAMILIES.map((f) => ({ head: f.label, sort: 'num' as const })),
      ],
      rows: o.wards.map((w) => ({
        cells: [
          {
            html: html`<a href="${wardUrl(code, w.code, endParam, { measure: m.id })}">${w.name ?? w.code}</a><span class="sub">${w.code}</span>`,
            value: w.name ?? w.code,
          },
          { html: showCount(w.total, ctx), value: w.total },
          { html: pct(w.detections.count, w.total, w.detections.share), value: w.detections.share },
          ...w.families.map((f) => ({ html: pct(f.count, w.total, f.share), value: f.share })),
        ],
      })),
      note: `Shares of each ward's offences (95% Wilson intervals in the API: /api/assessment/measures/${m.id}/outcomes). Source: ${o.sourceNote}.${o.unallocated > 0 ? ` ${o.unallocated} offences could not be placed in a ward.` : ''}`,
    }),
    { id: 'ward-outcomes' },
  );
}

function measurePicker(p: AreaPageContext, current: MeasureAssessment): SafeHtml {
  return html`<form class="form-row no-print" method="get" action="/go"><input type="hidden" name="area" value="${p.a.area.code}"><input type="hidden" name="view" value="measure">${p.endParam ? html`<input type="hidden" name="end" value="${p.endParam}">` : ''}
<label class="form" style="max-width:420px">Measure <select name="measure" data-autosubmit>${uniqueMeasures(p.a).map((m) => html`<option value="${m.id}"${m.id === current.id ? html` selected` : ''}>${m.title}${m.available ? '' : ' (not available)'}</option>`)}</select></label>
<noscript><button class="btn secondary" type="submit">Open</button></noscript></form>`;
}

const SPANS: Record<string, number> = {
  change: 6,
  ranks: 6,
  'trend-heading': 6,
  seasonality: 6,
  'subtypes-heading': 7,
  emerging: 5,
};

export function measureBody(p: AreaPageContext, m: MeasureAssessment): SafeHtml {
  const { a, ctx } = p;
  const section = measureSection(m, ctx);
  const sectionId = measureSectionId(m.countedAs);
  const ward = m.local.ward;
  const useRate = ward !== null && ward.rows.every((r) => r.rate !== null);
  const cards = blockCards(section.blocks, {
    linkFor: linkForSection(a, p.endParam),
    mapTable: WARD_TABLE_ID,
    mapUnit: useRate ? 'per 1,000 residents' : nounFor(m.kind),
    replace: (block) =>
      block.type === 'table' && block.id === `${sectionId}-wards` && ward
        ? wardTable(ward, m, ctx, a.area.code, p.endParam)
        : undefined,
    spanOf: (id) => SPANS[id.slice(sectionId.length + 1)] ?? 12,
  });
  const name = a.area.name ?? a.area.code;
  return html`<div class="page-head"><div><div class="crumbs"><a href="${areaUrl(a.area.code, 'overview', p.endParam)}">${name}</a> › <a href="${`${path`/area/${a.area.code}/measures`}${query({ end: p.endParam })}`}">Measures</a></div>
<h1>${m.title}</h1><p class="sub">${name}, ${periodLong(a.period)} · ${m.risk ? html`${levelBadge(m.risk.level)} risk` : 'not scored'} · ${verdictBadge(m.change)}${m.source ? html` · ${badge(m.source === 'police-uk' ? 'police.uk data' : 'recorded data', 'info')}` : ''}</p></div>
${measurePicker(p, m)}</div>
<div class="grid">${cards}${wardOutcomesTable(m, ctx, a.area.code, p.endParam) ?? ''}</div>`;
}
