import assert from 'node:assert/strict';
import test from 'node:test';
import { adjustPValues, poissonTailSpikes, spikeDays, type DailyCount } from '../../../src/core/stats/index.ts';
import { assertClose } from './assert-close.ts';

test('adjustPValues matches statsmodels multipletests (and R p.adjust)', () => {
  const p = [0.01, 0.04, 0.03, 0.005, 0.5, 0.04];
  // statsmodels.stats.multitest.multipletests(p, method='fdr_bh')[1]; R p.adjust(p, "BH") prints the same
  const bh = [0.030000000000000002, 0.048, 0.048, 0.030000000000000002, 0.5, 0.048];
  // multipletests(p, method='bonferroni')[1]
  const bonferroni = [0.06, 0.24, 0.18, 0.03, 1, 0.24];
  adjustPValues(p, 'fdr').forEach((v, i) => assertClose(v, bh[i]!, 1e-15, `bh[${i}]`));
  adjustPValues(p, 'bonferroni').forEach((v, i) => assertClose(v, bonferroni[i]!, 1e-15, `bonferroni[${i}]`));
  assert.deepEqual(adjustPValues(p, 'none'), p);
});

test('poissonTailSpikes flags counts far above expectation', () => {
  // scipy.stats.poisson.sf(c - 1, 4) for c = 9 → 0.021363434487984143, c = 15 → 1.993172748270997e-05
  const spikes = poissonTailSpikes([3, 9, 4, 15, 2], [4, 4, 4, 4, 4]);
  assert.equal(spikes.length, 1);
  assert.equal(spikes[0]!.index, 3);
  assertClose(spikes[0]!.p, 1.993172748270997e-5, 1e-12, 'p');
  assertClose(spikes[0]!.pAdjusted, 9.965863741354985e-5, 1e-12, 'bonferroni ×5');
  const unadjusted = poissonTailSpikes([3, 9, 4, 15, 2], [4, 4, 4, 4, 4], { adjustment: 'none' });
  assert.deepEqual(
    unadjusted.map((s) => s.index),
    [3, 1],
  );
  assertClose(unadjusted[1]!.p, 0.021363434487984143, 1e-12, 'p(9 | 4)');
});

test('spikeDays: the Halloween spike against the daily mean of its month', () => {
  const october = [
    9, 11, 8, 10, 12, 9, 7, 10, 11, 9, 8, 10, 12, 9, 10, 11, 8, 9, 10, 9, 11, 8, 10, 9, 7, 10, 9, 8, 12, 9, 23,
  ];
  const days: DailyCount[] = october.map((count, i) => ({ date: `2014-10-${String(i + 1).padStart(2, '0')}`, count }));
  // November is listed by one day only: its other 29 days count 0, so its mean is 30/30 = 1.
  days.push({ date: '2014-11-05', count: 30 });
  // 61 days tested. October mean = 308/31 = 9.935483870967742
  //   scipy.stats.poisson.sf(22, 308/31) → 0.0002706648218930638; × 61 → 0.01651055413547689
  //   scipy.stats.poisson.sf(29, 1.0) → 1.4330814167223303e-33
  const spikes = spikeDays(days);
  assert.deepEqual(
    spikes.map((s) => s.date),
    ['2014-11-05', '2014-10-31'],
  );
  const halloween = spikes[1]!;
  assert.equal(halloween.count, 23);
  assertClose(halloween.monthMean, 9.935483870967742, 1e-15, 'mean');
  assertClose(halloween.p, 0.0002706648218930638, 1e-12, 'p');
  assertClose(halloween.pAdjusted, 0.01651055413547689, 1e-12, 'bonferroni');
  assertClose(spikes[0]!.p, 1.4330814167223303e-33, 1e-12, 'p nov 5');
  // Benjamini–Hochberg over the same 61 p-values: multipletests(p, method='fdr_bh')[1][30] → 0.008255277067738445
  const fdr = spikeDays(days, undefined, { adjustment: 'fdr' });
  assertClose(fdr[1]!.pAdjusted, 0.008255277067738445, 1e-12, 'bh');
  // A supplied month mean replaces the computed one
  assert.deepEqual(spikeDays(days, { '2014-10': 20, '2014-11': 25 }), []);
  assert.throws(() => spikeDays([{ date: '31/10/2014', count: 3 }]), RangeError);
  assert.throws(() => spikeDays([{ date: '2014-02-30', count: 3 }]), RangeError);
});

test('spikeDays counts February days correctly in leap years', () => {
  const leap = spikeDays([{ date: '2016-02-10', count: 29 }], undefined, { adjustment: 'none', alpha: 1.1 });
  assert.equal(leap.length, 29); // every day of February 2016 is tested
  assert.equal(leap[0]!.monthMean, 1);
  assert.equal(
    spikeDays([{ date: '2015-02-10', count: 28 }], undefined, { alpha: 1.1, adjustment: 'none' }).length,
    28,
  );
  assert.equal(
    spikeDays([{ date: '1900-02-10', count: 28 }], undefined, { alpha: 1.1, adjustment: 'none' }).length,
    28,
  );
});
