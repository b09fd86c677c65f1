import type { ChangeFigure, Level } from '../../assess/schema.ts';
import type { Block, TableCell } from '../../report/model.ts';
import { verdictLabel } from '../../report/build/narrative.ts';
import { cellTexts } from '../../report/cells.ts';
import { headingTag, renderBlock as renderReportBlock, safeId, type BlockMarkup } from '../../report/html/blocks.ts';
import { html, trusted, type SafeHtml } from '../html.ts';

/** Stands for the page's own URL in export links; `shell` replaces it (page bodies are cached across URLs). */
export const EXPORT_PAGE_TOKEN = '@@safer-page@@';

function exportLink(kind: 'table' | 'chart', id: string, format: string): string {
  return `/export?page=${EXPORT_PAGE_TOKEN}&${kind}=${encodeURIComponent(id)}&format=${format}`;
}

/** "Download: CSV · Excel" under a table, "Download: SVG · PNG · data (CSV)" under a chart. */
export function exportLinks(kind: 'table' | 'chart', id: string, what: string): SafeHtml {
  const formats =
    kind === 'table'
      ? [
          ['csv', 'CSV'],
          ['xlsx', 'Excel'],
        ]
      : [
          ['svg', 'SVG'],
          ['png', 'PNG'],
          ['csv', 'data (CSV)'],
        ];
  return html`<p class="exports no-print">Download${html`<span class="sr-only"> ${what}</span>`}: ${formats.map(([f, label], i) => html`${i > 0 ? ' · ' : ''}<a href="${exportLink(kind, id, f!)}" download>${label}</a>`)}</p>`;
}

export type Tone = NonNullable<TableCell['tone']> | 'info' | 'new' | 'restricted';

export function badge(text: string, tone: Tone = 'neutral'): SafeHtml {
  return html`<span class="badge ${tone}">${text}</span>`;
}

/** The report's short verdict wording as a badge. */
export function verdictBadge(change: Pick<ChangeFigure, 'verdict'>): SafeHtml {
  const v = verdictLabel(change);
  return badge(v.text, v.tone);
}

export function levelBadge(level: Level | null | undefined): SafeHtml {
  if (!level) return badge('not scored');
  return badge(level, level.toLowerCase() as Tone);
}

export function card(
  title: string | SafeHtml,
  body: SafeHtml,
  options: { id?: string; span?: number; aside?: SafeHtml | string } = {},
): SafeHtml {
  return html`<section class="card span-${options.span ?? 12}"${options.id ? html` id="${options.id}"` : ''}>
<h2>${title}${options.aside ? html` <small>${options.aside}</small>` : ''}</h2>
${body}
</section>`;
}

export interface FigureItem {
  label: string;
  value: string;
  sub?: string;
  tone?: Tone;
}

export function figures(items: readonly FigureItem[]): SafeHtml {
  return html`<div class="figures">${items.map((i) => html`<div class="figure${i.tone ? ` tone-${i.tone}` : ''}"><div class="label">${i.label}</div><div class="value">${i.value}</div>${i.sub ? html`<div class="sub">${i.sub}</div>` : ''}</div>`)}</div>`;
}

export interface Column {
  head: string;
  /** the head is read by screen readers but not shown (e.g. a column of buttons) */
  hiddenHead?: boolean;
  /** 'num' right-aligns and sorts numerically; 'text' sorts alphabetically; undefined: not sortable */
  sort?: 'num' | 'text';
  num?: boolean;
  className?: string;
}

export interface Cell {
  html: SafeHtml | string;
  /** the value sorted on (numbers) */
  value?: number | string | null;
}

