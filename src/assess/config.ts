import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { SaferError } from '../core/errors.ts';
import { defaultCatalogue, normalizeCatalogue, type Catalogue } from '../core/measures/catalogue.ts';
import { checkMeasureIds, defaultRiskConfig, parseRiskConfig, type RiskConfig } from '../core/risk/index.ts';
import { harmWeights, loadHarmWeights, type HarmTable } from '../core/harm/index.ts';

/** Everything a partnership can set, merged over the defaults (docs/configuration.md). */
export interface PartnershipConfig {
  dir: string | null;
  /** significance level of every change verdict */
  alpha: number;
  catalogue: Catalogue;
  /** measure ids assessed, in the order sections appear */
  measures: string[];
  /** declared peer groups: district code → peer codes ('*' applies to every district) */
  peers: Record<string, string[]>;
  harm: HarmTable;
  risk: RiskConfig;
  priorities: { include: string[]; exclude: string[]; note: string | null };
}

export const CONFIG_FILES = {
  assessment: 'assessment.yaml',
  measures: 'measures.yaml',
  harm: 'harm-weights.yaml',
} as const;

const assessmentSchema = z.strictObject({
  alpha: z.number().gt(0).lt(0.5).default(0.05),
  measures: z.array(z.string().min(1)).min(1).optional(),
  peers: z.union([z.array(z.string().min(1)), z.record(z.string(), z.array(z.string().min(1)))]).optional(),
  priorities: z
    .strictObject({
      include: z.array(z.string().min(1)).default([]),
      exclude: z.array(z.string().min(1)).default([]),
      note: z.string().optional(),
    })
    .prefault({}),
  risk: z.unknown().optional(),
});

/** Reads a YAML file; a syntax error names the line and column. */
export function readYaml(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  const doc = parseDocument(text, { prettyErrors: false });
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    throw new SaferError(`not valid YAML: ${error.message.split('\n')[0]}`, {
      file,
      line: pos?.line,
      column: pos?.col,
      hint: 'check the indentation and quoting on that line',
    });
  }
  return doc.toJS() as unknown;
}

function zodFail(error: z.ZodError, file: string, raw: unknown, hint: string): never {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    throw new SaferError(`"${[...issue.path, issue.keys[0]].join('.')}" is not a setting`, {
      file,
      value: issue.keys[0],
      hint,
    });
  }
  let value: unknown = raw;
  for (const key of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey];
  throw new SaferError(`"${issue.path.join('.') || '(top level)'}": ${issue.message}`, {
    file,
    value: value === undefined ? undefined : JSON.stringify(value),
    hint,
  });
}

function checkIds(ids: readonly string[], catalogue: Catalogue, file: string, field: string): void {
  for (const id of ids) {
    if (!catalogue.has(id)) {
      throw new SaferError(`"${field}" names an unknown measure`, {
        file,
        value: id,
        hint: `known measures: ${[...catalogue.keys()].join(', ')}`,
      });
    }
  }
}

/**
 * The partnership's config folder merged over the defaults. Every file is optional: `assessment.yaml`
 * (alpha, measures and their order, peers, priority overrides, risk), `measures.yaml` (catalogue
 * override) and `harm-weights.yaml`. No folder: all defaults.
 */
export function loadConfig(dir?: string | null): PartnershipConfig {
  let catalogue = defaultCatalogue();
  let harm = harmWeights();
  let risk = defaultRiskConfig();
  if (!dir) {
    return {
      dir: null,
      alpha: 0.05,
      catalogue,
      measures: [...catalogue.keys()],
      peers: {},
      harm,
      risk,
      priorities: { include: [], exclude: [], note: null },
    };
  }
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new SaferError('the config folder does not exist', {
      file: root,
      hint: `a folder holding ${Object.values(CONFIG_FILES).join(', ')} (each optional); see docs/configuration.md`,
    });
  }
  const path = (name: string) => join(root, name);
  if (existsSync(path(CONFIG_FILES.measures)))
    catalogue = normalizeCatalogue(readYaml(path(CONFIG_FILES.measures)), path(CONFIG_FILES.measures));
  if (existsSync(path(CONFIG_FILES.harm)))
    harm = loadHarmWeights(readYaml(path(CONFIG_FILES.harm)), path(CONFIG_FILES.harm), harm);
  const file = path(CONFIG_FILES.assessment);
  const raw = existsSync(file) ? (readYaml(file) ?? {}) : {};
  const parsed = assessmentSchema.safeParse(raw);
  if (!parsed.success)
    zodFail(
      parsed.error,
      file,
      raw,
      `settings: ${Object.keys(assessmentSchema.shape).join(', ')}; see docs/configuration.md`,
    );
  const a = parsed.data;
  if (a.risk !== undefined) risk = parseRiskConfig(a.risk, file);
  checkMeasureIds(risk, [...catalogue.keys()], file);
  const measures = a.measures ?? [...catalogue.keys()];
  checkIds(measures, catalogue, file, 'measures');
  checkIds(a.priorities.include, catalogue, file, 'priorities.include');
  checkIds(a.priorities.exclude, catalogue, file, 'priorities.exclude');
  if (!measures.includes('all-crime') && catalogue.has('all-crime')) measures.unshift('all-crime');
  const peers = Array.isArray(a.peers) ? { '*': a.peers } : (a.peers ?? {});
  return {
    dir: root,
    alpha: a.alpha,
    catalogue,
    measures,
    peers,
    harm,
    risk,
    priorities: { include: a.priorities.include, exclude: a.priorities.exclude, note: a.priorities.note ?? null },
  };
}
