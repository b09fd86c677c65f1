import { test } from 'node:test';
import assert from 'node:assert/strict';
import { monitorDistrict, MIN_EXPECTED, type MonitorSeries } from '../../src/assess/build/monitoring.ts';
import { rolling12Sums, seasonality, seriesMonths } from '../../src/assess/build/series.ts';
import { windowsFor } from '../../src/assess/engine.ts';
import { localContext } from '../../src/assess/build/local.ts';
import { agePartition } from '../../src/assess/read/background.ts';
import { ageLabel, parseAgeBand, populationMeasureLabel } from '../../src/core/population-measures.ts';
import { monthRange, previousWindow, rolling12 } from '../../src/core/periods/index.ts';
import { comparability } from '../../src/core/periods/comparable.ts';

test('windows: rolling 12 months, the 12 before, financial year, year to date and latest complete quarter', () => {
  const w = windowsFor('2025-09');
  assert.deepEqual(
    [w.current.start, w.current.end, w.previous.start, w.previous.end],
    ['2024-10', '2025-09', '2023-10', '2024-09'],
  );
  const [fy, ytd, q] = w.others;
  assert.deepEqual([fy!.current.label, fy!.comparison.label], ['2024/25', '2023/24']);
  assert.deepEqual(
    [ytd!.current.start, ytd!.current.end, ytd!.comparison.start, ytd!.comparison.end],
    ['2025-04', '2025-09', '2024-04', '2024-09'],
  );
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

/** A district series (and optional wards) for monitorDistrict. */
function series(
  months: string[],
  counts: number[],
  id = 'm',
  level: 'district' | 'ward' = 'district',
  code = 'D1',
): MonitorSeries {
  return {
    measure: { id, title: `Measure ${id}` },
    area: { code, name: level === 'ward' ? `Ward ${code}` : null, level },
    months,
    counts,
  };
}

/** A seeded Poisson sample (mulberry32 uniforms, inversion), so the "no change" series below are realistic noise rather than flat lines. */
function poissonNoise(mu: number, n: number, seed: number): number[] {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: n }, () => {
    let x = 0;
    let p = Math.exp(-mu);
    let cdf = p;
    const u = uniform();
    while (u > cdf) {
      x++;
      p *= mu / x;
      cdf += p;
    }
    return x;
  });
}

test('monitoring: a sustained rise in the last months signals an increase from the month it began, in words built from its own numbers', () => {
  const months = monthRange('2021-10', '2025-09');
  const counts = poissonNoise(10, months.length, 7);
  for (let i = 44; i < 48; i++) counts[i] = 25; // Jun–Sep 2025 two and a half times the level
  const m = monitorDistrict(
    [series(months, counts, 'rise'), series(months, poissonNoise(10, months.length, 8), 'steady')],
    '2025-09',
    { alpha: 0.05 },
  );
  assert.equal(m.series.monitored, 2);
  const [signal] = m.signals;
  assert.ok(signal && m.signals.length === 1, JSON.stringify(m.signals));
  assert.equal(signal.measure, 'rise');
  assert.equal(signal.direction, 'increase');
  assert.ok(signal.since >= '2025-05' && signal.since <= '2025-06', signal.since);
  assert.ok(
    signal.latest.count > signal.latest.expected,
    'a rise is never called with the latest month below expected',
  );
  assert.ok(signal.pAdjusted! < 0.05 && signal.pValue! <= signal.pAdjusted!);
  for (const figure of [
    String(signal.latest.count),
    (Math.round(signal.latest.expected * 10) / 10).toString(),
    String(Math.round(signal.excess!)),
  ])
    assert.ok(signal.explanation.includes(figure), `${figure} in ${signal.explanation}`);
  assert.ok(!signal.explanation.includes('signal above 5'));
  const check = m.checks.find((c) => c.measure === 'rise')!;
  assert.equal(check.signal, 'increase');
  assert.equal(check.status, 'above-95');
  assert.equal(check.beyondChance, true, 'the badge agrees with the adjusted p');
  assert.ok(m.expectedFalseAlarms > 0 && m.expectedFalseAlarms < 1);
});

test('monitoring: a two-month burst raises one alarm and is then forgotten (the chart restarts), and a seasonal peak is no signal', () => {
  const months = monthRange('2021-10', '2025-09');
  const burst = poissonNoise(12, months.length, 11);
  burst[37] = 45; // Nov–Dec 2024
  burst[38] = 45;
  const seasonal = months.map((m) => (['06', '07', '08'].includes(m.slice(5)) ? 160 : 100));
  const m = monitorDistrict([series(months, burst, 'burst'), series(months, seasonal, 'summer')], '2025-09', {
    alpha: 0.05,
  });
  const b = m.checks.find((c) => c.measure === 'burst')!;
  const rises = b.cusum.alarms.filter((x) => x.direction === 'increase');
  assert.ok(
    rises.length >= 1 && rises.every((x) => ['2024-11', '2024-12'].includes(x.month)),
    JSON.stringify(b.cusum.alarms),
  );
  assert.equal(b.signal, null, 'nine months later the burst no longer signals');
  const s = m.checks.find((c) => c.measure === 'summer')!;
  assert.equal(s.expectedBy, 'seasonal');
  assert.equal(s.cusum.alarms.length, 0);
  assert.equal(m.signals.length, 0);
});

