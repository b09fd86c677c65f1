import type { Assessment, GroupRank, Level, MeasureAssessment } from '../../assess/schema.ts';
import type { BuildContext } from '../../report/build/context.ts';
import { showChangePct, showCount, showRate } from '../../report/build/context.ts';
import { describeEmerging, describeRisk, rankCell, verdictLabel } from '../../report/build/narrative.ts';
import { measureAliases, uniqueMeasures } from '../../report/build/measures.ts';
import { partnersSection } from '../../report/build/partners.ts';
import { allCrime } from '../../report/build/summary.ts';
import { formatInt, formatRate, formatScore, monthShort, ordinal, periodLong } from '../../report/format.ts';
import { sparkline } from '../../render/charts/index.ts';
import { html, trusted, type SafeHtml } from '../html.ts';
import { areaUrl } from './layout.ts';
import {
  badge,
  card,
  dataTable,
  emptyState,
  figures,
  levelBadge,
  renderBlock,
  verdictBadge,
  type FigureItem,
} from './components.ts';
import { linkForSection } from './links.ts';

export interface AreaPageContext {
  a: Assessment;
  ctx: BuildContext;
  /** the end in the URL (undefined = latest), kept in every link */
  endParam: string | undefined;
}

/** The measure page of the district and period shown. */
export function measureHref(p: AreaPageContext, id: string): string {
  return areaUrl(p.a.area.code, 'measure', p.endParam, {}, id);
}

/** The last 24 months of a measure's monthly counts as a sparkline (the chart library's). */
export function spark(m: MeasureAssessment): SafeHtml {
  const s = m.series;
  if (!s || s.counts.length < 2) return html`<span class="note">n/a</span>`;
  const months = s.months.slice(-24);
  const values = s.counts.slice(-24);
  return html`<span class="spark">${trusted(sparkline(values, { width: 110, height: 26, label: `${m.title}, monthly counts, ${monthShort(months[0]!)} to ${monthShort(months[months.length - 1]!)}` }).svg)}</span>`;
}

function headline(p: AreaPageContext): SafeHtml {
  const { a, ctx } = p;
  const all = allCrime(a);
  const items: FigureItem[] = [];
  if (all) {
    const v = verdictLabel(all.change);
    const before =
      all.change.previous === null
        ? 'no comparable year before'
        : all.change.basis === 'like-for-like'
          ? `${showCount(all.change.current, ctx)} against ${showCount(all.change.previous, ctx)}, like for like (${a.comparison.months} months)`
          : `${showCount(all.change.previous, ctx)} the 12 months before`;
    items.push({ label: 'All crime, 12 months', value: showCount(all.current.count, ctx), sub: before });
    items.push({
      label: all.change.basis === 'like-for-like' ? 'Change, like for like' : 'Change',
      value: showChangePct(all.change, all.change.current, all.change.previous, ctx),
      sub: v.text,
      tone: v.tone === 'neutral' ? undefined : v.tone,
    });
    if (all.current.rate !== null)
      items.push({
        label: 'Crimes per 1,000 residents',
        value: showRate(all.current.rate, [all.current.count], ctx),
        sub: all.denominator ? `${all.denominator.year} population ${formatInt(all.denominator.value)}` : '',
      });
    const county = all.rank.county;
    if (county?.position)
      items.push({
        label: `Position in ${a.county?.name ?? 'county'}`,
        value: `${ordinal(county.position)} of ${county.of}`,
        sub: county.previousPosition
          ? `was ${ordinal(county.previousPosition)} · 1st = lowest rate`
          : '1st = lowest rate',
      });
  }
  const levels = countLevels(a);
  items.push({
    label: 'High-risk measures',
    value: formatInt(levels.High),
    sub: `${formatInt(levels.Medium)} medium, ${formatInt(levels.Low)} low`,
    tone: levels.High > 0 ? 'high' : 'low',
  });
  const rising = a.emergingIssues.filter((e) => e.direction === 'increase').length;
  items.push({
    label: 'Emerging issues',
    value: formatInt(rising),
    sub: rising === 1 ? 'rise signalled by monitoring' : 'rises signalled by monitoring',
    tone: rising > 0 ? 'up' : undefined,
  });
  return figures(items);
}

function countLevels(a: Assessment): Record<Level, number> {
  const out: Record<Level, number> = { High: 0, Medium: 0, Low: 0 };
  for (const m of uniqueMeasures(a)) if (m.risk) out[m.risk.level] += 1;
  return out;
}

function clamp(n: number): number {
  return Math.min(5, Math.max(1, Math.round(n)));
}

/**
 * The risk matrix as a 5 × 5 grid: harm dimension up, likelihood across, each measure placed by
 * its rounded dimension scores. Cells are shaded by the level a measure there would take with a
 * neutral organisational score (3); each chip carries the measure's own level.
 */
