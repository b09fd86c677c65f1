/** Age bands as the population table stores them: `age:15-64`, `age:65+` (see src/ingest/ons/population-layout.ts). */
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

/** What a population measure counts: "Population", "Households", "Residents aged 0 to 15". */
export function populationMeasureLabel(measure: string): string {
  if (measure === 'population') return 'Population';
  if (measure === 'households') return 'Households';
  return parseAgeBand(measure) ? `Residents aged ${ageLabel(measure)}` : measure;
}
