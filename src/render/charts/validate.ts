import { SaferError } from '../../core/errors.ts';
import { monthIndex } from './format.ts';

/** Checks a width or height given by the caller. */
export function checkSize(value: number | undefined, fallback: number, field: string, min = 40): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min || value > 10000) {
    throw new SaferError(`Chart ${field} must be a number of pixels from ${min} to 10,000`, {
      column: field,
      value: String(value),
    });
  }
  return value;
}

/** Checks that `values` has one entry per month. */
export function checkLength(values: readonly unknown[], expected: number, field: string): void {
  if (!Array.isArray(values) || values.length !== expected) {
    throw new SaferError(`Chart ${field} must have ${expected} values, one per month`, {
      column: field,
      value: Array.isArray(values) ? `${values.length} values` : String(values),
    });
  }
}

/** Checks a value is a finite number, or null where nulls are allowed. */
export function checkValue(value: unknown, field: string, allowNull: boolean): void {
  if (value === null && allowNull) return;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new SaferError(`Chart ${field} must be ${allowNull ? 'a number or null' : 'a number'}`, {
      column: field,
      value: String(value),
      hint: allowNull ? 'Use null for a month without data.' : undefined,
    });
  }
}

/** Parses months and checks they are strictly increasing; returns their indices. */
export function checkMonths(months: readonly string[], field: string): number[] {
  if (!Array.isArray(months) || months.length === 0) {
    throw new SaferError(`Chart ${field} must list at least one month`, { column: field });
  }
  const indices = months.map((m) => monthIndex(m, field));
  for (let i = 1; i < indices.length; i++) {
    if ((indices[i] as number) <= (indices[i - 1] as number)) {
      throw new SaferError(`Chart ${field} must be in order, each month once`, {
        column: field,
        value: months[i],
      });
    }
  }
  return indices;
}
