import { escapeXml } from './escape.ts';

/**
 * Escape-by-default markup for every HTML output (the report, the PDF printed from it, the
 * dashboard): `html` escapes each interpolated value unless it is already `SafeHtml` — built by
 * `html` itself or marked with `trusted`.
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

/**
 * Markup from a renderer that escapes its own input (the chart SVGs, the report's CSS) or a tag
 * name chosen by the code. Never for text from a file or a request.
 */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

export function join(parts: readonly SafeHtml[], separator = ''): SafeHtml {
  return new SafeHtml(parts.map((p) => p.value).join(separator));
}
