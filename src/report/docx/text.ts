import { ExternalHyperlink, InternalHyperlink, TextRun } from 'docx';
import type { ParagraphChild } from 'docx';
import type { Inline } from '../model.ts';
import { dateLong } from '../../core/periods/names.ts';

/**
 * Characters XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF): docx escapes
 * `<`, `&` and quotes but writes these through, and Word refuses to open a file containing them.
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching the control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text safe to put in the document: forbidden characters dropped, line breaks and tabs as spaces. */
export function clean(text: string): string {
  return String(text)
    .replace(NOT_XML, '')
    .replace(/[\t\r\n]+/g, ' ');
}

/** Word bookmark names: a letter first, then letters, digits and `_`, at most 40 characters. */
export class Bookmarks {
  private readonly byId = new Map<string, string>();
  private readonly used = new Set<string>();

  /** The bookmark for a document id, made once and then reused (unique within the document). */
  add(id: string): string {
    const existing = this.byId.get(id);
    if (existing) return existing;
    let base = `s_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
    if (base.length > 40) base = `${base.slice(0, 31)}_${hash(id)}`;
    let name = base;
    for (let n = 2; this.used.has(name); n += 1) name = `${base.slice(0, 36)}_${n}`;
    this.byId.set(id, name);
    this.used.add(name);
    return name;
  }

  get(id: string): string | undefined {
    return this.byId.get(id);
  }
}

function hash(text: string): string {
  let h = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

const SAFE_LINK = /^(https?:|mailto:)/i;

/** Runs of a paragraph: bold for `strong`, links inside the document to bookmarks, web links out. */
export function inlineRuns(
  runs: readonly Inline[],
  bookmarks: Bookmarks,
  base: { bold?: boolean } = {},
): ParagraphChild[] {
  return runs.map((run) => {
    const r = typeof run === 'string' ? { text: run } : run;
    const text = new TextRun({
      text: clean(r.text),
      bold: r.strong || base.bold || undefined,
      style: r.href ? 'Hyperlink' : undefined,
    });
    if (!r.href) return text;
    if (r.href.startsWith('#')) {
      const anchor = bookmarks.get(r.href.slice(1));
      return anchor ? new InternalHyperlink({ anchor, children: [text] }) : plain(r.text, r.strong || base.bold);
    }
    return SAFE_LINK.test(r.href)
      ? new ExternalHyperlink({ link: r.href, children: [text] })
      : plain(r.text, r.strong || base.bold);
  });
}

function plain(text: string, bold?: boolean): TextRun {
  return new TextRun({ text: clean(text), bold: bold || undefined });
}

/** "3 March 2025" from an ISO date or date-time; anything else is shown as given. */
export function ukDate(iso: string): string {
  return dateLong(iso);
}
