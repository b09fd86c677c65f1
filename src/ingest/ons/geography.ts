/**
 * ONS geography conventions shared by the reference-data importers: header prefixes → levels,
 * level order, and what a valid code looks like at each level.
 */

export const AREA_LEVELS = [
  'lsoa',
  'msoa',
  'ward',
  'beat',
  'district',
  'csp',
  'county',
  'fire',
  'force',
  'region',
  'country',
] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

/** Header prefixes (`<PREFIX><YY>CD`) and the level each names. Unknown prefixes (CAUTH, EW, GB, UK, OA…) are ignored. */
export const PREFIX_LEVELS: Readonly<Record<string, AreaLevel>> = {
  LSOA: 'lsoa',
  MSOA: 'msoa',
  WD: 'ward',
  BEAT: 'beat',
  LAD: 'district',
  LA: 'district',
  LTLA: 'district',
  CSP: 'csp',
  PFA: 'force',
  FRA: 'fire',
  CTY: 'county',
  UTLA: 'county',
  CTYUA: 'county',
  RGN: 'region',
  CTRY: 'country',
};

/**
 * Fine → coarse. A level is a parent of another only when its rank is strictly higher; levels
 * of equal rank (fire and force areas) are not nested in each other. Beats sit between wards and
 * districts (a beat is a group of wards or LSOAs in Safer's synthetic county).
 */
export const LEVEL_RANK: Readonly<Record<AreaLevel, number>> = {
  lsoa: 1,
  msoa: 2,
  ward: 3,
  beat: 4,
  district: 5,
  csp: 6,
  county: 7,
  fire: 8,
  force: 8,
  region: 9,
  country: 10,
};

/** The vintage of a code column whose header carries no year (`LADCD`, `LSOACD`). */
export const UNDATED_VINTAGE = 'current';

/** A header naming a code or name column: `LSOA11CD`, `lad21nm`, `LADCD`, `WDCD`. */
const CODE_HEADER = /^([A-Za-z]+?)(\d{2})?(CD|NM)$/i;

export interface ParsedHeader {
  prefix: string;
  level: AreaLevel;
  /** `2019` for `19`, or `current` when the header has no year digits. */
  vintage: string;
  kind: 'code' | 'name';
}

/** Reads an ONS-style column header; null for anything else (FID, ObjectId, Welsh names `…NMW`, unknown prefixes). */
export function parseAreaHeader(header: string): ParsedHeader | null {
  const m = CODE_HEADER.exec(header.trim());
  if (!m) return null;
  const prefix = m[1]!.toUpperCase();
  const level = PREFIX_LEVELS[prefix];
  if (!level) return null;
  return {
    prefix,
    level,
    vintage: m[2] ? yearFromTwoDigits(m[2]) : UNDATED_VINTAGE,
    kind: m[3]!.toUpperCase() === 'CD' ? 'code' : 'name',
  };
}

/** Unknown-prefix code headers (`CAUTHCD`, `EWCD`), reported in notes so users see what was left out. */
export function isUnknownCodeHeader(header: string): boolean {
  const m = CODE_HEADER.exec(header.trim());
  return m !== null && m[3]!.toUpperCase() === 'CD' && !PREFIX_LEVELS[m[1]!.toUpperCase()];
}

/** `19` → `2019`; `91` → `1991` (two-digit years above 50 are last century). */
export function yearFromTwoDigits(yy: string): string {
  const n = Number(yy);
  return String(n > 50 ? 1900 + n : 2000 + n);
}

/** The generic shape of a GSS code: a country letter and eight digits (pseudo codes such as `W99999999` included). */
export const GSS_CODE = '[EWSNKLM][0-9]{8}';
/** Northern Ireland's pre-GSS small-area codes (2001 Super Output Areas, e.g. `95AA01S1`, `95AA02W1`). */
export const NI_SOA_CODE = '95[A-Z]{2}[0-9]{2}[A-Z][0-9]{1,2}';

