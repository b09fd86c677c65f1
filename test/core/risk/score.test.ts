import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultRiskConfig, parseRiskConfig } from '../../../src/core/risk/config.ts';
import { levelFor, scoreRisk } from '../../../src/core/risk/score.ts';
import { averageInput } from './helpers.ts';

const burglary = averageInput({
  measureId: 'dwelling-burglary',
  title: 'Dwelling burglary',
  count: 1234,
  rate: 12.4,
  peerAverageRate: 9.5,
  rateRatio: { ratio: 1.31, lower: 1.12, upper: 1.53 },
  verdict: 'significant increase',
  pctChange: 12.3,
  countyRank: { position: 7, of: 10 },
  harmShare: 0.081,
  emerging: null,
});
const concern = { 'dwelling-burglary': { partner: 4, public: 2 } };

test('worked example, default weights', () => {
  // By hand (checked in Python: numpy.average of the factor scores, then the product):
  //   harm factor: share 0.081 reaches cut-points 0.02 and 0.05, not 0.10      → 3
  //   public concern (entered)                                                 → 2
  //   volume: ratio 1.31 ≥ 1.25 and the interval 1.12–1.53 excludes 1          → 5
  //   trend: significant increase, +12.3% reaches −20, −5, 5 but not 20        → 4
  //   emerging: no CUSUM signal                                                → 3
  //   rank: 7th of 10, (7 − 0.5) / 10 = 0.65 reaches 0.2, 0.4, 0.6             → 4
  //   partner concern (entered)                                                → 4
  //   harm = (3 + 2) / 2 = 2.5; likelihood = (5 + 4 + 3 + 4) / 4 = 4; organisational = 4
  //   score = 2.5 × 4 × 4 = 40 → Medium (28 ≤ 40 < 48)
  const a = scoreRisk(burglary, parseRiskConfig({ concern }, 'csp.yaml'));
  assert.deepEqual(
    a.factors.map((f) => [f.id, f.score]),
    [
      ['harm', 3],
      ['publicConcern', 2],
      ['volume', 5],
      ['trend', 4],
      ['emerging', 3],
      ['rank', 4],
      ['partnerConcern', 4],
    ],
  );
  assert.deepEqual(a.dimensions, { harm: 2.5, likelihood: 4, organisational: 4 });
  assert.equal(a.score, 40);
  assert.equal(a.maxScore, 125);
  assert.equal(a.level, 'Medium');
  assert.equal(a.title, 'Dwelling burglary');
  assert.deepEqual([a.previousLevel, a.levelChange], [null, null]);
});

test('worked example, configured weights', () => {
  // harm factor weight 2, volume weight 3 (Python: numpy.average(weights=…); fractions.Fraction for the product):
  //   harm = (2 × 3 + 1 × 2) / 3 = 8/3; likelihood = (3 × 5 + 4 + 3 + 4) / 6 = 26/6 = 13/3; organisational = 4
  //   score = 8/3 × 13/3 × 4 = 416/9 = 46.222222… → Medium (just under 48)
  const config = parseRiskConfig({ concern, factors: { harm: { weight: 2 }, volume: { weight: 3 } } }, 'csp.yaml');
  const a = scoreRisk(burglary, config);
  assert.ok(Math.abs(a.dimensions.harm - 8 / 3) < 1e-12);
  assert.ok(Math.abs(a.dimensions.likelihood - 13 / 3) < 1e-12);
  assert.equal(a.score, 46.222222);
  assert.equal(a.level, 'Medium');
  assert.equal(a.factors.find((f) => f.id === 'volume')!.weight, 3);
});

test('a measure average on everything scores 27 (Low), one step up in any dimension tips it to Medium', () => {
  const config = defaultRiskConfig();
  const average = scoreRisk(averageInput(), config);
  assert.deepEqual(average.dimensions, { harm: 3, likelihood: 3, organisational: 3 });
  assert.deepEqual([average.score, average.level], [27, 'Low']);
  // 3 × 3.25 × 3 = 29.25; 3.5 × 3 × 3 = 31.5; 3 × 3 × 4 = 36
  assert.deepEqual(
    [
      scoreRisk(averageInput({ countyRank: { position: 7, of: 10 } }), config),
      scoreRisk(averageInput({ harmShare: 0.15 }), config),
      scoreRisk(averageInput(), parseRiskConfig({ concern: { 'vehicle-crime': { partner: 4 } } }, 'x.yaml')),
    ].map((a) => [a.score, a.level]),
    [
      [29.25, 'Medium'],
      [31.5, 'Medium'],
      [36, 'Medium'],
    ],
  );
});

