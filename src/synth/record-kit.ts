import type { Rng } from './rng.ts';
import type { Lattice, Lsoa } from './geography.ts';
import { pointInCell } from './geography.ts';
import { pad2 } from './calendar.ts';
import type { TimeModel, TimeProfile } from './profiles.ts';

/**
 * Shared pieces of record generation. A month's records are held column-wise (plain number
 * arrays, no object per record): the generator makes half a million records and objects would
 * keep the garbage collector busier than the generation itself.
 */
export class RecordBatch {
  kind: number[] = [];
  day: number[] = [];
  /** Minute of the day, 0–1439. */
  minute: number[] = [];
  lsoa: number[] = [];
  lon: number[] = [];
  lat: number[] = [];
  street: number[] = [];

  constructor(
    private readonly lattice: Lattice,
    private readonly time: TimeModel,
    readonly month: number,
  ) {}

  get length(): number {
    return this.kind.length;
  }

  /** A record of `kind` in `lsoa` at a day and hour drawn from `profile`. */
  add(rng: Rng, profile: TimeProfile, kind: number, lsoa: Lsoa): void {
    const day = this.time.day(profile, this.month, rng.next());
    const hour = this.time.hour(profile, rng.next());
    // Many times are recorded to the hour or half-hour, as in real extracts.
    const r = rng.next();
    const minute = r < 0.25 ? 0 : r < 0.35 ? 30 : rng.int(60);
    this.addAt(rng, kind, lsoa, day, hour * 60 + minute);
  }

  addAt(rng: Rng, kind: number, lsoa: Lsoa, day: number, minuteOfDay: number): void {
    this.kind.push(kind);
    this.day.push(day);
    this.minute.push(minuteOfDay);
    this.lsoa.push(lsoa.index);
    const [lon, lat] = pointInCell(this.lattice, lsoa.cell, rng.next(), rng.next(), scratch);
    this.lon.push(lon);
    this.lat.push(lat);
    this.street.push(rng.int(lsoa.streets.length));
  }

  /** Record indexes in time order (ties keep the order they were made in). */
  order(): number[] {
    const idx = Array.from({ length: this.kind.length }, (_, i) => i);
    const key = (i: number): number => this.day[i]! * 1440 + this.minute[i]!;
    return idx.sort((a, b) => key(a) - key(b) || a - b);
  }
}

const scratch: [number, number] = [0, 0];

/** Date and time texts, made once each. */
export class DateText {
  private readonly dmyCache = new Map<number, string>();
  private readonly isoCache = new Map<number, string>();
  private static readonly HM = Array.from({ length: 1440 }, (_, m) => `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`);

  /** dd/mm/yyyy */
  dmy(year: number, mon: number, day: number): string {
    const k = (year * 13 + mon) * 32 + day;
    let s = this.dmyCache.get(k);
    if (s === undefined) {
      s = `${pad2(day)}/${pad2(mon)}/${year}`;
      this.dmyCache.set(k, s);
    }
    return s;
  }

  /** yyyy-mm-dd */
  iso(year: number, mon: number, day: number): string {
    const k = (year * 13 + mon) * 32 + day;
    let s = this.isoCache.get(k);
    if (s === undefined) {
      s = `${year}-${pad2(mon)}-${pad2(day)}`;
      this.isoCache.set(k, s);
    }
    return s;
  }

  /** hh:mm of a minute of the day. */
  hm(minuteOfDay: number): string {
    return DateText.HM[minuteOfDay]!;
  }
}

/** Adds days to a date (UTC). */
export function addDays(
  year: number,
  mon: number,
  day: number,
  days: number,
): { year: number; mon: number; day: number } {
  if (days === 0) return { year, mon, day };
  const d = new Date(Date.UTC(year, mon - 1, day + days));
  return { year: d.getUTCFullYear(), mon: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Excel's serial day number of a date (1900 date system). */
export function excelSerial(year: number, mon: number, day: number): number {
  return Date.UTC(year, mon - 1, day) / 86_400_000 + 25569;
}

/** A weighted choice with the weights prepared once. */
export class Choice<T> {
  private readonly values: T[];
  private readonly cumulative: number[];

  constructor(items: readonly (readonly [T, number])[]) {
    this.values = items.map((i) => i[0]);
    let acc = 0;
    this.cumulative = items.map((i) => (acc += i[1]));
  }

  draw(rng: Rng): T {
    const x = rng.next() * this.cumulative[this.cumulative.length - 1]!;
    for (let i = 0; i < this.cumulative.length; i++) if (x < this.cumulative[i]!) return this.values[i]!;
    return this.values[this.values.length - 1]!;
  }
}
