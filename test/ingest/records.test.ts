import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'node:test';
import { chooseImporter, importPaths } from '../../src/ingest/import.ts';
import { expandPaths } from '../../src/ingest/files.ts';
import { OFFENCE_CODES } from '../../src/core/taxonomy/offence-codes.ts';
import { POLICE_UK_TYPES } from '../../src/core/taxonomy/police-uk-types.ts';
import type { Store } from '../../src/store/db.ts';
import { SKIP_NO_SHARED, sharedPath } from '../helpers/shared-data.ts';
import { csv, memoryStore, rejectsWith, scratch, writeXlsx } from './partner-helpers.ts';

const EXAMPLES = fileURLToPath(new URL('../../examples/mappings/', import.meta.url));
const example = (name: string): string => join(EXAMPLES, name);

const CRIME_HEADER = [
  'Crime Reference',
  'Committed Date',
  'Committed Time',
  'HO Code',
  'Offence Description',
  'Beat',
  'Ward Code',
  'LSOA Code',
  'District Code',
  'Longitude',
  'Latitude',
  'Outcome',
  'Property Type',
  'Domestic Flag',
];

function crimeRow(ref: string, date: string, code: string, extra: Partial<Record<string, string>> = {}): string[] {
  const base: Record<string, string> = {
    'Crime Reference': ref,
    'Committed Date': date,
    'Committed Time': '14:30',
    'HO Code': code,
    'Offence Description': '',
    Beat: 'B1',
    'Ward Code': 'E05000001',
    'LSOA Code': 'E01000001',
    'District Code': 'E07000096',
    Longitude: '-0.45',
    Latitude: '51.75',
    Outcome: 'Under investigation',
    'Property Type': 'Dwelling',
    'Domestic Flag': 'N',
    ...extra,
  };
  return CRIME_HEADER.map((h) => base[h] ?? '');
}

async function events(store: Store, where = 'true'): Promise<Record<string, unknown>[]> {
  return store.all(`SELECT record_id, strftime(month, '%Y-%m') AS month, strftime(date, '%Y-%m-%d') AS date, CAST(time AS VARCHAR) AS time,
    category, sub_category, offence_code, lsoa, ward, beat, district, longitude, latitude, attrs, batch, kind
    FROM events WHERE ${where} ORDER BY record_id`);
}

test('the default taxonomy covers the notifiable offences a CSP assessment needs', () => {
  assert.ok(OFFENCE_CODES.length >= 80, `only ${OFFENCE_CODES.length} codes`);
  const codes = new Map(OFFENCE_CODES.map((o) => [o.code, o]));
  assert.equal(codes.size, OFFENCE_CODES.length, 'codes are unique');
  for (const o of OFFENCE_CODES) assert.ok((POLICE_UK_TYPES as readonly string[]).includes(o.policeUkType), o.code);
  const expect = (code: string, type: string, subgroup?: string): void => {
    assert.equal(codes.get(code)?.policeUkType, type, code);
    if (subgroup) assert.equal(codes.get(code)?.subgroup, subgroup, code);
  };
  for (const c of ['28A', '28B', '28C', '28D', '28E', '28F', '28G', '28H', '29', '30A', '30B', '30C', '30D', '31'])
    expect(c, 'Burglary');
  for (const c of ['45', '48', '37.2', '126']) expect(c, 'Vehicle crime', 'Vehicle offences');
  expect('34A', 'Robbery');
  expect('34B', 'Robbery');
  expect('8N', 'Violence and sexual offences', 'Violence with injury');
  expect('105A', 'Violence and sexual offences', 'Violence without injury');
  expect('8Q', 'Violence and sexual offences', 'Stalking and harassment');
  expect('1', 'Violence and sexual offences', 'Homicide');
  expect('19C', 'Violence and sexual offences', 'Rape');
  for (const c of ['58A', '58B', '58C', '58D', '58J', '56A', '56B']) expect(c, 'Criminal damage and arson');
  expect('46', 'Shoplifting');
  expect('39', 'Theft from the person');
  expect('44', 'Bicycle theft');
  expect('49', 'Other theft');
  expect('92A', 'Drugs', 'Trafficking of drugs');
  expect('92E', 'Drugs', 'Possession of drugs');
  expect('9A', 'Public order');
  expect('10A', 'Possession of weapons');
  expect('99', 'Other crime');
  // The Home Office CSP table's own names for the codes it uses (real sample).
  assert.equal(codes.get('28A')?.description, 'Burglary in a dwelling');
  assert.equal(codes.get('30A')?.subgroup, 'Non-domestic burglary');
});

test('the store is seeded with the taxonomy', async (t) => {
  const store = await memoryStore(t);
  const row = await store.one<{ n: number }>('SELECT count(*) AS n FROM offence_codes');
  assert.equal(row?.n, OFFENCE_CODES.length);
});

