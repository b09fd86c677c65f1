import { escapeXml } from '../render/charts/index.ts';

/**
 * Markup that is already safe to send: built by `html` (which escapes every interpolated value) or
 * taken from a trusted renderer with `trusted` (the chart library's SVG, which escapes its own input).
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeXml(String(value));
}

/** Tagged template: every `${value}` is escaped unless it is SafeHtml (nested `html`); arrays are joined. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Markup from a renderer that escapes its own input (the chart SVGs). Never for request values. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

export function join(parts: readonly SafeHtml[], separator = ''): SafeHtml {
  return new SafeHtml(parts.map((p) => p.value).join(separator));
}

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
