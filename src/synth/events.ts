import type { Rng } from './rng.ts';
import type { County } from './geography.ts';
import { monthOf } from './calendar.ts';

/**
 * The known events injected into the county, chosen from the seed. All but the Halloween spike
 * (every district) and the recording gap (a whole source) fall in the focus district, the one the
 * demo assesses, and in the last assessment year so that the assessment must find them.
 */
export interface EventPlan {
  focus: number;
  burglarySeries: {
    district: number;
    ward: number;
    /** The LSOAs the series works through. */
    lsoas: number[];
    months: number[];
    /** Offences added in each month (on top of the usual level). */
    added: number[];
    codes: string[];
  };
  drugsOperation: {
    name: string;
    district: number;
    wards: number[];
    months: number[];
    multiplier: number;
    codes: string[];
  };
  emergingRise: {
    district: number;
    code: string;
    months: number[];
    multipliers: number[];
  };
  recordingGap: { source: string; month: number };
  /** Every 31 October in the window. */
  halloween: { months: number[]; dayMultiplier: number };
}

export const DRUG_CODES = ['92A', '92D', '92E'];
export const RESIDENTIAL_BURGLARY_CODES = ['28E', '28F', '28G', '28H', '29A'];
const OPERATIONS = ['Kestrel', 'Hawthorn', 'Lantern', 'Granite', 'Bramble', 'Sentinel', 'Tarn', 'Falcon'];
/** Candidates for the emerging rise: categories that are not usually priorities. */
const RISING = ['39', '34B', '44'];

export function planEvents(
  rng: Rng,
  county: County,
  first: number,
  last: number,
  fireSource: string,
  halloweenMultiplier: number,
): EventPlan {
  const focus = 0;
  const district = county.districts[focus]!;
  const wards = district.wards.map((w) => county.wards[w]!);
  // The series works a suburban ward of the main town (as Operation COIL's Boxmoor in the reference).
  const urban = (w: (typeof wards)[number]): number =>
    w.lsoas.reduce((s, l) => s + county.lsoas[l]!.urban, 0) / w.lsoas.length;
  const residential = wards.filter(
    (w) => !w.townCentre && !w.hotspots.includes('burglary') && !w.marketTown && urban(w) >= 0.25,
  );
  const seriesWard = rng.pick(residential.length > 0 ? residential : wards.filter((w) => !w.townCentre));
  const seriesLsoas = rng.shuffle(seriesWard.lsoas).slice(0, Math.min(2, seriesWard.lsoas.length));
  const seriesStart = Math.max(first, last - 10);
  const months = (from: number, n: number): number[] =>
    Array.from({ length: n }, (_, k) => from + k).filter((m) => m >= first && m <= last);

  const centre = wards.find((w) => w.townCentre)!;
  const byDeprivation = wards
    .filter((w) => !w.townCentre)
    .map((w) => ({ w, d: w.lsoas.reduce((s, l) => s + county.lsoas[l]!.deprivation, 0) / w.lsoas.length }))
    .sort((a, b) => b.d - a.d || a.w.index - b.w.index);
  const opWards = [centre.index, ...(byDeprivation[0] ? [byDeprivation[0].w.index] : [])];

  const halloween: number[] = [];
  for (let m = first; m <= last; m++) if (monthOf(m) === 10) halloween.push(m);

  return {
    focus,
    burglarySeries: {
      district: focus,
      ward: seriesWard.index,
      lsoas: seriesLsoas,
      months: months(seriesStart, 2),
      added: [11 + rng.int(4), 13 + rng.int(5)],
      codes: ['28E', '28F'],
    },
    drugsOperation: {
      name: `Operation ${rng.pick(OPERATIONS)}`,
      district: focus,
      wards: opWards,
      months: months(Math.max(first, last - 6), 3),
      multiplier: 4,
      codes: DRUG_CODES,
    },
    emergingRise: {
      district: focus,
      code: rng.pick(RISING),
      months: months(Math.max(first, last - 3), 4),
      multipliers: [1.5, 1.9, 2.3, 2.7],
    },
    recordingGap: { source: fireSource, month: Math.max(first, last - 7) },
    halloween: { months: halloween, dayMultiplier: halloweenMultiplier },
  };
}

/** Multiplier the drugs operation and the emerging rise put on a code's rate in an LSOA and month. */
export function eventMultiplier(plan: EventPlan, county: County, code: string, lsoa: number, month: number): number {
  const l = county.lsoas[lsoa]!;
  let f = 1;
  const op = plan.drugsOperation;
  if (l.district === op.district && op.codes.includes(code) && op.wards.includes(l.ward) && op.months.includes(month))
    f *= op.multiplier;
  const rise = plan.emergingRise;
  if (l.district === rise.district && code === rise.code) {
    const k = rise.months.indexOf(month);
    if (k >= 0) f *= rise.multipliers[k]!;
  }
  return f;
}

export function isGapMonth(plan: EventPlan, source: string, month: number): boolean {
  return plan.recordingGap.source === source && plan.recordingGap.month === month;
}
