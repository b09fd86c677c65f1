import { test } from 'node:test';
import { SUBSECTIONS } from '../../src/report/build/measures.ts';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaferError } from '../../src/core/errors.ts';
import { buildReport } from '../../src/report/build/index.ts';
import type { Block, ReportDocument, Section } from '../../src/report/model.ts';
import { loadAnalystWords, noWords } from '../../src/report/words.ts';
import { FIXTURE_CONFIG, fixtureAssessment, fixtureWords } from './helpers.ts';

function find(doc: ReportDocument, id: string): Section {
  const walk = (s: Section): Section | null =>
    s.id === id ? s : ((s.children ?? []).map(walk).find((x) => x) ?? null);
  const hit = doc.sections.map(walk).find((x) => x);
  assert.ok(hit, `section ${id}`);
  return hit;
}

const text = (b: Block) =>
  b.type === 'callout' || b.type === 'paragraph'
    ? b.runs.map((r) => (typeof r === 'string' ? r : r.text)).join('')
    : b.type === 'heading'
      ? b.text
      : '';

test('report.yaml and commentary/*.md are read from the config folder', () => {
  const words = fixtureWords();
  assert.deepEqual(Object.keys(words.commentary ?? {}).sort(), ['partners', 'summary', 'violence']);
  assert.deepEqual(words.recommendations?.['dwelling-burglary'], [
    'That dwelling burglary is monitored monthly, with support for target hardening in the wards that rose.',
  ]);
  assert.equal(words.recommendations?.['violence']?.length, 2);
  assert.deepEqual(words.fullDetail, ['asb']);
  assert.deepEqual(words.publicOmit, ['partners']);
  assert.deepEqual(loadAnalystWords(null), noWords());
});

test("the analysts' words are merged into the sections they name", () => {
  const doc = buildReport(fixtureAssessment(), { edition: 'full', words: fixtureWords() });
  // commentary at the end of a chapter, as analyst callouts
  const summary = find(doc, 'summary');
  const last = summary.blocks.at(-1)!;
  assert.equal(last.type, 'callout');
  assert.equal(last.type === 'callout' && last.tone, 'analyst');
  assert.equal(text(last), 'The partnership thanks every agency that shared its data for this assessment.');
  // priority commentary (with its bold run) and the note per priority
  const priorityNote = summary.blocks.find(
    (b) => b.type === 'callout' && b.title === 'Partnership commentary on the priorities',
  );
  assert.ok(priorityNote && priorityNote.type === 'callout');
  assert.ok(priorityNote.runs.some((r) => typeof r !== 'string' && r.strong && r.text === '14 October 2025'));
  const table = summary.blocks.find((b) => b.type === 'table' && b.id === 'summary-priorities');
  assert.ok(table && table.type === 'table');
  assert.equal(table.head.at(-1), 'Partnership note');
  assert.ok(table.rows.some((r) => r.at(-1)?.value === 'Includes the night-time economy plan.'));

  // a measure's commentary goes just before its key recommendations, which are the analysts' own
  const violence = find(doc, 'violence');
  const at = violence.blocks.findIndex((b) => b.type === 'heading' && b.id === 'violence-recommendations');
  const before = violence.blocks.slice(at - 4, at);
  assert.deepEqual(
    before.map((b) => b.type),
    ['heading', 'callout', 'list', 'callout'],
  );
  assert.equal(text(before[0]!), 'Operation Nightlight');
  const [, , list, callout] = before as [Block, Block, Block, Block];
  assert.equal(list.type === 'list' && list.items.length, 2);
  const link = callout.type === 'callout' ? callout.runs.find((r) => typeof r !== 'string' && r.href) : undefined;
  assert.deepEqual(link, {
    text: 'Home Office guidance',
    href: 'https://www.gov.uk/government/collections/crime-and-disorder-act-1998',
  });
  const recommendations = violence.blocks.slice(at + 1).map(text);
  assert.deepEqual(recommendations, [
    'That violence remains a priority and is monitored monthly by the Joint Action Group.',
    'That the night-time economy partnership reports to the JAG each quarter.',
  ]);

  // fullDetail gives a measure that is not a priority its full section
  const asb = find(doc, 'asb');
  assert.ok(asb.blocks.some((b) => b.type === 'heading' && b.id === 'asb-local'));
  // the partner commentary is there in the full edition, and the partners chapter is left out of the public one
  assert.ok(find(doc, 'partners').blocks.some((b) => b.type === 'callout' && b.tone === 'analyst'));
  const pub = buildReport(fixtureAssessment(), { edition: 'public', words: fixtureWords() });
  assert.ok(!pub.sections.some((s) => s.id === 'partners'));
});

