/**
 * One list of signals: the dashboard's monthly page (and the API, which serves the same view) and the
 * report's emerging-issues chapter show the same signals, with the same figures, for the same
 * district and month, because both read the Assessment's monitoring section.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Assessment } from '../../src/assess/schema.ts';
import { fixtureAssessment } from '../report/helpers.ts';
import { monitorDistrict, type MonitorSeries } from '../../src/assess/build/monitoring.ts';
import { monitoring } from '../../src/serve/data/monitoring.ts';
import { monitoringBody } from '../../src/serve/pages/monitoring.ts';
import { emergingSection } from '../../src/report/build/emerging.ts';
import { buildContext } from '../../src/report/build/context.ts';
import { describeEmerging } from '../../src/report/build/narrative.ts';
import { noWords } from '../../src/report/words.ts';
import type { Block } from '../../src/report/model.ts';

type TableBlock = Extract<Block, { type: 'table' }>;

function assessment(): Assessment {
  const a = fixtureAssessment();
  // the monitoring section from the district's own series, with two made-up ward bursts so that wards signal too
  const inputs: MonitorSeries[] = a.measures
    .filter((m) => m.available && m.series && m.id === m.countedAs)
    .map((m) => ({
      measure: { id: m.id, title: m.title },
      area: { code: a.area.code, name: null, level: 'district' },
      months: m.series!.months,
      counts: m.series!.counts,
    }));
  const months = inputs[0]!.months;
  const burst = (code: string, name: string, from: number) => ({
    measure: { id: 'robbery', title: 'All robbery (business and personal)' },
    area: { code, name, level: 'ward' },
    months,
    counts: months.map((_, i) => (i >= months.length - from ? 25 : 5)),
  });
  inputs.push(burst('W1', 'Ward one', 2), burst('W2', 'Ward two', 4));
  a.monitoring = monitorDistrict(inputs, a.period.end, { alpha: 0.05 });
  return a;
}

test("the monthly page and the report's emerging-issues chapter show identical signals for the same district and month", () => {
  const a = assessment();
  const ctx = buildContext(a, { edition: 'full', words: noWords() });
  const signals = a.monitoring!.signals;
  assert.ok(signals.length >= 2, 'some signals to compare');
  // the page (and /api/monitoring: the same view object)
  const view = monitoring(a, null);
  const page = monitoringBody({ a, ctx, endParam: undefined }, view).toString();
  assert.deepEqual(
    view.agenda.map((x) => x.signal),
    signals,
  );
  for (const s of signals)
    assert.ok(
      page.includes(
        describeEmerging(s, ctx)
          .replace(/&/g, '&amp;')
          .replace(/</g, '&lt;')
          .replace(/>/g, '&gt;')
          .replace(/'/g, '&#39;'),
      ),
      `page shows: ${describeEmerging(s, ctx)}`,
    );
  // the report's chapter: one table row per signal, in the same order, with the same figures
  const section = emergingSection(ctx);
  const table = section.blocks.find((b): b is TableBlock => b.type === 'table' && b.id === 'emerging-table')!;
  assert.equal(table.rows.length, signals.length);
  table.rows.forEach((row, i) => {
    const s = signals[i]!;
    assert.deepEqual(
      [row[0]!.value, row[2]!.value, row[3]!.value, row[4]!.value, row[5]!.value, row[8]!.value],
      [s.title, s.direction, s.since, s.latest.count, s.latest.expected, s.pAdjusted],
    );
  });
  assert.ok(
    page.includes(`${signals.length}`) &&
      section.blocks.some(
        (b) =>
          b.type === 'paragraph' &&
          JSON.stringify(b).includes(`${a.monitoring!.series.monitored} series were monitored`),
      ),
  );
});
