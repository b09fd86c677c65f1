export type DenominatorKind = 'population' | 'households';

export interface Denominator {
  kind: DenominatorKind;
  /** the year of the figure used (stated beside every rate) */
  year: number;
  value: number;
  /** set when no figure for the period's year or earlier exists and a later one is used */
  note?: string;
}

export interface DenominatorRow {
  area_code: string;
  year: number;
  value: number;
  derived: boolean;
}

/**
 * Population or households per area for `year`: the latest year ≤ `year` loaded, else the nearest
 * later year (with a note). Areas with no figure at all are absent from the map.
 */
export function pickDenominators(
  rows: readonly DenominatorRow[],
  year: number,
  kind: DenominatorKind,
): Map<string, Denominator> {
  const out = new Map<string, Denominator>();
  for (const row of rows) {
    const held = out.get(row.area_code);
    const better =
      !held || (row.year <= year ? held.year > year || row.year > held.year : held.year > year && row.year < held.year);
    if (better && row.value > 0) {
      out.set(row.area_code, {
        kind,
        year: row.year,
        value: row.value,
        ...(row.year > year || row.derived
          ? {
              note: [
                row.year > year ? `no ${kind} figure for ${year} or earlier: ${row.year} used` : '',
                row.derived ? `${kind} summed from the LSOA figures loaded` : '',
              ]
                .filter(Boolean)
                .join('; '),
            }
          : {}),
      });
    }
  }
  return out;
}
