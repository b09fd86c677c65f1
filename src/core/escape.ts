/** Characters XML 1.0 forbids even when escaped (C0 controls except tab/LF/CR, U+FFFE, U+FFFF). */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Escapes text for XML content and attribute values (SVG, HTML). Characters that cannot appear in
 * XML at all become U+FFFD so that a stray control byte in a ward name cannot break the document.
 */
export function escapeXml(value: unknown): string {
  return String(value ?? '')
    .replace(FORBIDDEN, '\uFFFD')
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
