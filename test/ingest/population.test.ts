import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Store } from '../../src/store/db.ts';
import { chooseImporter, importPaths } from '../../src/ingest/import.ts';
import { SaferError } from '../../src/core/errors.ts';
import type { FileProbe } from '../../src/ingest/files.ts';
import { ageBand, classifyColumn } from '../../src/ingest/ons/population-layout.ts';
import { SKIP_NO_SHARED, sharedPath } from '../helpers/shared-data.ts';

const DACORUM = 'E07000096';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'safer-population-test-'));
}

function write(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function value(store: Store, code: string, measure: string, year: number): Promise<number | undefined> {
  const r = await store.one<{ value: number }>({
    sql: 'SELECT value FROM population WHERE area_code = ? AND measure = ? AND year = ?',
    params: [code, measure, year],
  });
  return r?.value;
}

async function n(store: Store, sql: string, params: (string | number)[] = []): Promise<number> {
  return (await store.one<{ n: number }>({ sql, params }))!.n;
}

async function rejects(promise: Promise<unknown>, check: (e: SaferError) => void): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof SaferError, `expected a SaferError, got ${String(e)}`);
    check(e);
    return true;
  });
}

/** The value of a district's row in one of the extract CSVs (read here with plain string handling). */
function extractValue(file: string, code: string, column: number): number {
  const line = readFileSync(sharedPath('ons', file), 'utf8')
    .split(/\r?\n/)
    .find((l) => l.startsWith(`${code},`))!;
  return Number(line.split(',')[column]);
}

// ---------------------------------------------------------------------------------------------
// Real ONS files

test(
  'headerless LSOA estimates need --columns and --year; Dacorum mid-2019 is the sum of its LSOAs',
  { skip: SKIP_NO_SHARED },
  async () => {
    const store = await Store.open(':memory:');
    const file = sharedPath('ons', 'lsoa11-population-mid2019-noheader.csv.gz');
    await rejects(importPaths(store, [file]), (e) => {
      assert.equal(e.message, 'The file has no header row');
      assert.match(e.hint!, /--columns code,population --year 2019/);
      assert.equal(e.location.line, 1);
    });
    await rejects(importPaths(store, [file], { columns: ['code', 'population'] }), (e) => {
      assert.equal(e.message, 'A file without a header row needs --year');
      assert.match(e.hint!, /--columns code,population --year 2019/);
    });
    const [r] = await importPaths(store, [file], { columns: ['code', 'population'], year: 2019 });
    assert.equal(r!.kind, 'population');
    // zcat … | awk -F, '{s+=$2} END {print s, NR}' → 59439840 34753 (England and Wales, mid-2019).
    assert.equal(r!.rowsLoaded, 34753);
    assert.equal(await n(store, 'SELECT sum(value)::BIGINT AS n FROM population WHERE year = 2019'), 59439840);
    // The BOM before the first code is not part of it.
    assert.equal(await value(store, 'E01011950', 'population', 2019), 1257);

    await importPaths(store, [sharedPath('ons', 'lsoa11-ward19-lad19.csv.gz')]);
    // Dacorum's 94 LSOAs (zcat lsoa11-ward19-lad19.csv.gz | grep ',E07000096,' | cut -d, -f2 | sort > dac.txt;
    // zcat lsoa11-population-mid2019-noheader.csv.gz | sed 's/^\xef\xbb\xbf//' | sort | join -t, dac.txt - |
    // awk -F, '{s+=$2} END {print s, NR}' → 154763 94), which is ONS's mid-2019 estimate for Dacorum.
    const dacorum = await store.one<{ total: number; lsoas: number }>({
      sql: `SELECT sum(p.value) AS total, count(*) AS lsoas FROM population p
          JOIN area_parents a ON a.child_code = p.area_code AND a.parent_level = 'district' AND a.vintage = '2019'
          WHERE a.parent_code = ? AND p.year = 2019 AND p.measure = 'population'`,
      params: [DACORUM],
    });
    assert.deepEqual(dacorum, { total: 154763, lsoas: 94 });

    const [again] = await importPaths(store, [file], { columns: ['code', 'population'], year: 2019 });
    assert.equal(again!.status, 'unchanged');
    store.close();
  },
);

