import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  describeChange,
  describeChangeBrief,
  describeChangeTally,
  describeEmerging,
  describeLocal,
  describeRank,
  describeRateVsAverage,
  describeRisk,
  describeSeasonality,
  describeSpike,
  smallNumbersNote,
  verdictLabel,
  monthAgainst,
  changeTally,
} from '../../src/report/build/narrative.ts';
import { yearsInTopFiveNote } from '../../src/report/build/measure.ts';
import { countOf, countWord } from '../../src/report/format.ts';
import type { GroupRank, LocalContext, Risk } from '../../src/assess/schema.ts';
import { PERIOD, PREVIOUS, change, context, fixtureAssessment } from './helpers.ts';

const full = context('full');
const pub = context('public');

function sentence(
  current: number,
  previous: number,
  verdict: string,
  pValue: number | null,
  kind = 'crime',
  missing: string[] = [],
) {
  return describeChange(
    {
      title: 'Dwelling burglary',
      kind,
      current: { count: current, missingMonths: missing },
      previous: { count: previous, missingMonths: [] },
      change: change(verdict, current, previous, pValue),
      period: PERIOD,
      previousPeriod: PREVIOUS,
    },
    full,
  );
}

const MOVEMENT = /\b(rise|rises|rose|risen|fall|falls|fell|fallen|increase|increased|decrease|decreased|up|down)\b/i;

test('a change that is not significant is never called a rise or fall without "within normal variation"', () => {
  for (let c = 0; c <= 40; c++) {
    for (let p = 0; p <= 40; p++) {
      const text = sentence(c, p, 'no significant change', 0.5);
      if (MOVEMENT.test(text)) assert.match(text, /within normal variation/, text);
      if (c !== p && p > 0) assert.match(text, /within normal variation, not a statistically significant change/, text);
      assert.doesNotMatch(text, /statistically significant (rise|fall|increase|decrease)/, text);
    }
  }
});

test('significant changes are called rises and falls, with the size, the counts and the p-value', () => {
  const up = sentence(12412, 11802, 'significant increase', 0.00002);
  assert.equal(
    up,
    '12,412 offences were recorded in October 2024 to September 2025, 610 more than the 11,802 of the 12 months before (October 2023 to September 2024): a statistically significant rise of 5.2% (p < 0.001).',
  );
  const down = sentence(2478, 2625, 'significant decrease', 0.041);
  assert.match(down, /147 fewer than the 2,625 .*a statistically significant fall of 5\.6% \(p = 0\.041\)\./);
});

test('a not-significant change states the difference and says it is within normal variation', () => {
  assert.equal(
    sentence(403, 354, 'no significant change', 0.096),
    '403 offences were recorded in October 2024 to September 2025, against 354 in the 12 months before (October 2023 to September 2024): 49 more (+13.8%), within normal variation, not a statistically significant change (p = 0.096).',
  );
});

test('"new" when the previous count is 0, significant or not (p-values from scipy.stats.binomtest)', () => {
  // binomtest(6, 6, 0.5).pvalue = 0.03125: significant at 5%
  const six = sentence(6, 0, 'significant increase', 0.03125);
  assert.match(six, /against none in .*: new this period, a statistically significant increase \(p = 0\.031\)/);
  // binomtest(5, 5, 0.5).pvalue = 0.0625: not significant
  const five = sentence(5, 0, 'no significant change', 0.0625);
  assert.match(
    five,
    /new this period, but with numbers this small that is within normal variation \(not statistically significant, p = 0\.063\)/,
  );
  assert.equal(
    sentence(0, 0, 'no significant change', 1),
    'No offences were recorded in October 2024 to September 2025 or in the 12 months before (October 2023 to September 2024).',
  );
});

test('small numbers are described as such; large ones are not', () => {
  // binomtest(3, 10, 0.5).pvalue = 0.34375
  const text = sentence(3, 7, 'no significant change', 0.34375);
  assert.match(
    text,
    /These are small numbers \(fewer than 10 in each period\): a difference of a few offences can arise by chance alone\./,
  );
  assert.equal(smallNumbersNote(12, 7, 'crime', full), null, 'one count of 10 or more is not "small numbers"');
  assert.match(smallNumbersNote(2, 1, 'fire', full)!, /a few fires/);
});

