import type { Assessment } from '../../assess/schema.ts';
import { SaferError } from '../../core/errors.ts';
import { buildReport } from '../../report/build/index.ts';
import { renderHtml } from '../../report/html/index.ts';
import { renderDocx } from '../../report/docx/index.ts';
import { PdfPrinter } from '../../report/pdf.ts';
import { buildBrief } from '../../report/brief/build.ts';
import { BRIEF_CONTENT_TYPES, briefFileName, renderBrief, type BriefFormat } from '../../report/brief/write.ts';
import type { DataService } from './service.ts';

export const REPORT_FORMATS = ['html', 'docx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const EDITIONS = ['full', 'public'] as const;
export type Edition = (typeof EDITIONS)[number];

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

export interface GeneratedReport {
  body: Buffer;
  contentType: string;
  fileName: string;
}

/** "South Thornden" → "south-thornden". */
function fileSlug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'area'
  );
}

/**
 * The report documents, made by the report's own builder and renderers (HTML, Word, PDF through
 * Chromium): one Chromium is started on the first PDF and kept for the next ones.
 */
export class ReportMaker {
  private printer: Promise<PdfPrinter> | null = null;

  constructor(private readonly service: DataService) {}

  private pdfPrinter(): Promise<PdfPrinter> {
    if (!this.printer) {
      this.printer = PdfPrinter.open();
      this.printer.catch(() => (this.printer = null));
    }
    return this.printer;
  }

  /** One document; the same request again (before any import) is served from memory. */
  make(a: Assessment, edition: Edition, format: ReportFormat, cleared: boolean): Promise<GeneratedReport> {
    const key = `report|${a.area.code}|${a.period.end}|${cleared}|${edition}|${format}`;
    return this.service.memoise(key, async () => {
      const boundaries = await this.service.boundaries(a);
      const doc = buildReport(a, { edition, words: this.service.words, boundaries });
      let body: Buffer;
      if (format === 'html') body = Buffer.from(renderHtml(doc));
      else if (format === 'docx') body = await renderDocx(doc);
      else {
        const printer = await this.pdfPrinter();
        try {
          body = await printer.print(doc);
        } catch (error) {
          throw new SaferError(
            `the PDF could not be printed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
            { hint: 'try again; HTML and Word do not need Chromium' },
          );
        }
      }
      const fileName = `${fileSlug(a.area.name ?? a.area.code)}-strategic-assessment-${a.period.end}${edition === 'public' ? '-public' : ''}.${format}`;
      return { body, contentType: CONTENT_TYPES[format], fileName };
    });
  }

  /** The one-page monthly JAG brief of an Assessment (its period's last month); memoised like the reports. */
  brief(a: Assessment, format: BriefFormat, cleared: boolean): Promise<GeneratedReport> {
    const key = `brief|${a.area.code}|${a.period.end}|${cleared}|${format}`;
    return this.service.memoise(key, async () => {
      const brief = buildBrief(a, { edition: 'full', words: this.service.words });
      const body = await renderBrief(brief, format, format === 'pdf' ? await this.pdfPrinter() : undefined);
      return { body, contentType: BRIEF_CONTENT_TYPES[format], fileName: briefFileName(brief, format) };
    });
  }

  async close(): Promise<void> {
    const printer = this.printer;
    this.printer = null;
    if (printer) await (await printer.catch(() => null))?.close();
  }
}
