import type { SynthContext } from './context.ts';
import { Tally } from './context.ts';
import { dayOfWeek, monthKey, monthOf, yearOf } from './calendar.ts';
import { DateText, RecordBatch } from './record-kit.ts';
import { populationOf } from './population.ts';
import { csvLine } from '../core/csv.ts';

/**
 * Personal-injury road traffic collisions in the layout of the Department for Transport's STATS19
 * collision table (coded values: severity 1 fatal, 2 serious, 3 slight; day of week 1 = Sunday).
 * About 1.7 collisions per 1,000 residents a year, concentrated on the wards a trunk road crosses;
 * rural roads are faster and their collisions more often serious or fatal.
 */
export const COLLISION_HEADER = [
  'accident_index',
  'accident_year',
  'accident_reference',
  'longitude',
  'latitude',
  'police_force',
  'accident_severity',
  'number_of_vehicles',
  'number_of_casualties',
  'date',
  'day_of_week',
  'time',
  'local_authority_ons_district',
  'first_road_class',
  'speed_limit',
  'light_conditions',
  'weather_conditions',
  'urban_or_rural_area',
  'lsoa_of_accident_location',
];

const RATE = 1.7;
/** Sunrise and sunset (local clock hours) at about 52.5°N by month. */
const DAYLIGHT: readonly (readonly [number, number])[] = [
  [8.1, 16.3],
  [7.4, 17.3],
  [6.4, 18.2],
  [6.3, 20.1],
  [5.3, 20.9],
  [4.8, 21.5],
  [5.1, 21.3],
  [5.9, 20.5],
  [6.8, 19.3],
  [7.6, 18.2],
  [7.4, 16.4],
  [8.1, 15.9],
];

export interface CollisionOutput {
  csv: string;
  /** Collisions by ward × month offset × severity (0 fatal, 1 serious, 2 slight). */
  tally: Tally;
  rows: number;
}

export function generateCollisions(ctx: SynthContext, forceNumber: string): CollisionOutput {
  const { county, time, intensity, first, last } = ctx;
  const tally = new Tally(county.wards.length, last - first + 1, 3);
  const lines = [csvLine(COLLISION_HEADER)];
  const sequence = new Map<number, number>();
  const dates = new DateText();
  let rows = 0;
  for (let m = first; m <= last; m++) {
    const rng = ctx.rng.fork(`collisions/${monthKey(m)}`);
    const year = yearOf(m);
    const mon = monthOf(m);
    const batch = new RecordBatch(county.lattice, time, m);
    const sum = time.month('collision', m).sum;
    for (const lsoa of county.lsoas) {
      const pop = populationOf(ctx.population, year, lsoa.index);
      const lam = (((pop / 1000) * RATE) / 365.25) * sum * intensity.factor('collision', lsoa.index, m);
      for (let n = rng.poisson(lam); n > 0; n--) batch.add(rng, 'collision', 0, lsoa);
    }
    for (const i of batch.order()) {
      const lsoa = county.lsoas[batch.lsoa[i]!]!;
      const day = batch.day[i]!;
      const minute = batch.minute[i]!;
      const rural = lsoa.urban < 0.3;
      const trunk = lsoa.road > 1;
      const fatal = 0.011 * (rural ? 2.2 : 1) * (trunk ? 1.4 : 1);
      const serious = 0.2 * (rural ? 1.3 : 1);
      const u = rng.next();
      const severity = u < fatal ? 1 : u < fatal + serious ? 2 : 3;
      tally.add(lsoa.ward, m - first, severity - 1);
      const seq = (sequence.get(year) ?? 0) + 1;
      sequence.set(year, seq);
      const reference = `${forceNumber}${String(seq).padStart(5, '0')}`;
      const vehicles = 1 + rng.weighted([0.3, 0.55, 0.12, 0.03]);
      const casualties = 1 + rng.weighted([0.72, 0.18, 0.07, 0.03]) + (severity === 1 && rng.chance(0.3) ? 1 : 0);
      const roadClass = trunk ? rng.pick([1, 3, 3, 3]) : rural ? rng.pick([3, 4, 5, 6]) : rng.pick([3, 4, 6, 6]);
      const speed = roadClass === 1 ? 70 : rural ? rng.pick([40, 50, 60, 60]) : rng.pick([20, 30, 30, 30, 40]);
      const [rise, set] = DAYLIGHT[mon - 1]!;
      const hour = minute / 60;
      const light = hour >= rise && hour <= set ? 1 : rural ? 6 : 4;
      const weather = rng.weighted([0, 0.78, 0.12, 0.02, 0.04, 0.02, 0.01, 0.005, 0.005]);
      lines.push(
        csvLine([
          `${year}${reference}`,
          year,
          reference,
          batch.lon[i],
          batch.lat[i],
          Number(forceNumber),
          severity,
          vehicles,
          casualties,
          dates.dmy(year, mon, day),
          dayOfWeek(year, mon, day) + 1,
          dates.hm(minute),
          county.districts[lsoa.district]!.code,
          roadClass,
          speed,
          light,
          weather,
          rural ? 2 : 1,
          lsoa.code,
        ]),
      );
      rows++;
    }
  }
  return { csv: `${lines.join('\n')}\n`, tally, rows };
}
