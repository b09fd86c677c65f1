import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../src/store/db.ts';
import { chooseImporter, importPaths } from '../../src/ingest/import.ts';
import { SaferError } from '../../src/core/errors.ts';
import type { FileProbe } from '../../src/ingest/files.ts';
import { onsLookupImporter } from '../../src/ingest/ons/lookup.ts';
import { SKIP_NO_SHARED, sharedPath } from '../helpers/shared-data.ts';

const DACORUM = 'E07000096';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'safer-ons-test-'));
}

function write(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
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

function probe(header: string, name = 'x.csv'): FileProbe {
  return { path: name, displayName: name, name, format: 'csv', gzip: false, bytes: 100, header };
}

// ---------------------------------------------------------------------------------------------
// Real ONS files

test(
  'every lookup and code list in shared/data/ons is detected as ons-lookup and loads',
  { skip: SKIP_NO_SHARED },
  async () => {
    const lookups = [
      'lsoa11-ward19-lad19.csv.gz',
      'lsoa11-ward17-lad17.csv.gz',
      'lad19-csp19-pfa19.csv',
      'lad17-csp17-pfa17.csv',
      'csp19-names.csv',
      'pfa19-names.csv',
      'lad19-fra19.csv',
      'lsoa01-lsoa11-lad11.csv.gz',
      'lsoa11-lsoa21-lad22.csv.gz',
      'lad-all-codes.csv',
      'ward-all-codes.csv.gz',
      'lsoa-centroids.csv.gz',
    ];
    // The other files of the folder are population tables, not lookups.
    const others = readdirSync(sharedPath('ons')).filter((f) => !lookups.includes(f));
    assert.deepEqual(others.sort(), [
      'census2011_lad2021_population_households_datadownload2011.xlsx',
      'census2021_population_change_lad_datadownload.xlsx',
      'extract_census2011_households_lad2021.csv',
      'extract_census2011_population_lad2021.csv',
      'extract_census2021_population_change_lad.csv',
      'lsoa11-population-mid2019-noheader.csv.gz',
      'lsoa21-population-mid2022.csv.gz',
    ]);
    const store = await Store.open(':memory:');
    const results = await importPaths(
      store,
      lookups.map((f) => sharedPath('ons', f)),
    );
    assert.equal(results.length, lookups.length);
    for (const r of results) {
      assert.equal(r.kind, 'ons-lookup', r.file);
      assert.equal(r.status, 'loaded', r.file);
      assert.ok(r.rowsLoaded > 0, r.file);
      assert.equal(r.rowsRejected, 0, r.file);
    }
    store.close();
  },
);

test('LSOA → ward → district lookup 2019: Dacorum has 94 LSOAs in 25 wards', { skip: SKIP_NO_SHARED }, async () => {
  const store = await Store.open(':memory:');
  const [r] = await importPaths(store, [sharedPath('ons', 'lsoa11-ward19-lad19.csv.gz')]);
  // Independent counts (shell):
  //   zcat lsoa11-ward19-lad19.csv.gz | grep -c ',E07000096,'                         → 94
  //   zcat lsoa11-ward19-lad19.csv.gz | grep ',E07000096,' | cut -d, -f4 | sort -u | wc -l  → 25
  //   python csv.DictReader: 34753 distinct LSOA11CD, 8023 WD19CD, 339 LAD19CD
  assert.equal(r!.rowsRead, 34753);
  assert.equal(
    await n(
      store,
      "SELECT count(*) AS n FROM area_parents WHERE parent_code = ? AND parent_level = 'district' AND child_level = 'lsoa'",
      [DACORUM],
    ),
    94,
  );
  assert.equal(
    await n(
      store,
      "SELECT count(DISTINCT w.parent_code) AS n FROM area_parents d JOIN area_parents w ON w.child_code = d.child_code AND w.parent_level = 'ward' WHERE d.parent_code = ?",
      [DACORUM],
    ),
    25,
  );
  assert.equal(await n(store, "SELECT count(*) AS n FROM areas WHERE level = 'lsoa' AND vintage = '2011'"), 34753);
  assert.equal(await n(store, "SELECT count(*) AS n FROM areas WHERE level = 'ward' AND vintage = '2019'"), 8023);
  assert.equal(await n(store, "SELECT count(*) AS n FROM areas WHERE level = 'district' AND vintage = '2019'"), 339);
  assert.equal(r!.rowsLoaded, 34753 + 8023 + 339 + 2 * 34753);
  const dacorum = await store.one<{ name: string }>({
    sql: "SELECT name FROM areas WHERE code = ? AND level = 'district'",
    params: [DACORUM],
  });
  assert.equal(dacorum!.name, 'Dacorum');
  // The lead's view finds the LSOA's ward and district.
  const l = await store.one<{ ward: string; district: string }>(
    "SELECT ward, district FROM lsoa_lookup WHERE lsoa = 'E01023345'",
  );
  assert.equal(l!.district, DACORUM);
  assert.match(l!.ward, /^E05\d{6}$/);

  const again = await importPaths(store, [sharedPath('ons', 'lsoa11-ward19-lad19.csv.gz')]);
  assert.equal(again[0]!.status, 'unchanged');
  store.close();
});

test('boundary-change crosswalk 2001 → 2011 keeps CHGIND', { skip: SKIP_NO_SHARED }, async () => {
  const store = await Store.open(':memory:');
  await importPaths(store, [sharedPath('ons', 'lsoa01-lsoa11-lad11.csv.gz')]);
  // python: Counter(row['CHGIND']) over csv.DictReader → U 33519, S 922, M 313, X 163 (34917 rows, all distinct).
  const changes = await store.all<{ change: string; n: number }>(
    "SELECT change, count(*) AS n FROM area_crosswalks WHERE from_vintage = '2001' AND to_vintage = '2011' GROUP BY change ORDER BY change",
  );
  assert.deepEqual(changes, [
    { change: 'M', n: 313 },
    { change: 'S', n: 922 },
    { change: 'U', n: 33519 },
    { change: 'X', n: 163 },
  ]);
  // The 2011 LSOAs are the children of the 2011 districts; 2001 codes only appear in the crosswalk.
  assert.equal(
    await n(store, "SELECT count(*) AS n FROM area_parents WHERE child_level = 'lsoa' AND vintage = '2011'"),
    34749,
  );
  store.close();
});

test('2011 → 2021 LSOA lookup with a BOM and an ObjectId column', { skip: SKIP_NO_SHARED }, async () => {
  const store = await Store.open(':memory:');
  const [r] = await importPaths(store, [sharedPath('ons', 'lsoa11-lsoa21-lad22.csv.gz')]);
  assert.equal(r!.rowsRead, 34753);
  assert.equal(await n(store, 'SELECT count(*) AS n FROM area_crosswalks WHERE change IS NULL'), 34753);
  assert.equal(await n(store, 'SELECT count(*) AS n FROM area_crosswalks WHERE from_code <> to_code'), 1111); // python: rows with LSOA11CD != LSOA21CD
  assert.equal(
    await n(
      store,
      "SELECT count(*) AS n FROM area_parents WHERE child_level = 'lsoa' AND parent_level = 'district' AND vintage = '2022' AND parent_code = ?",
      [DACORUM],
    ),
    94,
  );
  // zcat lsoa11-lsoa21-lad22.csv.gz | grep ',E07000096,' | cut -d, -f4 | sort -u | wc -l → 94 (a best-fit lookup: two
  // 2021 LSOAs of Dacorum, among the 96 of boundaries/lsoa/E07000096.geojson, are nobody's best fit).
  store.close();
});

test('code lists without year digits take the vintage "current"', { skip: SKIP_NO_SHARED }, async () => {
  const store = await Store.open(':memory:');
  await importPaths(store, [sharedPath('ons', 'lad-all-codes.csv')]);
  // 415 rows, 415 distinct LADCD (python).
  assert.equal(await n(store, "SELECT count(*) AS n FROM areas WHERE level = 'district' AND vintage = 'current'"), 415);
  // Bournemouth (abolished 2019) → Bournemouth, Christchurch and Poole in the 2020 codes.
  const bcp = await store.one<{ to_code: string }>("SELECT to_code FROM area_crosswalks WHERE from_code = 'E06000028'");
  assert.equal(bcp!.to_code, 'E06000058');
  const herts = await store.one<{ parent_code: string }>({
    sql: "SELECT parent_code FROM area_parents WHERE child_code = ? AND parent_level = 'county'",
    params: [DACORUM],
  });
  assert.equal(herts!.parent_code, 'E10000015');
  store.close();
});

test(
  'centroids: every code, Northern Ireland included, with latitude and longitude',
  { skip: SKIP_NO_SHARED },
  async () => {
    const store = await Store.open(':memory:');
    const [r] = await importPaths(store, [sharedPath('ons', 'lsoa-centroids.csv.gz')]);
    // zcat lsoa-centroids.csv.gz | tail -n +2 | wc -l → 48424; 890 of them are NI SOAs (95…), 3780 N20.
    assert.equal(r!.rowsLoaded, 48424);
    assert.equal(
      await n(store, 'SELECT count(*) AS n FROM areas WHERE latitude IS NOT NULL AND longitude IS NOT NULL'),
      48424,
    );
    assert.equal(await n(store, "SELECT count(*) AS n FROM areas WHERE code LIKE '95%'"), 890);
    const first = await store.one<{ latitude: number; longitude: number; vintage: string }>(
      "SELECT latitude, longitude, vintage FROM areas WHERE code = '95AA01S1'",
    );
    assert.deepEqual(first, { latitude: 54.65503786587065, longitude: -6.218372776284823, vintage: 'current' });
    assert.ok(r!.notes.some((note) => note.includes('lsoa11cd repeats')));
    store.close();
  },
);

test(
  'district → CSP → police force area, and district → fire and rescue authority',
  { skip: SKIP_NO_SHARED },
  async () => {
    const store = await Store.open(':memory:');
    await importPaths(store, [
      sharedPath('ons', 'lad19-csp19-pfa19.csv'),
      sharedPath('ons', 'lad19-fra19.csv'),
      sharedPath('ons', 'pfa19-names.csv'),
    ]);
    const parents = await store.all<{ parent_level: string; parent_code: string }>({
      sql: 'SELECT parent_level, parent_code FROM area_parents WHERE child_code = ? ORDER BY parent_level',
      params: [DACORUM],
    });
    // grep E07000096 lad19-csp19-pfa19.csv → E22000124 (Dacorum CSP), E23000027 (Hertfordshire); lad19-fra19.csv → E31000019.
    assert.deepEqual(parents, [
      { parent_level: 'csp', parent_code: 'E22000124' },
      { parent_level: 'fire', parent_code: 'E31000019' },
      { parent_level: 'force', parent_code: 'E23000027' },
    ]);
    // pfa19-names.csv holds pseudo codes (N99999999 …) for areas without a force area code.
    assert.equal(await n(store, "SELECT count(*) AS n FROM areas WHERE level = 'force' AND code LIKE '_99999999'"), 3);
    store.close();
  },
);

// ---------------------------------------------------------------------------------------------
// Fixtures: replace, errors, detection

const HEADER = 'FID,LSOA11CD,LSOA11NM,WD19CD,WD19NM,LAD19CD,LAD19NM';
const ROWS = [
  '1,E01023345,Dacorum 013A,E05004691,Adeyfield East,E07000096,Dacorum',
  '2,E01023346,Dacorum 013B,E05004691,Adeyfield East,E07000096,Dacorum',
  '3,E01023347,Dacorum 014A,E05004692,Adeyfield West,E07000096,Dacorum',
];

test('re-importing a changed lookup of the same levels and vintages replaces the earlier one', async () => {
  const dir = tempDir();
  const store = await Store.open(':memory:');
  const first = await importPaths(store, [write(dir, 'a.csv', [HEADER, ...ROWS].join('\n'))]);
  assert.equal(first[0]!.rowsLoaded, 3 + 2 + 1 + 6);
  const changed = write(
    dir,
    'b.csv',
    [HEADER, ROWS[0], ROWS[1]!.replace('E05004691,Adeyfield East', 'E05004692,Adeyfield West')].join('\r\n'),
  );
  const [second] = await importPaths(store, [changed]);
  assert.equal(second!.status, 'loaded');
  assert.equal(second!.rowsReplaced, 12);
  assert.equal(await n(store, 'SELECT count(*) AS n FROM areas'), 2 + 2 + 1);
  assert.equal(await n(store, "SELECT count(*) AS n FROM area_parents WHERE child_code = 'E01023347'"), 0);
  const ward = await store.one<{ parent_code: string }>(
    "SELECT parent_code FROM area_parents WHERE child_code = 'E01023346' AND parent_level = 'ward'",
  );
  assert.equal(ward!.parent_code, 'E05004692');
  // A lookup of other vintages is a separate batch.
  await importPaths(store, [write(dir, 'c.csv', [HEADER.replaceAll('19', '17'), ...ROWS].join('\n'))]);
  assert.equal(await n(store, "SELECT count(*) AS n FROM area_parents WHERE vintage = '2017'"), 6);
  assert.equal(await n(store, "SELECT count(*) AS n FROM area_parents WHERE vintage = '2019'"), 4);
  // The first file again: it is no longer loaded, so it is imported again (and replaces b.csv).
  const [again] = await importPaths(store, [join(dir, 'a.csv')]);
  assert.equal(again!.status, 'loaded');
  assert.equal(again!.rowsReplaced, 9);
  store.close();
});

test('a code that is not a code of its level stops the import with file, line, column and value', async () => {
  const dir = tempDir();
  const store = await Store.open(':memory:');
  const path = write(dir, 'bad.csv', [HEADER, ROWS[0], ROWS[1]!.replace('E05004691', 'E0500469'), ROWS[2]].join('\n'));
  await rejects(importPaths(store, [path]), (e) => {
    assert.equal(e.message, 'Not a ward code');
    assert.equal(e.location.line, 3);
    assert.equal(e.location.column, 'WD19CD');
    assert.equal(e.location.value, 'E0500469');
    assert.match(e.location.file!, /bad\.csv$/);
  });
  // A ward code in the LSOA column is caught too.
  const swapped = write(dir, 'swapped.csv', [HEADER, ROWS[0], ROWS[1]!.replace('E01023346', 'E05004691')].join('\n'));
  await rejects(importPaths(store, [swapped]), (e) => {
    assert.equal(e.message, 'Not a lsoa code');
    assert.equal(e.location.line, 3);
  });
  assert.equal(await n(store, 'SELECT count(*) AS n FROM areas'), 0);
  assert.equal(await n(store, 'SELECT count(*) AS n FROM imports'), 0);

  // --skip-bad-rows loads the rest and writes the bad row to a rejects file.
  const [r] = await importPaths(store, [path], { skipBadRows: true, rejectsDir: join(dir, 'rejects') });
  assert.equal(r!.rowsRejected, 1);
  assert.equal(r!.rowsRead, 3);
  assert.ok(r!.rejectsFile && readdirSync(join(dir, 'rejects')).length === 1);
  assert.equal(await n(store, "SELECT count(*) AS n FROM areas WHERE level = 'lsoa'"), 2);
  store.close();
});

test('a malformed row is reported with its line', async () => {
  const dir = tempDir();
  const store = await Store.open(':memory:');
  const path = write(dir, 'extra.csv', [HEADER, ROWS[0], ROWS[1], `${ROWS[2]},surplus`].join('\n'));
  await rejects(importPaths(store, [path]), (e) => {
    assert.match(e.message, /^Malformed row/);
    assert.equal(e.location.line, 4);
  });
  store.close();
});

test('empty file, header only and a header without code columns are clear errors', async () => {
  const dir = tempDir();
  const store = await Store.open(':memory:');
  await rejects(importPaths(store, [write(dir, 'empty.csv', '')], { kind: 'ons-lookup' }), (e) =>
    assert.equal(e.message, 'The file is empty'),
  );
  await rejects(importPaths(store, [write(dir, 'header.csv', `${HEADER}\n`)]), (e) => {
    assert.equal(e.message, 'The file has a header but no data rows');
    assert.equal(e.location.line, 2);
  });
  await rejects(
    importPaths(store, [write(dir, 'nocode.csv', 'FID,Area,Name\n1,x,y\n')], { kind: 'ons-lookup' }),
    (e) => {
      assert.equal(e.message, 'No area code column recognised in the header');
      assert.match(e.hint!, /LSOA11CD/);
    },
  );
  store.close();
});

test('beats (BEAT prefix) of the synthetic county: LSOA → beat → district', async () => {
  const dir = tempDir();
  const store = await Store.open(':memory:');
  const path = write(
    dir,
    'beats.csv',
    'LSOA11CD,BEAT21CD,BEAT21NM,LAD21CD\nE01023345,DAC-01,Hemel Town,E07000096\nE01023346,DAC-02,Hemel East,E07000096\n',
  );
  await importPaths(store, [path]);
  const rows = await store.all<{ parent_level: string; parent_code: string; vintage: string }>(
    "SELECT parent_level, parent_code, vintage FROM area_parents WHERE child_code = 'E01023345' ORDER BY parent_level",
  );
  assert.deepEqual(rows, [
    { parent_level: 'beat', parent_code: 'DAC-01', vintage: '2021' },
    { parent_level: 'district', parent_code: 'E07000096', vintage: '2021' },
  ]);
  assert.equal((await store.one<{ name: string }>("SELECT name FROM areas WHERE code = 'DAC-02'"))!.name, 'Hemel East');
  store.close();
});

test('detection: lookups are claimed confidently, police.uk and population files are not', () => {
  assert.equal(chooseImporter(probe(HEADER), {}).kind, 'ons-lookup');
  assert.equal(
    chooseImporter(probe('ObjectId,LSOA11CD,LSOA11NM,LSOA21CD,LSOA21NM,LAD22CD,LAD22NM,LAD22NMW'), {}).kind,
    'ons-lookup',
  );
  assert.equal(chooseImporter(probe('LSOA11CD,LSOA11NM,CHGIND,LSOA21CD,LSOA21NM,LAD22CD'), {}).kind, 'ons-lookup');
  // Partner records that carry codes among their own columns are left to the records importer.
  assert.ok(
    onsLookupImporter.detect(probe('Crime Reference,Committed Date,Offence,LSOA11CD,WD21CD,LAD21CD'), {}) <= 20,
  );
  assert.equal(onsLookupImporter.detect(probe(HEADER), { mapping: 'crimes.yaml' }), 0);
  assert.equal(chooseImporter(probe('LSOACD,latitude,longitude,lsoa11cd'), {}).kind, 'ons-lookup');
  assert.equal(chooseImporter(probe('FID,CSP19CD,CSP19NM,CSP19NMW'), {}).kind, 'ons-lookup');
  const police =
    'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
  assert.equal(chooseImporter(probe(police, '2021-01-hertfordshire-street.csv'), {}).kind, 'police-uk-street');
  assert.equal(chooseImporter(probe('lsoacd,population'), {}).kind, 'population');
});