test(
  '2021 LSOA estimates with a BOM take the year from the file name (mid2022)',
  { skip: SKIP_NO_SHARED },
  async () => {
    const store = await Store.open(':memory:');
    const [r] = await importPaths(store, [sharedPath('ons', 'lsoa21-population-mid2022.csv.gz')]);
    // zcat lsoa21-population-mid2022.csv.gz | tail -n +2 | awk -F, '{s+=$2} END {print s, NR}' → 60238038 35672
    assert.equal(r!.rowsLoaded, 35672);
    assert.equal(
      await n(store, "SELECT sum(value)::BIGINT AS n FROM population WHERE year = 2022 AND measure = 'population'"),
      60238038,
    );
    assert.deepEqual(r!.details!.batches, ['population/population/2022/lsoa']);
    // --year wins over the file name.
    const store2 = await Store.open(':memory:');
    await importPaths(store2, [sharedPath('ons', 'lsoa21-population-mid2022.csv.gz')], { year: 2023 });
    assert.equal(await n(store2, 'SELECT count(*) AS n FROM population WHERE year = 2023'), 35672);
    store.close();
    store2.close();
  },
);

test(
  'census extracts: 2011 population and households, 2011 and 2021 population',
  { skip: SKIP_NO_SHARED },
  async () => {
    const store = await Store.open(':memory:');
    const results = await importPaths(store, [
      sharedPath('ons', 'extract_census2011_population_lad2021.csv'),
      sharedPath('ons', 'extract_census2011_households_lad2021.csv'),
    ]);
    assert.deepEqual(
      results.map((r) => [r.kind, r.rowsLoaded]),
      [
        ['population', 375],
        ['population', 375],
      ],
    );
    // grep E07000096 extract_census2011_population_lad2021.csv → 144847; …households… → 59938
    assert.equal(await value(store, DACORUM, 'population', 2011), 144847);
    assert.equal(await value(store, DACORUM, 'households', 2011), 59938);
    assert.equal(await value(store, 'E10000015', 'households', 2011), 453817);

    // The 2021 extract holds 2011 and 2021 population: its 2011 column replaces the 2011 extract's values.
    const [change] = await importPaths(store, [sharedPath('ons', 'extract_census2021_population_change_lad.csv')]);
    assert.equal(change!.rowsLoaded, 750);
    assert.equal(change!.rowsReplaced, 375);
    assert.ok(change!.notes.some((note) => note.includes('Percentage change')));
    assert.equal(await value(store, DACORUM, 'population', 2021), 155100);
    assert.equal(await value(store, DACORUM, 'population', 2011), 144847);
    assert.equal(
      await n(store, "SELECT count(*) AS n FROM population WHERE measure = 'population' AND year = 2011"),
      375,
    );
    store.close();
  },
);

test(
  'census 2011 workbook: population, households and 5-year age bands match the extract',
  { skip: SKIP_NO_SHARED },
  async () => {
    const store = await Store.open(':memory:');
    const [r] = await importPaths(store, [
      sharedPath('ons', 'census2011_lad2021_population_households_datadownload2011.xlsx'),
    ]);
    assert.equal(r!.kind, 'population');
    // 375 areas × (population + households + 19 age bands); the sex, density and contents sheets are not loaded.
    assert.equal(r!.rowsLoaded, 375 * 21);
    const population = extractValue('extract_census2011_population_lad2021.csv', DACORUM, 2);
    const households = extractValue('extract_census2011_households_lad2021.csv', DACORUM, 2);
    assert.equal(population, 144847);
    assert.equal(await value(store, DACORUM, 'population', 2011), population);
    assert.equal(await value(store, DACORUM, 'households', 2011), households);
    // The 19 five-year bands of a district add up to its population (sheet "5-year age", row of E07000096).
    assert.equal(
      await n(
        store,
        "SELECT sum(value)::BIGINT AS n FROM population WHERE area_code = ? AND year = 2011 AND measure LIKE 'age:%'",
        [DACORUM],
      ),
      population,
    );
    assert.equal(await value(store, DACORUM, 'age:0-4', 2011), 9718);
    assert.equal(await value(store, DACORUM, 'age:90+', 2011), 1108);
    // Residents aged 60 and over, as the assessment's background section reports: 8374+6274+5036+4618+3580+2267+1108.
    assert.equal(
      await n(
        store,
        `SELECT sum(value)::BIGINT AS n FROM population WHERE area_code = ? AND year = 2011
                    AND measure IN ('age:60-64','age:65-69','age:70-74','age:75-79','age:80-84','age:85-89','age:90+')`,
        [DACORUM],
      ),
      31257,
    );
    // Every district of the extract is in the workbook with the same value.
    const differences = await n(
      store,
      `SELECT count(*) AS n FROM read_csv(?, header = true, all_varchar = true) e
     LEFT JOIN population p ON p.area_code = e."Area code" AND p.measure = 'population' AND p.year = 2011
     WHERE p.value IS DISTINCT FROM e."2011 Usual resident population"::DOUBLE`,
      [sharedPath('ons', 'extract_census2011_population_lad2021.csv')],
    );
    assert.equal(differences, 0);
    store.close();
  },
);

