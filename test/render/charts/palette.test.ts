import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OKABE_ITO, SERIES_STYLES, sequentialColours } from '../../../src/render/charts/palette.ts';

/** WCAG relative luminance of '#rrggbb'. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

test('Okabe–Ito colours are the published values', () => {
  // Okabe & Ito (2008), "Color Universal Design", RGB 0-255 converted to hex.
  assert.deepEqual(Object.values(OKABE_ITO), [
    '#000000',
    '#E69F00',
    '#56B4E9',
    '#009E73',
    '#F0E442',
    '#0072B2',
    '#D55E00',
    '#CC79A7',
  ]);
});

test('series differ by dash and marker as well as colour', () => {
  assert.equal(new Set(SERIES_STYLES.map((s) => s.dash)).size, SERIES_STYLES.length);
  assert.equal(new Set(SERIES_STYLES.map((s) => s.marker)).size, SERIES_STYLES.length);
  assert.ok(!SERIES_STYLES.some((s) => s.colour === OKABE_ITO.yellow), 'no yellow lines on white paper');
});

test('sequential colours get darker class by class (ordered in greyscale)', () => {
  for (let k = 2; k <= 9; k++) {
    const colours = sequentialColours(k);
    assert.equal(colours.length, k);
    for (let i = 1; i < k; i++)
      assert.ok(luminance(colours[i] as string) < luminance(colours[i - 1] as string), `k=${k} class ${i}`);
  }
});
