import { html, join, trusted, type SafeHtml } from '../../core/markup.ts';
import type { ReportDocument, Section } from '../model.ts';
import { dateLong } from '../format.ts';
import { renderBlock, safeId } from './blocks.ts';
import { BASE_CSS, pageRules } from './css.ts';
import { printMarkup, type Counters } from './print-blocks.ts';

/**
 * The strategic assessment as one self-contained HTML file: inline CSS and SVG, no scripts, no
 * network. Written with the escape-by-default `html` template (src/core/markup.ts) and the one block
 * renderer (./blocks.ts); the SVG comes from the chart library, which escapes its own input
 * (docs/charts.md), and the CSS from ./css.ts, which writes the marking as a CSS string.
 */
export interface HtmlOptions {
  /**
   * For printing through Chromium with its own header and footer templates (src/report/pdf.ts):
   * leaves out the @page margin boxes, which would print on top of them.
   */
  forPdf?: boolean;
}

export { safeId } from './blocks.ts';

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
function renderSection(s: Section, numbers: Map<Section, string>, counters: Counters, tail?: SafeHtml): SafeHtml {
  const id = safeId(s.id);
  const level = s.level === 1 ? 2 : 3;
  const tag = trusted(`h${level}`);
  const cls = s.level === 1 ? 'chapter' : 'section';
  const kids = s.children ?? [];
  const markup = printMarkup(level, counters);
  const rendered = s.blocks.map((b, i) => renderBlock(b, markup, s.blocks[i + 1]));
  if (tail && kids.length === 0) {
    const last = rendered.pop() ?? '';
    rendered.push(html`<div class="keep-end">${last}\n${tail}</div>`);
  }
  const children = kids.map((c, i) => renderSection(c, numbers, counters, i === kids.length - 1 ? tail : undefined));
  return html`<section class="${cls}" id="${id}" aria-labelledby="${id}-title">
<${tag} id="${id}-title"><span class="num">${numbers.get(s) ?? ''}</span>${s.title}</${tag}>
${join(rendered, '\n')}
${join(children, '\n')}
</section>`;
}

function renderToc(sections: readonly Section[], numbers: Map<Section, string>): SafeHtml {
  const item = (s: Section): SafeHtml => {
    const children =
      s.children && s.children.length > 0
        ? html`<ol${s.children.length > 6 ? html` class="many"` : ''}>${s.children.map(item)}</ol>`
        : '';
    return html`<li><a href="#${safeId(s.id)}"><span class="num">${numbers.get(s) ?? ''}</span>${s.title}</a>${children}</li>`;
  };
  return html`<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">Contents</h2><ol>${sections.map(item)}</ol></nav>`;
}

/** The running text of the printed page (footer left). */
export function runningText(doc: ReportDocument): string {
  return `${doc.area.name}: strategic assessment, ${doc.period.label}${doc.edition === 'public' ? ' (public edition)' : ''}`;
}

export function renderHtml(doc: ReportDocument, options: HtmlOptions = {}): string {
  const numbers = numbering(doc.sections);
  const counters: Counters = { figure: 0, table: 0 };
  const edition = doc.edition === 'public' ? 'Public edition' : 'Full edition (for partner organisations)';
  const colophon = html`<footer class="colophon">
<p>${doc.title}. ${edition}, generated ${dateLong(doc.generatedAt)} by ${doc.generator} from the data listed under Data sources. Figures, charts and wording are produced from the data; the partnership's commentary and recommendations are its own.</p>
</footer>`;
  const body = doc.sections.map((s, i) =>
    renderSection(s, numbers, counters, i === doc.sections.length - 1 ? colophon : undefined),
  );
  // css.ts writes the marking and the running text as CSS strings (escaped for CSS, not HTML)
  const css = trusted(
    `${pageRules(options.forPdf ? null : { marking: doc.marking, running: runningText(doc) })}\n${BASE_CSS}`,
  );
  return html`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="generator" content="${doc.generator}">
<title>${doc.title}</title>
<style>${css}</style>
</head>
<body>
<div class="page">
<p class="marking marking-top" role="note">${doc.marking}</p>
<header class="cover">
<p class="kicker">Strategic assessment</p>
<h1>${doc.title}</h1>
<p class="subtitle">${doc.subtitle}</p>
<dl>
<dt>Area</dt><dd>${doc.area.name} (${doc.area.code})</dd>
<dt>Period</dt><dd>${doc.period.label}</dd>
<dt>Edition</dt><dd>${edition}</dd>
<dt>Marking</dt><dd>${doc.marking}</dd>
<dt>Generated</dt><dd>${dateLong(doc.generatedAt)} by ${doc.generator}</dd>
</dl>
</header>
${renderToc(doc.sections, numbers)}
<main>
${join(body, '\n')}
${doc.sections.length === 0 ? colophon : ''}
</main>
<p class="marking marking-bottom" role="note">${doc.marking}</p>
</div>
</body>
</html>
`.value;
}
