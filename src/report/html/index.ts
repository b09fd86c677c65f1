import { escapeXml } from '../../render/charts/index.ts';
import type { Block, Inline, ReportDocument, Section, TableCell } from '../model.ts';
import { dateLong, formatDecimal, formatInt } from '../format.ts';
import { BASE_CSS, pageRules } from './css.ts';

/**
 * The strategic assessment as one self-contained HTML file: inline CSS and SVG, no scripts, no
 * network. Every piece of text from the document goes through `esc`; the SVG comes from the chart
 * library, which escapes its own input (docs/charts.md).
 */
export interface HtmlOptions {
  /**
   * For printing through Chromium with its own header and footer templates (src/report/pdf.ts):
   * leaves out the @page margin boxes, which would print on top of them.
   */
  forPdf?: boolean;
}

const esc = escapeXml;

/** Ids become [a-z0-9-] so that they are safe in attributes and in CSS. */
export function safeId(id: string): string {
  return (
    id
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x'
  );
}

const SAFE_HREF = /^(#|https?:\/\/|mailto:)/i;

function renderInline(run: Inline): string {
  if (typeof run === 'string') return esc(run);
  let html = esc(run.text);
  if (run.strong) html = `<strong>${html}</strong>`;
  if (run.href && SAFE_HREF.test(run.href)) {
    const href = run.href.startsWith('#') ? `#${safeId(run.href.slice(1))}` : run.href;
    html = `<a href="${esc(href)}">${html}</a>`;
  }
  return html;
}

function runs(items: readonly Inline[]): string {
  return items.map(renderInline).join('');
}

function cellText(c: TableCell): string {
  if (c.display !== undefined) return c.display;
  if (c.value === null) return '–';
  if (typeof c.value === 'number') return Number.isInteger(c.value) ? formatInt(c.value) : formatDecimal(c.value, 2);
  return c.value;
}

function cellHtml(c: TableCell, tag: 'td' | 'th', align: 'left' | 'right', scope?: string): string {
  const text = esc(cellText(c));
  const long = cellText(c).length > 24 ? ' badge-long' : '';
  const body = c.tone ? `<span class="badge${long} tone-${c.tone}">${text}</span>` : text;
  const cls = [align === 'right' ? 'r' : 'l', c.tone ? `tone-${c.tone}` : ''].filter(Boolean).join(' ');
  return `<${tag}${scope ? ` scope="${scope}"` : ''} class="${cls}">${body}</${tag}>`;
}

interface Counters {
  figure: number;
  table: number;
}

function renderTable(b: Extract<Block, { type: 'table' }>, counters: Counters): string {
  counters.table += 1;
  const id = safeId(b.id);
  const align = (i: number): 'left' | 'right' => b.align?.[i] ?? 'left';
  const head = `<tr>${b.head.map((h, i) => `<th scope="col" class="${align(i) === 'right' ? 'r' : 'l'}">${esc(h)}</th>`).join('')}</tr>`;
  const body = b.rows
    .map(
      (row) =>
        `<tr>${row.map((c, i) => cellHtml(c, i === 0 ? 'th' : 'td', align(i), i === 0 ? 'row' : undefined)).join('')}</tr>`,
    )
    .join('\n');
  const wordy = b.rows.some((r) => r.some((c) => cellText(c).length > 120));
  const short = b.rows.length <= 18 && !wordy ? ' table-short' : '';
  return (
    // the caption is shown above the scrolling box (so that it stays in view on a phone) and kept in
    // the table, visually hidden, for screen readers
    `<div class="table-block${short}">` +
    `<p class="table-caption" aria-hidden="true"><span class="num">Table ${counters.table}.</span> ${esc(b.caption)}</p>` +
    `<div class="table-wrap" role="region" aria-labelledby="${id}-caption" tabindex="0">` +
    `<table id="${id}"><caption id="${id}-caption" class="visually-hidden">Table ${counters.table}. ${esc(b.caption)}</caption>` +
    `<thead>${head}</thead><tbody>\n${body}\n</tbody></table></div>` +
    (b.note ? `<p class="table-note">${esc(b.note)}</p>` : '') +
    `</div>`
  );
}

function renderChart(b: Extract<Block, { type: 'chart' }>, counters: Counters): string {
  counters.figure += 1;
  const id = safeId(b.id);
  const caption = b.caption ? ` ${esc(b.caption)}` : '';
  // the SVG names itself (role="img", <title> and <desc> with the alt text); the caption repeats the title for sighted readers
  return (
    `<figure class="chart" id="fig-${id}" aria-labelledby="fig-${id}-caption">` +
    `<div class="chart-svg">${b.chart.svg}</div>` +
    `<figcaption id="fig-${id}-caption"><span class="num">Figure ${counters.figure}.</span> ${esc(b.chart.title)}.${caption}</figcaption>` +
    `</figure>`
  );
}

/** Block headings: level 3 is the first level inside the section that holds it. */
function headingTag(blockLevel: number, sectionLevel: number): number {
  return Math.min(6, sectionLevel + 1 + Math.max(0, blockLevel - 3));
}

function renderBlock(b: Block, sectionLevel: number, counters: Counters, next?: Block): string {
  switch (b.type) {
    case 'heading': {
      const h = headingTag(b.level, sectionLevel);
      return `<h${h} id="${safeId(b.id)}">${esc(b.text)}</h${h}>`;
    }
    case 'paragraph':
      // a sentence that introduces a table, chart or list stays on its page with it
      return next && (next.type === 'table' || next.type === 'chart' || next.type === 'list')
        ? `<p class="lead-in">${runs(b.runs)}</p>`
        : `<p>${runs(b.runs)}</p>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>${b.items.map((i) => `<li>${runs(i)}</li>`).join('')}</${tag}>`;
    }
    case 'table':
      return renderTable(b, counters);
    case 'chart':
      return renderChart(b, counters);
    case 'callout': {
      const label = b.tone === 'analyst' ? 'Partnership commentary' : b.tone === 'warning' ? 'Warning' : 'Note';
      const title = b.title ? `<p class="callout-title">${esc(b.title)}</p>` : '';
      return `<aside class="callout callout-${b.tone}" aria-label="${esc(b.title ?? label)}">${title}<p>${runs(b.runs)}</p></aside>`;
    }
    case 'keyFigures':
      return (
        `<dl class="key-figures">` +
        b.items
          .map(
            (i) =>
              `<div class="kf${i.tone ? ` tone-${i.tone}` : ''}"><dt>${esc(i.label)}</dt><dd class="kf-value">${esc(i.value)}</dd>${i.note ? `<dd class="kf-note">${esc(i.note)}</dd>` : ''}</div>`,
          )
          .join('') +
        `</dl>`
      );
    case 'pageBreak':
      return '<div class="page-break" aria-hidden="true"></div>';
  }
}

