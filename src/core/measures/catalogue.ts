import { SaferError } from '../errors.ts';
import { OFFENCE_CODES } from '../taxonomy/offence-codes.ts';
import { measureSchema, overrideSchema, type Measure, type MeasureInput } from './schema.ts';

/** Codes of the default taxonomy by Home Office sub-group (fails loudly if a sub-group is renamed). */
function subgroup(...names: string[]): string[] {
  const codes = OFFENCE_CODES.filter((o) => names.includes(o.subgroup)).map((o) => o.code);
  if (codes.length === 0) throw new Error(`no offence codes in sub-group(s) ${names.join(', ')}`);
  return codes;
}

const ALL_CODES = OFFENCE_CODES.map((o) => o.code);
const DWELLING_BURGLARY = subgroup('Domestic burglary', 'Residential burglary');
const NON_DWELLING_BURGLARY = subgroup('Non-domestic burglary', 'Business and community burglary');
const DISTRACTION_BURGLARY = ['28C', '28D', '28G', '28H'];
const VEHICLE_EXCL_INTERFERENCE = ['37.2', '45', '48'];
const ROBBERY = ['34A', '34B'];
const VIOLENCE = subgroup(
  'Homicide',
  'Death or serious injury caused by unlawful driving',
  'Violence with injury',
  'Violence without injury',
  'Stalking and harassment',
);
const ARSON = subgroup('Arson');
const CRIMINAL_DAMAGE = subgroup('Criminal damage');
const DRUGS = subgroup('Trafficking of drugs', 'Possession of drugs');
const BCS_COMPARATOR = [
  ...DWELLING_BURGLARY,
  '37.2',
  '45',
  '48',
  '126', // theft of and from vehicles, vehicle interference
  '44', // bicycle theft
  '39', // theft from the person
  '34B', // robbery of personal property
  '5A',
  '5D',
  '8F',
  '8G',
  '8H',
  '8J',
  '8N',
  '8P', // wounding / violence with injury
  '105A',
  '105B', // common assault
  ...CRIMINAL_DAMAGE,
];
const ALL_POLICE_UK_CRIME = [
  'Bicycle theft',
  'Burglary',
  'Criminal damage and arson',
  'Drugs',
  'Other crime',
  'Other theft',
  'Possession of weapons',
  'Public order',
  'Robbery',
  'Shoplifting',
  'Theft from the person',
  'Vehicle crime',
  'Violence and sexual offences',
];
const NO_PUK = 'data.police.uk publishes no finer type';

