import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Assessment } from '../../src/assess/schema.ts';
import { buildReport } from '../../src/report/build/index.ts';
import { renderHtml } from '../../src/report/html/index.ts';
import type { Block, ReportDocument, Section } from '../../src/report/model.ts';
import { noWords } from '../../src/report/words.ts';
import { allText, fixtureAssessment, fixtureWards } from './helpers.ts';

function blocks(doc: ReportDocument): Block[] {
  const out: Block[] = [];
  const walk = (s: Section) => {
    out.push(...s.blocks);
    (s.children ?? []).forEach(walk);
  };
  doc.sections.forEach(walk);
  return out;
}

function publicDoc(a: Assessment = fixtureAssessment(), suppressBelow?: number): ReportDocument {
  return buildReport(a, {
    edition: 'public',
    words: noWords(),
    boundaries: fixtureWards(),
    ...(suppressBelow ? { suppressBelow } : {}),
  });
}

const COUNT_TABLES = /-wards$|-subtypes-table$|-periods$|^looking-back-groups$|^emerging-table$/;

test('public edition: no table shows a count below 5, nor a change, share or rate worked out from one', () => {
  const doc = publicDoc();
  let hiddenCells = 0;
  for (const b of blocks(doc)) {
    if (b.type !== 'table' || !COUNT_TABLES.test(b.id)) continue;
    for (const row of b.rows) {
      row.forEach((c, i) => {
        if (i === 0 || typeof c.value !== 'number' || !Number.isInteger(c.value)) return;
        const isCount = b.id.endsWith('-wards')
          ? i <= 2
          : b.id === 'emerging-table'
            ? i === 4
            : b.id === 'looking-back-groups'
              ? i <= 2
              : i <= 2;
        if (isCount && c.value >= 0 && c.value < 5) {
          assert.equal(c.display, 'fewer than 5', `${b.id}: ${JSON.stringify(row[0])} column ${i}`);
          hiddenCells += 1;
        }
      });
      // a change needs both counts: hidden when either is; a share or rate needs the latest count only
      const [previous, current] = [row[1], row[2]];
      const changeColumns = b.id.endsWith('-wards')
        ? [3, 4, 7]
        : b.id.endsWith('-subtypes-table')
          ? [3]
          : b.id === 'looking-back-groups'
            ? [3, 4]
            : [];
      const latestColumns = b.id.endsWith('-wards') ? [5, 6] : b.id.endsWith('-subtypes-table') ? [4] : [];
      if ([previous, current].some((c) => c?.display === 'fewer than 5')) {
        for (const i of changeColumns)
          assert.match(
            row[i]!.display ?? '',
            /^(not shown|n\/a|not assessed)$/,
            `${b.id}: ${JSON.stringify(row[0])} column ${i}`,
          );
      }
      if (current?.display === 'fewer than 5') {
        for (const i of latestColumns)
          assert.match(row[i]!.display ?? '', /^(not shown|n\/a)$/, `${b.id}: ${JSON.stringify(row[0])} column ${i}`);
      }
    }
  }
  assert.ok(hiddenCells > 20, `the fixture has small counts to hide (${hiddenCells} hidden)`);
});

test('public edition: no narrative sentence gives a count below 5', () => {
  // the appendix's data-quality counts are about the files (rows without location, duplicates), not suppressed
  const doc = publicDoc();
  const text = allText({ sections: doc.sections.filter((s) => s.id !== 'appendix') }).join('\n');
  assert.doesNotMatch(text, /\b[0-4] (offences?|incidents?|fires?|collisions?|crimes?|records?)\b/);
  assert.doesNotMatch(text, /(against|from|to) [0-4]\b(?![.,]\d| of| =|%|st|nd|rd|th)/);
  assert.match(text, /fewer than 5/);
});