function numbering(sections: readonly Section[]): Map<Section, string> {
  const out = new Map<Section, string>();
  sections.forEach((s, i) => {
    out.set(s, String(i + 1));
    (s.children ?? []).forEach((c, j) => out.set(c, `${i + 1}.${j + 1}`));
  });
  return out;
}

/**
 * `tail` (the colophon) goes at the very end of the document's last section, printed on one page
 * with the last block, so that it never stands alone on the last page.
 */
function renderSection(s: Section, numbers: Map<Section, string>, counters: Counters, tail = ''): string {
  const id = safeId(s.id);
  const level = s.level === 1 ? 2 : 3;
  const cls = s.level === 1 ? 'chapter' : 'section';
  const kids = s.children ?? [];
  const rendered = s.blocks.map((b, i) => renderBlock(b, level, counters, s.blocks[i + 1]));
  if (tail && kids.length === 0) {
    const last = rendered.pop() ?? '';
    rendered.push(`<div class="keep-end">${last}\n${tail}</div>`);
  }
  const blocks = rendered.join('\n');
  const children = kids
    .map((c, i) => renderSection(c, numbers, counters, i === kids.length - 1 ? tail : ''))
    .join('\n');
  return (
    `<section class="${cls}" id="${id}" aria-labelledby="${id}-title">\n` +
    `<h${level} id="${id}-title"><span class="num">${esc(numbers.get(s) ?? '')}</span>${esc(s.title)}</h${level}>\n` +
    `${blocks}\n${children}\n</section>`
  );
}

function renderToc(sections: readonly Section[], numbers: Map<Section, string>): string {
  const item = (s: Section): string => {
    const children =
      s.children && s.children.length > 0
        ? `<ol${s.children.length > 6 ? ' class="many"' : ''}>${s.children.map(item).join('')}</ol>`
        : '';
    return `<li><a href="#${safeId(s.id)}"><span class="num">${esc(numbers.get(s) ?? '')}</span>${esc(s.title)}</a>${children}</li>`;
  };
  return `<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">Contents</h2><ol>${sections.map(item).join('')}</ol></nav>`;
}

/** The running text of the printed page (footer left). */
export function runningText(doc: ReportDocument): string {
  return `${doc.area.name}: strategic assessment, ${doc.period.label}${doc.edition === 'public' ? ' (public edition)' : ''}`;
}

export function renderHtml(doc: ReportDocument, options: HtmlOptions = {}): string {
  const numbers = numbering(doc.sections);
  const counters: Counters = { figure: 0, table: 0 };
  const edition = doc.edition === 'public' ? 'Public edition' : 'Full edition (for partner organisations)';
  const colophon = `<footer class="colophon">
<p>${esc(doc.title)}. ${esc(edition)}, generated ${esc(dateLong(doc.generatedAt))} by ${esc(doc.generator)} from the data listed under Data sources. Figures, charts and wording are produced from the data; the partnership's commentary and recommendations are its own.</p>
</footer>`;
  const body = doc.sections
    .map((s, i) => renderSection(s, numbers, counters, i === doc.sections.length - 1 ? colophon : ''))
    .join('\n');
  const css = `${pageRules(options.forPdf ? null : { marking: doc.marking, running: runningText(doc) })}\n${BASE_CSS}`;
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="generator" content="${esc(doc.generator)}">
<title>${esc(doc.title)}</title>
<style>${css}</style>
</head>
<body>
<div class="page">
<p class="marking marking-top" role="note">${esc(doc.marking)}</p>
<header class="cover">
<p class="kicker">Strategic assessment</p>
<h1>${esc(doc.title)}</h1>
<p class="subtitle">${esc(doc.subtitle)}</p>
<dl>
<dt>Area</dt><dd>${esc(doc.area.name)} (${esc(doc.area.code)})</dd>
<dt>Period</dt><dd>${esc(doc.period.label)}</dd>
<dt>Edition</dt><dd>${esc(edition)}</dd>
<dt>Marking</dt><dd>${esc(doc.marking)}</dd>
<dt>Generated</dt><dd>${esc(dateLong(doc.generatedAt))} by ${esc(doc.generator)}</dd>
</dl>
</header>
${renderToc(doc.sections, numbers)}
<main>
${body}
${doc.sections.length === 0 ? colophon : ''}
</main>
<p class="marking marking-bottom" role="note">${esc(doc.marking)}</p>
</div>
</body>
</html>
`;
}
