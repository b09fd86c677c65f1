import assert from 'node:assert/strict';
import test from 'node:test';
import { concentration, gini, nearestNeighbours, rankAscending, standardise } from '../../../src/core/stats/index.ts';
import { assertClose } from './assert-close.ts';

test('rankAscending matches scipy.stats.rankdata(method="min")', () => {
  // scipy.stats.rankdata([12, 5, 7, 5, 30, 12, 0, 5], method='min') → [6, 2, 5, 2, 8, 6, 1, 2]
  assert.deepEqual(rankAscending([12, 5, 7, 5, 30, 12, 0, 5]), [6, 2, 5, 2, 8, 6, 1, 2]);
  assert.deepEqual(rankAscending([]), []);
  assert.throws(() => rankAscending([1, NaN]), RangeError);
});

test('gini matches the pairwise definition Σ|xi − xj| / (2 n² mean)', () => {
  // NumPy: np.abs(x[:, None] - x[None, :]).sum() / (2 * n * n * x.mean())
  const cases: [number[], number][] = [
    [[1, 1, 1, 1], 0],
    [[0, 0, 0, 10], 0.75],
    [[3, 1, 4, 1, 5, 9, 2, 6], 0.36693548387096775],
    [[120, 45, 33, 31, 30, 12, 8, 2, 0, 0], 0.5825622775800712],
  ];
  for (const [values, expected] of cases) assertClose(gini(values)!, expected, 1e-14, `gini(${values})`, 1e-15);
  assert.equal(gini([0, 0]), null);
  assert.throws(() => gini([1, -1]), RangeError);
});

test('concentration: top-N share and Gini', () => {
  const result = concentration([120, 45, 33, 31, 30, 12, 8, 2, 0, 0]);
  assert.equal(result.total, 281);
  assert.equal(result.units, 10);
  assertClose(result.topShare!, 259 / 281, 1e-15, 'top 5 share');
  assertClose(result.gini!, 0.5825622775800712, 1e-14, 'gini');
  assert.equal(concentration([4, 2], 5).topN, 2);
  assert.equal(concentration([0, 0]).topShare, null);
});

test('standardise matches scipy.stats.zscore (ddof=0)', () => {
  // scipy.stats.zscore([3.0, 1, 4, 1, 5, 9, 2, 6])
  const expected = [
    -0.3403516468284206, -1.118298268150525, 0.048621663832631515, -1.118298268150525, 0.4375949744936836,
    1.9934882171378923, -0.7293249574894728, 0.8265682851547358,
  ];
  standardise([3, 1, 4, 1, 5, 9, 2, 6]).forEach((z, i) => assertClose(z, expected[i]!, 1e-14, `z[${i}]`));
  assert.deepEqual(standardise([2, 2, 2]), [0, 0, 0]);
});

test('nearestNeighbours ranks peers by Euclidean distance on standardised variables', () => {
  const target = { id: 'T', values: [52.1, 0.31, 2400] };
  const candidates = [
    { id: 'A', values: [48.0, 0.29, 2600] },
    { id: 'B', values: [70.3, 0.45, 1800] },
    { id: 'C', values: [51.0, 0.35, 2300] },
    { id: 'D', values: [30.2, 0.12, 4000] },
    { id: 'E', values: [55.5, 0.3, 2450] },
    { id: 'T', values: [52.1, 0.31, 2400] }, // the target itself is skipped
  ];
  // NumPy/SciPy: Z = scipy.stats.zscore(X, axis=0) over the rows T, A…E;
  //   d = np.sqrt(((Z[1:] - Z[0])**2).sum(axis=1))  (weights w: (w * (Z[1:] - Z[0])**2).sum(axis=1))
  const expected = [
    ['E', 0.314493891999537],
    ['C', 0.444243205785933],
    ['A', 0.4996557602672327],
  ] as const;
  const result = nearestNeighbours(target, candidates, 3);
  assert.deepEqual(
    result.map((n) => n.id),
    expected.map(([id]) => id),
  );
  result.forEach((n, i) => assertClose(n.distance, expected[i]![1], 1e-13, n.id));
  // weights [2, 1, 0.5] → E 0.4233301958508045, C 0.44174852828410305, A 0.571652706851074, B 2.6822723374479294, D 3.6667126923734017
  const weighted = nearestNeighbours(target, candidates, 10, [2, 1, 0.5]);
  assert.deepEqual(
    weighted.map((n) => n.id),
    ['E', 'C', 'A', 'B', 'D'],
  );
  assertClose(weighted[4]!.distance, 3.6667126923734017, 1e-13, 'D weighted');
  // ties are broken by id
  const tied = nearestNeighbours(
    { id: 'X', values: [0] },
    [
      { id: 'b', values: [1] },
      { id: 'a', values: [-1] },
    ],
    2,
  );
  assert.deepEqual(
    tied.map((n) => n.id),
    ['a', 'b'],
  );
  assert.throws(() => nearestNeighbours(target, [{ id: 'Z', values: [1, 2] }], 1), RangeError);
});
