/**
 * The one-page monthly JAG brief (issue 17): its figures are the Assessment's (signals with their
 * adjusted p and explanation, priorities' latest month against expected and 12-month change,
 * partner returns in or missing for the month); the PDF is exactly one A4 page (pdfinfo), also with
 * the most signals and the longest names the page takes; the Word file opens (parsed back), and
 * LibreOffice lays it out on one page too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Assessment } from '../../src/assess/schema.ts';
import { monitorDistrict, type MonitorSeries } from '../../src/assess/build/monitoring.ts';
import { BRIEF_SIGNALS, buildBrief } from '../../src/report/brief/build.ts';
import { renderBrief } from '../../src/report/brief/write.ts';
import { noWords } from '../../src/report/words.ts';
import { fixtureAssessment } from './helpers.ts';
import { findAll, parseXml, textOf, unzip } from './docx/read-docx.ts';

const CHROMIUM = process.env.SAFER_CHROMIUM ?? '/usr/bin/chromium';
const NO_PDF = existsSync(CHROMIUM) ? false : `${CHROMIUM} not found: the brief's PDF is not checked`;
const NO_OFFICE = existsSync('/usr/bin/soffice') ? false : 'LibreOffice not installed: the Word layout is not checked';

/** The fixture Assessment with its monitoring re-run and `bursts` wards made to signal (robbery). */
function assessment(bursts: number): Assessment {
  const a = fixtureAssessment();
  const inputs: MonitorSeries[] = a.measures
    .filter((m) => m.available && m.series && m.id === m.countedAs)
    .map((m) => ({
      measure: { id: m.id, title: m.title },
      area: { code: a.area.code, name: null, level: 'district' },
      months: m.series!.months,
      counts: m.series!.counts,
    }));
  const months = inputs[0]!.months;
  for (let i = 0; i < bursts; i++)
    inputs.push({
      measure: { id: 'robbery', title: 'All robbery (business and personal)' },
      area: { code: `W${i}`, name: `Upper Thornden and Little Wendle ${i} Ward`, level: 'ward' },
      months,
      counts: months.map((_, k) => (k >= months.length - 2 - (i % 4) ? 30 : 5)),
    });
  a.monitoring = monitorDistrict(inputs, a.period.end, { alpha: 0.05 });
  return a;
}

test("the brief's figures are the Assessment's", () => {
  const a = assessment(8);
  const b = buildBrief(a, { edition: 'full', words: noWords() });
  const signals = a.monitoring!.signals;
  assert.ok(signals.length > BRIEF_SIGNALS, 'more signals than the page shows');
  assert.equal(b.signals.length, BRIEF_SIGNALS);
  assert.equal(b.moreSignals, signals.length - BRIEF_SIGNALS);
  assert.equal(b.figures[0]!.value, String(signals.length));
  b.signals.forEach((s, i) => {
    const e = signals[i]!;
    assert.equal(s.pAdjusted, e.pAdjusted ?? null);
    assert.equal(s.count, String(e.latest.count));
    assert.ok(s.explanation.includes(e.title));
    assert.ok(s.where.startsWith(e.area.level === 'district' ? 'District' : e.area.name!));
  });
  // priorities: the district's monitoring check of the measure counted, and the measure's 12-month change
  assert.deepEqual(
    b.priorities.map((p) => [p.rank, p.title]),
    a.priorities.map((p) => [p.rank, p.title]),
  );
  for (const p of b.priorities) {
    const m = a.measures.find((x) => x.id === p.measure)!;
    const check = a.monitoring!.checks.find((c) => c.area.level === 'district' && c.measure === m.countedAs);
    if (check) assert.equal(p.latest, check.count.toLocaleString('en-GB'));
    if (m.change.pct !== null && !m.change.verdict.startsWith('not assessed'))
      assert.match(p.change, new RegExp(`^[+−-]?${Math.abs(m.change.pct).toFixed(1).replace('.', '\\.')}%$`));
  }
  // returns: every record source and every aggregate source, in or missing by the month's rows
  const month = a.period.end;
  for (const s of a.dataQuality.sources) {
    const mine = s.districts.find((d) => d.district === a.area.code);
    const expected = mine && mine.rows > 0 && !mine.missingMonths.includes(month) ? 'received' : 'missing';
    assert.equal(b.returns.find((r) => r.source === s.source)!.status, expected, s.source);
  }
  for (const source of new Set(a.partnerIndicators.map((p) => p.source)))
    assert.ok(b.returns.some((r) => r.source === source));
});

