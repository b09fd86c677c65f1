import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { SaferError } from '../../../src/core/errors.ts';
import { choroplethMap } from '../../../src/render/charts/choropleth.ts';
import type { ChoroplethInput } from '../../../src/render/charts/choropleth.ts';
import { HOSTILE, assertEscaped, parseSvg } from './svg-check.ts';

/** Counter-clockwise square (RFC 7946 winding) with its south-west corner at (lon, lat). */
function square(lon: number, lat: number, size = 0.02, clockwise = false): Position[] {
  const ring: Position[] = [
    [lon, lat],
    [lon + size, lat],
    [lon + size, lat + size],
    [lon, lat + size],
    [lon, lat],
  ];
  return clockwise ? ring.reverse() : ring;
}

const VALUES = [3, 7, 8, 5, 12, 14, 21, 13, 18, 4.5, 9.25];

function collection(): FeatureCollection {
  const features: Feature[] = VALUES.map((_, i) => ({
    type: 'Feature',
    properties: { WD25CD: `E050000${String(i).padStart(2, '0')}`, WD25NM: i === 2 ? HOSTILE : `Ward ${i}` },
    geometry:
      i === 0
        ? { type: 'Polygon', coordinates: [square(-1.5, 52.3, 0.02, true)] } // clockwise (d3's own winding)
        : i === 1
          ? { type: 'MultiPolygon', coordinates: [[square(-1.48, 52.3, 0.008)], [square(-1.468, 52.312, 0.008)]] }
          : i === 3
            ? {
                type: 'Polygon',
                coordinates: [
                  square(-1.5 + 0.02 * (i % 4), 52.3 + 0.02 * Math.floor(i / 4)),
                  square(-1.5 + 0.02 * (i % 4) + 0.005, 52.3 + 0.02 * Math.floor(i / 4) + 0.005, 0.01, true),
                ],
              } // with a hole
            : { type: 'Polygon', coordinates: [square(-1.5 + 0.02 * (i % 4), 52.3 + 0.02 * Math.floor(i / 4))] },
  }));
  features.push({
    type: 'Feature',
    properties: { WD25CD: 'E05000099', WD25NM: 'No figures' },
    geometry: { type: 'Polygon', coordinates: [square(-1.44, 52.34)] },
  });
  return { type: 'FeatureCollection', features };
}

function input(overrides: Partial<ChoroplethInput> = {}): ChoroplethInput {
  const valueByCode: Record<string, number | null> = {};
  VALUES.forEach((v, i) => (valueByCode[`E050000${String(i).padStart(2, '0')}`] = v));
  valueByCode['E05000099'] = null;
  return {
    title: 'Crime rate by ward',
    legendTitle: 'Crimes per 1,000 residents',
    features: collection(),
    valueByCode,
    codeProperty: 'WD25CD',
    nameProperty: 'WD25NM',
    highlight: ['E05000004'],
    ...overrides,
  };
}

test('one path per feature, each with code, name, value and a tooltip', () => {
  const out = choroplethMap(input());
  parseSvg(out.svg);
  const paths = out.svg.match(/<path class="area[^"]*"[^>]*data-code="[^"]*"[^>]*>.*?<\/path>/g) ?? [];
  assert.equal(paths.length, 12, 'paths = features');
  assert.ok(
    out.svg.includes(
      'data-code="E05000005" data-name="Ward 5" data-value="14"><title>Ward 5 (E05000005): 14.0</title>',
    ),
  );
  assert.ok(
    out.svg.includes(
      'data-code="E05000099" data-name="No figures" data-value=""><title>No figures (E05000099): no data</title>',
    ),
  );
});

test('hostile names are escaped in attributes and tooltips', () => {
  const out = choroplethMap(input({ title: `Map ${HOSTILE}`, legendTitle: `Legend ${HOSTILE}` }));
  parseSvg(out.svg);
  assertEscaped(out.svg);
  assert.ok(out.svg.includes('data-name="&lt;script&gt;&amp;&quot;&apos;"'));
});

