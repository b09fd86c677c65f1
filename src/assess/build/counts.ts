import type { Measure } from '../../core/measures/schema.ts';
import type { Catalogue } from '../../core/measures/catalogue.ts';
import { completeness, type Completeness, type Window } from '../../core/periods/index.ts';
import { familyGap, type CountSource } from './families.ts';

export type { CountSource } from './families.ts';

export interface MeasureCount {
  district: string;
  /** the measure counted: the one asked for, or its fallback */
  measure: string;
  /** set when the measure asked for could not be supported and `measure` is its fallback */
  fallbackFrom?: string;
  /** null when the data loaded cannot support the measure (and no fallback could) */
  source: CountSource | null;
  /** one count per window, in the order given; null when unsupported */
  counts: (number | null)[];
  completeness: Completeness[];
  notes: string[];
  /** the measure's count per month read (chosen source), for series */
  monthly: Map<string, number>;
  /** months read that hold data of the chosen source (coverage, whatever the measure) */
  loadedMonths: string[];
}

export interface MeasureCell {
  district: string;
  puk: boolean;
  month: string;
  covered: number;
  r: number | null;
  p: number | null;
}

/**
 * Counts per window from a measure's cells, choosing per district the taxonomy its data supports:
 * record extracts with offence codes when they cover at least as many months of the windows as
 * data.police.uk, else data.police.uk. A district whose data cannot support the measure is listed
 * in `unsupported` with a note saying why.
 */
export function countsFromCells(
  measure: Measure,
  districts: readonly string[],
  windows: readonly Window[],
  cells: readonly MeasureCell[],
): { counts: Map<string, MeasureCount>; unsupported: string[] } {
  const recordsGap = familyGap(measure, 'records');
  const pukGap = familyGap(measure, 'police-uk');
  const span = new Set(windows.flatMap((w) => w.months));
  const byDistrict = new Map<string, MeasureCell[]>();
  for (const c of cells) {
    if (!byDistrict.has(c.district)) byDistrict.set(c.district, []);
    byDistrict.get(c.district)!.push(c);
  }
  const counts = new Map<string, MeasureCount>();
  const unsupported: string[] = [];
  for (const district of districts) {
    const mine = byDistrict.get(district) ?? [];
    const recordMonths = mine.filter((c) => !c.puk && c.covered > 0 && span.has(c.month)).map((c) => c.month);
    const pukMonths = mine.filter((c) => c.puk && span.has(c.month)).map((c) => c.month);
    let source: CountSource | null = null;
    const notes: string[] = [];
    if (recordMonths.length > 0 && recordMonths.length >= pukMonths.length && recordsGap === null) source = 'records';
    else if (pukMonths.length > 0 && pukGap === null) source = 'police-uk';
    else if (recordMonths.length > 0 && recordsGap === null) source = 'records';
    if (source === null) {
      if (recordMonths.length + pukMonths.length === 0)
        notes.push(`no ${measure.kind} data loaded for this area in the period`);
      else
        notes.push(
          `"${measure.title}" cannot be counted from the data loaded: ${pukMonths.length ? pukGap : recordsGap}`,
        );
      unsupported.push(district);
    }
    const monthly = new Map<string, number>();
    const loadedMonths: string[] = [];
    for (const c of mine) {
      if (source === null || c.puk !== (source === 'police-uk')) continue;
      if (source === 'records' && c.covered === 0) continue;
      loadedMonths.push(c.month);
      monthly.set(c.month, (source === 'records' ? c.r : c.p) ?? 0);
    }
    const months = source === 'records' ? recordMonths : pukMonths;
    counts.set(district, {
      district,
      measure: measure.id,
      source,
      counts: windows.map((w) => (source === null ? null : w.months.reduce((s, m) => s + (monthly.get(m) ?? 0), 0))),
      completeness: windows.map((w) => completeness(w, months)),
      notes,
      monthly,
      loadedMonths: loadedMonths.sort(),
    });
  }
  return { counts, unsupported };
}

/**
 * measureCounts on cells from any provider (one query per measure, or the cells of every
 * measure read in one pass): counts per window, and the declared fallback for the districts
 * whose data cannot support the measure.
 */
export async function measureCountsWith(
  measure: Measure,
  districts: readonly string[],
  windows: readonly Window[],
  cellsOf: (measure: Measure, districts: readonly string[]) => Promise<readonly MeasureCell[]> | readonly MeasureCell[],
  catalogue?: Catalogue,
): Promise<Map<string, MeasureCount>> {
  const { counts: out, unsupported } = countsFromCells(measure, districts, windows, await cellsOf(measure, districts));
  const fallback = measure.fallback && catalogue?.get(measure.fallback.measure);
  if (fallback && unsupported.length > 0) {
    const replaced = await measureCountsWith(fallback, unsupported, windows, cellsOf, catalogue);
    for (const [district, count] of replaced) {
      if (count.source === null) continue;
      out.set(district, {
        ...count,
        fallbackFrom: count.fallbackFrom ?? measure.id,
        notes: [`"${measure.title}" not available: ${measure.fallback!.note}`, ...count.notes],
      });
    }
  }
  return out;
}
