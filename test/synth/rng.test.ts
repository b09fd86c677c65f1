import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/synth/rng.ts';

test('a seed gives the same stream; forks depend on their label, not on earlier draws', () => {
  const a = Rng.seeded(42);
  const b = Rng.seeded(42);
  const xs = Array.from({ length: 5 }, () => a.next());
  assert.deepEqual(
    Array.from({ length: 5 }, () => b.next()),
    xs,
  );
  assert.notDeepEqual(
    Array.from({ length: 5 }, () => Rng.seeded(43).next()),
    xs,
  );
  const fresh = Rng.seeded(42).fork('crimes/2024-01').next();
  const used = Rng.seeded(42);
  for (let i = 0; i < 100; i++) used.next();
  assert.equal(used.fork('crimes/2024-01').next(), fresh);
  assert.notEqual(Rng.seeded(42).fork('crimes/2024-02').next(), fresh);
  for (const x of xs) assert.ok(x >= 0 && x < 1);
});

test('Poisson draws have the right mean and variance, small and large λ', () => {
  const rng = Rng.seeded('poisson');
  for (const lambda of [0.05, 0.8, 5, 11.9, 12, 40, 600]) {
    const n = 40_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const k = rng.poisson(lambda);
      assert.ok(Number.isInteger(k) && k >= 0);
      sum += k;
      sq += k * k;
    }
    const mean = sum / n;
    const variance = sq / n - mean * mean;
    // Five standard errors of the mean; variance within 6%.
    assert.ok(Math.abs(mean - lambda) < 5 * Math.sqrt(lambda / n), `λ=${lambda}: mean ${mean}`);
    assert.ok(Math.abs(variance / lambda - 1) < 0.06, `λ=${lambda}: variance ${variance}`);
  }
  assert.equal(rng.poisson(0), 0);
  assert.equal(rng.poisson(-1), 0);
});

test('weighted choice and shuffle', () => {
  const rng = Rng.seeded(1);
  const counts = [0, 0, 0];
  for (let i = 0; i < 30_000; i++) counts[rng.weighted([1, 2, 7])]!++;
  assert.ok(Math.abs(counts[2]! / 30_000 - 0.7) < 0.02, String(counts));
  assert.equal(counts[0]! + counts[1]! + counts[2]!, 30_000);
  const shuffled = rng.shuffle([1, 2, 3, 4, 5, 6]);
  assert.deepEqual([...shuffled].sort(), [1, 2, 3, 4, 5, 6]);
});
