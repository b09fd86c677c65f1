import assert from 'node:assert/strict';

/** Asserts |actual − expected| ≤ tolerance × max(|expected|, floor): a relative tolerance with an absolute floor. */
export function assertClose(actual: number, expected: number, tolerance: number, label = '', floor = 1e-300): void {
  if (actual === expected) return;
  const error = Math.abs(actual - expected) / Math.max(Math.abs(expected), floor);
  assert.ok(
    error <= tolerance,
    `${label}: got ${actual}, expected ${expected} (relative error ${error.toExponential(2)} > ${tolerance})`,
  );
}