test('a missing month of a partner source is reported as missing, with the last month held', () => {
  const a = assessment(0);
  const source = a.dataQuality.sources.find((s) => s.districts.some((d) => d.district === a.area.code))!;
  const mine = source.districts.find((d) => d.district === a.area.code)!;
  mine.missingMonths = [...mine.missingMonths, a.period.end];
  const r = buildBrief(a, { edition: 'full', words: noWords() }).returns.find((x) => x.source === source.source)!;
  assert.equal(r.status, 'missing');
  assert.notEqual(r.latest, 'September 2025');
});

test(
  'the PDF is one A4 page, even with every signal slot filled; it says what the model says',
  { skip: NO_PDF, timeout: 300_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'safer-brief-'));
    try {
      for (const bursts of [0, 12]) {
        const b = buildBrief(assessment(bursts), { edition: 'full', words: noWords() });
        const file = join(dir, `brief-${bursts}.pdf`);
        writeFileSync(file, await renderBrief(b, 'pdf'));
        if (process.env.SAFER_SHOTS)
          execFileSync('pdftoppm', ['-png', '-r', '60', file, join(process.env.SAFER_SHOTS, `brief-${bursts}`)]);
        const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
        assert.match(info, /^Pages:\s+1$/m, `${bursts} bursts: ${info}`);
        assert.match(info, /Page size:\s+59[56]\.\d+ x 84[12]\.\d+ pts \(A4\)/);
        const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
        for (const s of b.signals) assert.ok(text.includes(s.pAdjustedText), s.pAdjustedText);
        for (const p of b.priorities) assert.ok(text.includes(p.latest), p.latest);
        for (const r of b.returns) assert.ok(text.includes(r.source), r.source);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test(
  'the Word brief opens: parsed back it holds the same figures; LibreOffice lays it out on one page',
  { timeout: 300_000 },
  async (t) => {
    const b = buildBrief(assessment(12), { edition: 'full', words: noWords() });
    const docx = await renderBrief(b, 'docx');
    const files = await unzip(docx);
    const body = findAll(parseXml(files.get('word/document.xml')!.toString('utf8')), 'w:p')
      .map(textOf)
      .join('\n');
    assert.ok(body.includes(b.title));
    for (const s of b.signals) assert.ok(body.includes(s.explanation), s.explanation);
    for (const p of b.priorities) assert.ok(body.includes(p.title) && body.includes(p.expected), p.title);
    for (const r of b.returns) assert.ok(body.includes(r.source), r.source);
    if (NO_OFFICE) return t.skip(NO_OFFICE);
    const dir = mkdtempSync(join(tmpdir(), 'safer-brief-docx-'));
    try {
      writeFileSync(join(dir, 'brief.docx'), docx);
      execFileSync(
        'soffice',
        [
          `-env:UserInstallation=file://${dir}/profile`,
          '--headless',
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          join(dir, 'brief.docx'),
        ],
        {
          stdio: 'ignore',
          timeout: 240_000,
        },
      );
      const info = execFileSync('pdfinfo', [join(dir, 'brief.pdf')], { encoding: 'utf8' });
      assert.match(info, /^Pages:\s+1$/m, info);
      assert.ok(readFileSync(join(dir, 'brief.pdf')).length > 1000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
