import { formatLocale } from 'd3-format';
import { SaferError } from '../../core/errors.ts';

const UK = formatLocale({ decimal: '.', thousands: ',', grouping: [3], currency: ['£', ''] });

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** UK number format: thousands with commas, fixed decimals, "−" for negatives (1,234.5). */
export function formatNumber(value: number, decimals = 0): string {
  return UK.format(`,.${Math.max(0, Math.min(20, decimals))}f`)(value);
}

/** Signed percentage with one decimal ("+12.3%", "−4.0%"). */
export function formatPercent(value: number): string {
  return UK.format('+,.1f')(value) + '%';
}

/**
 * Decimals that show a set of values consistently: none when all are whole numbers, one for
 * values of 10 or more, two for small rates.
 */
export function decimalsFor(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.every((v) => Number.isInteger(v))) return 0;
  const largest = Math.max(...finite.map((v) => Math.abs(v)));
  return largest >= 10 ? 1 : 2;
}

/** Decimals for axis ticks spaced `step` apart (1 → 0, 0.5 → 1, 0.25 → 2). */
export function decimalsForStep(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  let decimals = 0;
  while (decimals < 6 && Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-9) {
    decimals += 1;
  }
  return decimals;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** 'YYYY-MM' → months since year 0 (so that consecutive months differ by 1). */
export function monthIndex(month: string, field = 'months'): number {
  const m = MONTH.exec(month);
  if (!m) {
    throw new SaferError(`Chart ${field} must be months written YYYY-MM`, {
      column: field,
      value: String(month),
      hint: 'Write months like 2024-10.',
    });
  }
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

/** Month index → "Oct 2024". */
export function monthLabel(index: number): string {
  return `${monthName(index)} ${Math.floor(index / 12)}`;
}

/** Month index → 'YYYY-MM'. */
export function monthIso(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Month index → "Oct". */
export function monthName(index: number): string {
  return MONTH_NAMES[((index % 12) + 12) % 12] as string;
}
