/** The synthetic county's options and their defaults (light: the CLI's help shows them). */
export interface SynthOptions {
  seed: number;
  /** Output folder. */
  out: string;
  /** Years of records (whole years ending with `end`). */
  years: number;
  /** Last month generated, YYYY-MM. */
  end: string;
  /** Districts in the county (8–12 for a realistic county; fewer for quick tests). */
  districts: number;
  /** Population scale (1 = about 130,000 residents a district). */
  scale: number;
  /** Partnerships in the national comparator set, the county's own included. */
  comparators: number;
}

/** Partnerships in the national comparator set. */
export const NATIONAL_CSPS = 300;

export const DEFAULT_OPTIONS: Omit<SynthOptions, 'out'> = {
  seed: 1,
  years: 5,
  end: '2025-09',
  districts: 10,
  scale: 1,
  comparators: NATIONAL_CSPS,
};
