/**
 * Every Assessment crossing a boundary (leaving the engine, loaded from a fixture or a file, read
 * from the API) is checked against the contract. A bad one is refused with the path of the field,
 * its value and what the contract expects.
 */
import type { z } from 'zod';
import { SaferError } from '../../core/errors.ts';
import { AssessmentSchema, AssessmentSetSchema, type Assessment, type AssessmentSet } from './assessment.ts';

const SHOWN_ISSUES = 5;

/** The value at a path of the document, for the error (shortened). */
function valueAt(root: unknown, path: readonly PropertyKey[]): string {
  let v: unknown = root;
  for (const key of path)
    v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  if (v === undefined) return 'absent';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

/** Parses `value` with `schema`; returns the value itself (key order kept) or throws the issues in words. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string, source: string): T {
  const result = schema.safeParse(value);
  if (result.success) return value as T;
  const issues = result.error.issues;
  const lines = issues
    .slice(0, SHOWN_ISSUES)
    .map((i) => `${fieldPath(i.path) || '(the document)'}: ${i.message} (value ${valueAt(value, i.path)})`);
  if (issues.length > SHOWN_ISSUES) lines.push(`… and ${issues.length - SHOWN_ISSUES} more`);
  const first = issues[0]!;
  throw new SaferError(`not a valid ${what}: ${lines.join('; ')}`, {
    file: source,
    column: fieldPath(first.path) || what,
    value: valueAt(value, first.path),
    hint: `docs/assessment.md lists every field of the ${what} (schema: src/assess/contract/); a document from another version of safer may differ — make it again with \`safer assess --json\``,
    code: 'E_CONTRACT',
  });
}

export function parseAssessment(value: unknown, source: string): Assessment {
  return parseWith(AssessmentSchema, value, 'Assessment', source);
}

export function parseAssessmentSet(value: unknown, source: string): AssessmentSet {
  return parseWith(AssessmentSetSchema, value, 'AssessmentSet', source);
}

/** An Assessment from JSON text (a file or an upload): bad JSON and a bad document both refused in words. */
export function assessmentFromJson(text: string, source: string): Assessment {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SaferError(`not JSON: ${error instanceof Error ? error.message : String(error)}`, {
      file: source,
      hint: 'an Assessment is the JSON `safer assess --json` prints',
      code: 'E_CONTRACT',
    });
  }
  return parseAssessment(value, source);
}
