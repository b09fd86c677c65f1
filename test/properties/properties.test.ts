/**
 * Property tests (fast-check) for the core vocabulary: periods, ranks, p-value adjustment and
 * number formatting. Fixed seeds so that a failure replays; expected values for fixed vectors come
 * from scipy 1.17 (`scipy.stats.false_discovery_control(p, method='bh')`,
 * `scipy.stats.rankdata(x, method='min')`), computed independently.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addMonths,
  financialYear,
  financialYearOf,
  monthFromIndex,
  monthIndex,
  monthRange,
  quarterOf,
  yearToDate,
} from '../../src/core/periods/index.ts';
import { adjustPValues } from '../../src/core/stats/adjust-p-values.ts';
import { rankAscending } from '../../src/core/stats/rank-ascending.ts';
import { formatDecimal, formatInt, formatPct, formatRate } from '../../src/core/format/numbers.ts';

const RUNS = { numRuns: 300, seed: 20261203 };
const monthArb = fc.integer({ min: 1990 * 12, max: 2100 * 12 + 11 }).map(monthFromIndex);

test('periods: month arithmetic round-trips and ranges have the right length', () => {
  fc.assert(
    fc.property(monthArb, fc.integer({ min: -600, max: 600 }), (m, n) => {
      assert.equal(addMonths(addMonths(m, n), -n), m);
      assert.equal(monthIndex(addMonths(m, n)) - monthIndex(m), n);
      assert.equal(monthFromIndex(monthIndex(m)), m);
      assert.match(m, /^\d{4}-(0[1-9]|1[0-2])$/);
    }),
    RUNS,
  );
  fc.assert(
    fc.property(monthArb, fc.integer({ min: 0, max: 120 }), (start, n) => {
      const end = addMonths(start, n);
      const range = monthRange(start, end);
      assert.equal(range.length, n + 1);
      assert.equal(range[0], start);
      assert.equal(range.at(-1), end);
      range.forEach((m, i) => i > 0 && assert.equal(monthIndex(m) - monthIndex(range[i - 1]!), 1));
      assert.deepEqual(monthRange(end, start), n === 0 ? [start] : []);
    }),
    RUNS,
  );
});

test('periods: a month lies in its financial year, quarter and year to date', () => {
  fc.assert(
    fc.property(monthArb, (m) => {
      const fy = financialYear(financialYearOf(m));
      assert.equal(fy.months.length, 12);
      assert.ok(fy.months.includes(m));
      assert.ok(fy.start.endsWith('-04') && fy.end.endsWith('-03'));
      const q = quarterOf(m);
      assert.equal(q.months.length, 3);
      assert.ok(q.months.includes(m) && fy.months.includes(q.start) && fy.months.includes(q.end));
      const ytd = yearToDate(m);
      assert.equal(ytd.start, fy.start);
      assert.equal(ytd.end, m);
    }),
    RUNS,
  );
});

test('ranks: match scipy rankdata(method="min"), ties share the lowest rank, order does not matter', () => {
  assert.deepEqual(rankAscending([3, 1, 4, 1, 5, 9, 2, 6, 5, 3]), [4, 1, 6, 1, 7, 10, 3, 9, 7, 4]);
  const values = fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 30 });
  fc.assert(
    fc.property(values, fc.infiniteStream(fc.nat()), (xs, stream) => {
      const ranks = rankAscending(xs);
      xs.forEach((x, i) => assert.equal(ranks[i], 1 + xs.filter((y) => y < x).length));
      // a permutation of the values permutes the ranks with them
      const keys = [...stream.take(xs.length)];
      const perm = xs.map((_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
      const permuted = rankAscending(perm.map((i) => xs[i]!));
      perm.forEach((i, j) => assert.equal(permuted[j], ranks[i]));
    }),
    RUNS,
  );
});

test('p-value adjustment: Benjamini–Hochberg as scipy computes it; monotone, ≥ raw, ≤ 1, order-invariant', () => {
  const p = [0.04, 0.01, 0.04, 0.5, 0.03];
  adjustPValues(p, 'fdr').forEach((v, i) => assert.ok(Math.abs(v - [0.05, 0.05, 0.05, 0.5, 0.05][i]!) < 1e-12));
  const pValues = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 });
  for (const method of ['fdr', 'bonferroni'] as const) {
    fc.assert(
      fc.property(pValues, (raw) => {
        const adjusted = adjustPValues(raw, method);
        raw.forEach((r, i) => {
          assert.ok(adjusted[i]! >= r - 1e-15, `${method}: adjusted ≥ raw`);
          assert.ok(adjusted[i]! <= 1, `${method}: ≤ 1`);
        });
        // monotone: a smaller raw p-value never gets a larger adjusted one
        raw.forEach((r, i) => raw.forEach((s, j) => r < s && assert.ok(adjusted[i]! <= adjusted[j]! + 1e-15)));
        const reversed = adjustPValues([...raw].reverse(), method).reverse();
        reversed.forEach((v, i) => assert.ok(Math.abs(v - adjusted[i]!) < 1e-12, `${method}: order-invariant`));
      }),
      RUNS,
    );
  }
});

test('p-value adjustment: 25 p-values against scipy false_discovery_control', () => {
  const p = [
    0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216, 0.222, 0.251, 0.269, 0.275, 0.34, 0.341, 0.384,
    0.569, 0.594, 0.696, 0.762, 0.94, 0.942, 0.975, 0.986,
  ];
  const scipy = [
    0.025, 0.1, 0.21, 0.21, 0.21, 0.25, 0.2642857142857143, 0.49107142857142866, 0.49107142857142866,
    0.49107142857142866, 0.49107142857142866, 0.49107142857142866, 0.49107142857142866, 0.49107142857142866, 0.5328125,
    0.5328125, 0.5647058823529413, 0.781578947368421, 0.781578947368421, 0.87, 0.9071428571428571, 0.986, 0.986, 0.986,
    0.986,
  ];
  adjustPValues(p, 'fdr').forEach((v, i) => assert.ok(Math.abs(v - scipy[i]!) < 1e-12, `p[${i}]`));
});

const plain = (text: string): number => Number(text.replace(/,/g, '').replace('\u2212', '-').replace('%', ''));

test('formatting: never "−0", thousands separators, round-trips to the rounded value, monotone', () => {
  const value = fc.double({ min: -1e9, max: 1e9, noNaN: true });
  fc.assert(
    fc.property(value, fc.integer({ min: 0, max: 3 }), (v, d) => {
      for (const text of [formatInt(v), formatDecimal(v, d), formatPct(v), formatPct(v, true), formatRate(v)]) {
        assert.doesNotMatch(text, /^[−-]0(\.0*)?%?$/, `no negative zero: ${text}`);
        assert.doesNotMatch(text, /-/, `the minus sign, not a hyphen: ${text}`);
        const whole = text.replace(/^[+−]/, '').split('.')[0]!.replace('%', '');
        assert.match(whole, /^\d{1,3}(,\d{3})*$/, `thousands grouped: ${text}`);
      }
      assert.ok(Math.abs(plain(formatDecimal(v, d)) - v) <= 0.5 * 10 ** -d + 1e-9 * Math.abs(v));
      assert.ok(Math.abs(plain(formatInt(v)) - Math.round(v)) < 1e-6);
    }),
    RUNS,
  );
  fc.assert(
    fc.property(value, value, fc.integer({ min: 0, max: 3 }), (a, b, d) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      assert.ok(plain(formatDecimal(lo, d)) <= plain(formatDecimal(hi, d)));
      assert.ok(plain(formatRate(Math.abs(lo))) <= plain(formatRate(Math.abs(hi))) || Math.abs(lo) > Math.abs(hi));
    }),
    RUNS,
  );
});

test('formatting: a rate has one decimal from 1 up and two significant figures below', () => {
  fc.assert(
    fc.property(fc.double({ min: 1e-6, max: 1e7, noNaN: true }), (r) => {
      const text = formatRate(r);
      if (r >= 1) assert.match(text, /^\d{1,3}(,\d{3})*\.\d$/);
      else if (text !== '1.0') assert.match(text, /^0\.0*[1-9]\d$/, `${r} → ${text}`);
    }),
    RUNS,
  );
});
