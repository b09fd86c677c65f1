import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Asserts that `svg` is one well-formed XML document with an <svg> root and returns it parsed. */
export function parseSvg(svg: string): Record<string, unknown> {
  const valid = XMLValidator.validate(svg);
  assert.equal(valid, true, `SVG is not well-formed XML: ${JSON.stringify(valid)}`);
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', preserveOrder: false }).parse(
    svg,
  ) as Record<string, unknown>;
  assert.ok(parsed['svg'], 'root element is <svg>');
  return parsed['svg'] as Record<string, unknown>;
}

/** Counts start tags `<name ` or `<name>` / `<name/>`. */
export function countElements(svg: string, name: string): number {
  return svg.match(new RegExp(`<${name}[\\s/>]`, 'g'))?.length ?? 0;
}

/** The hostile label used across the tests. */
export const HOSTILE = '<script>&"\'';

/** Asserts the raw hostile text never appears, only its escaped form. */
export function assertEscaped(svg: string): void {
  assert.ok(!svg.includes('<script'), 'no raw <script');
  assert.ok(svg.includes('&lt;script&gt;&amp;&quot;&apos;'), 'escaped form present');
}
