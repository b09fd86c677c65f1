import { describeEmerging, monitoringSummary } from '../../report/build/narrative.ts';
import { formatDecimal, formatInt, formatPct, monthLong } from '../../report/format.ts';
import { sparkline } from '../../render/charts/index.ts';
import { html, path, query, trusted, type SafeHtml } from '../html.ts';
import type { Monitoring, MonthChange, RangeStatus } from '../data/monitoring.ts';
import { areaUrl } from './layout.ts';
import { badge, card, dataTable, emptyState, figures, type Tone } from './components.ts';
import { measureHref, type AreaPageContext } from './overview.ts';
import { wardUrl } from './links.ts';

export const STATUS_LABELS: Record<RangeStatus, { text: string; tone: Tone; order: number }> = {
  'above-95': { text: 'above the 95% range', tone: 'up', order: 0 },
  'above-80': { text: 'above the 80% range', tone: 'new', order: 1 },
  within: { text: 'within the expected range', tone: 'neutral', order: 2 },
  'below-80': { text: 'below the 80% range', tone: 'info', order: 3 },
  'below-95': { text: 'below the 95% range', tone: 'down', order: 4 },
  'no-range': { text: 'not monitored', tone: 'neutral', order: 5 },
};

function changeLine(c: MonthChange): SafeHtml {
  const tone: Tone = c.direction === 'worse' ? 'up' : c.direction === 'better' ? 'down' : 'neutral';
  switch (c.kind) {
    case 'risk-level':
      return html`${badge('risk', tone)} <strong>${c.title}</strong>: risk level ${c.before} → ${c.after}`;
    case 'verdict':
      return html`${badge('change', tone)} <strong>${c.title}</strong>: ${c.before} → ${c.after}`;
    case 'county-rank':
      return html`${badge('rank', tone)} <strong>${c.title}</strong>: county rank ${c.before} → ${c.after} (1 = lowest rate)`;
    case 'priority-added':
      return html`${badge('priority', tone)} <strong>${c.title}</strong> enters the recommended priorities (${c.after})`;
    case 'priority-removed':
      return html`${badge('priority', tone)} <strong>${c.title}</strong> leaves the recommended priorities (was ${c.before})`;
    case 'emerging-new':
      return html`${badge('new signal', tone)} <strong>${c.title}</strong>: emerging ${c.direction === 'better' ? 'fall' : 'rise'} in the ${c.after}`;
    case 'emerging-ended':
      return html`${badge('signal ended', tone)} <strong>${c.title}</strong>: no longer signalled in the ${c.before}`;
  }
}

/** The range badge: coloured only when the month is beyond chance after allowing for the number of checks (adjusted p below alpha). */
export function statusBadge(status: RangeStatus, beyondChance: boolean): SafeHtml {
  const s = STATUS_LABELS[status];
  if (status === 'within' || status === 'no-range') return badge(s.text, s.tone);
  return beyondChance
    ? html`${badge(s.text, s.tone)} ${badge('beyond chance', status.startsWith('below') ? 'down' : 'up')}`
    : badge(`${s.text}, within chance`, 'neutral');
}

