import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, stringify } from 'yaml';
import { SaferError } from '../../core/errors.ts';
import { normaliseHeader } from '../../ingest/csv-header.ts';
import { CANONICAL_FIELDS, loadMapping, type CanonicalField } from '../../ingest/records/mapping.ts';

/**
 * Partner sources made in the browser: a mapping chosen from the project's own templates
 * (examples/mappings: crime, ASB incidents, fire incidents, STATS19 collisions), with each of its
 * columns matched to a column of the partner's file, written as a mapping file the server owns
 * (`<store>.sources/<source>.mapping.yaml`). The browser never sends YAML or a path.
 */
export interface MappingTemplate {
  id: string;
  label: string;
  kind: string;
  /** canonical field → the column the template's partner calls it */
  columns: Partial<Record<CanonicalField, string>>;
  dateFormat: string;
  raw: Record<string, unknown>;
}

const TEMPLATE_LABELS: Record<string, string> = {
  crime: 'Recorded crime extract (one row per crime)',
  'asb-incidents': 'Police ASB incidents (one row per incident)',
  'fire-incidents': 'Fire and rescue incidents (IRS export, fires)',
  'collision-stats19': 'Road traffic collisions (STATS19 collision file)',
  'gm-stats19-casualties': 'Road casualties (one row per casualty, STATS19)',
};

/** What each canonical field means, in the words the form shows. */
export const FIELD_LABELS: Record<CanonicalField, string> = {
  record_id: 'Record reference (unique per record)',
  date: 'Date',
  datetime: 'Date and time (one column)',
  month: 'Month',
  time: 'Time',
  category: 'Category',
  sub_category: 'Sub-category or type',
  offence_code: 'Home Office offence code',
  lsoa: 'LSOA code',
  ward: 'Ward code',
  beat: 'Beat',
  district: 'District code',
  force: 'Force',
  longitude: 'Longitude',
  latitude: 'Latitude',
  location: 'Location or street',
  outcome: 'Outcome',
  outcome_date: 'Outcome date',
  context: 'Context',
  property_type: 'Property type',
};

function templatesFolder(): string {
  return fileURLToPath(new URL('../../../examples/mappings/', import.meta.url));
}

let cached: MappingTemplate[] | null = null;

