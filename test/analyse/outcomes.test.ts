/**
 * Outcomes on small files the test writes: the outcomes files' newer, dated outcome wins over the
 * street file's last outcome and the as-of month is reported; shares are compared between periods
 * only at equal age; the families of police.uk categories and Home Office outcome types.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../../src/store/db.ts';
import { refreshLookup } from '../../src/store/resolve.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { defaultCatalogue } from '../../src/core/measures/catalogue.ts';
import { monthRange, previousWindow, rolling12 } from '../../src/core/periods/index.ts';
import { comparability } from '../../src/core/periods/comparable.ts';
import { measureOutcomes, outcomeSnapshot, type MeasureOutcomes } from '../../src/assess/read/outcomes.ts';
import {
  homeOfficeOutcomeType,
  isDetection,
  outcomeCategory,
  outcomeFamily,
} from '../../src/core/outcomes/families.ts';
import { streetRow, tempDir, writeStreetFile } from '../helpers/police-uk-fixture.ts';

const OUTCOMES_HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type';
const FORCE = 'Hertfordshire Constabulary';
const LSOA = 'E01023680';
const [WARD, DISTRICT] = ['E05004689', 'E07000096'];
const current = rolling12('2021-12');
const previous = previousWindow(current);

function outcomesFile(dir: string, month: string, rows: [id: string, outcome: string][]): string {
  const path = join(dir, `${month}-hertfordshire-outcomes.csv`);
  // every file holds at least one row: an outcome of a crime outside the district
  const all = rows.length > 0 ? rows : [['elsewhere', 'Unable to prosecute suspect'] as [string, string]];
  writeFileSync(
    path,
    [
      OUTCOMES_HEADER,
      ...all.map(
        ([id, o]) => `${id},${month},${FORCE},${FORCE},-0.47,51.75,On or near High Street,${LSOA},Dacorum 001A,${o}`,
      ),
    ].join('\n') + '\n',
  );
  return path;
}

async function streetStore(): Promise<Store> {
  const store = await Store.open(':memory:');
  await store.append(
    'area_parents',
    ['import_id', 'batch', 'child_code', 'child_level', 'parent_code', 'parent_level', 'vintage'],
    [
      [0, 'f', LSOA, 'lsoa', WARD, 'ward', '2019'],
      [0, 'f', LSOA, 'lsoa', DISTRICT, 'district', '2019'],
    ],
  );
  await refreshLookup(store); // rows appended by hand: the lookup table is rebuilt as an import would
  const dir = tempDir();
  // one burglary a month, every one "Under investigation" in the street files
  await importPaths(
    store,
    monthRange('2020-01', '2021-12').map((m) =>
      writeStreetFile(dir, `${m}-hertfordshire-street.csv`, [streetRow({ id: `c-${m}`, month: m, lsoa: LSOA })]),
    ),
  );
  return store;
}

async function outcomesOf(store: Store): Promise<MeasureOutcomes> {
  const snapshot = await outcomeSnapshot(store, DISTRICT, previous.start, current.end);
  try {
    const decision = comparability(current, previous, new Set([...previous.months, ...current.months]));
    return (await measureOutcomes(store, {
      snapshot,
      measure: defaultCatalogue().get('all-crime')!,
      source: 'police-uk',
      current,
      previous,
      decision,
      wards: [WARD],
      wardNames: new Map([[WARD, 'Adeyfield East']]),
    }))!;
  } finally {
    await snapshot.drop();
  }
}

const countOf = (o: MeasureOutcomes, category: string) =>
  o.district.categories.find((c) => c.category === category)?.count ?? 0;

test('street files only: the last outcome category, as at the latest street month, and no comparison of shares', async () => {
  const store = await streetStore();
  const o = await outcomesOf(store);
  assert.equal(o.source, 'street-files');
  assert.equal(o.asOf, '2021-12');
  assert.equal(o.district.total, 12);
  assert.equal(countOf(o, 'Under investigation'), 12);
  assert.equal(o.wards[0]!.code, WARD);
  assert.equal(o.wards[0]!.total, 12);
  assert.equal(o.comparison.kind, 'not-assessed');
  assert.match(o.comparison.reason!, /undated/);
  store.close();
});

test('outcomes files: the newer dated outcome wins over the street file, the as-of month is reported, and shares are compared only at equal age', async () => {
  const store = await streetStore();
  const dir = tempDir();
  // c-2021-03: unable to prosecute in Apr 2021, then charged in Jul 2021 (the newer wins)
  const later: Record<string, [string, string][]> = {
    '2021-04': [['c-2021-03', 'Unable to prosecute suspect']],
    '2021-07': [['c-2021-03', 'Suspect charged']],
    '2021-09': [['c-2021-08', 'Offender given a caution']],
  };
  await importPaths(
    store,
    monthRange('2021-01', '2022-01').map((m) => outcomesFile(dir, m, later[m] ?? [])),
  );
  let o = await outcomesOf(store);
  assert.equal(o.source, 'outcomes-files');
  assert.equal(o.asOf, '2022-01');
  assert.match(o.sourceNote, /outcomes files loaded up to Jan 2022/);
  assert.equal(o.fromOutcomesFiles, 2);
  assert.equal(countOf(o, 'Suspect charged'), 1);
  assert.equal(countOf(o, 'Unable to prosecute suspect'), 0);
  assert.equal(countOf(o, 'Offender given a caution'), 1);
  assert.equal(countOf(o, 'Under investigation'), 10);
  assert.equal(o.district.detections.count, 2);
  // the previous period's outcomes (2020) are not loaded: its crimes cannot be read at the same age
  assert.equal(o.comparison.kind, 'not-assessed');
  assert.match(o.comparison.reason!, /equal age.*Jan 2020/);

  // 2020's outcomes: c-2020-02 charged in May 2020 (by Jan 2021), c-2020-06 charged in Mar 2021 (after Jan 2021: not yet at equal age)
  const earlier: Record<string, [string, string][]> = { '2020-05': [['c-2020-02', 'Suspect charged']] };
  await importPaths(
    store,
    monthRange('2020-01', '2020-12').map((m) => outcomesFile(dir, m, earlier[m] ?? [])),
  );
  await importPaths(store, [outcomesFile(tempDir(), '2021-03', [['c-2020-06', 'Suspect charged']])], { replace: true });
  o = await outcomesOf(store);
  const c = o.comparison;
  assert.equal(c.kind, 'equal-age');
  assert.equal(c.ageMonths, 1);
  assert.match(c.label, /as at Jan 2022 against .* as at Jan 2021 \(each 1 month after its period ended\)/);
  const charged = (b: NonNullable<typeof c.current>) => b.families.find((f) => f.family === 'charged')!.count;
  assert.equal(charged(c.current!), 1);
  assert.equal(
    charged(c.previous!),
    1,
    'c-2020-06 was charged 14 months after its period ended, later than the current period has had',
  );
  // crimes with no dated outcome by the cutoff read as no outcome yet (the open family)
  assert.equal(c.previous!.families.find((f) => f.family === 'open')!.count, 11);
  const detections = c.changes.find((x) => x.family === 'detections')!;
  assert.equal(detections.current, 2);
  assert.equal(detections.previous, 1);
  assert.equal(detections.significant, false);
  store.close();
});

test('families: police.uk categories and Home Office outcome types fall in the same families', () => {
  assert.equal(outcomeFamily('Suspect charged'), 'charged');
  assert.equal(outcomeFamily('1'), 'charged');
  assert.equal(outcomeFamily('Outcome 3'), 'out-of-court');
  assert.equal(outcomeFamily('OC8'), 'out-of-court');
  assert.equal(outcomeFamily('Local resolution'), 'out-of-court');
  assert.equal(outcomeFamily('15'), 'evidential');
  assert.equal(outcomeFamily('Unable to prosecute suspect'), 'evidential');
  assert.equal(outcomeFamily('18'), 'no-suspect');
  assert.equal(outcomeFamily('Investigation complete; no suspect identified'), 'no-suspect');
  assert.equal(outcomeFamily('21'), 'public-interest');
  assert.equal(outcomeFamily('Awaiting court outcome'), 'open');
  assert.equal(outcomeFamily(''), 'open');
  assert.equal(outcomeFamily('Status update unavailable'), 'other');
  assert.equal(homeOfficeOutcomeType('1A'), 1);
  assert.equal(homeOfficeOutcomeType('23'), null);
  assert.equal(outcomeCategory('14'), 'Unable to prosecute suspect (outcome 14)');
  assert.equal(outcomeCategory(null), 'No outcome recorded');
  assert.ok(isDetection('Awaiting court outcome'));
  assert.ok(isDetection('6'));
  assert.ok(!isDetection('Unable to prosecute suspect'));
});
