import type { SynthContext } from './context.ts';
import { Tally } from './context.ts';
import { monthKey, monthOf, yearOf } from './calendar.ts';
import { Choice, DateText, RecordBatch } from './record-kit.ts';
import { CsvText } from './write.ts';
import { populationOf } from './population.ts';
import { isGapMonth } from './events.ts';
import { csvLine } from '../core/csv.ts';
import type { SpatialGroup } from './crime-catalogue.ts';
import type { TimeProfile } from './profiles.ts';

/**
 * Fire and rescue incidents as an Incident Recording System extract: deliberate primary, vehicle
 * and secondary fires with their property types, and accidental fires (dwelling fires with the
 * smoke-alarm outcome the Prescribed Information Regulations ask for). Deliberate secondary fires
 * rise in the spring, in school holidays and on Bonfire Night. One month is missing from the
 * extract (the injected recording gap).
 */
export const FIRE_HEADER = [
  'Incident Number',
  'Call Date',
  'Call Time',
  'Fire Type',
  'Motive',
  'Property Category',
  'Property Type',
  'Smoke Alarm',
  'Ward Code',
  'LSOA Code',
  'Station Ground',
  'Longitude',
  'Latitude',
];

/** IRS-style fire types, recoded to Primary / Vehicle / Secondary by the mapping. */
export const FIRE_TYPES = {
  'Primary - Building': 'Primary',
  'Primary - Road Vehicle': 'Vehicle',
  'Primary - Outdoor': 'Primary',
  Secondary: 'Secondary',
} as const;

interface FireKind {
  motive: 'Deliberate' | 'Accidental';
  fireType: keyof typeof FIRE_TYPES;
  rate: number;
  group: SpatialGroup;
  time: TimeProfile;
  properties: readonly (readonly [string, string, number])[];
}

const KINDS: readonly FireKind[] = [
  {
    motive: 'Deliberate',
    fireType: 'Secondary',
    rate: 0.55,
    group: 'fireDeliberate',
    time: 'fireSecondary',
    properties: [
      ['Outdoor', 'Refuse/rubbish tip/wheelie bin/skip', 0.38],
      ['Outdoor', 'Grassland, woodland and crops', 0.24],
      ['Outdoor', 'Other outdoor location', 0.26],
      ['Outdoor structure', 'Derelict building', 0.05],
      ['Outdoor structure', 'Fence or hedge', 0.07],
    ],
  },
  {
    motive: 'Deliberate',
    fireType: 'Primary - Road Vehicle',
    rate: 0.15,
    group: 'fireDeliberate',
    time: 'fireVehicle',
    properties: [
      ['Road vehicle', 'Car', 0.74],
      ['Road vehicle', 'Van', 0.1],
      ['Road vehicle', 'Motorcycle', 0.11],
      ['Road vehicle', 'Other road vehicle', 0.05],
    ],
  },
  {
    motive: 'Deliberate',
    fireType: 'Primary - Building',
    rate: 0.12,
    group: 'fireDeliberate',
    time: 'fireBuilding',
    properties: [
      ['Dwelling', 'House - single occupancy', 0.3],
      ['Dwelling', 'Purpose built flat', 0.15],
      ['Other building', 'Shed', 0.22],
      ['Other building', 'School', 0.06],
      ['Other building', 'Retail', 0.1],
      ['Other building', 'Other building', 0.17],
    ],
  },
  {
    motive: 'Accidental',
    fireType: 'Primary - Building',
    rate: 0.45,
    group: 'fireAccidental',
    time: 'fireDwelling',
    properties: [
      ['Dwelling', 'House - single occupancy', 0.62],
      ['Dwelling', 'Purpose built flat', 0.3],
      ['Dwelling', 'Bungalow', 0.08],
    ],
  },
  {
    motive: 'Accidental',
    fireType: 'Primary - Building',
    rate: 0.12,
    group: 'fireAccidental',
    time: 'day',
    properties: [
      ['Other building', 'Retail', 0.3],
      ['Other building', 'Industrial', 0.3],
      ['Other building', 'Other building', 0.4],
    ],
  },
  {
    motive: 'Accidental',
    fireType: 'Primary - Road Vehicle',
    rate: 0.2,
    group: 'fireAccidental',
    time: 'collision',
    properties: [
      ['Road vehicle', 'Car', 0.8],
      ['Road vehicle', 'Van', 0.12],
      ['Road vehicle', 'Lorry/HGV', 0.08],
    ],
  },
  {
    motive: 'Accidental',
    fireType: 'Secondary',
    rate: 0.25,
    group: 'fireAccidental',
    time: 'fireSecondary',
    properties: [
      ['Outdoor', 'Grassland, woodland and crops', 0.5],
      ['Outdoor', 'Other outdoor location', 0.5],
    ],
  },
];