test('a comparison the rule refuses is not made: no previous count beside it, the missing months named', () => {
  const text = sentence(118, 124, 'not assessed: incomplete period', null, 'fire', ['2025-02']);
  assert.equal(
    text,
    '118 fires were recorded in October 2024 to September 2025 (no data for February 2025). The change on the year before is not assessed: the data for February 2025 is missing, and too few months are loaded in both years to compare them like for like.',
  );
  assert.doesNotMatch(text, /4\.8%|124/);
});

test('the public edition shows no count below 5 and no change worked out from one', () => {
  const text = describeChange(
    {
      title: 'Arson',
      kind: 'crime',
      current: { count: 3, missingMonths: [] },
      previous: { count: 9, missingMonths: [] },
      change: change('no significant change', 3, 9, 0.15),
      period: PERIOD,
      previousPeriod: PREVIOUS,
    },
    pub,
  );
  assert.match(text, /^Fewer than 5 offences were recorded in October 2024 to September 2025, against 9 in/);
  assert.match(text, /does not show changes in numbers this small/);
  assert.doesNotMatch(text, /\b3\b|66\.7|−6|\b6 fewer/);
});

test('verdict labels carry the text, not only a colour', () => {
  assert.deepEqual(verdictLabel({ verdict: 'significant increase' }), { text: '▲ significant increase', tone: 'up' });
  assert.deepEqual(verdictLabel({ verdict: 'no significant change' }), {
    text: 'within normal variation',
    tone: 'neutral',
  });
  assert.equal(verdictLabel({ verdict: 'not assessed: incomplete period' }).text, 'not assessed: incomplete period');
});

test('brief changes for ward lists follow the verdict', () => {
  assert.equal(
    describeChangeBrief(change('significant increase', 735, 615, 0.001), full),
    'up 120 to 735 from 615, a statistically significant increase',
  );
  assert.equal(
    describeChangeBrief(change('no significant change', 404, 438, 0.27), full),
    'down 34 to 404 from 438, within normal variation',
  );
  assert.equal(
    describeChangeBrief(change('no significant change', 3, 8, 0.23), pub),
    'fewer than 5, against 8 the year before',
  );
});

const rank = (over: Partial<GroupRank>): GroupRank => ({
  position: 6,
  of: 10,
  previousPosition: 4,
  previousOf: 10,
  average: 16.87,
  includesDistrict: false,
  rateRatio: { ratio: 0.95, lower: 0.91, upper: 0.99 },
  group: null,
  members: [],
  ...over,
});

test("ranks say 1st = lowest and give last period's position", () => {
  assert.equal(
    describeRank({
      rank: rank({}),
      groupLabel: 'districts in Wendleshire',
      subject: 'South Thornden',
      denominatorKind: 'population',
    }),
    'South Thornden ranks 6th of 10 districts in Wendleshire for the rate per 1,000 residents (1st = lowest rate); 4th of 10 in the previous 12 months.',
  );
  assert.match(
    describeRank({
      rank: rank({ previousPosition: 6 }),
      groupLabel: 'x',
      subject: 'It',
      denominatorKind: 'households',
    }),
    /per 1,000 households .*the same position as in the previous 12 months/,
  );
});

test('rate against the group average follows the rate ratio interval', () => {
  assert.match(
    describeRateVsAverage(16.06, rank({}), 'the most similar group', 'population')!,
    /0\.95 times the average \(95% interval 0\.91 to 0\.99\), significantly below the average\./,
  );
  assert.match(
    describeRateVsAverage(16.06, rank({ rateRatio: { ratio: 1.07, lower: 0.97, upper: 1.18 } }), 'g', 'population')!,
    /not significantly different from the average/,
  );
  assert.match(
    describeRateVsAverage(16.06, rank({ rateRatio: { ratio: 1.5, lower: 1.2, upper: null } }), 'g', 'population')!,
    /1\.20 to unbounded\), significantly above the average/,
  );
});

