import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { SaferError } from '../core/errors.ts';
import { readYaml } from '../assess/config.ts';

/**
 * The analysts' own words: everything a partnership writes itself lives in its config folder
 * (`report.yaml` and `commentary/<section-id>.md`) and is merged into the generated document, so
 * regenerating the report never loses it. See docs/report.md.
 */
export interface AnalystWords {
  title?: string;
  subtitle?: string;
  /** Government Security Classification marking of the full edition (default OFFICIAL-SENSITIVE) */
  marking?: string;
  /** marking of the public edition (default OFFICIAL) */
  publicMarking?: string;
  /** public edition: counts below this are shown as "fewer than N" (default 5) */
  suppressBelow?: number;
  /** counts below this are called small numbers (default 10) */
  smallNumbers?: number;
  /** chapter ids in the order wanted; chapters not named follow in the default order */
  order?: string[];
  /** measure sections wanted, in this order (default: every measure assessed, priorities first) */
  measures?: string[];
  /** how much each measure section holds: auto (full for priorities and rising measures, brief otherwise), full or brief */
  detail?: 'auto' | 'full' | 'brief';
  /** measures given the full section whatever `detail` says */
  fullDetail?: string[];
  /** sections left out of every edition */
  omit?: string[];
  /** sections left out of the public edition only */
  publicOmit?: string[];
  /** last period's priorities as the partnership named them (default: from the risk config) */
  previousPriorities?: string[];
  /** paragraph(s) under the recommended priorities in the executive summary */
  priorityCommentary?: string;
  /** a note per recommended priority (measure id → text), shown in the priorities table */
  priorityNotes?: Record<string, string>;
  /** key recommendations per measure (measure id → sentences) */
  recommendations?: Record<string, string[]>;
  /** sections the partnership adds to the analysis chapter (after business crime), their text from commentary/<id>.md */
  sections?: { id: string; title: string }[];
  /** Markdown per section id, from commentary/<section-id>.md */
  commentary?: Record<string, string>;
  /** where the words came from (error messages) */
  files?: { report: string | null; commentary: string | null };
}

export const REPORT_FILE = 'report.yaml';
export const COMMENTARY_DIR = 'commentary';

const idList = z.array(z.string().min(1));
const reportSchema = z.strictObject({
  title: z.string().min(1).optional(),
  subtitle: z.string().min(1).optional(),
  marking: z.string().min(1).optional(),
  publicMarking: z.string().min(1).optional(),
  suppressBelow: z.number().int('a whole number').min(1).max(100).optional(),
  smallNumbers: z.number().int('a whole number').min(1).max(1000).optional(),
  order: idList.optional(),
  measures: idList.optional(),
  detail: z.enum(['auto', 'full', 'brief']).optional(),
  fullDetail: idList.optional(),
  omit: idList.optional(),
  publicOmit: idList.optional(),
  previousPriorities: z.array(z.string().min(1)).optional(),
  priorityCommentary: z.string().optional(),
  priorityNotes: z.record(z.string(), z.string()).optional(),
  recommendations: z.record(z.string(), z.union([z.string().min(1), z.array(z.string().min(1))])).optional(),
  sections: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and hyphens'),
        title: z.string().min(1),
      }),
    )
    .optional(),
});

const SECTION_FILE = /^[a-z0-9][a-z0-9-]*\.md$/;

/** No config folder: no words (every default applies). */
export function noWords(): AnalystWords {
  return { files: { report: null, commentary: null } };
}

/**
 * Reads `report.yaml` and `commentary/*.md` from the config folder. Ids are checked later against
 * the document (`checkWords`), where the known sections and measures are.
 */