test('crime extract with dd/mm/yyyy dates: category derived from the offence code (example mapping)', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  const data = write(
    'crimes.csv',
    csv([
      CRIME_HEADER,
      crimeRow('C1', '31/01/2021', '28E'),
      crimeRow('C2', '1/2/2021', '045'),
      crimeRow('C3', '15/02/2021', '37/2', { 'Offence Description': 'Aggravated TWOC' }),
      crimeRow('C4', '28/02/2021 23:10', '8N', { 'Committed Time': '' }),
    ]),
  );
  const [result] = await importPaths(store, [data], { mapping: example('crime.mapping.yaml'), rejectsDir: dir });
  assert.equal(result!.kind, 'records');
  assert.equal(result!.rowsLoaded, 4);
  const rows = await events(store);
  assert.deepEqual(
    rows.map((r) => [r.record_id, r.date, r.time, r.category, r.sub_category, r.offence_code, r.month]),
    [
      ['C1', '2021-01-31', '14:30:00', 'Burglary', 'Burglary - Residential', '28E', '2021-01'],
      ['C2', '2021-02-01', '14:30:00', 'Vehicle crime', 'Theft from a vehicle', '45', '2021-02'],
      ['C3', '2021-02-15', '14:30:00', 'Vehicle crime', 'Aggravated TWOC', '37.2', '2021-02'],
      ['C4', '2021-02-28', '23:10:00', 'Violence and sexual offences', 'Assault with injury', '8N', '2021-02'],
    ],
  );
  assert.deepEqual(JSON.parse(rows[0]!.attrs as string), { 'Property Type': 'Dwelling', 'Domestic Flag': 'N' });
  assert.deepEqual(
    [...new Set(rows.map((r) => r.batch))],
    ['records/county-police-crimes/2021-01', 'records/county-police-crimes/2021-02'],
  );
  assert.ok(result!.notes.some((n) => /ward codes not checked/.test(n)));
});

test('ISO dates and datetimes, time column in hhmm, constants and recodes', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  write(
    'incidents.mapping.yaml',
    `kind: incident
source: asb-test
columns: { record_id: Ref, date: When, time: Hour, sub_category: Class }
date_format: iso
values: { sub_category: { P: Personal, N: nuisance, E: Environmental } }
constants: { category: Anti-social behaviour, force: Test Police }
`,
  );
  const data = write(
    'incidents.csv',
    csv([
      ['Ref', 'When', 'Hour', 'Class'],
      ['I1', '2022-03-01', '0905', 'P'],
      ['I2', '2022-03-02T18:45:10', '', 'N'],
      ['I3', '2022-3-4', '23:59', 'E'],
    ]),
  );
  await importPaths(store, [data], { rejectsDir: dir });
  const rows = await store.all<{
    record_id: string;
    d: string;
    t: string | null;
    sub_category: string;
    category: string;
    force: string;
  }>(
    `SELECT record_id, strftime(date, '%Y-%m-%d') AS d, CAST(time AS VARCHAR) AS t, sub_category, category, force FROM events ORDER BY 1`,
  );
  assert.deepEqual(rows, [
    {
      record_id: 'I1',
      d: '2022-03-01',
      t: '09:05:00',
      sub_category: 'Personal',
      category: 'Anti-social behaviour',
      force: 'Test Police',
    },
    {
      record_id: 'I2',
      d: '2022-03-02',
      t: '18:45:10',
      sub_category: 'Nuisance',
      category: 'Anti-social behaviour',
      force: 'Test Police',
    },
    {
      record_id: 'I3',
      d: '2022-03-04',
      t: '23:59:00',
      sub_category: 'Environmental',
      category: 'Anti-social behaviour',
      force: 'Test Police',
    },
  ]);
});

test('ASB example mapping: dd/mm/yyyy hh:mm datetimes and class recodes', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  const header = [
    'Incident Number',
    'Reported Date Time',
    'ASB Class',
    'Beat',
    'Ward Code',
    'LSOA',
    'Easting WGS84 Longitude',
    'Northing WGS84 Latitude',
    'Street',
    'Opening Code',
    'Closing Code',
  ];
  const data = write(
    'asb.csv',
    csv([
      header,
      ['A1', '31/10/2021 21:15', 'PER', 'B2', '', '', '', '', 'High St', 'ASB1', 'C1'],
      ['A2', '05/11/2021 19:00:30', 'ENV', '', '', '', '', '', '', '', ''],
    ]),
  );
  const [r] = await importPaths(store, [data], { mapping: example('asb-incidents.mapping.yaml'), rejectsDir: dir });
  assert.equal(r!.rowsWithoutLocation, 1, 'A2 has no beat, ward, LSOA or coordinates');
  const rows = await events(store);
  assert.deepEqual(
    rows.map((x) => [x.record_id, x.date, x.time, x.category, x.sub_category, x.beat]),
    [
      ['A1', '2021-10-31', '21:15:00', 'Anti-social behaviour', 'Personal', 'B2'],
      ['A2', '2021-11-05', '19:00:30', 'Anti-social behaviour', 'Environmental', null],
    ],
  );
});