const SMOKE_ALARM = [
  ['Present - operated', 0.62],
  ['Present - did not operate', 0.15],
  ['Absent', 0.23],
] as const;

export interface FireOutput {
  csv: string;
  /** Fires by ward × month offset × kind index, including the month left out of the extract. */
  tally: Tally;
  rows: number;
  /** Records generated for the gap month but not written. */
  withheld: number;
  kinds: readonly FireKind[];
}

export function generateFires(ctx: SynthContext): FireOutput {
  const { county, time, intensity, first, last } = ctx;
  const tally = new Tally(county.wards.length, last - first + 1, KINDS.length);
  const lines = [csvLine(FIRE_HEADER)];
  const text = new CsvText();
  const dates = new DateText();
  const properties = KINDS.map((k) => new Choice(k.properties.map(([c, p, w]) => [[c, p] as const, w] as const)));
  const alarms = new Choice(SMOKE_ALARM);
  let rows = 0;
  let withheld = 0;
  let seq = 0;
  for (let m = first; m <= last; m++) {
    const rng = ctx.rng.fork(`fires/${monthKey(m)}`);
    const year = yearOf(m);
    const mon = monthOf(m);
    const batch = new RecordBatch(county.lattice, time, m);
    const sums = KINDS.map((kind) => time.month(kind.time, m).sum);
    for (const lsoa of county.lsoas) {
      const perDay = populationOf(ctx.population, year, lsoa.index) / 1000 / 365.25;
      KINDS.forEach((kind, k) => {
        const lam = perDay * kind.rate * sums[k]! * intensity.factor(kind.group, lsoa.index, m);
        for (let n = rng.poisson(lam); n > 0; n--) batch.add(rng, kind.time, k, lsoa);
      });
    }
    const gap = isGapMonth(ctx.plan, ctx.sources.fires, m);
    for (const i of batch.order()) {
      const k = batch.kind[i]!;
      const kind = KINDS[k]!;
      const lsoa = county.lsoas[batch.lsoa[i]!]!;
      const ward = county.wards[lsoa.ward]!;
      tally.add(ward.index, m - first, k);
      seq++;
      const [category, property] = properties[k]!.draw(rng);
      const alarm = category === 'Dwelling' ? alarms.draw(rng) : '';
      const motive = motiveOf(rng, kind.motive);
      if (gap) {
        withheld++;
        continue;
      }
      lines.push(
        `FRS${String(year % 100).padStart(2, '0')}${String(seq).padStart(6, '0')},${dates.iso(year, mon, batch.day[i]!)},${dates.hm(batch.minute[i]!)}:00,` +
          `${text.cell(kind.fireType)},${motive},${text.cell(category)},${text.cell(property)},${text.cell(alarm)},${ward.code},${lsoa.code},` +
          `${text.cell(`${county.districts[lsoa.district]!.town} Fire Station`)},${batch.lon[i]},${batch.lat[i]}`,
      );
      rows++;
    }
  }
  return { csv: `${lines.join('\n')}\n`, tally, rows, withheld, kinds: KINDS };
}

/** A few accidental fires are recorded with the motive "Not known" (counted as accidental, as in national statistics). */
function motiveOf(rng: { chance(p: number): boolean }, motive: 'Deliberate' | 'Accidental'): string {
  return motive === 'Accidental' && rng.chance(0.06) ? 'Not known' : motive;
}
