import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultRiskConfig, parseRiskConfig, type RiskLevel } from '../../../src/core/risk/config.ts';
import {
  orderAssessments,
  priorityReasons,
  rankPriorities,
  resolveOverlaps,
} from '../../../src/core/risk/priorities.ts';
import { scoreRisk } from '../../../src/core/risk/score.ts';
import type { RiskAssessment, RiskFactor } from '../../../src/core/risk/types.ts';
import { averageInput } from './helpers.ts';

function assessment(measureId: string, score: number, level: RiskLevel, harm = 3): RiskAssessment {
  return {
    measureId,
    title: measureId.toUpperCase(),
    level,
    score,
    maxScore: 125,
    dimensions: { harm, likelihood: 3, organisational: 3 },
    factors: [],
    previousLevel: null,
    levelChange: null,
  };
}

test('ordering: score, then level, then harm dimension, then measure id', () => {
  const ordered = orderAssessments([
    assessment('a', 30, 'Medium'),
    assessment('b', 50, 'High'),
    assessment('c', 30, 'High'), // same score, higher level (scored under other thresholds)
    assessment('d', 30, 'Medium', 4), // same score and level, more harm
    assessment('f', 20, 'Low'),
    assessment('e', 20, 'Low'), // full tie: by id
  ]);
  assert.deepEqual(
    ordered.map((a) => a.measureId),
    ['b', 'c', 'd', 'a', 'e', 'f'],
  );
});

test('top N recommended, carried forward when a priority last year, dropped ones explained', () => {
  const config = parseRiskConfig(
    {
      priorityCount: 3,
      previousPriorities: ['asb', 'vehicle', 'robbery', 'drugs'],
      previousLevels: { vehicle: 'Medium' },
    },
    'csp.yaml',
  );
  const result = rankPriorities(
    [
      assessment('vehicle', 26, 'Low'),
      assessment('asb', 40, 'Medium'),
      { ...assessment('violence', 63, 'High'), previousLevel: null },
      assessment('burglary', 31.5, 'Medium'),
      { ...assessment('drugs', 20.25, 'Low'), previousLevel: 'Low', levelChange: 'same' },
    ],
    config,
  );
  assert.deepEqual(
    result.recommended.map((p) => [p.rank, p.measureId, p.title, p.level, p.score, p.status]),
    [
      [1, 'violence', 'VIOLENCE', 'High', 63, 'new'],
      [2, 'asb', 'ASB', 'Medium', 40, 'carried forward'],
      [3, 'burglary', 'BURGLARY', 'Medium', 31.5, 'new'],
    ],
  );
  assert.deepEqual(result.dropped, [
    {
      measureId: 'vehicle',
      title: 'VEHICLE',
      level: 'Low',
      score: 26,
      rank: 4,
      reason: 'Its risk is Low; it ranks 4th of 5 by risk score (26) and only the top 3 are recommended.',
    },
    {
      measureId: 'robbery',
      title: null,
      level: null,
      score: null,
      rank: null,
      reason: 'Not assessed this year, so it cannot be recommended.',
    },
    {
      measureId: 'drugs',
      title: 'DRUGS',
      level: 'Low',
      score: 20.25,
      rank: 5,
      reason:
        'Its risk is Low (unchanged); it ranks 5th of 5 by risk score (20.25) and only the top 3 are recommended.',
    },
  ]);
});

test('dropped reasons state the level change; fewer assessments than N recommends them all', () => {
  const config = parseRiskConfig(
    { priorityCount: 1, previousPriorities: ['vehicle-crime'], previousLevels: { 'vehicle-crime': 'High' } },
    'x.yaml',
  );
  const vehicle = scoreRisk(averageInput(), config); // 27, Low, was High
  const hot = scoreRisk(averageInput({ measureId: 'asb', title: 'ASB', emerging: 'increase' }), config); // 31.5
  const { recommended, dropped } = rankPriorities([vehicle, hot], config);
  assert.deepEqual(
    recommended.map((p) => p.measureId),
    ['asb'],
  );
  assert.equal(
    dropped[0]!.reason,
    'Its risk fell from High to Low; it ranks 2nd of 2 by risk score (27) and only the top one is recommended.',
  );
  const all = rankPriorities([vehicle, hot], defaultRiskConfig());
  assert.equal(all.recommended.length, 2);
  assert.deepEqual(all.dropped, []);
  assert.ok(all.recommended.every((p) => p.status === 'new'));
});

