/**
 * What `safer report` writes (src/report/write.ts) for the synthetic county's focus district: the
 * Word document's contents carry their page numbers when opened (laid out, not left to a field
 * update LibreOffice never makes), and the checklist holds what the document cannot say to the
 * analyst (here: no ward boundaries in the store, so no ward map).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../src/store/db.ts';
import { assessmentWardBoundaries } from '../../src/assess/boundaries.ts';
import { writeReports } from '../../src/report/write.ts';
import { noWords } from '../../src/report/words.ts';
import { findAll, parseXml, textOf, unzip } from './docx/read-docx.ts';
import { fixtureAssessment } from './helpers.ts';

test(
  'the Word document written carries page numbers in its contents; the checklist names the missing ward boundaries',
  { timeout: 180_000 },
  async () => {
    const a = fixtureAssessment();
    const store = await Store.open(':memory:');
    const out = mkdtempSync(join(tmpdir(), 'safer-write-'));
    try {
      const written = await writeReports(
        {
          schemaVersion: a.schemaVersion,
          generatedAt: a.generatedAt,
          group: a.county,
          period: a.period,
          assessed: [a.area.code],
          notCovered: [],
          assessments: [a],
        },
        {
          boundaries: (x) => assessmentWardBoundaries(store, x),
          formats: ['docx'],
          edition: 'full',
          words: noWords(),
          out,
        },
      );
      const docx = written.find((w) => w.format === 'docx')!;
      const xml = parseXml((await unzip(readFileSync(docx.path))).get('word/document.xml')!.toString('utf8'));
      const entries = findAll([findAll(xml, 'w:sdtContent')[0]!], 'w:p')
        .map(textOf)
        .filter(Boolean);
      assert.ok(entries.length > 20, `${entries.length} contents entries`);
      // every entry ends with its page number; the executive summary starts after the cover and the contents
      const numbers = entries.map((e) => Number(/(\d+)$/.exec(e)?.[1]));
      assert.ok(
        numbers.every((n) => Number.isInteger(n) && n >= 2),
        entries.filter((_, i) => !Number.isInteger(numbers[i])).join(' | '),
      );
      assert.ok(
        numbers.every((n, i) => i === 0 || n >= numbers[i - 1]!),
        'page numbers never go down',
      );
      const checklist = readFileSync(written.find((w) => w.format === 'checklist')!.path, 'utf8');
      assert.match(checklist, /No ward boundaries are loaded/);
    } finally {
      await store.close();
      rmSync(out, { recursive: true, force: true });
    }
  },
);
