import { SaferError } from '../../core/errors.ts';
import { formatPct } from '../../core/format/numbers.ts';
import { monthFromIndex, monthIndex as coreMonthIndex } from '../../core/periods/index.ts';
import { monthAbbrOf, monthShortOf } from '../../core/periods/names.ts';

// Numbers and months on charts: the one vocabulary of src/core (docs/formatting.md).
export { decimalsFor, decimalsForStep, formatNumber, formatRate } from '../../core/format/numbers.ts';

/** Signed percentage with one decimal ("+12.3%", "−4.0%", "0.0%"). */
export function formatPercent(value: number): string {
  return formatPct(value, true);
}

/** 'YYYY-MM' → months since year 0 (so that consecutive months differ by 1). */
export function monthIndex(month: string, field = 'months'): number {
  try {
    return coreMonthIndex(month);
  } catch {
    throw new SaferError(`Chart ${field} must be months written YYYY-MM`, {
      column: field,
      value: String(month),
      hint: 'Write months like 2024-10.',
    });
  }
}

/** Month index → "Oct 2024". */
export const monthLabel = monthShortOf;

/** Month index → 'YYYY-MM'. */
export const monthIso = monthFromIndex;

/** Month index → "Oct". */
export const monthName = monthAbbrOf;
