/**
 * Notable days in England and Wales, for labelling daily spikes: bank holidays (with substitute
 * days, moved holidays and one-off holidays) and the seasonal days that matter to community
 * safety. Pure: no I/O. Dates are 'YYYY-MM-DD' strings; all arithmetic is on UTC day numbers.
 */

export interface CalendarEvent {
  /** YYYY-MM-DD */
  date: string;
  name: string;
  kind: 'bank-holiday' | 'seasonal';
}

export interface NearbyEvent {
  name: string;
  /** the event's own date, YYYY-MM-DD */
  date: string;
  /** the queried date minus the event's date: 1 = the day after the event, −1 = the day before */
  offsetDays: number;
}

/** The years for which the rules below are known to hold (and tested against GOV.UK from 2019). */
export const FIRST_CALENDAR_YEAR = 1990;
export const LAST_CALENDAR_YEAR = 2100;

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a valid 'YYYY-MM-DD'; throws RangeError on anything else. */
function dayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const ms = Date.UTC(y, mo - 1, d);
    const back = new Date(ms);
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) return ms / DAY_MS;
  }
  throw new RangeError(`not a date in YYYY-MM-DD form: ${JSON.stringify(date)}`);
}

function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function ymd(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** 0 = Sunday … 6 = Saturday. */
function weekday(day: number): number {
  return new Date(day * DAY_MS).getUTCDay();
}

const MONDAY = 1;

function firstMonday(year: number, month: number): number {
  const first = ymd(year, month, 1);
  return first + ((MONDAY - weekday(first) + 7) % 7);
}

function lastMonday(year: number, month: number): number {
  const last = ymd(year, month + 1, 0);
  return last - ((weekday(last) - MONDAY + 7) % 7);
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_CALENDAR_YEAR || year > LAST_CALENDAR_YEAR) {
    throw new RangeError(`calendar years run from ${FIRST_CALENDAR_YEAR} to ${LAST_CALENDAR_YEAR}; got ${year}`);
  }
}

/**
 * Easter Sunday (Gregorian) by the anonymous Gregorian algorithm (Meeus/Jones/Butcher), as given
 * in J. Meeus, Astronomical Algorithms (2nd ed., 1998), ch. 8.
 */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dateOf(ymd(year, month, day));
}

/** Holidays moved from their usual Monday by proclamation. */
const MOVED: Record<string, { day: number; name: string }> = {
  // VE Day 50th anniversary: the early May bank holiday moved from Mon 1 May to Mon 8 May 1995.
  'early-may-1995': { day: ymd(1995, 5, 8), name: 'Early May bank holiday (VE Day)' },
  // VE Day 75th anniversary: moved from Mon 4 May to Fri 8 May 2020.
  'early-may-2020': { day: ymd(2020, 5, 8), name: 'Early May bank holiday (VE Day)' },
  // Golden, Diamond and Platinum Jubilees: the spring bank holiday moved next to the extra day.
  'spring-2002': { day: ymd(2002, 6, 4), name: 'Spring bank holiday' },
  'spring-2012': { day: ymd(2012, 6, 4), name: 'Spring bank holiday' },
  'spring-2022': { day: ymd(2022, 6, 2), name: 'Spring bank holiday' },
};

/** Extra bank holidays proclaimed for a single year. */
const ONE_OFF: readonly { date: string; name: string }[] = [
  { date: '1999-12-31', name: 'Millennium Celebrations' },
  { date: '2002-06-03', name: "Queen's Golden Jubilee" },
  { date: '2011-04-29', name: 'Royal wedding' },
  { date: '2012-06-05', name: "Queen's Diamond Jubilee" },
  { date: '2022-06-03', name: 'Platinum Jubilee bank holiday' },
  { date: '2022-09-19', name: 'Bank holiday for the State Funeral of Queen Elizabeth II' },
  { date: '2023-05-08', name: 'Bank holiday for the coronation of King Charles III' },
];

const SEASONAL: readonly [month: number, day: number, name: string][] = [
  [10, 31, 'Halloween'],
  [11, 5, 'Bonfire Night'],
  [12, 24, 'Christmas Eve'],
  [12, 31, "New Year's Eve"],
];

const SATURDAY = 6;
const SUNDAY = 0;