const DEFAULT: MeasureInput[] = [
  {
    id: 'all-crime',
    priorityCandidate: false,
    title: 'All crime',
    kind: 'crime',
    filters: { offenceCodes: ALL_CODES, policeUkTypes: ALL_POLICE_UK_CRIME },
    breakdown: 'category',
  },
  {
    id: 'asb',
    title: 'ASB incidents',
    kind: 'incident',
    filters: { categories: ['Anti-social behaviour'] },
    breakdown: 'sub_category',
  },
  {
    id: 'bcs-comparator',
    priorityCandidate: false,
    title: 'BCS comparator crimes',
    kind: 'crime',
    filters: { offenceCodes: BCS_COMPARATOR },
    note: 'crimes comparable with the Crime Survey for England and Wales; see docs/measures.md for the codes chosen',
  },
  {
    id: 'serious-acquisitive',
    title: 'Serious acquisitive crime',
    kind: 'crime',
    filters: { offenceCodes: [...DWELLING_BURGLARY, ...ROBBERY, ...VEHICLE_EXCL_INTERFERENCE] },
    breakdown: 'offence_code',
    fallback: {
      measure: 'burglary-robbery-vehicle',
      note: `${NO_PUK}: all burglary, robbery and vehicle crime (incl. non-dwelling burglary and vehicle interference) shown instead`,
    },
  },
  {
    id: 'burglary-robbery-vehicle',
    priorityCandidate: false,
    title: 'Burglary, robbery and vehicle crime (all)',
    kind: 'crime',
    filters: {
      offenceCodes: [...DWELLING_BURGLARY, ...NON_DWELLING_BURGLARY, ...ROBBERY, ...VEHICLE_EXCL_INTERFERENCE, '126'],
      policeUkTypes: ['Burglary', 'Robbery', 'Vehicle crime'],
    },
    breakdown: 'category',
  },
  {
    id: 'dwelling-burglary',
    title: 'All burglary dwelling (including attempts)',
    kind: 'crime',
    filters: { offenceCodes: DWELLING_BURGLARY },
    denominator: 'households',
    breakdown: 'offence_code',
    fallback: {
      measure: 'burglary',
      note: `${NO_PUK}: all burglary (dwelling and non-dwelling) shown instead, per 1,000 residents`,
    },
  },
  {
    id: 'distraction-burglary',
    title: 'Distraction burglary (including attempts)',
    kind: 'crime',
    filters: { offenceCodes: DISTRACTION_BURGLARY },
    denominator: 'households',
  },
  {
    id: 'non-dwelling-burglary',
    title: 'Burglary other (non-domestic burglary)',
    kind: 'crime',
    filters: { offenceCodes: NON_DWELLING_BURGLARY },
    fallback: { measure: 'burglary', note: `${NO_PUK}: all burglary (dwelling and non-dwelling) shown instead` },
  },
  {
    id: 'burglary',
    title: 'All burglary',
    kind: 'crime',
    filters: { offenceCodes: [...DWELLING_BURGLARY, ...NON_DWELLING_BURGLARY], policeUkTypes: ['Burglary'] },
    breakdown: 'offence_code',
  },
  {
    id: 'vehicle-crime',
    title: 'Vehicle crime (excluding interference)',
    kind: 'crime',
    filters: { offenceCodes: VEHICLE_EXCL_INTERFERENCE },
    breakdown: 'offence_code',
    fallback: { measure: 'vehicle-crime-all', note: 'data.police.uk "Vehicle crime" includes vehicle interference' },
  },
  {
    id: 'vehicle-crime-all',
    priorityCandidate: false,
    title: 'Vehicle crime (including interference)',
    kind: 'crime',
    filters: { offenceCodes: [...VEHICLE_EXCL_INTERFERENCE, '126'], policeUkTypes: ['Vehicle crime'] },
    breakdown: 'offence_code',
  },
  {
    id: 'robbery',
    title: 'All robbery (business and personal)',
    kind: 'crime',
    filters: { offenceCodes: ROBBERY, policeUkTypes: ['Robbery'] },
    breakdown: 'offence_code',
  },
  {
    id: 'violence',
    title: 'All violent crime (violence against the person)',
    kind: 'crime',
    filters: { offenceCodes: VIOLENCE },
    breakdown: 'offence_code',
    fallback: {
      measure: 'violence-and-sexual',
      note: 'data.police.uk "Violence and sexual offences" includes sexual offences',
    },
  },
  {
    id: 'violence-and-sexual',
    priorityCandidate: false,
    title: 'Violence and sexual offences',
    kind: 'crime',
    filters: {
      offenceCodes: [...VIOLENCE, ...subgroup('Rape', 'Other sexual offences')],
      policeUkTypes: ['Violence and sexual offences'],
    },
  },
  {
    id: 'night-time-violence',
    title: 'Night-time violence (Fri/Sat 19:00–06:00)',
    kind: 'crime',
    filters: {
      offenceCodes: subgroup('Violence with injury', 'Violence without injury'),
      time: { evenings: [5, 6], from: '19:00', to: '06:00' },
    },
    note: 'violence with and without injury recorded from Friday or Saturday 19:00 to 06:00 the next morning; needs offence time, so not available from data.police.uk',
  },
  {
    id: 'criminal-damage',
    title: 'All criminal damage',
    kind: 'crime',
    filters: { offenceCodes: CRIMINAL_DAMAGE },
    breakdown: 'offence_code',
    fallback: {
      measure: 'criminal-damage-and-arson',
      note: 'data.police.uk "Criminal damage and arson" includes arson',
    },
  },
  {
    id: 'arson',
    title: 'Arson',
    kind: 'crime',
    filters: { offenceCodes: ARSON },
    fallback: {
      measure: 'criminal-damage-and-arson',
      note: `${NO_PUK}: criminal damage and arson together shown instead`,
    },
  },
  {
    id: 'criminal-damage-and-arson',
    priorityCandidate: false,
    title: 'Criminal damage and arson',
    kind: 'crime',
    filters: { offenceCodes: [...CRIMINAL_DAMAGE, ...ARSON], policeUkTypes: ['Criminal damage and arson'] },
  },
  {
    id: 'shoplifting',
    title: 'Shoplifting',
    kind: 'crime',
    filters: { offenceCodes: ['46'], policeUkTypes: ['Shoplifting'] },
  },
  {
    id: 'bicycle-theft',
    title: 'Bicycle theft',
    kind: 'crime',
    filters: { offenceCodes: ['44'], policeUkTypes: ['Bicycle theft'] },
  },
  {
    id: 'theft-from-person',
    title: 'Theft from the person',
    kind: 'crime',
    filters: { offenceCodes: ['39'], policeUkTypes: ['Theft from the person'] },
  },
  {
    id: 'drugs',
    title: 'Drug offences',
    kind: 'crime',
    filters: { offenceCodes: DRUGS, policeUkTypes: ['Drugs'] },
    breakdown: 'offence_code',
  },
  {
    id: 'drug-trafficking',
    title: 'Trafficking of drugs',
    kind: 'crime',
    filters: { offenceCodes: ['92A'] },
    fallback: { measure: 'drugs', note: `${NO_PUK}: all drug offences shown instead` },
  },
  {
    id: 'drug-possession',
    title: 'Possession of drugs',
    kind: 'crime',
    filters: { offenceCodes: ['92C', '92D', '92E'] },
    fallback: { measure: 'drugs', note: `${NO_PUK}: all drug offences shown instead` },
  },
  {
    id: 'deliberate-fires',
    title: 'Deliberate fires',
    kind: 'fire',
    filters: { categories: ['Deliberate fire'] },
    breakdown: 'sub_category',
  },
  {
    id: 'road-traffic-collisions',
    title: 'Road traffic collisions',
    kind: 'collision',
    filters: { categories: ['Road traffic collision'] },
    breakdown: 'sub_category',
  },
  {
    id: 'rtc-ksi',
    title: 'Road traffic collisions: killed or seriously injured',
    kind: 'collision',
    filters: { categories: ['Road traffic collision'], subCategories: ['Fatal', 'Serious'] },
    breakdown: 'sub_category',
  },
];

