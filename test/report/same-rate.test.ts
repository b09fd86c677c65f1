/**
 * One rate, one way of printing it: the risk explanation (core/risk), the report's sentence and
 * table (report/build) and the trend chart's label (render/charts) all print a rate through
 * core/format/numbers.ts. Before that vocabulary the table printed 80.45 beside "80.5" in the chart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRate } from '../../src/core/format/numbers.ts';
import { volumeFactor } from '../../src/core/risk/factors.ts';
import { buildReport } from '../../src/report/build/index.ts';
import { buildCountySummary } from '../../src/report/county.ts';
import { noWords } from '../../src/report/words.ts';
import type { Block, Section } from '../../src/report/model.ts';
import { fixtureAssessment, fixtureWards, fixtureWords } from './helpers.ts';

function blocksOf(sections: readonly Section[]): Block[] {
  return sections.flatMap((s) => [...s.blocks, ...blocksOf(s.children ?? [])]);
}

test('the same rate prints identically in the risk explanation, the sentence, the table and the chart label', () => {
  const a = fixtureAssessment();
  const m = a.measures.find((x) => x.id === 'all-crime')!;
  const rate = m.current.rate!;
  const shown = formatRate(rate);
  assert.equal(shown, '80.5', 'one decimal place for rates of 1 and more');

  const risk = volumeFactor(
    {
      measureId: m.id,
      title: m.title,
      count: m.current.count,
      rate,
      peerAverageRate: 72.46,
      rateRatio: { ratio: 1.11, lower: 1.05, upper: 1.17 },
      verdict: 'no significant change',
      pctChange: null,
      countyRank: null,
      harmShare: null,
      emerging: null,
    },
    {
      label: 'Volume',
      dimension: 'likelihood',
      weight: 1,
      cutPoints: [0.8, 0.9, 1.1, 1.25],
      requireSignificance: true,
    },
  );
  assert.match(risk.explanation, new RegExp(`The rate \\(${shown} per 1,000\\)`));

  const doc = buildReport(a, { edition: 'full', words: fixtureWords(), boundaries: fixtureWards() });
  const blocks = blocksOf(doc.sections);
  const sentences = blocks
    .flatMap((b) => (b.type === 'paragraph' ? [b.runs.map((r) => (typeof r === 'string' ? r : r.text)).join('')] : []))
    .filter((t) => t.includes(`The rate is ${shown} per 1,000`));
  assert.ok(sentences.length > 0, 'the rank sentence prints the rate');

  const keyFigure = blocks
    .flatMap((b) => (b.type === 'keyFigures' ? b.items : []))
    .find((i) => /per 1,000/.test(i.label));
  assert.equal(keyFigure?.value, shown);

  // the county summary's table of districts: one row per district with its all-crime rate
  const county = buildCountySummary(
    {
      schemaVersion: a.schemaVersion,
      generatedAt: a.generatedAt,
      group: null,
      period: a.period,
      assessed: [a.area.code],
      notCovered: [],
      assessments: [a],
    },
    { edition: 'full', words: noWords() },
  );
  const cells = blocksOf(county.sections)
    .flatMap((b) => (b.type === 'table' ? b.rows.flat() : []))
    .filter((c) => c.value === rate);
  assert.ok(cells.length > 0, 'a table holds the rate');
  for (const c of cells) assert.equal(c.display, shown);

  const trend = blocks.find((b) => b.type === 'chart' && b.id === 'all-crime-trend');
  assert.ok(trend && trend.type === 'chart');
  assert.match(trend.chart.alt, new RegExp(`to ${shown} in Sep 2025`));
});
