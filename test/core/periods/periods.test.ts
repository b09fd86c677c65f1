import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addMonths,
  completeness,
  financialYear,
  financialYearOf,
  monthRange,
  previousWindow,
  quarter,
  quarterOf,
  rolling12,
  sameLastYear,
  yearToDate,
} from '../../../src/core/periods/index.ts';

test('month arithmetic crosses years and rejects bad months', () => {
  assert.equal(addMonths('2021-01', -1), '2020-12');
  assert.equal(addMonths('2020-12', 13), '2022-01');
  assert.deepEqual(monthRange('2020-11', '2021-02'), ['2020-11', '2020-12', '2021-01', '2021-02']);
  assert.throws(() => addMonths('2021-13', 1), /YYYY-MM/);
  assert.throws(() => addMonths('2021-1', 1), /YYYY-MM/);
});

test('rolling 12 months and the 12 before (the reference: Aug 12 – Jul 13 vs Aug 11 – Jul 12)', () => {
  const w = rolling12('2013-07');
  assert.equal(w.start, '2012-08');
  assert.equal(w.months.length, 12);
  assert.equal(w.label, 'Aug 2012 – Jul 2013');
  const p = previousWindow(w);
  assert.deepEqual([p.start, p.end], ['2011-08', '2012-07']);
});

test('financial years, year to date and quarters', () => {
  assert.equal(financialYearOf('2022-03'), 2021);
  assert.equal(financialYearOf('2022-04'), 2022);
  const fy = financialYear(2021);
  assert.deepEqual([fy.start, fy.end, fy.label], ['2021-04', '2022-03', '2021/22']);
  assert.equal(previousWindow(fy).label, 'Apr 2020 – Mar 2021');
  const ytd = yearToDate('2021-09');
  assert.deepEqual([ytd.start, ytd.end, ytd.label], ['2021-04', '2021-09', '2021/22 to Sep']);
  const last = sameLastYear(ytd);
  assert.deepEqual([last.start, last.end, last.label], ['2020-04', '2020-09', '2020/21 to Sep']);
  assert.deepEqual(
    [quarter(2021, 4).start, quarter(2021, 4).end, quarter(2021, 4).label],
    ['2022-01', '2022-03', '2021/22 Q4'],
  );
  assert.equal(quarterOf('2021-08').label, '2021/22 Q2');
  assert.equal(quarterOf('2022-02').label, '2021/22 Q4');
  assert.equal(sameLastYear(quarter(2021, 1)).label, '2020/21 Q1');
});

test('completeness lists every missing month', () => {
  const w = rolling12('2021-09');
  assert.deepEqual(completeness(w, w.months), { complete: true, missing: [] });
  const loaded = w.months.filter((m) => m !== '2021-01' && m !== '2020-10');
  assert.deepEqual(completeness(w, loaded), { complete: false, missing: ['2020-10', '2021-01'] });
});