export type Catalogue = ReadonlyMap<string, Measure>;

function fail(message: string, file: string, value: unknown, hint?: string): never {
  throw new SaferError(message, { file, value: typeof value === 'string' ? value : JSON.stringify(value), hint });
}

function parseMeasure(raw: unknown, file: string, where: string): Measure {
  const result = measureSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join('.');
    let value: unknown = raw;
    for (const key of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey];
    fail(
      `${where}: field "${field}": ${issue.message}`,
      file,
      value,
      'see docs/measures.md for the fields of a measure',
    );
  }
  return result.data;
}

/** Fallbacks must name known measures and never loop. */
function checkFallbacks(measures: Map<string, Measure>, file: string): void {
  const known = [...measures.keys()].join(', ');
  for (const m of measures.values()) {
    const seen = new Set([m.id]);
    let next = m.fallback?.measure;
    while (next !== undefined) {
      const target = measures.get(next);
      if (!target)
        fail(
          `measure "${m.id}": field "fallback.measure" names an unknown or disabled measure`,
          file,
          next,
          `known measures: ${known}`,
        );
      if (seen.has(next)) fail(`measure "${m.id}": fallbacks loop back to "${next}"`, file, next);
      seen.add(next);
      next = target.fallback?.measure;
    }
  }
}

/** The built-in catalogue, validated. */
export function defaultCatalogue(): Catalogue {
  const map = new Map<string, Measure>();
  for (const raw of DEFAULT) map.set(raw.id, parseMeasure(raw, 'default catalogue', `measure "${raw.id}"`));
  checkFallbacks(map, 'default catalogue');
  return map;
}

/**
 * Merges a partnership's override (parsed YAML/JSON: `{measures: [...], disable: [...]}`) with the
 * default catalogue: a measure with a new id is added (complete definition); one with a known id
 * has its given fields replace the default's (filters replaced as a whole); ids under `disable` are
 * removed. Errors name the file, the field and the value, and list the known ids.
 */
export function normalizeCatalogue(raw: unknown, file: string, base: Catalogue = defaultCatalogue()): Catalogue {
  const parsed = overrideSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    fail(
      `field "${issue.path.join('.') || '(top level)'}": ${issue.message}`,
      file,
      raw,
      'an override holds "measures:" (a list) and/or "disable:" (a list of ids)',
    );
  }
  const known = () => [...map.keys()].join(', ');
  const map = new Map(base);
  parsed.data.measures.forEach((entry, i) => {
    const id = entry.id;
    if (typeof id !== 'string')
      fail(`measures[${i}]: field "id" is missing or not text`, file, id, `known measures: ${known()}`);
    const existing = map.get(id);
    const merged = existing ? { ...existing, ...entry } : entry;
    map.set(id, parseMeasure(merged, file, `measures[${i}] ("${id}")`));
  });
  for (const id of parsed.data.disable) {
    if (!map.delete(id)) fail('field "disable": unknown measure id', file, id, `known measures: ${known()}`);
  }
  checkFallbacks(map, file);
  return map;
}
