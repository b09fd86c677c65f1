// The escape-by-default template is shared with the report (src/core/markup.ts).
export { html, join, SafeHtml, trusted, type HtmlValue } from '../core/markup.ts';

/** A URL path from fixed segments and values: each value is percent-encoded as one segment. */
export function path(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += encodeURIComponent(String(values[i]!)) + (strings[i + 1] ?? '');
  return out;
}

/** A query string from defined values, e.g. `?end=2025-09&measure=burglary` ('' when none). */
export function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