export function riskMatrix(p: AreaPageContext): SafeHtml {
  const { a } = p;
  const medium = a.config.riskThresholds['medium'] ?? 28;
  const high = a.config.riskThresholds['high'] ?? 48;
  const placed = new Map<string, MeasureAssessment[]>();
  for (const m of uniqueMeasures(a)) {
    if (!m.risk || !m.available) continue;
    const key = `${clamp(m.risk.dimensions.harm)}|${clamp(m.risk.dimensions.likelihood)}`;
    placed.set(key, [...(placed.get(key) ?? []), m]);
  }
  const cells: SafeHtml[] = [];
  for (let h = 5; h >= 1; h--) {
    cells.push(html`<div class="axis">${h}</div>`);
    for (let l = 1; l <= 5; l++) {
      const score = h * l * 3;
      const level: Level = score >= high ? 'High' : score >= medium ? 'Medium' : 'Low';
      const here = (placed.get(`${h}|${l}`) ?? []).sort((x, y) => (y.risk?.score ?? 0) - (x.risk?.score ?? 0));
      cells.push(
        html`<div class="cell l-${level}" title="${`Harm ${h}, likelihood ${l}: ${level} with a neutral organisational score`}">${here.map(
          (m) =>
            html`<a class="chip ${m.risk!.level}" href="${measureHref(p, m.id)}" title="${`${m.title}: ${describeRisk(m.risk!)}`}">${m.title}</a>`,
        )}</div>`,
      );
    }
  }
  cells.push(html`<div></div>`);
  for (let l = 1; l <= 5; l++) cells.push(html`<div class="axis">${l}</div>`);
  return html`<div class="matrix-scroll"><div class="matrix-wrap"><div class="ylabel" aria-hidden="true">Harm →</div><div><div class="matrix" role="group" aria-label="${`Risk matrix of ${a.area.name ?? a.area.code}: measures placed by harm and likelihood scores`}">${cells}</div>
<p class="note" style="text-align:center;margin:4px 0 0" aria-hidden="true">Likelihood →</p></div></div></div>
<div class="matrix-legend"><span class="k-High">High from ${formatInt(high)}</span><span class="k-Medium">Medium from ${formatInt(medium)}</span><span class="k-Low">Low</span><span>Score = harm × likelihood × organisational (1–125); shading assumes organisational 3.</span></div>`;
}

function priorities(p: AreaPageContext): SafeHtml {
  const { a } = p;
  if (a.priorities.length === 0)
    return emptyState('The risk matrix recommends no priorities: no measure could be scored.');
  const aliases = measureAliases(a);
  const byId = new Map(a.measures.map((m) => [m.id, m]));
  return html`<ol class="plain" style="padding-left:1.4em">${a.priorities.map((pr) => {
    const m = byId.get(aliases.get(pr.measure) ?? pr.measure) ?? byId.get(pr.measure);
    return html`<li style="margin-bottom:10px"><a class="measure-title" href="${measureHref(p, pr.measure)}"><strong>${pr.title}</strong></a> ${levelBadge(pr.level)} ${badge(pr.status === 'new' ? 'new priority' : 'carried forward', pr.status === 'new' ? 'new' : 'info')}
<span class="note">score ${formatScore(pr.score)}${m ? html` · ${verdictLabel(m.change).text}` : ''}</span>
<ul class="plain note" style="margin-top:4px">${pr.reasons.slice(0, 3).map((r) => html`<li>${r}</li>`)}</ul></li>`;
  })}</ol>`;
}