/**
 * What a valid code looks like at each level, as a DuckDB regular expression (full match).
 * Fine levels check the GSS entity (E01 LSOA, E05 ward…) so a column of the wrong level is
 * caught; coarser levels check the shape only, since their entity codes vary more by nation.
 */
export const LEVEL_CODE_PATTERN: Readonly<Record<AreaLevel, string>> = {
  lsoa: `(E01|W01|S01|N20|N00)[0-9]{6}|${NI_SOA_CODE}`,
  msoa: '(E02|W02|S02|N21)[0-9]{6}',
  ward: '(E05|W05|S13|N08)[0-9]{6}',
  beat: '[A-Za-z0-9][A-Za-z0-9 _./-]{0,39}',
  district: '(E06|E07|E08|E09|W06|S12|N09)[0-9]{6}',
  csp: GSS_CODE,
  county: GSS_CODE,
  fire: GSS_CODE,
  force: GSS_CODE,
  region: GSS_CODE,
  country: GSS_CODE,
};

export const LEVEL_CODE_EXAMPLE: Readonly<Record<AreaLevel, string>> = {
  lsoa: 'E01023345 (E01/W01/S01/N20 and eight digits, or a Northern Ireland SOA such as 95AA01S1)',
  msoa: 'E02004856',
  ward: 'E05004691',
  beat: 'letters, digits, spaces, - _ . / (up to 40 characters)',
  district: 'E07000096',
  csp: 'E22000001',
  county: 'E10000015',
  fire: 'E31000001',
  force: 'E23000001',
  region: 'E12000006',
  country: 'E92000001',
};

/** The level a GSS code belongs to, from its entity code; null when the entity is not one Safer uses. */
export function levelOfCode(code: string): AreaLevel | null {
  if (new RegExp(`^${NI_SOA_CODE}$`).test(code)) return 'lsoa';
  if (!new RegExp(`^${GSS_CODE}$`).test(code)) return null;
  const entity = code.slice(0, 3);
  for (const [level, entities] of ENTITY_LEVELS) if (entities.includes(entity)) return level;
  return null;
}

const ENTITY_LEVELS: readonly [AreaLevel, readonly string[]][] = [
  ['lsoa', ['E01', 'W01', 'S01', 'N20', 'N00']],
  ['msoa', ['E02', 'W02', 'S02', 'N21']],
  ['ward', ['E05', 'W05', 'S13', 'N08']],
  ['district', ['E06', 'E07', 'E08', 'E09', 'W06', 'S12', 'N09']],
  ['csp', ['E22', 'W14']],
  ['county', ['E10', 'E11', 'E13']],
  ['fire', ['E31', 'W25']],
  ['force', ['E23', 'W15', 'S23']],
  ['region', ['E12']],
  ['country', ['E92', 'W92', 'S92', 'N92', 'K02', 'K03', 'K04']],
];

/** The finest of some levels (lowest rank). */
export function finestLevel(levels: Iterable<AreaLevel>): AreaLevel | null {
  let best: AreaLevel | null = null;
  for (const level of levels) if (best === null || LEVEL_RANK[level] < LEVEL_RANK[best]) best = level;
  return best;
}

/**
 * Level and vintage named in a file name, e.g. `geo_lad2021` → district 2021, `lsoa11` → lsoa 2011,
 * `geogLA2021EW` → district 2021. Longer prefixes are tried first so `lad` wins over `la`.
 */
export function levelFromName(name: string): { level: AreaLevel; vintage: string } | null {
  const prefixes = Object.keys(PREFIX_LEVELS).sort((a, b) => b.length - a.length);
  const m = new RegExp(`(${prefixes.join('|')})(\\d{4}|\\d{2})(?!\\d)`, 'i').exec(name);
  if (!m) return null;
  const year = m[2]!;
  return { level: PREFIX_LEVELS[m[1]!.toUpperCase()]!, vintage: year.length === 4 ? year : yearFromTwoDigits(year) };
}
