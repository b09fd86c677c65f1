import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { SaferError } from '../../src/core/errors.ts';
import { AssessmentSchema } from '../../src/assess/schema.ts';
import { assessmentFromJson, parseAssessment } from '../../src/assess/contract/parse.ts';
import { contractJsonSchemas } from '../../src/assess/contract/json-schema.ts';
import { withReference } from '../../src/assess/contract/docs.ts';
import { FIXTURES, fixtureAssessment } from '../report/helpers.ts';

const path = `${FIXTURES}south-thornden.assessment.json`;
const text = readFileSync(path, 'utf8');

function refused(work: () => unknown): SaferError {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof SaferError, String(error));
    return error;
  }
  assert.fail('accepted');
}

test('the fixture Assessment is a valid document, returned as it was read (key order kept)', () => {
  const value = JSON.parse(text) as unknown;
  assert.equal(parseAssessment(value, path), value);
  assert.equal(JSON.stringify(fixtureAssessment()), JSON.stringify(value));
});

test('a bad field is refused with its path, its value and what the contract expects', () => {
  const doc = JSON.parse(text) as { measures: { change: { pValue: unknown } }[] };
  doc.measures[2]!.change.pValue = 'small';
  const error = refused(() => parseAssessment(doc, 'upload.json'));
  assert.equal(error.code, 'E_CONTRACT');
  assert.equal(error.location.file, 'upload.json');
  assert.equal(error.location.column, 'measures[2].change.pValue');
  assert.equal(error.location.value, '"small"');
  assert.match(error.message, /measures\[2\]\.change\.pValue: Invalid input: expected number, received string/);
  assert.match(error.format(), /docs\/assessment\.md/);
});

test('a field the contract does not know, a missing one and bad JSON are refused', () => {
  const extra = JSON.parse(text) as Record<string, unknown>;
  extra['secret'] = 1;
  assert.match(refused(() => parseAssessment(extra, 'x.json')).message, /Unrecognized key: "secret"/);
  const missing = JSON.parse(text) as Record<string, unknown>;
  delete missing['period'];
  const error = refused(() => parseAssessment(missing, 'x.json'));
  assert.equal(error.location.column, 'period');
  assert.equal(error.location.value, 'absent');
  assert.match(refused(() => assessmentFromJson(text.slice(0, 100), 'cut.json')).message, /^not JSON/);
});

test('the JSON Schema is derived from the zod schema: the same fields, required where the type requires them', () => {
  const schemas = contractJsonSchemas();
  const assessment = schemas['Assessment'] as { properties: Record<string, unknown>; required: string[] };
  assert.deepEqual(Object.keys(assessment.properties), Object.keys(AssessmentSchema.shape));
  const optional = Object.entries(AssessmentSchema.shape)
    .filter(([, s]) => (s as z.ZodType).safeParse(undefined).success)
    .map(([k]) => k);
  assert.deepEqual(
    assessment.required.sort(),
    Object.keys(AssessmentSchema.shape)
      .filter((k) => !optional.includes(k))
      .sort(),
  );
  assert.deepEqual(optional.sort(), [
    'asOf',
    'countyTables',
    'forceMonthsKeptOut',
    'monitoring',
    'partnership',
    'policeActivity',
  ]);
});

test('docs/assessment.md holds the field reference generated from the contract (npm run docs:assessment)', () => {
  const page = readFileSync(new URL('../../docs/assessment.md', import.meta.url), 'utf8');
  assert.equal(page, withReference(page), 'docs/assessment.md is stale: run npm run docs:assessment');
  assert.match(page, /\| `pValue` \| number \\\| null \| two-sided exact conditional \(binomial\) test \|/);
  for (const id of Object.keys(contractJsonSchemas())) assert.match(page, new RegExp(`^### ${id}$`, 'm'), id);
});