export function dataTable(options: {
  id?: string;
  className?: string;
  caption?: string;
  columns: readonly Column[];
  rows: readonly { cells: readonly Cell[]; attrs?: Record<string, string>; className?: string }[];
  note?: string;
  sortable?: boolean;
  exportable?: boolean;
}): SafeHtml {
  const sortable = options.sortable !== false && options.columns.some((c) => c.sort);
  const classOf = (c: Column | undefined) =>
    [c?.num || c?.sort === 'num' ? 'num' : '', c?.className ?? ''].filter(Boolean).join(' ');
  const head = options.columns.map((c) => {
    const cls = classOf(c);
    return html`<th scope="col"${c.sort && sortable ? html` data-sort="${c.sort}"` : ''}${cls ? html` class="${cls}"` : ''}>${c.hiddenHead ? html`<span class="sr-only">${c.head}</span>` : c.head}</th>`;
  });
  const rows = options.rows.map((r) => {
    const attrs = Object.entries(r.attrs ?? {}).map(([k, v]) => html` ${trusted(k.replace(/[^a-z-]/g, ''))}="${v}"`);
    const cells = r.cells.map((cell, i) => {
      const cls = classOf(options.columns[i]);
      const value = cell.value === undefined || cell.value === null ? '' : html` data-value="${String(cell.value)}"`;
      return html`<td${cls ? html` class="${cls}"` : ''}${value}>${cell.html}</td>`;
    });
    return html`<tr${r.className ? html` class="${r.className}"` : ''}${attrs}>${cells}</tr>`;
  });
  const exports =
    options.id && options.exportable !== false && rows.length > 0
      ? exportLinks('table', options.id, options.caption ? `the table ${options.caption}` : 'this table')
      : '';
  return html`<div class="table-wrap${options.className?.includes('scroll') ? ' scroll' : ''}"><table class="data${sortable ? ' sortable' : ''}${options.className ? ` ${options.className}` : ''}"${options.id ? html` id="${options.id}"` : ''}>${options.caption ? html`<caption>${options.caption}</caption>` : ''}<thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>${exports}${options.note ? html`<p class="note">${options.note}</p>` : ''}`;
}

export function callout(
  kind: 'info' | 'warning' | 'error' | 'success' | 'analyst',
  title: string | null,
  body: SafeHtml | string,
): SafeHtml {
  return html`<div class="callout ${kind}" role="${kind === 'error' ? 'alert' : 'note'}">${title ? html`<strong class="title">${title}</strong>` : ''}${body}</div>`;
}

export function emptyState(text: string): SafeHtml {
  return html`<p class="note">${text}</p>`;
}

// Report blocks (the report builder's format-neutral tree) rendered for the dashboard.

export interface BlockOptions {
  /** a dashboard URL for a report anchor (#section-id), or null to show plain text */
  linkFor: (id: string) => string | null;
  /** replaces a block (e.g. the report's ward table by the full, sortable one); undefined keeps it */
  replace?: (block: Block) => SafeHtml | null | undefined;
  /** the id of the table the map hover highlights */
  mapTable?: string;
  mapUnit?: string;
  /** html heading level = block level + this (kept between h2 and h6); undefined: level 2 is h3, deeper ones h4 */
  headingShift?: number;
}

function dashboardHref(target: string, options: BlockOptions): string | null {
  if (target.startsWith('#')) return options.linkFor(target.slice(1));
  return /^https?:\/\//i.test(target) ? target : null;
}

export function chartFigure(block: Extract<Block, { type: 'chart' }>, options: BlockOptions): SafeHtml {
  const id = safeId(block.id);
  const svg = trusted(block.chart.svg.replace(/^<\?xml[^>]*>\s*/, ''));
  const isMap = /data-code=/.test(block.chart.svg);
  const body = isMap
    ? html`<div class="map-wrap"${options.mapTable ? html` data-table="${options.mapTable}"` : ''}${options.mapUnit ? html` data-unit="${options.mapUnit}"` : ''}>${svg}<div class="tooltip" role="status" hidden></div></div>`
    : svg;
  const data = block.chart.data ? html` data-chart="${JSON.stringify(block.chart.data)}"` : '';
  return html`<figure class="chart${isMap ? ' map' : ''}" id="${id}"${data}>${body}${block.caption ? html`<figcaption>${block.caption}</figcaption>` : ''}${exportLinks('chart', id, `the chart ${block.chart.title}`)}</figure>`;
}

