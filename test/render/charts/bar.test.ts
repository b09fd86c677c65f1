import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SaferError } from '../../../src/core/errors.ts';
import { barChart } from '../../../src/render/charts/bar.ts';
import { HOSTILE, assertEscaped, parseSvg } from './svg-check.ts';

const ROWS = [
  { label: 'Thornstead Town', value: 1843, note: '+6.2%' },
  { label: HOSTILE, value: 980 },
  { label: 'Kingsmead', value: 12 },
];

test('bar chart is well-formed, escaped and labels each bar end in UK format', () => {
  const out = barChart({
    title: `Top wards ${HOSTILE}`,
    xLabel: 'Crimes (12 months)',
    rows: ROWS,
    highlight: ['Thornstead Town'],
  });
  parseSvg(out.svg);
  assertEscaped(out.svg);
  assert.equal(out.svg.match(/<g class="row[ "]/g)?.length, 3);
  assert.ok(out.svg.includes('>1,843  +6.2%</text>'));
  assert.ok(out.svg.includes('data-label="Thornstead Town" data-value="1843"'));
  assert.match(out.svg, /class="row row-highlight" data-label="Thornstead Town"/);
  assert.match(
    out.alt,
    /^Bar chart: Top wards <script>&"'\. Crimes \(12 months\), 3 bars: Thornstead Town 1,843 \(\+6\.2%\); /,
  );
  assert.match(out.alt, /Highlighted: Thornstead Town\.$/);
});

test('negative values extend left of zero with labels before the bar', () => {
  const out = barChart({
    title: 'Change',
    xLabel: 'Change in crimes',
    rows: [
      { label: 'A', value: 40 },
      { label: 'B', value: -25 },
    ],
  });
  parseSvg(out.svg);
  assert.ok(out.svg.includes('>−25</text>'));
  assert.match(out.svg, /text-anchor="end"[^>]*>−25<\/text>/);
});

test('default height grows with the rows', () => {
  const rows = Array.from({ length: 20 }, (_, i) => ({ label: `Ward ${i}`, value: i * 3.5 }));
  const small = barChart({ title: 'T', xLabel: 'X', rows: rows.slice(0, 5) });
  const large = barChart({ title: 'T', xLabel: 'X', rows });
  const h = (svg: string) => Number(/height="([\d.]+)"/.exec(svg)?.[1]);
  assert.ok(h(large.svg) > h(small.svg) + 300);
  assert.ok(large.svg.includes('>66.5</text>'), 'one decimal for non-integer values');
});

test('bad input raises SaferError', () => {
  assert.throws(() => barChart({ title: 'T', xLabel: 'X', rows: [] }), SaferError);
  assert.throws(() => barChart({ title: 'T', xLabel: 'X', rows: [{ label: 'a', value: Number.NaN }] }), SaferError);
  assert.throws(() => barChart({ title: 'T', xLabel: 'X', rows: ROWS, height: 130 }), SaferError);
});
