import { AlignmentType, LevelFormat, LineRuleType } from 'docx';
import type { INumberingOptions, IStylesOptions } from 'docx';

/**
 * The Word styles of the report. Everything is formatted through named styles (not direct
 * formatting) so that analysts can restyle the document in Word or LibreOffice in one place.
 */

export const FONT = 'Arial';

/** Colours (hex without #): dark enough for AA contrast on white and in greyscale print. */
export const COLOUR = {
  text: '1A1A1A',
  heading: '12355B',
  muted: '404040',
  rule: '8C8C8C',
  headerFill: 'E3E9F0',
  tileFill: 'F2F2F2',
} as const;

/** A4 in twentieths of a point (twips), with 2 cm side and 2.5 cm top/bottom margins. */
export const PAGE = {
  width: 11906,
  height: 16838,
  marginSide: 1134,
  marginTopBottom: 1418,
  headerFooter: 567,
} as const;

export const TEXT_WIDTH_TWIPS = PAGE.width - 2 * PAGE.marginSide;
/** The text width in CSS pixels (96 per inch, 1440 twips per inch): images are sized in these. */
export const TEXT_WIDTH_PX = Math.floor((TEXT_WIDTH_TWIPS / 1440) * 96);
/** Tallest a chart may be shown: most of the text height, leaving room for its caption. */
export const MAX_IMAGE_HEIGHT_PX = Math.floor(((PAGE.height - 2 * PAGE.marginTopBottom) / 1440) * 96 * 0.8);

export const STYLE = {
  subtitle: 'Subtitle',
  coverDetail: 'CoverDetail',
  contentsHeading: 'TOCHeading',
  caption: 'Caption',
  figure: 'Figure',
  tableText: 'TableText',
  tableNote: 'TableNote',
  calloutTitle: 'CalloutTitle',
  keyFigureLabel: 'KeyFigureLabel',
  keyFigureValue: 'KeyFigureValue',
  header: 'Header',
  footer: 'Footer',
  table: 'SaferTable',
} as const;

export const NUMBERING = { bullets: 'safer-bullets', numbers: 'safer-numbers', headings: 'safer-headings' } as const;

const pt = (points: number) => points * 2; // run sizes are in half-points

function heading(size: number, outlineLevel: number, before: number) {
  return {
    run: { font: FONT, size: pt(size), bold: true, color: COLOUR.heading },
    paragraph: { keepNext: true, keepLines: true, outlineLevel, spacing: { before, after: 120 } },
  };
}

/**
 * Styles docx cannot describe, written as WordprocessingML and given to docx as "external"
 * styles (docx's own defaults and the styles below take precedence by id): Heading 1, so that
 * each chapter starts a page through its style, and a table style with borders, cell margins
 * (the header row is formatted directly: docx's page layout cannot follow a style's conditional formatting).
 */
export const EXTERNAL_STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:styleId="Heading1">
  <w:name w:val="heading 1"/>
  <w:basedOn w:val="Normal"/>
  <w:next w:val="Normal"/>
  <w:uiPriority w:val="9"/>
  <w:qFormat/>
  <w:pPr><w:keepNext/><w:keepLines/><w:pageBreakBefore/><w:spacing w:before="0" w:after="240"/><w:outlineLvl w:val="0"/></w:pPr>
  <w:rPr><w:rFonts w:ascii="${FONT}" w:hAnsi="${FONT}" w:cs="${FONT}"/><w:b/><w:bCs/><w:color w:val="${COLOUR.heading}"/><w:sz w:val="${pt(18)}"/><w:szCs w:val="${pt(18)}"/></w:rPr>
</w:style>
<w:style w:type="table" w:styleId="${STYLE.table}">
  <w:name w:val="Safer Table"/>
  <w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="59"/>
  <w:qFormat/>
  <w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:tblPr>
    <w:tblBorders>
      <w:top w:val="single" w:sz="8" w:space="0" w:color="${COLOUR.muted}"/>
      <w:bottom w:val="single" w:sz="8" w:space="0" w:color="${COLOUR.muted}"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>
    </w:tblBorders>
    <w:tblCellMar>
      <w:top w:w="45" w:type="dxa"/>
      <w:left w:w="85" w:type="dxa"/>
      <w:bottom w:w="45" w:type="dxa"/>
      <w:right w:w="85" w:type="dxa"/>
    </w:tblCellMar>
  </w:tblPr>
