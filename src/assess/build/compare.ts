import type { Measure } from '../../core/measures/schema.ts';
import type { Catalogue } from '../../core/measures/catalogue.ts';
import type { Window } from '../../core/periods/index.ts';
import {
  changeVerdict,
  exactConditionalTest,
  percentChange,
  poissonZ,
  type ChangeVerdict,
} from '../../core/stats/index.ts';
import {
  comparability,
  sumMonths,
  type Comparability,
  type CompareMode,
  type ComparisonKind,
} from '../../core/periods/comparable.ts';
import type { CountSource, MeasureCount } from './counts.ts';
import type { Denominator, DenominatorKind } from './denominators.ts';

export interface PeriodFigure {
  window: Window;
  /** null when the measure cannot be counted from the data loaded */
  count: number | null;
  /** per 1,000 residents (households for household measures); null without count or denominator */
  rate: number | null;
  complete: boolean;
  missingMonths: string[];
}

export type NotAssessed =
  'not assessed: incomplete period' | 'not assessed: previous period not loaded' | 'not assessed: measure unavailable';

export interface Change {
  /** null when not assessed */
  abs: number | null;
  /** null when the previous count is 0 ("new"), or not assessed */
  pct: number | null;
  pValue: number | null;
  z: number | null;
  /** the wording downstream must follow; "not assessed: …" whenever the comparability rule refuses the comparison */
  verdict: ChangeVerdict | NotAssessed;
  alpha: number;
  /** the counts compared (over `basis`'s months: the whole windows, or the months loaded in both); null when not assessed */
  current: number | null;
  previous: number | null;
  /** how the periods were compared (see core/periods/comparable.ts); null for a measure that cannot be counted */
  basis: ComparisonKind | null;
  /** why not assessed (null when assessed) */
  reason: string | null;
}

export interface Comparison {
  district: string;
  /** the measure asked for */
  requested: string;
  /** the measure counted (differs when a fallback was used) */
  measure: string;
  title: string;
  source: CountSource | null;
  current: PeriodFigure;
  previous: PeriodFigure;
  change: Change;
  /** which months the change compares (the decision every level of this measure follows) */
  comparability: Comparability | null;
  denominator: Denominator | null;
  notes: string[];
}

export interface CompareOptions {
  /** significance level of the verdict (default 0.05) */
  alpha?: number;
  catalogue?: Catalogue;
  /** how incomplete windows are compared (default auto: like for like when 12 + 12 is incomplete) */
  compare?: CompareMode;
}

/** The denominators of the districts compared, by kind (read beforehand: see read/compare.ts). */
export type DenominatorsOf = (kind: DenominatorKind) => ReadonlyMap<string, Denominator>;

/** The measure each district was counted as (the one asked for, or its fallback). */
export function countedMeasure(measure: Measure, count: MeasureCount, catalogue?: Catalogue): Measure {
  return count.measure === measure.id ? measure : (catalogue?.get(count.measure) ?? measure);
}

/** The denominator kinds a comparison of these districts needs. */
export function denominatorKinds(
  measure: Measure,
  districts: readonly string[],
  counts: ReadonlyMap<string, MeasureCount>,
  catalogue?: Catalogue,
): DenominatorKind[] {
  return [...new Set(districts.map((d) => countedMeasure(measure, counts.get(d)!, catalogue).denominator))];
}

function figure(window: Window, count: number | null, denom: Denominator | null, missing: string[]): PeriodFigure {
  return {
    window,
    count,
    rate: count === null || !denom ? null : (1000 * count) / denom.value,
    complete: missing.length === 0,
    missingMonths: missing,
  };
}

/** A change that may not be made: every figure null, the reason given. */
export function notAssessed(
  alpha: number,
  reason: string | null,
  basis: ComparisonKind | null = 'not-assessed',
): Change {
  const verdict: NotAssessed =
    basis === null
      ? 'not assessed: measure unavailable'
      : reason === 'previous period not loaded'
        ? 'not assessed: previous period not loaded'
        : 'not assessed: incomplete period';
  return {
    abs: null,
    pct: null,
    pValue: null,
    z: null,
    verdict,
    alpha,
    current: null,
    previous: null,
    basis,
    reason: reason ?? (basis === null ? 'measure unavailable' : null),
  };
}

/** The change between two counts already known to be comparable, with the exact test deciding the verdict. */
export function testedChange(
  current: number,
  previous: number,
  alpha: number,
  basis: ComparisonKind = 'full',
  ratio = 1,
): Change {
  return {
    abs: current - previous,
    pct: percentChange(current, previous),
    pValue: exactConditionalTest(current, previous, ratio),
    z: poissonZ(current, previous).z,
    verdict: changeVerdict(current, previous, alpha, ratio),
    alpha,
    current,
    previous,
    basis,
    reason: null,
  };
}

/**
 * The change of a monthly series between two windows, as the comparability rule allows: on the
 * rule's months only (every level of the Assessment passes the same decision, so a ward, a
 * sub-type or harm is compared on exactly the months the district is).
 */
export function changeOver(
  monthly: ReadonlyMap<string, number> | undefined,
  decision: Comparability,
  alpha: number,
): Change {
  if (decision.kind === 'not-assessed') return notAssessed(alpha, decision.reason);
  return testedChange(
    sumMonths(monthly, decision.currentMonths),
    sumMonths(monthly, decision.previousMonths),
    alpha,
    decision.kind,
  );
}

/**
 * A measure in every district given, current window against previous, from counts already read
 * (their first two windows being `current` and `previous`). Rates of both periods use the
 * denominator of the current window's end year (stated), so the rate change mirrors the count
 * change. Windows of unequal length are compared with the exposure ratio in the exact test.
 */
export function compareCounts(
  measure: Measure,
  districts: readonly string[],
  counts: ReadonlyMap<string, MeasureCount>,
  current: Window,
  previous: Window,
  denominatorsOf: DenominatorsOf,
  options: CompareOptions = {},
): Comparison[] {
  const alpha = options.alpha ?? 0.05;
  const out: Comparison[] = [];
  for (const district of districts) {
    const c = counts.get(district)!;
    const counted = countedMeasure(measure, c, options.catalogue);
    const denom = denominatorsOf(counted.denominator).get(district) ?? null;
    const notes = [...c.notes];
    if (!denom) notes.push(`no ${counted.denominator} figure loaded for ${district}: rate not computed`);
    else if (denom.note) notes.push(denom.note);
    const [cc, pc] = c.counts;
    const [ccomp, pcomp] = c.completeness;
    for (const [label, comp, window] of [
      ['current', ccomp!, current],
      ['previous', pcomp!, previous],
    ] as const) {
      if (comp.missing.length === window.months.length) notes.push(`${label} period not loaded`);
      else if (!comp.complete) notes.push(`${label} period incomplete: no data for ${comp.missing.join(', ')}`);
    }
    const decision =
      c.source === null ? null : comparability(current, previous, new Set(c.loadedMonths), options.compare ?? 'auto');
    out.push({
      district,
      requested: measure.id,
      measure: counted.id,
      title: counted.title,
      source: c.source,
      current: figure(current, cc ?? null, denom, ccomp!.missing),
      previous: figure(previous, pc ?? null, denom, pcomp!.missing),
      change: decision === null ? notAssessed(alpha, null, null) : changeOver(c.monthly, decision, alpha),
      comparability: decision,
      denominator: denom,
      notes,
    });
  }
  return out;
}