test('Excel serial dates: the 1900 system with the Lotus leap-year bug, fractions as times', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  const mapping = write(
    'm.yaml',
    'kind: other\nsource: serials\ncolumns: { record_id: id, date: d }\nconstants: { category: Test }\ndate_format: excel\n',
  );
  // Expected values as Excel shows them: 1 = 1900-01-01, 59 = 1900-02-28, 61 = 1900-03-01, 44197 = 2021-01-01.
  const data = write(
    'serials.csv',
    csv([
      ['id', 'd'],
      ['a', '1'],
      ['b', '59'],
      ['c', '61'],
      ['d', '44197'],
      ['e', '44197.75'],
      ['f', '45292.5'],
    ]),
  );
  await importPaths(store, [data], { mapping, rejectsDir: dir });
  const rows = await events(store);
  assert.deepEqual(
    rows.map((r) => [r.record_id, r.date, r.time]),
    [
      ['a', '1900-01-01', null],
      ['b', '1900-02-28', null],
      ['c', '1900-03-01', null],
      ['d', '2021-01-01', null],
      ['e', '2021-01-01', '18:00:00'],
      ['f', '2024-01-01', '12:00:00'],
    ],
  );
  const bad = write(
    'bad.csv',
    csv([
      ['id', 'd'],
      ['a', '44197'],
      ['b', '60'],
    ]),
  );
  await rejectsWith(importPaths(store, [bad], { mapping, rejectsDir: dir }), {
    line: 3,
    column: 'd',
    value: '60',
    message: /not a date/,
  });
});

test('auto dates: ISO, day-first slashes and serials together; ambiguous and US-order columns refused', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  const mapping = write(
    'm.yaml',
    'kind: other\nsource: auto\ncolumns: { record_id: id, date: d }\nconstants: { category: Test }\n',
  );
  const data = write(
    'mixed.csv',
    csv([
      ['id', 'd'],
      ['a', '2021-05-06'],
      ['b', '13/05/2021'],
      ['c', '06/05/2021 10:20'],
      ['d', '44322'],
    ]),
  );
  await importPaths(store, [data], { mapping, rejectsDir: dir });
  const rows = await events(store);
  assert.deepEqual(
    rows.map((r) => [r.record_id, r.date, r.time]),
    [
      ['a', '2021-05-06', null],
      ['b', '2021-05-13', null],
      ['c', '2021-05-06', '10:20:00'],
      ['d', '2021-05-06', null],
    ],
  );
  const ambiguous = write(
    'ambiguous.csv',
    csv([
      ['id', 'd'],
      ['a', '2021-05-06'],
      ['b', '03/04/2021'],
      ['c', '04/03/2021'],
    ]),
  );
  await rejectsWith(importPaths(store, [ambiguous], { mapping, rejectsDir: dir }), {
    message: /Ambiguous dates/,
    line: 3,
    column: 'd',
    value: '03/04/2021',
    hint: /date_format: dd\/mm\/yyyy/,
  });
  const us = write(
    'us.csv',
    csv([
      ['id', 'd'],
      ['a', '04/03/2021'],
      ['b', '12/31/2021'],
    ]),
  );
  await rejectsWith(importPaths(store, [us], { mapping, rejectsDir: dir }), {
    message: /US order/,
    line: 3,
    value: '12/31/2021',
  });
  const garbage = write(
    'garbage.csv',
    csv([
      ['id', 'd'],
      ['a', '2021-05-06'],
      ['b', 'last Tuesday'],
      ['c', '2019'],
    ]),
  );
  await rejectsWith(importPaths(store, [garbage], { mapping, rejectsDir: dir }), {
    line: 3,
    column: 'd',
    value: 'last Tuesday',
  });
  const year = write(
    'year.csv',
    csv([
      ['id', 'd'],
      ['c', '2019'],
    ]),
  );
  await rejectsWith(importPaths(store, [year], { mapping, rejectsDir: dir }), {
    line: 2,
    value: '2019',
    message: /not a date/,
  });
});

