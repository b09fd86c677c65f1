import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFormats, slug } from '../../src/cli/commands/report.ts';
import { execFileSync } from 'node:child_process';
import { SaferError } from '../../src/core/errors.ts';
import type { AssessmentSet } from '../../src/assess/schema.ts';
import { buildCountySummary } from '../../src/report/county.ts';
import { renderHtml } from '../../src/report/html/index.ts';
import { noWords } from '../../src/report/words.ts';
import { fixtureAssessment } from './helpers.ts';
import { county, storeCopy } from '../serve/helpers.ts';

test('--format takes a comma-separated list of html, docx and pdf', () => {
  assert.deepEqual(parseFormats('html'), ['html']);
  assert.deepEqual(parseFormats('HTML, pdf,html'), ['html', 'pdf']);
  assert.throws(
    () => parseFormats('html,odt'),
    (e: unknown) => e instanceof SaferError && /unknown format "odt"/.test(e.message),
  );
  assert.throws(() => parseFormats(' , '), SaferError);
  assert.equal(slug('South Thornden'), 'south-thornden');
  assert.equal(slug('Rendstow & Ulvton'), 'rendstow-ulvton');
  assert.equal(slug('Ynys Môn'), 'ynys-mon');
});

test("the county summary puts every district's priorities and risk levels side by side", () => {
  const a = fixtureAssessment();
  const b = fixtureAssessment();
  b.area = { ...b.area, code: 'E07990002', name: 'Brinding' };
  b.priorities = b.priorities.slice(0, 2);
  const set: AssessmentSet = {
    schemaVersion: a.schemaVersion,
    generatedAt: a.generatedAt,
    group: a.county,
    period: a.period,
    assessed: [a.area.code, b.area.code],
    notCovered: [
      {
        code: 'E07990003',
        name: 'Ilmcott',
        reason: 'no records for 3 of the 24 months compared',
        rows: 10,
        lsoaShare: 1,
      },
    ],
    assessments: [a, b],
  };
  const doc = buildCountySummary(set, { edition: 'full', words: noWords() });
  assert.equal(doc.title, 'Wendleshire: community safety agreement summary');
  assert.deepEqual(
    doc.sections.map((s) => s.id),
    ['overview', 'priorities', 'risk-levels', 'not-assessed'],
  );
  const priorities = doc.sections[1]!.blocks.find((x) => x.type === 'table');
  assert.ok(priorities && priorities.type === 'table');
  assert.deepEqual(priorities.head.slice(0, 2), ['District', 'Priority 1']);
  assert.equal(priorities.rows[0]![1]!.display, `${a.priorities[0]!.title} (${a.priorities[0]!.level})`);
  assert.equal(priorities.rows[1]![3]!.display, '', 'Brinding has two priorities only');
  const html = renderHtml(doc);
  assert.match(html, /Ilmcott \(E07990003\): no records for 3 of the 24 months compared/);
  assert.match(html, /2 of 2 districts \(South Thornden and Brinding\)/);
});

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('safer report writes the HTML and PDF of one district and prints their paths', { timeout: 300_000 }, async () => {
  // the small synthetic county the dashboard tests also use (built once, cached in the temp folder)
  const { path: db, dir } = await storeCopy();
  const { focus } = county();
  const out = join(dir, 'out');
  const formats = existsSync(process.env.SAFER_CHROMIUM ?? '/usr/bin/chromium') ? 'html,pdf' : 'html';
  try {
    const stdout = execFileSync(
      process.execPath,
      [
        join(ROOT, 'bin', 'safer.js'),
        '--db',
        db,
        'report',
        '--area',
        focus.name,
        '--format',
        formats,
        '--edition',
        'public',
        '--out',
        out,
      ],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    const paths = stdout.trim().split('\n');
    assert.deepEqual(
      paths.map((p) => p.slice(out.length + 1)),
      [
        ...formats.split(',').map((f) => `${focus.code}-${slug(focus.name)}-strategic-assessment-public.${f}`),
        'checklist.md',
      ],
    );
    // the instructions to the analysts are in the checklist beside the documents, not in them
    const checklist = readFileSync(paths.at(-1)!, 'utf8');
    assert.match(checklist, new RegExp(`## ${focus.name} \\(${focus.code}\\)`));
    assert.match(checklist, /Where: recommendations: \{ [a-z-]+: … \} in report\.yaml/);
    assert.doesNotMatch(readFileSync(paths[0]!, 'utf8'), /report\.yaml|Suggested wording/);
    assert.match(
      readFileSync(paths[0]!, 'utf8'),
      new RegExp(`${focus.name} Community Safety Partnership: strategic assessment`),
    );
    if (formats.includes('pdf')) assert.equal(readFileSync(paths[1]!).subarray(0, 5).toString('latin1'), '%PDF-');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