</w:style>
</w:styles>`;

export function reportStyles(): IStylesOptions {
  return {
    default: {
      document: {
        run: { font: FONT, size: pt(11), color: COLOUR.text, language: { value: 'en-GB' } },
        paragraph: { spacing: { after: 140, line: 264, lineRule: LineRuleType.AUTO } },
      },
      title: {
        run: { font: FONT, size: pt(30), bold: true, color: COLOUR.heading },
        paragraph: { spacing: { before: 2400, after: 240 } },
      },
      heading2: heading(14, 1, 300),
      heading3: heading(12, 2, 240),
      heading4: {
        ...heading(11, 3, 200),
        run: { font: FONT, size: pt(11), bold: true, italics: true, color: COLOUR.heading },
      },
      listParagraph: { paragraph: { spacing: { after: 60 } } },
      caption: {
        run: { font: FONT, size: pt(9.5), bold: true, color: COLOUR.muted },
        paragraph: { keepLines: true, spacing: { before: 80, after: 200 } },
      },
    },
    paragraphStyles: [
      {
        id: STYLE.subtitle,
        name: 'Subtitle',
        basedOn: 'Normal',
        next: 'Normal',
        quickFormat: true,
        run: { size: pt(18), color: COLOUR.heading },
        paragraph: { spacing: { after: 480 } },
      },
      {
        id: STYLE.coverDetail,
        name: 'Cover Detail',
        basedOn: 'Normal',
        run: { size: pt(13) },
        paragraph: { spacing: { after: 120 } },
      },
      {
        id: STYLE.contentsHeading,
        name: 'TOC Heading',
        basedOn: 'Normal',
        next: 'Normal',
        run: { size: pt(18), bold: true, color: COLOUR.heading },
        paragraph: { keepNext: true, spacing: { after: 240 } },
      },
      {
        id: STYLE.figure,
        name: 'Figure',
        basedOn: 'Normal',
        next: STYLE.caption,
        paragraph: {
          alignment: AlignmentType.CENTER,
          keepNext: true,
          keepLines: true,
          spacing: { before: 120, after: 0 },
        },
      },
      {
        id: STYLE.tableText,
        name: 'Table Text',
        basedOn: 'Normal',
        run: { size: pt(9.5) },
        paragraph: { spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO } },
      },
      {
        id: STYLE.tableNote,
        name: 'Table Note',
        basedOn: 'Normal',
        next: 'Normal',
        run: { size: pt(9), color: COLOUR.muted },
        paragraph: { keepLines: true, spacing: { before: 0, after: 240 } },
      },
      {
        id: STYLE.calloutTitle,
        name: 'Callout Title',
        basedOn: 'Normal',
        next: 'Normal',
        run: { bold: true, color: COLOUR.heading },
        paragraph: { keepNext: true, spacing: { after: 60 } },
      },
      {
        id: STYLE.keyFigureLabel,
        name: 'Key Figure Label',
        basedOn: STYLE.tableText,
        run: { size: pt(9), color: COLOUR.muted },
      },
      {
        id: STYLE.keyFigureValue,
        name: 'Key Figure Value',
        basedOn: STYLE.tableText,
        run: { size: pt(18), bold: true, color: COLOUR.heading },
        paragraph: { spacing: { before: 40, after: 40 } },
      },
      {
        id: STYLE.header,
        name: 'header',
        basedOn: 'Normal',
        run: { size: pt(9), color: COLOUR.muted },
        paragraph: { spacing: { after: 0 }, rightTabStop: TEXT_WIDTH_TWIPS },
      },
      {
        id: STYLE.footer,
        name: 'footer',
        basedOn: 'Normal',
        run: { size: pt(9), color: COLOUR.muted },
        paragraph: { spacing: { after: 0 }, rightTabStop: TEXT_WIDTH_TWIPS },
      },
    ],
  };
}

/**
 * Bulleted and numbered lists (each numbered list restarts at 1 through its own `instance`),
 * and the section numbers of the headings ("2", "2.3"), hung in a 1.5 cm margin.
 */
export function reportNumbering(): INumberingOptions {
  const indent = (level: number) => ({ paragraph: { indent: { left: 360 * (level + 1), hanging: 360 } } });
  const hung = { paragraph: { indent: { left: 851, hanging: 851 } } };
  return {
    config: [
      {
        reference: NUMBERING.headings,
        levels: [
          { level: 0, format: LevelFormat.DECIMAL, text: '%1', alignment: AlignmentType.LEFT, style: hung },
          { level: 1, format: LevelFormat.DECIMAL, text: '%1.%2', alignment: AlignmentType.LEFT, style: hung },
        ],
      },
      {
        reference: NUMBERING.bullets,
        levels: [
          { level: 0, format: LevelFormat.BULLET, text: '\u2022', alignment: AlignmentType.LEFT, style: indent(0) },
          { level: 1, format: LevelFormat.BULLET, text: '\u2013', alignment: AlignmentType.LEFT, style: indent(1) },
        ],
      },
      {
        reference: NUMBERING.numbers,
        levels: [
          { level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT, style: indent(0) },
          { level: 1, format: LevelFormat.LOWER_LETTER, text: '%2)', alignment: AlignmentType.LEFT, style: indent(1) },
        ],
      },
    ],
  };
}
