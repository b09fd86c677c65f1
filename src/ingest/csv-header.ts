/** Splits one CSV header line into trimmed column names (quotes respected, BOM removed). */
export function parseCsvHeader(line: string, delimiter = ','): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  const text = line.replace(/^\uFEFF/, '');
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  out.push(current.trim());
  return out;
}

/** Header names compared loosely: case, spaces, underscores and punctuation ignored. */
export function normaliseHeader(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}
