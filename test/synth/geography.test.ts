import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate, rawTables } from './small-county.ts';
import { splitRect } from '../../src/synth/geography.ts';

type Ring = [number, number][];
interface Feature {
  type: string;
  properties: Record<string, string>;
  geometry: { type: string; coordinates: Ring[] };
}

const result = generate({ seed: 11, districts: 5 });
const read = (level: string): Feature[] =>
  (
    JSON.parse(readFileSync(join(result.root, 'data', '1-reference', `boundaries-${level}.geojson`), 'utf8')) as {
      type: string;
      features: Feature[];
    }
  ).features;

function signedArea(ring: Ring): number {
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) a += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  return a / 2;
}

function inside(ring: Ring, [x, y]: [number, number]): boolean {
  let hit = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

function segmentsCross(a: [number, number], b: [number, number], c: [number, number], d: [number, number]): boolean {
  const o = (p: [number, number], q: [number, number], r: [number, number]) =>
    Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0;
}

test('boundaries are valid GeoJSON polygons: closed, counter-clockwise, simple, in England', () => {
  for (const [level, prefix] of [
    ['lad25', 'LAD25'],
    ['wd25', 'WD25'],
    ['lsoa21', 'LSOA21'],
  ] as const) {
    const features = read(level);
    assert.ok(features.length > 0, level);
    const codes = new Set<string>();
    for (const f of features) {
      assert.equal(f.type, 'Feature');
      assert.equal(f.geometry.type, 'Polygon');
      const code = f.properties[`${prefix}CD`]!;
      assert.ok(code && f.properties[`${prefix}NM`], `${level} feature without ${prefix}CD/NM`);
      assert.ok(!codes.has(code), `${code} twice`);
      codes.add(code);
      const ring = f.geometry.coordinates[0]!;
      assert.equal(f.geometry.coordinates.length, 1);
      assert.ok(ring.length >= 4, `${code} ring too short`);
      assert.deepEqual(ring[0], ring[ring.length - 1], `${code} ring not closed`);
      assert.ok(signedArea(ring) > 0, `${code} ring is not counter-clockwise`);
      for (const [lon, lat] of ring)
        assert.ok(lon > -6 && lon < 2 && lat > 49.9 && lat < 55.9, `${code}: ${lon},${lat} outside England`);
      for (let i = 0; i < ring.length - 1; i++) {
        for (let j = i + 2; j < ring.length - 1; j++) {
          if (i === 0 && j === ring.length - 2) continue;
          assert.ok(!segmentsCross(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!), `${code} ring crosses itself`);
        }
      }
    }
  }
});

test('LSOAs tile their wards and wards their districts (areas add up)', () => {
  const area = (fs: Feature[]) => fs.reduce((s, f) => s + signedArea(f.geometry.coordinates[0]!), 0);
  const lsoas = read('lsoa21');
  const wards = read('wd25');
  const districts = read('lad25');
  const total = area(districts);
  assert.ok(Math.abs(area(wards) - total) / total < 1e-6);
  assert.ok(Math.abs(area(lsoas) - total) / total < 1e-6);
  for (const w of wards) {
    const own = lsoas.filter((l) => l.properties.WD25CD === w.properties.WD25CD);
    assert.ok(own.length >= 1, `${w.properties.WD25CD} has no LSOA`);
    const a = signedArea(w.geometry.coordinates[0]!);
    assert.ok(Math.abs(area(own) - a) / a < 1e-6, `${w.properties.WD25CD}: LSOAs do not tile the ward`);
  }
});

test("records' coordinates lie inside their LSOA", async () => {
  const polygons = new Map(read('lsoa21').map((f) => [f.properties.LSOA21CD!, f.geometry.coordinates[0]!]));
  const store = await rawTables(result.root);
  try {
    for (const [table, lsoa] of [
      ['crimes', '"LSOA Code"'],
      ['fires', '"LSOA Code"'],
      ['collisions', 'lsoa_of_accident_location'],
    ] as const) {
      const lon = table === 'collisions' ? 'longitude' : '"Longitude"';
      const lat = table === 'collisions' ? 'latitude' : '"Latitude"';
      const rows = await store.all<{ lsoa: string; lon: string; lat: string }>(
        `SELECT ${lsoa} AS lsoa, ${lon} AS lon, ${lat} AS lat FROM ${table} USING SAMPLE 2000 ROWS (reservoir, 42)`,
      );
      assert.ok(rows.length > 100, table);
      for (const r of rows) {
        const ring = polygons.get(r.lsoa);
        assert.ok(ring, `${table}: unknown LSOA ${r.lsoa}`);
        assert.ok(inside(ring, [Number(r.lon), Number(r.lat)]), `${table}: ${r.lon},${r.lat} outside ${r.lsoa}`);
      }
    }
  } finally {
    store.close();
  }
});

test('the lookup nests every LSOA in one ward, district, CSP, county, fire and force area; names are unique', () => {
  const text = readFileSync(join(result.root, 'data', '1-reference', 'geography-lookup-lsoa21-wd25-lad25.csv'), 'utf8')
    .trim()
    .split('\n');
  assert.equal(
    text[0],
    'FID,LSOA21CD,LSOA21NM,WD25CD,WD25NM,LAD25CD,LAD25NM,CSP25CD,CSP25NM,CTY25CD,CTY25NM,FRA25CD,FRA25NM,PFA25CD,PFA25NM,LAT,LONG',
  );
  const wardOf = new Map<string, string>();
  const wardNames = new Map<string, string>();
  for (const line of text.slice(1)) {
    const c = line.split(',');
    assert.equal(c.length, 17, line);
    assert.ok(!wardOf.has(c[1]!), `${c[1]} twice`);
    wardOf.set(c[1]!, c[3]!);
    const previous = wardNames.get(c[4]!);
    assert.ok(previous === undefined || previous === c[3], `ward name ${c[4]} used by ${previous} and ${c[3]}`);
    wardNames.set(c[4]!, c[3]!);
  }
  const beats = readFileSync(join(result.root, 'data', '1-reference', 'beats-lookup.csv'), 'utf8')
    .trim()
    .split('\n');
  assert.equal(beats[0], 'BEAT25CD,BEAT25NM,WD25CD,WD25NM,LAD25CD,LAD25NM');
  assert.equal(beats.length - 1, wardNames.size);
  for (const line of beats.slice(1)) assert.match(line.split(',')[0]!, /^[A-HJ-NP-Z][123][A-Z]{1,2}$/);
  // Town-centre beats are sector 1, letter A, as the reference's D1A.
  assert.ok(beats.some((l) => /^A1A,.* Central,/.test(l)));
});

test('population grows plausibly and households are consistent', () => {
  const years = result.manifest.files.filter((f) => f.kind === 'population' && f.path.includes('population-mid'));
  assert.ok(years.length >= 3);
  const totals = years.map((f) => {
    const lines = readFileSync(join(result.root, f.path), 'utf8').trim().split('\n');
    const county = lines.find((l) => l.startsWith('E10990001'))!.split(',');
    return { population: Number(county[2]), households: Number(county[3]) };
  });
  for (let i = 1; i < totals.length; i++) {
    const growth = totals[i]!.population / totals[i - 1]!.population - 1;
    assert.ok(growth > 0 && growth < 0.02, `growth ${growth}`);
  }
  for (const t of totals) {
    const size = t.population / t.households;
    assert.ok(size > 2.1 && size < 2.6, `household size ${size}`);
  }
});

test('splitRect gives every part a cell and covers the block exactly', () => {
  for (const weights of [
    [1, 1],
    [5, 1, 1, 1, 1],
    [1, 2, 3, 4, 5, 6, 7],
    Array.from({ length: 20 }, (_, i) => 1 + (i % 3)),
  ]) {
    const rect = { i: 2, j: 3, w: 9, h: 7 };
    const parts = splitRect(rect, weights);
    assert.equal(parts.length, weights.length);
    const cells = new Set<string>();
    for (const p of parts) {
      assert.ok(p.w >= 1 && p.h >= 1);
      for (let i = p.i; i < p.i + p.w; i++)
        for (let j = p.j; j < p.j + p.h; j++) {
          const key = `${i},${j}`;
          assert.ok(!cells.has(key), 'overlap');
          cells.add(key);
        }
    }
    assert.equal(cells.size, rect.w * rect.h);
  }
});
