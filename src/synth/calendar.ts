import { easterSunday } from '../core/calendar/index.ts';
/**
 * Dates for the generator, all in UTC so the output never depends on the machine's time zone.
 * A month is an integer index `year * 12 + (month - 1)`.
 */

export function monthIndex(year: number, month: number): number {
  return year * 12 + (month - 1);
}

export function parseMonth(text: string): number {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new Error(`Not a month (YYYY-MM): ${text}`);
  return monthIndex(Number(m[1]), Number(m[2]));
}

export function yearOf(index: number): number {
  return Math.floor(index / 12);
}

/** 1–12. */
export function monthOf(index: number): number {
  return (index % 12) + 1;
}

export function monthKey(index: number): string {
  return `${yearOf(index)}-${pad2(monthOf(index))}`;
}

export function daysInMonth(index: number): number {
  return new Date(Date.UTC(yearOf(index), monthOf(index), 0)).getUTCDate();
}

/** Day number since 1970-01-01 (UTC) of a calendar date. */
export function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Financial year label of a month, e.g. April 2024 → '2024/25'. */
export function financialYear(index: number): string {
  const start = monthOf(index) >= 4 ? yearOf(index) : yearOf(index) - 1;
  return `${start}/${pad2((start + 1) % 100)}`;
}

/** Financial quarter 1–4 of a month (Q1 = April–June). */
export function financialQuarter(index: number): number {
  return Math.floor(((monthOf(index) + 8) % 12) / 3) + 1;
}

/** Day number of Easter Sunday (the core calendar's date). */
function easterDay(year: number): number {
  return Date.parse(easterSunday(year)) / 86_400_000;
}

function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = dayNumber(year, month, 1);
  const offset = (weekday - dayOfWeek(year, month, 1) + 7) % 7;
  return first + offset + 7 * (n - 1);
}

function lastWeekday(year: number, month: number, weekday: number, onOrBefore: number): number {
  const limit = dayNumber(year, month, onOrBefore);
  const back = (dayOfWeek(year, month, onOrBefore) - weekday + 7) % 7;
  return limit - back;
}

/** England and Wales bank holidays of a year (without one-off royal holidays), as day numbers. */
export function bankHolidays(year: number): Set<number> {
  const e = easterDay(year);
  const substitute = (n: number): number => {
    const dow = new Date(n * 86_400_000).getUTCDay();
    return dow === 6 ? n + 2 : dow === 0 ? n + 1 : n;
  };
  const christmas = dayNumber(year, 12, 25);
  const christmasDow = dayOfWeek(year, 12, 25);
  const days = [
    substitute(dayNumber(year, 1, 1)),
    e - 2,
    e + 1,
    nthWeekday(year, 5, 1, 1),
    lastWeekday(year, 5, 1, 31),
    lastWeekday(year, 8, 1, 31),
  ];
  if (christmasDow === 6) days.push(christmas + 2, christmas + 3);
  else if (christmasDow === 0) days.push(christmas + 2, christmas + 1);
  else if (christmasDow === 5) days.push(christmas, christmas + 3);
  else days.push(christmas, christmas + 1);
  return new Set(days);
}

/**
 * A typical English school-holiday calendar (local authorities differ by a few days):
 * Christmas 20 Dec–3 Jan, February half term (the week of the third Monday), Easter (Good Friday
 * week before to the Friday after), May half term (the week of the last Monday), summer 22 July–2
 * September, October half term (the week of the last Monday on or before 27 October).
 */
export function schoolHolidays(year: number): Set<number> {
  const days = new Set<number>();
  const span = (from: number, to: number): void => {
    for (let d = from; d <= to; d++) days.add(d);
  };
  span(dayNumber(year, 1, 1), dayNumber(year, 1, 3));
  const feb = nthWeekday(year, 2, 1, 3);
  span(feb - 2, feb + 6);
  const e = easterDay(year);
  span(e - 9, e + 5);
  const may = lastWeekday(year, 5, 1, 31);
  span(may - 2, may + 6);
  span(dayNumber(year, 7, 22), dayNumber(year, 9, 2));
  const oct = lastWeekday(year, 10, 1, 27);
  span(oct - 2, oct + 6);
  span(dayNumber(year, 12, 20), dayNumber(year, 12, 31));
  return days;
}
