import type { SynthContext } from './context.ts';
import { financialQuarter, financialYear, yearOf } from './calendar.ts';
import { populationOf, sumOver } from './population.ts';
import { csvLine } from '../core/csv.ts';
import type { CellValue, SheetColumn } from './xlsx.ts';

/**
 * Aggregate partner returns per district and financial quarter, in the long indicator layout:
 * offender management (IOM cohort and its re-offending), youth offending, probation, and drug
 * treatment (numbers in treatment, 12-week retention, planned exits, DRR starts). Levels scale
 * with population and deprivation; proportions carry their numerator and denominator.
 */
export const INDICATOR_HEADER = [
  'indicator',
  'area_code',
  'area_name',
  'period',
  'value',
  'numerator',
  'denominator',
  'unit',
  'kind',
];

export const TREATMENT_COLUMNS: readonly SheetColumn[] = INDICATOR_HEADER.map((header) => ({
  header,
  type: ['value', 'numerator', 'denominator'].includes(header) ? 'number' : 'text',
  width: header === 'indicator' ? 38 : header === 'area_name' ? 22 : 12,
}));

/** Every indicator written, with its meaning (also in docs/synthetic-county.md). */
export const INDICATORS = {
  iom_cohort: 'Offenders in the Integrated Offender Management cohort at the end of the quarter',
  iom_offenders_reoffending: 'IOM cohort members who committed a detected offence in the quarter',
  iom_reoffending_rate: 'Detected offences by the IOM cohort in the quarter per cohort member',
  youth_offences: 'Offences by young people (10–17) with a substantive outcome in the quarter',
  youth_offenders: 'Young people with a substantive outcome in the quarter',
  youth_first_time_entrants: 'Young people entering the youth justice system for the first time in the quarter',
  probation_caseload: 'Offenders on the probation caseload at the end of the quarter',
  probation_unpaid_work_starts: 'Offenders starting an unpaid work requirement in the quarter',
  treatment_adults_in_treatment: 'Adults in structured drug treatment in the 12 months to the end of the quarter',
  treatment_young_people:
    'Young people (under 18) receiving specialist substance misuse treatment in the 12 months to the end of the quarter',
  treatment_retention_12_weeks: 'Adults starting treatment in the quarter retained for 12 weeks or more (%)',
  treatment_planned_exits: 'Adults leaving treatment in the quarter through a planned exit (%)',
  drr_starts: 'Drug Rehabilitation Requirements started in the quarter',
} as const;
type IndicatorName = keyof typeof INDICATORS;
/** What each indicator measures (the return's kind column: docs/aggregate-returns.md). */
export const INDICATOR_KINDS: Record<IndicatorName, string> = {
  iom_cohort: 'count',
  iom_offenders_reoffending: 'count',
  iom_reoffending_rate: 'rate per person',
  youth_offences: 'count',
  youth_offenders: 'count',
  youth_first_time_entrants: 'count',
  probation_caseload: 'count',
  probation_unpaid_work_starts: 'count',
  treatment_adults_in_treatment: 'count',
  treatment_young_people: 'count',
  treatment_retention_12_weeks: 'proportion',
  treatment_planned_exits: 'proportion',
  drr_starts: 'count',
};
const TREATMENT: readonly IndicatorName[] = [
  'treatment_adults_in_treatment',
  'treatment_young_people',
  'treatment_retention_12_weeks',
  'treatment_planned_exits',
  'drr_starts',
];

export interface ReturnsOutput {
  /** Offender management, youth offending and probation (CSV). */
  csv: string;
  /** Drug treatment rows for the XLSX sheet. */
  treatmentRows: CellValue[][];
  rows: number;
  periods: string[];
}