export function mappingTemplates(): MappingTemplate[] {
  if (cached) return cached;
  const dir = templatesFolder();
  const names = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.mapping.yaml')) : [];
  cached = names.sort().map((name) => {
    const id = name.replace(/\.mapping\.yaml$/, '');
    const raw = parseYaml(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>;
    return {
      id,
      label: TEMPLATE_LABELS[id] ?? id,
      kind: String(raw['kind']),
      columns: (raw['columns'] ?? {}) as Partial<Record<CanonicalField, string>>,
      dateFormat: String(raw['date_format'] ?? 'auto'),
      raw,
    };
  });
  return cached;
}

export function templateById(id: string): MappingTemplate {
  const t = mappingTemplates().find((m) => m.id === id);
  if (!t)
    throw new SaferError('unknown template', {
      value: id,
      hint: 'choose one of the templates listed',
      code: 'E_VALIDATION',
    });
  return t;
}

/** Where the server keeps the mappings of sources made in the browser. */
export function sourcesFolder(storePath: string): string {
  return storePath === ':memory:' ? join(tmpdir(), `safer-sources-${process.pid}`) : `${storePath}.sources`;
}

export interface CreatedSource {
  source: string;
  kind: string;
  mapping: string;
}

/** The browser-made sources whose mapping the server holds. */
export function createdSources(storePath: string): CreatedSource[] {
  const dir = sourcesFolder(storePath);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.mapping.yaml'))
    .sort()
    .flatMap((n) => {
      const path = join(dir, n);
      try {
        const m = loadMapping(path);
        return [{ source: m.source, kind: m.kind, mapping: path }];
      } catch {
        return [];
      }
    });
}

/** The template's column for a field when the file has it (loosely compared), else null. */
export function suggestColumn(
  template: MappingTemplate,
  field: CanonicalField,
  header: readonly string[],
): string | null {
  const wanted = template.columns[field];
  if (wanted === undefined) return null;
  return header.find((h) => normaliseHeader(h) === normaliseHeader(wanted)) ?? null;
}

const SOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/;

export interface NewSourceRequest {
  template: string;
  source: string;
  /** canonical field → a column of the sample file, or '' for none */
  columns: Partial<Record<string, string>>;
  dateFormat: string;
  header: readonly string[];
  existing: readonly string[];
}

/**
 * Writes the mapping of a new source: every chosen column must be one of the sample file's
 * columns, the template's recodings and constants are kept, and the pipeline's own mapping check
 * runs on the result before it is kept. Returns the mapping's path.
 */
export function createSource(storePath: string, request: NewSourceRequest): CreatedSource {
  const template = templateById(request.template);
  const source = request.source.trim();
  if (!SOURCE_NAME.test(source))
    throw new SaferError('the source name may hold letters, digits, dots, dashes and underscores (2 to 64)', {
      value: source,
      hint: 'for example county-fire-incidents',
      code: 'E_VALIDATION',
    });
  if (request.existing.some((s) => s.toLowerCase() === source.toLowerCase()))
    throw new SaferError(`a source called ${source} exists already`, {
      value: source,
      hint: 'choose another name, or upload to the existing source',
      code: 'E_EXISTS',
    });
  const columns: Partial<Record<CanonicalField, string>> = {};
  for (const [field, column] of Object.entries(request.columns)) {
    if (!column) continue;
    if (!(CANONICAL_FIELDS as readonly string[]).includes(field))
      throw new SaferError('unknown field', { value: field, code: 'E_VALIDATION' });
    if (!request.header.includes(column))
      throw new SaferError(`the file has no column "${column}"`, {
        column,
        value: column,
        hint: `choose one of its columns: ${request.header.join(', ')}`,
        code: 'E_VALIDATION',
      });
    columns[field as CanonicalField] = column;
  }
  if (!columns.date && !columns.datetime && !columns.month)
    throw new SaferError('choose the column holding the date (or date and time, or month)', {
      hint: 'every record needs a date to be counted by month',
      code: 'E_VALIDATION',
    });
  if (!columns.lsoa && !columns.ward && !columns.district && !columns.beat && !(columns.longitude && columns.latitude))
    throw new SaferError('choose at least one place column: LSOA, ward, district, beat, or longitude and latitude', {
      hint: 'records are counted in the areas their place falls in',
      code: 'E_VALIDATION',
    });
  const fields = Object.keys(columns);
  const raw = template.raw;
  const values = Object.fromEntries(
    Object.entries((raw['values'] ?? {}) as Record<string, unknown>).filter(([f]) => fields.includes(f)),
  );
  const mapping: Record<string, unknown> = {
    kind: template.kind,
    source,
    columns,
    date_format: request.dateFormat || template.dateFormat,
    ...(Object.keys(values).length ? { values } : {}),
    ...(raw['constants'] ? { constants: raw['constants'] } : {}),
    ...(raw['sheet'] ? { sheet: raw['sheet'] } : {}),
  };
  const dir = sourcesFolder(storePath);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${source}.mapping.yaml`);
  const draft = `${path}.${process.pid}.draft`;
  writeFileSync(
    draft,
    `# Made in the browser from the template ${template.id}\n${stringify(mapping, { lineWidth: 0 })}`,
    { mode: 0o600 },
  );
  try {
    loadMapping(draft);
  } catch (error) {
    rmSync(draft, { force: true });
    if (error instanceof SaferError)
      throw new SaferError(error.message.replace(/^Mapping: /, 'The column choices: '), {
        hint: 'check the columns chosen for each field',
        code: 'E_VALIDATION',
      });
    throw error;
  }
  renameSync(draft, path);
  return { source, kind: template.kind, mapping: path };
}
