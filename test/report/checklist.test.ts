/**
 * Two audiences, two places: the board document holds only finished prose (no config file names,
 * no instructions to the analyst), and the instructions go to the analysts' checklist
 * (checklist.md beside the documents, the dashboard's reports page).
 */
import { SUBSECTIONS } from '../../src/report/build/measures.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Assessment } from '../../src/assess/schema.ts';
import { buildReport } from '../../src/report/build/index.ts';
import { renderHtml } from '../../src/report/html/index.ts';
import { renderDocx } from '../../src/report/docx/index.ts';
import { checklistMarkdown, reportChecklist } from '../../src/report/checklist.ts';
import { noWords } from '../../src/report/words.ts';
import { allText, fixtureAssessment, fixtureWards, fixtureWords } from './helpers.ts';
import { findAll, parseXml, textOf, unzip } from './docx/read-docx.ts';

/** The fixture as a partnership that supplied nothing: no previous priorities, no levels, no words. */
function bareAssessment(): Assessment {
  const a = fixtureAssessment();
  a.priorities = a.priorities.map((p) => ({ ...p, status: 'new' }));
  a.droppedPriorities = [];
  for (const m of a.measures) if (m.risk) m.risk = { ...m.risk, previousLevel: null, levelChange: null };
  return a;
}

const FORBIDDEN = ['.yaml', 'Suggested wording', 'name them under', 'fullDetail', 'report.yaml', 'assessment.yaml'];

function htmlText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

async function docxText(buffer: Buffer): Promise<string> {
  const files = await unzip(buffer);
  return findAll(parseXml(files.get('word/document.xml')!.toString('utf8')), 'w:t')
    .map(textOf)
    .join(' ');
}

test(
  'the board document holds no instruction to the analyst, in HTML or Word, in either edition',
  { timeout: 120_000 },
  async () => {
    for (const [label, a, words] of [
      ['bare', bareAssessment(), noWords()],
      ['fixture', fixtureAssessment(), fixtureWords()],
    ] as const) {
      for (const edition of ['full', 'public'] as const) {
        const doc = buildReport(a, { edition, words, boundaries: fixtureWards() });
        const html = htmlText(renderHtml(doc));
        const word = await docxText(await renderDocx(doc));
        const model = allText(doc).join('\n');
        for (const s of FORBIDDEN) {
          assert.ok(!html.includes(s), `${label} ${edition} HTML holds "${s}"`);
          assert.ok(!word.includes(s), `${label} ${edition} Word holds "${s}"`);
          assert.ok(!model.includes(s), `${label} ${edition} document holds "${s}"`);
        }
        if (label === 'bare') {
          assert.match(
            model,
            /Last year's priorities were not supplied, so each priority recommended below is marked new\./,
          );
          // every measure section ends with a recommendation worded as one
          for (const s of doc.sections
            .find((x) => x.id === 'analysis')!
            .children!.filter((x) => !SUBSECTIONS.analysis!.includes(x.id))) {
            const at = s.blocks.findIndex((b) => b.type === 'heading' && b.id.endsWith('-recommendations'));
            const next = s.blocks[at + 1];
            assert.ok(
              next && next.type === 'paragraph' && /^That /.test(String(next.runs[0])),
              `${s.id}: a default recommendation`,
            );
          }
        }
      }
    }
  },
);

test('the checklist holds the instructions the document no longer carries', () => {
  const a = bareAssessment();
  const items = reportChecklist(a, noWords());
  const ids = items.map((i) => i.id);
  assert.ok(ids.includes('previous-priorities'));
  assert.ok(ids.includes('previous-levels'));
  assert.ok(ids.includes('priority-commentary'));
  assert.ok(ids.includes('full-detail'));
  assert.ok(ids.includes('recommendations:violence'));
  const md = checklistMarkdown([{ area: a.area, period: a.period, items }], null);
  assert.match(md, /^# Checklist for the analysts/);
  assert.match(md, /## South Thornden \(E07990001\), October 2024 to September 2025/);
  assert.match(md, /- \[ \] Last year's priorities are not supplied/);
  assert.match(md, /Where: risk\.previousPriorities in assessment\.yaml .* or previousPriorities in report\.yaml/);
  assert.match(md, /Where: recommendations: \{ violence: … \} in report\.yaml/);
  assert.match(md, /Where: fullDetail: \[[a-z-, ]+\] in report\.yaml/);
  assert.match(
    md,
    /Key recommendations for Drug offences are the default wording: "That Drug offences is adopted as a priority/,
  );

  // what the partnership supplied is not asked for again
  const supplied = reportChecklist(fixtureAssessment(), fixtureWords()).map((i) => i.id);
  for (const id of [
    'previous-priorities',
    'previous-levels',
    'priority-commentary',
    'recommendations:violence',
    'recommendations:dwelling-burglary',
  ])
    assert.ok(!supplied.includes(id), id);
  assert.ok(supplied.includes('recommendations:robbery'));
});
