/**
 * Measures of the population table beyond population and households (see
 * src/ingest/ons/population-layout.ts): age bands `age:15-64`, `age:65+`, and the census's five
 * broad ethnic groups `ethnicity:white` … `ethnicity:other`.
 */

/** An age band. */
export interface AgeBand {
  measure: string;
  from: number;
  /** null: open-ended ("65 and over") */
  to: number | null;
}

/** `age:15-64` → {from 15, to 64}; `age:65+` → {from 65, to null}; anything else null. */
export function parseAgeBand(measure: string): AgeBand | null {
  const m = /^age:(\d+)(?:-(\d+)|\+)$/.exec(measure);
  if (!m) return null;
  return { measure, from: Number(m[1]), to: m[2] === undefined ? null : Number(m[2]) };
}

/** `age:0-14` → "0 to 14"; `age:65+` → "65 and over"; anything else unchanged. */
export function ageLabel(measure: string): string {
  const band = parseAgeBand(measure);
  if (!band) return measure;
  return band.to === null ? `${band.from} and over` : `${band.from} to ${band.to}`;
}

/** The census's five broad ethnic groups, in its order, with the 2021 census names. */
export const ETHNIC_GROUPS = [
  ['white', 'White'],
  ['mixed', 'Mixed or multiple ethnic groups'],
  ['asian', 'Asian, Asian British or Asian Welsh'],
  ['black', 'Black, Black British, Black Welsh, Caribbean or African'],
  ['other', 'Other ethnic group'],
] as const;

/** `ethnicity:asian` → "Asian, Asian British or Asian Welsh"; null for anything else. */
export function ethnicGroupLabel(measure: string): string | null {
  const found = ETHNIC_GROUPS.find(([id]) => `ethnicity:${id}` === measure);
  return found ? found[1] : null;
}

/** What a population measure counts, briefly: "Population", "Households", "Residents aged 0 to 15", "Ethnic group: Asian". */
export function populationMeasureLabel(measure: string): string {
  if (measure === 'population') return 'Population';
  if (measure === 'households') return 'Households';
  if (parseAgeBand(measure)) return `Residents aged ${ageLabel(measure)}`;
  const id = /^ethnicity:(\w+)$/.exec(measure)?.[1];
  return id && ethnicGroupLabel(measure) ? `Ethnic group: ${id[0]!.toUpperCase()}${id.slice(1)}` : measure;
}
