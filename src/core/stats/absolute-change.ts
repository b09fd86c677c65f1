/** Volume change from previous to current, C − P. */
export function absoluteChange(current: number, previous: number): number {
  return current - previous;
}
