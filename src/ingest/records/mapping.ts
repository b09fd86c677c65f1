import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SaferError } from '../../core/errors.ts';
import type { FileProbe } from '../files.ts';

export const RECORD_KINDS = ['crime', 'incident', 'fire', 'collision', 'other'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Fields of `events` a mapping can fill (`property_type` and `outcome_date` go to attrs). */
export const CANONICAL_FIELDS = [
  'record_id',
  'date',
  'datetime',
  'month',
  'time',
  'category',
  'sub_category',
  'offence_code',
  'lsoa',
  'ward',
  'beat',
  'district',
  'force',
  'longitude',
  'latitude',
  'location',
  'outcome',
  'outcome_date',
  'context',
  'property_type',
] as const;
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

export const DATE_FORMATS = ['auto', 'iso', 'dd/mm/yyyy', 'dd/mm/yyyy hh:mm', 'dd/mm/yyyy hh:mm:ss', 'excel'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

const field = z.enum(CANONICAL_FIELDS);
const scalar = z.union([z.string(), z.number(), z.boolean()]);

const mappingSchema = z.strictObject({
  kind: z.enum(RECORD_KINDS),
  source: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, dots, dashes and underscores only'),
  restricted: z.boolean().optional(),
  sheet: z.string().min(1).optional(),
  columns: z.partialRecord(field, z.string().min(1)),
  date_format: z.enum(DATE_FORMATS).optional(),
  values: z.partialRecord(field, z.record(z.string(), z.union([scalar, z.null()]))).optional(),
  constants: z.partialRecord(field, scalar).optional(),
  attributes: z.union([z.array(z.string().min(1)), z.record(z.string().min(1), z.string().min(1))]).optional(),
  one_row_per: z.literal('record_id').optional(),
});

/** A validated mapping: which header fills which canonical field, and how. */
export interface RecordMapping {
  path: string;
  kind: RecordKind;
  source: string;
  restricted: boolean;
  sheet: string | undefined;
  columns: Partial<Record<CanonicalField, string>>;
  dateFormat: DateFormat;
  values: Partial<Record<CanonicalField, Record<string, string | null>>>;
  constants: Partial<Record<CanonicalField, string>>;
  /** attrs key → header. */
  attributes: Record<string, string>;
  oneRowPerRecord: boolean;
}

const COLLISION_CATEGORY = 'Road traffic collision';

/** The mapping file for a data file: the one given, else `<name>.mapping.yaml`, else `mapping.yaml` beside it. */
export function locateMapping(
  file: FileProbe,
  given: string | undefined,
): { path: string; how: 'option' | 'file' | 'folder' } | null {
  if (given) return { path: resolve(given), how: 'option' };
  const { dir, stem } = whereFrom(file);
  const names = readdirSafe(dir);
  const own = names.find((n) => [`${stem}.mapping.yaml`, `${stem}.mapping.yml`].includes(n.toLowerCase()));
  if (own) return { path: join(dir, own), how: 'file' };
  const shared = names.find((n) => n === 'mapping.yaml' || n === 'mapping.yml');
  if (shared) return { path: join(dir, shared), how: 'folder' };
  return null;
}

/** The data file's folder (for a zip member, the archive's) and its lower-case name without extensions. */
function whereFrom(file: FileProbe): { dir: string; stem: string } {
  const bang = file.displayName.indexOf('!');
  const outer = bang >= 0 ? file.displayName.slice(0, bang) : file.displayName;
  const inner = bang >= 0 ? file.displayName.slice(bang + 1) : file.displayName;
  const stem = basename(inner)
    .toLowerCase()
    .replace(/\.gz$/, '')
    .replace(/\.(csv|tsv|txt|xlsx)$/, '');
  return { dir: dirname(resolve(outer)), stem };
}

function readdirSafe(dir: string): string[] {
  try {
    return existsSync(dir) ? readdirSync(dir) : [];
  } catch {
    return [];
  }
}

/** Reads, validates and normalises a mapping file; every problem names the file, the field and the fix. */
export function loadMapping(path: string): RecordMapping {
  if (!existsSync(path)) {
    throw new SaferError('Mapping file not found', {
      file: path,
      hint: 'Give the path of a YAML mapping with --mapping (see docs/mappings.md).',
    });
  }
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    const e = error as Error & { linePos?: { line: number; col: number }[] };
    throw new SaferError(`The mapping is not valid YAML: ${e.message.split('\n')[0]}`, {
      file: path,
      line: e.linePos?.[0]?.line,
      hint: 'Check indentation (spaces, not tabs) and quote values containing ":" or "#".',
    });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SaferError('The mapping must be a YAML object with kind, source and columns', {
      file: path,
      hint: 'See docs/mappings.md for a complete example.',
    });
  }
  const parsed = mappingSchema.safeParse(raw);
  if (!parsed.success) throw mappingError(path, raw as Record<string, unknown>, parsed.error.issues);
  const m = parsed.data;
  const stringify = (v: string | number | boolean): string => String(v);
  const values: RecordMapping['values'] = {};
  for (const [f, table] of Object.entries(m.values ?? {}) as [
    CanonicalField,
    Record<string, string | number | boolean | null>,
  ][]) {
    values[f] = Object.fromEntries(Object.entries(table).map(([k, v]) => [k.trim(), v === null ? null : stringify(v)]));
  }
  const constants: RecordMapping['constants'] = {};
  for (const [f, v] of Object.entries(m.constants ?? {}) as [CanonicalField, string | number | boolean][])
    constants[f] = stringify(v);
  const attributes: Record<string, string> = Array.isArray(m.attributes)
    ? Object.fromEntries(m.attributes.map((h) => [h, h]))
    : { ...(m.attributes ?? {}) };
  const mapping: RecordMapping = {
    path,
    kind: m.kind,
    source: m.source,
    restricted: m.restricted ?? false,
    sheet: m.sheet,
    columns: m.columns,
    dateFormat: m.date_format ?? 'auto',
    values,
    constants,
    attributes,
    oneRowPerRecord: m.one_row_per === 'record_id',
  };
  checkMeaning(mapping);
  return mapping;
}

function checkMeaning(m: RecordMapping): void {
  const fail = (field: string, message: string, hint: string): never => {
    throw new SaferError(`Mapping: ${field}: ${message}`, { file: m.path, hint });
  };
  const has = (f: CanonicalField): boolean => m.columns[f] !== undefined || m.constants[f] !== undefined;
  for (const f of Object.keys(m.constants) as CanonicalField[]) {
    if (m.columns[f] !== undefined)
      fail(
        `constants.${f}`,
        'is also mapped under columns',
        `Keep ${f} in columns (from the file) or in constants (one value for every row), not both.`,
      );
  }
  const dated = ['date', 'datetime', 'month'].filter((f) => m.columns[f as CanonicalField] !== undefined);
  if (dated.length === 0 && m.constants.month === undefined) {
    fail(
      'columns.date',
      'no date column',
      'Map the column holding the date under columns.date (or columns.datetime, or columns.month for month-only data).',
    );
  }
  if (m.columns.date !== undefined && m.columns.datetime !== undefined) {
    fail(
      'columns.datetime',
      'both date and datetime are mapped',
      'Map one of them: datetime for a date-and-time column, date (plus time) otherwise.',
    );
  }
  if (m.constants.date !== undefined || m.constants.datetime !== undefined) {
    fail(
      'constants.date',
      'a date cannot be a constant',
      'Use constants.month (e.g. 2021-03) for a file that covers one month.',
    );
  }
  if (m.kind === 'crime' && !has('category') && !has('offence_code')) {
    fail(
      'columns.offence_code',
      'a crime extract needs an offence code or a category',
      'Map the Home Office offence code column under columns.offence_code (the category is derived from it), or map columns.category.',
    );
  }
  if ((m.kind === 'incident' || m.kind === 'fire' || m.kind === 'other') && !has('category')) {
    const example =
      m.kind === 'fire'
        ? "'Deliberate fire' or 'Accidental fire'"
        : m.kind === 'incident'
          ? "'Anti-social behaviour'"
          : 'the record type';
    fail(
      'columns.category',
      `a ${m.kind} extract needs a category`,
      `Map the column holding it under columns.category, or set constants.category (e.g. ${example}).`,
    );
  }
  for (const f of Object.keys(m.values) as CanonicalField[]) {
    if (m.columns[f] === undefined)
      fail(
        `values.${f}`,
        `recodes a field that is not mapped under columns`,
        `Add columns.${f}: <header>, or remove values.${f}.`,
      );
  }
  if (m.oneRowPerRecord && m.columns.record_id === undefined) {
    fail(
      'one_row_per',
      'needs columns.record_id',
      'Map the record identifier (e.g. AREFNO, Crime Reference) under columns.record_id.',
    );
  }
  if (m.kind === 'collision' && !has('category')) m.constants.category = COLLISION_CATEGORY;
}

function mappingError(path: string, raw: Record<string, unknown>, issues: readonly z.core.$ZodIssue[]): SaferError {
  const issue = issues[0]!;
  const at = issue.path.map(String).join('.');
  const present = issue.path.reduce<unknown>(
    (o, k) => (o && typeof o === 'object' ? (o as Record<PropertyKey, unknown>)[k] : undefined),
    raw,
  );
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const where = at ? `${at}.${key}` : key;
    const known =
      at === 'columns' || at === 'values' || at === 'constants' ? CANONICAL_FIELDS : Object.keys(mappingSchema.shape);
    const guess = closest(key, known);
    const what = known === CANONICAL_FIELDS ? 'is not a canonical field' : 'is not a mapping setting';
    return new SaferError(`Mapping: ${where} ${what}`, {
      file: path,
      value: key,
      hint: `${guess ? `Did you mean "${guess}"? ` : ''}Known ${known === CANONICAL_FIELDS ? 'fields' : 'settings'}: ${known.join(', ')}.`,
    });
  }
  if (present === undefined && issue.path.length === 1) {
    const hints: Record<string, string> = {
      kind: `Add kind: one of ${RECORD_KINDS.join(', ')}.`,
      source:
        'Add source: a short name for the partner extract (e.g. county-police-crimes); re-imports of the same source replace its months.',
      columns: 'Add columns: with canonical field: header pairs (e.g. date: Committed Date).',
    };
    return new SaferError(`Mapping: required setting "${at}" is missing`, {
      file: path,
      hint: hints[at] ?? 'See docs/mappings.md.',
    });
  }
  if (issue.code === 'invalid_value' && 'values' in issue) {
    const allowed = (issue.values as unknown[]).map(String);
    const guess = typeof present === 'string' ? closest(present, allowed) : null;
    return new SaferError(`Mapping: ${at} has an unknown value`, {
      file: path,
      value: String(present),
      hint: `${guess ? `Did you mean "${guess}"? ` : ''}Use one of: ${allowed.join(', ')}.`,
    });
  }
  return new SaferError(`Mapping: ${at || 'the mapping'}: ${issue.message}`, {
    file: path,
    value: present === undefined ? undefined : JSON.stringify(present),
    hint: 'See docs/mappings.md for the shape of each setting.',
  });
}

/** The known name nearest to a misspelt one (edit distance ≤ 3), if any. */
export function closest(word: string, known: readonly string[]): string | null {
  let best: { name: string; d: number } | null = null;
  for (const name of known) {
    const d = distance(word.toLowerCase(), name.toLowerCase());
    if (d <= 3 && (!best || d < best.d)) best = { name, d };
  }
  return best?.name ?? null;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_v, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