test(
  'census 2021 workbook: 2011 and 2021 population and broad age groups; percentages skipped',
  { skip: SKIP_NO_SHARED },
  async () => {
    const store = await Store.open(':memory:');
    const [r] = await importPaths(store, [sharedPath('ons', 'census2021_population_change_lad_datadownload.xlsx')]);
    // 375 areas × (population 2011, 2021 + 3 broad groups × 2 years); the 20 region rows of "Age and sex" repeat
    // values of "Population change" and are counted once.
    assert.equal(r!.rowsLoaded, 375 * 8);
    assert.equal(r!.duplicatesDropped, 20);
    assert.ok(r!.notes.some((note) => note.includes('"Age (percentage change)" skipped')));
    assert.equal(
      await value(store, DACORUM, 'population', 2021),
      extractValue('extract_census2021_population_change_lad.csv', DACORUM, 3),
    );
    assert.equal(await value(store, DACORUM, 'population', 2011), 144847);
    // Sheet "Age (broad groups)", row of E07000096: 26988, 94976, 22883 (2011) and 29500, 98500, 27000 (2021).
    assert.equal(await value(store, DACORUM, 'age:0-14', 2011), 26988);
    assert.equal(await value(store, DACORUM, 'age:65+', 2021), 27000);
    assert.equal(
      await n(
        store,
        "SELECT sum(value)::BIGINT AS n FROM population WHERE area_code = ? AND year = 2011 AND measure LIKE 'age:%'",
        [DACORUM],
      ),
      144847,
    );
    assert.equal(await n(store, 'SELECT count(*) AS n FROM population WHERE value < 0'), 0);
    store.close();
  },
);

// ---------------------------------------------------------------------------------------------
// Canonical CSV fixtures

test('canonical wide and long CSVs; re-import is unchanged; a changed file replaces its batches', async () => {
  const dir = tempDir();
  const store = await Store.open(':memory:');
  const wide = write(
    dir,
    'pop.csv',
    'area_code,year,population,households\nE07000096,2019,154763,64000\nE07000095,2019,"96,876",\n',
  );
  const [a] = await importPaths(store, [wide]);
  assert.equal(a!.rowsRead, 2);
  assert.equal(a!.rowsLoaded, 3);
  assert.ok(a!.notes.includes('1 empty cells skipped'));
  assert.equal(await value(store, 'E07000095', 'population', 2019), 96876);
  assert.equal((await importPaths(store, [wide]))[0]!.status, 'unchanged');

  const changed = write(dir, 'pop2.csv', 'area_code,year,population\nE07000096,2019,155000\n');
  const [b] = await importPaths(store, [changed]);
  assert.equal(b!.rowsReplaced, 2);
  assert.equal(await value(store, 'E07000096', 'population', 2019), 155000);
  assert.equal(await value(store, 'E07000095', 'population', 2019), undefined);
  assert.equal(await value(store, 'E07000096', 'households', 2019), 64000);

  const long = write(
    dir,
    'long.csv',
    'area_code,year,measure,value\nE01023345,2020,population,1600\nE01023345,2020,Age:0-4,90\n',
  );
  const [c] = await importPaths(store, [long]);
  assert.deepEqual(c!.details!.batches, ['population/age:0-4/2020/lsoa', 'population/population/2020/lsoa']);
  assert.equal(await value(store, 'E01023345', 'age:0-4', 2020), 90);
  store.close();
});

