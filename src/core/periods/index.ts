/** Month arithmetic and analysis windows on 'YYYY-MM' strings. Pure: no I/O. */

import { monthAbbrOf, monthShortOf } from './names.ts';

export type Month = string;

export interface Window {
  /** e.g. "Oct 2020 – Sep 2021", "2021/22", "2021/22 Q1", "2021/22 to Sep" */
  label: string;
  start: Month;
  end: Month;
  /** every month from start to end inclusive */
  months: Month[];
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Months since year 0 (January of year 0 = 0). Throws on anything but 'YYYY-MM'. */
export function monthIndex(month: Month): number {
  const m = MONTH_RE.exec(month);
  if (!m) throw new RangeError(`not a month in YYYY-MM form: ${JSON.stringify(month)}`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

/** Whether text is a month written 'YYYY-MM'. */
export function isMonth(text: unknown): text is Month {
  return typeof text === 'string' && MONTH_RE.test(text);
}

/** Days in a 'YYYY-MM' month (Gregorian). */
export function daysInMonth(month: Month): number {
  const i = monthIndex(month);
  return new Date(Date.UTC(Math.floor(i / 12), (i % 12) + 1, 0)).getUTCDate();
}

/** The last day of the month, 'YYYY-MM-DD'. */
export function monthEndDate(month: Month): string {
  return `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;
}

export function monthFromIndex(index: number): Month {
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function addMonths(month: Month, n: number): Month {
  return monthFromIndex(monthIndex(month) + n);
}

/** Every month from start to end inclusive (empty when end < start). */
export function monthRange(start: Month, end: Month): Month[] {
  const out: Month[] = [];
  for (let i = monthIndex(start); i <= monthIndex(end); i++) out.push(monthFromIndex(i));
  return out;
}

export function monthLabel(month: Month): string {
  return monthShortOf(monthIndex(month));
}

/** The first day of the month, 'YYYY-MM-01' (for SQL DATE comparisons). */
export function monthStartDate(month: Month): string {
  monthIndex(month);
  return `${month}-01`;
}

export function window(start: Month, end: Month, label?: string): Window {
  const months = monthRange(start, end);
  if (months.length === 0) throw new RangeError(`window ends (${end}) before it starts (${start})`);
  return { label: label ?? `${monthLabel(start)} – ${monthLabel(end)}`, start, end, months };
}

/** The 12 months ending with `end` (inclusive). */
export function rolling12(end: Month): Window {
  return window(addMonths(end, -11), end);
}

/** The window of the same length immediately before `w` (rolling 12 → the 12 before). */
export function previousWindow(w: Window): Window {
  const n = w.months.length;
  return window(addMonths(w.start, -n), addMonths(w.end, -n));
}

/** The same months one year earlier (year to date → same period last year; quarter → same quarter). */
export function sameLastYear(w: Window): Window {
  const label = /^\d{4}\/\d{2}/.test(w.label) ? shiftFyLabel(w.label, -1) : undefined;
  return window(addMonths(w.start, -12), addMonths(w.end, -12), label);
}

/** The financial year (April–March) a month falls in, by its starting calendar year. */
export function financialYearOf(month: Month): number {
  const i = monthIndex(month);
  const year = Math.floor(i / 12);
  return i % 12 >= 3 ? year : year - 1;
}

export function fyLabel(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
}

function shiftFyLabel(label: string, years: number): string {
  const start = Number(label.slice(0, 4));
  return fyLabel(start + years) + label.slice(7);
}

/** Financial year April `startYear` – March `startYear + 1`, labelled "2021/22". */
export function financialYear(startYear: number): Window {
  return window(`${startYear}-04`, `${startYear + 1}-03`, fyLabel(startYear));
}

/** Financial year to date: April of the financial year holding `end`, through `end`. */
export function yearToDate(end: Month): Window {
  const fy = financialYearOf(end);
  return window(`${fy}-04`, end, `${fyLabel(fy)} to ${monthAbbrOf(monthIndex(end))}`);
}

/** Quarter q (1 = Apr–Jun … 4 = Jan–Mar) of the financial year starting in `startYear`. */
export function quarter(startYear: number, q: 1 | 2 | 3 | 4): Window {
  const start = addMonths(`${startYear}-04`, (q - 1) * 3);
  return window(start, addMonths(start, 2), `${fyLabel(startYear)} Q${q}`);
}

/** The financial quarter holding `month`. */
export function quarterOf(month: Month): Window {
  const fy = financialYearOf(month);
  const q = (Math.floor((monthIndex(month) - monthIndex(`${fy}-04`)) / 3) + 1) as 1 | 2 | 3 | 4;
  return quarter(fy, q);
}

export interface Completeness {
  complete: boolean;
  /** months of the window with no data loaded, in order */
  missing: Month[];
}

/** Which months of the window have no data: a window with any missing month is incomplete. */
export function completeness(w: Window, loadedMonths: Iterable<Month>): Completeness {
  const loaded = new Set(loadedMonths);
  const missing = w.months.filter((m) => !loaded.has(m));
  return { complete: missing.length === 0, missing };
}