test('no single dimension alone makes a measure High; two above average do', () => {
  const config = parseRiskConfig({ concern: { 'vehicle-crime': { partner: 5 } } }, 'x.yaml');
  // organisational at 5, the rest average: 3 × 3 × 5 = 45 → Medium
  assert.deepEqual([scoreRisk(averageInput(), config).score, scoreRisk(averageInput(), config).level], [45, 'Medium']);
  // harm 4 (share 0.15 → 4, no public score → 3: (4 + 3) / 2 = 3.5) × likelihood 4.5 × 3 = 47.25 → Medium
  // likelihood: volume 5, trend 5, emerging 5, rank 3 → 4.5
  const hot = averageInput({
    harmShare: 0.15,
    rateRatio: { ratio: 1.4, lower: 1.2, upper: 1.6 },
    verdict: 'significant increase',
    pctChange: 25,
    emerging: 'increase',
  });
  const a = scoreRisk(hot, defaultRiskConfig());
  assert.deepEqual([a.dimensions.harm, a.dimensions.likelihood, a.score, a.level], [3.5, 4.5, 47.25, 'Medium']);
  // with partners scoring 4: 3.5 × 4.5 × 4 = 63 → High
  const b = scoreRisk(hot, parseRiskConfig({ concern: { 'vehicle-crime': { partner: 4 } } }, 'x.yaml'));
  assert.deepEqual([b.score, b.level], [63, 'High']);
});

test('a score exactly on a threshold reaches it despite floating point', () => {
  // harm (2 × 4 + 2) / 3 = 10/3; likelihood (4 × 5 + 4) / 5 = 24/5 (trend and emerging weight 0); organisational 3
  // 10/3 × 24/5 × 3 = 48 exactly (Python fractions.Fraction), = the High threshold
  const config = parseRiskConfig(
    {
      factors: { harm: { weight: 2 }, volume: { weight: 4 }, trend: { weight: 0 }, emerging: { weight: 0 } },
      concern: { 'vehicle-crime': { public: 2, partner: 3 } },
    },
    'x.yaml',
  );
  const a = scoreRisk(
    averageInput({
      harmShare: 0.15,
      rateRatio: { ratio: 1.3, lower: 1.1, upper: 1.5 },
      countyRank: { position: 7, of: 10 },
    }),
    config,
  );
  assert.equal(a.score, 48);
  assert.equal(a.level, 'High');
  assert.equal(a.factors.length, 7, 'factors of weight 0 are still shown');
});

test('levelFor uses inclusive thresholds', () => {
  const t = { medium: 28, high: 48 };
  assert.deepEqual(
    [1, 27.99, 28, 47.99, 48, 125].map((s) => levelFor(s, t)),
    ['Low', 'Low', 'Medium', 'Medium', 'High', 'High'],
  );
  const custom = parseRiskConfig({ thresholds: { medium: 20, high: 45 } }, 'x.yaml');
  assert.equal(scoreRisk(averageInput(), custom).level, 'Medium');
});

test('level change against last year', () => {
  const config = parseRiskConfig(
    { concern, previousLevels: { 'dwelling-burglary': 'Low', 'vehicle-crime': 'Medium', asb: 'Low' } },
    'x.yaml',
  );
  const up = scoreRisk(burglary, config); // Medium, was Low
  assert.deepEqual([up.level, up.previousLevel, up.levelChange], ['Medium', 'Low', 'up']);
  const down = scoreRisk(averageInput(), config); // Low, was Medium
  assert.deepEqual([down.level, down.previousLevel, down.levelChange], ['Low', 'Medium', 'down']);
  const same = scoreRisk(averageInput({ measureId: 'asb', title: 'ASB' }), config);
  assert.deepEqual([same.level, same.levelChange], ['Low', 'same']);
  const fresh = scoreRisk(averageInput({ measureId: 'drugs', title: 'Drugs' }), config);
  assert.deepEqual([fresh.previousLevel, fresh.levelChange], [null, 'new']);
  // no previous levels entered at all: no change can be stated
  assert.equal(scoreRisk(averageInput(), defaultRiskConfig()).levelChange, null);
  const highToLow = scoreRisk(
    averageInput(),
    parseRiskConfig({ previousLevels: { 'vehicle-crime': 'High' } }, 'x.yaml'),
  );
  assert.equal(highToLow.levelChange, 'down');
});