test('reasons: up to three factors scoring 4–5 on data, else the top two, missing data last', () => {
  const factor = (id: RiskFactor['id'], score: number, available = true, weight = 1): RiskFactor => ({
    id,
    label: id,
    dimension: 'likelihood',
    score,
    max: 5,
    weight,
    available,
    explanation: `${id} ${score}`,
  });
  assert.deepEqual(
    priorityReasons([
      factor('harm', 4),
      factor('volume', 5),
      factor('trend', 4),
      factor('rank', 5),
      factor('emerging', 3),
    ]),
    ['volume 5', 'rank 5', 'harm 4'],
  );
  assert.deepEqual(
    priorityReasons([factor('harm', 3, false), factor('volume', 2), factor('trend', 4), factor('rank', 3)]),
    ['trend 4', 'rank 3'],
  );
  // a factor of weight 0 does not count; equal scores go to the heavier weight
  assert.deepEqual(
    priorityReasons([
      factor('harm', 5, true, 0),
      factor('volume', 4, true, 1),
      factor('trend', 4, true, 2),
      factor('rank', 1),
    ]),
    ['trend 4', 'volume 4'],
  );
  const burglary = scoreRisk(
    averageInput({
      rateRatio: { ratio: 1.31, lower: 1.12, upper: 1.53 },
      rate: 12.4,
      peerAverageRate: 9.5,
      emerging: 'increase',
    }),
    defaultRiskConfig(),
  );
  const [p] = rankPriorities([burglary], defaultRiskConfig()).recommended;
  assert.deepEqual(p!.reasons, [
    'The rate (12.4 per 1,000) is 1.31 times the peer average (9.5), a difference unlikely to be chance (95% interval 1.12–1.53).',
    'Control-chart monitoring (CUSUM) of recent months signals an emerging rise.',
  ]);
});

test('a measure assessed twice is a programming error', () => {
  assert.throws(
    () => rankPriorities([assessment('a', 1, 'Low'), assessment('a', 2, 'Low')], defaultRiskConfig()),
    /assessed twice/,
  );
});

test('overlapping candidates: the higher risk is kept, the broader at equal risk, the other is covered and said so', () => {
  const groups: Record<string, string[]> = {
    burglary: ['28', '30'],
    dwelling: ['28'],
    brv: ['28', '30', '34', '45'],
    robbery: ['34'],
    drugs: ['92'],
    violence: ['8'],
    vso: ['8', '19'],
  };
  const overlap = (x: string, y: string) => groups[x]!.some((c) => groups[y]!.includes(c));
  const breadth = (id: string) => groups[id]!.length;
  const { kept, covered } = resolveOverlaps(
    [
      assessment('dwelling', 40, 'Medium'),
      assessment('burglary', 30, 'Medium'),
      assessment('brv', 30, 'Medium'),
      assessment('robbery', 20, 'Low'),
      assessment('drugs', 25, 'Low'),
      assessment('violence', 35, 'Medium'),
      assessment('vso', 35, 'Medium'),
    ],
    overlap,
    breadth,
  );
  // dwelling (40) is kept over both burglary groups; vso is kept over violence (equal score, broader); robbery overlaps only brv, which is not kept
  assert.deepEqual(
    kept.map((a) => a.measureId),
    ['dwelling', 'vso', 'drugs', 'robbery'],
  );
  assert.deepEqual(
    covered.map((c) => [c.measureId, c.by, c.rule]),
    [
      ['violence', 'vso', 'broader'],
      ['brv', 'dwelling', 'higher risk'],
      ['burglary', 'dwelling', 'higher risk'],
    ],
  );
  const config = parseRiskConfig({ priorityCount: 2, previousPriorities: ['burglary'] }, 'csp.yaml');
  const { recommended, dropped } = rankPriorities(kept, config, covered);
  assert.deepEqual(
    recommended.map((p) => p.measureId),
    ['dwelling', 'vso'],
  );
  assert.equal(
    recommended[0]!.reasons.at(-1),
    'It covers BRV and BURGLARY, which count some of the same offences and are not recommended separately.',
  );
  assert.equal(
    recommended[1]!.reasons.at(-1),
    'It covers VIOLENCE, which counts some of the same offences and is not recommended separately.',
  );
  assert.deepEqual(
    dropped.map((d) => [d.measureId, d.coveredBy]),
    [['burglary', 'dwelling']],
  );
  assert.equal(
    dropped[0]!.reason,
    'Covered by DWELLING (priority 1), which carries the higher risk score: the two count some of the same offences, so only one is recommended.',
  );
});
