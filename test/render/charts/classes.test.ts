import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classOf, quantileBreaks } from '../../../src/render/charts/classes.ts';

const VALUES = [3, 7, 8, 5, 12, 14, 21, 13, 18, 4.5, 9.25];

function assertClose(actual: number[], expected: number[]): void {
  assert.equal(actual.length, expected.length, `${actual} vs ${expected}`);
  actual.forEach((a, i) =>
    assert.ok(Math.abs(a - (expected[i] as number)) < 1e-9, `break ${i}: ${a} vs ${expected[i]}`),
  );
}

test('quantile breaks match numpy.quantile(method="linear")', () => {
  // python3: v=[3,7,8,5,12,14,21,13,18,4.5,9.25]
  //   [min(v)] + list(np.quantile(v, [i/k for i in range(1,k)], method='linear')) + [max(v)]
  // k=5 → [3, 5, 8, 12, 14, 21]; k=4 → [3, 6, 9.25, 13.5, 21]; k=3 → [3, 7.3333…, 12.6666…, 21]
  assertClose(quantileBreaks(VALUES, 5), [3, 5, 8, 12, 14, 21]);
  assertClose(quantileBreaks(VALUES, 4), [3, 6, 9.25, 13.5, 21]);
  assertClose(quantileBreaks(VALUES, 3), [3, 7.333333333333333, 12.666666666666666, 21]);
});

test('tied values give fewer classes', () => {
  // np.quantile([1,1,1,1,2,2,3,10], [.2,.4,.6,.8], method='linear') → [1, 1, 2, 2.6]
  assertClose(quantileBreaks([1, 1, 1, 1, 2, 2, 3, 10], 5), [1, 2, 2.6, 10]);
  assert.deepEqual(quantileBreaks([4, 4, 4], 5), [4, 4]);
  assert.deepEqual(quantileBreaks([], 5), []);
});

test('a value on a break belongs to the class above; the maximum to the top class', () => {
  const breaks = [3, 5, 8, 12, 14, 21];
  assert.equal(classOf(3, breaks), 0);
  assert.equal(classOf(4.99, breaks), 0);
  assert.equal(classOf(5, breaks), 1);
  assert.equal(classOf(14, breaks), 4);
  assert.equal(classOf(21, breaks), 4);
  assert.equal(classOf(4, [4, 4]), 0);
});
