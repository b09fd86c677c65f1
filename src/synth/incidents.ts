import type { SynthContext } from './context.ts';
import { Tally } from './context.ts';
import { monthKey, monthOf, yearOf, pad2, daysInMonth } from './calendar.ts';
import { Choice, excelSerial, RecordBatch } from './record-kit.ts';
import { populationOf } from './population.ts';
import type { SpatialGroup } from './crime-catalogue.ts';
import type { TimeProfile } from './profiles.ts';
import { WorkbookBuilder, type SheetBuilder, type SheetColumn } from './xlsx.ts';

/**
 * Police incidents from the command-and-control system: anti-social behaviour with its national
 * class (Personal, Nuisance, Environmental) and opening description, plus public-safety and
 * transport incidents, at about English rates per 1,000 residents.
 */
export const INCIDENT_COLUMNS: readonly SheetColumn[] = [
  { header: 'Incident Number', type: 'text', width: 18 },
  { header: 'Incident Date', type: 'date', width: 12 },
  { header: 'Incident Time', type: 'time', width: 10 },
  { header: 'Incident Type', type: 'text', width: 14 },
  { header: 'Final Class', type: 'text', width: 26 },
  { header: 'Opening Description', type: 'text', width: 36 },
  { header: 'Beat', type: 'text', width: 8 },
  { header: 'Ward', type: 'text', width: 12 },
  { header: 'LSOA', type: 'text', width: 12 },
  { header: 'District', type: 'text', width: 12 },
  { header: 'Longitude', type: 'number', width: 11 },
  { header: 'Latitude', type: 'number', width: 11 },
];

/** Incident types as the force writes them, recoded to Safer's categories by the mapping. */
export const INCIDENT_TYPES = {
  ASB: 'Anti-social behaviour',
  'Public Safety': 'Public safety',
  Transport: 'Transport',
} as const;

interface IncidentKind {
  type: keyof typeof INCIDENT_TYPES;
  rate: number;
  group: SpatialGroup;
  time: TimeProfile;
}

const KINDS: readonly IncidentKind[] = [
  { type: 'ASB', rate: 20, group: 'asb', time: 'asb' },
  { type: 'Public Safety', rate: 3, group: 'publicSafety', time: 'day' },
  { type: 'Transport', rate: 2, group: 'transport', time: 'collision' },
];

const ASB_DESCRIPTIONS: Record<string, readonly (readonly [string, number])[]> = {
  Nuisance: [
    ['Rowdy or inconsiderate behaviour', 0.5],
    ['Vehicle nuisance or inappropriate use', 0.16],
    ['Noise', 0.12],
    ['Street drinking', 0.07],
    ['Begging or vagrancy', 0.05],
    ['Trespass', 0.06],
    ['Fireworks', 0.04],
  ],
  Personal: [
    ['Rowdy or inconsiderate behaviour', 0.35],
    ['Neighbour dispute', 0.35],
    ['Harassment or intimidation', 0.3],
  ],
  Environmental: [
    ['Fly-tipping', 0.35],
    ['Litter or drugs paraphernalia', 0.3],
    ['Graffiti', 0.2],
    ['Animal problems', 0.15],
  ],
};
const OTHER_CLASSES: Record<string, readonly (readonly [string, number])[]> = {
  'Public Safety': [
    ['Concern for safety', 0.4],
    ['Suspicious circumstances', 0.25],
    ['Missing person', 0.12],
    ['Collapse or illness', 0.13],
    ['Alarm activation', 0.1],
  ],
  Transport: [
    ['Road related offence', 0.4],
    ['Highway disruption', 0.3],
    ['Damage-only collision', 0.2],
    ['Abandoned vehicle', 0.1],
  ],
};

export interface IncidentOutput {
  /** ASB by district × month offset × day of month (0-based). */
  asbByDay: Tally;
  /** Incidents by ward × month offset × kind (0 ASB, 1 public safety, 2 transport). */
  byWard: Tally;
  count: number;
}

/** Generates the incidents month by month; each calendar year's workbook is handed to `done` when complete. */
export function generateIncidents(
  ctx: SynthContext,
  done: (year: number, book: WorkbookBuilder, rows: number) => void,
): IncidentOutput {
  const { county, time, intensity, first, last } = ctx;
  const months = last - first + 1;
  const asbByDay = new Tally(county.districts.length, months, 31);
  const byWard = new Tally(county.wards.length, months, KINDS.length);
  const asbChoices = Object.fromEntries(Object.entries(ASB_DESCRIPTIONS).map(([k, v]) => [k, new Choice(v)]));
  const otherChoices = Object.fromEntries(Object.entries(OTHER_CLASSES).map(([k, v]) => [k, new Choice(v)]));
  let book: { year: number; builder: WorkbookBuilder; sheet: SheetBuilder } | null = null;
  let count = 0;
  for (let m = first; m <= last; m++) {
    const rng = ctx.rng.fork(`incidents/${monthKey(m)}`);
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
    if (book === null || book.year !== year) {
      if (book) done(book.year, book.builder, book.sheet.rows);
      const builder = new WorkbookBuilder();
      book = { year, builder, sheet: builder.sheet('Incidents', INCIDENT_COLUMNS) };
    }
    const perDay = new Array<number>(daysInMonth(m) + 1).fill(0);
    for (const i of batch.order()) {
      const lsoa = county.lsoas[batch.lsoa[i]!]!;
      const ward = county.wards[lsoa.ward]!;
      const k = batch.kind[i]!;
      const kind = KINDS[k]!;
      const day = batch.day[i]!;
      let cls: string;
      let description: string;
      if (kind.type === 'ASB') {
        const personal = Math.min(0.55, 0.3 * Math.exp(0.25 * lsoa.deprivation));
        const r = rng.next();
        cls = r < personal ? 'Personal' : r < personal + 0.045 ? 'Environmental' : 'Nuisance';
        description = asbChoices[cls]!.draw(rng);
        asbByDay.add(lsoa.district, m - first, day - 1);
      } else {
        cls = otherChoices[kind.type]!.draw(rng);
        description = cls;
      }
      byWard.add(ward.index, m - first, k);
      perDay[day] = perDay[day]! + 1;
      book.sheet.row([
        `${String(year % 100).padStart(2, '0')}${pad2(mon)}${pad2(day)}-${String(perDay[day]).padStart(4, '0')}`,
        excelSerial(year, mon, day),
        batch.minute[i]! / 1440,
        kind.type,
        cls,
        description,
        ward.beat,
        ward.code,
        lsoa.code,
        county.districts[lsoa.district]!.code,
        batch.lon[i]!,
        batch.lat[i]!,
      ]);
      count++;
    }
  }
  if (book) done(book.year, book.builder, book.sheet.rows);
  return { asbByDay, byWard, count };
}