/** A report table as the dashboard's sortable table with downloads; cell text as in every format. */
function reportTable(block: Extract<Block, { type: 'table' }>): SafeHtml {
  const numeric = block.head.map((_, i) => block.align?.[i] === 'right');
  const texts = cellTexts(block);
  // a column of sentences keeps a readable width (the table scrolls instead on a phone)
  const longest = block.head.map((_, i) => Math.max(0, ...texts.map((r) => (r[i] ?? '').length)));
  const columns: Column[] = block.head.map((h, i) => ({
    head: h,
    sort: numeric[i] ? 'num' : 'text',
    ...(longest[i]! > 60 ? { className: 'wide' } : {}),
  }));
  const cell = (c: TableCell, text: string): Cell => ({
    html: c.tone ? badge(text, c.tone) : text,
    value: typeof c.value === 'number' ? c.value : null,
  });
  return dataTable({
    id: safeId(block.id),
    caption: block.caption,
    columns,
    rows: block.rows.map((r, i) => ({ cells: r.map((c, j) => cell(c, texts[i]![j]!)) })),
    ...(block.note ? { note: block.note } : {}),
  });
}

/** The dashboard's markup for the one block renderer (src/report/html/blocks.ts). */
function dashboardMarkup(options: BlockOptions): BlockMarkup {
  return {
    href: (target) => dashboardHref(target, options),
    heading: (block) => {
      const level =
        options.headingShift === undefined
          ? block.level === 2
            ? 3
            : 4
          : Math.min(6, Math.max(2, block.level + options.headingShift));
      const tag = headingTag(level);
      return html`<${tag} id="${safeId(block.id)}">${block.text}</${tag}>`;
    },
    paragraph: (content) => html`<p>${content}</p>`,
    list: (items, ordered) => {
      const li = items.map((i) => html`<li>${i}</li>`);
      return ordered ? html`<ol class="plain">${li}</ol>` : html`<ul class="plain">${li}</ul>`;
    },
    table: reportTable,
    chart: (block) => chartFigure(block, options),
    callout: (block, content) =>
      callout(
        block.tone === 'warning' ? 'warning' : block.tone === 'analyst' ? 'analyst' : 'info',
        block.title ?? null,
        content,
      ),
    keyFigures: (block) =>
      html`<div class="kf">${block.items.map((i) => html`<div class="figure${i.tone ? ` tone-${i.tone}` : ''}"><div class="label">${i.label}</div><div class="value">${i.value}</div>${i.note ? html`<div class="sub">${i.note}</div>` : ''}</div>`)}</div>`,
    pageBreak: () => html``,
  };
}

export function renderBlock(block: Block, options: BlockOptions): SafeHtml {
  const replaced = options.replace?.(block);
  if (replaced !== undefined) return replaced ?? html``;
  return renderReportBlock(block, dashboardMarkup(options));
}

/**
 * A report section's blocks as dashboard cards: each third-level heading of the report starts a
 * card (the heading becomes the card's title); blocks before the first heading form a lead card.
 */
export function blockCards(
  blocks: readonly Block[],
  options: BlockOptions & { spanOf?: (headingId: string) => number },
): SafeHtml[] {
  const groups: { heading: Extract<Block, { type: 'heading' }> | null; blocks: Block[] }[] = [
    { heading: null, blocks: [] },
  ];
  for (const b of blocks) {
    if (b.type === 'heading' && b.level === 3) groups.push({ heading: b, blocks: [] });
    else groups[groups.length - 1]!.blocks.push(b);
  }
  return groups
    .filter((g) => g.heading || g.blocks.length > 0)
    .map((g) => {
      const inner = html`<div class="blocks">${g.blocks.map((b) => renderBlock(b, options))}</div>`;
      if (!g.heading) return html`<div class="span-12">${inner}</div>`;
      const span = options.spanOf?.(g.heading.id) ?? 12;
      return card(g.heading.text, inner, { id: safeId(g.heading.id), span });
    });
}