test('XLSX extract (fire example mapping): date cells, a title row above the header, recodes and property type', async (t) => {
  const store = await memoryStore(t);
  const { dir } = scratch(t);
  const header = [
    'Incident Ref',
    'Call Date',
    'Call Time',
    'Motive',
    'Fire Type',
    'Property Type',
    'Ward Code',
    'LSOA Code',
    'District Code',
    'Longitude',
    'Latitude',
    'Number of Rescues',
  ];
  const path = await writeXlsx(join(dir, 'fires.xlsx'), {
    Notes: [['This workbook holds fires']],
    Fires: [
      ['Fire incidents 2021/22 (official sensitive)'],
      header,
      [
        'F1',
        new Date(Date.UTC(2021, 9, 31)),
        new Date(Date.UTC(1899, 11, 30, 22, 5)),
        'Deliberate - others property',
        'Secondary Fire',
        'Refuse',
        '',
        '',
        'E07000096',
        -0.4,
        51.7,
        0,
      ],
      ['F2', '05/11/2021', '19:30', 'Accidental', 'Primary Fire', 'Dwelling', '', '', 'E07000096', '', '', 2],
      ['F3', 44505, '', 'Deliberate - own property', 'Road Vehicle', 'Car', '', '', '', '', '', ''],
    ],
  });
  const [r] = await importPaths(store, [path], { mapping: example('fire-incidents.mapping.yaml'), rejectsDir: dir });
  assert.equal(r!.rowsLoaded, 3);
  const rows = await events(store);
  assert.deepEqual(
    rows.map((x) => [
      x.record_id,
      x.date,
      x.time,
      x.category,
      x.sub_category,
      JSON.parse(x.attrs as string).property_type,
    ]),
    [
      ['F1', '2021-10-31', '22:05:00', 'Deliberate fire', 'Secondary', 'Refuse'],
      ['F2', '2021-11-05', '19:30:00', 'Accidental fire', 'Primary', 'Dwelling'],
      ['F3', '2021-11-05', null, 'Deliberate fire', 'Vehicle', 'Car'],
    ],
  );
  // An error in a sheet names the sheet row.
  const bad = await writeXlsx(join(dir, 'fires-bad.xlsx'), {
    Fires: [
      header,
      ['F1', '31/10/2021', '', 'Deliberate - others property', 'Secondary Fire', 'Refuse'],
      ['F2', '31/10/2021', '', 'Arson?', 'Primary Fire', 'Dwelling'],
    ],
  });
  const error = await rejectsWith(
    importPaths(store, [bad], { mapping: example('fire-incidents.mapping.yaml'), rejectsDir: dir }),
    {
      line: 3,
      column: 'Motive',
      value: 'Arson?',
    },
  );
  assert.match(error.location.file ?? '', /fires-bad\.xlsx \[sheet Fires\]/);
});

test('unknown offence code: an error naming line, column and value; --skip-bad-rows writes it to a rejects file', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  const rows = [
    CRIME_HEADER,
    crimeRow('C1', '01/03/2021', '28E'),
    crimeRow('C2', '02/03/2021', '999Z'),
    crimeRow('C3', '03/03/2021', '46'),
  ];
  const data = write('crimes.csv', csv(rows));
  const mapping = example('crime.mapping.yaml');
  await rejectsWith(importPaths(store, [data], { mapping, rejectsDir: dir }), {
    message: /unknown Home Office offence code/,
    line: 3,
    column: 'HO Code',
    value: '999Z',
  });
  assert.equal((await events(store)).length, 0, 'nothing loaded: all or nothing');

  const [r] = await importPaths(store, [data], { mapping, rejectsDir: join(dir, 'rejects'), skipBadRows: true });
  assert.equal(r!.rowsRead, 3);
  assert.equal(r!.rowsLoaded, 2);
  assert.equal(r!.rowsRejected, 1);
  const rejects = readFileSync(r!.rejectsFile!, 'utf8').trim().split('\n');
  assert.equal(rejects[0], 'line,column,value,reason,raw');
  assert.match(rejects[1]!, /^3,HO Code,999Z,HO Code: unknown Home Office offence code,"C2,02\/03\/2021/);
});

test('unknown area codes are errors when the store holds that level; names resolve to codes', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  await store.append(
    'areas',
    ['import_id', 'batch', 'code', 'name', 'level', 'vintage'],
    [
      [0, 'test', 'E05000001', 'Adeyfield', 'ward', '2019'],
      [0, 'test', 'E05000002', 'Central', 'ward', '2019'],
      [0, 'test', 'E05000003', 'Central', 'ward', '2019'],
      [0, 'test', 'E07000096', 'Dacorum', 'district', '2019'],
    ],
  );
  const mapping = example('crime.mapping.yaml');
  const good = write(
    'good.csv',
    csv([
      CRIME_HEADER,
      crimeRow('C1', '01/03/2021', '28E'),
      crimeRow('C2', '01/03/2021', '28E', { 'Ward Code': 'adeyfield', 'District Code': 'Dacorum' }),
    ]),
  );
  const [r] = await importPaths(store, [good], { mapping, rejectsDir: dir });
  assert.deepEqual(
    (await events(store)).map((e) => [e.ward, e.district]),
    [
      ['E05000001', 'E07000096'],
      ['E05000001', 'E07000096'],
    ],
  );
  assert.ok(
    r!.notes.some((n) => /ward names resolved to codes/.test(n)),
    r!.notes.join('\n'),
  );
  assert.ok(r!.notes.some((n) => /lsoa codes not checked/.test(n)));

  const unknown = write(
    'unknown.csv',
    csv([
      CRIME_HEADER,
      crimeRow('C3', '01/04/2021', '28E'),
      crimeRow('C4', '01/04/2021', '28E', { 'Ward Code': 'E05999999' }),
    ]),
  );
  await rejectsWith(importPaths(store, [unknown], { mapping, rejectsDir: dir }), {
    message: /unknown ward code/,
    line: 3,
    column: 'Ward Code',
    value: 'E05999999',
  });
  const ambiguous = write(
    'ambiguous.csv',
    csv([CRIME_HEADER, crimeRow('C5', '01/04/2021', '28E', { 'Ward Code': 'Central' })]),
  );
  await rejectsWith(importPaths(store, [ambiguous], { mapping, rejectsDir: dir }), {
    message: /matches several areas/,
    line: 2,
    value: 'Central',
  });
});

