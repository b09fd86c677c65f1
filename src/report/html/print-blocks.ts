import { html, trusted, type SafeHtml } from '../../core/markup.ts';
import { cellTexts } from '../cells.ts';
import type { TableCell } from '../model.ts';
import { headingTag, safeId, type BlockMarkup, type ChartBlock, type TableBlock } from './blocks.ts';

/** Figures and tables are numbered through the whole document. */
export interface Counters {
  figure: number;
  table: number;
}

const SAFE_HREF = /^(#|https?:\/\/|mailto:)/i;

function href(target: string): string | null {
  if (!SAFE_HREF.test(target)) return null;
  return target.startsWith('#') ? `#${safeId(target.slice(1))}` : target;
}

function cellHtml(c: TableCell, text: string, tag: 'td' | 'th', align: 'left' | 'right', scope?: string): SafeHtml {
  const long = text.length > 24 ? ' badge-long' : '';
  const body = c.tone ? html`<span class="badge${long} tone-${c.tone}">${text}</span>` : html`${text}`;
  const cls = [align === 'right' ? 'r' : 'l', c.tone ? `tone-${c.tone}` : ''].filter(Boolean).join(' ');
  return html`<${trusted(tag)}${scope ? html` scope="${scope}"` : ''} class="${cls}">${body}</${trusted(tag)}>`;
}

function table(b: TableBlock, counters: Counters): SafeHtml {
  counters.table += 1;
  const id = safeId(b.id);
  const align = (i: number): 'left' | 'right' => b.align?.[i] ?? 'left';
  const texts = cellTexts(b);
  const head = html`<tr>${b.head.map((h, i) => html`<th scope="col" class="${align(i) === 'right' ? 'r' : 'l'}">${h}</th>`)}</tr>`;
  const rows = b.rows.map(
    (row, r) =>
      html`<tr>${row.map((c, i) => cellHtml(c, texts[r]![i]!, i === 0 ? 'th' : 'td', align(i), i === 0 ? 'row' : undefined))}</tr>`,
  );
  const wordy = texts.some((r) => r.some((t) => t.length > 120));
  const short = b.rows.length <= 18 && !wordy ? ' table-short' : '';
  // the caption is shown above the scrolling box (so that it stays in view on a phone) and kept in
  // the table, visually hidden, for screen readers
  return html`<div class="table-block${short}"><p class="table-caption" aria-hidden="true"><span class="num">Table ${counters.table}.</span> ${b.caption}</p><div class="table-wrap" role="region" aria-labelledby="${id}-caption" tabindex="0"><table id="${id}"><caption id="${id}-caption" class="visually-hidden">Table ${counters.table}. ${b.caption}</caption><thead>${head}</thead><tbody>
${rows.map((r, i) => (i === 0 ? r : html`\n${r}`))}
</tbody></table></div>${b.note ? html`<p class="table-note">${b.note}</p>` : ''}</div>`;
}

function chart(b: ChartBlock, counters: Counters): SafeHtml {
  counters.figure += 1;
  const id = safeId(b.id);
  // the SVG names itself (role="img", <title> and <desc> with the alt text); the caption repeats the title for sighted readers
  return html`<figure class="chart" id="fig-${id}" aria-labelledby="fig-${id}-caption"><div class="chart-svg">${trusted(b.chart.svg)}</div><figcaption id="fig-${id}-caption"><span class="num">Figure ${counters.figure}.</span> ${b.chart.title}.${b.caption ? html` ${b.caption}` : ''}</figcaption></figure>`;
}

/**
 * The printed document's markup for blocks inside a section at `sectionLevel` (h2 for a chapter):
 * block headings of level 3 are the first level inside it.
 */
export function printMarkup(sectionLevel: number, counters: Counters): BlockMarkup {
  return {
    href,
    heading: (b) => {
      const tag = headingTag(Math.min(6, sectionLevel + 1 + Math.max(0, b.level - 3)));
      return html`<${tag} id="${safeId(b.id)}">${b.text}</${tag}>`;
    },
    // a sentence that introduces a table, chart or list stays on its page with it
    paragraph: (content, next) =>
      next && (next.type === 'table' || next.type === 'chart' || next.type === 'list')
        ? html`<p class="lead-in">${content}</p>`
        : html`<p>${content}</p>`,
    list: (items, ordered) => {
      const tag = trusted(ordered ? 'ol' : 'ul');
      return html`<${tag}>${items.map((i) => html`<li>${i}</li>`)}</${tag}>`;
    },
    table: (b) => table(b, counters),
    chart: (b) => chart(b, counters),
    callout: (b, content) => {
      const label = b.tone === 'analyst' ? 'Partnership commentary' : b.tone === 'warning' ? 'Warning' : 'Note';
      const title = b.title ? html`<p class="callout-title">${b.title}</p>` : '';
      return html`<aside class="callout callout-${b.tone}" aria-label="${b.title ?? label}">${title}<p>${content}</p></aside>`;
    },
    keyFigures: (b) =>
      html`<dl class="key-figures">${b.items.map((i) => html`<div class="kf${i.tone ? ` tone-${i.tone}` : ''}"><dt>${i.label}</dt><dd class="kf-value">${i.value}</dd>${i.note ? html`<dd class="kf-note">${i.note}</dd>` : ''}</div>`)}</dl>`,
    pageBreak: () => html`<div class="page-break" aria-hidden="true"></div>`,
  };
}
