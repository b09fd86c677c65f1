import type { ChartOutput } from '../render/charts/index.ts';

/**
 * The strategic assessment document as a format-neutral tree: built once from the Assessment
 * (and the partnership's own words), then rendered to HTML, Word and PDF by separate renderers,
 * so that every format says the same thing. All text is plain text: renderers escape it.
 */

/** A run of text; `strong` for emphasis, `href` for a link inside the document (#id) or out. */
export interface Run {
  text: string;
  strong?: boolean;
  href?: string;
}

export type Inline = string | Run;

export type CellValue = string | number | null;

export interface TableCell {
  value: CellValue;
  /** shown instead of the formatted value (e.g. "fewer than 5", "+12.3%") */
  display?: string;
  /** significance or risk mark, rendered as a badge/colour and always with text */
  tone?: 'up' | 'down' | 'neutral' | 'high' | 'medium' | 'low';
}

export type Block =
  | { type: 'heading'; level: 2 | 3 | 4; text: string; id: string }
  | { type: 'paragraph'; runs: Inline[] }
  | { type: 'list'; ordered?: boolean; items: Inline[][] }
  | {
      type: 'table';
      id: string;
      caption: string;
      head: string[];
      rows: TableCell[][];
      align?: ('left' | 'right')[];
      /** a line under the table: source, period, significance key */
      note?: string;
    }
  | { type: 'chart'; id: string; chart: ChartOutput; caption?: string; width?: number; height?: number }
  | { type: 'callout'; tone: 'info' | 'warning' | 'analyst'; title?: string; runs: Inline[] }
  | { type: 'keyFigures'; items: { label: string; value: string; note?: string; tone?: TableCell['tone'] }[] }
  | { type: 'pageBreak' };

export interface Section {
  /** stable id (anchors, config overrides, section order) */
  id: string;
  title: string;
  /** numbered heading level: 1 = chapter */
  level: 1 | 2;
  blocks: Block[];
  /** removed from the public edition */
  sensitive?: boolean;
  children?: Section[];
}

export interface ReportDocument {
  title: string;
  subtitle: string;
  area: { code: string; name: string };
  period: { label: string; start: string; end: string };
  edition: 'full' | 'public';
  /** Government Security Classification marking shown in headers and footers */
  marking: string;
  generatedAt: string;
  generator: string;
  sections: Section[];
}