test('malformed rows are reported at their line in the file, even after a multi-line cell', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  const mapping = write(
    'm.yaml',
    'kind: other\nsource: malformed\ncolumns: { record_id: id, date: d, location: note }\nconstants: { category: Test }\n',
  );
  const text = 'id,d,note\na,2021-01-01,"two\nlines"\n\nb,2021-01-02,ok\nc,2021-01-03,too,many\nd,2021-01-04,ok\n';
  const data = write('malformed.csv', text);
  await rejectsWith(importPaths(store, [data], { mapping, rejectsDir: dir }), { message: /Malformed row/, line: 6 });
  const [r] = await importPaths(store, [data], { mapping, rejectsDir: dir, skipBadRows: true });
  assert.equal(r!.rowsLoaded, 3);
  assert.equal(r!.rowsRejected, 1);
  const rejects = readFileSync(r!.rejectsFile!, 'utf8');
  assert.match(rejects, /^6,/m);
  // A bad value after the multi-line cell also gets its physical line.
  const later = write('later.csv', 'id,d,note\na,2021-01-01,"two\nlines"\nb,not a date,x\n');
  await rejectsWith(importPaths(store, [later], { mapping, rejectsDir: dir }), { line: 4, value: 'not a date' });
});

test('empty files and header-only files are refused', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  const mapping = example('crime.mapping.yaml');
  await rejectsWith(importPaths(store, [write('empty.csv', '')], { mapping, rejectsDir: dir }), { message: /empty/ });
  await rejectsWith(importPaths(store, [write('header.csv', csv([CRIME_HEADER]))], { mapping, rejectsDir: dir }), {
    message: /no data rows/,
    line: 2,
  });
});

test('--skip-bad-rows: every bad row in the rejects file with its reasons; good rows load', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  const data = write(
    'crimes.csv',
    csv([
      CRIME_HEADER,
      crimeRow('C1', '01/03/2021', '28E'),
      crimeRow('C2', '32/03/2021', '28E'),
      crimeRow('C3', '03/03/2021', '28E', { 'Committed Time': '25:00', Longitude: 'west' }),
      crimeRow('C4', '', '28E'),
      crimeRow('C5', '05/03/2021', '28E', { Latitude: '520000' }),
    ]),
  );
  const [r] = await importPaths(store, [data], {
    mapping: example('crime.mapping.yaml'),
    rejectsDir: dir,
    skipBadRows: true,
  });
  assert.equal(r!.rowsLoaded, 1);
  assert.equal(r!.rowsRejected, 4);
  const lines = readFileSync(r!.rejectsFile!, 'utf8').trim().split('\n').slice(1);
  assert.equal(lines.length, 4);
  assert.match(lines[0]!, /^3,Committed Date,32\/03\/2021,Committed Date: not a date/);
  assert.match(
    lines[1]!,
    /^4,Committed Time,25:00,Committed Time: not a time of day; Longitude: the longitude is not a number/,
  );
  assert.match(lines[2]!, /^5,Committed Date,,Committed Date: the date is missing/);
  assert.match(lines[3]!, /^6,Latitude,520000,Latitude: the latitude is out of range/);
  const row = await store.one<{ rows_rejected: number; rows_loaded: number }>(
    'SELECT rows_rejected, rows_loaded FROM imports',
  );
  assert.deepEqual(row, { rows_rejected: 4, rows_loaded: 1 });
});

