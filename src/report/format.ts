/**
 * The report's words for numbers, months and lists. Numbers and months are the one vocabulary in
 * src/core (docs/formatting.md), re-exported here for the report's builders; the prose helpers
 * (lists, counts in words, plurals) are the report's own.
 */
import { formatInt } from '../core/format/numbers.ts';

export {
  formatDecimal,
  formatInt,
  formatP,
  formatPct,
  formatRate,
  formatScore,
  formatShare,
  formatSigned,
  ordinal,
} from '../core/format/numbers.ts';
export {
  dateLong,
  dateWithDay,
  humaniseMonths,
  monthLong,
  monthNameOnly,
  monthShort,
  periodLong,
} from '../core/periods/names.ts';

/** A count with its noun: "1 ward", "3 wards", "1,200 offences" (plural defaults to noun + "s"). */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${formatInt(n)} ${n === 1 ? noun : plural}`;
}

/** A small count in words at the start of a clause ("one", "two" … "nine"), else the figure. */
export function countWord(n: number): string {
  return ['none', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'][n] ?? formatInt(n);
}

/** ["a", "b", "c"] → "a, b and c". */
export function listJoin(items: readonly string[], conjunction = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** Items that hold commas themselves: "a, 1; b, 2; and c, 3". */
export function listJoinLong(items: readonly string[]): string {
  if (items.length <= 2) return items.join(' and ');
  return `${items.slice(0, -1).join('; ')}; and ${items[items.length - 1]}`;
}

/** The noun for a count: 1 offence, 2 offences. */
export function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/** First letter upper case. */
export function capitalise(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}
