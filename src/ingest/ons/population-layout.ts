import { normaliseHeader } from '../csv-header.ts';
import { parseAreaHeader } from './geography.ts';

/**
 * How the columns of a population table are read. Pure: shared by the CSV and the XLSX paths.
 *
 * A measure column is `population`, `households`, an age band `age:<from>-<to>` / `age:<from>+`
 * (persons of all sexes) or one of the census's five broad ethnic groups `ethnicity:white` …
 * `ethnicity:other` (2011 and 2021 header forms). Columns of rates, densities, percentages, one sex
 * only and ethnic sub-groups are skipped.
 */

/** Header text without `[note 2]` markers, line breaks and repeated spaces, lower-cased. */
export function cleanHeader(header: string): string {
  return header
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

const CODE_HEADERS = [
  'areacode',
  'code',
  'areacd',
  'geographycode',
  'geogcode',
  'geocode',
  'lsoacode',
  'ladcode',
  'lacode',
];
const NAME_HEADERS = ['areaname', 'name', 'geography', 'geographyname', 'laname', 'ladname', 'lsoaname'];
const YEAR_HEADERS = ['year', 'census', 'censusyear'];

export type ColumnRole =
  | { role: 'code' }
  | { role: 'name' }
  | { role: 'year' }
  | { role: 'measure-name' }
  | { role: 'value' }
  | { role: 'measure'; measure: string; year: number | null }
  | { role: 'skip'; reason: string }
  | { role: 'unknown' };

const SKIP =
  /percent|%|densit|per square|per football|per hectare|\brate\b|ratio|change|proportion|\bshare\b|\bmedian\b|\bmean\b|average/;
const ONE_SEX = /\b(males?|females?|men|women|boys|girls)\b/;

export function classifyColumn(header: string): ColumnRole {
  const norm = normaliseHeader(cleanHeader(header));
  const parsed = parseAreaHeader(header);
  if (CODE_HEADERS.includes(norm) || parsed?.kind === 'code') return { role: 'code' };
  if (NAME_HEADERS.includes(norm) || parsed?.kind === 'name') return { role: 'name' };
  if (YEAR_HEADERS.includes(norm)) return { role: 'year' };
  if (norm === 'measure') return { role: 'measure-name' };
  if (norm === 'value') return { role: 'value' };
  const text = cleanHeader(header);
  const measure = measureOf(text);
  if (measure === null) return SKIP.test(text) ? { role: 'skip', reason: 'not a count' } : { role: 'unknown' };
  if (measure === ETHNIC_SUBGROUP)
    return { role: 'skip', reason: 'ethnic sub-group (the five broad groups are loaded)' };
  if (SKIP.test(text)) return { role: 'skip', reason: 'not a count' };
  if (ONE_SEX.test(text)) return { role: 'skip', reason: 'one sex only' };
  return { role: 'measure', measure, year: yearIn(text) };
}

const ETHNIC_SUBGROUP = 'ethnicity:sub-group';

/**
 * The census's broad ethnic group a header names: 2021 "Ethnic group: Asian, Asian British or Asian
 * Welsh" or 2011 "Asian/Asian British" → `ethnicity:asian`; a sub-group ("White: Irish") →
 * 'ethnicity:sub-group'; anything else null.
 */
export function ethnicGroup(text: string): string | null {
  const t = text.toLowerCase().replace(/^ethnic group(?:\s*\(\d+ categories\))?\s*:\s*/, '');
  const groups: [RegExp, string][] = [
    [/^white\b/, 'white'],
    [/^mixed\b/, 'mixed'],
    [/^asian\b/, 'asian'],
    [/^black\b/, 'black'],
    [/^other ethnic group\b/, 'other'],
  ];
  const found = groups.find(([re]) => re.test(t));
  if (!found) return null;
  return t.includes(':') ? ETHNIC_SUBGROUP : `ethnicity:${found[1]}`;
}

/** The measure a header names, or null. */
export function measureOf(text: string): string | null {
  const age = ageBand(text);
  if (age) return age;
  const ethnic = ethnicGroup(text);
  if (ethnic) return ethnic;
  if (/household/.test(text)) return 'households';
  if (/population|usual resident|all persons|^persons$|all ages|residents/.test(text)) return 'population';
  return null;
}

/** `Aged 4 and under` → `age:0-4`; `Aged 5 to 9 years` → `age:5-9`; `Aged 90 and over` → `age:90+`; `Aged under 15` → `age:0-14`. */
export function ageBand(text: string): string | null {
  const t = text.toLowerCase();
  if (!/\bage/.test(t)) return null;
  let m = /aged?\s+(\d+)\s*(?:years?\s*)?(?:and|or)\s+(?:under|younger|below)/.exec(t);
  if (m) return `age:0-${Number(m[1])}`;
  m = /aged?\s+under\s+(\d+)/.exec(t);
  if (m) return `age:0-${Number(m[1]) - 1}`;
  m = /aged?\s+(\d+)\s*(?:years?\s*)?(?:and|or)\s+(?:over|older|above)|aged?\s+(\d+)\s*\+/.exec(t);
  if (m) return `age:${Number(m[1] ?? m[2])}+`;
  m = /aged?\s+(\d+)\s*(?:years?\s*)?(?:to|-|–)\s*(\d+)/.exec(t);
  if (m) return `age:${Number(m[1])}-${Number(m[2])}`;
  return null;
}

/** The one year (1900–2099) a text names, or null when it names none or several. */
export function yearIn(text: string): number | null {
  const years = new Set([...text.matchAll(/(?<!\d)(19|20)(\d{2})(?!\d)/g)].map((m) => Number(m[1]! + m[2]!)));
  return years.size === 1 ? [...years][0]! : null;
}

/** The year a file name gives: `census2011`, `mid2019`, `mid-2022`, `mye2020`. The geography's year (`lad2021`) is not one. */
export function yearFromFileName(name: string): number | null {
  const m = /(?:census|mid|mye)[-_ ]?((?:19|20)\d{2})(?!\d)/i.exec(name);
  return m ? Number(m[1]) : null;
}

/** True for headers that belong to a population table rather than a lookup. */
export function looksLikeMeasureHeader(header: string): boolean {
  const role = classifyColumn(header);
  return role.role === 'measure' || role.role === 'value';
}

export interface PopulationLayout {
  code: number;
  year: number | null;
  long: { measure: number; value: number } | null;
  measures: { index: number; header: string; measure: string; year: number | null }[];
  skipped: string[];
}

/** Reads a header row; null when it has no area code column or nothing to load. */
export function readPopulationLayout(headers: readonly (string | null)[]): PopulationLayout | null {
  let code: number | null = null;
  let year: number | null = null;
  let measureName: number | null = null;
  let value: number | null = null;
  const measures: PopulationLayout['measures'] = [];
  const skipped: string[] = [];
  headers.forEach((h, i) => {
    if (h === null || h.trim() === '') return;
    const role = classifyColumn(h);
    if (role.role === 'code') code ??= i;
    else if (role.role === 'year') year ??= i;
    else if (role.role === 'measure-name') measureName ??= i;
    else if (role.role === 'value') value ??= i;
    else if (role.role === 'measure')
      measures.push({ index: i, header: h.trim(), measure: role.measure, year: role.year });
    else if (role.role === 'skip' || role.role === 'unknown') skipped.push(h.trim());
  });
  if (code === null) return null;
  const long = measureName !== null && value !== null ? { measure: measureName, value } : null;
  if (!long && measures.length === 0) return null;
  return { code, year, long, measures: long ? [] : measures, skipped };
}