test('monitoring: series expecting fewer than the minimum a month, or without the history, are counted as not monitored', () => {
  const months = monthRange('2021-10', '2025-09');
  const sparse = months.map((_, i) => (i % 3 === 0 ? 1 : 0)); // a third of an event a month
  const short = monthRange('2024-01', '2025-09');
  const m = monitorDistrict(
    [
      series(months, sparse, 'sparse'),
      series(
        short,
        short.map(() => 10),
        'short',
      ),
      series(months, poissonNoise(6, months.length, 3), 'ok', 'ward', 'W1'),
    ],
    '2025-09',
    { alpha: 0.05 },
  );
  assert.ok(MIN_EXPECTED > 1 / 3);
  assert.deepEqual(m.series, { monitored: 1, tooFewExpected: 1, tooShort: 1 });
  assert.deepEqual(
    m.checks.map((c) => c.measure),
    ['ok'],
  );
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
    level: 'ward',
    monthly,
    names: new Map([['W1', 'One']]),
    units: ['W1', 'W2', 'W3', 'W4'],
    population: new Map([['W1', 6000]]),
    current,
    decision: comparability(current, previous, new Set(months)),
    seriesMonths: months,
    alpha: 0.05,
  });
  assert.deepEqual(context.top, ['W1', 'W2', 'W3']);
  assert.deepEqual(context.increases, ['W2']);
  assert.equal(context.rows.find((r) => r.code === 'W2')!.change.verdict, 'significant increase'); // 48 vs 12
  assert.equal(context.rows.find((r) => r.code === 'W1')!.rate, 10); // 60 per 6,000 residents
  assert.equal(context.rows.find((r) => r.code === 'W4')!.current, 0);
  assert.deepEqual(context.persistent, ['W1', 'W2', 'W3']); // only three wards have offences: all in the top five each year
  assert.equal(context.unallocated, 3);
  assert.equal(context.concentration.topShare, 1);
  // the ward page's figures: each ward's monthly counts on the series months, and its rank in the district
  const w2 = context.rows.find((r) => r.code === 'W2')!;
  assert.equal(w2.counts!.length, months.length);
  assert.equal(w2.counts![months.indexOf('2024-09')], 1);
  assert.equal(w2.counts![months.indexOf('2024-10')], 4);
  // 12-month counts W1 60, W2 48, W3 24, W4 0: competition ranks 1..4; only W1 has a population
  assert.deepEqual(
    context.rows.map((r) => [r.code, r.rank]),
    [
      ['W1', { byCount: 1, byRate: 1, of: 4, ofRated: 1 }],
      ['W2', { byCount: 2, byRate: null, of: 4, ofRated: 1 }],
      ['W3', { byCount: 3, byRate: null, of: 4, ofRated: 1 }],
      ['W4', { byCount: 4, byRate: null, of: 4, ofRated: 1 }],
    ],
  );
});

test('local context: tied wards share the better rank', () => {
  const current = rolling12('2025-09');
  const months = monthRange('2023-10', '2025-09');
  const monthly = new Map<string | null, Map<string, number>>([
    ['A', new Map(months.map((m) => [m, 2]))],
    ['B', new Map(months.map((m) => [m, 2]))],
    ['C', new Map(months.map((m) => [m, 1]))],
  ]);
  const { context } = localContext({
    level: 'ward',
    monthly,
    names: new Map(),
    units: ['A', 'B', 'C'],
    population: new Map([
      ['A', 1000],
      ['B', 2000],
      ['C', 100],
    ]),
    current,
    decision: comparability(current, previousWindow(current), new Set(months)),
    seriesMonths: months,
    alpha: 0.05,
  });
  // counts 24, 24, 12: A and B share 1st, C is 3rd; rates 24, 12, 120 per 1,000: C 1st, A 2nd, B 3rd
  assert.deepEqual(Object.fromEntries(context.rows.map((r) => [r.code, [r.rank!.byCount, r.rank!.byRate]])), {
    A: [1, 2],
    B: [1, 3],
    C: [3, 1],
  });
});

test('age profile: the five-year bands of a census table that also holds broad ones, never overlapping', () => {
  assert.deepEqual(parseAgeBand('age:15-64'), { measure: 'age:15-64', from: 15, to: 64 });
  assert.deepEqual(parseAgeBand('age:65+'), { measure: 'age:65+', from: 65, to: null });
  assert.equal(parseAgeBand('households'), null);
  assert.deepEqual(
    [
      ageLabel('age:0-14'),
      ageLabel('age:90+'),
      populationMeasureLabel('age:16-24'),
      populationMeasureLabel('households'),
    ],
    ['0 to 14', '90 and over', 'Residents aged 16 to 24', 'Households'],
  );
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
