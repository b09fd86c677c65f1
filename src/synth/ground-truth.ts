import type { SynthContext } from './context.ts';
import type { CrimeOutput } from './crimes.ts';
import type { IncidentOutput } from './incidents.ts';
import type { FireOutput } from './fires.ts';
import { CRIMES } from './crime-catalogue.ts';
import { daysInMonth, monthKey } from './calendar.ts';
import { OFFENCE_CODES } from '../core/taxonomy/offence-codes.ts';
import { RESIDENTIAL_BURGLARY_CODES } from './events.ts';

/**
 * What the assessment should find: each injected event with its area, months and expected effect,
 * and the counts actually generated (so a test or a reader can check a method against both).
 */
export function buildGroundTruth(
  ctx: SynthContext,
  crimes: CrimeOutput,
  incidents: IncidentOutput,
  fires: FireOutput,
  fireFile: string,
): Record<string, unknown> {
  const { county, plan, first, last } = ctx;
  const months = range(first, last);
  const focus = county.districts[plan.focus]!;
  const codeIndexes = (codes: readonly string[]): number[] =>
    codes.map((c) => CRIMES.findIndex((e) => e.code === c)).filter((i) => i >= 0);
  const crimeCount = (wards: readonly number[], ms: readonly number[], codes: readonly string[]): number =>
    crimes.tally.sum(
      wards,
      ms.map((m) => m - first),
      codeIndexes(codes),
    );
  const describe = (code: string): string => OFFENCE_CODES.find((o) => o.code === code)?.description ?? code;
  const ward = (w: number) => ({
    code: county.wards[w]!.code,
    name: county.wards[w]!.name,
    beat: county.wards[w]!.beat,
  });

  const series = plan.burglarySeries;
  const others = months.filter((m) => !series.months.includes(m));
  const seriesObserved = series.months.map((m) => crimeCount([series.ward], [m], RESIDENTIAL_BURGLARY_CODES));

  const op = plan.drugsOperation;
  const opBefore = op.months.map((m) => m - 12).filter((m) => m >= first);

  const rise = plan.emergingRise;
  const riseBefore = range(rise.months[0]! - 12, rise.months[0]! - 1).filter((m) => m >= first);
  const riseMean = riseBefore.length > 0 ? crimeCount(focus.wards, riseBefore, [rise.code]) / riseBefore.length : null;

  const halloween = plan.halloween.months.map((m) => {
    const k = m - first;
    const days = daysInMonth(m);
    let total = 0;
    let onDay = 0;
    for (const d of county.districts) {
      for (let day = 0; day < days; day++) total += incidents.asbByDay.get(d.index, k, day);
      onDay += incidents.asbByDay.get(d.index, k, 30);
    }
    const focusDay = incidents.asbByDay.get(focus.index, k, 30);
    let focusTotal = 0;
    for (let day = 0; day < days; day++) focusTotal += incidents.asbByDay.get(focus.index, k, day);
    return {
      date: `${monthKey(m)}-31`,
      county: { count: onDay, october_daily_mean: round2(total / days) },
      focus_district: { count: focusDay, october_daily_mean: round2(focusTotal / days) },
    };
  });

  return {
    generator: 'safer synth',
    seed: ctx.rng.label,
    window: { first: monthKey(first), last: monthKey(last) },
    county: { code: county.code, name: county.name },
    focus_district: { code: focus.code, name: focus.name, csp_code: focus.cspCode },
    events: [
      {
        id: 'burglary-series',
        description: `A series of dwelling burglaries on weekday evenings in ${county.wards[series.ward]!.name} over two months`,
        source: ctx.sources.crimes,
        district: focus.code,
        area: { level: 'ward', ...ward(series.ward), lsoas: series.lsoas.map((l) => county.lsoas[l]!.code) },
        months: series.months.map(monthKey),
        offence_codes: RESIDENTIAL_BURGLARY_CODES,
        expected: {
          effect: 'residential burglary in the ward far above its usual monthly level in each month of the series',
          added_offences: series.added,
          added_codes: series.codes,
          added_hours: '16:00-21:59, Monday to Friday',
        },
        observed: {
          counts: seriesObserved,
          usual_monthly_mean: round2(
            crimeCount([series.ward], others, RESIDENTIAL_BURGLARY_CODES) / Math.max(1, others.length),
          ),
        },
      },
      {
        id: 'halloween-asb',
        description: 'Anti-social behaviour spikes on 31 October every year, in every district',
        source: ctx.sources.incidents,
        district: null,
        area: { level: 'county', code: county.code, name: county.name },
        months: plan.halloween.months.map(monthKey),
        expected: {
          effect:
            "the day's ASB count far above its month's daily mean (the day weighs about three and a half ordinary days)",
          day_multiplier: plan.halloween.dayMultiplier,
        },
        observed: { days: halloween },
      },
      {
        id: 'drugs-operation',
        description: `${op.name}: a police operation that raised recorded drugs offences in ${op.wards.map((w) => county.wards[w]!.name).join(' and ')}`,
        source: ctx.sources.crimes,
        district: focus.code,
        area: { level: 'ward', wards: op.wards.map(ward) },
        months: op.months.map(monthKey),
        offence_codes: op.codes,
        expected: {
          effect: 'recorded drugs offences in the wards multiplied during the operation',
          multiplier: op.multiplier,
        },
        observed: {
          counts: op.months.map((m) => crimeCount(op.wards, [m], op.codes)),
          same_months_year_before: opBefore.map((m) => crimeCount(op.wards, [m], op.codes)),
        },
      },
      {
        id: 'emerging-rise',
        description: `An emerging rise in ${describe(rise.code).toLowerCase()} in ${focus.name} over the last four months`,
        source: ctx.sources.crimes,
        district: focus.code,
        area: { level: 'district', code: focus.code, name: focus.name },
        months: rise.months.map(monthKey),
        offence_codes: [rise.code],
        category: OFFENCE_CODES.find((o) => o.code === rise.code)?.policeUkType ?? null,
        expected: { effect: 'a sustained rise that a CUSUM or control chart flags', multipliers: rise.multipliers },
        observed: {
          counts: rise.months.map((m) => crimeCount(focus.wards, [m], [rise.code])),
          previous_12_month_mean: riseMean === null ? null : round2(riseMean),
        },
      },
      {
        id: 'recording-gap',
        description: `No fire incidents were extracted for ${monthKey(plan.recordingGap.month)}: one month is missing from the fire service's file`,
        source: plan.recordingGap.source,
        district: null,
        area: { level: 'fire', code: county.fire.code, name: county.fire.name },
        months: [monthKey(plan.recordingGap.month)],
        file: fireFile,
        expected: {
          effect: 'no records for the month; a data-quality check should report the gap rather than a fall',
          records_in_file: 0,
        },
        observed: { records_withheld: fires.withheld },
      },
    ],
    patterns: {
      town_centres: county.wards
        .filter((w) => w.townCentre)
        .map((w) => ({ district: county.districts[w.district]!.code, ...ward(w.index) })),
      hotspots: county.wards
        .filter((w) => w.hotspots.length > 0)
        .map((w) => ({ district: county.districts[w.district]!.code, ...ward(w.index), kinds: w.hotspots })),
      seasonality: {
        asb: "peaks in June-August; spikes on Halloween, Bonfire Night and New Year's Eve",
        criminal_damage: 'peaks in summer; raised on Halloween and Bonfire Night',
        dwelling_burglary: 'peaks October-January (dark evenings)',
        deliberate_secondary_fires: 'peaks in April and school holidays; Bonfire Night about five times a normal day',
        night_time_violence: 'Friday and Saturday nights (20:00-04:00) in town-centre wards',
      },
      trends_per_year: Object.fromEntries(CRIMES.filter((e) => e.trend !== undefined).map((e) => [e.code, e.trend])),
    },
  };
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let m = a; m <= b; m++) out.push(m);
  return out;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
