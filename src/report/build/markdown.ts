import type { Block, Inline } from '../model.ts';

/**
 * The small Markdown the analysts' commentary may use, turned into document blocks: paragraphs
 * (each an 'analyst' callout, so that the reader sees whose words they are), bullet and numbered
 * lists, headings (#, ## or ###, all shown one level below the section), **bold** and
 * [links](https://…). Anything else is kept as plain text; renderers escape it.
 */
export function markdownBlocks(markdown: string, idPrefix: string, title = 'Partnership commentary'): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  let headings = 0;
  let titled = false;
  const flushParagraph = () => {
    if (paragraph.length === 0) return;
    const runs = inlineRuns(paragraph.join(' '));
    blocks.push(
      titled ? { type: 'callout', tone: 'analyst', runs } : { type: 'callout', tone: 'analyst', title, runs },
    );
    titled = true;
    paragraph = [];
  };
  const flushList = () => {
    if (!list) return;
    blocks.push({ type: 'list', ordered: list.ordered, items: list.items.map(inlineRuns) });
    list = null;
  };
  for (const raw of lines) {
    const line = raw.trimEnd();
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    const heading = /^(#{1,6})\s+(.*?)\s*#*$/.exec(line);
    if (line.trim() === '') {
      flushParagraph();
      flushList();
    } else if (heading) {
      flushParagraph();
      flushList();
      headings += 1;
      blocks.push({ type: 'heading', level: 4, text: plainText(heading[2] ?? ''), id: `${idPrefix}-note-${headings}` });
    } else if (bullet || numbered) {
      flushParagraph();
      const ordered = !bullet;
      if (list && list.ordered !== ordered) flushList();
      list ??= { ordered, items: [] };
      list.items.push((bullet ?? numbered)![1] ?? '');
    } else if (list && /^\s{2,}\S/.test(raw)) {
      // a continuation line of the last list item
      list.items[list.items.length - 1] += ` ${line.trim()}`;
    } else {
      flushList();
      paragraph.push(line.trim());
    }
  }
  flushParagraph();
  flushList();
  return blocks;
}

/** Plain text of inline Markdown (for headings). */
function plainText(s: string): string {
  return inlineRuns(s)
    .map((r) => (typeof r === 'string' ? r : r.text))
    .join('');
}

const SAFE_HREF = /^(https?:\/\/|mailto:|#)/i;

/** **bold** and [text](href) into runs; an unsafe link keeps its text only. */
export function inlineRuns(s: string): Inline[] {
  const out: Inline[] = [];
  const pattern = /\*\*(.+?)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (let m = pattern.exec(s); m !== null; m = pattern.exec(s)) {
    if (m.index > last) out.push(s.slice(last, m.index));
    if (m[1] !== undefined) out.push({ text: m[1], strong: true });
    else if (m[2] !== undefined) out.push(SAFE_HREF.test(m[3] ?? '') ? { text: m[2], href: m[3]! } : m[2]);
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push(s.slice(last));
  return out;
}