test('re-importing a source replaces the months the new file covers, and only those', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  const mapping = example('crime.mapping.yaml');
  const first = write(
    'jan-feb.csv',
    csv([
      CRIME_HEADER,
      crimeRow('C1', '10/01/2021', '28E'),
      crimeRow('C2', '10/02/2021', '28E'),
      crimeRow('C3', '11/02/2021', '46'),
    ]),
  );
  await importPaths(store, [first], { mapping, rejectsDir: dir });
  const second = write(
    'feb-mar.csv',
    csv([CRIME_HEADER, crimeRow('C2', '10/02/2021', '28F'), crimeRow('C4', '01/03/2021', '46')]),
  );
  // February goes from two crimes to one: a shrinking replacement, confirmed
  const [r] = await importPaths(store, [second], { mapping, rejectsDir: dir, replace: true });
  assert.equal(r!.rowsReplaced, 2, 'the two February crimes of the first file');
  assert.ok(
    r!.notes.some((n) => /replaced 1 month\(s\).*2021-02 2 → 1 \(-1\)/.test(n)),
    r!.notes.join('\n'),
  );
  assert.deepEqual(
    (await events(store)).map((e) => [e.record_id, e.month, e.offence_code]),
    [
      ['C1', '2021-01', '28E'],
      ['C2', '2021-02', '28F'],
      ['C4', '2021-03', '46'],
    ],
  );
});

test('re-importing the same file changes nothing', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  const mapping = example('crime.mapping.yaml');
  const data = write(
    'crimes.csv',
    csv([CRIME_HEADER, crimeRow('C1', '10/01/2021', '28E'), crimeRow('C2', '10/02/2021', '28E')]),
  );
  await importPaths(store, [data], { mapping, rejectsDir: dir });
  const [again] = await importPaths(store, [data], { mapping, rejectsDir: dir });
  assert.equal(again!.status, 'unchanged');
  // The same content under another name: replaced, not doubled.
  const copy = write('copy.csv', readFileSync(data, 'utf8').replace(/\n$/, '\n\n'));
  const [third] = await importPaths(store, [copy], { mapping, rejectsDir: dir });
  assert.equal(third!.rowsReplaced, 2);
  assert.equal((await events(store)).length, 2);
});

test('duplicates: exact copies dropped; a repeated record id keeps its first row; one_row_per collapses records', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  const data = write(
    'crimes.csv',
    csv([
      CRIME_HEADER,
      crimeRow('C1', '10/01/2021', '28E'),
      crimeRow('C1', '10/01/2021', '28E'),
      crimeRow('C2', '11/01/2021', '46'),
      crimeRow('C2', '11/01/2021', '49'),
    ]),
  );
  const [r] = await importPaths(store, [data], { mapping: example('crime.mapping.yaml'), rejectsDir: dir });
  assert.equal(r!.rowsLoaded, 2);
  assert.equal(r!.duplicatesDropped, 2);
  assert.ok(r!.notes.some((n) => /1 exact duplicate/.test(n)));
  assert.ok(
    r!.notes.some((n) => /1 rows repeat the record_id.*C2 \(line 5\)/.test(n)),
    r!.notes.join('\n'),
  );
  assert.deepEqual(
    (await events(store)).map((e) => [e.record_id, e.offence_code]),
    [
      ['C1', '28E'],
      ['C2', '46'],
    ],
  );

  const mapping = write(
    'casualties.yaml',
    'kind: collision\nsource: cas\ncolumns: { record_id: ref, date: d, sub_category: sev }\none_row_per: record_id\n',
  );
  const cas = write(
    'cas.csv',
    csv([
      ['ref', 'd', 'sev'],
      ['X1', '2021-01-01', 'slight'],
      ['X1', '2021-01-01', 'slight'],
      ['X2', '2021-01-02', 'SERIOUS'],
      ['X1', '2021-01-01', 'Slight'],
    ]),
  );
  const [c] = await importPaths(store, [cas], { mapping, rejectsDir: dir });
  assert.equal(c!.rowsLoaded, 2);
  assert.equal(c!.duplicatesDropped, 0);
  assert.deepEqual(c!.details?.rowsCollapsed, 2);
  const rows = await events(store, "kind = 'collision'");
  assert.deepEqual(
    rows.map((e) => [e.record_id, e.category, e.sub_category]),
    [
      ['X1', 'Road traffic collision', 'Slight'],
      ['X2', 'Road traffic collision', 'Serious'],
    ],
  );
});

test('mapping files are validated: unknown settings, unknown fields, missing settings, missing headers', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  const data = write(
    'd.csv',
    csv([
      ['id', 'when', 'type'],
      ['1', '2021-01-01', 'x'],
    ]),
  );
  const check = async (yaml: string, expected: Parameters<typeof rejectsWith>[1]): Promise<void> => {
    const mapping = write(`m${Math.random()}.yaml`, yaml);
    const error = await rejectsWith(importPaths(store, [data], { mapping, rejectsDir: dir }), expected);
    assert.ok(error.location.file?.endsWith('.yaml') || error.location.file === data, error.format());
  };
  await check('kind: other\nsource: s\ncolumns: { record_id: id, dat: when }\nconstants: { category: X }\n', {
    message: /columns\.dat is not a canonical field/,
    hint: /Did you mean "date"/,
  });
  await check('kind: other\nsource: s\ncolumns: { date: when }\ncategory: X\n', {
    message: /category is not a mapping setting/,
    hint: /Known settings/,
  });
  await check('kind: other\ncolumns: { date: when }\n', { message: /required setting "source" is missing/ });
  await check('kind: crimes\nsource: s\ncolumns: { date: when }\n', {
    message: /kind has an unknown value/,
    hint: /Did you mean "crime"/,
  });
  await check('kind: other\nsource: s\ncolumns: { record_id: id }\nconstants: { category: X }\n', {
    message: /no date column/,
  });
  await check('kind: fire\nsource: s\ncolumns: { date: when }\n', { message: /needs a category/ });
  await check('kind: other\nsource: s\ncolumns: { date: When Committed, category: type }\n', {
    message: /names the column "When Committed", which the file does not have/,
    hint: /Columns in the file: id, when, type/,
  });
  await check('kind: other\nsource: s\ncolumns: { date: when\n', { message: /not valid YAML/ });
});

