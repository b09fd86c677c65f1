/** Partner indicators on a small store built from indicator returns imported through the normal path. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importPaths } from '../../src/ingest/import.ts';
import { SaferError } from '../../src/core/errors.ts';
import {
  newcombeDifference,
  partnerIndicators,
  yearEarlierLabel,
  type PartnerIndicator,
} from '../../src/assess/read/indicators.ts';
import { csv, memoryStore, scratch } from '../ingest/partner-helpers.ts';
import type { Store } from '../../src/store/db.ts';

const D1 = 'E07000091';
const D2 = 'E07000092';
const D3 = 'E07000093';
const OUTSIDE = 'E07000099'; // not in the county: never ranked
const COUNTY = [D1, D2, D3];
const HEADER = ['indicator', 'area_code', 'period', 'value', 'numerator', 'denominator', 'unit'];

async function fixture(t: Parameters<typeof memoryStore>[0]): Promise<Store> {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  const probation = write(
    'probation.csv',
    csv([
      HEADER,
      ['Proven reoffending rate', D1, '2019/20', '27.5', '11', '40', '%'],
      ['Proven reoffending rate', D1, '2020/21', '25', '30', '120', '%'],
      ['Proven reoffending rate', D1, '2021/22', '*', '', '', '%'],
      ['Proven reoffending rate', D1, '2022/23', '31', '31', '100', '%'],
      ['Proven reoffending rate', D2, '2020/21', '20', '20', '100', '%'],
      ['Proven reoffending rate', D3, '2020/21', '40', '40', '100', '%'],
      ['Proven reoffending rate', OUTSIDE, '2020/21', '10', '1', '10', '%'],
      ['Treatment completion', D1, '2019/20', '27.5', '11', '40', '%'],
      ['Treatment completion', D1, '2020/21', '50', '60', '120', '%'],
      ['New indicator', D1, '2022/23', '5', '', '', 'people'],
    ]),
  );
  const youth = write(
    'youth.csv',
    csv([
      HEADER,
      // quarters only, no 2020 Q4: the previous quarter is the comparison
      ['First time entrants', D1, '2021 Q3', '10', '', '', 'young people'],
      ['First time entrants', D1, '2021 Q4', '12', '', '', 'young people'],
      ['First time entrants', D2, '2021 Q4', '8', '', '', 'young people'],
      ['First time entrants', D3, '2021 Q4', '10', '', '', 'young people'],
      // a year and its last quarter end on the same day: the year is the latest period
      ['Youth offences', D1, '2020', '40', '', '', 'offences'],
      ['Youth offences', D1, '2021', '44', '', '', 'offences'],
      ['Youth offences', D1, '2021 Q4', '12', '', '', 'offences'],
    ]),
  );
  const iom = write(
    'iom.csv',
    csv([
      HEADER,
      ['IOM cohort', D1, '2020/21 Q3', '40', '', '', 'people'],
      ['IOM cohort', D1, '2021/22 Q3', '42', '', '', 'people'],
    ]),
  );
  await importPaths(store, [probation, youth], { rejectsDir: dir });
  await importPaths(store, [iom], { rejectsDir: dir, restricted: true });
  return store;
}

function find(list: readonly PartnerIndicator[], indicator: string): PartnerIndicator {
  const found = list.find((i) => i.indicator === indicator);
  assert.ok(found, `no ${indicator} in ${list.map((i) => i.indicator).join(', ')}`);
  return found;
}

test('latest period ending by the month, the same period a year earlier, Wilson intervals and Newcombe change', async (t) => {
  const store = await fixture(t);
  const result = await partnerIndicators(store, D1, COUNTY, '2022-03');
  assert.equal(result.periodsEndingBy, '2022-03-31');
  const r = find(result.indicators, 'Proven reoffending rate');
  assert.equal(r.source, 'probation');
  // 2022/23 ends after March 2022; 2021/22 is suppressed, so 2020/21 is the latest with a figure
  assert.equal(r.latest.period, '2020/21');
  assert.deepEqual([r.latest.periodStart, r.latest.periodEnd, r.latest.months], ['2020-04-01', '2021-03-31', 12]);
  assert.ok(
    r.notes.some((n) => /2021\/22 has no figure/.test(n)),
    r.notes.join('\n'),
  );
  assert.equal(r.previous?.period, '2019/20');
  assert.equal(r.previousBasis, 'same period a year earlier');
  assert.deepEqual([r.latest.value, r.latest.numerator, r.latest.denominator, r.unit], [25, 30, 120, '%']);
  assert.equal(r.change.abs, -2.5);
  assert.ok(Math.abs(r.change.pct! - (100 * -2.5) / 27.5) < 1e-12);

  // statsmodels 0.15.0: proportion_confint(30, 120, alpha=0.05, method='wilson')
  //   = (0.18109821656809566, 0.33441136664125615); (11, 40) = (0.16108016247667334, 0.42834955806210573)
  const p = r.latest.proportion!;
  assert.equal(p.value, 0.25);
  assert.ok(
    Math.abs(p.lower - 0.18109821656809566) < 1e-12 && Math.abs(p.upper - 0.33441136664125615) < 1e-12,
    JSON.stringify(p),
  );
  const q = r.previous!.proportion!;
  assert.ok(
    Math.abs(q.lower - 0.16108016247667334) < 1e-12 && Math.abs(q.upper - 0.42834955806210573) < 1e-12,
    JSON.stringify(q),
  );

  // statsmodels 0.15.0: confint_proportions_2indep(30, 120, 11, 40, method='newcomb', compare='diff')
  //   = (-0.19311764546870203, 0.11678507749261102): the interval holds 0
  const c = r.proportionChange!;
  assert.ok(Math.abs(c.difference - (0.25 - 0.275)) < 1e-12);
  assert.ok(
    Math.abs(c.lower - -0.19311764546870203) < 1e-12 && Math.abs(c.upper - 0.11678507749261102) < 1e-12,
    JSON.stringify(c),
  );
  assert.equal(c.significant, false);
  assert.equal(c.verdict, 'no significant change');

  // statsmodels 0.15.0: confint_proportions_2indep(60, 120, 11, 40, method='newcomb', compare='diff')
  //   = (0.04816426107113128, 0.3689879195836131): a significant increase
  const treatment = find(result.indicators, 'Treatment completion').proportionChange!;
  assert.ok(
    Math.abs(treatment.lower - 0.04816426107113128) < 1e-12 && Math.abs(treatment.upper - 0.3689879195836131) < 1e-12,
    JSON.stringify(treatment),
  );
  assert.equal(treatment.verdict, 'significant increase');
  assert.equal(newcombeDifference(11, 40, 60, 120).verdict, 'significant decrease');
});

test('county rank among the listed districts for the same period, pooled or mean average', async (t) => {
  const store = await fixture(t);
  const { indicators } = await partnerIndicators(store, D1, COUNTY, '2022-03');
  const r = find(indicators, 'Proven reoffending rate').county;
  // 25 among 20 (D2) and 40 (D3); the district outside the county (10) is not ranked
  assert.deepEqual([r.period, r.rank, r.of, r.polarity], ['2020/21', 2, 3, 'unknown']);
  // pooled: (30 + 20 + 40) / (120 + 100 + 100)
  assert.deepEqual(r.average, { basis: 'pooled ratio', value: 90 / 320, areas: 3, includesDistrict: true });

  const fte = find(indicators, 'First time entrants');
  assert.deepEqual([fte.county.rank, fte.county.of], [3, 3]);
  assert.deepEqual(fte.county.average, { basis: 'mean of values', value: 10, areas: 3, includesDistrict: true });
  // D2 alone in the county list: ranked among districts that hold the indicator for the period
  const { indicators: d2 } = await partnerIndicators(store, D2, COUNTY, '2022-03');
  assert.deepEqual(
    [find(d2, 'Proven reoffending rate').county.rank, find(d2, 'First time entrants').county.rank],
    [1, 1],
  );
});

test('without the same period a year earlier, the previous period of equal length; a year beats its last quarter', async (t) => {
  const store = await fixture(t);
  const { indicators, notes } = await partnerIndicators(store, D1, COUNTY, '2022-03');
  const fte = find(indicators, 'First time entrants');
  assert.equal(fte.latest.period, '2021 Q4');
  assert.equal(fte.previous?.period, '2021 Q3');
  assert.equal(fte.previousBasis, 'previous period of equal length');
  assert.deepEqual(fte.change, { abs: 2, pct: 20 });
  assert.equal(fte.latest.proportion, null);
  assert.equal(fte.proportionChange, null);

  const youth = find(indicators, 'Youth offences');
  assert.deepEqual(
    [youth.latest.period, youth.previous?.period, youth.previousBasis],
    ['2021', '2020', 'same period a year earlier'],
  );
  assert.deepEqual(youth.change, { abs: 4, pct: 10 });

  // 2022/23 ends after the month: listed in a note, not as an indicator
  assert.ok(!indicators.some((i) => i.indicator === 'New indicator'));
  assert.ok(
    notes.some((n) => /New indicator \(probation\): no period with a figure ends by 2022-03-31/.test(n)),
    notes.join('\n'),
  );

  // one month later the 2022/23 row still does not count; at 2023-03 it is the latest, compared with nothing
  const later = await partnerIndicators(store, D1, COUNTY, '2023-03');
  const rate = find(later.indicators, 'Proven reoffending rate');
  assert.equal(rate.latest.period, '2022/23');
  assert.equal(rate.previous, null);
  assert.equal(rate.previousBasis, null);
  // 2021/22 is suppressed and 2020/21 is two years back: neither stands in for the year before
  assert.ok(
    rate.notes.some((n) => /no figure for 2021\/22/.test(n)),
    rate.notes.join('\n'),
  );
});

test('restricted indicators are withheld unless asked for, and counted', async (t) => {
  const store = await fixture(t);
  const open = await partnerIndicators(store, D1, COUNTY, '2022-03');
  assert.equal(open.withheld, 1);
  assert.ok(!open.indicators.some((i) => i.indicator === 'IOM cohort'));
  assert.ok(open.indicators.every((i) => !i.restricted));
  const all = await partnerIndicators(store, D1, COUNTY, '2022-03', { includeRestricted: true });
  assert.equal(all.withheld, 0);
  const iom = find(all.indicators, 'IOM cohort');
  assert.equal(iom.restricted, true);
  assert.equal(iom.source, 'iom');
  assert.deepEqual(
    [iom.latest.period, iom.previous?.period, iom.previousBasis],
    ['2021/22 Q3', '2020/21 Q3', 'same period a year earlier'],
  );
  assert.deepEqual(iom.change, { abs: 2, pct: 5 });
  const imported = await store.one<{ id: number }>("SELECT import_id AS id FROM imports WHERE file LIKE '%iom.csv'");
  assert.equal(iom.latest.importId, imported!.id);
});

test('labels a year earlier, and a bad month is a user error', async (t) => {
  assert.equal(yearEarlierLabel('2021-03'), '2020-03');
  assert.equal(yearEarlierLabel('2021'), '2020');
  assert.equal(yearEarlierLabel('2000/01'), '1999/00');
  assert.equal(yearEarlierLabel('2020/21 Q4'), '2019/20 Q4');
  assert.equal(yearEarlierLabel('2021 Q1'), '2020 Q1');
  assert.equal(yearEarlierLabel('spring'), null);
  const store = await memoryStore(t);
  await assert.rejects(
    partnerIndicators(store, D1, COUNTY, '2022-13'),
    (e: unknown) => e instanceof SaferError && e.location.value === '2022-13',
  );
});
