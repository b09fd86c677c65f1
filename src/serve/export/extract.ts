/**
 * Tables and charts read back out of a dashboard page's own markup, so that every table and chart
 * the page shows can be exported exactly as shown, without each page repeating its figures for the
 * export. The markup is the dashboard's own (src/serve/pages/components.ts: `dataTable`,
 * `chartFigure`), built with the escaping `html` template, so its shape is known: this is not a
 * general HTML parser and never sees markup from anywhere else.
 */
import type { ChartData } from '../../render/charts/index.ts';

export interface ExportTable {
  title: string;
  columns: string[];
  rows: (string | number | null)[][];
  /** per column: 'percent' when every number in it was shown as a percentage */
  kinds: ('text' | 'number' | 'percent')[];
}

export interface ExportChart {
  title: string;
  svg: string;
  data: ChartData | null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function textOf(markup: string): string {
  const withoutSvg = markup
    .replace(/<svg[\s\S]*?<\/svg>/g, ' ')
    .replace(/<span class="sr-only">[\s\S]*?<\/span>/g, ' ');
  return decodeEntities(withoutSvg.replace(/<br\s*\/?>/g, ' ').replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The part of a cell shown on its first line, and the detail under it (`<span class="sub">`, nested spans allowed). */
function splitCell(markup: string): { main: string; sub: string } {
  const subs: string[] = [];
  let main = '';
  let at = 0;
  for (;;) {
    const open = markup.indexOf('<span class="sub">', at);
    if (open < 0) break;
    main += markup.slice(at, open);
    let depth = 0;
    let end = markup.length;
    const tags = /<span\b|<\/span>/g;
    tags.lastIndex = open;
    for (let m = tags.exec(markup); m; m = tags.exec(markup)) {
      depth += m[0] === '</span>' ? -1 : 1;
      if (depth === 0) {
        end = m.index + m[0].length;
        break;
      }
    }
    subs.push(textOf(markup.slice(open, end)));
    at = end;
  }
  main += markup.slice(at);
  return { main: textOf(main), sub: subs.filter(Boolean).join('; ') };
}

const NUMBER = /^([+\-\u2212]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(%?)$/;

/** "4,759" → 4759, "+4.6%" → 4.6 (percent), "−3.1%" → −3.1; anything else stays text. */
export function numberOf(text: string): { value: number; percent: boolean } | null {
  const m = NUMBER.exec(text.trim());
  if (!m) return null;
  const value = Number(`${m[1] === '' || m[1] === '+' ? '' : '-'}${m[2]!.replaceAll(',', '')}${m[3] ?? ''}`);
  return Number.isFinite(value) ? { value, percent: m[4] === '%' } : null;
}

function findElement(page: string, tag: 'table' | 'figure', id: string): { start: number; end: number } | null {
  const open = new RegExp(`<${tag}\\b[^>]*\\sid="${id.replace(/[^A-Za-z0-9_-]/g, '')}"[^>]*>`);
  const m = open.exec(page);
  if (!m) return null;
  const close = page.indexOf(`</${tag}>`, m.index);
  return close < 0 ? null : { start: m.index, end: close + tag.length + 3 };
}

/** The ids of the tables and charts a page offers for export, in page order. */
export function exportables(page: string): {
  tables: { id: string; title: string }[];
  charts: { id: string; title: string }[];
} {
  const tables = [...page.matchAll(/<table\b[^>]*\sid="([A-Za-z0-9_-]+)"[^>]*>/g)].map((m) => ({
    id: m[1]!,
    title: extractTable(page, m[1]!)?.title ?? m[1]!,
  }));
  const charts = [...page.matchAll(/<figure class="chart[^"]*" id="([A-Za-z0-9_-]+)"/g)].map((m) => ({
    id: m[1]!,
    title: extractChart(page, m[1]!)?.title ?? m[1]!,
  }));
  return { tables, charts };
}

/**
 * A table of the page as rows of values: a cell's first line becomes a number when it reads as one
 * ("4,759", "+4.6%"), its detail line (`.sub`) goes into a column of its own named
 * "<column> (detail)", and columns holding only pictures (sparklines) are left out.
 */
export function extractTable(page: string, id: string): ExportTable | null {
  const where = findElement(page, 'table', id);
  if (!where) return null;
  const markup = page.slice(where.start, where.end);
  const caption = /<caption>([\s\S]*?)<\/caption>/.exec(markup);
  const head = [...(/<thead>([\s\S]*?)<\/thead>/.exec(markup)?.[1] ?? '').matchAll(/<th\b[^>]*>([\s\S]*?)<\/th>/g)].map(
    (m) => textOf(m[1]!),
  );
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(markup)?.[1] ?? '';
  const cells = [...body.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...r[1]!.matchAll(/<td\b[^>]*>([\s\S]*?)<\/td>/g)].map((c) => splitCell(c[1]!)),
  );
  const width = Math.max(head.length, ...cells.map((r) => r.length));
  const columns: string[] = [];
  const kinds: ExportTable['kinds'] = [];
  const pickers: ((row: { main: string; sub: string }[]) => string | number | null)[] = [];
  for (let i = 0; i < width; i++) {
    const name = head[i] || `Column ${i + 1}`;
    const mains = cells.map((r) => r[i]?.main ?? '');
    const hasSub = cells.some((r) => (r[i]?.sub ?? '') !== '');
    if (mains.every((t) => t === '') && !hasSub) continue;
    const parsed = mains.map((t) => (t === '' ? null : numberOf(t)));
    const numeric =
      mains.every((t, k) => t === '' || t === 'n/a' || parsed[k] !== null) && parsed.some((p) => p !== null);
    const percent = numeric && parsed.every((p) => p === null || p.percent);
    columns.push(percent ? `${name} (%)` : name);
    kinds.push(numeric ? (percent ? 'percent' : 'number') : 'text');
    pickers.push((row) => {
      const text = row[i]?.main ?? '';
      if (text === '') return null;
      if (numeric) return numberOf(text)?.value ?? text;
      return text;
    });
    if (hasSub) {
      columns.push(`${name} (detail)`);
      kinds.push('text');
      pickers.push((row) => row[i]?.sub || null);
    }
  }
  return {
    title: caption ? textOf(caption[1]!) : id,
    columns,
    rows: cells.map((r) => pickers.map((p) => p(r))),
    kinds,
  };
}

/** A chart of the page: its standalone SVG and the figures it was drawn from. */
export function extractChart(page: string, id: string): ExportChart | null {
  const where = findElement(page, 'figure', id);
  if (!where) return null;
  const markup = page.slice(where.start, where.end);
  const svg = /<svg[\s\S]*<\/svg>/.exec(markup)?.[0];
  if (!svg) return null;
  const title = decodeEntities(/<title[^>]*>([\s\S]*?)<\/title>/.exec(svg)?.[1] ?? id);
  const raw = /<figure[^>]*\sdata-chart="([^"]*)"/.exec(markup)?.[1];
  let data: ChartData | null = null;
  if (raw) data = JSON.parse(decodeEntities(raw)) as ChartData;
  const standalone = svg.includes('xmlns=') ? svg : svg.replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"');
  return { title, svg: `<?xml version="1.0" encoding="UTF-8"?>\n${standalone}\n`, data };
}
