// UK-style numbers for risk explanations: 1,234; 12.4; 31%.

export function formatCount(n: number): string {
  return n.toLocaleString('en-GB', { maximumFractionDigits: 0 });
}

/** Rates at 1 or above to one decimal place (12.4); smaller rates to two significant figures (0.35). */
export function formatRate(n: number): string {
  if (!Number.isFinite(n)) return '∞';
  if (Math.abs(n) >= 1 || n === 0) return n.toLocaleString('en-GB', { maximumFractionDigits: 1 });
  return n.toLocaleString('en-GB', { maximumSignificantDigits: 2 });
}

/** Rate ratios and score components to two decimal places (1.31, 1.00). */
export function formatRatio(n: number): string {
  if (!Number.isFinite(n)) return '∞';
  return n.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A percentage already in percent units, to at most one decimal place, without sign: 31%, 13.3%. */
export function formatPercent(pct: number): string {
  const shown = Math.abs(pct).toLocaleString('en-GB', { maximumFractionDigits: 1 });
  return shown === '0' && pct !== 0 ? 'less than 0.1%' : `${shown}%`;
}

/** A share (0–1) as a percentage: 0.081 → 8.1%. */
export function formatShare(share: number): string {
  return formatPercent(100 * share);
}

/** A risk score to one decimal place (31.5). */
export function formatScore(n: number): string {
  return n.toLocaleString('en-GB', { maximumFractionDigits: 1 });
}

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st … */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${formatCount(n)}${suffix}`;
}
