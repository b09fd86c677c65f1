import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultRiskConfig, parseRiskConfig } from '../../../src/core/risk/config.ts';
import {
  emergingFactor,
  harmFactor,
  partnerConcernFactor,
  publicConcernFactor,
  rankFactor,
  scoreByCutPoints,
  scoreFactors,
  trendFactor,
  volumeFactor,
} from '../../../src/core/risk/factors.ts';
import { averageInput } from './helpers.ts';

const f = defaultRiskConfig().factors;

test('cut-points: below the first scores 1, a value on a cut-point takes the higher score', () => {
  const cuts = [0.8, 0.9, 1.1, 1.25];
  assert.deepEqual(
    [0.5, 0.8, 0.85, 0.9, 1, 1.1, 1.2, 1.25, 9].map((v) => scoreByCutPoints(v, cuts)),
    [1, 2, 2, 3, 3, 4, 4, 5, 5],
  );
});

test('volume: rate ratio by cut-points when the interval excludes 1, else in line with peers', () => {
  const v = (ratio: number, lower: number, upper: number) =>
    volumeFactor(averageInput({ rateRatio: { ratio, lower, upper } }), f.volume);
  assert.equal(v(0.7, 0.6, 0.79).score, 1);
  assert.equal(v(0.85, 0.8, 0.9).score, 2);
  assert.equal(v(1.05, 1.01, 1.09).score, 3);
  assert.equal(v(1.15, 1.05, 1.26).score, 4);
  assert.equal(v(1.25, 1.1, 1.4).score, 5);
  const above = volumeFactor(
    averageInput({ rate: 12.4, peerAverageRate: 9.5, rateRatio: { ratio: 1.31, lower: 1.12, upper: 1.53 } }),
    f.volume,
  );
  assert.deepEqual(above, {
    score: 5,
    available: true,
    explanation:
      'The rate (12.4 per 1,000) is 1.31 times the peer average (9.5), a difference unlikely to be chance (95% interval 1.12–1.53).',
  });
  // 1.6 times the peers but on small numbers: could be chance, so 3 (not 5)
  const chance = v(1.6, 0.92, 2.8);
  assert.equal(chance.score, 3);
  assert.match(
    chance.explanation,
    /could be chance \(95% interval 0\.92–2\.80\), so it counts as in line with peers\.$/,
  );
  const lenient = volumeFactor(averageInput({ rateRatio: { ratio: 1.6, lower: 0.92, upper: 2.8 } }), {
    ...f.volume,
    requireSignificance: false,
  });
  assert.equal(lenient.score, 5);
  assert.equal(v(0.5, 0.2, 1.3).score, 3);
});

test('volume: missing rates score neutral and say so', () => {
  const noRate = volumeFactor(averageInput({ rate: null, rateRatio: null }), f.volume);
  assert.deepEqual([noRate.score, noRate.available], [3, false]);
  assert.match(noRate.explanation, /^No rate is available .* scored neutral \(3 out of 5\)\.$/);
  const noPeer = volumeFactor(averageInput({ rate: 1234.56, peerAverageRate: null, rateRatio: null }), f.volume);
  assert.equal(noPeer.score, 3);
  assert.equal(
    noPeer.explanation,
    'The rate is 1,234.6 per 1,000 but no peer rate is available, so it is scored neutral (3 out of 5).',
  );
  const noRatio = volumeFactor(averageInput({ rateRatio: null }), f.volume);
  assert.deepEqual([noRatio.score, noRatio.available], [3, false]);
});