/** The report's rank cell ("6/10 (was 4/10)") over two lines. */
function rankHtml(rank: GroupRank | null): SafeHtml {
  const [now, was] = rankCell(rank).split(' (');
  return html`${now}${was ? html`<span class="sub">(${was}</span>` : ''}`;
}

function measuresTable(p: AreaPageContext): SafeHtml {
  const { a, ctx } = p;
  const emerging = new Set(a.emergingIssues.filter((e) => e.direction === 'increase').map((e) => e.measure));
  const priorityRank = new Map(a.priorities.map((x) => [x.measure, x.rank]));
  const rows = uniqueMeasures(a).map((m) => {
    const change = showChangePct(m.change, m.change.current, m.change.previous, ctx);
    const rising = emerging.has(m.id) || emerging.has(m.countedAs);
    const wardSignals = m.emerging.filter((e) => e.area.level !== 'district' && e.direction === 'increase').length;
    return {
      attrs: { 'data-measure': m.id },
      cells: [
        {
          html: html`<span class="measure-title"><a href="${measureHref(p, m.id)}">${m.title}</a></span>${m.fallback ? html`<span class="sub">shown for ${m.fallback.requestedTitle}</span>` : ''}`,
          value: m.title,
        },
        { html: levelBadge(m.risk?.level), value: m.risk?.score ?? -1 },
        {
          html: m.available
            ? html`${showCount(m.current.count, ctx)}<span class="sub">${m.change.previous === null ? 'no comparable year' : `${showCount(m.change.previous, ctx)} before${m.change.basis === 'like-for-like' ? ' (like for like)' : ''}`}</span>`
            : 'n/a',
          value: m.current.count,
        },
        { html: html`${change}<span class="sub">${verdictBadge(m.change)}</span>`, value: m.change.pct },
        { html: spark(m) },
        { html: m.current.rate === null ? 'n/a' : formatRate(m.current.rate), value: m.current.rate },
        { html: rankHtml(m.rank.county), value: m.rank.county?.position ?? null },
        { html: rankHtml(m.rank.peers), value: m.rank.peers?.position ?? null },
        {
          html: html`${rising ? html`<span class="flag" title="Emerging rise in the district">▲ district</span> ` : ''}${wardSignals > 0 ? html`<span class="note">${wardSignals} ward${wardSignals === 1 ? '' : 's'}</span>` : ''}${!rising && wardSignals === 0 ? html`<span class="note">none</span>` : ''}`,
          value: (rising ? 100 : 0) + wardSignals,
        },
      ],
      className: priorityRank.has(m.id) ? 'is-priority' : '',
    };
  });
  return dataTable({
    id: 'measures-table',
    className: 'measures',
    columns: [
      { head: 'Measure', sort: 'text' },
      { head: 'Risk', sort: 'num' },
      { head: '12 months', sort: 'num' },
      { head: 'Change', sort: 'num' },
      { head: '24 months' },
      { head: 'Per 1,000', sort: 'num' },
      { head: 'County rank', sort: 'num' },
      { head: 'Peer rank', sort: 'num' },
      { head: 'Emerging', sort: 'num' },
    ],
    rows,
    note: `Counts for ${periodLong(a.period)} against ${periodLong(a.previousPeriod)}. A change is called significant only when the exact test says it is unlikely to be chance (α = ${a.config.alpha}). Ranks: 1 = lowest rate (was: the 12 months before). Rates per 1,000 residents, or households for household measures.`,
  });
}

function emergingList(p: AreaPageContext): SafeHtml {
  const { a, ctx } = p;
  const list = a.emergingIssues.slice(0, 8);
  if (list.length === 0)
    return emptyState('No measure is running above its expected level (CUSUM monitoring of the recent months).');
  return html`<ul class="signals">${list.map(
    (e) =>
      html`<li><span class="icon ${e.direction === 'increase' ? 'up' : 'down'}" aria-hidden="true">${e.direction === 'increase' ? '▲' : '▼'}</span><div><a href="${measureHref(p, e.measure)}"><strong>${e.title}</strong></a><br><span>${describeEmerging(e, ctx)}</span></div></li>`,
  )}</ul>${a.emergingIssues.length > list.length ? html`<p class="note">${a.emergingIssues.length - list.length} more on the <a href="${areaUrl(a.area.code, 'monthly', p.endParam)}">Monthly monitoring</a> page.</p>` : ''}`;
}

export function overviewBody(p: AreaPageContext): SafeHtml {
  const { a, ctx } = p;
  const name = a.area.name ?? a.area.code;
  const partners = partnersSection(ctx);
  const blockOptions = { linkFor: linkForSection(p.a, p.endParam), headingShift: 0 };
  const partnerBlocks = partners ? [...partners.blocks, ...(partners.children ?? []).flatMap((c) => c.blocks)] : [];
  const withheld =
    a.restrictedWithheld > 0
      ? html`<p class="note">${formatInt(a.restrictedWithheld)} restricted indicator${a.restrictedWithheld === 1 ? ' is' : 's are'} not shown to your account.</p>`
      : '';
  const quality = a.dataQuality.incompleteMeasures.length + a.dataQuality.unavailableMeasures.length;
  return html`<div class="page-head"><div><div class="crumbs">${a.county?.name ?? ''}${a.county ? ' › ' : ''}${name}</div><h1>${name}: overview</h1>
<p class="sub">${periodLong(a.period)} compared with ${periodLong(a.previousPeriod)}${a.background.population ? ` · population ${formatInt(a.background.population.value)} (${a.background.population.year})` : ''}</p></div>
<div>${quality > 0 ? badge(`${quality} measure${quality === 1 ? '' : 's'} with data gaps`, 'new') : badge('data complete for every measure', 'down')}</div></div>
<div class="stack">
${headline(p)}
<div class="grid">
${card('Risk matrix', riskMatrix(p), { span: 6, id: 'risk-matrix', aside: 'click a measure to open it' })}
${card('Recommended priorities', priorities(p), { span: 6, id: 'priorities', aside: `${a.priorities.length} from the risk matrix` })}
${card('All measures', measuresTable(p), { id: 'measures', aside: 'sort by any column' })}
${card('Emerging issues', emergingList(p), { span: 7, id: 'emerging' })}
${card('Partner indicators', partners ? html`<div class="blocks">${partnerBlocks.map((b) => renderBlock(b, blockOptions))}</div>${withheld}` : html`${emptyState('No partner returns are loaded for this district.')}${withheld}`, { span: 5, id: 'partners' })}
</div></div>`;
}
