import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatCount,
  formatPercent,
  formatRate,
  formatRatio,
  formatShare,
  ordinal,
} from '../../../src/core/risk/format.ts';

test('UK-style numbers in explanations', () => {
  assert.equal(formatCount(1234), '1,234');
  assert.deepEqual([12.44, 9.5, 10, 1234.56, 0.354, 0.0421, 0].map(formatRate), [
    '12.4',
    '9.5',
    '10.0',
    '1,234.6',
    '0.35',
    '0.042',
    '0',
  ]);
  // two significant figures below 1, also where rounding carries a digit; never "−0"
  assert.deepEqual([0.0995, 0.9949, -0.354, -0.00001].map(formatRate), ['0.10', '0.99', '−0.35', '−0.000010']);
  assert.deepEqual([1.3149, 1, 0.9].map(formatRatio), ['1.31', '1.00', '0.90']);
  assert.equal(formatRatio(Infinity), '∞');
  assert.deepEqual([31, -13.34, 0, 0.04].map(formatPercent), ['31%', '13.3%', '0%', 'less than 0.1%']);
  assert.equal(formatShare(0.081), '8.1%');
  assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 112].map(ordinal), [
    '1st',
    '2nd',
    '3rd',
    '4th',
    '11th',
    '12th',
    '13th',
    '21st',
    '22nd',
    '101st',
    '112th',
  ]);
});
