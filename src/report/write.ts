import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FeatureCollection } from 'geojson';
import type { Assessment, AssessmentSet } from '../assess/schema.ts';
import type { ReportDocument } from './model.ts';
import type { AnalystWords } from './words.ts';
import { buildReport } from './build/index.ts';
import { renderHtml } from './html/index.ts';
import { buildCountySummary } from './county.ts';
import { PdfPrinter } from './pdf.ts';
import { renderDocx } from './docx/index.ts';
import { FORMATS, slug, type Format } from './formats.ts';
import { checklistMarkdown, reportChecklist, type ChecklistEntry } from './checklist.ts';

export { FORMATS, slug, type Format };

export interface WriteOptions {
  formats: readonly Format[];
  edition: 'full' | 'public';
  words: AnalystWords;
  out: string;
  /** one county summary too (with several districts) */
  summary?: boolean;
  say?: (text: string) => void;
  /** the config folder the words came from, named in the checklist */
  configDir?: string | null;
  /** further documents written after the others (the national summary of an --all csp run) */
  extraDocuments?: { doc: ReportDocument; base: string; area: string }[];
  /** the ward boundaries of a district's maps, read by the caller (assess/boundaries.ts); none: no maps */
  boundaries?: (a: Assessment) => Promise<FeatureCollection>;
}

export const CHECKLIST_FILE = 'checklist.md';

export interface WrittenFile {
  area: string;
  /** a document's format, or the analysts' checklist (checklist.md) */
  format: Format | 'checklist';
  path: string;
  ms: number;
}

/**
 * Every document of an AssessmentSet in the formats asked for: one per district (file names
 * `<code>-<name>-strategic-assessment[-public].<format>`), and the county summary when asked;
 * then the analysts' checklist (checklist.md: what the config folder does not supply, and where
 * to supply it), listed last. One Chromium serves every PDF.
 */
export async function writeReports(set: AssessmentSet, options: WriteOptions): Promise<WrittenFile[]> {
  const say = options.say ?? (() => {});
  const out = resolve(options.out);
  mkdirSync(out, { recursive: true });
  const suffix = options.edition === 'public' ? '-public' : '';
  const written: WrittenFile[] = [];
  const checklist: ChecklistEntry[] = [];
  const printer = options.formats.includes('pdf') ? await PdfPrinter.open() : null;
  try {
    const write = async (doc: ReportDocument, base: string, area: string) => {
      for (const format of options.formats) {
        const path = join(out, `${base}${suffix}.${format}`);
        const started = Date.now();
        if (format === 'html') writeFileSync(path, renderHtml(doc));
        else if (format === 'pdf') writeFileSync(path, await printer!.print(doc));
        // the contents carry their page numbers when opened, in Word and in LibreOffice (which does not update fields)
        else writeFileSync(path, await renderDocx(doc, { pageNumbers: true }));
        const ms = Date.now() - started;
        say(`  ${format} ${ms} ms`);
        written.push({ area, format, path, ms });
      }
    };
    for (const a of set.assessments) {
      say(`Writing ${a.area.name ?? a.area.code} (${a.area.code})…`);
      const boundaries = (await options.boundaries?.(a)) ?? { type: 'FeatureCollection', features: [] };
      const doc = buildReport(a, {
        edition: options.edition,
        words: options.words,
        ...(boundaries.features.length > 0 ? { boundaries } : {}),
      });
      await write(doc, `${a.area.code}-${slug(a.area.name ?? '')}-strategic-assessment`, a.area.code);
      checklist.push({
        area: a.area,
        period: a.period,
        items: reportChecklist(a, options.words, { boundaries: boundaries.features.length > 0 }),
      });
    }
    if (options.summary && set.assessments.length > 0) {
      say('Writing the county summary…');
      const doc = buildCountySummary(set, { edition: options.edition, words: options.words });
      await write(
        doc,
        `${set.group?.code ?? 'county'}-${slug(set.group?.name ?? '')}-community-safety-agreement`,
        set.group?.code ?? 'county',
      );
    }
    for (const extra of options.extraDocuments ?? []) {
      say(`Writing ${extra.doc.title}…`);
      await write(extra.doc, extra.base, extra.area);
    }
  } finally {
    await printer?.close();
  }
  if (checklist.length > 0) {
    const path = join(out, CHECKLIST_FILE);
    writeFileSync(path, checklistMarkdown(checklist, options.configDir ?? null));
    const count = checklist.reduce((n, e) => n + e.items.length, 0);
    say(
      `Checklist for the analysts: ${count === 0 ? 'nothing to do' : `${count} item${count === 1 ? '' : 's'}`} (${CHECKLIST_FILE})`,
    );
    written.push({ area: set.group?.code ?? set.assessments[0]!.area.code, format: 'checklist', path, ms: 0 });
  }
  return written;
}