test('without words, every measure section still has a key recommendation, worded as one (the instruction is in the checklist)', () => {
  const doc = buildReport(fixtureAssessment(), { edition: 'full', words: noWords() });
  // the themes that close the chapter (managing offenders, reassurance, business crime) are not measures
  for (const s of (find(doc, 'analysis').children ?? []).filter((x) => !SUBSECTIONS.analysis!.includes(x.id))) {
    const at = s.blocks.findIndex((b) => b.type === 'heading' && b.id.endsWith('-recommendations'));
    assert.ok(at >= 0, `${s.id} has key recommendations`);
    assert.match(text(s.blocks[at + 1]!), /^That /);
    const after = s.blocks[at + 2];
    assert.ok(!after || !/Suggested wording|report\.yaml/.test(text(after)), `${s.id}: no instruction to the analyst`);
  }
});

test('section order and omissions come from report.yaml', () => {
  const doc = buildReport(fixtureAssessment(), {
    edition: 'full',
    words: { order: ['conclusion', 'summary'], omit: ['background', 'glossary'] },
  });
  assert.deepEqual(doc.sections.map((s) => s.id).slice(0, 3), ['conclusion', 'summary', 'introduction']);
  assert.ok(!doc.sections.some((s) => s.id === 'background'));
  assert.ok(!find(doc, 'appendix').children!.some((s) => s.id === 'glossary'));
  const chosen = buildReport(fixtureAssessment(), { edition: 'full', words: { measures: ['shoplifting', 'robbery'] } });
  assert.deepEqual(
    find(chosen, 'analysis').children!.map((s) => s.id),
    ['shoplifting', 'robbery', ...SUBSECTIONS.analysis!],
  );
});

test('regenerating never loses the words: they live only in the config folder, which is never written', () => {
  const before = readdirSync(`${FIXTURE_CONFIG}/commentary`).map((f) =>
    readFileSync(`${FIXTURE_CONFIG}/commentary/${f}`, 'utf8'),
  );
  const once = JSON.stringify(buildReport(fixtureAssessment(), { edition: 'full', words: fixtureWords() }));
  const twice = JSON.stringify(buildReport(fixtureAssessment(), { edition: 'full', words: fixtureWords() }));
  assert.equal(once, twice);
  assert.deepEqual(
    readdirSync(`${FIXTURE_CONFIG}/commentary`).map((f) => readFileSync(`${FIXTURE_CONFIG}/commentary/${f}`, 'utf8')),
    before,
  );
});

function configDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'safer-words-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

function rejectsWith(files: Record<string, string>, message: RegExp, hint: RegExp): void {
  const dir = configDir(files);
  try {
    assert.throws(
      () => buildReport(fixtureAssessment(), { edition: 'full', words: loadAnalystWords(dir) }),
      (e: unknown) => {
        assert.ok(e instanceof SaferError, String(e));
        assert.match(e.message, message);
        assert.match(e.hint ?? '', hint);
        return true;
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('an unknown section or measure named in the words is an error that lists what is known', () => {
  rejectsWith(
    { 'commentary/looking-forward.md': 'Text' },
    /commentary\/looking-forward\.md names an unknown section "looking-forward"/,
    /known sections: summary, introduction, .*looking-back.*violence/,
  );
  rejectsWith(
    { 'report.yaml': 'recommendations:\n  burglery: That it stays a priority.\n' },
    /"recommendations" in report\.yaml names an unknown measure "burglery"/,
    /known measures: .*dwelling-burglary/,
  );
  rejectsWith(
    { 'report.yaml': 'order: [summary, forward-look]\n' },
    /"order" in report\.yaml names an unknown section "forward-look"/,
    /known sections: /,
  );
  rejectsWith({ 'report.yaml': 'fullDetail: [knife-crime]\n' }, /unknown measure "knife-crime"/, /known measures: /);
  rejectsWith(
    { 'report.yaml': 'priorityNotes:\n  arson: x\n' },
    /"priorityNotes" in report\.yaml names an unknown measure "arson"/,
    /known measures: /,
  );
});

test('report.yaml settings are checked when read', () => {
  const bad = (files: Record<string, string>, message: RegExp) => {
    const dir = configDir(files);
    try {
      assert.throws(
        () => loadAnalystWords(dir),
        (e: unknown) => e instanceof SaferError && message.test(e.message),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  bad({ 'report.yaml': 'titel: A title\n' }, /"titel" is not a report setting/);
  bad({ 'report.yaml': 'suppressBelow: 2.5\n' }, /"suppressBelow": a whole number/);
  bad({ 'report.yaml': 'detail: everything\n' }, /"detail"/);
  bad({ 'commentary/Summary.md': 'x' }, /must be named after a section id/);
  assert.throws(() => loadAnalystWords('/nonexistent/safer-config'), /config folder does not exist/);
});