test('risk level and its change since last year', () => {
  const risk = (over: Partial<Risk>): Risk => ({
    level: 'High',
    score: 48,
    maxScore: 125,
    dimensions: { harm: 4, likelihood: 4, organisational: 3 },
    factors: [],
    previousLevel: null,
    levelChange: null,
    ...over,
  });
  assert.equal(
    describeRisk(risk({ previousLevel: 'Medium', levelChange: 'up' })),
    'High risk (score 48 of 125), up from Medium last year.',
  );
  assert.equal(
    describeRisk(risk({ level: 'Low', score: 22.5, previousLevel: 'Medium', levelChange: 'down' })),
    'Low risk (score 22.5 of 125), down from Medium last year.',
  );
  assert.match(describeRisk(risk({})), /last year's level was not entered/);
});

test('seasonality, spikes with their calendar labels, and emerging signals', () => {
  assert.match(describeSeasonality({ months: [], peaks: [], dips: [] }, full), /^No month stood out/);
  const months = [
    {
      month: '2025-03',
      count: 49,
      lastYear: 30,
      average: 34.5,
      years: 2,
      vsLastYearPct: 63,
      vsAveragePct: 42,
      flag: 'peak' as const,
    },
  ];
  assert.match(
    describeSeasonality({ months, peaks: ['2025-03'], dips: [] }, full),
    /^Peaks: March 2025 \(49 against an average of 34\.5 for March in the 2 earlier years\)\./,
  );
  const spike = describeSpike(
    { date: '2024-10-31', count: 21, monthMean: 7.387, p: 3.1e-5, pAdjusted: 0.0114, events: ['Halloween'] },
    'incident',
    full,
  );
  assert.equal(
    spike,
    'Thursday 31 October 2024 (Halloween): 21 incidents against a daily average of 7.4 that month (adjusted p = 0.011).',
  );
  const signal = {
    measure: 'shoplifting',
    title: 'Shoplifting',
    area: { code: 'E05990001', name: 'Kiln Green', level: 'ward' },
    direction: 'increase' as const,
    since: '2024-10',
    latest: { month: '2025-09', count: 3, expected: 1.2 },
    cusum: 7.25,
    explanation: '',
  };
  assert.equal(
    describeEmerging(signal, full),
    'Shoplifting in Kiln Green (ward) has run above its expected level since October 2024: 3 in September 2025 against 1.2 expected (cumulative sum 7.3).',
  );
  assert.equal(
    describeEmerging(signal, pub),
    'Shoplifting in Kiln Green (ward) has run above its expected level since October 2024: fewer than 5 in September 2025 (cumulative sum 7.3).',
  );
});

test('local context: top ward with its share, greatest increases and decreases with their verdicts', () => {
  const row = (code: string, name: string, current: number, previous: number, verdict: string) => ({
    code,
    name,
    current,
    previous,
    share: current / 100,
    change: change(verdict, current, previous, 0.5),
    rate: null,
    yearsInTopFive: 5,
    yearsCompared: 5,
    emerging: null,
    latest: null,
  });
  const local: LocalContext = {
    level: 'ward',
    rows: [
      row('W1', 'North', 40, 20, 'significant increase'),
      row('W2', 'South', 30, 31, 'no significant change'),
      row('W3', 'East', 3, 12, 'significant decrease'),
    ],
    top: ['W1', 'W2', 'W3'],
    increases: ['W1'],
    decreases: ['W3', 'W2'],
    persistent: ['W1'],
    concentration: { topN: 5, topShare: 0.73, gini: 0.31, units: 3 },
    unallocated: 2,
  };
  const text = describeLocal(local, 'crime', full);
  assert.equal(
    text[0],
    "North (W1) recorded the most offences: 40, 40.0% of the district's total (up 20 to 40 from 20, a statistically significant increase).",
  );
  assert.equal(text[1], 'Greatest increases: North (W1), up 20 to 40 from 20, a statistically significant increase.');
  assert.equal(
    text[2],
    'Greatest decreases: East (W3), down 9 to 3 from 12, a statistically significant decrease and South (W2), down 1 to 30 from 31, within normal variation.',
  );
  assert.match(text.join(' '), /2 offences could not be placed in a ward/);
  const hidden = describeLocal(local, 'crime', pub).join(' ');
  assert.match(hidden, /East \(W3\), fewer than 5, against 12 the year before/);
  assert.match(hidden, /Fewer than 5 offences could not be placed/);
});

test('plurals and counts: one year is not "the 1 earlier year", one period is not "the last 1 12-month periods"', () => {
  const month = (years: number, average: number | null, lastYear: number | null) => ({
    month: '2022-02',
    count: 280,
    lastYear,
    average,
    years,
    vsLastYearPct: null,
    vsAveragePct: null,
    flag: 'peak' as const,
  });
  assert.equal(monthAgainst(month(1, 202, 202), full), 'February 2022 (280 against 202 in February a year earlier)');
  assert.equal(
    monthAgainst(month(3, 202.4, 190), full),
    'February 2022 (280 against an average of 202.4 for February in the 3 earlier years)',
  );
  assert.equal(monthAgainst(month(0, null, 190), full), 'February 2022 (280 against 190 a year earlier)');
  assert.doesNotMatch(
    describeSeasonality({ months: [month(1, 202, 202)], peaks: ['2022-02'], dips: [] }, full),
    /\b1 earlier year|202\.0/,
  );
  assert.equal(
    yearsInTopFiveNote(1),
    'years in top five in the latest 12-month period only (no earlier period to compare).',
  );
  assert.equal(yearsInTopFiveNote(5), 'years in top five over the last 5 12-month periods.');
  assert.equal(countOf(1, 'ward'), '1 ward');
  assert.equal(countOf(1200, 'offence'), '1,200 offences');
  assert.equal(countWord(1), 'one');
  assert.equal(countWord(12), '12');
  // a single offence, even when its period cannot be compared
  const one = describeChange(
    {
      title: 'Arson',
      kind: 'crime',
      current: { count: 1, missingMonths: ['2025-02'] },
      previous: { count: 3, missingMonths: [] },
      change: change('not assessed: incomplete period', 1, 3),
      period: PERIOD,
      previousPeriod: PREVIOUS,
    },
    full,
  );
  assert.match(one, /^1 offence was recorded in October 2024 to September 2025/);
  // one persistent ward over one year; one ward at the top
  const local: LocalContext = {
    level: 'ward',
    rows: [
      {
        code: 'W1',
        name: 'North',
        current: 40,
        previous: 20,
        share: 1,
        change: change('significant increase', 40, 20, 0.01),
        rate: null,
        yearsInTopFive: 1,
        yearsCompared: 1,
        emerging: null,
        latest: null,
      },
    ],
    top: ['W1'],
    increases: [],
    decreases: [],
    persistent: ['W1'],
    concentration: { topN: 1, topShare: 1, gini: null, units: 1 },
    unallocated: 1,
  };
  const text = describeLocal(local, 'crime', full).join(' ');
  assert.match(text, /In the top five in the one year compared: North \(W1\)\./);
  assert.match(text, /The top ward held 100\.0% of the total across 1 ward\./);
  assert.match(text, /1 offence could not be placed in a ward/);
  assert.doesNotMatch(text, /\b1 (years|wards|offences)\b|last 1 /);
});

test('the change tally counts every outcome on its own: never "changed within normal variation or could not be compared"', () => {
  const none = { rose: [], fell: [], normal: 0, incomplete: 0, hidden: 0, unavailable: 0 };
  // the real Dacorum case: every measure's previous period misses December 2020
  assert.equal(
    describeChangeTally({ ...none, incomplete: 12, unavailable: 6 }),
    'No measure could be compared: 12 have data missing from one of the periods and six could not be counted from the data loaded.',
  );
  assert.equal(
    describeChangeTally({ ...none, incomplete: 1 }),
    'No measure could be compared: one has data missing from one of the periods.',
  );
  assert.equal(
    describeChangeTally({ ...none, normal: 12 }),
    'None of the 12 measures compared changed significantly: all changed within normal variation.',
  );
  assert.equal(
    describeChangeTally({ ...none, normal: 1, unavailable: 1 }),
    'The one measure compared changed within normal variation; one could not be counted from the data loaded.',
  );
  assert.equal(
    describeChangeTally({
      ...none,
      fell: ['ASB incidents'],
      rose: ['Drugs', 'Shoplifting'],
      normal: 6,
      incomplete: 1,
      hidden: 2,
    }),
    'One measure fell significantly (ASB incidents), two rose significantly (Drugs and Shoplifting) and six changed within normal variation; one could not be compared because data is missing from one of the periods and two are not compared in the public edition because the numbers are small.',
  );
  assert.equal(
    describeChangeTally({ ...none, rose: ['Drugs'], normal: 1 }),
    'One measure rose significantly (Drugs) and one changed within normal variation.',
  );
  assert.equal(describeChangeTally(none), 'No measure could be compared.');
  // from the fixture: each measure counted once, every outcome in its own count
  const t = changeTally(fixtureAssessment().measures, full);
  // deliberate fires (February 2025 missing) are compared like for like, so none is left uncompared
  assert.deepEqual([t.rose.length, t.fell.length, t.normal, t.incomplete, t.hidden, t.unavailable], [4, 1, 7, 0, 0, 0]);
});