function checksTable(p: AreaPageContext, mon: Monitoring): SafeHtml {
  const rows = [...mon.checks]
    .sort(
      (x, y) =>
        Number(y.beyondChance) - Number(x.beyondChance) ||
        STATUS_LABELS[x.status].order - STATUS_LABELS[y.status].order ||
        x.title.localeCompare(y.title),
    )
    .map((c) => {
      const s = STATUS_LABELS[c.status];
      const e = c.expected;
      return {
        attrs: { 'data-measure': c.measure, 'data-status': c.status },
        cells: [
          {
            html: html`<a href="${measureHref(p, c.measure)}">${c.title}</a><span class="sub">${c.risk ? `${c.risk} risk` : ''}${c.priority ? ` · priority ${c.priority}` : ''}</span>`,
            value: c.title,
          },
          { html: c.count === null ? 'n/a' : formatInt(c.count), value: c.count },
          { html: e ? formatDecimal(e.mean, 0) : 'n/a', value: e?.mean ?? null },
          {
            html: e ? `${formatInt(Math.floor(e.lower80))}–${formatInt(Math.ceil(e.upper80))}` : 'n/a',
            value: e?.lower80 ?? null,
          },
          {
            html: e ? `${formatInt(Math.floor(e.lower95))}–${formatInt(Math.ceil(e.upper95))}` : 'n/a',
            value: e?.lower95 ?? null,
          },
          {
            html: html`${statusBadge(c.status, c.beyondChance)}${c.note ? html`<span class="sub">${c.note}</span>` : ''}`,
            value: c.beyondChance ? -1 : s.order,
          },
          {
            html:
              c.lastYear === null
                ? 'n/a'
                : html`${formatInt(c.lastYear)}<span class="sub">${c.vsLastYearPct === null ? '' : formatPct(c.vsLastYearPct, true)}${c.flag ? html` ${badge(`seasonal ${c.flag}`, c.flag === 'peak' ? 'up' : 'down')}` : ''}</span>`,
            value: c.vsLastYearPct,
          },
          {
            html:
              c.recent.length > 1
                ? html`<span class="spark">${trusted(sparkline(c.recent, { width: 100, height: 24, label: `${c.title}, the last ${c.recent.length} months` }).svg)}</span>`
                : '',
          },
        ],
      };
    });
  return dataTable({
    id: 'month-checks',
    className: 'measures',
    columns: [
      { head: 'Measure', sort: 'text' },
      { head: monthLong(mon.month), sort: 'num' },
      { head: 'Expected', sort: 'num' },
      { head: '80% range', sort: 'num' },
      { head: '95% range', sort: 'num' },
      { head: 'Against the range', sort: 'num' },
      { head: 'Same month last year', sort: 'num' },
      { head: 'Last 13 months' },
    ],
    rows,
    note: `Expected: the level of the year before the 12 months monitored (by calendar month where a measure averages ${mon.section?.method.seasonalFrom ?? 30} or more a month), with 80% and 95% ranges that allow for that level being uncertain. Outside the 95% range happens by chance about one month in twenty per measure; "beyond chance" marks a month that stays significant after allowing for all the district's checks (Benjamini–Hochberg, 5% false discovery rate). Method: docs/methods.md, Monitoring.`,
  });
}

/** A ward's name with its code under it (sorted by name). */
function wardCell(
  p: AreaPageContext,
  ward: { code: string; name: string | null | undefined; measure: string },
  after: SafeHtml | string = '',
): { html: SafeHtml; value: string } {
  const { code, name } = ward;
  const href = wardUrl(p.a.area.code, code, p.endParam, { measure: ward.measure });
  return {
    html: html`<a href="${href}">${name ?? code}</a><span class="sub">${code}</span>${after ? html` ${after}` : ''}`,
    value: name ?? code,
  };
}

/** A measure's title linking to its page. */
function measureCell(p: AreaPageContext, id: string, title: string): { html: SafeHtml; value: string } {
  return { html: html`<a href="${measureHref(p, id)}">${title}</a>`, value: title };
}

function wardsTable(p: AreaPageContext, mon: Monitoring): SafeHtml {
  if (mon.wards.length === 0) return emptyState(`No ward series is signalling in ${monthLong(mon.month)}.`);
  return dataTable({
    id: 'ward-signals',
    className: 'scroll',
    columns: [
      { head: 'Ward', sort: 'text' },
      { head: 'Measure', sort: 'text' },
      { head: 'Direction', sort: 'text' },
      { head: monthLong(mon.month), sort: 'num' },
      { head: 'Expected', sort: 'num' },
      { head: 'Since', sort: 'text' },
      { head: 'More (fewer) than expected since', sort: 'num' },
      { head: 'p (adjusted)', sort: 'num' },
    ],
    rows: mon.wards.map((w) => ({
      cells: [
        wardCell(
          p,
          { code: w.signal.area.code, name: w.signal.area.name, measure: w.measure },
          w.newThisMonth ? badge('new', 'new') : '',
        ),
        measureCell(p, w.measure, w.title),
        {
          html: w.signal.direction === 'increase' ? badge('▲ above expected', 'up') : badge('▼ below expected', 'down'),
          value: w.signal.direction,
        },
        { html: formatInt(w.signal.latest.count), value: w.signal.latest.count },
        { html: formatDecimal(w.signal.latest.expected, 1), value: w.signal.latest.expected },
        { html: monthLong(w.signal.since), value: w.signal.since },
        { html: formatInt(Math.round(w.signal.excess ?? 0)), value: w.signal.excess ?? 0 },
        {
          html: html`${pText(w.signal.pAdjusted ?? 1)}<span class="sub">p ${pText(w.signal.pValue ?? 1)}</span>`,
          value: w.signal.pAdjusted ?? 1,
        },
      ],
    })),
    note: 'Ward series signalled by the monitoring charts (Poisson CUSUM, restarted after each signal; docs/methods.md, Monitoring), by strength of evidence: p from the in-control run-length distribution, adjusted for all the series monitored in the district.',
  });
}

