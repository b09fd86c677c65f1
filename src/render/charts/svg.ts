import {
  symbol,
  symbolCircle,
  symbolCross,
  symbolDiamond,
  symbolSquare,
  symbolStar,
  symbolTriangle,
  symbolWye,
} from 'd3-shape';
import type { SymbolType } from 'd3-shape';
import { escapeXml } from '../../core/escape.ts';
import { INK } from './palette.ts';
import type { MarkerShape } from './palette.ts';

/** System sans-serif stack: what the browser, Chromium's PDF and a PNG rasteriser all have. */
export const FONT_FAMILY =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif";

/** Font sizes in px at the default 640px width (all at least 11px so print stays legible). */
export const FONT = { title: 16, label: 12, tick: 11, legend: 12 } as const;

export const PAD = 12;

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

type AttrValue = string | number | undefined | null | false;

/** Serialises attributes, escaping every value and dropping undefined/null/false ones. */
export function attrs(values: Record<string, AttrValue>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined && v !== null && v !== false)
    .map(([k, v]) => ` ${k}="${escapeXml(typeof v === 'number' ? round(v) : v)}"`)
    .join('');
}

/** One element; `children` must already be markup (escape text with `escapeXml`). */
export function el(name: string, attributes: Record<string, AttrValue>, children?: string): string {
  return children === undefined
    ? `<${name}${attrs(attributes)}/>`
    : `<${name}${attrs(attributes)}>${children}</${name}>`;
}

/** A text element with escaped content. */
export function text(x: number, y: number, content: string, attributes: Record<string, AttrValue> = {}): string {
  return el('text', { x, y, ...attributes }, escapeXml(content));
}

/** Rounds coordinates to 0.01px: enough for print, keeps the markup small. */
export function round(n: number): number {
  return Math.round(n * 100) / 100;
}

const NARROW = new Set([..."ijlftrI.,:;!|'()[] "]);
const WIDE = new Set([...'mwMW@%']);

/**
 * Estimated rendered width of `s` in a sans-serif font, slightly generous, used only for layout
 * (wrapping, margins, legend flow) because there is no DOM to measure text on the server.
 */
export function textWidth(s: string, size: number, bold = false): number {
  let units = 0;
  for (const c of s) {
    if (NARROW.has(c)) units += 0.34;
    else if (WIDE.has(c)) units += 0.92;
    else if (c >= 'A' && c <= 'Z') units += 0.72;
    else units += 0.62;
  }
  // Sized for DejaVu Sans (Linux's usual sans-serif), wider than Arial or Segoe UI.
  return units * size * (bold ? 1.1 : 1);
}

/** Splits text into at most `maxLines` lines of `maxWidth`; the last kept line ends in "…" if cut. */
export function wrapText(s: string, maxWidth: number, size: number, maxLines: number, bold = false): string[] {
  const words = s.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current ? `${current} ${word}` : word;
    if (textWidth(candidate, size, bold) <= maxWidth || !current) {
      current = candidate;
    } else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  const kept = lines.slice(0, maxLines).map((line) => truncate(line, maxWidth, size, bold));
  if (lines.length > maxLines) kept[maxLines - 1] = truncate(`${kept[maxLines - 1]}…`, maxWidth, size, bold, true);
  return kept;
}

/** Shortens a single line to fit `maxWidth`, ending in "…". */
export function truncate(s: string, maxWidth: number, size: number, bold = false, forceEllipsis = false): string {
  if (textWidth(s, size, bold) <= maxWidth && !forceEllipsis) return s;
  let cut = s.replace(/…$/, '');
  while (cut.length > 1 && textWidth(`${cut}…`, size, bold) > maxWidth) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** Deterministic id prefix so that several charts inline in one HTML page do not share ids. */
export function idPrefix(kind: string, title: string, override?: string): string {
  if (override !== undefined) {
    const clean = override.replace(/[^A-Za-z0-9_-]/g, '');
    return /^[A-Za-z]/.test(clean) ? clean : `c${clean}`;
  }
  let h = 0x811c9dc5;
  for (const c of `${kind}\u0000${title}`) {
    h ^= c.codePointAt(0) as number;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${kind}-${h.toString(36)}`;
}

export interface DocumentParts {
  width: number;
  height: number;
  id: string;
  title: string;
  alt: string;
  defs?: string;
  body: string;
}

/**
 * The root element: fixed width/height plus a viewBox so it scales, role="img" with the title and
 * description (alt text) as its accessible name, white background for PNG export.
 */
export function svgDocument(parts: DocumentParts): string {
  const { width, height, id } = parts;
  return (
    el(
      'svg',
      {
        xmlns: 'http://www.w3.org/2000/svg',
        width,
        height,
        viewBox: `0 0 ${round(width)} ${round(height)}`,
        role: 'img',
        'aria-labelledby': `${id}-title ${id}-desc`,
        'font-family': FONT_FAMILY,
        'font-size': FONT.tick,
        fill: INK.text,
      },
      el('title', { id: `${id}-title` }, escapeXml(parts.title)) +
        el('desc', { id: `${id}-desc` }, escapeXml(parts.alt)) +
        (parts.defs ? el('defs', {}, parts.defs) : '') +
        el('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }) +
        parts.body,
    ) + '\n'
  );
}

/** The visible title, wrapped onto at most two lines; returns where the content may start. */
export function titleBlock(title: string, width: number): { markup: string; bottom: number } {
  const lines = wrapText(title, width - 2 * PAD, FONT.title, 2, true);
  const lineHeight = FONT.title * 1.25;
  const markup = lines
    .map((line, i) =>
      text(PAD, PAD + FONT.title + i * lineHeight, line, { 'font-size': FONT.title, 'font-weight': 'bold' }),
    )
    .join('');
  return { markup, bottom: PAD + FONT.title + (lines.length - 1) * lineHeight + 6 };
}

/** A diagonal hatch fill: `background` crossed by thin `stroke` lines. */
export function hatchPattern(id: string, background: string, stroke: string, spacing = 6, strokeWidth = 1): string {
  return el(
    'pattern',
    { id, width: spacing, height: spacing, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
    el('rect', { width: spacing, height: spacing, fill: background }) +
      el('line', { x1: 0, y1: 0, x2: 0, y2: spacing, stroke, 'stroke-width': strokeWidth }),
  );
}

const SYMBOLS: Record<MarkerShape, SymbolType> = {
  circle: symbolCircle,
  square: symbolSquare,
  triangle: symbolTriangle,
  diamond: symbolDiamond,
  cross: symbolCross,
  wye: symbolWye,
  star: symbolStar,
};

/** A marker centred on (x, y), filled with `colour` and outlined in white so it stands off lines. */
export function marker(shape: MarkerShape, x: number, y: number, colour: string, size = 7): string {
  const d = symbol(SYMBOLS[shape], size * size)() ?? '';
  return el('path', {
    d: compactPath(d),
    transform: `translate(${round(x)},${round(y)})`,
    fill: colour,
    stroke: '#ffffff',
    'stroke-width': 0.8,
  });
}

/** Rounds every number in a path string to 0.01. */
export function compactPath(d: string): string {
  return d.replace(/-?\d*\.\d+(?:e-?\d+)?/g, (n) => String(round(Number(n))));
}
