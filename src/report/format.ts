/**
 * UK number and date style for the report's words and tables: 1,234; 12.3%; "October 2024";
 * "31 October 2024". Negative numbers take the minus sign (−), as the charts do.
 */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const MINUS = '\u2212';

function grouped(value: number, decimals: number): string {
  const text = Math.abs(value).toLocaleString('en-GB', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: true,
  });
  // −0.0 and rounding to zero read as 0
  return value < 0 && Number(text.replace(/,/g, '')) !== 0 ? `${MINUS}${text}` : text;
}

/** A whole number: 1,234 (rounded). */
export function formatInt(n: number): string {
  return grouped(Math.round(n), 0);
}

/** A number with fixed decimals: 16.06. */
export function formatDecimal(n: number, decimals: number): string {
  return grouped(n, decimals);
}

/** A rate per 1,000: two decimals below 100, one above (43.48, 123.4). */
export function formatRate(n: number): string {
  return grouped(n, Math.abs(n) >= 100 ? 1 : 2);
}

/** A percentage with one decimal: 12.3%; signed: +12.3% / −4.0% (0.0% unsigned). */
export function formatPct(n: number, signed = false): string {
  const text = `${grouped(n, 1)}%`;
  return signed && Number(n.toFixed(1)) > 0 ? `+${text}` : text;
}

/** A share (0–1) as a percentage: 0.081 → 8.1%. */
export function formatShare(share: number): string {
  return formatPct(100 * share);
}

/** A signed whole number: +82, −156, 0. */
export function formatSigned(n: number): string {
  const r = Math.round(n);
  return r > 0 ? `+${formatInt(r)}` : formatInt(r);
}

/** A p-value with two significant figures: p = 0.041, p = 0.0031, p = 0.50; p < 0.001. */
export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.1 ? p.toPrecision(2) : p.toFixed(2)}`;
}

function parseMonth(month: string): { year: number; month: number } {
  const m = /^(\d{4})-(\d{2})/.exec(month);
  if (!m) return { year: NaN, month: NaN };
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** '2024-10' → "October 2024". */
export function monthLong(month: string): string {
  const { year, month: m } = parseMonth(month);
  return Number.isFinite(year) ? `${MONTHS[m - 1] ?? month} ${year}` : month;
}

/** Month codes inside prose ("no data for 2025-02") as words ("no data for February 2025"); full dates (2024-10-31) are left alone. */
export function humaniseMonths(text: string): string {
  return text.replace(/(?<![\d-])(\d{4})-(0[1-9]|1[0-2])(?![\d-])/g, (code) => monthLong(code));
}

/** '2024-10' → "October" (no year). */
export function monthNameOnly(month: string): string {
  const { month: m } = parseMonth(month);
  return MONTHS[m - 1] ?? month;
}

/** '2024-10' → "Oct 2024". */
export function monthShort(month: string): string {
  const { year, month: m } = parseMonth(month);
  return Number.isFinite(year) ? `${(MONTHS[m - 1] ?? month).slice(0, 3)} ${year}` : month;
}

/** A period of months: "October 2024 to September 2025" ("October 2024" for one month). */
export function periodLong(p: { start: string; end: string }): string {
  return p.start === p.end ? monthLong(p.start) : `${monthLong(p.start)} to ${monthLong(p.end)}`;
}

/** '2024-10-31' (or an ISO date-time) → "31 October 2024". */
export function dateLong(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** '2024-10-31' → "Thursday 31 October 2024". */
export function dateWithDay(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay();
  return `${['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][day]} ${dateLong(date)}`;
}

/** 1 → "1st", 12 → "12th", 22 → "22nd". */
export function ordinal(n: number): string {
  const mod100 = n % 100;
  const suffix =
    mod100 >= 11 && mod100 <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

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

/** A score with at most two decimals: 48, 40.5, 36.75. */
export function formatScore(n: number): string {
  return Number(n.toFixed(2)).toLocaleString('en-GB', { maximumFractionDigits: 2 });
}

/** The noun for a count: 1 offence, 2 offences. */
export function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/** First letter upper case. */
export function capitalise(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}
