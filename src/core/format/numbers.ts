/**
 * The one vocabulary for numbers and percentages in every output (report sentences and tables,
 * charts, Word, the dashboard, risk explanations): UK style, thousands with commas, the minus sign
 * (−, U+2212) for negatives, never "−0". The rules are in docs/formatting.md.
 */

const MINUS = '\u2212';

function grouped(value: number, decimals: number): string {
  const text = Math.abs(value).toLocaleString('en-GB', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: true,
  });
  // −0.0 and values rounding to zero read as 0
  return value < 0 && Number(text.replace(/,/g, '')) !== 0 ? `${MINUS}${text}` : text;
}

/** A whole number: 1,234 (rounded). */
export function formatInt(n: number): string {
  return grouped(Math.round(n), 0);
}

/** A number with fixed decimals: 16.06. */
export function formatDecimal(n: number, decimals: number): string {
  return grouped(n, Math.max(0, Math.min(20, decimals)));
}

/** A whole number or `decimals` places, whichever the value is (1,234; 12.35 with decimals 2). */
export function formatNumber(n: number, decimals = 0): string {
  return formatDecimal(n, decimals);
}

/**
 * A rate (per 1,000, per 100,000, per person): one decimal place from 1 upwards (12.4, 1,234.6),
 * two significant figures below 1 (0.35, 0.042), 0 as "0". As the ONS and the House of Commons
 * Library print rates: one rule for the sentence, the table and the chart label.
 */
export function formatRate(n: number): string {
  if (!Number.isFinite(n)) return '∞';
  // below 10⁻²⁰ (found by the property tests: toLocaleString takes at most 20 decimals) a rate is 0
  if (Math.abs(n) < 5e-21) return '0';
  if (Math.abs(n) >= 0.995) return grouped(n, 1);
  const decimals = Math.max(2, 1 - Math.floor(Math.log10(Math.abs(n))));
  const text = grouped(n, decimals);
  // 0.0995 rounds to 0.10: two significant figures, not three
  return text.replace(/^(−?0\.0*[1-9]\d)\d+$/, '$1');
}

/** Ratios (rate ratios, dimension scores) to two decimals: 1.31, 1.00; "∞" when unbounded. */
export function formatRatio(n: number): string {
  return Number.isFinite(n) ? grouped(n, 2) : '∞';
}

/** A percentage with one decimal: 12.3%; signed: +12.3% / −4.0% (0.0% unsigned). */
export function formatPct(n: number, signed = false): string {
  const text = `${grouped(n, 1)}%`;
  return signed && Number(n.toFixed(1)) > 0 ? `+${text}` : text;
}

/** A share (0–1) as a percentage: 0.081 → 8.1%. */
export function formatShare(share: number): string {
  return formatPct(100 * share);
}

/** The size of a percentage change, for prose that says "up" or "down": 31%, 13.3%, "less than 0.1%". */
export function formatPctSize(pct: number): string {
  const shown = Math.abs(pct).toLocaleString('en-GB', { maximumFractionDigits: 1 });
  return shown === '0' && pct !== 0 ? 'less than 0.1%' : `${shown}%`;
}

/** A signed whole number: +82, −156, 0. */
export function formatSigned(n: number): string {
  const r = Math.round(n);
  return r > 0 ? `+${formatInt(r)}` : formatInt(r);
}

/** A p-value with two significant figures: p = 0.041, p = 0.0031, p = 0.50; p < 0.001. */
export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.1 ? p.toPrecision(2) : p.toFixed(2)}`;
}

/** A score with at most two decimals: 48, 40.5, 36.75. */
export function formatScore(n: number): string {
  return Number(n.toFixed(2)).toLocaleString('en-GB', { maximumFractionDigits: 2 });
}

/**
 * Decimals that show a set of values consistently (a chart's labels, a table column): none when
 * all are whole numbers, one for values of 10 or more, two for small values.
 */
export function decimalsFor(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.every((v) => Number.isInteger(v))) return 0;
  const largest = Math.max(...finite.map((v) => Math.abs(v)));
  return largest >= 10 ? 1 : 2;
}

/** Decimals for axis ticks spaced `step` apart (1 → 0, 0.5 → 1, 0.25 → 2). */
export function decimalsForStep(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  let decimals = 0;
  while (decimals < 6 && Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-9) {
    decimals += 1;
  }
  return decimals;
}

/** 1 → "1st", 12 → "12th", 22 → "22nd", 1001 → "1,001st". */
export function ordinal(n: number): string {
  const mod100 = n % 100;
  const suffix =
    mod100 >= 11 && mod100 <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${formatInt(n)}${suffix}`;
}