export function generateReturns(ctx: SynthContext): ReturnsOutput {
  const { county, first, last } = ctx;
  const quarters: { label: string; end: number }[] = [];
  for (let m = first; m + 2 <= last; m++) {
    if ((m - 3) % 3 !== 0 || financialQuarter(m) !== financialQuarter(m + 2)) continue;
    quarters.push({ label: `${financialYear(m)} Q${financialQuarter(m)}`, end: m + 2 });
  }
  const lines = [csvLine(INDICATOR_HEADER)];
  const treatmentRows: CellValue[][] = [];
  let rows = 0;
  for (const district of county.districts) {
    const rng = ctx.rng.fork(`returns/${district.code}`);
    const deprivation = district.lsoas.reduce((s, l) => s + county.lsoas[l]!.deprivation, 0) / district.lsoas.length;
    const need = Math.exp(0.35 * deprivation) * rng.lognormal(0.15);
    const treatmentLevel = need * rng.lognormal(0.12);
    let cohort = Math.round((district.targetPopulation / 1000) * 0.16 * need * rng.lognormal(0.1));
    for (const q of quarters) {
      const pop = sumOver(
        county.lsoas.map((_, l) => populationOf(ctx.population, yearOf(q.end), l)),
        district.lsoas,
      );
      const years = (q.end - (first + last) / 2) / 12;
      const k = pop / 1000;
      const put = (
        name: IndicatorName,
        value: number,
        numerator: number | null,
        denominator: number | null,
        unit: string,
      ): void => {
        const row = [
          name,
          district.code,
          district.name,
          q.label,
          value,
          numerator,
          denominator,
          unit,
          INDICATOR_KINDS[name],
        ];
        if (TREATMENT.includes(name)) treatmentRows.push(row);
        else lines.push(csvLine(row));
        rows++;
      };
      cohort = Math.max(5, cohort + rng.poisson(3) - rng.poisson(3));
      const reoffences = rng.poisson(cohort * 0.55 * Math.exp(-0.05 * years));
      const reoffenders = Math.min(cohort, Math.round(reoffences * rng.uniform(0.45, 0.7)));
      put('iom_cohort', cohort, null, null, 'offenders');
      put('iom_offenders_reoffending', reoffenders, null, null, 'offenders');
      put('iom_reoffending_rate', round2(reoffences / cohort), reoffences, cohort, 'offences per offender');
      const youthOffences = rng.poisson(k * 0.42 * need * Math.exp(-0.06 * years));
      put('youth_offences', youthOffences, null, null, 'offences');
      put('youth_offenders', Math.round(youthOffences / rng.uniform(1.8, 2.6)), null, null, 'offenders');
      put(
        'youth_first_time_entrants',
        rng.poisson(k * 0.04 * need * Math.exp(-0.05 * years)),
        null,
        null,
        'young people',
      );
      put('probation_caseload', rng.poisson(k * 2.6 * need), null, null, 'offenders');
      put('probation_unpaid_work_starts', rng.poisson(k * 0.22 * need), null, null, 'offenders');
      const inTreatment = rng.poisson(k * 2.2 * treatmentLevel * Math.exp(0.02 * years));
      put('treatment_adults_in_treatment', inTreatment, null, null, 'adults');
      put('treatment_young_people', rng.poisson(k * 0.1 * treatmentLevel), null, null, 'young people');
      const starts = Math.max(1, rng.poisson(inTreatment * 0.17));
      const retained = binomial(rng, starts, 0.81);
      put('treatment_retention_12_weeks', round1((100 * retained) / starts), retained, starts, '%');
      const exits = Math.max(1, rng.poisson(inTreatment * 0.16));
      const planned = binomial(rng, exits, 0.45);
      put('treatment_planned_exits', round1((100 * planned) / exits), planned, exits, '%');
      put('drr_starts', rng.poisson(k * 0.033 * need), null, null, 'orders');
    }
  }
  return { csv: `${lines.join('\n')}\n`, treatmentRows, rows, periods: quarters.map((q) => q.label) };
}

function binomial(rng: { next(): number }, n: number, p: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (rng.next() < p) k++;
  return k;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