test('trend: only significant changes move off 3, by % change cut-points', () => {
  const t = (verdict: string, pctChange: number | null) =>
    trendFactor(averageInput({ verdict, pctChange, count: 1234 }), f.trend);
  assert.equal(t('significant increase', 25).score, 5);
  assert.equal(t('significant increase', 20).score, 5);
  assert.equal(t('significant increase', 12.3).score, 4);
  assert.equal(t('significant increase', 3).score, 3);
  assert.equal(t('significant decrease', -3).score, 3);
  assert.equal(t('significant decrease', -12).score, 2);
  assert.equal(t('significant decrease', -31.2).score, 1);
  assert.equal(t('no significant change', 45).score, 3);
  assert.equal(t('no significant change', -45).score, 3);
  assert.equal(
    t('significant increase', 12.34).explanation,
    'There were 1,234 in the latest 12 months, up 12.3% on the previous 12 months, a statistically significant increase.',
  );
  assert.equal(
    t('significant decrease', -31.2).explanation,
    'There were 1,234 in the latest 12 months, down 31.2% on the previous 12 months, a statistically significant decrease.',
  );
  assert.equal(
    t('no significant change', -5.26).explanation,
    'There were 1,234 in the latest 12 months, down 5.3% on the previous 12 months, within normal variation (not a significant change).',
  );
  // new this year: % change undefined (previous count 0)
  const fresh = t('significant increase', null);
  assert.equal(fresh.score, 5);
  assert.match(fresh.explanation, /against none in the previous 12 months, a statistically significant increase\.$/);
});

test('trend: a verdict that is not a test result scores neutral and says it was not assessed', () => {
  const na = trendFactor(averageInput({ verdict: 'too few months of data', pctChange: null, count: 12 }), f.trend);
  assert.deepEqual([na.score, na.available], [3, false]);
  assert.equal(
    na.explanation,
    'There were 12 in the latest 12 months but the change on the previous 12 months was not assessed (too few months of data), so it is scored neutral (3 out of 5).',
  );
  const plain = trendFactor(averageInput({ verdict: 'not assessed', count: null, pctChange: 80 }), f.trend);
  assert.equal(plain.score, 3);
  assert.equal(
    plain.explanation,
    'The change on the previous 12 months was not assessed, so it is scored neutral (3 out of 5).',
  );
});

test('emerging: CUSUM increase 5, none 3, decrease 2 (configurable)', () => {
  assert.equal(emergingFactor(averageInput({ emerging: 'increase' }), f.emerging).score, 5);
  assert.equal(emergingFactor(averageInput({ emerging: null }), f.emerging).score, 3);
  assert.equal(emergingFactor(averageInput({ emerging: 'decrease' }), f.emerging).score, 2);
  const custom = parseRiskConfig({ factors: { emerging: { scores: { decrease: 1 } } } }, 'x.yaml').factors.emerging;
  assert.equal(emergingFactor(averageInput({ emerging: 'decrease' }), custom).score, 1);
  assert.match(emergingFactor(averageInput({ emerging: 'increase' }), f.emerging).explanation, /emerging rise/);
});

test('harm: share of the district harm by cut-points; harm per 1,000 only with its own cut-points', () => {
  const h = (harmShare: number | null, harmPerThousand?: number | null) =>
    harmFactor(averageInput({ harmShare, harmPerThousand }), f.harm);
  assert.deepEqual(
    [0, 0.019, 0.02, 0.049, 0.05, 0.099, 0.1, 0.2, 1].map((s) => h(s).score),
    [1, 1, 2, 2, 3, 3, 4, 5, 5],
  );
  assert.equal(
    h(0.081, 93.24).explanation,
    "This measure carries 8.1% of the district's crime-severity-weighted harm (93.2 per 1,000).",
  );
  const none = h(null);
  assert.deepEqual([none.score, none.available], [3, false]);
  assert.equal(
    none.explanation,
    'No harm weighting (Crime Severity Score) is available for this measure, so it is scored neutral (3 out of 5).',
  );
  assert.deepEqual([h(null, 250).score, h(null, 250).available], [3, false]);
  const perThousand = parseRiskConfig({ factors: { harm: { perThousandCutPoints: [10, 50, 100, 500] } } }, 'x.yaml')
    .factors.harm;
  const rated = harmFactor(averageInput({ harmShare: null, harmPerThousand: 250 }), perThousand);
  assert.deepEqual(
    [rated.score, rated.available, rated.explanation],
    [4, true, 'Crime-severity-weighted harm is 250.0 per 1,000.'],
  );
  assert.throws(() => h(1.5), RangeError);
});

