import { Bookmark, HeadingLevel, LineRuleType, PageBreak, Paragraph, SimpleField, TextRun } from 'docx';
import type { Table } from 'docx';
import type { Block, ReportDocument, Section } from '../model.ts';
import { chartParagraph } from './charts.ts';
import type { ChartImage } from './charts.ts';
import { NUMBERING, STYLE } from './styles.ts';
import { calloutTable, dataTable, keyFiguresTable, needsArrowKey } from './tables.ts';
import { Bookmarks, clean, inlineRuns } from './text.ts';
import { ARROW_KEY } from './tones.ts';

type ChartBlock = Extract<Block, { type: 'chart' }>;
export type BodyChild = Paragraph | Table;

/** A section heading (with its depth: 0 for a chapter) or a block (with its section's level). */
type Entry =
  { kind: 'section'; section: Section; depth: number } | { kind: 'block'; block: Block; sectionLevel: number };

interface Context {
  bookmarks: Bookmarks;
  images: ReadonlyMap<ChartBlock, ChartImage>;
  figures: number;
  tables: number;
  lists: number;
}

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
];

/**
 * Word heading level of a heading block, as the HTML report places it: levels 2 and 3 are the
 * first level inside the section that holds them, 4 the one below.
 */
export function blockHeadingLevel(blockLevel: number, sectionLevel: number): number {
  return Math.min(6, sectionLevel + 1 + Math.max(0, blockLevel - 3));
}

/** Sections in reading order as a flat list; sensitive sections are left out of the public edition. */
export function flatten(doc: ReportDocument): Entry[] {
  const entries: Entry[] = [];
  const walk = (sections: readonly Section[], depth: number) => {
    for (const section of sections) {
      if (doc.edition === 'public' && section.sensitive) continue;
      entries.push({ kind: 'section', section, depth });
      for (const block of section.blocks) entries.push({ kind: 'block', block, sectionLevel: section.level });
      walk(section.children ?? [], depth + 1);
    }
  };
  walk(doc.sections, 0);
  return entries;
}

/** Every chart block of the document body, in order. */
export function chartBlocks(entries: readonly Entry[]): ChartBlock[] {
  return entries.flatMap((e) => (e.kind === 'block' && e.block.type === 'chart' ? [e.block] : []));
}

/** Bookmarks for every id a link can point at, made before any link is written. */
export function registerBookmarks(entries: readonly Entry[]): Bookmarks {
  const bookmarks = new Bookmarks();
  for (const e of entries) {
    if (e.kind === 'section') bookmarks.add(e.section.id);
    else if ('id' in e.block) bookmarks.add(e.block.id);
  }
  return bookmarks;
}

/**
 * The body. A page break is dropped before a chapter heading (Heading 1 starts a page itself)
 * and at the end, so that no blank pages appear; otherwise the next paragraph starts the page.
 */
export function renderBody(
  entries: readonly Entry[],
  bookmarks: Bookmarks,
  images: ReadonlyMap<ChartBlock, ChartImage>,
): BodyChild[] {
  const ctx: Context = { bookmarks, images, figures: 0, tables: 0, lists: 0 };
  const out: BodyChild[] = [];
  let breakPending = false;
  for (const entry of entries) {
    if (entry.kind === 'block' && entry.block.type === 'pageBreak') {
      breakPending = true;
      continue;
    }
    const startsPage = entry.kind === 'section' && entry.section.level === 1;
    if (breakPending && !startsPage) out.push(new Paragraph({ spacing: { after: 0 }, children: [new PageBreak()] }));
    breakPending = false;
    if (entry.kind === 'section')
      out.push(headingParagraph(entry.section.level, entry.section.title, entry.section.id, ctx, entry.depth));
    else out.push(...renderBlock(entry.block, entry.sectionLevel, ctx));
  }
  return out;
}

/**
 * A heading with a bookmark for links. Sections are numbered as in the HTML report ("2", "2.3")
 * by a Word list on the heading, so Word renumbers them when analysts move or add sections.
 */
function headingParagraph(level: number, text: string, id: string, ctx: Context, depth?: number): Paragraph {
  const name = ctx.bookmarks.add(id);
  return new Paragraph({
    heading: HEADINGS[Math.min(6, Math.max(1, level)) - 1],
    numbering:
      depth !== undefined && depth < 2
        ? { reference: NUMBERING.headings, level: depth, instance: 1, custom: true }
        : undefined,
    children: [new Bookmark({ id: name, children: [new TextRun(clean(text))] })],
  });
}

function renderBlock(block: Block, sectionLevel: number, ctx: Context): BodyChild[] {
  switch (block.type) {
    case 'heading':
      return [headingParagraph(blockHeadingLevel(block.level, sectionLevel), block.text, block.id, ctx)];
    case 'paragraph':
      return [new Paragraph({ children: inlineRuns(block.runs, ctx.bookmarks) })];
    case 'list': {
      const instance = (ctx.lists += 1);
      return block.items.map(
        (item, i) =>
          new Paragraph({
            style: 'ListParagraph',
            // the list as a whole is spaced from what follows like a paragraph
            spacing: i === block.items.length - 1 ? { after: 140 } : undefined,
            numbering: block.ordered
              ? { reference: NUMBERING.numbers, level: 0, instance }
              : { reference: NUMBERING.bullets, level: 0 },
            children: inlineRuns(item, ctx.bookmarks),
          }),
      );
    }
    case 'table': {
      const number = (ctx.tables += 1);
      const note = [block.note ? clean(block.note) : '', needsArrowKey(block) ? `Key: ${ARROW_KEY}` : '']
        .filter(Boolean)
        .join(' ');
      return [
        dataTable(block),
        caption('Table', number, block.caption, block.id, ctx, Boolean(note)),
        ...(note ? [new Paragraph({ style: STYLE.tableNote, children: [new TextRun(note)] })] : []),
      ];
    }
    case 'chart': {
      const image = ctx.images.get(block);
      if (!image) throw new Error(`chart "${block.id}" was not rasterised`);
      const number = (ctx.figures += 1);
      const title = clean(block.chart.title);
      const text = `${title}${/[.!?]$/.test(title) ? '' : '.'}${block.caption ? ` ${block.caption}` : ''}`;
      return [
        chartParagraph(image, block.chart.alt, block.chart.title, block.width),
        caption('Figure', number, text, block.id, ctx, false),
      ];
    }
    case 'callout':
      return [calloutTable(block, ctx.bookmarks), spacer()];
    case 'keyFigures':
      return [keyFiguresTable(block), spacer()];
    case 'pageBreak':
      return [];
  }
}

/**
 * "Table 3. …" / "Figure 3. …" (as in the HTML report) in the Caption style with a SEQ field (so Word's cross-references
 * and table of figures work), its number written in so it shows before fields are updated.
 */
function caption(
  label: 'Table' | 'Figure',
  number: number,
  text: string,
  id: string,
  ctx: Context,
  keepNext: boolean,
): Paragraph {
  const name = ctx.bookmarks.add(id);
  return new Paragraph({
    style: STYLE.caption,
    keepNext,
    children: [
      new Bookmark({
        id: name,
        children: [
          new TextRun(`${label} `),
          new SimpleField(`SEQ ${label} \\* ARABIC`, String(number)),
          new TextRun(`. ${clean(text)}`),
        ],
      }),
    ],
  });
}

/** Space after a boxed block (tables have no spacing of their own). */
function spacer(): Paragraph {
  return new Paragraph({ spacing: { after: 0, line: 240, lineRule: LineRuleType.AUTO }, children: [] });
}