export function loadAnalystWords(dir?: string | null): AnalystWords {
  if (!dir) return noWords();
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new SaferError('the config folder does not exist', {
      file: root,
      hint: `a folder holding ${REPORT_FILE} and ${COMMENTARY_DIR}/<section-id>.md (each optional); see docs/report.md`,
    });
  }
  const file = join(root, REPORT_FILE);
  const words: AnalystWords = { files: { report: existsSync(file) ? file : null, commentary: null } };
  if (existsSync(file)) {
    const raw = readYaml(file) ?? {};
    const parsed = reportSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const hint = `settings: ${Object.keys(reportSchema.shape).join(', ')}; see docs/report.md`;
      if (issue.code === 'unrecognized_keys')
        throw new SaferError(`"${[...issue.path, issue.keys[0]].join('.')}" is not a report setting`, {
          file,
          value: issue.keys[0],
          hint,
        });
      throw new SaferError(`"${issue.path.join('.') || '(top level)'}": ${issue.message}`, { file, hint });
    }
    const { recommendations, ...rest } = parsed.data;
    Object.assign(words, rest);
    if (recommendations)
      words.recommendations = Object.fromEntries(
        Object.entries(recommendations).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]),
      );
  }
  const commentaryDir = join(root, COMMENTARY_DIR);
  if (existsSync(commentaryDir) && statSync(commentaryDir).isDirectory()) {
    words.files!.commentary = commentaryDir;
    const commentary: Record<string, string> = {};
    for (const name of readdirSync(commentaryDir).sort()) {
      if (!name.endsWith('.md')) continue;
      if (!SECTION_FILE.test(name)) {
        throw new SaferError(
          'a commentary file must be named after a section id (lower-case letters, digits and hyphens) with .md',
          {
            file: join(commentaryDir, name),
            value: name,
            hint: 'e.g. commentary/dwelling-burglary.md or commentary/summary.md; the known ids are listed in docs/report.md',
          },
        );
      }
      commentary[name.slice(0, -3)] = readFileSync(join(commentaryDir, name), 'utf8');
    }
    words.commentary = commentary;
  }
  return words;
}

export interface KnownIds {
  sections: readonly string[];
  /** measure ids of the Assessment (and the ids they stand in for) */
  measures: readonly string[];
}

function unknown(
  kind: 'section' | 'measure',
  id: string,
  where: string,
  file: string | null | undefined,
  known: readonly string[],
): SaferError {
  return new SaferError(`${where} names an unknown ${kind} "${id}"`, {
    ...(file ? { file } : {}),
    value: id,
    hint: `known ${kind}s: ${known.join(', ')}`,
  });
}

/** Every section and measure the words name must exist; the error lists what is known. */
export function checkWords(words: AnalystWords, known: KnownIds): void {
  const report0 = words.files?.report ?? null;
  for (const s of words.sections ?? []) {
    if (known.sections.includes(s.id)) {
      throw new SaferError(
        `"sections" in ${REPORT_FILE} declares "${s.id}", which is already a section of the document`,
        {
          ...(report0 ? { file: report0 } : {}),
          value: s.id,
          hint: 'choose another id; its text goes in commentary/<id>.md',
        },
      );
    }
  }
  const sections = new Set([...known.sections, ...(words.sections ?? []).map((s) => s.id)]);
  const measures = new Set(known.measures);
  const report = words.files?.report ?? null;
  for (const [field, ids] of [
    ['order', words.order],
    ['omit', words.omit],
    ['publicOmit', words.publicOmit],
  ] as const) {
    for (const id of ids ?? [])
      if (!sections.has(id)) throw unknown('section', id, `"${field}" in ${REPORT_FILE}`, report, known.sections);
  }
  for (const id of words.measures ?? [])
    if (!measures.has(id)) throw unknown('measure', id, `"measures" in ${REPORT_FILE}`, report, known.measures);
  for (const id of words.fullDetail ?? [])
    if (!measures.has(id)) throw unknown('measure', id, `"fullDetail" in ${REPORT_FILE}`, report, known.measures);
  for (const id of Object.keys(words.recommendations ?? {}))
    if (!measures.has(id)) throw unknown('measure', id, `"recommendations" in ${REPORT_FILE}`, report, known.measures);
  for (const id of Object.keys(words.priorityNotes ?? {}))
    if (!measures.has(id)) throw unknown('measure', id, `"priorityNotes" in ${REPORT_FILE}`, report, known.measures);
  for (const id of Object.keys(words.commentary ?? {})) {
    if (!sections.has(id)) {
      const file = words.files?.commentary ? join(words.files.commentary, `${id}.md`) : null;
      throw unknown('section', id, `${COMMENTARY_DIR}/${id}.md`, file, known.sections);
    }
  }
}
