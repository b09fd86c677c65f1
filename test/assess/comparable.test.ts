/**
 * The one comparability rule (src/core/periods/comparable.ts) on its own, then through the whole
 * engine on a small store the test writes: a hole inside the current window, and a hole only in
 * the previous one. Every level of a measure (district, wards, sub-types, harm) must take the same
 * decision, and a "not assessed" comparison carries no figures. Expected p-values: SciPy
 * `binomtest(c, c + p, 0.5).pvalue`, quoted beside each.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store, type SqlParam } from '../../src/store/db.ts';
import { monthRange, previousWindow, rolling12 } from '../../src/core/periods/index.ts';
import { comparability, MIN_LIKE_FOR_LIKE_MONTHS } from '../../src/core/periods/comparable.ts';
import { assessArea } from '../../src/assess/engine.ts';
import { loadConfig } from '../../src/assess/config.ts';
import type { Assessment, MeasureAssessment } from '../../src/assess/schema.ts';
import { rebuildDerived } from '../../src/store/resolve.ts';

const current = rolling12('2022-11');
const previous = previousWindow(current);
const all = (except: string[] = []) => new Set(monthRange('2020-01', '2022-12').filter((m) => !except.includes(m)));

test('comparability: whole periods when both are complete', () => {
  const d = comparability(current, previous, all());
  assert.equal(d.kind, 'full');
  assert.deepEqual(d.currentMonths, current.months);
  assert.deepEqual(d.previousMonths, previous.months);
  assert.deepEqual(d.excluded, []);
});

test('comparability: like for like on the months held in both years, whichever window has the hole', () => {
  // the real Hertfordshire case: December 2020 never published
  const herts = comparability(current, previous, new Set(monthRange('2021-01', '2022-11')));
  assert.equal(herts.kind, 'like-for-like');
  assert.deepEqual(
    [herts.currentMonths[0], herts.currentMonths.at(-1), herts.currentMonths.length],
    ['2022-01', '2022-11', 11],
  );
  assert.deepEqual([herts.previousMonths[0], herts.previousMonths.at(-1)], ['2021-01', '2021-11']);
  assert.deepEqual(herts.excluded, ['2020-12', '2021-12']);
  assert.match(
    herts.label,
    /^Jan – Nov 2022 against Jan – Nov 2021 \(like for like: the 11 months loaded in both periods\)$/,
  );
  // a hole inside the current window drops the same month a year earlier
  const inside = comparability(current, previous, all(['2022-06']));
  assert.deepEqual(inside.excluded, ['2021-06', '2022-06']);
  assert.equal(inside.currentMonths.length, 11);
  assert.match(inside.label, /^Dec 2021 – Nov 2022 except Jun 2022 against Dec 2020 – Nov 2021 except Jun 2021/);
  // the user may ask for whole 12-month periods only
  const strict = comparability(current, previous, all(['2022-06']), '12-months');
  assert.equal(strict.kind, 'not-assessed');
  assert.match(strict.reason!, /incomplete period: no data for Jun 2022/);
});

test('comparability: not assessed without a previous year, or with too few months in both', () => {
  const none = comparability(current, previous, new Set(monthRange('2021-12', '2022-11')));
  assert.deepEqual([none.kind, none.reason], ['not-assessed', 'previous period not loaded']);
  const few = comparability(current, previous, new Set(monthRange('2021-07', '2022-11')));
  assert.equal(few.kind, 'not-assessed'); // previous window holds Jul–Nov 2021: 5 pairs
  assert.match(
    few.reason!,
    new RegExp(`only 5 months loaded in both periods \\(at least ${MIN_LIKE_FOR_LIKE_MONTHS} needed`),
  );
  assert.throws(
    () => comparability(current, { ...previous, months: previous.months.slice(1) }, all()),
    /unequal length/,
  );
});

/** One district of two wards, police.uk burglary and other theft each month, with holes. */
async function store(missing: string[]): Promise<Store> {
  const s = await Store.open(':memory:');
  const parents: SqlParam[][] = [];
  for (const [lsoa, ward] of [
    ['L1', 'W1'],
    ['L2', 'W2'],
  ] as const)
    parents.push([0, 'f', lsoa, 'lsoa', ward, 'ward', '2019'], [0, 'f', lsoa, 'lsoa', 'E07000901', 'district', '2019']);
  parents.push([0, 'f', 'E07000901', 'district', 'E23000901', 'force', '2019']);
  await s.append(
    'area_parents',
    ['import_id', 'batch', 'child_code', 'child_level', 'parent_code', 'parent_level', 'vintage'],
    parents,
  );
  await s.append(
    'population',
    ['import_id', 'batch', 'area_code', 'year', 'measure', 'value'],
    [[0, 'p', 'E07000901', 2021, 'population', 50000]],
  );
  const rows: SqlParam[][] = [];
  for (const month of monthRange('2020-12', '2022-11')) {
    if (missing.includes(month)) continue;
    const later = month >= '2021-12';
    // W1: 6 burglaries a month, 9 a month in the later year; W2: 3 thefts, 2 later
    for (let i = 0; i < (later ? 9 : 6); i++)
      rows.push([1, 'b', 'police-uk', 'crime', `${month}-01`, 'Burglary', 'L1']);
    for (let i = 0; i < (later ? 2 : 3); i++)
      rows.push([1, 'b', 'police-uk', 'crime', `${month}-01`, 'Other theft', 'L2']);
  }
  await s.append('events', ['import_id', 'batch', 'source', 'kind', 'month', 'category', 'lsoa'], rows);
  // rows appended directly, not imported: resolve their areas and count them as an import does
  await rebuildDerived(s);
  return s;
}

