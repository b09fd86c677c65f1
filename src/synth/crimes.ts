import type { SynthContext } from './context.ts';
import { Tally } from './context.ts';
import { CRIMES, outcomeMix, OUTCOMES } from './crime-catalogue.ts';
import { dayOfWeek, daysInMonth, monthKey, monthOf, yearOf } from './calendar.ts';
import { addDays, Choice, DateText, RecordBatch } from './record-kit.ts';
import { eventMultiplier } from './events.ts';
import { populationOf } from './population.ts';
import { csvLine } from '../core/csv.ts';
import { OFFENCE_CODES } from '../core/taxonomy/offence-codes.ts';
import type { Rng } from './rng.ts';
import { CsvText, type LineFile } from './write.ts';

/** The header of the force's crime extract (a mapping YAML beside the files maps it). */
export const CRIME_HEADER = [
  'Crime Reference',
  'Committed Date/Time',
  'Recorded Date',
  'HO Code',
  'Offence Description',
  'DA Flag',
  'Beat',
  'Ward Code',
  'Ward Name',
  'LSOA Code',
  'District Code',
  'Location',
  'Longitude',
  'Latitude',
  'Outcome',
  'Outcome Date',
];

export interface CrimeOutput {
  /** Counts by ward × month offset × catalogue code index. */
  tally: Tally;
  rows: number;
}

/** Of the night-time share, the part before midnight (Friday and Saturday evenings). */
const NIGHT_EVENING_SHARE = 0.55;
const DESCRIPTIONS = new Map(OFFENCE_CODES.map((o) => [o.code, o.description]));

/**
 * Generates the crimes month by month, writing each calendar year to the file `open(year, header)`
 * gives. Expected count per LSOA, month and offence code = residents × rate × the month's day
 * weights × place, district, trend and ward-year factors × any injected event; the count is a
 * Poisson draw. Offences with a night-time share put that share on town-centre Friday and
 * Saturday nights.
 */
export function generateCrimes(ctx: SynthContext, open: (year: number, header: string) => LineFile): CrimeOutput {
  const { county, time, intensity, plan, first, last } = ctx;
  const entries = CRIMES;
  const lsoas = county.lsoas;
  const tally = new Tally(county.wards.length, last - first + 1, entries.length);
  const file: { year: number; sink: LineFile | null } = { year: -1, sink: null };
  const sequence = new Map<number, number>();
  const mixes = entries.map((e) => {
    const mix = outcomeMix(e.group);
    return new Choice(mix.labels.map((l, i) => [l, mix.weights[i]!] as const));
  });
  const descriptions = entries.map((e) => new Choice(e.descriptions ?? [[DESCRIPTIONS.get(e.code) ?? e.code, 1]]));
  const places = entries.map((e) => intensity.placeOf(e.group));
  const nightPlace = intensity.nightPlace();
  const initials = county.name
    .replace(/shire$/, '')
    .slice(0, 2)
    .toUpperCase();
  const text = new CsvText();
  const dates = new DateText();
  const header = csvLine(CRIME_HEADER);
  let rows = 0;

  for (let m = first; m <= last; m++) {
    const rng = ctx.rng.fork(`crimes/${monthKey(m)}`);
    // outcome dates from their own stream, so the crimes themselves do not depend on them
    const outcomeRng = ctx.rng.fork(`crimes/${monthKey(m)}/outcome-dates`);
    const year = yearOf(m);
    const mon = monthOf(m);
    const batch = new RecordBatch(county.lattice, time, m);
    // Everything that does not vary by LSOA, once a month.
    const daySums = entries.map((e) => time.month(e.time, m).sum);
    const eveningSum = time.month('nightEvening', m).sum * NIGHT_EVENING_SHARE;
    const earlySum = time.month('nightEarly', m).sum * (1 - NIGHT_EVENING_SHARE);
    const trends = entries.map((e) =>
      county.districts.map((d) => intensity.districtTrend(e.group, d.index, m, e.trend)),
    );
    const wardYears = entries.map((e) => intensity.wardYear(e.group, m));
    for (const lsoa of lsoas) {
      const perDay = populationOf(ctx.population, year, lsoa.index) / 1000 / 365.25;
      const inFocus = lsoa.district === plan.focus;
      const night = nightPlace[lsoa.index]!;
      for (let ci = 0; ci < entries.length; ci++) {
        const entry = entries[ci]!;
        const event = inFocus ? eventMultiplier(plan, county, entry.code, lsoa.index, m) : 1;
        const base = perDay * entry.rate * event * trends[ci]![lsoa.district]! * wardYears[ci]![lsoa.ward]!;
        const share = entry.night ?? 0;
        for (let n = rng.poisson(base * daySums[ci]! * (1 - share) * places[ci]![lsoa.index]!); n > 0; n--)
          batch.add(rng, entry.time, ci, lsoa);
        if (share > 0 && night > 0) {
          const lam = base * share * night;
          for (let n = rng.poisson(lam * eveningSum); n > 0; n--) batch.add(rng, 'nightEvening', ci, lsoa);
          for (let n = rng.poisson(lam * earlySum); n > 0; n--) batch.add(rng, 'nightEarly', ci, lsoa);
        }
      }
    }
    addBurglarySeries(ctx, batch, rng.fork('series'));

    if (file.year !== year || !file.sink) {
      file.sink?.end();
      file.year = year;
      file.sink = open(year, header);
    }
    const sink = file.sink;
    const yy = String(year % 100).padStart(2, '0');
    for (const i of batch.order()) {
      const seq = (sequence.get(year) ?? 0) + 1;
      sequence.set(year, seq);
      const ci = batch.kind[i]!;
      const entry = entries[ci]!;
      const lsoa = lsoas[batch.lsoa[i]!]!;
      const ward = county.wards[lsoa.ward]!;
      const day = batch.day[i]!;
      tally.add(ward.index, m - first, ci);
      const recorded = clampTo(addDays(year, mon, day, recordingDelay(rng)), last);
      const description = descriptions[ci]!.draw(rng);
      const flag = rng.chance(entry.domestic ?? 0) ? 'Y' : 'N';
      const drawn = outcomeFor(rng, mixes[ci]!);
      // an outcome not reached by the extract's last day is still under investigation
      const at = drawn === OUTCOMES.under ? null : addDays(year, mon, day, outcomeDelay(outcomeRng, drawn));
      const decided = at && at.year * 12 + at.mon - 1 <= last ? at : null;
      const outcome = decided ? drawn : OUTCOMES.under;
      sink.push(
        `${initials}/${String(seq).padStart(6, '0')}/${yy},${dates.dmy(year, mon, day)} ${dates.hm(batch.minute[i]!)},` +
          `${dates.dmy(recorded.year, recorded.mon, recorded.day)},${entry.code},${text.cell(description)},${flag},${ward.beat},${ward.code},` +
          `${text.cell(ward.name)},${lsoa.code},${county.districts[lsoa.district]!.code},${text.cell(`On or near ${lsoa.streets[batch.street[i]!]}`)},` +
          `${batch.lon[i]},${batch.lat[i]},${text.cell(outcome)},${decided ? dates.dmy(decided.year, decided.mon, decided.day) : ''}`,
      );
      rows++;
    }
  }
  file.sink?.end();
  return { tally, rows };
}

