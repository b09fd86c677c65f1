/**
 * Harm weights: Crime Severity Score (CSS) weights per Home Office offence code and per
 * data.police.uk crime type, a partnership's override file, and weighted totals. Pure: no I/O.
 */
import { z } from 'zod';
import { SaferError } from '../errors.ts';
import { OFFENCE_CODES } from '../taxonomy/offence-codes.ts';
import { POLICE_UK_TYPES } from '../taxonomy/police-uk-types.ts';
import type { PoliceUkType } from '../taxonomy/police-uk-types.ts';
import { DEFAULT_EDITION, DEFAULT_SOURCE, DEFAULT_WEIGHTS } from './default-weights.ts';

export { DEFAULT_WEIGHTS } from './default-weights.ts';
export type { DefaultWeight, WeightBasis } from './default-weights.ts';

export interface HarmTable {
  source: string;
  edition: string;
  byOffenceCode: ReadonlyMap<string, number>;
  byPoliceUkType: ReadonlyMap<string, number>;
  notes: string[];
}

/**
 * Codes replaced by later codes (taxonomy/offence-codes.ts): they still weigh their own records,
 * but are left out of a police.uk type's mean so that one offence does not count twice.
 */
const RETIRED_CODES: ReadonlySet<string> = new Set([
  '28A',
  '28B',
  '28C',
  '28D',
  '29',
  '30A',
  '30B',
  '31',
  '5A',
  '5B',
  '5C',
  '8F',
  '8G',
  '8H',
  '8J',
  '8K',
  '58E',
  '58F',
  '58G',
  '58H',
]);

const NO_CSS_WEIGHT: PoliceUkType = 'Anti-social behaviour';

/**
 * A weight per data.police.uk crime type: the mean of the weights of its current offence codes,
 * weighted by `volumes` (offence code → count, e.g. the partnership's own recorded crime) when
 * given and non-zero for the type, else unweighted. Types with no weighted code are left out,
 * as is Anti-social behaviour, which has no CSS weight.
 */
export function policeUkTypeWeights(
  byOffenceCode: ReadonlyMap<string, number>,
  volumes?: ReadonlyMap<string, number>,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const type of POLICE_UK_TYPES) {
    if (type === NO_CSS_WEIGHT) continue;
    const codes = OFFENCE_CODES.filter(
      (o) => o.policeUkType === type && !RETIRED_CODES.has(o.code) && byOffenceCode.has(o.code),
    );
    if (codes.length === 0) continue;
    const volumeOf = (code: string) => volumes?.get(code) ?? 0;
    const totalVolume = codes.reduce((s, o) => s + volumeOf(o.code), 0);
    const share = (code: string) => (totalVolume > 0 ? volumeOf(code) / totalVolume : 1 / codes.length);
    out.set(
      type,
      codes.reduce((s, o) => s + share(o.code) * byOffenceCode.get(o.code)!, 0),
    );
  }
  return out;
}

/** The default table: see default-weights.ts for every code's weight and how it was obtained. */
export function harmWeights(): HarmTable {
  const byOffenceCode = new Map(DEFAULT_WEIGHTS.map((w) => [w.code, w.weight]));
  const count = (basis: string) => DEFAULT_WEIGHTS.filter((w) => w.basis === basis).length;
  return {
    source: DEFAULT_SOURCE,
    edition: DEFAULT_EDITION,
    byOffenceCode,
    byPoliceUkType: policeUkTypeWeights(byOffenceCode),
    notes: [
      'These are not the official ONS Crime Severity Score weights: the ONS table could not be obtained, so the defaults are an approximation (docs/methods.md, "Harm: Crime Severity Score weights").',
      `Of ${DEFAULT_WEIGHTS.length} offence codes: ${count('ons')} carry an ONS weight named by its source, ${count('ons-order')} an ONS 2016 weight matched by list order, ${count('ons-inferred')} an ONS 2016 weight matched by size or rank, ${count('imputed')} are copied from the nearest offence in the same sub-group and ${count('category-median')} take the median ONS weight of their data.police.uk type.`,
      "Police.uk crime type weights are unweighted means over each type's current offence codes; they overstate types that hold rare, serious offences (Violence and sexual offences above all). Prefer counts by offence code.",
      'Anti-social behaviour has no Crime Severity Score weight and is not weighted.',
    ],
  };
}

const DOCS = 'see docs/methods.md, "Harm: Crime Severity Score weights"';

const overrideSchema = z.strictObject({
  source: z.string().trim().min(1, 'a non-empty description of where the weights come from').optional(),
  edition: z.string().trim().min(1, 'a non-empty edition').optional(),
  weights: z.record(z.string(), z.unknown()),
});

/**
 * Applies a partnership's harm weights file (parsed YAML: `{ source?, edition?, weights: { <offence
 * code or data.police.uk type>: number } }`) on top of `base`. Offence codes replace the code's
 * weight and re-derive the weight of its police.uk type; a police.uk type named in the file takes
 * the weight given. Unknown keys, and negative or non-numeric weights, are refused.
 */
