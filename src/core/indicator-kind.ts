/*
 * What a partner indicator measures, which decides its statistics (docs/partner-indicators.md):
 * a count (Poisson: Garwood interval, exact conditional test of two periods), a rate per person,
 * per 1,000 or per 100,000 (numerator = events, denominator = people: Garwood interval of the
 * count over the denominator, rate-ratio test), a proportion (numerator ≤ denominator: Wilson
 * interval, Newcombe difference) or another figure (a score, index or average: shown as given).
 * Declared in the return's `kind` column, else inferred from the unit.
 */

export type IndicatorKindId =
  'count' | 'rate per person' | 'rate per 1,000' | 'rate per 100,000' | 'proportion' | 'other';

export const INDICATOR_KINDS: readonly IndicatorKindId[] = [
  'count',
  'rate per person',
  'rate per 1,000',
  'rate per 100,000',
  'proportion',
  'other',
];

/** How each written form maps to a kind, after lower-casing and removing spaces, commas, underscores and hyphens. */
export const KIND_SPELLINGS: Readonly<Record<string, IndicatorKindId>> = {
  count: 'count',
  number: 'count',
  rate: 'rate per person',
  rateperperson: 'rate per person',
  perperson: 'rate per person',
  rateper1: 'rate per person',
  rateper1000: 'rate per 1,000',
  per1000: 'rate per 1,000',
  rateper1k: 'rate per 1,000',
  rateperthousand: 'rate per 1,000',
  rateper100000: 'rate per 100,000',
  per100000: 'rate per 100,000',
  rateper100k: 'rate per 100,000',
  proportion: 'proportion',
  percentage: 'proportion',
  percent: 'proportion',
  '%': 'proportion',
  other: 'other',
  score: 'other',
  index: 'other',
  average: 'other',
};

export const KIND_EXAMPLES = 'count, rate per person, rate per 1,000, rate per 100,000, proportion, other';

/** The kind a `kind` cell names, or null when it names none. */
export function parseIndicatorKind(text: string): IndicatorKindId | null {
  return KIND_SPELLINGS[text.toLowerCase().replace(/[\s,_-]+/g, '')] ?? null;
}

/** The multiplier of a rate (1, 1,000 or 100,000); null for other kinds. */
export function ratePer(kind: IndicatorKindId): number | null {
  return kind === 'rate per person'
    ? 1
    : kind === 'rate per 1,000'
      ? 1000
      : kind === 'rate per 100,000'
        ? 100000
        : null;
}

/**
 * The kind of an indicator that does not declare one, from its unit (the rules the importer
 * applies in SQL, `inferredKindSql`): % or "percent" → proportion; "per 100,000" → rate per
 * 100,000; "per 1,000" → rate per 1,000; "per" or "rate" → rate per person; "score", "index",
 * "average", "mean" or "ratio" → other; a numerator and denominator with no such unit →
 * proportion; else count.
 */
export function inferIndicatorKind(unit: string | null, hasNumeratorAndDenominator: boolean): IndicatorKindId {
  const u = (unit ?? '').toLowerCase();
  if (/%|percent/.test(u)) return 'proportion';
  if (/per\s*100,?000/.test(u)) return 'rate per 100,000';
  if (/per\s*(1,?000|thousand)/.test(u)) return 'rate per 1,000';
  if (/\bper\b|\brate\b/.test(u)) return 'rate per person';
  if (/score|index|average|mean|ratio/.test(u)) return 'other';
  return hasNumeratorAndDenominator ? 'proportion' : 'count';
}

/** The same rules over SQL expressions (the unit and whether the row has a numerator and a denominator). */
export function inferredKindSql(unit: string, hasNumeratorAndDenominator: string): string {
  const u = `lower(coalesce(${unit}, ''))`;
  return `CASE WHEN regexp_matches(${u}, '%|percent') THEN 'proportion'
    WHEN regexp_matches(${u}, 'per\\s*100,?000') THEN 'rate per 100,000'
    WHEN regexp_matches(${u}, 'per\\s*(1,?000|thousand)') THEN 'rate per 1,000'
    WHEN regexp_matches(${u}, '\\bper\\b|\\brate\\b') THEN 'rate per person'
    WHEN regexp_matches(${u}, 'score|index|average|mean|ratio') THEN 'other'
    WHEN ${hasNumeratorAndDenominator} THEN 'proportion' ELSE 'count' END`;
}

/** A declared kind cell as SQL: the kind it names, or NULL (a CASE over the spellings above; no value from a file is written into the SQL). */
export function declaredKindSql(cell: string): string {
  const norm = `regexp_replace(lower(${cell}), '[\\s,_-]+', '', 'g')`;
  const arms = Object.entries(KIND_SPELLINGS).map(([k, v]) => `WHEN '${k.replace(/'/g, "''")}' THEN '${v}'`);
  return `CASE ${norm} ${arms.join(' ')} ELSE NULL END`;
}