function bankHolidays(year: number): CalendarEvent[] {
  const out: CalendarEvent[] = [];
  const add = (day: number, name: string) => out.push({ date: dateOf(day), name, kind: 'bank-holiday' });

  // A New Year's Day at a weekend is replaced by the following Monday.
  const newYear = ymd(year, 1, 1);
  const nyDow = weekday(newYear);
  if (nyDow === SATURDAY) add(newYear + 2, "New Year's Day (substitute day)");
  else if (nyDow === SUNDAY) add(newYear + 1, "New Year's Day (substitute day)");
  else add(newYear, "New Year's Day");

  const easter = dayNumber(easterSunday(year));
  add(easter - 2, 'Good Friday');
  add(easter + 1, 'Easter Monday');

  const earlyMay = MOVED[`early-may-${year}`];
  if (earlyMay) add(earlyMay.day, earlyMay.name);
  else add(firstMonday(year, 5), 'Early May bank holiday');

  const spring = MOVED[`spring-${year}`];
  if (spring) add(spring.day, spring.name);
  else add(lastMonday(year, 5), 'Spring bank holiday');

  add(lastMonday(year, 8), 'Summer bank holiday');

  // Christmas and Boxing Day falling at a weekend move to the next weekdays not already a holiday.
  const christmas = ymd(year, 12, 25);
  const xDow = weekday(christmas);
  if (xDow === SATURDAY) {
    add(christmas + 2, 'Christmas Day (substitute day)');
    add(christmas + 3, 'Boxing Day (substitute day)');
  } else if (xDow === SUNDAY) {
    add(christmas + 1, 'Boxing Day');
    add(christmas + 2, 'Christmas Day (substitute day)');
  } else if (xDow === 5) {
    add(christmas, 'Christmas Day');
    add(christmas + 3, 'Boxing Day (substitute day)');
  } else {
    add(christmas, 'Christmas Day');
    add(christmas + 1, 'Boxing Day');
  }

  for (const o of ONE_OFF)
    if (o.date.startsWith(`${year}-`)) out.push({ date: o.date, name: o.name, kind: 'bank-holiday' });
  return out;
}

function compareEvents(a: CalendarEvent, b: CalendarEvent): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  if (a.kind !== b.kind) return a.kind === 'bank-holiday' ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Bank holidays in England and Wales and the seasonal days of interest (Halloween, Bonfire Night,
 * Christmas Eve, New Year's Eve) in `year`, sorted by date. Years 1990–2100.
 */
export function ukCalendarEvents(year: number): CalendarEvent[] {
  return eventsOf(year).map((e) => ({ ...e }));
}

const byYear = new Map<number, readonly CalendarEvent[]>();
const byDate = new Map<number, ReadonlyMap<string, readonly CalendarEvent[]>>();

function eventsOf(year: number): readonly CalendarEvent[] {
  const cached = byYear.get(year);
  if (cached) return cached;
  checkYear(year);
  const seasonal: CalendarEvent[] = SEASONAL.map(([m, d, name]) => ({
    date: dateOf(ymd(year, m, d)),
    name,
    kind: 'seasonal',
  }));
  const events = [...bankHolidays(year), ...seasonal].sort(compareEvents);
  byYear.set(year, events);
  return events;
}

function indexOf(year: number): ReadonlyMap<string, readonly CalendarEvent[]> {
  const cached = byDate.get(year);
  if (cached) return cached;
  const index = new Map<string, CalendarEvent[]>();
  for (const e of eventsOf(year)) {
    const list = index.get(e.date);
    if (list) list.push(e);
    else index.set(e.date, [e]);
  }
  byDate.set(year, index);
  return index;
}

function inRange(year: number): boolean {
  return year >= FIRST_CALENDAR_YEAR && year <= LAST_CALENDAR_YEAR;
}

/**
 * Names of the events on `date` (e.g. ['Halloween']); empty when none, or when the year is outside
 * 1990–2100. Throws RangeError when `date` is not a valid YYYY-MM-DD.
 */
export function calendarLabels(date: string): string[] {
  dayNumber(date);
  const year = Number(date.slice(0, 4));
  if (!inRange(year)) return [];
  return (indexOf(year).get(date) ?? []).map((e) => e.name);
}

/**
 * The events within ±`withinDays` of `date`, nearest first (ties: the event before the date first),
 * each with its offset: { name: 'Bonfire Night', date: '2021-11-05', offsetDays: 1 } for 2021-11-06.
 * Events on the date itself have offset 0. Years outside 1990–2100 contribute nothing.
 */
export function nearCalendarEvent(date: string, withinDays = 1): NearbyEvent[] {
  if (!Number.isInteger(withinDays) || withinDays < 0) {
    throw new RangeError(`withinDays must be a whole number of days, 0 or more; got ${withinDays}`);
  }
  const day = dayNumber(date);
  const firstYear = new Date((day - withinDays) * DAY_MS).getUTCFullYear();
  const lastYear = new Date((day + withinDays) * DAY_MS).getUTCFullYear();
  const out: NearbyEvent[] = [];
  for (let year = Math.max(firstYear, FIRST_CALENDAR_YEAR); year <= Math.min(lastYear, LAST_CALENDAR_YEAR); year++) {
    for (const e of eventsOf(year)) {
      const offsetDays = day - dayNumber(e.date);
      if (Math.abs(offsetDays) <= withinDays) out.push({ name: e.name, date: e.date, offsetDays });
    }
  }
  return out.sort((a, b) => Math.abs(a.offsetDays) - Math.abs(b.offsetDays) || b.offsetDays - a.offsetDays);
}