async function assess(missing: string[], compare: 'auto' | '12-months' = 'auto'): Promise<Assessment> {
  const s = await store(missing);
  try {
    return (
      await assessArea(s, 'E07000901', false, {
        config: loadConfig(),
        end: '2022-11',
        compare,
        now: new Date('2023-01-01T00:00:00Z'),
      })
    ).assessments[0]!;
  } finally {
    s.close();
  }
}

function levels(m: MeasureAssessment): (string | null)[] {
  return [
    m.change.basis,
    ...(m.local.ward?.rows.map((r) => r.change.basis) ?? []),
    ...(m.breakdown?.rows.map((r) => r.change.basis) ?? []),
    m.harm ? (m.harm.compared ? m.change.basis : 'not-assessed') : m.change.basis,
  ];
}

test('a hole inside the current window: every level of every measure compares the same 11 months', async () => {
  const a = await assess(['2022-06']);
  assert.equal(a.comparison.kind, 'like-for-like');
  assert.deepEqual(a.comparison.excluded, ['2021-06', '2022-06']);
  const crime = a.measures.find((m) => m.id === 'all-crime')!;
  // 11 months each: 11 × 11 = 121 against 11 × 9 = 99 (scipy binomtest(121, 220, 0.5).pvalue = 0.15667…)
  assert.deepEqual([crime.change.current, crime.change.previous], [121, 99]);
  assert.ok(Math.abs(crime.change.pValue! - 0.15667091222817417) < 1e-12, String(crime.change.pValue));
  assert.equal(crime.current.count, 121, 'the current 12 months as held: June 2022 missing, flagged');
  assert.equal(crime.current.complete, false);
  for (const m of a.measures.filter((x) => x.available))
    assert.ok(
      levels(m).every((b) => b === 'like-for-like'),
      `${m.id}: ${levels(m).join(', ')}`,
    );
  const ward1 = crime.local.ward!.rows.find((r) => r.code === 'W1')!;
  assert.deepEqual([ward1.change.current, ward1.change.previous], [99, 66]); // scipy binomtest(99, 165, 0.5).pvalue = 0.012496
  assert.equal(ward1.change.verdict, 'significant increase');
  const harm = crime.harm!;
  assert.ok(harm.compared !== null && harm.compared.current < harm.current + 1e-9);
});

test('a hole only in the previous window: the same decision, and whole periods only on request', async () => {
  const a = await assess(['2021-03']);
  const crime = a.measures.find((m) => m.id === 'all-crime')!;
  assert.equal(crime.current.complete, true);
  assert.deepEqual(crime.comparison!.excluded, ['2021-03', '2022-03']);
  assert.deepEqual([crime.change.current, crime.change.previous], [121, 99]);
  for (const m of a.measures.filter((x) => x.available))
    assert.ok(
      levels(m).every((b) => b === 'like-for-like'),
      m.id,
    );

  const strict = await assess(['2021-03'], '12-months');
  assert.equal(strict.comparison.mode, '12-months');
  for (const m of strict.measures.filter((x) => x.available)) {
    assert.ok(
      levels(m).every((b) => b === 'not-assessed'),
      m.id,
    );
    assert.deepEqual([m.change.abs, m.change.pct, m.change.pValue, m.change.z], [null, null, null, null]);
    for (const r of m.local.ward?.rows ?? [])
      assert.deepEqual([r.previous, r.change.abs, r.change.pValue], [null, null, null]);
    for (const r of m.breakdown?.rows ?? []) assert.deepEqual([r.previous, r.pct], [null, null]);
    if (m.harm) assert.deepEqual([m.harm.previous, m.harm.pct], [null, null]);
  }
});

test('a year without the year before: every figure of the current period, no comparison', async () => {
  const a = await assess(monthRange('2020-12', '2021-11'));
  const crime = a.measures.find((m) => m.id === 'all-crime')!;
  assert.equal(crime.current.count, 132);
  assert.equal(crime.change.verdict, 'not assessed: previous period not loaded');
  assert.equal(crime.change.pValue, null);
  assert.ok(crime.local.ward!.rows.every((r) => r.change.verdict === 'not assessed: previous period not loaded'));
  // monitoring and seasonality say they did not run, rather than finding nothing
  assert.ok(crime.notRun.some((n) => n.analysis === 'cusum' && /has 12/.test(n.reason)));
  assert.ok(crime.notRun.some((n) => n.analysis === 'seasonality'));
  const emerging = crime.risk!.factors.find((f) => f.id === 'emerging')!;
  assert.equal(emerging.available, false);
  assert.match(emerging.explanation, /did not run/);
});
