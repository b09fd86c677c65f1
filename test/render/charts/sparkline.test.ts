import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SaferError } from '../../../src/core/errors.ts';
import { sparkline } from '../../../src/render/charts/sparkline.ts';
import { HOSTILE, assertEscaped, parseSvg } from './svg-check.ts';

test('sparkline has an aria-label and no axes', () => {
  const out = sparkline([1200, 1500, null, 900, 1000], { label: 'Burglary, monthly' });
  const root = parseSvg(out.svg);
  assert.equal(
    root['@aria-label'],
    'Burglary, monthly: 1,200 to 1,000 over 5 points, low 900, high 1,500, 1 without data',
  );
  assert.equal(root['@role'], 'img');
  assert.equal(root['@viewBox'], '0 0 100 24');
  assert.ok(!out.svg.includes('<text'));
  const d = /<path d="([^"]+)"/.exec(out.svg)?.[1] ?? '';
  assert.equal(d.match(/M/g)?.length, 2, 'null breaks the line');
});

test('sparkline escapes its label and copes with no data or one value', () => {
  const out = sparkline([3], { label: HOSTILE });
  parseSvg(out.svg);
  assertEscaped(out.svg);
  assert.match(sparkline([null, null]).alt, /^Trend: no data$/);
  parseSvg(sparkline([]).svg);
  assert.throws(() => sparkline([1, Number.NaN]), SaferError);
});