test('mappings are found beside the data file, then in its folder; detection prefers them', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  write(
    'own/Crimes-Jan.mapping.yaml',
    'kind: other\nsource: own\ncolumns: { date: when }\nconstants: { category: Own }\n',
  );
  const own = write('own/Crimes-Jan.csv', csv([['when'], ['2021-01-05']]));
  write(
    'shared/mapping.yaml',
    'kind: other\nsource: shared\ncolumns: { date: when }\nconstants: { category: Shared }\n',
  );
  const shared = write('shared/x.csv', csv([['when'], ['2021-02-05']]));
  const { files, cleanup } = await expandPaths([own, shared]);
  t.after(cleanup);
  assert.equal(chooseImporter(files[0]!, {}).kind, 'records');
  assert.equal(chooseImporter(files[1]!, {}).kind, 'records');
  await importPaths(store, [join(dir, 'own'), join(dir, 'shared')], { rejectsDir: dir });
  assert.deepEqual(await store.all('SELECT source, category FROM events ORDER BY 1'), [
    { source: 'own', category: 'Own' },
    { source: 'shared', category: 'Shared' },
  ]);
});

test('a crime category given by the partner must be a data.police.uk type (old names mapped)', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  const mapping = write('m.yaml', 'kind: crime\nsource: cats\ncolumns: { record_id: id, date: d, category: cat }\n');
  await importPaths(
    store,
    [
      write(
        'ok.csv',
        csv([
          ['id', 'd', 'cat'],
          ['1', '2013-01-02', 'Violent crime'],
          ['2', '2013-01-02', 'burglary'],
        ]),
      ),
    ],
    { mapping, rejectsDir: dir },
  );
  assert.deepEqual(
    (await events(store)).map((e) => e.category),
    ['Violence and sexual offences', 'Burglary'],
  );
  await rejectsWith(
    importPaths(
      store,
      [
        write(
          'bad.csv',
          csv([
            ['id', 'd', 'cat'],
            ['3', '2013-02-02', 'Anti-social behaviour'],
          ]),
        ),
      ],
      { mapping, rejectsDir: dir },
    ),
    {
      message: /not a data.police.uk crime type/,
      line: 2,
      hint: /kind: incident/,
    },
  );
});

test(
  'Greater Manchester STATS19 casualties: one event per collision with the example mapping',
  { skip: SKIP_NO_SHARED },
  async (t) => {
    const store = await memoryStore(t);
    const { dir } = scratch(t);
    const path = sharedPath('collisions', 'STATS19_road_casualties_2019-Jun2024.csv.gz');
    const [r] = await importPaths(store, [path], {
      mapping: example('gm-stats19-casualties.mapping.yaml'),
      rejectsDir: dir,
    });
    // Independent counts, from the shell:
    //   zcat STATS19_road_casualties_2019-Jun2024.csv.gz | awk -F, 'NR>1{print $1}' | sort -u | wc -l          → 15645
    //   zcat STATS19_road_casualties_2019-Jun2024.csv.gz | awk -F, 'NR>1{print $1","$9}' | sort -u | cut -d, -f2 | sort | uniq -c
    //                                                                         → 329 Fatal, 3460 Serious, 11856 Slight
    //   zcat … | wc -l → 20436 lines (20435 casualties)
    assert.equal(r!.rowsRead, 20435);
    assert.equal(r!.rowsLoaded, 15645);
    assert.equal(r!.rowsRejected, 0);
    const bySeverity = await store.all<{ sub_category: string; n: number }>(
      'SELECT sub_category, count(*) AS n FROM events GROUP BY 1 ORDER BY 1',
    );
    assert.deepEqual(bySeverity, [
      { sub_category: 'Fatal', n: 329 },
      { sub_category: 'Serious', n: 3460 },
      { sub_category: 'Slight', n: 11856 },
    ]);
    const check = await store.one<{
      districts: number;
      unrecoded: number;
      months: number;
      first: string;
      last: string;
      timed: number;
    }>(
      `SELECT count(DISTINCT district) AS districts, count(*) FILTER (WHERE district NOT LIKE 'E08%') AS unrecoded, count(DISTINCT month) AS months,
            strftime(min(month), '%Y-%m') AS first, strftime(max(month), '%Y-%m') AS last, count(time) AS timed FROM events`,
    );
    assert.deepEqual(check, {
      districts: 10,
      unrecoded: 0,
      months: 66,
      first: '2019-01',
      last: '2024-06',
      timed: 15645,
    });
    // Tameside: zcat … | awk -F, 'NR>1 && $17=="Tameside"{print $1}' | sort -u | wc -l
    const tameside = await store.one<{ n: number }>("SELECT count(*) AS n FROM events WHERE district = 'E08000008'");
    assert.equal(tameside?.n, expectedTameside());
  },
);

