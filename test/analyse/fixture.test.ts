/** Analysis on a small hand-built store: counts, fallbacks, completeness, rates, change and ranks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store, type SqlParam } from '../../src/store/db.ts';
import { defaultCatalogue } from '../../src/core/measures/catalogue.ts';
import { previousWindow, rolling12, monthRange } from '../../src/core/periods/index.ts';
import { compareMeasure, countyRanks } from '../../src/assess/read/compare.ts';
import { denominator } from '../../src/assess/read/denominators.ts';
import { measureCounts } from '../../src/assess/read/counts.ts';
import { rebuildDerived } from '../../src/store/resolve.ts';

const D1 = 'E07000001'; // data.police.uk only
const D2 = 'E07000002'; // partner record extract with offence codes
const D3 = 'E07000003'; // data.police.uk with 2021-06 missing
const FORCE = 'E23000099';
const catalogue = defaultCatalogue();
const current = rolling12('2021-12');
const previous = previousWindow(current);

type Ev = [
  source: string,
  kind: string,
  month: string,
  date: string | null,
  time: string | null,
  category: string,
  code: string | null,
  lsoa: string,
];

async function fixture(): Promise<Store> {
  const store = await Store.open(':memory:');
  const parents: SqlParam[][] = [];
  for (const [d, l] of [
    [D1, 'L1'],
    [D2, 'L2'],
    [D3, 'L3'],
  ] as const) {
    parents.push([0, 'f', l, 'lsoa', d, 'district', '2019'], [0, 'f', d, 'district', FORCE, 'force', '2019']);
  }
  await store.append(
    'area_parents',
    ['import_id', 'batch', 'child_code', 'child_level', 'parent_code', 'parent_level', 'vintage'],
    parents,
  );
  await store.append(
    'population',
    ['import_id', 'batch', 'area_code', 'year', 'measure', 'value'],
    [
      [0, 'p', D1, 2019, 'population', 9000],
      [0, 'p', D1, 2021, 'population', 10000],
      [0, 'p', D2, 2020, 'population', 5000],
      [0, 'p', D2, 2020, 'households', 2000],
      [0, 'p', D3, 2022, 'population', 20000],
    ],
  );
  await store.append(
    'peer_groups',
    ['import_id', 'batch', 'source', 'area_code', 'peer_code', 'position'],
    [[0, 'g', 'msg', D1, D3, 1]],
  );
  const ev: Ev[] = [];
  for (const m of monthRange('2020-01', '2021-12')) {
    ev.push(['police-uk', 'crime', m, null, null, 'Other theft', null, 'L1']);
    ev.push(['partner', 'crime', m, `${m}-15`, '12:00', 'Other theft', '49', 'L2']);
    if (m !== '2021-06') ev.push(['police-uk', 'crime', m, null, null, 'Other theft', null, 'L3']);
  }
  for (let i = 0; i < 10; i++) ev.push(['police-uk', 'crime', '2021-03', null, null, 'Burglary', null, 'L1']);
  for (let i = 0; i < 4; i++) ev.push(['police-uk', 'crime', '2020-03', null, null, 'Burglary', null, 'L1']);
  for (let i = 0; i < 6; i++) ev.push(['partner', 'crime', '2021-05', '2021-05-03', '10:00', 'Burglary', '28E', 'L2']);
  for (let i = 0; i < 2; i++) ev.push(['partner', 'crime', '2021-05', '2021-05-03', '10:00', 'Burglary', '30C', 'L2']);
  // night-time violence: Fri 23:00, Sat 02:00 (Friday night), Sun 02:00 (Saturday night) count; Mon 02:00, Sat 18:59 do not
  for (const [date, time] of [
    ['2021-10-01', '23:00'],
    ['2021-10-02', '02:00'],
    ['2021-10-03', '02:00'],
    ['2021-10-04', '02:00'],
    ['2021-10-02', '18:59'],
  ]) {
    ev.push(['partner', 'crime', '2021-10', date!, time!, 'Violence and sexual offences', '8N', 'L2']);
  }
  await store.append(
    'events',
    ['import_id', 'batch', 'source', 'kind', 'month', 'date', 'time', 'category', 'offence_code', 'lsoa'],
    ev.map(([s, k, m, d, t, c, o, l]) => [1, 'b', s, k, `${m}-01`, d, t, c, o, l]),
  );
  // rows appended directly, not imported: resolve their areas and count them as an import does
  await rebuildDerived(store);
  return store;
}

test('counts per district choose the taxonomy each district supports, with fallback notes', async () => {
  const store = await fixture();
  const dwelling = catalogue.get('dwelling-burglary')!;
  const counts = await measureCounts(store, dwelling, [D1, D2, D3], [current, previous], catalogue);
  assert.deepEqual(counts.get(D2)!.counts, [6, 0]);
  assert.equal(counts.get(D2)!.source, 'records');
  assert.equal(counts.get(D1)!.measure, 'burglary');
  assert.equal(counts.get(D1)!.fallbackFrom, 'dwelling-burglary');
  assert.deepEqual(counts.get(D1)!.counts, [10, 4]);
  assert.match(counts.get(D1)!.notes[0]!, /not available/);
  assert.deepEqual(counts.get(D3)!.completeness[0]!.missing, ['2021-06']);

  const night = await measureCounts(store, catalogue.get('night-time-violence')!, [D1, D2], [current], catalogue);
  assert.deepEqual(night.get(D2)!.counts, [3]);
  assert.equal(night.get(D1)!.source, null);
  assert.deepEqual(night.get(D1)!.counts, [null]);
  assert.match(night.get(D1)!.notes[0]!, /no time of offence/);
  store.close();
});

test('denominator: latest year up to the period, else the nearest later year with a note', async () => {
  const store = await fixture();
  assert.deepEqual(await denominator(store, D1, 2020, 'population'), { kind: 'population', year: 2019, value: 9000 });
  assert.deepEqual(await denominator(store, D1, 2021, 'population'), { kind: 'population', year: 2021, value: 10000 });
  const later = await denominator(store, D3, 2021, 'population');
  assert.equal(later!.year, 2022);
  assert.match(later!.note!, /2022 used/);
  assert.equal(await denominator(store, D2, 2021, 'households').then((d) => d!.value), 2000);
  store.close();
});

test('compareMeasure: counts, rates, change, p-value and verdict', async () => {
  const store = await fixture();
  const [d1, d2, d3] = await compareMeasure(
    store,
    catalogue.get('dwelling-burglary')!,
    [D1, D2, D3],
    current,
    previous,
    { catalogue },
  );
  // D1 falls back to all burglary per 1,000 residents: 10 vs 4; binomtest(10, 14, 0.5) = 1471/8192
  assert.equal(d1!.measure, 'burglary');
  assert.equal(d1!.current.rate, 1);
  assert.ok(Math.abs(d1!.change.pValue! - 1471 / 8192) < 1e-12);
  assert.equal(d1!.change.pct, 150);
  assert.equal(d1!.change.verdict, 'no significant change');
  assert.ok(Math.abs(d1!.change.z! - 2 * (Math.sqrt(10) - 2)) < 1e-12);
  // D2: 6 after 0 dwelling burglaries per 1,000 households (2,000 in 2020): p = 2/64, "new"
  assert.equal(d2!.current.rate, 3);
  assert.equal(d2!.denominator!.kind, 'households');
  assert.equal(d2!.change.pct, null);
  assert.ok(Math.abs(d2!.change.pValue! - 0.03125) < 1e-12);
  assert.equal(d2!.change.verdict, 'significant increase');
  // D3: police.uk with June 2021 missing: the comparability rule compares it like for like, on
  // the 11 months held in both years (June 2020 and June 2021 left out): 0 against 0 burglaries
  assert.equal(d3!.current.complete, false);
  assert.equal(d3!.change.basis, 'like-for-like');
  assert.deepEqual([d3!.change.current, d3!.change.previous, d3!.change.verdict], [0, 0, 'no significant change']);
  assert.deepEqual(d3!.comparability!.excluded, ['2020-06', '2021-06']);
  assert.equal(d3!.comparability!.currentMonths.length, 11);
  // only whole 12-month periods: not assessed, and no figure of the change is given
  const strict = (
    await compareMeasure(store, catalogue.get('dwelling-burglary')!, [D3], current, previous, {
      catalogue,
      compare: '12-months',
    })
  )[0]!;
  assert.equal(strict.change.verdict, 'not assessed: incomplete period');
  assert.deepEqual(
    [
      strict.change.abs,
      strict.change.pct,
      strict.change.pValue,
      strict.change.z,
      strict.change.current,
      strict.change.previous,
    ],
    [null, null, null, null, null, null],
  );
  assert.match(strict.change.reason!, /no data for Jun 2021/);
  store.close();
});

test('county ranks: 1 = lowest rate, previous positions, average of the other districts', async () => {
  const store = await fixture();
  const ranking = (await countyRanks(store, catalogue.get('all-crime')!, D1, current, previous, { catalogue }))!;
  assert.equal(ranking.group, FORCE);
  assert.deepEqual(ranking.districts, [D1, D2, D3]);
  const [r1, r2, r3] = ranking.results;
  // current: D1 22/10,000, D2 25/5,000 (12 thefts, 8 burglaries, 5 violence), D3 11/20,000
  assert.deepEqual([r1!.current.count, r2!.current.count, r3!.current.count], [22, 25, 11]);
  // D3's current period misses June 2021: it is not ranked, and not in the others' average
  assert.deepEqual([r1!.current.rank, r2!.current.rank, r3!.current.rank], [1, 2, null]);
  assert.deepEqual([r1!.previous.rank, r2!.previous.rank, r3!.previous.rank], [1, 2, null]);
  assert.equal(r1!.current.of, 2);
  assert.ok(Math.abs(r1!.groupAverage.rate! - 5) < 1e-12); // D2 alone: 25 per 5,000
  assert.ok(Math.abs(r1!.rateRatio!.ratio! - 2.2 / 5) < 1e-12);
  assert.ok(r1!.rateRatio!.lower < r1!.rateRatio!.ratio! && r1!.rateRatio!.upper > r1!.rateRatio!.ratio!);
  store.close();
});