export function loadHarmWeights(raw: unknown, file: string, base: HarmTable = harmWeights()): HarmTable {
  const parsed = overrideSchema.safeParse(raw);
  if (!parsed.success) throw schemaError(parsed.error, raw, file);
  const { source, edition, weights } = parsed.data;

  const knownCodes = new Set([...OFFENCE_CODES.map((o) => o.code), ...base.byOffenceCode.keys()]);
  const typeByLowerName = new Map<string, PoliceUkType>(POLICE_UK_TYPES.map((t) => [t.toLowerCase(), t]));
  const codeWeights = new Map<string, number>();
  const typeWeights = new Map<string, number>();
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(weights)) {
    const name = key.trim();
    const type = typeByLowerName.get(name.toLowerCase());
    const code = knownCodes.has(name) ? name : knownCodes.has(name.toUpperCase()) ? name.toUpperCase() : undefined;
    if (code === undefined && type === undefined) {
      unknown.push(key);
      continue;
    }
    const weight = checkWeight(key, value, file);
    if (code !== undefined) codeWeights.set(code, weight);
    else typeWeights.set(type!, weight);
  }
  if (unknown.length > 0) {
    throw new SaferError(
      `harm weights: ${unknown.length === 1 ? 'a key is' : `${unknown.length} keys are`} neither a known offence code nor a data.police.uk crime type`,
      {
        file,
        value: unknown.join(', '),
        hint:
          `Known police.uk types: ${POLICE_UK_TYPES.join(', ')}. Known offence codes: ${[...knownCodes].join(', ')}. ` +
          `Quote codes with a trailing zero, e.g. '4.10', or YAML reads them as numbers; ${DOCS}.`,
      },
    );
  }

  const byOffenceCode = new Map(base.byOffenceCode);
  for (const [code, weight] of codeWeights) byOffenceCode.set(code, weight);
  const rederived = policeUkTypeWeights(byOffenceCode);
  const touched = new Set(OFFENCE_CODES.filter((o) => codeWeights.has(o.code)).map((o) => o.policeUkType as string));
  const byPoliceUkType = new Map(base.byPoliceUkType);
  for (const type of touched) {
    const w = rederived.get(type);
    if (w === undefined) byPoliceUkType.delete(type);
    else byPoliceUkType.set(type, w);
  }
  for (const [type, weight] of typeWeights) byPoliceUkType.set(type, weight);

  const changed = codeWeights.size + typeWeights.size;
  return {
    source: source ?? `${base.source} (with ${changed} weight${changed === 1 ? '' : 's'} from ${file})`,
    edition: edition ?? base.edition,
    byOffenceCode,
    byPoliceUkType,
    notes: [
      ...base.notes,
      `${file}: ${codeWeights.size} offence code weight${codeWeights.size === 1 ? '' : 's'} and ${typeWeights.size} police.uk type weight${typeWeights.size === 1 ? '' : 's'} set by the partnership.`,
    ],
  };
}

function checkWeight(key: string, value: unknown, file: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  const shown = typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
  throw new SaferError(`harm weights: the weight of "${key}" must be a number of 0 or more`, {
    file,
    value: shown,
    hint: `Write a plain number, e.g. ${key}: 12.5; ${DOCS}.`,
  });
}

function schemaError(error: z.ZodError, raw: unknown, file: string): SaferError {
  // A misspelt key also leaves "weights" missing; naming the misspelling is the more useful message.
  const issue = error.issues.find((i) => i.code === 'unrecognized_keys') ?? error.issues[0]!;
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    return new SaferError(`harm weights: "${issue.keys[0]}" is not a harm weights setting`, {
      file,
      value: issue.keys.join(', '),
      hint: `Known settings: ${Object.keys(overrideSchema.shape).join(', ')}; ${DOCS}.`,
    });
  }
  if (path.length === 0) {
    return new SaferError('harm weights: the file must hold a mapping with a "weights:" section', {
      file,
      hint: `e.g.\nsource: ONS Crime Severity Score data tool, 2024 edition\nweights:\n  8N: 203.07\n  Burglary: 438\n${DOCS}.`,
    });
  }
  const present = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[path[0]!] : undefined;
  const value = present === undefined ? undefined : typeof present === 'string' ? present : JSON.stringify(present);
  const message =
    present === undefined
      ? 'is required'
      : path[0] === 'weights'
        ? 'must be a mapping of offence codes or data.police.uk crime types to weights'
        : 'must be a non-empty piece of text';
  return new SaferError(`harm weights: "${path.join('.')}" ${message}`, { file, value, hint: DOCS });
}

/**
 * The harm-weighted total of counts keyed by offence code ('records') or data.police.uk crime type
 * ('police-uk'): Σ count × weight. `unweighted` lists, sorted, the keys with a non-zero count and
 * no weight (they add nothing to the total; e.g. Anti-social behaviour).
 */
export function harmTotal(
  countsByKey: ReadonlyMap<string, number>,
  table: HarmTable,
  taxonomy: 'records' | 'police-uk',
): { total: number; unweighted: string[] } {
  const weights = taxonomy === 'records' ? table.byOffenceCode : table.byPoliceUkType;
  let total = 0;
  const unweighted: string[] = [];
  for (const [key, count] of countsByKey) {
    if (!Number.isFinite(count) || count < 0)
      throw new RangeError(`harmTotal: the count for ${JSON.stringify(key)} is ${count}`);
    const weight = weights.get(key);
    if (weight === undefined) {
      if (count !== 0) unweighted.push(key);
      continue;
    }
    total += count * weight;
  }
  return { total, unweighted: unweighted.sort() };
}