test('public edition: charts leave out or relabel what is below 5', () => {
  const a = fixtureAssessment();
  const doc = publicDoc(a);
  const charts = blocks(doc).filter((b): b is Extract<Block, { type: 'chart' }> => b.type === 'chart');
  const byId = new Map(charts.map((c) => [c.id, c]));
  // monthly chart: drawn only when every month is 5 or more (rtc-ksi has a month of 2: not drawn)
  for (const m of a.measures) {
    const monthly = byId.get(`${m.countedAs}-monthly`);
    if (!monthly || !m.seasonality) continue;
    for (const x of m.seasonality.months)
      assert.ok(x.count >= 5 && (x.lastYear === null || x.lastYear >= 5), `${m.id} monthly chart with a small month`);
  }
  assert.ok(!byId.has('rtc-ksi-monthly'));
  assert.ok(
    blocks(doc).some(
      (b) =>
        b.type === 'paragraph' && /monthly chart is not drawn: some months hold fewer than 5/.test(b.runs.join('')),
    ),
  );
  // sub-type bars: rows below 5 are not drawn ("1 Murder" is 1 in the violence breakdown)
  const violence = byId.get('violence-subtypes');
  if (violence) assert.doesNotMatch(violence.chart.svg, /1 Murder/);
  // ward map: wards below 5 carry no value and say "fewer than 5"
  const robbery = a.measures.find((m) => m.countedAs === 'robbery')!;
  const map = byId.get('robbery-map')!;
  const small = robbery.local.ward!.rows.filter((r) => r.current < 5);
  assert.ok(small.length > 0);
  for (const r of small) {
    assert.match(map.chart.svg, new RegExp(`data-code="${r.code}"[^>]*data-value=""`));
    assert.match(map.chart.svg, new RegExp(`\\(${r.code}\\): fewer than 5</title>`));
  }
  assert.match(map.chart.svg, />Fewer than 5</);
  assert.doesNotMatch(map.chart.svg, />No data</);
});

test('public edition: sensitive parts are left out, restricted partner data removed', () => {
  const a = fixtureAssessment();
  a.partnerIndicators[0]!.restricted = true;
  const full = buildReport(a, { edition: 'full', words: noWords() });
  const pub = buildReport(a, { edition: 'public', words: noWords() });
  const restricted = 'DRR starts (restricted)';
  assert.ok(allText(full).includes(restricted));
  assert.ok(!allText(pub).some((t) => t.startsWith('DRR starts')));
  // beats, file names and import numbers
  assert.ok(blocks(full).some((b) => b.type === 'table' && b.id.endsWith('-beats')));
  assert.ok(!blocks(pub).some((b) => b.type === 'table' && b.id.endsWith('-beats')));
  const htmlFull = renderHtml(full);
  const htmlPub = renderHtml(pub);
  // more than eight files: one row per source naming its first and last file (full edition only)
  assert.match(htmlFull, /crimes-20\d\d\.csv … crimes-20\d\d\.csv/);
  assert.doesNotMatch(htmlPub, /crimes-20\d\d\.csv/);
  assert.equal(pub.marking, 'OFFICIAL');
  assert.equal(full.marking, 'OFFICIAL-SENSITIVE');
  assert.match(htmlPub, /public edition/i);
  // a partner count below 5 (a second indicator, not restricted) is shown as "fewer than 5"
  const b = fixtureAssessment();
  const drr = blocks(buildReport(b, { edition: 'public', words: noWords() })).find(
    (x) => x.type === 'table' && x.rows.some((r) => r[0]?.value === 'DRR starts'),
  );
  assert.ok(drr && drr.type === 'table');
  const row = drr.rows.find((r) => r[0]?.value === 'DRR starts')!;
  assert.equal(row[2]!.display, 'fewer than 5');
  assert.equal(row[5]!.display, 'not shown');
});

test('the threshold is configurable (report.yaml suppressBelow or the option)', () => {
  const doc = publicDoc(fixtureAssessment(), 10);
  const text = allText(doc).join('\n');
  assert.match(text, /fewer than 10/);
  assert.doesNotMatch(text, /fewer than 5\b/);
  const viaWords = buildReport(fixtureAssessment(), { edition: 'public', words: { suppressBelow: 3 } });
  assert.match(allText(viaWords).join('\n'), /fewer than 3/);
});

test('the full edition shows the small counts', () => {
  const doc = buildReport(fixtureAssessment(), { edition: 'full', words: noWords(), boundaries: fixtureWards() });
  const wards = blocks(doc).find((b) => b.type === 'table' && b.id === 'robbery-wards');
  assert.ok(wards && wards.type === 'table');
  assert.ok(!allText(doc).includes('fewer than 5'));
});