test('bad rows: line, column and value; --skip-bad-rows keeps the rest', async () => {
  const dir = tempDir();
  const store = await Store.open(':memory:');
  const badCode = write(dir, 'a.csv', 'area_code,year,population\nE07000096,2019,154763\nDacorum,2019,1\n');
  await rejects(importPaths(store, [badCode]), (e) => {
    assert.equal(e.message, 'Not an area code');
    assert.deepEqual([e.location.line, e.location.column, e.location.value], [3, 'area_code', 'Dacorum']);
  });
  const badValue = write(
    dir,
    'b.csv',
    'area_code,year,population\nE07000096,2019,154763\nE07000095,2019,-5\nE07000098,2019,lots\n',
  );
  await rejects(importPaths(store, [badValue]), (e) => {
    assert.equal(e.message, 'Not a count (a number zero or more)');
    assert.deepEqual([e.location.line, e.location.column, e.location.value], [3, 'population', '-5']);
  });
  const badYear = write(dir, 'c.csv', 'area_code,year,population\nE07000096,19,154763\n');
  await rejects(importPaths(store, [badYear]), (e) =>
    assert.deepEqual([e.message, e.location.line], ['Not a year', 2]),
  );
  const malformed = write(dir, 'd.csv', 'area_code,year,population\nE07000096,2019,154763\nE07000095,2019,1,2\n');
  await rejects(importPaths(store, [malformed]), (e) => {
    assert.match(e.message, /^Malformed row/);
    assert.equal(e.location.line, 3);
  });
  const conflict = write(
    dir,
    'e.csv',
    'area_code,year,population\nE07000096,2019,154763\nE07000095,2019,1\nE07000096,2019,154000\n',
  );
  await rejects(importPaths(store, [conflict]), (e) => {
    assert.match(e.message, /Two different population values for E07000096 in 2019 \(lines 2 and 4\)/);
  });

  const [r] = await importPaths(store, [badValue], { skipBadRows: true, rejectsDir: join(dir, 'rejects') });
  assert.deepEqual([r!.rowsRead, r!.rowsRejected, r!.rowsLoaded], [3, 2, 1]);
  const rejectsText = readFileSync(r!.rejectsFile!, 'utf8');
  assert.match(rejectsText, /^3,population,'-5,/m);
  assert.match(rejectsText, /^4,population,lots,/m);
  assert.equal(await n(store, 'SELECT count(*) AS n FROM population'), 1);
  store.close();
});

test('empty file, header only, no year and unknown headers are clear errors', async () => {
  const dir = tempDir();
  const store = await Store.open(':memory:');
  await rejects(importPaths(store, [write(dir, 'empty.csv', '')], { kind: 'population' }), (e) =>
    assert.equal(e.message, 'The file is empty'),
  );
  await rejects(importPaths(store, [write(dir, 'h.csv', 'area_code,year,population\n')]), (e) =>
    assert.deepEqual([e.message, e.location.line], ['The file has a header but no data rows', 2]),
  );
  await rejects(importPaths(store, [write(dir, 'noyear.csv', 'area_code,population\nE07000096,1\n')]), (e) => {
    assert.equal(e.message, 'The file does not say which year its figures are for');
    assert.match(e.hint!, /--year/);
  });
  await rejects(
    importPaths(store, [write(dir, 'odd.csv', 'area_code,colour\nE07000096,red\n')], { kind: 'population' }),
    (e) => assert.equal(e.message, 'No area code column or no population, households or age column in the header'),
  );
  await rejects(
    importPaths(store, [write(dir, 'hdr.csv', 'area_code,population\nE07000096,1\n')], {
      columns: ['code', 'population'],
      year: 2019,
    }),
    (e) => assert.equal(e.message, 'The file has a header row, but --columns was given'),
  );
  store.close();
});

test('a workbook fixture: header below a title, year from the title, notes under the table ignored', async () => {
  const dir = tempDir();
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Table 1');
  sheet.addRow(['Mid-year population estimates, 2020']);
  sheet.addRow([]);
  sheet.addRow(['Code', 'Name', 'All ages', 'Aged 0 to 15', 'Males', 'Percentage of total']);
  sheet.addRow(['E07000096', 'Dacorum', 155000, 30000, 76000, 12.5]);
  sheet.addRow(['E07000095', 'Broxbourne', 97000, '..', 47000, 9]);
  sheet.addRow([]);
  sheet.addRow(['Source: Office for National Statistics, released 2021']);
  const path = join(dir, 'population-estimates.xlsx');
  await workbook.xlsx.writeFile(path);
  const store = await Store.open(':memory:');
  const [r] = await importPaths(store, [path]);
  assert.equal(r!.kind, 'population');
  assert.equal(r!.rowsLoaded, 3);
  assert.equal(await value(store, DACORUM, 'population', 2020), 155000);
  assert.equal(await value(store, DACORUM, 'age:0-15', 2020), 30000);

  sheet.addRow(['E0700009X', 'Typo', 1, 1, 1, 1]);
  const bad = join(dir, 'population-estimates-bad.xlsx');
  await workbook.xlsx.writeFile(bad);
  await rejects(importPaths(store, [bad]), (e) => {
    assert.equal(e.message, 'Not an area code');
    assert.equal(e.location.line, 8);
    assert.equal(e.location.column, "'Table 1'!A8");
  });
  store.close();
});

test('column headers: measures, age bands and what is skipped', () => {
  assert.equal(ageBand('Aged 4 and under'), 'age:0-4');
  assert.equal(ageBand('aged 5 to 9 years [note 12]'), 'age:5-9');
  assert.equal(ageBand('Aged 90 and over'), 'age:90+');
  assert.equal(ageBand('Aged under 15 years'), 'age:0-14');
  assert.equal(ageBand('Aged 65 years and over'), 'age:65+');
  assert.deepEqual(classifyColumn('All persons, 2021'), { role: 'measure', measure: 'population', year: 2021 });
  assert.deepEqual(classifyColumn('2011 Usual resident population'), {
    role: 'measure',
    measure: 'population',
    year: 2011,
  });
  assert.deepEqual(classifyColumn('Households'), { role: 'measure', measure: 'households', year: null });
  assert.equal(classifyColumn('Area code [note 2]').role, 'code');
  assert.equal(classifyColumn('Percentage change').role, 'skip');
  assert.equal(classifyColumn('Population per square kilometre [note 13]').role, 'skip');
  assert.equal(classifyColumn('Females:\nAged 4 and under').role, 'skip');
  // the census's five broad ethnic groups, 2021 and 2011 headers; sub-groups are skipped
  assert.deepEqual(classifyColumn('Ethnic group: Asian, Asian British or Asian Welsh'), {
    role: 'measure',
    measure: 'ethnicity:asian',
    year: null,
  });
  assert.deepEqual(
    classifyColumn('Ethnic group (20 categories): Black, Black British, Black Welsh, Caribbean or African'),
    { role: 'measure', measure: 'ethnicity:black', year: null },
  );
  assert.deepEqual(classifyColumn('Black/African/Caribbean/Black British'), {
    role: 'measure',
    measure: 'ethnicity:black',
    year: null,
  });
  assert.deepEqual(classifyColumn('Mixed/multiple ethnic groups'), {
    role: 'measure',
    measure: 'ethnicity:mixed',
    year: null,
  });
  assert.deepEqual(classifyColumn('White'), { role: 'measure', measure: 'ethnicity:white', year: null });
  assert.deepEqual(classifyColumn('Other ethnic group'), { role: 'measure', measure: 'ethnicity:other', year: null });
  assert.equal(classifyColumn('Ethnic group: White: Irish').role, 'skip');
  assert.equal(classifyColumn('Other ethnic group: Arab').role, 'skip');
  assert.deepEqual(classifyColumn('Ethnic group: Total: All usual residents'), {
    role: 'measure',
    measure: 'population',
    year: null,
  });
  assert.equal(classifyColumn('Officer-defined ethnicity').role, 'unknown');
});

test('detection: headerless and census files are population, a declared layout is certain', () => {
  const probe = (header: string, name = 'x.csv', format: FileProbe['format'] = 'csv'): FileProbe => ({
    path: name,
    displayName: name,
    name,
    format,
    gzip: false,
    bytes: 1,
    header,
  });
  assert.equal(chooseImporter(probe('E01011950,1257'), {}).kind, 'population');
  assert.equal(
    chooseImporter(probe('Area code [note 2],Area name,"All persons, 2011","All persons, 2021",Percentage change'), {})
      .kind,
    'population',
  );
  assert.equal(
    chooseImporter(probe('', 'census2021_population_change_lad_datadownload.xlsx', 'xlsx'), {}).kind,
    'population',
  );
  assert.equal(
    chooseImporter(probe('E01011950,1257'), { columns: ['code', 'population'], year: 2019 }).kind,
    'population',
  );
});
