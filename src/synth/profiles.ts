import { bankHolidays, dayNumber, dayOfWeek, daysInMonth, monthOf, schoolHolidays, yearOf } from './calendar.ts';

/**
 * When things happen: a month-of-year profile (seasonality), a day-of-week profile, notable days
 * (Halloween, Bonfire Night, New Year's Eve, bank holidays, school holidays) and an hour profile.
 * Day weights are normalised so that their mean over the generated window is 1: a rate per year
 * stays a rate per year whatever the profile.
 */
export const TIME_PROFILES = [
  'day',
  'violence',
  'nightEvening',
  'nightEarly',
  'domestic',
  'burglary',
  'shop',
  'vehicle',
  'bicycle',
  'asb',
  'damage',
  'drugs',
  'fireSecondary',
  'fireVehicle',
  'fireDwelling',
  'fireBuilding',
  'collision',
] as const;
export type TimeProfile = (typeof TIME_PROFILES)[number];

interface ProfileSpec {
  /** January … December. */
  months: readonly number[];
  /** Sunday … Saturday. */
  weekdays: readonly number[];
  /** 00:00 … 23:00. */
  hours: readonly number[];
  halloween?: number;
  bonfire?: number;
  newYearsEve?: number;
  newYearsDay?: number;
  bankHoliday?: number;
  schoolHoliday?: number;
}

const FLAT12 = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
const FLAT7 = [1, 1, 1, 1, 1, 1, 1];
const DAYTIME = [
  0.3, 0.2, 0.15, 0.1, 0.1, 0.15, 0.3, 0.6, 0.9, 1.1, 1.2, 1.3, 1.4, 1.4, 1.4, 1.5, 1.6, 1.6, 1.5, 1.4, 1.2, 1, 0.8,
  0.5,
];
const SECONDARY_FIRE_MONTHS = [0.65, 0.8, 1.15, 1.55, 1.25, 1.05, 1.25, 1.35, 0.85, 0.9, 1.05, 0.55];

