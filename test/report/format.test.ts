import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  dateLong,
  dateWithDay,
  formatInt,
  formatP,
  formatPct,
  formatRate,
  formatScore,
  formatShare,
  formatSigned,
  listJoin,
  listJoinLong,
  monthLong,
  monthShort,
  ordinal,
  periodLong,
} from '../../src/report/format.ts';

test('numbers in UK style: thousands with commas, minus sign, one decimal for percentages', () => {
  assert.equal(formatInt(1234), '1,234');
  assert.equal(formatInt(1234567.4), '1,234,567');
  assert.equal(formatInt(-156), '\u2212156');
  assert.equal(formatInt(0), '0');
  assert.equal(formatSigned(82), '+82');
  assert.equal(formatSigned(-862), '\u2212862');
  assert.equal(formatSigned(0), '0');
  assert.equal(formatPct(12.345), '12.3%');
  assert.equal(formatPct(12.35, true), '+12.4%');
  assert.equal(formatPct(-11.9, true), '\u221211.9%');
  assert.equal(formatPct(0.04, true), '0.0%');
  assert.equal(formatPct(-0.04, true), '0.0%', 'a change that rounds to zero has no sign');
  assert.equal(formatShare(0.081), '8.1%');
  assert.equal(formatRate(43.4812), '43.5', 'one rate rule (docs/formatting.md)');
  assert.equal(formatRate(123.456), '123.5');
  assert.equal(formatScore(48), '48');
  assert.equal(formatScore(40.5), '40.5');
  assert.equal(formatScore(36.754), '36.75');
});

test('p-values: two significant figures, "p < 0.001" below that', () => {
  assert.equal(formatP(0.04096), 'p = 0.041');
  assert.equal(formatP(0.0031), 'p = 0.0031');
  assert.equal(formatP(0.0625), 'p = 0.063');
  assert.equal(formatP(0.0004), 'p < 0.001');
  assert.equal(formatP(0.5), 'p = 0.50');
});

test('months, periods and dates written out', () => {
  assert.equal(monthLong('2024-10'), 'October 2024');
  assert.equal(monthShort('2025-09'), 'Sep 2025');
  assert.equal(periodLong({ start: '2024-10', end: '2025-09' }), 'October 2024 to September 2025');
  assert.equal(periodLong({ start: '2025-03', end: '2025-03' }), 'March 2025');
  assert.equal(dateLong('2024-10-31'), '31 October 2024');
  assert.equal(dateLong('2026-11-26T07:27:17'), '26 November 2026');
  // Python: datetime.date(2024, 10, 31).strftime('%A') → 'Thursday'
  assert.equal(dateWithDay('2024-10-31'), 'Thursday 31 October 2024');
});

test('ordinals and lists', () => {
  assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112].map(ordinal), [
    '1st',
    '2nd',
    '3rd',
    '4th',
    '11th',
    '12th',
    '13th',
    '21st',
    '22nd',
    '23rd',
    '101st',
    '111th',
    '112th',
  ]);
  assert.equal(listJoin(['a']), 'a');
  assert.equal(listJoin(['a', 'b']), 'a and b');
  assert.equal(listJoin(['a', 'b', 'c']), 'a, b and c');
  assert.equal(listJoinLong(['a, 1', 'b, 2', 'c, 3']), 'a, 1; b, 2; and c, 3');
});
