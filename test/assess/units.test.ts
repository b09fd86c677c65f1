import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cusumFinding } from '../../src/assess/emerging.ts';
import { rolling12Sums, seasonality, seriesMonths } from '../../src/assess/series.ts';
import { windowsFor } from '../../src/assess/engine.ts';
import { localContext } from '../../src/assess/local.ts';
import { agePartition } from '../../src/assess/background.ts';
import { ageLabel, parseAgeBand, populationMeasureLabel } from '../../src/core/population-measures.ts';
import { monthRange, previousWindow, rolling12 } from '../../src/core/periods/index.ts';
import { comparability } from '../../src/core/periods/comparable.ts';

test('windows: rolling 12 months, the 12 before, financial year, year to date and latest complete quarter', () => {
  const w = windowsFor('2025-09');
  assert.deepEqual([w.current.start, w.current.end, w.previous.start, w.previous.end], ['2024-10', '2025-09', '2023-10', '2024-09']);
  const [fy, ytd, q] = w.others;
  assert.deepEqual([fy!.current.label, fy!.comparison.label], ['2024/25', '2023/24']);
  assert.deepEqual([ytd!.current.start, ytd!.current.end, ytd!.comparison.start, ytd!.comparison.end], ['2025-04', '2025-09', '2024-04', '2024-09']);
  assert.deepEqual([q!.current.label, q!.comparison.label], ['2025/26 Q2', '2024/25 Q2']);
  // an end in mid-quarter takes the last complete quarter; a March end is its own financial year
  assert.equal(windowsFor('2025-08').others[2]!.current.label, '2025/26 Q1');
  assert.equal(windowsFor('2025-03').others[0]!.current.label, '2024/25');
});

test('series months: the run of consecutive months ending at the end, with a note on a hole', () => {
  const loaded = new Set([...monthRange('2020-01', '2020-06'), ...monthRange('2020-08', '2021-12')]);
  const { months, note } = seriesMonths(loaded, '2021-12');
  assert.equal(months[0], '2020-08');
  assert.equal(months.length, 17);
  assert.match(note!, /no data for 2020-07/);
  assert.deepEqual(rolling12Sums([...Array(13).keys()]).slice(10), [null, 66, 78]); // 0+…+11 = 66, 1+…+12 = 78
});

test('seasonality: a month ≥ 20% above its multi-year average and unlikely under Poisson is a peak', () => {
  const months = monthRange('2022-10', '2025-09');
  const counts: number[] = months.map((m) => (m.endsWith('-10') ? 40 : 20));
  counts[counts.length - 12] = 70; // October 2024: 70 against an average of 40
  counts[counts.length - 1] = 12; // September 2025: 12 against 20
  const s = seasonality(months, counts, '2025-09');
  assert.equal(s.months.length, 12);
  const oct = s.months.find((m) => m.month === '2024-10')!;
  assert.deepEqual([oct.average, oct.lastYear, oct.years, oct.flag], [40, 40, 2, 'peak']);
  // python3 -c "from scipy.stats import poisson; print(poisson.sf(69, 40), poisson.cdf(12, 20))" → 1.109e-05, 0.0390 (SciPy 1.10.1)
  assert.deepEqual(s.peaks, ['2024-10']);
  assert.deepEqual(s.dips, ['2025-09']);
});

test('CUSUM finding: a sustained rise in the last months signals an increase from the month it began', () => {
  const months = monthRange('2022-10', '2025-09');
  const counts = months.map(() => 10);
  for (let i = 32; i < 36; i++) counts[i] = 20; // Jun–Sep 2025 double
  const f = cusumFinding(months, counts)!;
  assert.equal(f.direction, 'increase');
  assert.equal(f.since, '2025-06');
  assert.equal(f.expectedBy, 'flat');
  // z = (20 − 10)/√10 = 3.162 a month; C⁺ after four months = 4 × (3.162 − 0.5) = 10.65
  assert.ok(Math.abs(f.cusum - 4 * (10 / Math.sqrt(10) - 0.5)) < 1e-9);
  assert.equal(cusumFinding(months, months.map(() => 10)), null);
  assert.equal(cusumFinding(months.slice(0, 20), counts.slice(0, 20)), null, 'too little history');
});

test('CUSUM: a seasonal series follows its calendar months, so a usual summer peak is not an emerging issue', () => {
  const months = monthRange('2022-10', '2025-09');
  const counts = months.map((m) => (['06', '07', '08'].includes(m.slice(5)) ? 160 : 100));
  assert.equal(cusumFinding(months, counts), null);
});

test('local context: ranks wards, finds the greatest increase, persistence and concentration', () => {
  const current = rolling12('2025-09');
  const previous = previousWindow(current);
  const months = monthRange('2020-10', '2025-09');
  const monthly = new Map<string | null, Map<string, number>>();
  monthly.set('W1', new Map(months.map((m) => [m, 5])));
  monthly.set('W2', new Map(months.map((m) => [m, m >= '2024-10' ? 4 : 1])));
  monthly.set('W3', new Map(months.map((m) => [m, 2])));
  monthly.set(null, new Map([['2025-01', 3]]));
  const { context } = localContext({
    level: 'ward', monthly, names: new Map([['W1', 'One']]), units: ['W1', 'W2', 'W3', 'W4'], population: new Map([['W1', 6000]]),
    current, decision: comparability(current, previous, new Set(months)), seriesMonths: months, alpha: 0.05,
  });
  assert.deepEqual(context.top, ['W1', 'W2', 'W3']);
  assert.deepEqual(context.increases, ['W2']);
  assert.equal(context.rows.find((r) => r.code === 'W2')!.change.verdict, 'significant increase'); // 48 vs 12
  assert.equal(context.rows.find((r) => r.code === 'W1')!.rate, 10); // 60 per 6,000 residents
  assert.equal(context.rows.find((r) => r.code === 'W4')!.current, 0);
  assert.deepEqual(context.persistent, ['W1', 'W2', 'W3']); // only three wards have offences: all in the top five each year
  assert.equal(context.unallocated, 3);
  assert.equal(context.concentration.topShare, 1);
});

test('age profile: the five-year bands of a census table that also holds broad ones, never overlapping', () => {
  assert.deepEqual(parseAgeBand('age:15-64'), { measure: 'age:15-64', from: 15, to: 64 });
  assert.deepEqual(parseAgeBand('age:65+'), { measure: 'age:65+', from: 65, to: null });
  assert.equal(parseAgeBand('households'), null);
  assert.deepEqual([ageLabel('age:0-14'), ageLabel('age:90+'), populationMeasureLabel('age:16-24'), populationMeasureLabel('households')], ['0 to 14', '90 and over', 'Residents aged 16 to 24', 'Households']);
  // the 2011 census table: five-year bands 0–4 … 85–89, 90+ and the broad 0–14, 15–64, 65+
  const fine = [...Array.from({ length: 18 }, (_, i) => `age:${5 * i}-${5 * i + 4}`), 'age:90+'];
  const broad = ['age:0-14', 'age:15-64', 'age:65+'];
  assert.deepEqual(agePartition([...broad, ...fine].reverse()), fine);
  assert.deepEqual(agePartition(broad), broad);
  // five-year bands loaded only in part: the broad chain, rather than nothing
  assert.deepEqual(agePartition(['age:0-4', 'age:5-9', ...broad]), broad);
  // a gap or no open-ended band: no profile rather than a wrong one
  assert.deepEqual(agePartition(['age:0-14', 'age:16-64', 'age:65+']), []);
  assert.deepEqual(agePartition(['age:0-14', 'age:15-64']), []);
});
