import type { Block, Inline, TableCell } from '../model.ts';

/** Small constructors that keep the section builders readable. */

export function para(...runs: Inline[]): Block {
  return { type: 'paragraph', runs };
}

export function heading(level: 2 | 3 | 4, text: string, id: string): Block {
  return { type: 'heading', level, text, id };
}

export function bullets(items: readonly (string | Inline[])[], ordered = false): Block {
  return { type: 'list', ordered, items: items.map((i) => (typeof i === 'string' ? [i] : i)) };
}

export function info(text: string, title?: string): Block {
  return { type: 'callout', tone: 'info', ...(title ? { title } : {}), runs: [text] };
}

export function warning(text: string, title?: string): Block {
  return { type: 'callout', tone: 'warning', ...(title ? { title } : {}), runs: [text] };
}

export function cell(value: TableCell['value'], display?: string, tone?: TableCell['tone']): TableCell {
  return { value, ...(display !== undefined ? { display } : {}), ...(tone ? { tone } : {}) };
}

export function table(spec: {
  id: string;
  caption: string;
  head: string[];
  rows: TableCell[][];
  align?: ('left' | 'right')[];
  note?: string;
}): Block {
  return { type: 'table', ...spec };
}

/** A risk level as a table tone. */
export function levelTone(level: string | null | undefined): TableCell['tone'] | undefined {
  return level === 'High' ? 'high' : level === 'Medium' ? 'medium' : level === 'Low' ? 'low' : undefined;
}

/** A link to another part of the document. */
export function link(text: string, id: string): Inline {
  return { text, href: `#${id}` };
}
