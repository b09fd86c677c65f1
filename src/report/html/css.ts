/**
 * The report's stylesheet, inlined so that the HTML needs no network. Screen: a readable column,
 * tables that scroll sideways on a phone with the first column held in place. Print (and PDF):
 * A4, chapters on new pages, charts and short tables never split, headings kept with what follows.
 */

/** A CSS string literal: quotes, backslashes, newlines and "<" (which could close the style element) escaped. */
export function cssString(s: string): string {
  return `"${s.replace(/[\\"<>\n\r\u2028\u2029]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

export interface PageText {
  marking: string;
  running: string;
}

/**
 * @page rules. With text: A4 with margins and margin boxes (Chromium 131+ prints them when a
 * browser prints the page). Without (PDF through Chromium, whose own header and footer templates
 * and margins apply): the page size only.
 */
export function pageRules(text: PageText | null): string {
  if (!text) return '@page { size: A4; }';
  return `@page { size: A4; margin: 20mm 16mm 20mm 16mm;
  @top-center { content: ${cssString(text.marking)}; font: 600 8.5pt system-ui, sans-serif; color: #333; }
  @bottom-left { content: ${cssString(text.running)}; font: 8pt system-ui, sans-serif; color: #555; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt system-ui, sans-serif; color: #555; }
  @bottom-center { content: ${cssString(text.marking)}; font: 600 8.5pt system-ui, sans-serif; color: #333; }
}`;
}

export const BASE_CSS = `
:root {
  --ink: #1b1b1b; --muted: #555; --rule: #c9c9c9; --soft: #f3f4f6; --accent: #0b4f8a;
  --high-bg: #fde2e1; --high-ink: #8a1512; --medium-bg: #fff0cc; --medium-ink: #6b4a00; --low-bg: #dff3e4; --low-ink: #155a2b;
  --up-ink: #a63d00; --down-ink: #0b4f8a; --analyst-bg: #f1effa; --analyst-rule: #5b4a9e; --info-bg: #eef5fb; --warning-bg: #fff4e5;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif; color: var(--ink); background: #fff; }
.page { max-width: 60rem; margin: 0 auto; padding: 0 1.25rem 3rem; }
a { color: var(--accent); }
a:focus, .table-wrap:focus { outline: 3px solid #f0a500; outline-offset: 2px; }
.marking { text-align: center; font-weight: 700; letter-spacing: 0.06em; padding: 0.3rem; border: 2px solid var(--ink); margin: 0.75rem auto; max-width: 60rem; font-size: 0.9rem; }
.cover { padding: 2.5rem 0 1.5rem; border-bottom: 4px solid var(--accent); margin-bottom: 1.5rem; }
.cover .kicker { text-transform: uppercase; letter-spacing: 0.08em; font-size: 0.85rem; color: var(--muted); margin: 0; }
.cover h1 { font-size: 2.1rem; line-height: 1.2; margin: 0.4rem 0 0.6rem; }
.cover .subtitle { font-size: 1.2rem; margin: 0 0 1.2rem; color: #333; }
.cover dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0; font-size: 0.95rem; }
.cover dt { font-weight: 600; }
.cover dd { margin: 0; }
.toc { background: var(--soft); padding: 1rem 1.25rem; border-radius: 4px; margin-bottom: 2rem; }
.toc h2 { margin: 0 0 0.5rem; font-size: 1.25rem; }
.toc ol { list-style: none; padding-left: 0; margin: 0; }
.toc ol ol { padding-left: 2.2rem; font-size: 0.95rem; }
.toc ol ol.many { columns: 2 18rem; column-gap: 2rem; }
.toc li { margin: 0.15rem 0; break-inside: avoid; }
.toc .num { display: inline-block; min-width: 2.2rem; color: var(--muted); }
h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.6em 0 0.5em; }
h2 { font-size: 1.7rem; border-bottom: 2px solid var(--accent); padding-bottom: 0.25rem; }
h3 { font-size: 1.3rem; }
h4 { font-size: 1.1rem; }
h5, h6 { font-size: 1rem; }
.num { color: var(--muted); margin-right: 0.35em; font-variant-numeric: tabular-nums; }
p, ul, ol { margin: 0.6em 0; }
li { margin: 0.25em 0; }
.key-figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(10.5rem, 1fr)); gap: 0.6rem; margin: 1rem 0; padding: 0; }
.kf { border: 1px solid var(--rule); border-top: 4px solid var(--accent); padding: 0.5rem 0.7rem; background: #fff; }
.kf dt { font-size: 0.8rem; color: var(--muted); }
.kf dd { margin: 0; }
.kf .kf-value { font-size: 1.4rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.kf .kf-note { font-size: 0.8rem; color: var(--muted); }
.kf.tone-high { border-top-color: var(--high-ink); }
.kf.tone-medium { border-top-color: #b07d00; }
.kf.tone-low { border-top-color: var(--low-ink); }
.kf.tone-up { border-top-color: var(--up-ink); }
.kf.tone-down { border-top-color: var(--down-ink); }
.table-block { margin: 1.1rem 0 1.4rem; }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; border: 1px solid var(--rule); }
table { border-collapse: separate; border-spacing: 0; width: 100%; font-size: 0.9rem; font-variant-numeric: tabular-nums; }
.table-caption { font-weight: 600; margin: 0; padding: 0.5rem 0.6rem; background: var(--soft); border: 1px solid var(--rule); border-bottom: none; }
.table-caption .num { font-weight: 600; }
th, td { padding: 0.35rem 0.6rem; border-bottom: 1px solid #e3e3e3; vertical-align: top; }
thead th { background: #e9edf2; font-weight: 600; border-bottom: 2px solid var(--rule); }
th.r, td.r { text-align: right; }
@media screen { td.r { white-space: nowrap; } }
th.l, td.l { text-align: left; }
tbody th { font-weight: 500; text-align: left; }
tbody tr:nth-child(even) > * { background: #fafafa; }
.table-wrap th:first-child { position: sticky; left: 0; z-index: 1; background: #fff; box-shadow: 1px 0 0 var(--rule); min-width: 9rem; max-width: 40vw; }
.table-wrap thead th:first-child { background: #e9edf2; z-index: 2; }
.table-wrap tbody tr:nth-child(even) > th:first-child { background: #fafafa; }
.table-note { font-size: 0.82rem; color: var(--muted); margin: 0.35rem 0 0; }
.badge { display: inline-block; padding: 0.05rem 0.45rem; border-radius: 3px; font-weight: 600; }
.badge-long { font-weight: 400; }
.tone-high .badge, .badge.tone-high { background: var(--high-bg); color: var(--high-ink); }
.tone-medium .badge, .badge.tone-medium { background: var(--medium-bg); color: var(--medium-ink); }
.tone-low .badge, .badge.tone-low { background: var(--low-bg); color: var(--low-ink); }
.tone-up .badge, .badge.tone-up { color: var(--up-ink); }
.tone-down .badge, .badge.tone-down { color: var(--down-ink); }
.tone-neutral .badge, .badge.tone-neutral { color: var(--muted); font-weight: 400; }
figure.chart { margin: 1.3rem 0; }
.chart-svg { border: 1px solid #e3e3e3; background: #fff; }
.chart-svg svg { display: block; width: 100%; max-width: 46rem; height: auto; margin: 0 auto; }
figcaption { font-size: 0.85rem; color: #333; margin-top: 0.4rem; }
figcaption .num { font-weight: 600; color: var(--ink); }
.callout { border-left: 5px solid var(--accent); background: var(--info-bg); padding: 0.6rem 0.9rem; margin: 0.9rem 0; }
.callout p { margin: 0.2rem 0; }
.callout .callout-title { font-weight: 700; }
.callout-warning { border-left-color: #b35c00; background: var(--warning-bg); }
.callout-analyst { border-left-color: var(--analyst-rule); background: var(--analyst-bg); }
.callout-analyst + .callout-analyst { margin-top: -0.9rem; padding-top: 0.2rem; }
.chapter + .chapter { margin-top: 2.5rem; }
footer.colophon { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--rule); font-size: 0.85rem; color: var(--muted); }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  .page { padding: 0 0.8rem 2rem; }
  .cover h1 { font-size: 1.6rem; }
  h2 { font-size: 1.4rem; }
  h3 { font-size: 1.15rem; }
  table { font-size: 0.82rem; }
  th, td { padding: 0.3rem 0.45rem; }
  .toc ol ol, .toc ol ol.many { columns: 1; padding-left: 1.2rem; }
  .key-figures { grid-template-columns: repeat(2, 1fr); }
}
@media print {
  body { font-size: 10pt; line-height: 1.45; }
  .page { max-width: none; padding: 0; }
  .marking { margin: 0 0 4mm; font-size: 9pt; }
  /* every printed page carries the marking in its running head and foot: the closing one would only spill onto a page of its own */
  .marking-bottom { display: none; }
  .cover { padding-top: 40mm; min-height: 120mm; break-after: page; border-bottom: none; }
  .toc { background: none; padding: 0; break-after: page; }

  .chapter { break-before: page; }
  h2, h3, h4, h5, h6, .lead-in { break-after: avoid; page-break-after: avoid; }
  h2 { font-size: 18pt; }
  h3 { font-size: 13pt; }
  h4 { font-size: 11pt; }
  figure.chart, .key-figures, .callout, .table-short, .kf { break-inside: avoid; page-break-inside: avoid; }
  .table-wrap { overflow: visible; border: none; }
  .table-wrap th:first-child { position: static; box-shadow: none; max-width: none; }
  table { font-size: 8.5pt; }
  td, th { overflow-wrap: break-word; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  p, li, dd { orphans: 3; widows: 3; }
  p, li, figure, .table-note, figcaption { break-inside: avoid; page-break-inside: avoid; }
  .table-note, figcaption { break-before: avoid; page-break-before: avoid; }
  .table-caption { background: none; border: none; padding: 0 0 1mm; font-size: 9pt; break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  .chart-svg { border: none; }
  .chart-svg svg { max-height: 88mm; width: auto; }
  figcaption, .table-note { font-size: 8pt; }
  .kf .kf-value { font-size: 14pt; }
  .kf dt, .kf .kf-note { font-size: 7.5pt; }
  .page-break { break-after: page; }
  .key-figures { grid-template-columns: repeat(3, 1fr); }
  footer.colophon { break-inside: avoid; break-before: avoid; }
  .keep-end { break-inside: avoid; page-break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
