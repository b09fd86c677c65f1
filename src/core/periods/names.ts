type Month = string;

/** Month and date words for every output: "October 2024", "Oct 2024", "31 October 2024". */

export const MONTH_NAMES = [
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
] as const;

const MONTH_PREFIX = /^(\d{4})-(0[1-9]|1[0-2])(?!\d)/;
const DATE_PREFIX = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])/;

/** Months since year 0 of a 'YYYY-MM' month (or the month of a 'YYYY-MM-DD' date); null for anything else. */
export function monthIndexOrNull(text: string): number | null {
  const m = MONTH_PREFIX.exec(text);
  return m ? Number(m[1]) * 12 + Number(m[2]) - 1 : null;
}

/** Month index → "October 2024". */
export function monthLongOf(index: number): string {
  return `${MONTH_NAMES[((index % 12) + 12) % 12]} ${Math.floor(index / 12)}`;
}

/** Month index → "Oct". */
export function monthAbbrOf(index: number): string {
  return MONTH_NAMES[((index % 12) + 12) % 12]!.slice(0, 3);
}

/** Month index → "Oct 2024". */
export function monthShortOf(index: number): string {
  return `${monthAbbrOf(index)} ${Math.floor(index / 12)}`;
}

/** '2024-10' → "October 2024" (text that is not a month comes back as it is). */
export function monthLong(month: Month): string {
  const i = monthIndexOrNull(month);
  return i === null ? month : monthLongOf(i);
}

/** '2024-10' → "October" (no year). */
export function monthNameOnly(month: Month): string {
  const i = monthIndexOrNull(month);
  return i === null ? month : MONTH_NAMES[i % 12]!;
}

/** '2024-10' → "Oct 2024". */
export function monthShort(month: Month): string {
  const i = monthIndexOrNull(month);
  return i === null ? month : monthShortOf(i);
}

/** Month codes inside prose ("no data for 2025-02") as words ("no data for February 2025"); full dates are left alone. */
export function humaniseMonths(text: string): string {
  return text.replace(/(?<![\d-])(\d{4})-(0[1-9]|1[0-2])(?![\d-])/g, (code) => monthLong(code));
}

/** A period of months: "October 2024 to September 2025" ("October 2024" for one month). */
export function periodLong(p: { start: Month; end: Month }): string {
  return p.start === p.end ? monthLong(p.start) : `${monthLong(p.start)} to ${monthLong(p.end)}`;
}

/** '2024-10-31' (or an ISO date-time) → "31 October 2024". */
export function dateLong(date: string): string {
  const m = DATE_PREFIX.exec(date);
  if (!m) return date;
  return `${Number(m[3])} ${MONTH_NAMES[Number(m[2]) - 1]} ${m[1]}`;
}

/** '2024-10-31' → "Thursday 31 October 2024". */
export function dateWithDay(date: string): string {
  const m = DATE_PREFIX.exec(date);
  if (!m) return date;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay();
  return `${['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][day]} ${dateLong(date)}`;
}
