/** Where in a file a problem was found. Lines and columns are 1-based. */
export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: number | string;
  value?: string;
}

/**
 * An error the user can act on: what was wrong, where, the offending value and what to do.
 * The CLI prints `format()` and hides the stack unless --debug is given.
 */
export class SaferError extends Error {
  readonly location: ErrorLocation;
  readonly hint: string | undefined;
  readonly code: string;

  constructor(message: string, options: ErrorLocation & { hint?: string; code?: string } = {}) {
    super(message);
    this.name = 'SaferError';
    const { hint, code, ...location } = options;
    this.location = location;
    this.hint = hint;
    this.code = code ?? 'E_INPUT';
  }

  format(): string {
    const { file, line, column, value } = this.location;
    const where = [file, line, typeof column === 'number' ? column : undefined]
      .filter((p) => p !== undefined)
      .join(':');
    const columnName = typeof column === 'string' ? ` column "${column}"` : '';
    const shown = value !== undefined ? ` (value ${JSON.stringify(truncate(value, 80))})` : '';
    const head = where ? `${where}:${columnName} ` : columnName ? `${columnName.trim()}: ` : '';
    return `${head}${this.message}${shown}${this.hint ? `\n  → ${this.hint}` : ''}`;
  }

  toJSON(): Record<string, unknown> {
    return { error: this.message, code: this.code, ...this.location, hint: this.hint };
  }
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
