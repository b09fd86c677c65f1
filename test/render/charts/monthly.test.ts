import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SaferError } from '../../../src/core/errors.ts';
import { monthlyComparisonChart } from '../../../src/render/charts/monthly.ts';
import type { MonthlyComparisonInput } from '../../../src/render/charts/monthly.ts';
import { HOSTILE, assertEscaped, countElements, parseSvg } from './svg-check.ts';

const MONTHS = [
  '2023-10',
  '2023-11',
  '2023-12',
  '2024-01',
  '2024-02',
  '2024-03',
  '2024-04',
  '2024-05',
  '2024-06',
  '2024-07',
  '2024-08',
  '2024-09',
];
const CURRENT = [1200, 1150, 1100, 980, 1010, 1090, 1150, 1210, 1300, 1340, 1290, 1180];
const LAST_YEAR = [1250, 1200, 1120, 1000, null, 1100, 1180, 1220, 1330, 1390, 1310, 1200];

function input(overrides: Partial<MonthlyComparisonInput> = {}): MonthlyComparisonInput {
  return {
    title: 'Anti-social behaviour by month',
    yLabel: 'Incidents per month',
    months: MONTHS,
    current: CURRENT,
    lastYear: LAST_YEAR,
    ...overrides,
  };
}

test('monthly comparison is well-formed with a bar per known value and n/a for nulls', () => {
  const out = monthlyComparisonChart(input());
  parseSvg(out.svg);
  assert.equal(out.svg.match(/class="bar bar-current"/g)?.length, 12);
  assert.equal(out.svg.match(/class="bar bar-last-year"/g)?.length, 11);
  assert.equal(out.svg.match(/class="no-data"/g)?.length, 1);
  assert.ok(out.svg.includes('<title>Oct 2022: 1,250</title>'), 'last-year bars are labelled with their own month');
  assert.ok(
    out.svg.includes('>Oct 2023 to Sep 2024</text>') && out.svg.includes('>Oct 2022 to Sep 2023</text>'),
    'legend names the periods',
  );
  assert.ok(out.svg.includes('>1,000</text>'), 'UK thousands separator on the axis');
  assert.ok(out.svg.includes('>2024</text>'), 'the year is shown under January');
});

test('alt text totals the months with both years', () => {
  const { alt } = monthlyComparisonChart(input());
  // Sums without February (null last year): current 12,990, last year 13,300; (12990 − 13300) / 13300 = −2.33% (python3).
  assert.match(alt, /Total over the 11 months with both years: 12,990 against 13,300 \(−2\.3%\)\./);
  assert.match(alt, /Highest month: Jul 2024 \(1,340\)\./);
});

test('average line is drawn with markers, nulls breaking it', () => {
  const average = CURRENT.map((v, i) => (i === 6 ? null : v + 10));
  const { svg } = monthlyComparisonChart(input({ average, averageLabel: `Average ${HOSTILE}` }));
  parseSvg(svg);
  assertEscaped(svg);
  const path = /<g class="average"><path d="([^"]+)"/.exec(svg)?.[1] ?? '';
  assert.equal(path.match(/M/g)?.length, 2);
  const group = /<g class="average">.*?<\/g>/.exec(svg)?.[0] ?? '';
  assert.equal(countElements(group, 'path'), 1 + 11, 'the line and a marker per known month');
});

test('bad input raises SaferError', () => {
  assert.throws(() => monthlyComparisonChart(input({ current: CURRENT.slice(1) })), SaferError);
  assert.throws(
    () => monthlyComparisonChart(input({ lastYear: [...LAST_YEAR.slice(1), Number.POSITIVE_INFINITY] })),
    SaferError,
  );
  assert.throws(
    () => monthlyComparisonChart(input({ current: [...CURRENT.slice(1), null as unknown as number] })),
    SaferError,
  );
});
