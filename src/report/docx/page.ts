import {
  AlignmentType,
  BorderStyle,
  Footer,
  Header,
  HeadingLevel,
  PageNumber,
  Paragraph,
  TableOfContents,
  TextRun,
} from 'docx';
import type { ReportDocument } from '../model.ts';
import { COLOUR, STYLE } from './styles.ts';
import { clean, ukDate } from './text.ts';

/** The title page: title, subtitle, area, period, edition, when and by what it was produced. */
export function coverPage(doc: ReportDocument): Paragraph[] {
  const area =
    clean(doc.area.name) + (doc.area.code && doc.area.code !== doc.area.name ? ` (${clean(doc.area.code)})` : '');
  const lines = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(clean(doc.title))] }),
    new Paragraph({ style: STYLE.subtitle, children: [new TextRun(clean(doc.subtitle))] }),
    new Paragraph({ style: STYLE.coverDetail, children: [new TextRun({ text: area, bold: true })] }),
    new Paragraph({ style: STYLE.coverDetail, children: [new TextRun(clean(doc.period.label))] }),
  ];
  if (doc.edition === 'public') {
    lines.push(
      new Paragraph({
        style: STYLE.coverDetail,
        children: [new TextRun('Public edition: small numbers are suppressed and sensitive sections removed.')],
      }),
    );
  }
  lines.push(
    new Paragraph({
      style: STYLE.coverDetail,
      spacing: { before: 480 },
      border: {
        top: { style: BorderStyle.SINGLE, size: 6, color: COLOUR.rule, space: 8 },
        bottom: { style: BorderStyle.SINGLE, size: 6, color: COLOUR.rule, space: 8 },
      },
      children: [new TextRun({ text: clean(doc.marking), bold: true })],
    }),
    new Paragraph({
      style: STYLE.coverDetail,
      spacing: { before: 240 },
      children: [
        new TextRun({
          text: `Produced on ${ukDate(doc.generatedAt)} by ${clean(doc.generator)}.`,
          size: 20,
          color: COLOUR.muted,
        }),
      ],
    }),
  );
  return lines;
}

/**
 * "Contents" and a TOC field over Heading 1 to `levels`. docx fills it with the headings (linked) so it is
 * never empty; the page numbers are filled in when Word updates the fields on opening.
 */
export function contents(levels: number): (Paragraph | TableOfContents)[] {
  return [
    new Paragraph({ style: STYLE.contentsHeading, pageBreakBefore: true, children: [new TextRun('Contents')] }),
    new TableOfContents('Contents', { hyperlink: true, headingStyleRange: `1-${levels}` }),
  ];
}

function markingParagraph(doc: ReportDocument): Paragraph {
  return new Paragraph({
    style: STYLE.header,
    alignment: AlignmentType.CENTER,
    children: [new TextRun({ text: clean(doc.marking), bold: true, color: COLOUR.text })],
  });
}

/** The running head, worded as the HTML report's printed pages word it. */
export function runningText(doc: ReportDocument): string {
  return clean(
    `${doc.area.name}: strategic assessment, ${doc.period.label}${doc.edition === 'public' ? ' (public edition)' : ''}`,
  );
}

export function pageHeaders(doc: ReportDocument): { default: Header; first: Header } {
  const running = new Paragraph({
    style: STYLE.header,
    border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: COLOUR.rule, space: 4 } },
    children: [new TextRun(runningText(doc))],
  });
  return {
    default: new Header({ children: [markingParagraph(doc), running] }),
    first: new Header({ children: [markingParagraph(doc)] }),
  };
}

export function pageFooters(doc: ReportDocument): { default: Footer; first: Footer } {
  const numbered = new Paragraph({
    style: STYLE.footer,
    children: [
      new TextRun({ text: clean(doc.marking), bold: true, color: COLOUR.text }),
      new TextRun({ children: ['\tPage ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] }),
    ],
  });
  return { default: new Footer({ children: [numbered] }), first: new Footer({ children: [markingParagraph(doc)] }) };
}
