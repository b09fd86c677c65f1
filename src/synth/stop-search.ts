/**
 * Stop and search in data.police.uk's format: one file per month, named as data.police.uk names
 * them (`2025-09-wendleshire-stop-and-search.csv`), searches placed at their LSOA's centroid (the
 * synthetic "snap point"), more where the LSOA is urban, deprived or has a night-time economy, and
 * four times the searches for controlled drugs in the drugs operation's wards and months (the
 * police activity behind its rise in drug offences). A few searches have no location, as in the
 * real files. Counts by district, month and object of search go to the ground truth.
 */
import type { SynthContext } from './context.ts';
import { cellCentre } from './geography.ts';
import { daysInMonth, monthKey, monthOf, pad2, yearOf } from './calendar.ts';
import { csvLine } from '../core/csv.ts';

export const STOP_SEARCH_HEADER = [
  'Type',
  'Date',
  'Part of a policing operation',
  'Policing operation',
  'Latitude',
  'Longitude',
  'Gender',
  'Age range',
  'Self-defined ethnicity',
  'Officer-defined ethnicity',
  'Legislation',
  'Object of search',
  'Outcome',
  'Outcome linked to object of search',
  'Removal of more than just outer clothing',
];

const OBJECTS: readonly { object: string; weight: number; legislation: string }[] = [
  { object: 'Controlled drugs', weight: 0.58, legislation: 'Misuse of Drugs Act 1971 (section 23)' },
  { object: 'Offensive weapons', weight: 0.13, legislation: 'Police and Criminal Evidence Act 1984 (section 1)' },
  { object: 'Stolen goods', weight: 0.11, legislation: 'Police and Criminal Evidence Act 1984 (section 1)' },
  {
    object: 'Article for use in theft',
    weight: 0.08,
    legislation: 'Police and Criminal Evidence Act 1984 (section 1)',
  },
  {
    object: 'Articles for use in criminal damage',
    weight: 0.05,
    legislation: 'Police and Criminal Evidence Act 1984 (section 1)',
  },
  {
    object: 'Evidence of offences under the Act',
    weight: 0.03,
    legislation: 'Police and Criminal Evidence Act 1984 (section 1)',
  },
  { object: 'Firearms', weight: 0.02, legislation: 'Firearms Act 1968 (section 47)' },
];

const OUTCOMES: readonly { outcome: string; weight: number }[] = [
  { outcome: 'A no further action disposal', weight: 0.7 },
  { outcome: 'Arrest', weight: 0.14 },
  { outcome: 'Community resolution', weight: 0.08 },
  { outcome: 'Khat or Cannabis warning', weight: 0.04 },
  { outcome: 'Summons / charged by post', weight: 0.02 },
  { outcome: 'Penalty Notice for Disorder', weight: 0.01 },
  { outcome: 'Caution (simple or conditional)', weight: 0.01 },
];

const AGES = ['10-17', '18-24', '25-34', 'over 34'];
const AGE_WEIGHTS = [0.18, 0.38, 0.27, 0.17];

/** Searches per LSOA per month before the area's weights. */
const BASE_RATE = 0.22;
const UNLOCATED = 0.03;

export interface StopSearchOutput {
  rows: number;
  /** district code → month → object of search → searches with a location */
  byDistrict: Record<string, Record<string, Record<string, number>>>;
  /** month → searches without a location (in no district) */
  unlocated: Record<string, number>;
}

/** The force's name as data.police.uk writes it in file names: "Wendleshire Constabulary" → "wendleshire". */
export function forceSlug(forceName: string): string {
  return forceName
    .replace(/\s+(constabulary|police)$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');
}

export function generateStopSearch(
  ctx: SynthContext,
  open: (month: string) => { push(line: string): void; end(): void },
): StopSearchOutput {
  const { county, plan, first, last } = ctx;
  const rng = ctx.rng.fork('stop-search');
  const op = plan.drugsOperation;
  const out: StopSearchOutput = { rows: 0, byDistrict: {}, unlocated: {} };
  const objectWeights = OBJECTS.map((o) => o.weight);
  const outcomeWeights = OUTCOMES.map((o) => o.weight);
  for (let m = first; m <= last; m++) {
    const key = monthKey(m);
    const sink = open(key);
    const days = daysInMonth(m);
    for (const lsoa of county.lsoas) {
      const lambda = BASE_RATE * (0.4 + 2 * lsoa.urban) * Math.exp(0.35 * lsoa.deprivation) * (1 + lsoa.nightlife);
      const inOperation = lsoa.district === op.district && op.wards.includes(lsoa.ward) && op.months.includes(m);
      // the operation multiplies the drug searches: drawn as extra searches with the drugs object
      const extraDrugs = inOperation ? rng.poisson(lambda * objectWeights[0]! * (op.multiplier - 1)) : 0;
      const n = rng.poisson(lambda) + extraDrugs;
      const [lon, lat] = cellCentre(county.lattice, lsoa.cell);
      const district = county.districts[lsoa.district]!.code;
      for (let k = 0; k < n; k++) {
        const object = k < extraDrugs ? OBJECTS[0]! : OBJECTS[rng.weighted(objectWeights)]!;
        let outcome = OUTCOMES[rng.weighted(outcomeWeights)]!.outcome;
        if (outcome === 'Khat or Cannabis warning' && object.object !== 'Controlled drugs')
          outcome = 'A no further action disposal';
        const located = !rng.chance(UNLOCATED);
        const day = 1 + rng.int(days);
        const minute = rng.int(24 * 60);
        const date = `${yearOf(m)}-${pad2(monthOf(m))}-${pad2(day)}T${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)}:00+00:00`;
        const linked = outcome === 'A no further action disposal' ? 'False' : rng.chance(0.7) ? 'True' : 'False';
        const person = rng.chance(0.88);
        sink.push(
          csvLine([
            person ? 'Person search' : 'Vehicle search',
            date,
            inOperation && object === OBJECTS[0] ? 'True' : 'False',
            inOperation && object === OBJECTS[0] ? op.name : '',
            located ? lat : '',
            located ? lon : '',
            person ? (rng.chance(0.86) ? 'Male' : 'Female') : '',
            person ? AGES[rng.weighted(AGE_WEIGHTS)]! : '',
            '',
            '',
            object.legislation,
            object.object,
            outcome,
            linked,
            person ? (rng.chance(0.05) ? 'True' : 'False') : '',
          ]),
        );
        out.rows++;
        if (!located) {
          out.unlocated[key] = (out.unlocated[key] ?? 0) + 1;
          continue;
        }
        const byMonth = (out.byDistrict[district] ??= {});
        const byObject = (byMonth[key] ??= {});
        byObject[object.object] = (byObject[object.object] ?? 0) + 1;
      }
    }
    sink.end();
  }
  return out;
}