/** Distinct AREFNO in Tameside, counted here in plain JS over the decompressed file (a second, independent count). */
function expectedTameside(): number {
  const text = gunzip(sharedPath('collisions', 'STATS19_road_casualties_2019-Jun2024.csv.gz'));
  const ids = new Set<string>();
  for (const line of text.split('\n').slice(1)) {
    const cells = line.split(',');
    if (cells[16] === 'Tameside') ids.add(cells[0]!);
  }
  return ids.size;
}

function gunzip(path: string): string {
  return gunzipSync(readFileSync(path)).toString('utf8');
}

test('DfT national STATS19 collision file with the collision example mapping', { skip: SKIP_NO_SHARED }, async (t) => {
  const store = await memoryStore(t);
  const { dir } = scratch(t);
  const [r] = await importPaths(store, [sharedPath('collisions', 'dft-road-casualty-statistics-collision-2022.csv')], {
    mapping: example('collision-stats19.mapping.yaml'),
    rejectsDir: dir,
  });
  // awk -F, 'NR>1{print $9}' dft-road-casualty-statistics-collision-2022.csv | sort | uniq -c → 5 "1", 152 "2", 892 "3"
  assert.equal(r!.rowsLoaded, 1049);
  assert.deepEqual(await store.all('SELECT sub_category, count(*) AS n FROM events GROUP BY 1 ORDER BY 1'), [
    { sub_category: 'Fatal', n: 5 },
    { sub_category: 'Serious', n: 152 },
    { sub_category: 'Slight', n: 892 },
  ]);
  const first = await store.one<Record<string, unknown>>(
    "SELECT strftime(date, '%Y-%m-%d') AS d, left(CAST(time AS VARCHAR), 5) AS t, lsoa, district FROM events WHERE record_id = '2022010352073'",
  );
  assert.deepEqual(first, { d: '2022-01-05', t: '16:40', lsoa: 'E01001883', district: 'E09000013' });
});

test('a 50,000-row extract loads through the SQL path', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  const lines = [CRIME_HEADER.join(',')];
  const codes = ['28E', '45', '46', '8N', '58A', '92E'];
  for (let i = 0; i < 50_000; i++) {
    const day = (i % 28) + 1;
    const month = (i % 12) + 1;
    lines.push(crimeRow(`R${i}`, `${day}/${month}/2021`, codes[i % codes.length]!).join(','));
  }
  const data = write('big.csv', `${lines.join('\n')}\n`);
  const [r] = await importPaths(store, [data], { mapping: example('crime.mapping.yaml'), rejectsDir: dir });
  assert.equal(r!.rowsLoaded, 50_000);
  assert.equal(r!.details?.months instanceof Array ? (r!.details.months as string[]).length : 0, 12);
});

test('semicolon-separated Latin-1 exports, month-only extracts and restricted mappings', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  const mapping = write(
    'm.yaml',
    'kind: other\nsource: hospital\nrestricted: true\ncolumns: { month: Month, category: Type, location: Site }\n',
  );
  const data = join(dir, 'admissions.csv');
  writeFileSync(
    data,
    Buffer.from(
      'Month;Type;Site\n2021-03;Assault;Caf\xe9 Royal\nApr 2021;Assault;Bus station\n03/2021;Self-harm;Town\n',
      'latin1',
    ),
  );
  const [r] = await importPaths(store, [data], { mapping, rejectsDir: dir });
  assert.ok(
    r!.notes.some((n) => /read as Latin-1/.test(n)),
    r!.notes.join('\n'),
  );
  const rows = await store.all<{ m: string; category: string; location: string; date: string | null }>(
    "SELECT strftime(month, '%Y-%m') AS m, category, location, date FROM events ORDER BY m, category",
  );
  assert.deepEqual(rows, [
    { m: '2021-03', category: 'Assault', location: 'Café Royal', date: null },
    { m: '2021-03', category: 'Self-harm', location: 'Town', date: null },
    { m: '2021-04', category: 'Assault', location: 'Bus station', date: null },
  ]);
  assert.equal((await store.one<{ restricted: boolean }>('SELECT restricted FROM imports'))?.restricted, true);
});