test('breaks are the numpy quantiles and areas are classed by them', () => {
  const out = choroplethMap(input());
  // np.quantile([3,7,8,5,12,14,21,13,18,4.5,9.25], [.2,.4,.6,.8], method='linear') → [5, 8, 12, 14]; min 3, max 21.
  assert.deepEqual(out.breaks, [3, 5, 8, 12, 14, 21]);
  assert.equal(out.classByCode['E05000000'], 0); // 3
  assert.equal(out.classByCode['E05000003'], 1); // 5 sits on a break: class above
  assert.equal(out.classByCode['E05000006'], 4); // 21, the maximum
  assert.equal(out.classByCode['E05000099'], null);
  for (const label of [
    '3.0 to under 5.0',
    '5.0 to under 8.0',
    '14.0 to 21.0',
    'No data',
    'Highlighted',
    'Quantile classes',
  ]) {
    assert.ok(out.svg.includes(`>${label}</text>`), label);
  }
  assert.match(out.alt, /12 areas shaded by Crimes per 1,000 residents in 5 quantile classes/);
  assert.match(
    out.alt,
    /Highest: Ward 6 21\.0, Ward 8 18\.0, Ward 5 14\.0\. Lowest: Ward 0 3\.0\. 1 area has no data\. Outlined: Ward 4\./,
  );
});

test('whole-number data get exact integer class ranges', () => {
  const fc = collection();
  fc.features = fc.features.slice(0, 10);
  const valueByCode: Record<string, number> = {};
  fc.features.forEach((f, i) => (valueByCode[String(f.properties?.['WD25CD'])] = i + 1));
  const out = choroplethMap(input({ features: fc, valueByCode, highlight: [] }));
  // np.quantile(np.arange(1, 11), [.2,.4,.6,.8], method='linear') → [2.8, 4.6, 6.4, 8.2]
  assert.deepEqual(
    out.breaks.map((b) => Math.round(b * 1e9) / 1e9),
    [1, 2.8, 4.6, 6.4, 8.2, 10],
  );
  for (const label of ['1 to 2', '3 to 4', '5 to 6', '7 to 8', '9 to 10'])
    assert.ok(out.svg.includes(`>${label}</text>`), label);
  assert.ok(!out.svg.includes('>No data</text>') && !out.svg.includes('>Highlighted</text>'));
});

test('null areas are hatched; the highlighted area is drawn last with a heavy outline', () => {
  const out = choroplethMap(input());
  assert.match(out.svg, /<pattern id="map-[a-z0-9]+-nodata"/);
  assert.match(out.svg, /fill="url\(#map-[a-z0-9]+-nodata\)"[^>]*data-code="E05000099"/);
  const areas = [...out.svg.matchAll(/data-code="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(areas.at(-1), 'E05000004');
  assert.match(out.svg, /class="area area-highlight"[^>]*stroke-width="2\.5"/);
});

test('every ring is projected inside the frame whatever its winding', () => {
  const out = choroplethMap(input());
  const ds = [...out.svg.matchAll(/<path class="area[^"]*" d="([^"]+)"/g)].map((m) => m[1] as string);
  assert.equal(ds.length, 12);
  for (const d of ds) {
    const numbers = (d.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
    assert.ok(numbers.length >= 8, `path has coordinates: ${d.slice(0, 40)}`);
    for (let i = 0; i < numbers.length; i += 2) {
      assert.ok((numbers[i] as number) >= 0 && (numbers[i] as number) <= 640, `x ${numbers[i]}`);
      assert.ok((numbers[i + 1] as number) >= 0 && (numbers[i + 1] as number) <= 520, `y ${numbers[i + 1]}`);
    }
  }
  const multi = ds[1] ?? '';
  assert.equal(multi.match(/M/g)?.length, 2, 'MultiPolygon keeps both parts');
  const holed = ds[3] ?? '';
  assert.equal(holed.match(/M/g)?.length, 2, 'polygon keeps its hole');
});

test('bad input raises SaferError', () => {
  assert.throws(() => choroplethMap(input({ codeProperty: 'LAD25CD' })), SaferError);
  assert.throws(() => choroplethMap(input({ classes: 10 })), SaferError);
  const point: Geometry = { type: 'Point', coordinates: [0, 0] };
  assert.throws(
    () =>
      choroplethMap(
        input({
          features: {
            type: 'FeatureCollection',
            features: [{ type: 'Feature', properties: { WD25CD: 'x' }, geometry: point }],
          },
        }),
      ),
    SaferError,
  );
  assert.throws(() => choroplethMap(input({ valueByCode: { E05000000: Number.NaN } })), SaferError);
});

test('all-null values still draw every area, hatched', () => {
  const out = choroplethMap(input({ valueByCode: {} }));
  parseSvg(out.svg);
  assert.deepEqual(out.breaks, []);
  assert.equal(out.svg.match(/data-code=/g)?.length, 12);
  assert.match(out.alt, /no area has data/);
});