function pText(p: number): string {
  return p < 0.001 ? '< 0.001' : formatDecimal(p, 3);
}

function wardRangesTable(p: AreaPageContext, mon: Monitoring): SafeHtml {
  const r = mon.wardRanges;
  const chance =
    r.expectedByChance === null
      ? ''
      : `About ${formatDecimal(r.expectedByChance, 1)} would fall outside their 95% range by chance alone; `;
  const note = `${formatInt(r.tests)} ward × measure series checked (those expecting at least ${mon.section?.method.minExpected ?? 1} a month). Expected: the ward's level in the year before the 12 months monitored; the ranges allow for that level being uncertain (its year-to-year variation and the events it rests on). ${chance}${formatInt(r.outside95)} did, and ${formatInt(r.beyondChance)} stay unlikely to be chance after allowing for all the district's checks (Benjamini–Hochberg, 5% false discovery rate).`;
  if (r.rows.length === 0)
    return html`${emptyState(`No ward is outside its 95% range in ${monthLong(mon.month)}.`)}<p class="sub">${note}</p>`;
  return dataTable({
    id: 'ward-ranges',
    className: 'scroll',
    columns: [
      { head: 'Ward', sort: 'text' },
      { head: 'Measure', sort: 'text' },
      { head: monthLong(mon.month), sort: 'num' },
      { head: 'Expected', sort: 'num' },
      { head: '95% range', sort: 'num' },
      { head: 'Against the range', sort: 'num' },
      { head: 'p (adjusted)', sort: 'num' },
    ],
    rows: r.rows.map((w) => {
      const s = STATUS_LABELS[w.status];
      return {
        attrs: {
          'data-measure': w.measure,
          'data-ward': w.area.code,
          'data-status': w.status,
          'data-beyond-chance': String(w.beyondChance),
        },
        cells: [
          wardCell(p, { code: w.area.code, name: w.area.name, measure: w.measure }),
          measureCell(p, w.measure, w.title),
          { html: formatInt(w.count), value: w.count },
          { html: formatDecimal(w.expected, 1), value: w.expected },
          { html: `${formatInt(w.lower95)}–${formatInt(w.upper95)}`, value: w.lower95 },
          { html: statusBadge(w.status, w.beyondChance), value: w.beyondChance ? -1 : s.order },
          { html: html`${pText(w.pAdjusted)}<span class="sub">p ${pText(w.pValue)}</span>`, value: w.pAdjusted },
        ],
      };
    }),
    note,
  });
}

