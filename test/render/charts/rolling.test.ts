import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SaferError } from '../../../src/core/errors.ts';
import { rollingChart } from '../../../src/render/charts/rolling.ts';
import type { RollingChartInput } from '../../../src/render/charts/rolling.ts';
import { HOSTILE, assertEscaped, countElements, parseSvg } from './svg-check.ts';

const MONTHS = [
  '2024-01',
  '2024-02',
  '2024-03',
  '2024-04',
  '2024-05',
  '2024-06',
  '2024-07',
  '2024-08',
  '2024-09',
  '2024-10',
  '2024-11',
  '2024-12',
];

function input(overrides: Partial<RollingChartInput> = {}): RollingChartInput {
  return {
    title: 'All crime, rolling 12 months',
    yLabel: 'Crimes per 1,000 residents',
    months: MONTHS,
    series: [
      { name: 'Thornstead', values: [60, 61, 62, 61, 60, 59, 58, 58, 57, 56, 56, 55], role: 'primary' },
      { name: 'Peer average', values: [58, 58, null, null, 57, 57, 57, 56, 56, 56, 55, 55] },
    ],
    ...overrides,
  };
}

const PROJECTION = {
  months: ['2025-01', '2025-02', '2025-03'],
  mean: [54.5, 54, 53.5],
  lower80: [53, 52, 51],
  upper80: [56, 56, 56],
  lower95: [52, 50.5, 49],
  upper95: [57, 57.5, 58],
};

test('rolling chart is well-formed SVG with title, desc, viewBox and alt text', () => {
  const out = rollingChart(input());
  const root = parseSvg(out.svg);
  assert.equal(root['@viewBox'], '0 0 640 400');
  assert.equal(root['@role'], 'img');
  assert.equal((root['title'] as Record<string, unknown>)['#text'], 'All crime, rolling 12 months');
  assert.equal((root['desc'] as Record<string, unknown>)['#text'], out.alt);
  assert.equal(out.title, 'All crime, rolling 12 months');
  assert.match(out.alt, /^Line chart: All crime, rolling 12 months\./);
  assert.match(out.alt, /Thornstead \(main series\): 60 in Jan 2024 to 55 in Dec 2024 \(−8\.3%\)/);
  assert.match(out.alt, /Peer average: .*2 months without data/);
});

test('UK month labels and axis titles are drawn', () => {
  const { svg } = rollingChart(input());
  assert.ok(svg.includes('>Jan 2024</text>'));
  assert.ok(svg.includes('>Crimes per 1,000 residents</text>'));
  assert.ok(svg.includes('>12 months ending</text>'));
  assert.ok(!/font-size="(?:[0-9]|10)(?:\.\d+)?"/.test(svg), 'no font smaller than 11px');
});

test('hostile series names and titles are escaped', () => {
  const out = rollingChart(
    input({ title: `Rate ${HOSTILE}`, series: [{ name: HOSTILE, values: MONTHS.map(() => 1) }] }),
  );
  parseSvg(out.svg);
  assertEscaped(out.svg);
  assert.ok(out.alt.includes(HOSTILE), 'alt is plain text, escaped only when placed in markup');
});

test('null values break the line into separate subpaths', () => {
  const { svg } = rollingChart(input());
  const peer = /data-series="Peer average"><path d="([^"]+)"/.exec(svg);
  assert.ok(peer, 'peer series path');
  assert.equal(peer[1]?.match(/M/g)?.length, 2, 'two moves: before and after the gap');
  const main = /data-series="Thornstead"><path d="([^"]+)"/.exec(svg);
  assert.equal(main?.[1]?.match(/M/g)?.length, 1);
});

test('projection draws 80% and 95% band polygons, a dashed mean and legend entries', () => {
  const out = rollingChart(input({ projection: PROJECTION }));
  parseSvg(out.svg);
  const band95 = /<path class="band band-95" data-band="95" d="(M[^"]+Z)"/.exec(out.svg);
  const band80 = /<path class="band band-80" data-band="80" d="(M[^"]+Z)"/.exec(out.svg);
  assert.ok(band95 && band80, 'both bands are closed paths');
  assert.match(
    out.svg,
    /class="projection-mean" d="M[^"]+" fill="none" stroke="#0072B2" stroke-width="2" stroke-dasharray="5 3"/,
  );
  assert.match(out.svg, /<pattern id="rolling-[a-z0-9]+-hatch95"/);
  for (const label of ['Projection (mean)', '80% prediction interval', '95% prediction interval', 'Projection']) {
    assert.ok(out.svg.includes(`>${label}</text>`), label);
  }
  assert.match(out.alt, /Projection to Mar 2025: 53\.5 \(80% prediction interval 51\.0 to 56\.0; 95% 49\.0 to 58\.0\)/);
});

test('bad input raises SaferError', () => {
  assert.throws(() => rollingChart(input({ months: ['2024-13', ...MONTHS.slice(1)] })), SaferError);
  assert.throws(() => rollingChart(input({ months: MONTHS.slice(1) })), SaferError);
  assert.throws(() => rollingChart(input({ months: [...MONTHS.slice(0, 11), '2024-01'] })), SaferError);
  assert.throws(
    () => rollingChart(input({ series: [{ name: 'x', values: MONTHS.map(() => Number.NaN) }] })),
    SaferError,
  );
  assert.throws(
    () => rollingChart(input({ projection: { ...PROJECTION, months: ['2024-12', '2025-01', '2025-02'] } })),
    SaferError,
  );
  assert.throws(() => rollingChart(input({ projection: { ...PROJECTION, lower80: [58, 52, 51] } })), SaferError);
  assert.throws(() => rollingChart(input({ width: 0 })), SaferError);
});

test('output is deterministic and the element count is stable', () => {
  const a = rollingChart(input({ projection: PROJECTION }));
  const b = rollingChart(input({ projection: PROJECTION }));
  assert.equal(a.svg, b.svg);
  assert.equal(countElements(a.svg, 'svg'), 1);
});
