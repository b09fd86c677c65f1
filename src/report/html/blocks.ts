import { html, join, trusted, type SafeHtml } from '../../core/markup.ts';
import type { Block, Inline } from '../model.ts';

/**
 * The one HTML renderer of the report's blocks, escaping by default (src/core/markup.ts): the
 * report's HTML (and the PDF printed from it) and the dashboard's document views render blocks
 * through `renderBlock`, each with its own markup for the parts that differ (a printed table with
 * its number, a sortable table with downloads); the walking, the runs, the links and the escaping
 * are shared. Word renders the same blocks in src/report/docx/.
 */

export type HeadingBlock = Extract<Block, { type: 'heading' }>;
export type TableBlock = Extract<Block, { type: 'table' }>;
export type ChartBlock = Extract<Block, { type: 'chart' }>;
export type CalloutBlock = Extract<Block, { type: 'callout' }>;
export type KeyFiguresBlock = Extract<Block, { type: 'keyFigures' }>;

/** What a target makes of each kind of block; text arrives escaped, as SafeHtml. */
export interface BlockMarkup {
  /** a run's link target as an href, or null to show the text without a link */
  href(target: string): string | null;
  heading(block: HeadingBlock): SafeHtml;
  /** `next` is the block after it (a sentence that introduces a table stays with it in print) */
  paragraph(content: SafeHtml, next: Block | undefined): SafeHtml;
  list(items: SafeHtml[], ordered: boolean): SafeHtml;
  table(block: TableBlock): SafeHtml;
  chart(block: ChartBlock): SafeHtml;
  callout(block: CalloutBlock, content: SafeHtml): SafeHtml;
  keyFigures(block: KeyFiguresBlock): SafeHtml;
  pageBreak(): SafeHtml;
}

/** Ids become [a-z0-9-] so that they are safe in attributes and in CSS. */
export function safeId(id: string): string {
  return (
    id
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x'
  );
}

function inline(run: Inline, markup: BlockMarkup): SafeHtml {
  if (typeof run === 'string') return html`${run}`;
  const text = run.strong ? html`<strong>${run.text}</strong>` : html`${run.text}`;
  const href = run.href ? markup.href(run.href) : null;
  return href === null ? text : html`<a href="${href}">${text}</a>`;
}

/** A paragraph's runs: text escaped, emphasis and links as the target allows. */
export function runsHtml(items: readonly Inline[], markup: BlockMarkup): SafeHtml {
  return join(items.map((r) => inline(r, markup)));
}

export function renderBlock(block: Block, markup: BlockMarkup, next?: Block): SafeHtml {
  switch (block.type) {
    case 'heading':
      return markup.heading(block);
    case 'paragraph':
      return markup.paragraph(runsHtml(block.runs, markup), next);
    case 'list':
      return markup.list(
        block.items.map((i) => runsHtml(i, markup)),
        block.ordered === true,
      );
    case 'table':
      return markup.table(block);
    case 'chart':
      return markup.chart(block);
    case 'callout':
      return markup.callout(block, runsHtml(block.runs, markup));
    case 'keyFigures':
      return markup.keyFigures(block);
    case 'pageBreak':
      return markup.pageBreak();
  }
}

/** A tag name chosen by the code (h2–h6), never from input. */
export function headingTag(level: number): SafeHtml {
  return trusted(`h${Math.min(6, Math.max(1, Math.round(level)))}`);
}
