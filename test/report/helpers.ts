import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection } from 'geojson';
import type { Assessment, ChangeFigure } from '../../src/assess/schema.ts';
import { assessmentFromJson } from '../../src/assess/contract/parse.ts';
import type { Inline, Section } from '../../src/report/model.ts';
import { buildContext, type BuildContext } from '../../src/report/build/context.ts';
import { loadAnalystWords, noWords, type AnalystWords } from '../../src/report/words.ts';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const FIXTURE_CONFIG = `${FIXTURES}config`;

/** The synthetic county's focus district, assessed once (test/report/fixtures/generate.ts). */
export function fixtureAssessment(): Assessment {
  const path = `${FIXTURES}south-thornden.assessment.json`;
  return assessmentFromJson(readFileSync(path, 'utf8'), path);
}

export function fixtureWards(): FeatureCollection {
  return JSON.parse(readFileSync(`${FIXTURES}south-thornden.wards.geojson`, 'utf8')) as FeatureCollection;
}

export function fixtureWords(): AnalystWords {
  return loadAnalystWords(FIXTURE_CONFIG);
}

/** A build context for narrative tests (the fixture Assessment, the edition asked for). */
export function context(edition: 'full' | 'public' = 'full', words: AnalystWords = noWords()): BuildContext {
  return buildContext(fixtureAssessment(), { edition, words });
}

export function change(verdict: string, current: number, previous: number, pValue: number | null = null): ChangeFigure {
  return {
    abs: current - previous,
    pct: previous === 0 ? null : (100 * (current - previous)) / previous,
    isNew: previous === 0 && current > 0,
    pValue,
    z: 2 * (Math.sqrt(current) - Math.sqrt(previous)),
    verdict,
    alpha: 0.05,
    current,
    previous,
    basis: verdict.startsWith('not assessed') ? 'not-assessed' : 'full',
    reason: null,
  };
}

export const PERIOD = { start: '2024-10', end: '2025-09' };
export const PREVIOUS = { start: '2023-10', end: '2024-09' };

/** Every piece of text of a document (paragraphs, lists, callouts, table cells, captions, alt text). */
export function allText(doc: { sections: Section[] }): string[] {
  const out: string[] = [];
  const runs = (rs: Inline[]) => rs.map((r) => (typeof r === 'string' ? r : r.text)).join('');
  const walk = (s: Section) => {
    out.push(s.title);
    for (const b of s.blocks) {
      if (b.type === 'paragraph') out.push(runs(b.runs));
      else if (b.type === 'list') out.push(...b.items.map(runs));
      else if (b.type === 'callout') out.push(runs(b.runs));
      else if (b.type === 'heading') out.push(b.text);
      else if (b.type === 'table')
        out.push(b.caption, b.note ?? '', ...b.rows.flat().map((c) => c.display ?? String(c.value ?? '')));
      else if (b.type === 'chart') out.push(b.caption ?? '', b.chart.alt, b.chart.title);
      else if (b.type === 'keyFigures') out.push(...b.items.flatMap((i) => [i.label, i.value, i.note ?? '']));
    }
    for (const c of s.children ?? []) walk(c);
  };
  doc.sections.forEach(walk);
  return out;
}
