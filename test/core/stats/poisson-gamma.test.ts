import assert from 'node:assert/strict';
import test from 'node:test';
import { poissonGammaPredictive } from '../../../src/core/stats/index.ts';
import { assertClose } from './assert-close.ts';

test('Poisson–gamma predictive: the negative binomial nbinom(events + ½, base/(base + exposure)) (SciPy 1.17.1)', () => {
  // scipy.stats.nbinom(30.5, 12/13): mean() 2.5416666666666647, cdf(4) 0.8777267246721862, sf(6) 0.01968052642981562
  const a = poissonGammaPredictive(30, 12, 1);
  assertClose(a.mean, 2.5416666666666647, 1e-12, 'mean');
  assertClose(a.cdf(4), 0.8777267246721862, 1e-12, 'cdf(4)');
  assertClose(a.sf(7), 0.01968052642981562, 1e-10, 'P(X ≥ 7)');
  assert.deepEqual(
    [0.025, 0.1, 0.9, 0.975].map((q) => a.quantile(q)),
    [0, 1, 5, 6],
  );
  // scipy.stats.nbinom(5.5, 12/13.3): ppf → [0, 0, 2, 3], cdf(4) 0.9988997501772492, sf(6) 2.960260318084017e-05
  const b = poissonGammaPredictive(5, 12, 1.3);
  assert.deepEqual(
    [0.025, 0.1, 0.9, 0.975].map((q) => b.quantile(q)),
    [0, 0, 2, 3],
  );
  assertClose(b.cdf(4), 0.9988997501772492, 1e-12, 'cdf(4)');
  assertClose(b.sf(7), 2.960260318084017e-5, 1e-8, 'P(X ≥ 7)');
  // none seen before: still a proper distribution, mean ½ × 1/12
  const c = poissonGammaPredictive(0, 12, 1);
  assertClose(c.mean, 0.5 / 12, 1e-12, 'mean');
  assert.equal(c.quantile(0.975), 1);
  // wider than the plain Poisson range when the rate rests on few events: poisson(2.5).ppf(0.975) → 6,
  // and 6 here from 30 events in 12 months, but nbinom(3.5, 1.2/2.2).ppf(0.975) → 9 from 3 events in 1.2
  assert.equal(poissonGammaPredictive(3, 1.2, 1).quantile(0.975), 9);
});
