import { FONT, el, marker, text, textWidth, truncate } from './svg.ts';
import type { MarkerShape } from './palette.ts';

export type LegendItem =
  | { kind: 'line'; label: string; colour: string; dash: string; width: number; marker?: MarkerShape }
  | { kind: 'swatch'; label: string; fill: string; stroke?: string; strokeDash?: string; strokeWidth?: number };

const SAMPLE = 30;
const GAP = 6;
const SPACING = 18;
const ROW = FONT.legend + 8;

export interface LegendLayout {
  height: number;
  /** Markup with the first row's centre line at `y`. */
  render(y: number): string;
}

/** Lays items out left to right from `x`, wrapping within `width`. */
export function layoutLegend(items: readonly LegendItem[], x: number, width: number): LegendLayout {
  const placed: { item: LegendItem; label: string; dx: number; row: number }[] = [];
  let dx = 0;
  let row = 0;
  for (const item of items) {
    const label = truncate(item.label, width - SAMPLE - GAP, FONT.legend);
    const itemWidth = SAMPLE + GAP + textWidth(label, FONT.legend);
    if (dx > 0 && dx + itemWidth > width) {
      row += 1;
      dx = 0;
    }
    placed.push({ item, label, dx, row });
    dx += itemWidth + SPACING;
  }
  const rows = placed.length === 0 ? 0 : row + 1;
  return {
    height: rows * ROW,
    render: (y) =>
      el('g', { class: 'legend' }, placed.map((p) => legendEntry(p.item, p.label, x + p.dx, y + p.row * ROW)).join('')),
  };
}

function legendEntry(item: LegendItem, label: string, x: number, y: number): string {
  const sample =
    item.kind === 'line'
      ? el('line', {
          x1: x,
          y1: y,
          x2: x + SAMPLE,
          y2: y,
          stroke: item.colour,
          'stroke-width': item.width,
          'stroke-dasharray': item.dash || undefined,
        }) + (item.marker ? marker(item.marker, x + SAMPLE / 2, y, item.colour) : '')
      : el('rect', {
          x: x + 2,
          y: y - 6,
          width: SAMPLE - 4,
          height: 12,
          fill: item.fill,
          stroke: item.stroke,
          'stroke-width': item.strokeWidth ?? (item.stroke ? 1 : undefined),
          'stroke-dasharray': item.strokeDash,
        });
  return el(
    'g',
    { class: 'legend-item' },
    sample + text(x + SAMPLE + GAP, y, label, { dy: '0.35em', 'font-size': FONT.legend }),
  );
}
