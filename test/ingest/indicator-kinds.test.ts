/**
 * Partner indicators declare their kind (count, rate, proportion), and each kind gets its own
 * statistics: the IOM re-offending figure "0.43 offences per offender" (13 re-offences by a cohort
 * of 30) is a rate with an exact Poisson (Garwood) interval and a rate-ratio test, not 43.3% with a
 * binomial interval; a proportion above 1 or a rate declared as a proportion is an import error
 * naming file, line and value. Expected values computed independently with SciPy 1.10 (the calls
 * are written beside them).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importPaths } from '../../src/ingest/import.ts';
import { partnerIndicators } from '../../src/assess/read/indicators.ts';
import { csv, memoryStore, rejectsWith, scratch } from './partner-helpers.ts';

const D1 = 'E07000091';
const HEADER = ['indicator', 'area_code', 'period', 'value', 'numerator', 'denominator', 'unit', 'kind'];
const close = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);

const IOM_ROWS = [
  ['iom_reoffending_rate', D1, '2024/25 Q2', '0.65', '20', '31', 'offences per offender'],
  ['iom_reoffending_rate', D1, '2025/26 Q2', '0.43', '13', '30', 'offences per offender'],
];

for (const declared of [true, false]) {
  test(`IOM re-offending (${declared ? 'declared rate per person' : 'no kind column: inferred from "offences per offender"'}): a rate with a Garwood interval and a rate-ratio test`, async (t) => {
    const store = await memoryStore(t);
    const { write, dir } = scratch(t);
    const rows = declared
      ? [HEADER, ...IOM_ROWS.map((r) => [...r, 'rate per person'])]
      : [HEADER.slice(0, -1), ...IOM_ROWS];
    const [r] = await importPaths(store, [write('iom.csv', csv(rows))], { rejectsDir: dir });
    if (!declared)
      assert.ok(
        r!.notes.some((n) => /kind inferred from the unit .*iom_reoffending_rate → rate per person/.test(n)),
        r!.notes.join('; '),
      );
    const { indicators } = await partnerIndicators(store, D1, [D1], '2025-09');
    const iom = indicators[0]!;
    assert.deepEqual(iom.kind, { id: 'rate per person', declared, per: 1 });
    assert.equal(iom.latest.proportion, null);
    assert.equal(iom.proportionChange, null);
    const rate = iom.latest.rate!;
    close(rate.value, 13 / 30, 1e-12, 'rate');
    // scipy.stats.chi2.ppf(0.025, 26)/2 / 30 and chi2.ppf(0.975, 28)/2 / 30
    close(rate.lower, 6.921952491003801 / 30, 1e-9, 'Garwood lower');
    close(rate.upper, 22.230395918158873 / 30, 1e-9, 'Garwood upper');
    // the rate ratio (13/30)/(20/31), scipy.stats.binomtest(13, 33, 30/61).pvalue, and its exact interval
    // from scipy.stats.beta.ppf (Clopper–Pearson) mapped by π/(1 − π)·31/30 (R poisson.test(c(13, 20), c(30, 31)))
    const change = iom.rateChange!;
    close(change.ratio!, 0.6716666666666667, 1e-12, 'ratio');
    close(change.pValue, 0.29835542770222956, 1e-9, 'p');
    close(change.lower, 0.3070325771448429, 1e-8, 'ratio lower');
    close(change.upper!, 1.418846850863748, 1e-8, 'ratio upper');
    assert.equal(change.verdict, 'no significant change');
  });
}

test('a significant rise in a rate, and a count with its Garwood interval and exact test of two equal periods', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  await importPaths(
    store,
    [
      write(
        'r.csv',
        csv([
          HEADER,
          ['Re-offences', D1, '2023/24', '0.81', '25', '31', 'offences per offender', 'rate per person'],
          ['Re-offences', D1, '2024/25', '2', '60', '30', 'offences per offender', 'rate per person'],
          ['Cohort', D1, '2023/24', '30', '', '', 'people', 'count'],
          ['Cohort', D1, '2024/25', '42', '', '', 'people', 'count'],
        ]),
      ),
    ],
    { rejectsDir: dir },
  );
  const { indicators } = await partnerIndicators(store, D1, [D1], '2025-03');
  const byName = new Map(indicators.map((i) => [i.indicator, i]));
  const rate = byName.get('Re-offences')!;
  // scipy.stats.binomtest(60, 85, 30/61).pvalue
  close(rate.rateChange!.pValue, 7.74211266280418e-5, 1e-9, 'p');
  assert.equal(rate.rateChange!.verdict, 'significant increase');
  const count = byName.get('Cohort')!;
  assert.equal(count.kind!.id, 'count');
  // scipy.stats.chi2.ppf(0.025, 84)/2, chi2.ppf(0.975, 86)/2
  assert.ok(count.latest.countInterval);
  close(count.latest.countInterval.lower, 30.2699057324777, 1e-9, 'count lower');
  close(count.rateChange!.pValue, 0.1945051658673991, 1e-9, 'p (scipy.stats.binomtest(42, 72, 0.5))');
  assert.equal(count.rateChange!.verdict, 'no significant change');
});

test('a proportion: Wilson interval and Newcombe difference, as computed independently', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  await importPaths(
    store,
    [
      write(
        'p.csv',
        csv([
          HEADER,
          ['Retention', D1, '2023/24', '27.5', '11', '40', '%', 'proportion'],
          ['Retention', D1, '2024/25', '25', '30', '120', '%', 'proportion'],
        ]),
      ),
    ],
    { rejectsDir: dir },
  );
  const [ind] = (await partnerIndicators(store, D1, [D1], '2025-03')).indicators;
  // Wilson (Newcombe 1998 method 3) and the hybrid score difference (method 10), in python3 from the
  // formulas: centre (p + z²/2n)/(1 + z²/n), half-width z√(p(1 − p)/n + z²/4n²)/(1 + z²/n), z = 1.959963984540054
  // — the same as statsmodels proportion_confint(method='wilson') and confint_proportions_2indep(method='newcomb')
  assert.equal(ind!.kind!.id, 'proportion');
  assert.equal(ind!.latest.rate, null);
  close(ind!.proportionChange!.lower, -0.19311764546870203, 1e-12, 'Newcombe lower');
  close(ind!.proportionChange!.upper, 0.116785077492611, 1e-12, 'Newcombe upper');
  // the IOM figure read as a proportion would have been Wilson (0.2737748557646652, 0.6080269299918639): 27.4% to 60.8%
});

test('import errors: a proportion above 1, a rate declared as a proportion, an unknown kind', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  await rejectsWith(
    importPaths(
      store,
      [
        write(
          'above.csv',
          csv([
            HEADER,
            ['Reoffending', D1, '2024/25', '0.43', '13', '30', '', 'proportion'],
            ['Reoffending', D1, '2025/26', '1.2', '36', '30', '', 'proportion'],
          ]),
        ),
      ],
      { rejectsDir: dir },
    ),
    {
      message: /a proportion above 1: the numerator is larger than the denominator/,
      line: 3,
      column: 'numerator',
      value: '36 over 30',
      hint: /rate per person/,
    },
  );
  await rejectsWith(
    importPaths(
      store,
      [
        write(
          'rate.csv',
          csv([
            HEADER,
            ['iom_reoffending_rate', D1, '2024/25', '0.43', '13', '30', 'offences per offender', 'proportion'],
          ]),
        ),
      ],
      { rejectsDir: dir },
    ),
    {
      message: /a rate declared as a proportion/,
      line: 2,
      column: 'kind',
      value: 'proportion (unit: offences per offender)',
    },
  );
  await rejectsWith(
    importPaths(
      store,
      [write('value.csv', csv([HEADER, ['Share', D1, '2024/25', '43.3', '', '', '', 'proportion']]))],
      { rejectsDir: dir },
    ),
    {
      message: /a proportion above 1/,
      line: 2,
      column: 'value',
      value: '43.3',
    },
  );
  await rejectsWith(
    importPaths(store, [write('kind.csv', csv([HEADER, ['Share', D1, '2024/25', '4', '', '', '', 'ratio-ish']]))], {
      rejectsDir: dir,
    }),
    {
      message: /not an indicator kind/,
      line: 2,
      column: 'kind',
      value: 'ratio-ish',
    },
  );
  // an inferred proportion (unit %) above 100% is refused too
  await rejectsWith(
    importPaths(store, [write('pct.csv', csv([HEADER.slice(0, -1), ['Share', D1, '2024/25', '143', '', '', '%']]))], {
      rejectsDir: dir,
    }),
    {
      message: /a proportion above 1/,
      line: 2,
      value: '143',
    },
  );
});

test('wide layout: the kind is an id column; a proportion above 1 names its period column', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  const [r] = await importPaths(
    store,
    [
      write(
        'wide.csv',
        csv([
          ['indicator', 'area_code', 'unit', 'kind', '2023/24', '2024/25'],
          ['First time entrants', D1, 'young people', 'count', '31', '25'],
        ]),
      ),
    ],
    { rejectsDir: dir },
  );
  assert.equal(r!.rowsLoaded, 2);
  const [ind] = (await partnerIndicators(store, D1, [D1], '2025-03')).indicators;
  assert.deepEqual(ind!.kind, { id: 'count', declared: true, per: null });
  // scipy.stats.binomtest(25, 56, 0.5).pvalue
  close(ind!.rateChange!.pValue, 0.5044037600228255, 1e-9, 'p');
  assert.equal(ind!.rateChange!.verdict, 'no significant change');
  await rejectsWith(
    importPaths(
      store,
      [
        write(
          'bad-wide.csv',
          csv([
            ['indicator', 'area_code', 'kind', '2023/24', '2024/25'],
            ['Share', D1, 'proportion', '0.4', '1.3'],
          ]),
        ),
      ],
      { rejectsDir: dir },
    ),
    {
      message: /a proportion above 1/,
      line: 2,
      column: '2024/25',
      value: '1.3',
    },
  );
});