const SPECS: Record<TimeProfile, ProfileSpec> = {
  day: { months: FLAT12, weekdays: [0.8, 1.05, 1.05, 1.05, 1.05, 1.05, 0.95], hours: DAYTIME },
  violence: {
    months: [0.92, 0.88, 0.97, 1.0, 1.07, 1.06, 1.08, 1.04, 0.98, 1.0, 0.98, 1.02],
    weekdays: [1.15, 0.85, 0.85, 0.88, 0.95, 1.1, 1.25],
    hours: [
      0.9, 0.8, 0.6, 0.4, 0.25, 0.15, 0.15, 0.25, 0.4, 0.55, 0.7, 0.8, 0.9, 1, 1.05, 1.15, 1.25, 1.35, 1.45, 1.55, 1.6,
      1.6, 1.45, 1.2,
    ],
    bankHoliday: 1.25,
    newYearsEve: 1.6,
    newYearsDay: 1.6,
  },
  // The night-time economy: Friday and Saturday nights, split at midnight so the early hours
  // fall on Saturday and Sunday dates.
  nightEvening: {
    months: [0.9, 0.86, 0.95, 1.0, 1.06, 1.05, 1.08, 1.05, 0.98, 1.0, 0.98, 1.12],
    weekdays: [0.3, 0.2, 0.2, 0.3, 0.6, 2.0, 2.4],
    hours: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 0.8, 1.3, 1.8],
    bankHoliday: 1.4,
    newYearsEve: 3,
  },
  nightEarly: {
    months: [0.9, 0.86, 0.95, 1.0, 1.06, 1.05, 1.08, 1.05, 0.98, 1.0, 0.98, 1.12],
    weekdays: [2.4, 0.3, 0.2, 0.2, 0.3, 0.6, 2.0],
    hours: [1.9, 1.7, 1.2, 0.7, 0.3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    newYearsDay: 3,
  },
  domestic: {
    months: [0.96, 0.92, 0.98, 0.98, 1.02, 1.04, 1.06, 1.04, 0.98, 1.0, 0.98, 1.04],
    weekdays: [1.15, 1.05, 0.95, 0.95, 0.95, 0.95, 1.0],
    hours: [
      0.6, 0.5, 0.4, 0.3, 0.2, 0.2, 0.3, 0.5, 0.8, 0.9, 1, 1.05, 1.1, 1.1, 1.1, 1.15, 1.2, 1.3, 1.4, 1.45, 1.45, 1.35,
      1.1, 0.8,
    ],
    newYearsDay: 1.5,
  },
  // Dwelling burglary rises in the dark months, and in the late afternoon and evening.
  burglary: {
    months: [1.15, 1.02, 0.95, 0.88, 0.85, 0.82, 0.85, 0.88, 0.95, 1.12, 1.25, 1.28],
    weekdays: [0.85, 1.05, 1.05, 1.05, 1.05, 1.05, 0.9],
    hours: [
      0.5, 0.4, 0.3, 0.3, 0.3, 0.3, 0.4, 0.6, 0.9, 1.1, 1.2, 1.2, 1.2, 1.2, 1.25, 1.35, 1.5, 1.7, 1.8, 1.7, 1.4, 1.1,
      0.8, 0.6,
    ],
  },
  shop: {
    months: [0.95, 0.92, 1.0, 0.98, 1.0, 0.98, 1.0, 1.0, 0.98, 1.02, 1.05, 1.12],
    weekdays: [0.7, 1, 1, 1, 1, 1.1, 1.3],
    hours: [
      0, 0, 0, 0, 0, 0, 0.05, 0.3, 0.8, 1.2, 1.4, 1.5, 1.6, 1.6, 1.6, 1.6, 1.6, 1.5, 1.3, 1.0, 0.7, 0.4, 0.15, 0.02,
    ],
  },
  vehicle: {
    months: [1.05, 0.95, 0.95, 0.93, 0.95, 0.92, 0.95, 0.98, 1.0, 1.08, 1.12, 1.12],
    weekdays: FLAT7,
    hours: [
      1.4, 1.5, 1.5, 1.4, 1.1, 0.8, 0.6, 0.6, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.8, 0.9, 1.0, 1.0, 1.0, 1.1, 1.2, 1.3,
      1.4,
    ],
  },
  bicycle: {
    months: [0.65, 0.65, 0.85, 1.0, 1.2, 1.3, 1.35, 1.3, 1.2, 1.05, 0.8, 0.65],
    weekdays: [0.9, 1.05, 1.05, 1.05, 1.05, 1.0, 0.95],
    hours: DAYTIME,
  },
  // ASB peaks in summer and on Halloween, Bonfire Night and New Year's Eve.
  asb: {
    months: [0.78, 0.76, 0.9, 1.02, 1.12, 1.15, 1.25, 1.22, 1.0, 1.02, 0.92, 0.86],
    weekdays: [1.0, 0.9, 0.9, 0.92, 0.95, 1.12, 1.2],
    hours: [
      0.6, 0.45, 0.3, 0.2, 0.12, 0.1, 0.15, 0.3, 0.5, 0.65, 0.8, 0.9, 1.0, 1.05, 1.15, 1.35, 1.55, 1.7, 1.8, 1.85, 1.8,
      1.6, 1.25, 0.9,
    ],
    halloween: 3.5,
    bonfire: 1.8,
    newYearsEve: 1.5,
    bankHoliday: 1.15,
    schoolHoliday: 1.12,
  },
  damage: {
    months: [0.88, 0.86, 0.98, 1.03, 1.08, 1.08, 1.12, 1.1, 1.0, 1.04, 0.98, 0.85],
    weekdays: [1.1, 0.95, 0.92, 0.92, 0.95, 1.05, 1.15],
    hours: [
      1.0, 0.9, 0.7, 0.5, 0.35, 0.3, 0.4, 0.6, 0.8, 0.8, 0.8, 0.8, 0.8, 0.85, 0.9, 1.0, 1.1, 1.2, 1.3, 1.35, 1.4, 1.4,
      1.3, 1.15,
    ],
    halloween: 2,
    bonfire: 1.5,
  },
  drugs: {
    months: [1, 1, 1.02, 1.02, 1.02, 1, 1, 0.98, 1, 1, 1, 0.96],
    weekdays: [0.9, 1.0, 1.05, 1.05, 1.05, 1.0, 0.95],
    hours: [
      0.9, 0.8, 0.6, 0.4, 0.3, 0.3, 0.4, 0.7, 1.0, 1.1, 1.1, 1.1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.5, 1.5, 1.5, 1.45, 1.35,
      1.2, 1.0,
    ],
  },
  // Deliberate secondary fires: spring grass fires, school holidays and Bonfire Night.
  fireSecondary: {
    months: SECONDARY_FIRE_MONTHS,
    weekdays: [1.1, 0.95, 0.95, 0.95, 0.95, 1.05, 1.1],
    hours: [
      0.5, 0.4, 0.3, 0.2, 0.15, 0.1, 0.1, 0.15, 0.25, 0.4, 0.55, 0.7, 0.9, 1.1, 1.3, 1.6, 1.9, 2.1, 2.2, 2.2, 2.0, 1.6,
      1.1, 0.7,
    ],
    halloween: 2,
    bonfire: 5,
    schoolHoliday: 1.6,
  },
  fireVehicle: {
    months: [0.95, 0.9, 0.95, 1.0, 1.05, 1.05, 1.1, 1.1, 1.0, 1.0, 1.0, 0.9],
    weekdays: [1.1, 0.95, 0.95, 0.95, 0.95, 1.05, 1.1],
    hours: [
      1.6, 1.7, 1.6, 1.3, 0.9, 0.5, 0.3, 0.3, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9, 1.0, 1.2, 1.4, 1.5,
      1.6, 1.6,
    ],
    bonfire: 2,
    schoolHoliday: 1.2,
  },
  fireDwelling: {
    months: [1.12, 1.05, 1.0, 0.95, 0.95, 0.92, 0.92, 0.92, 0.95, 1.0, 1.08, 1.15],
    weekdays: FLAT7,
    hours: [
      0.4, 0.35, 0.3, 0.25, 0.2, 0.25, 0.4, 0.7, 0.9, 1.0, 1.1, 1.2, 1.3, 1.2, 1.15, 1.2, 1.35, 1.6, 1.8, 1.7, 1.5, 1.2,
      0.9, 0.6,
    ],
  },
  fireBuilding: {
    months: FLAT12,
    weekdays: [1.1, 0.95, 0.95, 0.95, 0.95, 1.05, 1.1],
    hours: [
      1.2, 1.2, 1.1, 1.0, 0.8, 0.6, 0.5, 0.5, 0.6, 0.7, 0.8, 0.9, 0.9, 0.9, 1.0, 1.1, 1.2, 1.3, 1.3, 1.3, 1.3, 1.3, 1.3,
      1.2,
    ],
    schoolHoliday: 1.3,
  },
  collision: {
    months: [0.95, 0.9, 0.95, 0.95, 1.0, 1.0, 1.02, 0.98, 1.02, 1.08, 1.1, 1.05],
    weekdays: [0.75, 1.05, 1.05, 1.05, 1.08, 1.15, 0.85],
    hours: [
      0.2, 0.15, 0.1, 0.1, 0.15, 0.3, 0.7, 1.4, 1.9, 1.2, 1.0, 1.05, 1.15, 1.2, 1.3, 1.6, 1.9, 1.9, 1.5, 1.1, 0.8, 0.6,
      0.45, 0.3,
    ],
    bankHoliday: 0.85,
  },
};

