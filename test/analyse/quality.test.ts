/**
 * Data quality and provenance on a small store: data.police.uk street files imported through the
 * normal path (a duplicate, a rejected row, rows without LSOA, a month missing, another force) and
 * a partner fire extract appended directly with its import row.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importPaths } from '../../src/ingest/import.ts';
import { SaferError } from '../../src/core/errors.ts';
import { dataQuality } from '../../src/assess/read/quality.ts';
import { streetRow, writeStreetFile } from '../helpers/police-uk-fixture.ts';
import { csv, memoryStore, scratch } from '../ingest/partner-helpers.ts';
import type { Store } from '../../src/store/db.ts';
import { rebuildDerived } from '../../src/store/resolve.ts';

const [D1, D2, D3] = ['E07000091', 'E07000092', 'E07000093'];
const [L1, L2, L3] = ['E01000001', 'E01000002', 'E01000003'];
const UNKNOWN_LSOA = 'E01999999';
const FORCE = 'Hertfordshire Constabulary';
const WINDOW = { start: '2021-01', end: '2021-04' };

async function fixture(t: Parameters<typeof memoryStore>[0]): Promise<Store> {
  const store = await memoryStore(t);
  const { dir, write } = scratch(t);
  await store.append(
    'area_parents',
    ['import_id', 'batch', 'child_code', 'child_level', 'parent_code', 'parent_level', 'vintage'],
    [
      [0, 'g', L1, 'lsoa', D1, 'district', '2021'],
      [0, 'g', L2, 'lsoa', D2, 'district', '2021'],
      [0, 'g', L3, 'lsoa', D3, 'district', '2021'],
    ],
  );
  const row = (month: string, lsoa: string, extra: Parameters<typeof streetRow>[0] = {}): string =>
    streetRow({ month, lsoa, ...extra });
  const copied = row('2021-01', L1, { id: 'same-crime' });
  const files = [
    writeStreetFile(dir, '2020-12-hertfordshire-street.csv', [row('2020-12', L1), row('2020-12', '')]),
    writeStreetFile(dir, '2021-01-hertfordshire-street.csv', [
      row('2021-01', L1),
      row('2021-01', L1),
      copied,
      copied, // exact copy: dropped as a duplicate
      row('2021-01', L2),
      row('2021-01', L1, { type: 'Anti-social behaviour' }),
      row('2021-01', ''), // no location
      row('2021-01', UNKNOWN_LSOA), // an LSOA the lookup does not hold
      row('2021-01', L1, { type: 'Nonsense' }), // rejected: unknown crime type
    ]),
    writeStreetFile(dir, '2021-02-hertfordshire-street.csv', [
      row('2021-02', L1),
      row('2021-02', L1),
      row('2021-02', L2),
      row('2021-02', L2),
      row('2021-02', L3),
      row('2021-02', ''),
    ]),
    // no March file
    writeStreetFile(dir, '2021-04-hertfordshire-street.csv', [row('2021-04', L1)]),
    // another force whose rows never reach the districts: its unlocated rows are not counted
    writeStreetFile(dir, '2021-01-other-street.csv', [
      row('2021-01', '', { force: 'Other Police' }),
      row('2021-01', '', { force: 'Other Police' }),
      row('2021-01', L3, { force: 'Other Police' }),
    ]),
  ];
  await importPaths(store, files, { rejectsDir: dir, skipBadRows: true });
  const returns = write(
    'offender-returns.csv',
    csv([
      ['indicator', 'area_code', 'period', 'value'],
      ['IOM cohort', D1, '2019/20', '38'],
      ['IOM cohort', D1, '2020/21', '40'],
      ['IOM cohort', D3, '2020/21', '12'],
    ]),
  );
  await importPaths(store, [returns], { rejectsDir: dir });

  await store.run(`INSERT INTO imports (import_id, kind, source, file, checksum, bytes, rows_loaded, rows_rejected, duplicates_dropped, started_at, finished_at)
                   VALUES (900, 'records', 'fire-service', '/data/partners/fire/fire-incidents.csv', 'x', 1, 5, 1, 2, TIMESTAMP '2022-05-01 09:59:00', TIMESTAMP '2022-05-01 10:00:00')`);
  await store.append(
    'events',
    ['import_id', 'batch', 'source', 'kind', 'month', 'category', 'lsoa', 'district'],
    [
      [900, 'f', 'fire-service', 'fire', '2021-01-01', 'Deliberate fire', null, D1],
      [900, 'f', 'fire-service', 'fire', '2021-01-01', 'Deliberate fire', null, D1],
      [900, 'f', 'fire-service', 'fire', '2021-01-01', 'Deliberate fire', null, null],
      [900, 'f', 'fire-service', 'fire', '2021-03-01', 'Deliberate fire', L2, null],
      [900, 'f', 'fire-service', 'fire', '2021-05-01', 'Deliberate fire', L2, null],
    ],
  );
  // rows appended directly, not imported: resolve their areas and count them as an import does
  await rebuildDerived(store);
  return store;
}

test('rows, rows without location, duplicates, rejects and missing months per source and kind', async (t) => {
  const store = await fixture(t);
  const q = await dataQuality(store, [D1, D2], WINDOW);
  assert.deepEqual(q.window, { start: '2021-01', end: '2021-04', months: 4 });
  assert.deepEqual(
    q.sources.map((s) => `${s.source}/${s.kind}`),
    ['fire-service/fire', 'police-uk/crime', 'police-uk/incident'],
  );
  const [fire, crime, asb] = q.sources as [
    (typeof q.sources)[number],
    (typeof q.sources)[number],
    (typeof q.sources)[number],
  ];

  // D1: 3 in January (the copy dropped), 2 in February, 1 in April; D2: 1 + 2. D3's row is not counted.
  assert.equal(crime.rows, 9);
  assert.deepEqual(crime.forces, [FORCE]);
  // January: no LSOA + unknown LSOA; February: no LSOA. The other force's and December's are left out.
  assert.equal(crime.rowsWithoutLocation, 3);
  assert.equal(crime.rowsUnattributed, 3);
  assert.deepEqual([crime.duplicatesDropped, crime.rowsRejected], [1, 1]);
  assert.deepEqual(crime.missingMonths, ['2021-03']);
  assert.deepEqual(crime.gaps, ['2021-03']);
  assert.deepEqual(crime.districts, [
    { district: D1, rows: 6, missingMonths: ['2021-03'], gaps: ['2021-03'] },
    { district: D2, rows: 3, missingMonths: ['2021-03', '2021-04'], gaps: ['2021-03..2021-04'] },
  ]);
  assert.deepEqual(crime.districtsWithoutRows, []);

  assert.equal(asb.rows, 1);
  assert.deepEqual(asb.gaps, ['2021-02..2021-04']);
  assert.deepEqual(asb.districtsWithoutRows, [D2]);
  assert.equal(asb.rowsWithoutLocation, 0);

  // the two January rows naming D1 but no LSOA count as rows of D1 and as rows without location
  assert.equal(fire.rows, 3);
  assert.deepEqual(fire.forces, [null]);
  assert.deepEqual([fire.rowsWithoutLocation, fire.rowsUnattributed], [3, 1]);
  assert.deepEqual([fire.duplicatesDropped, fire.rowsRejected], [2, 1]);
  assert.deepEqual(fire.gaps, ['2021-02', '2021-04']);
  assert.deepEqual(
    fire.districts.map((d) => [d.district, d.rows, d.gaps]),
    [
      [D1, 2, ['2021-02..2021-04']],
      [D2, 1, ['2021-01..2021-02', '2021-04']],
    ],
  );

  // the January file feeds crime and ASB but its duplicate and reject are counted once
  assert.deepEqual(q.totals, {
    rows: 13,
    rowsWithoutLocation: 6,
    rowsUnattributed: 4,
    duplicatesDropped: 3,
    rowsRejected: 2,
  });
});

test('provenance: the imports behind the window, with file names only', async (t) => {
  const store = await fixture(t);
  const q = await dataQuality(store, [D1, D2], WINDOW);
  const ids = await store.all<{ import_id: number; file: string }>(
    'SELECT import_id, file FROM imports ORDER BY import_id',
  );
  const idOf = (name: string): number => ids.find((r) => r.file.endsWith(name))!.import_id;
  assert.deepEqual(
    q.provenance.map((p) => [p.importId, p.file, p.table, p.rowsInWindow]),
    [
      [idOf('2021-01-hertfordshire-street.csv'), '2021-01-hertfordshire-street.csv', 'events', 7],
      [idOf('2021-02-hertfordshire-street.csv'), '2021-02-hertfordshire-street.csv', 'events', 5],
      [idOf('2021-04-hertfordshire-street.csv'), '2021-04-hertfordshire-street.csv', 'events', 1],
      [idOf('offender-returns.csv'), 'offender-returns.csv', 'indicators', 1],
      [900, 'fire-incidents.csv', 'events', 4],
    ].sort((a, b) => (a[0] as number) - (b[0] as number)),
  );
  const fire = q.provenance.find((p) => p.importId === 900)!;
  assert.deepEqual(fire, {
    importId: 900,
    kind: 'records',
    source: 'fire-service',
    file: 'fire-incidents.csv',
    finishedAt: '2022-05-01T10:00:00',
    rowsLoaded: 5,
    rowsInWindow: 4,
    table: 'events',
    restricted: false,
  });
  const january = q.provenance.find((p) => p.file === '2021-01-hertfordshire-street.csv')!;
  assert.equal(january.kind, 'police-uk-street');
  assert.equal(january.source, 'police-uk');
  assert.equal(january.rowsLoaded, 7);
  assert.match(january.finishedAt!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  assert.deepEqual(q.sources.find((s) => s.kind === 'crime')!.importIds, [
    january.importId,
    idOf('2021-02-hertfordshire-street.csv'),
    idOf('2021-04-hertfordshire-street.csv'),
  ]);
});

test('a window outside the data, and bad windows', async (t) => {
  const store = await fixture(t);
  const empty = await dataQuality(store, [D1], { start: '2019-01', end: '2019-02' });
  assert.deepEqual(empty.sources, []);
  assert.deepEqual(empty.provenance, []);
  assert.deepEqual(empty.totals, {
    rows: 0,
    rowsWithoutLocation: 0,
    rowsUnattributed: 0,
    duplicatesDropped: 0,
    rowsRejected: 0,
  });
  const isInputError = (e: unknown) => e instanceof SaferError;
  await assert.rejects(dataQuality(store, [D1], { start: '2021-4', end: '2021-06' }), isInputError);
  await assert.rejects(dataQuality(store, [D1], { start: '2021-06', end: '2021-04' }), isInputError);
  await assert.rejects(dataQuality(store, [], WINDOW), isInputError);
});
