/**
 * Percentage change from previous to current, 100 (C − P)/P. null when previous is 0: the change
 * is then undefined and the caller says "new" (or "no change" when both are 0).
 */
export function percentChange(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return (100 * (current - previous)) / previous;
}
