import { PdfPrinter } from '../pdf.ts';
import type { Brief } from './build.ts';
import { briefPageTemplates, renderBriefDocx, renderBriefHtml } from './render.ts';

export const BRIEF_FORMATS = ['pdf', 'docx', 'html'] as const;
export type BriefFormat = (typeof BRIEF_FORMATS)[number];

export const BRIEF_CONTENT_TYPES: Record<BriefFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
};

const MARGIN = { top: '12mm', bottom: '12mm', left: '12mm', right: '12mm' };

/** The file name of a brief: `<code>-jag-brief-<month>.<format>`. */
export function briefFileName(b: Brief, format: BriefFormat): string {
  return `${b.area.code}-jag-brief-${b.month}${b.edition === 'public' ? '-public' : ''}.${format}`;
}

/** One brief in one format (PDF through Chromium, started and stopped here unless a printer is given). */
export async function renderBrief(b: Brief, format: BriefFormat, printer?: PdfPrinter): Promise<Buffer> {
  if (format === 'html') return Buffer.from(renderBriefHtml(b));
  if (format === 'docx') return renderBriefDocx(b);
  const own = printer ?? (await PdfPrinter.open());
  try {
    return await own.printHtml(renderBriefHtml(b), briefPageTemplates(b), MARGIN);
  } finally {
    if (!printer) await own.close();
  }
}
