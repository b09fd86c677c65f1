import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../src/store/db.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { SaferError } from '../../src/core/errors.ts';
import { SKIP_NO_SHARED, sharedPath } from '../helpers/shared-data.ts';

const DACORUM = 'E07000096';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'safer-boundaries-test-'));
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

/** Feature count of a GeoJSON file, counted here with JSON.parse. */
function featureCount(path: string): number {
  return (JSON.parse(readFileSync(path, 'utf8')) as { features: unknown[] }).features.length;
}

const square = (x: number, y: number, d = 0.01) => [
  [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ],
];

function collection(features: { properties: Record<string, unknown>; geometry: unknown }[]): string {
  return JSON.stringify({ type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', ...f })) });
}

// ---------------------------------------------------------------------------------------------
// Real files

test(
  'every boundary file of shared/data/boundaries loads with one row per feature',
  { skip: SKIP_NO_SHARED },
  async () => {
    const store = await Store.open(':memory:');
    const expected: Record<string, { level: string; vintage: string }> = {
      lsoa: { level: 'lsoa', vintage: '2021' },
      lsoa11: { level: 'lsoa', vintage: '2011' },
      msoa: { level: 'msoa', vintage: '2021' },
      msoa11: { level: 'msoa', vintage: '2011' },
      ward: { level: 'ward', vintage: '2025' },
    };
    for (const [folder, { level, vintage }] of Object.entries(expected)) {
      const files = readdirSync(sharedPath('boundaries', folder));
      assert.equal(files.length, 10);
      for (const name of files) {
        const path = sharedPath('boundaries', folder, name);
        const [r] = await importPaths(store, [path]);
        assert.equal(r!.kind, 'boundaries');
        assert.equal(r!.rowsLoaded, featureCount(path), path);
        const district = name.replace('.geojson', '');
        assert.equal(
          await n(store, 'SELECT count(*) AS n FROM boundaries WHERE import_id = ? AND level = ? AND vintage = ?', [
            r!.importId!,
            level,
            vintage,
          ]),
          featureCount(path),
        );
        assert.ok(district.startsWith('E07'));
      }
    }
    // python json: features per folder summed over the ten districts.
    const totals = await store.all<{ level: string; vintage: string; n: number }>(
      'SELECT level, vintage, count(*) AS n FROM boundaries GROUP BY ALL ORDER BY ALL',
    );
    assert.deepEqual(totals, [
      { level: 'lsoa', vintage: '2011', n: 690 },
      { level: 'lsoa', vintage: '2021', n: 713 },
      { level: 'msoa', vintage: '2011', n: 153 },
      { level: 'msoa', vintage: '2021', n: 154 },
      { level: 'ward', vintage: '2025', n: 176 },
    ]);
    // Dacorum: 96 LSOAs (2021), 94 LSOAs (2011), 25 wards (2025) in its files.
    assert.equal(featureCount(sharedPath('boundaries', 'lsoa', `${DACORUM}.geojson`)), 96);
    assert.equal(
      await n(
        store,
        "SELECT count(*) AS n FROM boundaries WHERE level = 'lsoa' AND vintage = '2011' AND name LIKE 'Dacorum %'",
      ),
      94,
    );
    assert.equal(
      await n(
        store,
        "SELECT count(*) AS n FROM boundaries WHERE NOT (geometry->>'type' IN ('Polygon', 'MultiPolygon'))",
      ),
      0,
    );
    assert.equal(await n(store, 'SELECT count(*) AS n FROM boundaries WHERE name IS NULL'), 0);
    store.close();
  },
);

test('district GeoJSON (lower-case lad17cd) and the two TopoJSON topologies', { skip: SKIP_NO_SHARED }, async () => {
  const store = await Store.open(':memory:');
  const [herts] = await importPaths(store, [sharedPath('boundaries', 'hertfordshire-lad17.geojson')]);
  assert.equal(herts!.rowsLoaded, 10);
  const dacorum = await store.one<{ name: string; level: string; vintage: string }>({
    sql: 'SELECT name, level, vintage FROM boundaries WHERE area_code = ?',
    params: [DACORUM],
  });
  assert.deepEqual(dacorum, { name: 'Dacorum', level: 'district', vintage: '2017' });

  // python json: len(objects['geog']['geometries']) → 374 (UK) and 331 (England and Wales); AREACD/AREANM only,
  // so level and year come from the file names (lad2021, LA2021).
  const [uk] = await importPaths(store, [sharedPath('boundaries', 'geo_lad2021.topojson')]);
  assert.equal(uk!.rowsLoaded, 374);
  const [ew] = await importPaths(store, [sharedPath('boundaries', 'geogLA2021EW.topojson')]);
  assert.equal(ew!.rowsLoaded, 331);
  // Both are district 2021: the England and Wales file replaces those areas' shapes, the others stay.
  assert.equal(ew!.rowsReplaced, 331);
  assert.equal(
    await n(store, "SELECT count(*) AS n FROM boundaries WHERE level = 'district' AND vintage = '2021'"),
    374,
  );
  assert.equal(
    await n(store, "SELECT count(*) AS n FROM boundaries WHERE vintage = '2021' AND import_id = ?", [uk!.importId!]),
    374 - 331,
  );
  const dac21 = await store.one<{ name: string; type: string }>({
    sql: "SELECT name, geometry->>'type' AS type FROM boundaries WHERE area_code = ? AND vintage = '2021'",
    params: [DACORUM],
  });
  assert.equal(dac21!.name, 'Dacorum');
  assert.ok(['Polygon', 'MultiPolygon'].includes(dac21!.type));
  // Identical file again: nothing to do.
  assert.equal((await importPaths(store, [sharedPath('boundaries', 'geogLA2021EW.topojson')]))[0]!.status, 'unchanged');
  store.close();
});

// ---------------------------------------------------------------------------------------------
// Fixtures

test('re-importing an area replaces just that area; a second feature with the same code is merged', async () => {
  const dir = tempDir();
  const store = await Store.open(':memory:');
  const a = join(dir, 'wards.geojson');
  writeFileSync(
    a,
    collection([
      {
        properties: { WD23CD: 'E05004691', WD23NM: 'Adeyfield East', LAD23CD: DACORUM },
        geometry: { type: 'Polygon', coordinates: square(-0.44, 51.76) },
      },
      {
        properties: { WD23CD: 'E05004692', WD23NM: 'Adeyfield West', LAD23CD: DACORUM },
        geometry: { type: 'Polygon', coordinates: square(-0.46, 51.76) },
      },
    ]),
  );
  const [first] = await importPaths(store, [a]);
  assert.equal(first!.rowsLoaded, 2);
  assert.deepEqual(first!.details!.levels, ['ward 2023']);
  assert.equal((await importPaths(store, [a]))[0]!.status, 'unchanged');

  const b = join(dir, 'one-ward.geojson');
  writeFileSync(
    b,
    collection([
      {
        properties: { wd23cd: 'E05004691', wd23nm: 'Adeyfield East' },
        geometry: { type: 'Polygon', coordinates: square(-0.44, 51.76, 0.02) },
      },
      {
        properties: { wd23cd: 'E05004691', wd23nm: 'Adeyfield East' },
        geometry: { type: 'Polygon', coordinates: square(-0.4, 51.76) },
      },
    ]),
  );
  const [second] = await importPaths(store, [b]);
  assert.equal(second!.rowsReplaced, 1);
  assert.equal(second!.rowsLoaded, 1);
  assert.equal(second!.duplicatesDropped, 1);
  const merged = await store.one<{ type: string; parts: number }>(
    "SELECT geometry->>'type' AS type, json_array_length(geometry->'coordinates') AS parts FROM boundaries WHERE area_code = 'E05004691'",
  );
  assert.deepEqual(merged, { type: 'MultiPolygon', parts: 2 });
  assert.equal(await n(store, 'SELECT count(*) AS n FROM boundaries'), 2);
  store.close();
});

test('a small TopoJSON topology: every object is converted', async () => {
  const dir = tempDir();
  const topology = {
    type: 'Topology',
    arcs: [
      [
        [0, 51],
        [1, 51],
        [1, 52],
        [0, 52],
        [0, 51],
      ],
      [
        [1, 51],
        [2, 51],
        [2, 52],
        [1, 52],
        [1, 51],
      ],
    ],
    objects: {
      lsoa: {
        type: 'GeometryCollection',
        geometries: [{ type: 'Polygon', arcs: [[0]], properties: { LSOA21CD: 'E01023345', LSOA21NM: 'Dacorum 013A' } }],
      },
      other: { type: 'Polygon', arcs: [[1]], properties: { LSOA21CD: 'E01023346', LSOA21NM: 'Dacorum 013B' } },
    },
  };
  const path = join(dir, 'two.topojson');
  writeFileSync(path, JSON.stringify(topology));
  const store = await Store.open(':memory:');
  const [r] = await importPaths(store, [path]);
  assert.equal(r!.rowsLoaded, 2);
  const rows = await store.all<{ area_code: string; level: string; vintage: string; first: string }>(
    "SELECT area_code, level, vintage, geometry->'coordinates'->0->0 AS first FROM boundaries ORDER BY area_code",
  );
  assert.deepEqual(
    rows.map((x) => [x.area_code, x.level, x.vintage, JSON.parse(x.first)]),
    [
      ['E01023345', 'lsoa', '2021', [0, 51]],
      ['E01023346', 'lsoa', '2021', [1, 51]],
    ],
  );
  store.close();
});

test('errors: no code, not a polygon, projected coordinates, empty collection, not JSON', async () => {
  const dir = tempDir();
  const store = await Store.open(':memory:');
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const good = {
    properties: { LAD21CD: DACORUM, LAD21NM: 'Dacorum' },
    geometry: { type: 'Polygon', coordinates: square(-0.5, 51.7) },
  };
  await rejects(
    importPaths(store, [
      file(
        'nocode.geojson',
        collection([good, { properties: { LAD21CD: '', LAD21NM: 'Nowhere' }, geometry: good.geometry }]),
      ),
    ]),
    (e) => {
      assert.equal(e.message, 'Feature 2 has no area code');
      assert.equal(e.location.column, 'LAD21CD');
    },
  );
  await rejects(
    importPaths(store, [
      file('point.geojson', collection([{ ...good, geometry: { type: 'Point', coordinates: [-0.5, 51.7] } }])),
    ]),
    (e) => assert.match(e.message, /has a Point geometry; boundaries must be polygons/),
  );
  await rejects(
    importPaths(store, [
      file(
        'bng.geojson',
        collection([{ ...good, geometry: { type: 'Polygon', coordinates: square(508141, 208183, 100) } }]),
      ),
    ]),
    (e) => assert.match(e.hint!, /EPSG:4326/),
  );
  await rejects(
    importPaths(store, [file('badcode.geojson', collection([{ ...good, properties: { LAD21CD: 'E05004691' } }]))]),
    (e) => {
      assert.equal(e.message, 'Feature 1 has a code that is not a district code');
      assert.equal(e.location.value, 'E05004691');
    },
  );
  await rejects(importPaths(store, [file('empty.geojson', collection([]))]), (e) =>
    assert.equal(e.message, 'The file holds no features'),
  );
  await rejects(importPaths(store, [file('broken.geojson', '{"type": "FeatureCollection", "features": [')]), (e) =>
    assert.match(e.message, /^Not valid JSON/),
  );
  assert.equal(await n(store, 'SELECT count(*) AS n FROM boundaries'), 0);
  store.close();
});
