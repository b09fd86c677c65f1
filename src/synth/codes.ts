/**
 * GSS-style codes for the fictional county. Real ONS codes are a letter, a two-digit entity code
 * and six digits; the real numbers of every entity used here stay far below 990000 (the highest
 * LSOA is E01035xxx), so every synthetic code is `<E><entity>99<4 digits>`: it reads like an ONS
 * code, passes code-shape checks, and cannot collide with a real area (test/synth checks the real
 * code lists).
 */
export const ENTITY = {
  lsoa: 'E01',
  ward: 'E05',
  district: 'E07',
  county: 'E10',
  csp: 'E22',
  force: 'E23',
  fire: 'E31',
} as const;
export type CodedLevel = keyof typeof ENTITY;

export function synthCode(level: CodedLevel, n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) throw new Error(`synthetic ${level} number out of range: ${n}`);
  return `${ENTITY[level]}99${String(n).padStart(4, '0')}`;
}

/** True for codes of the reserved synthetic range (any entity). */
export function isSynthCode(code: string): boolean {
  return /^E\d{2}99\d{4}$/.test(code);
}

/**
 * Two-digit vintages in the ONS-style column names (`LSOA21CD`, `WD25CD` …). LSOAs keep the 2021
 * census vintage as real ones do; the other levels use the year the geography was "published".
 */
export const VINTAGE = {
  lsoa: '21',
  ward: '25',
  district: '25',
  csp: '25',
  county: '25',
  force: '25',
  fire: '25',
  beat: '25',
} as const;

/** ONS-style column prefixes (Safer's own BEAT for beats). */
export const PREFIX = {
  lsoa: 'LSOA',
  ward: 'WD',
  district: 'LAD',
  csp: 'CSP',
  county: 'CTY',
  force: 'PFA',
  fire: 'FRA',
  beat: 'BEAT',
} as const;

export function columnName(level: keyof typeof PREFIX, what: 'CD' | 'NM'): string {
  return `${PREFIX[level]}${VINTAGE[level]}${what}`;
}