/** The injected burglary series: extra dwelling burglaries on weekday evenings in one or two LSOAs. */
function addBurglarySeries(ctx: SynthContext, batch: RecordBatch, rng: Rng): void {
  const series = ctx.plan.burglarySeries;
  const m = batch.month;
  const k = series.months.indexOf(m);
  if (k < 0) return;
  const year = yearOf(m);
  const mon = monthOf(m);
  const weekdays = Array.from({ length: daysInMonth(m) }, (_, d) => d + 1).filter((d) => {
    const dow = dayOfWeek(year, mon, d);
    return dow >= 1 && dow <= 5;
  });
  for (let n = 0; n < series.added[k]!; n++) {
    const code = rng.chance(0.8) ? series.codes[0]! : series.codes[1]!;
    const lsoa = ctx.county.lsoas[series.lsoas[n % series.lsoas.length]!]!;
    batch.addAt(
      rng,
      CRIMES.findIndex((e) => e.code === code),
      lsoa,
      rng.pick(weekdays),
      (16 + rng.int(6)) * 60 + rng.int(60),
    );
  }
}

/** Days between the offence and its recording: most the same or next day, a few weeks later. */
function recordingDelay(rng: Rng): number {
  const r = rng.next();
  return r < 0.55 ? 0 : r < 0.8 ? 1 : r < 0.95 ? 2 + rng.int(6) : 8 + rng.int(50);
}

function clampTo(
  date: { year: number; mon: number; day: number },
  last: number,
): { year: number; mon: number; day: number } {
  if (date.year * 12 + date.mon - 1 > last) return { year: yearOf(last), mon: monthOf(last), day: daysInMonth(last) };
  return date;
}

/**
 * Days from the offence to its outcome (the extract's Outcome Date): a suspect charged or dealt
 * with out of court takes weeks to months, a crime closed without a suspect a few weeks.
 */
function outcomeDelay(rng: Rng, outcome: string): number {
  const median =
    outcome === OUTCOMES.noSuspect ? 18 : outcome === OUTCOMES.charged ? 75 : outcome === OUTCOMES.unable ? 45 : 35;
  return Math.max(1, Math.round(median * rng.lognormal(0.7)));
}

/**
 * The final outcome: a few crimes stay under investigation for good; the others reach their
 * outcome after a delay (outcomeDelay), so recent crimes are mostly still under investigation
 * because their outcome falls after the extract's last day, whatever their age.
 */
function outcomeFor(rng: Rng, mix: Choice<string>): string {
  if (rng.chance(LONG_OPEN)) return OUTCOMES.under;
  return mix.draw(rng);
}

/** Crimes that stay under investigation whatever their age. */
const LONG_OPEN = 0.02;