/** Per month of the window: the day weights of each profile, their sum and cumulative shares. */
export interface MonthTimes {
  /** Sum of day weights: expected events in the month = daily rate × sum. */
  sum: number;
  /** Cumulative weights for drawing a day (index 0 = day 1). */
  cumulative: Float64Array;
}

export class TimeModel {
  private readonly months = new Map<TimeProfile, MonthTimes[]>();
  private readonly hourCdf = new Map<TimeProfile, Float64Array>();

  /** `first` and `count`: the window's first month index and length. */
  constructor(
    readonly first: number,
    readonly count: number,
  ) {
    for (const profile of TIME_PROFILES) {
      const spec = SPECS[profile];
      const perMonth: Float64Array[] = [];
      let total = 0;
      let days = 0;
      for (let k = 0; k < count; k++) {
        const m = first + k;
        const weights = dayWeights(spec, m);
        perMonth.push(weights);
        for (const w of weights) total += w;
        days += weights.length;
      }
      const mean = total / days;
      this.months.set(
        profile,
        perMonth.map((weights) => {
          const cumulative = new Float64Array(weights.length);
          let acc = 0;
          weights.forEach((w, d) => {
            acc += w / mean;
            cumulative[d] = acc;
          });
          return { sum: acc, cumulative };
        }),
      );
      this.hourCdf.set(profile, cumulativeOf(spec.hours));
    }
  }

  month(profile: TimeProfile, monthIndex: number): MonthTimes {
    return this.months.get(profile)![monthIndex - this.first]!;
  }

  /** Day of the month (1-based) for a uniform draw `r` in [0, 1). */
  day(profile: TimeProfile, monthIndex: number, r: number): number {
    const { cumulative, sum } = this.month(profile, monthIndex);
    return search(cumulative, r * sum) + 1;
  }

  hour(profile: TimeProfile, r: number): number {
    const cdf = this.hourCdf.get(profile)!;
    return search(cdf, r * cdf[cdf.length - 1]!);
  }

  /** The multiplier a profile gives one named day (for the ground truth). */
  static special(profile: TimeProfile, which: 'halloween' | 'bonfire'): number {
    return SPECS[profile][which] ?? 1;
  }
}

function dayWeights(spec: ProfileSpec, m: number): Float64Array {
  const year = yearOf(m);
  const month = monthOf(m);
  const n = daysInMonth(m);
  const banks = bankHolidays(year);
  const schools = spec.schoolHoliday ? schoolHolidays(year) : null;
  const out = new Float64Array(n);
  for (let d = 1; d <= n; d++) {
    let w = spec.months[month - 1]! * spec.weekdays[dayOfWeek(year, month, d)]!;
    const num = dayNumber(year, month, d);
    if (spec.bankHoliday && banks.has(num)) w *= spec.bankHoliday;
    if (schools?.has(num)) w *= spec.schoolHoliday!;
    if (month === 10 && d === 31 && spec.halloween) w *= spec.halloween;
    if (month === 11 && d === 5 && spec.bonfire) w *= spec.bonfire;
    if (month === 12 && d === 31 && spec.newYearsEve) w *= spec.newYearsEve;
    if (month === 1 && d === 1 && spec.newYearsDay) w *= spec.newYearsDay;
    out[d - 1] = w;
  }
  return out;
}

function cumulativeOf(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let acc = 0;
  weights.forEach((w, i) => {
    acc += w;
    out[i] = acc;
  });
  return out;
}

/** First index whose cumulative value exceeds `x`. */
function search(cdf: Float64Array, x: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
