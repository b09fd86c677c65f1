import { SaferError } from '../../core/errors.ts';
import { valueAxis } from './axes.ts';
import { escapeXml } from '../../core/escape.ts';
import { decimalsFor, formatNumber } from './format.ts';
import { INK, OKABE_ITO } from './palette.ts';
import { FONT, PAD, el, idPrefix, svgDocument, text, textWidth, titleBlock, truncate } from './svg.ts';
import type { ChartOutput } from './types.ts';
import { checkSize, checkValue } from './validate.ts';

export interface BarRow {
  label: string;
  value: number;
  /** Shown after the value at the bar end, e.g. "+12%". */
  note?: string;
}

export interface BarChartInput {
  title: string;
  /** Axis title with units, e.g. "Crimes, Oct 2023 to Sep 2024". */
  xLabel: string;
  /** Drawn top to bottom in the order given. */
  rows: BarRow[];
  /** Labels of rows to emphasise (darker bar, bold label). */
  highlight?: string[];
  /** Decimals for value labels; default from the values (0 for counts). */
  decimals?: number;
  width?: number;
  /** Default grows with the number of rows. */
  height?: number;
  id?: string;
}

const BAR_FILL = OKABE_ITO.skyBlue;
const HIGHLIGHT_FILL = OKABE_ITO.vermillion;
const ROW_HEIGHT = 26;
const AXIS_HEIGHT = 6 + FONT.tick + 8 + FONT.label + 8;

/** Horizontal bars with value labels at the bar ends (breakdowns, top-N wards). */
export function barChart(input: BarChartInput): ChartOutput {
  if (!Array.isArray(input.rows) || input.rows.length === 0) {
    throw new SaferError('A bar chart needs at least one row', { column: 'rows' });
  }
  input.rows.forEach((r, i) => checkValue(r.value, `rows ${i + 1} ("${r.label}") value`, false));
  const width = checkSize(input.width, 640, 'width', 240);
  const head = titleBlock(input.title, width);
  const top = head.bottom + 10;
  const height = checkSize(
    input.height,
    Math.ceil(top + input.rows.length * ROW_HEIGHT + AXIS_HEIGHT + PAD),
    'height',
    120,
  );
  const bottom = height - PAD - AXIS_HEIGHT;
  const rowHeight = (bottom - top) / input.rows.length;
  if (rowHeight < 12) {
    throw new SaferError('Bar chart height is too small for its rows', {
      column: 'height',
      value: String(height),
      hint: 'Give a larger height or fewer rows.',
    });
  }
  const id = idPrefix('bar', input.title, input.id);
  const highlight = new Set(input.highlight ?? []);
  const decimals = input.decimals ?? decimalsFor(input.rows.map((r) => r.value));
  const valueText = (r: BarRow) => formatNumber(r.value, decimals) + (r.note ? `  ${r.note}` : '');
  const labelSize = rowHeight >= 18 ? FONT.label : FONT.tick;

  const labelColumn = Math.min(
    width * 0.4,
    Math.max(...input.rows.map((r) => textWidth(r.label, labelSize, highlight.has(r.label)))),
  );
  const reservePos =
    Math.max(0, ...input.rows.filter((r) => r.value >= 0).map((r) => textWidth(valueText(r), FONT.tick))) + 8;
  const reserveNeg = input.rows.some((r) => r.value < 0)
    ? Math.max(...input.rows.filter((r) => r.value < 0).map((r) => textWidth(valueText(r), FONT.tick))) + 8
    : 0;
  const plotLeft = PAD + labelColumn + 8;
  const plotRight = width - PAD;
  const values = input.rows.map((r) => r.value);
  const axis = valueAxis(
    values,
    [plotLeft + reserveNeg, plotRight - reservePos],
    true,
    Math.max(2, Math.floor((plotRight - plotLeft) / 90)),
  );
  const x = (v: number) => axis.scale(v);
  const zero = x(0);
  const barHeight = Math.min(20, rowHeight * 0.7);

  const grid = axis.ticks
    .map(
      (t) =>
        el('line', { x1: x(t), x2: x(t), y1: top, y2: bottom, stroke: t === 0 ? INK.axis : INK.grid }) +
        text(x(t), bottom + 6, axis.format(t), {
          'text-anchor': 'middle',
          dy: '0.71em',
          'font-size': FONT.tick,
          fill: INK.muted,
        }),
    )
    .join('');
  const xTitle = text((plotLeft + plotRight) / 2, bottom + 6 + FONT.tick + 8, input.xLabel, {
    'text-anchor': 'middle',
    dy: '0.71em',
    'font-size': FONT.label,
  });

  const rows = input.rows
    .map((r, i) => {
      const cy = top + (i + 0.5) * rowHeight;
      const end = x(r.value);
      const isHighlight = highlight.has(r.label);
      const negative = r.value < 0;
      return el(
        'g',
        { class: isHighlight ? 'row row-highlight' : 'row', 'data-label': r.label, 'data-value': r.value },
        el('title', {}, escapeXml(`${r.label}: ${valueText(r)}`)) +
          text(PAD + labelColumn, cy, truncate(r.label, labelColumn, labelSize, isHighlight), {
            'text-anchor': 'end',
            dy: '0.32em',
            'font-size': labelSize,
            'font-weight': isHighlight ? 'bold' : undefined,
          }) +
          el('rect', {
            x: Math.min(zero, end),
            y: cy - barHeight / 2,
            width: Math.abs(end - zero),
            height: barHeight,
            fill: isHighlight ? HIGHLIGHT_FILL : BAR_FILL,
            stroke: isHighlight ? INK.text : undefined,
            'stroke-width': isHighlight ? 1 : undefined,
          }) +
          text(negative ? end - 4 : end + 4, cy, valueText(r), {
            'text-anchor': negative ? 'end' : 'start',
            dy: '0.32em',
            'font-size': FONT.tick,
            'font-weight': isHighlight ? 'bold' : undefined,
          }),
      );
    })
    .join('');

  const alt = barAlt(input, decimals);
  const svg = svgDocument({
    width,
    height,
    id,
    title: input.title,
    alt,
    body: head.markup + el('g', { class: 'axis axis-x' }, grid + xTitle) + el('g', { class: 'rows' }, rows),
  });
  const noted = input.rows.some((r) => r.note !== undefined);
  const data = {
    columns: ['Label', input.xLabel, ...(noted ? ['Note'] : [])],
    rows: input.rows.map((r) => [r.label, r.value, ...(noted ? [r.note ?? null] : [])]),
  };
  return { svg, alt, title: input.title, data };
}

function barAlt(input: BarChartInput, decimals: number): string {
  const n = (v: number) => formatNumber(v, decimals);
  const describe = (r: BarRow) => `${r.label} ${n(r.value)}${r.note ? ` (${r.note})` : ''}`;
  const shown = input.rows.slice(0, 5).map(describe).join('; ');
  const more = input.rows.length > 5 ? `; and ${input.rows.length - 5} more` : '';
  const highlighted = (input.highlight ?? []).filter((h) => input.rows.some((r) => r.label === h));
  return (
    `Bar chart: ${input.title}. ${input.xLabel}, ${input.rows.length} ${input.rows.length === 1 ? 'bar' : 'bars'}: ${shown}${more}.` +
    (highlighted.length ? ` Highlighted: ${highlighted.join(', ')}.` : '')
  );
}