export function monitoringBody(p: AreaPageContext, mon: Monitoring): SafeHtml {
  const { a, ctx } = p;
  const name = a.area.name ?? a.area.code;
  const count = (s: RangeStatus) => mon.checks.filter((c) => c.status === s).length;
  const above = count('above-95') + count('above-80');
  const newSignals = mon.agenda.filter((x) => x.newThisMonth).length;
  const item = (x: Monitoring['agenda'][number]) =>
    html`<li><span class="icon ${x.signal.direction === 'increase' ? 'up' : 'down'}" aria-hidden="true">${x.signal.direction === 'increase' ? '▲' : '▼'}</span><div><a href="${measureHref(p, x.signal.measure)}"><strong>${x.signal.title}</strong></a>${x.signal.area.level === 'district' ? '' : html` in <a href="${wardUrl(p.a.area.code, x.signal.area.code, p.endParam, { measure: x.signal.measure })}">${x.signal.area.name ?? x.signal.area.code}</a>`} ${x.newThisMonth ? badge('new this month', 'new') : ''}<br>${describeEmerging(x.signal, ctx)}</div></li>`;
  const districtItems = mon.agenda.filter((x) => x.signal.area.level === 'district');
  const wardItems = mon.agenda.filter((x) => x.signal.area.level !== 'district');
  const shownWards = wardItems.slice(0, 6);
  const agenda = mon.agenda.length
    ? html`${districtItems.length ? html`<h3>Across the district</h3><ul class="signals">${districtItems.map(item)}</ul>` : ''}
${wardItems.length ? html`<h3 style="margin-top:14px">Wards (the strongest signals)</h3><ul class="signals">${shownWards.map(item)}</ul>` : ''}
${wardItems.length > shownWards.length ? html`<details><summary>${wardItems.length - shownWards.length} more ward signals</summary><ul class="signals">${wardItems.slice(shownWards.length).map(item)}</ul></details>` : ''}`
    : emptyState(
        'No series is signalling: no measure, in the district or a ward, has run above or below its expected level beyond what chance explains.',
      );
  const main = mon.changes.filter((c) => c.kind !== 'county-rank' && c.kind !== 'emerging-ended');
  const minor = mon.changes.filter((c) => c.kind === 'county-rank' || c.kind === 'emerging-ended');
  const changes =
    mon.previousMonth === null
      ? emptyState('There is no earlier month to compare with.')
      : mon.changes.length
        ? html`${main.length ? html`<ul class="signals">${main.map((c) => html`<li><div>${changeLine(c)}</div></li>`)}</ul>` : emptyState('No change in risk levels, priorities, significance or new signals.')}
${minor.length ? html`<details><summary>${minor.length} county rank moves and signals that ended</summary><ul class="signals">${minor.map((c) => html`<li><div>${changeLine(c)}</div></li>`)}</ul></details>` : ''}`
        : emptyState(
            `Nothing changed in risk levels, priorities, significance, ranks or signals since ${monthLong(mon.previousMonth)}.`,
          );
  return html`<div class="page-head"><div><div class="crumbs"><a href="${areaUrl(a.area.code, 'overview', p.endParam)}">${name}</a> › Monthly monitoring</div>
<h1>Monthly monitoring: ${monthLong(mon.month)}</h1><p class="sub">${name}: the latest month against its expected range, what changed since ${mon.previousMonth ? monthLong(mon.previousMonth) : 'last month'}, and the emerging issues for the Joint Action Group</p></div>
<div class="brief-links no-print"><a class="btn" href="${`${path`/area/${a.area.code}/brief`}${query({ format: 'pdf', end: p.endParam })}`}" download>JAG brief (PDF)</a> <a class="btn secondary" href="${`${path`/area/${a.area.code}/brief`}${query({ format: 'docx', end: p.endParam })}`}" download>JAG brief (Word)</a></div></div>
<div class="stack">
${figures([
  {
    label: 'Above the expected range',
    value: formatInt(above),
    sub: `${count('above-95')} above the 95% range`,
    tone: above > 0 ? 'up' : undefined,
  },
  { label: 'Within the range', value: formatInt(count('within')), sub: `of ${mon.checks.length} measures` },
  {
    label: 'Below the range',
    value: formatInt(count('below-95') + count('below-80')),
    sub: `${count('below-95')} below the 95% range`,
    tone: count('below-95') > 0 ? 'down' : undefined,
  },
  {
    label: 'Signals',
    value: formatInt(mon.agenda.length),
    sub: mon.section
      ? `${newSignals} new; ${formatDecimal(mon.section.expectedFalseAlarms, 1)} expected by chance of ${formatInt(mon.section.series.monitored)} series`
      : `${newSignals} new this month`,
    tone: newSignals > 0 ? 'up' : undefined,
  },
  {
    label: 'Changes since last month',
    value: formatInt(mon.changes.length),
    sub: mon.previousMonth ? `since ${monthLong(mon.previousMonth)}` : 'no earlier month',
  },
])}
<div class="grid">
${card('Agenda: signals', html`${agenda}${mon.section ? html`<p class="sub">${monitoringSummary(mon.section)}</p>` : ''}`, { span: 7, id: 'agenda', aside: 'for the Joint Action Group' })}
${card('What changed since last month', changes, { span: 5, id: 'changes' })}
${card(`${monthLong(mon.month)} against its expected range`, checksTable(p, mon), { id: 'checks' })}
${card(`Wards in ${monthLong(mon.month)} against their expected range`, wardRangesTable(p, mon), { id: 'ward-ranges', aside: 'outside the 95% range' })}
${card('Wards signalled this month', wardsTable(p, mon), { id: 'wards', aside: 'sustained runs' })}
</div></div>`;
}