test('rank: quintile of the centre of the slot, (position − ½) / of; 1st = lowest rate', () => {
  const r = (position: number | null, of: number) =>
    rankFactor(averageInput({ countyRank: { position, of } }), f.rank).score;
  // expected scores computed in Python: 1 + sum((p - 0.5) / n >= c for c in (0.2, 0.4, 0.6, 0.8))
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((p) => r(p, 10)),
    [1, 1, 2, 2, 3, 3, 4, 4, 5, 5],
  );
  assert.deepEqual(
    Array.from({ length: 15 }, (_, i) => r(i + 1, 15)),
    [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5],
  );
  assert.equal(r(1, 1), 3);
  assert.equal(
    rankFactor(averageInput({ countyRank: { position: 7, of: 10 } }), f.rank).explanation,
    'The district ranks 7th of 10 in the county (1st = lowest rate).',
  );
  assert.match(
    rankFactor(averageInput({ countyRank: { position: 2, of: 10 } }), f.rank).explanation,
    /ranks 2nd of 10/,
  );
  const unranked = rankFactor(averageInput({ countyRank: { position: null, of: 9 } }), f.rank);
  assert.deepEqual([unranked.score, unranked.available], [3, false]);
  const none = rankFactor(averageInput({ countyRank: null }), f.rank);
  assert.equal(none.explanation, 'No county rank is available, so it is scored neutral (3 out of 5).');
  assert.throws(() => r(11, 10), RangeError);
});

test('concern: the entered score, or neutral with "no … concern score entered"', () => {
  assert.deepEqual(partnerConcernFactor({ partner: 5, public: 2, note: 'Raised at JAG.' }), {
    score: 5,
    available: true,
    explanation: 'Partners scored their concern at 5 out of 5 (note: Raised at JAG).',
  });
  assert.deepEqual(publicConcernFactor({ partner: 5, public: 2, note: 'Raised at JAG.' }), {
    score: 2,
    available: true,
    explanation: 'Public concern was scored at 2 out of 5.',
  });
  assert.equal(
    publicConcernFactor({ public: 4, note: 'Survey' }).explanation,
    'Public concern was scored at 4 out of 5 (note: Survey).',
  );
  assert.deepEqual(partnerConcernFactor(undefined), {
    score: 3,
    available: false,
    explanation: 'No partner concern score entered, so it is scored neutral (3 out of 5).',
  });
  assert.deepEqual(publicConcernFactor({ partner: 1 }), {
    score: 3,
    available: false,
    explanation: 'No public concern score entered, so it is scored neutral (3 out of 5).',
  });
});

test('a measure with no data at all scores neutral on every factor, never high', () => {
  const factors = scoreFactors(
    {
      measureId: 'x',
      title: 'X',
      count: null,
      rate: null,
      peerAverageRate: null,
      rateRatio: null,
      verdict: 'not assessed',
      pctChange: null,
      countyRank: null,
      harmShare: null,
      emerging: null,
    },
    defaultRiskConfig(),
  );
  assert.deepEqual(
    factors.map((x) => x.id),
    ['harm', 'publicConcern', 'volume', 'trend', 'emerging', 'rank', 'partnerConcern'],
  );
  assert.ok(factors.every((x) => x.score === 3 && x.max === 5));
  assert.deepEqual(
    factors.filter((x) => x.available).map((x) => x.id),
    ['emerging'],
  );
});

test('trend: wording without a % change or without a count', () => {
  const t = (verdict: string, count: number | null, pctChange: number | null) =>
    trendFactor(averageInput({ verdict, count, pctChange }), f.trend).explanation;
  assert.equal(
    t('no significant change', 3, null),
    'There were 3 in the latest 12 months, with no significant change on the previous 12 months.',
  );
  assert.equal(t('no significant change', null, null), 'There was no significant change on the previous 12 months.');
  assert.equal(
    t('no significant change', 40, 0),
    'There were 40 in the latest 12 months, unchanged on the previous 12 months.',
  );
  assert.equal(
    t('significant increase', null, 30),
    'The count is up 30% on the previous 12 months, a statistically significant increase.',
  );
});
