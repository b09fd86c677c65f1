import { quoteIdent, quoteLiteral, type SqlParam } from '../../store/db.ts';
import { CRIME_TYPE_ALIASES, POLICE_UK_TYPES } from '../../core/taxonomy/police-uk-types.ts';
import type { RowCheck } from '../lifecycle/row-check.ts';
import type { CanonicalField, RecordMapping } from './mapping.ts';
import { FORMAT_EXAMPLES, dateSql, hasTimeSql, monthSql, timeSql } from './parse-sql.ts';

/** Area fields checked against `areas` of the same level. */
export const AREA_FIELDS = ['lsoa', 'ward', 'beat', 'district'] as const;
export type AreaField = (typeof AREA_FIELDS)[number];

export interface TransformPlan {
  /** CREATE TEMP TABLE … AS: one row per staged row, raw values beside parsed ones. */
  sql: string;
  params: SqlParam[];
  /** Rules over that table. */
  checks: RowCheck[];
  /** SELECT of the canonical event columns (plus `__row`) from that table. */
  canonical: string;
}

export interface TransformInput {
  mapping: RecordMapping;
  stage: string;
  target: string;
  /** Mapped field → the staged table's column. */
  headers: Partial<Record<CanonicalField, string>>;
  /** attrs key → staged column. */
  attributes: Record<string, string>;
  /** Area levels the store holds (codes are checked only for these). */
  loadedLevels: ReadonlySet<string>;
  fromExcel: boolean;
}

const col = (name: string): string => quoteIdent(name);
const val = (f: string): string => col(`v_${f}`);

const FIRE_CATEGORIES = ['Deliberate fire', 'Accidental fire'];
const SEVERITIES = ['Fatal', 'Serious', 'Slight'];

const rawName = (f: string): string => col(`raw_${f}`);

/** The cell as the file has it (before recodes), for messages. */
function rawOf(m: RecordMapping, f: CanonicalField): string {
  return Object.keys(m.values[f] ?? {}).length > 0 ? rawName(f) : val(f);
}

/** Normalised offence code: upper case, no spaces, `/` as `.`, no leading zeros (028A = 28A, 37/2 = 37.2). */
export function offenceNormSql(x: string): string {
  return `ltrim(replace(replace(upper(${x}), ' ', ''), '/', '.'), '0')`;
}

function valuesList(pairs: readonly (readonly [string, string])[]): string {
  return `(VALUES ${pairs.map(([a, b]) => `(${quoteLiteral(a)}, ${quoteLiteral(b)})`).join(', ')})`;
}

export function planTransform(input: TransformInput): TransformPlan {
  const { mapping: m, headers } = input;
  const params: SqlParam[] = [];
  const param = (v: SqlParam): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const mapped = Object.keys(headers) as CanonicalField[];
  const constant = Object.keys(m.constants) as CanonicalField[];
  const recoded = mapped.filter((f) => Object.keys(m.values[f] ?? {}).length > 0);

  // 1. cells (trimmed; kept raw beside the value only when recoded), 2. recodes and constants.
  const rawCols = [
    '__row',
    ...mapped.map((f) => `nullif(trim(${col(headers[f]!)}), '') AS ${recoded.includes(f) ? rawName(f) : val(f)}`),
    ...Object.entries(input.attributes).map(([_k, h], i) => `nullif(trim(${col(h)}), '') AS ${col(`attr_${i}`)}`),
  ];
  const valueCols = [
    ...recoded.map((f) => {
      const whens = Object.entries(m.values[f]!).map(
        ([from, to]) => `WHEN ${param(from)} THEN ${to === null ? 'CAST(NULL AS VARCHAR)' : param(to)}`,
      );
      return `CASE ${rawName(f)} ${whens.join(' ')} ELSE ${rawName(f)} END AS ${val(f)}`;
    }),
    ...constant.map((f) => `CAST(${param(m.constants[f]!)} AS VARCHAR) AS ${val(f)}`),
  ];
  const has = (f: CanonicalField): boolean => mapped.includes(f) || constant.includes(f);
  const v = (f: CanonicalField): string => (has(f) ? val(f) : 'CAST(NULL AS VARCHAR)');

  // 3. parsing.
  const dateField = has('datetime') ? 'datetime' : has('date') ? 'date' : null;
  const ts = dateField ? dateSql(m.dateFormat, val(dateField), input.fromExcel) : 'CAST(NULL AS TIMESTAMP)';
  const parsed = [
    `${ts} AS ts`,
    dateField ? `${hasTimeSql(val(dateField))} AS ts_has_time` : 'false AS ts_has_time',
    has('month')
      ? `${monthSql(m.dateFormat, val('month'), input.fromExcel)} AS month_parsed`
      : 'CAST(NULL AS DATE) AS month_parsed',
    has('time') ? `${timeSql(val('time'))} AS time_parsed` : 'CAST(NULL AS TIME) AS time_parsed',
    `TRY_CAST(${v('longitude')} AS DOUBLE) AS lon_num`,
    `TRY_CAST(${v('latitude')} AS DOUBLE) AS lat_num`,
    `${offenceNormSql(v('offence_code'))} AS oc_norm`,
    has('outcome_date')
      ? `${dateSql(m.dateFormat, val('outcome_date'), input.fromExcel)} AS outcome_ts`
      : 'CAST(NULL AS TIMESTAMP) AS outcome_ts',
  ];

  // 4. lookups: taxonomy, crime types, areas (by code, else by unique name).
  const joins: string[] = [];
  const lookups: string[] = [];
  if (m.kind === 'crime' && has('offence_code')) {
    joins.push(`LEFT JOIN (
      SELECT ${offenceNormSql('offence_code')} AS norm,
             arg_max(offence_code, batch <> 'default') AS code,
             arg_max(police_uk_type, batch <> 'default') AS type,
             arg_max(description, batch <> 'default') AS description
      FROM offence_codes GROUP BY 1) oc ON oc.norm = p.oc_norm`);
    lookups.push('oc.code AS oc_code', 'oc.type AS oc_type', 'oc.description AS oc_description');
  } else {
    lookups.push(
      'CAST(NULL AS VARCHAR) AS oc_code',
      'CAST(NULL AS VARCHAR) AS oc_type',
      'CAST(NULL AS VARCHAR) AS oc_description',
    );
  }
  if (m.kind === 'crime' && has('category')) {
    const names: [string, string][] = [
      ...POLICE_UK_TYPES.filter((t) => t !== 'Anti-social behaviour').map((t): [string, string] => [
        t.toLowerCase(),
        t,
      ]),
      ...CRIME_TYPE_ALIASES.filter((a) => a.policeUkType !== 'Anti-social behaviour').map((a): [string, string] => [
        a.oldName.toLowerCase(),
        a.policeUkType,
      ]),
    ];
    joins.push(`LEFT JOIN ${valuesList(names)} ct(lname, type) ON ct.lname = lower(p.${val('category')})`);
    lookups.push('ct.type AS category_type');
  } else {
    lookups.push('CAST(NULL AS VARCHAR) AS category_type');
  }
  for (const f of AREA_FIELDS) {
    if (!has(f)) {
      lookups.push(`CAST(NULL AS VARCHAR) AS ${col(`${f}_code`)}`, `0 AS ${col(`${f}_names`)}`);
    } else if (!input.loadedLevels.has(f)) {
      lookups.push(`p.${val(f)} AS ${col(`${f}_code`)}`, `0 AS ${col(`${f}_names`)}`);
    } else {
      const level = quoteLiteral(f);
      joins.push(
        `LEFT JOIN (SELECT DISTINCT code FROM areas WHERE level = ${level}) ac_${f} ON ac_${f}.code = p.${val(f)}`,
      );
      joins.push(`LEFT JOIN (SELECT lower(name) AS lname, min(code) AS code, count(DISTINCT code) AS n FROM areas
                   WHERE level = ${level} AND name IS NOT NULL GROUP BY 1) an_${f} ON an_${f}.lname = lower(p.${val(f)})`);
      lookups.push(
        `CASE WHEN ac_${f}.code IS NOT NULL THEN p.${val(f)} WHEN an_${f}.n = 1 THEN an_${f}.code END AS ${col(`${f}_code`)}`,
        `coalesce(an_${f}.n, 0) AS ${col(`${f}_names`)}`,
      );
    }
  }

  const sql = `CREATE TEMP TABLE ${col(input.target)} AS
WITH s AS (SELECT ${rawCols.join(', ')} FROM ${col(input.stage)}),
     v AS (SELECT *, ${valueCols.length > 0 ? valueCols.join(', ') : 'NULL AS __none'} FROM s),
     p AS (SELECT *, ${parsed.join(', ')} FROM v)
SELECT p.*, ${lookups.join(', ')}
FROM p ${joins.join('\n')}`;

  return { sql, params, checks: planChecks(input, has, dateField), canonical: canonicalSelect(input, has) };
}

function canonicalSelect(input: TransformInput, has: (f: CanonicalField) => boolean): string {
  const m = input.mapping;
  const v = (f: CanonicalField): string => (has(f) ? val(f) : 'CAST(NULL AS VARCHAR)');
  let category: string;
  let sub: string;
  switch (m.kind) {
    case 'crime':
      category = has('category') ? 'category_type' : 'oc_type';
      sub = `coalesce(${v('sub_category')}, oc_description)`;
      break;
    case 'collision':
      category = v('category');
      sub = caseFold(v('sub_category'), SEVERITIES);
      break;
    case 'fire':
      category = `CASE lower(${v('category')}) WHEN 'deliberate' THEN 'Deliberate fire' WHEN 'accidental' THEN 'Accidental fire' ELSE ${caseFold(v('category'), FIRE_CATEGORIES)} END`;
      sub = caseFold(v('sub_category'), ['Primary', 'Secondary', 'Vehicle', 'Chimney']);
      break;
    case 'incident':
      category = v('category');
      sub = caseFold(v('sub_category'), ['Personal', 'Nuisance', 'Environmental']);
      break;
    case 'other':
      category = v('category');
      sub = v('sub_category');
      break;
  }
  const located = `NOT (lon_num = 0 AND lat_num = 0) AND lon_num IS NOT NULL AND lat_num IS NOT NULL`;
  const attrEntries = Object.keys(input.attributes).map((k, i) => `${quoteLiteral(k)}, ${col(`attr_${i}`)}`);
  if (has('property_type')) attrEntries.unshift(`'property_type', ${val('property_type')}`);
  if (has('outcome_date')) attrEntries.unshift(`'outcome_date', strftime(outcome_ts, '%Y-%m-%d')`);
  return `SELECT __row,
    ${v('record_id')} AS record_id,
    coalesce(CAST(date_trunc('month', ts) AS DATE), month_parsed) AS month,
    CAST(ts AS DATE) AS date,
    coalesce(time_parsed, CASE WHEN ts_has_time THEN CAST(ts AS TIME) END) AS time,
    ${category} AS category,
    ${sub} AS sub_category,
    coalesce(oc_code, upper(${v('offence_code')})) AS offence_code,
    lsoa_code AS lsoa, ward_code AS ward, beat_code AS beat, district_code AS district,
    ${v('force')} AS force,
    CASE WHEN ${located} THEN lon_num END AS longitude,
    CASE WHEN ${located} THEN lat_num END AS latitude,
    ${v('location')} AS location,
    ${v('outcome')} AS outcome,
    ${v('context')} AS context,
    ${attrEntries.length > 0 ? `json_object(${attrEntries.join(', ')})` : 'CAST(NULL AS JSON)'} AS attrs`;
}

/** The value itself when it is none of `known` ignoring case, else the known spelling. */
function caseFold(x: string, known: readonly string[]): string {
  return `CASE lower(${x}) ${known.map((k) => `WHEN ${quoteLiteral(k.toLowerCase())} THEN ${quoteLiteral(k)}`).join(' ')} ELSE ${x} END`;
}

function planChecks(
  input: TransformInput,
  has: (f: CanonicalField) => boolean,
  dateField: 'date' | 'datetime' | null,
): RowCheck[] {
  const m = input.mapping;
  const raw = (f: CanonicalField): string => rawOf(m, f);
  const header = (f: CanonicalField): string | null => input.headers[f] ?? null;
  const fix = (f: CanonicalField): string =>
    `Correct the value in the file, or recode it under values.${f} in ${m.path}.`;
  const checks: RowCheck[] = [];
  const mapped = (f: CanonicalField): boolean => input.headers[f] !== undefined;

  if (dateField) {
    const noMonth = mapped('month')
      ? ` AND ${val('month')} IS NULL`
      : m.constants.month !== undefined
        ? ' AND false'
        : '';
    checks.push({
      when: `${val(dateField)} IS NULL${noMonth}`,
      column: header(dateField),
      value: raw(dateField),
      reason: 'the date is missing',
      hint: 'Every record needs its date: fill it in the extract or remove the row.',
    });
    checks.push({
      when: `${val(dateField)} IS NOT NULL AND ts IS NULL`,
      column: header(dateField),
      value: raw(dateField),
      reason: `not a date in the mapping's date_format (${m.dateFormat})`,
      hint: `Expected ${FORMAT_EXAMPLES[m.dateFormat]}. If the column holds another form, set date_format in ${m.path} (iso, dd/mm/yyyy, dd/mm/yyyy hh:mm, excel or auto).`,
    });
  }
  if (has('month')) {
    checks.push({
      when: dateField ? `${val('month')} IS NOT NULL AND month_parsed IS NULL AND ts IS NULL` : `month_parsed IS NULL`,
      column: header('month'),
      value: has('month') ? val('month') : 'NULL',
      reason: dateField ? 'not a month' : 'the month is missing or not a month',
      hint: 'Months look like 2021-03, 03/2021, Mar 2021 or a full date.',
    });
  }
  if (has('outcome_date')) {
    checks.push({
      when: `${val('outcome_date')} IS NOT NULL AND outcome_ts IS NULL`,
      column: header('outcome_date'),
      value: raw('outcome_date'),
      reason: `the outcome date is not a date in the mapping's date_format (${m.dateFormat})`,
      hint: `Expected ${FORMAT_EXAMPLES[m.dateFormat]}, or an empty cell while the crime has no outcome.`,
    });
  }
  if (has('time')) {
    checks.push({
      when: `${val('time')} IS NOT NULL AND time_parsed IS NULL`,
      column: header('time'),
      value: raw('time'),
      reason: 'not a time of day',
      hint: 'Times look like 14:05, 14:05:30, 1405 or an Excel day fraction (0.5 = 12:00).',
    });
  }
  if (m.oneRowPerRecord) {
    checks.push({
      when: `${val('record_id')} IS NULL`,
      column: header('record_id'),
      value: raw('record_id'),
      reason: 'the record id is missing (one_row_per: record_id needs it on every row)',
      hint: 'Fill the identifier, or remove one_row_per from the mapping.',
    });
  }
  if (m.kind === 'crime') {
    if (has('category')) {
      checks.push({
        when: `${val('category')} IS NOT NULL AND category_type IS NULL`,
        column: header('category'),
        value: val('category'),
        reason: 'not a data.police.uk crime type',
        hint: `Crime categories are the data.police.uk types (${POLICE_UK_TYPES.filter((t) => t !== 'Anti-social behaviour').join(', ')}); recode the partner's names under values.category, or map offence_code instead and leave category out. ASB belongs in a kind: incident extract.`,
      });
      checks.push({
        when: `${val('category')} IS NULL`,
        column: header('category'),
        value: raw('category'),
        reason: 'the category is missing',
        hint: fix('category'),
      });
    } else {
      checks.push({
        when: `${val('offence_code')} IS NOT NULL AND oc_type IS NULL`,
        column: header('offence_code'),
        value: val('offence_code'),
        reason: 'unknown Home Office offence code',
        hint: `Check the code against the Home Office Counting Rules; add a partner code to the offence_codes table, recode it under values.offence_code in ${m.path}, or map a category column.`,
      });
      checks.push({
        when: `${val('offence_code')} IS NULL`,
        column: header('offence_code'),
        value: raw('offence_code'),
        reason: 'the offence code is missing, so the crime type cannot be derived',
        hint: fix('offence_code'),
      });
    }
  } else {
    checks.push({
      when: `${val('category')} IS NULL`,
      column: header('category'),
      value: has('category') && mapped('category') ? raw('category') : 'NULL',
      reason: 'the category is missing',
      hint: fix('category'),
    });
  }
  if (m.kind === 'collision' && has('sub_category')) {
    checks.push({
      when: `${val('sub_category')} IS NOT NULL AND lower(${val('sub_category')}) NOT IN ('fatal', 'serious', 'slight')`,
      column: header('sub_category'),
      value: val('sub_category'),
      reason: 'not a collision severity (Fatal, Serious or Slight)',
      hint: `Recode the severity under values.sub_category in ${m.path}, e.g. { "1": Fatal, "2": Serious, "3": Slight }.`,
    });
  }
  if (m.kind === 'fire') {
    checks.push({
      when: `${val('category')} IS NOT NULL AND lower(${val('category')}) NOT IN ('deliberate fire', 'accidental fire', 'deliberate', 'accidental')`,
      column: header('category'),
      value: val('category'),
      reason: "a fire's category must be 'Deliberate fire' or 'Accidental fire'",
      hint: `Recode the motive under values.category in ${m.path}.`,
    });
  }
  for (const [f, other] of [
    ['longitude', 180],
    ['latitude', 90],
  ] as const) {
    if (!has(f)) continue;
    checks.push({
      when: `${val(f)} IS NOT NULL AND ${f === 'longitude' ? 'lon_num' : 'lat_num'} IS NULL`,
      column: header(f),
      value: val(f),
      reason: `the ${f} is not a number`,
      hint: 'Coordinates are decimal degrees (WGS84), e.g. -2.2426 and 53.4808; leave the cell empty when unknown.',
    });
    checks.push({
      when: `abs(${f === 'longitude' ? 'lon_num' : 'lat_num'}) > ${other}`,
      column: header(f),
      value: val(f),
      reason: `the ${f} is out of range (±${other})`,
      hint: 'Coordinates must be decimal degrees (WGS84): eastings and northings (British National Grid) are not accepted; map them under attributes instead.',
    });
  }
  for (const f of AREA_FIELDS) {
    if (!has(f) || !input.loadedLevels.has(f)) continue;
    checks.push({
      when: `${val(f)} IS NOT NULL AND ${col(`${f}_code`)} IS NULL AND ${col(`${f}_names`)} > 1`,
      column: header(f),
      value: val(f),
      reason: `the ${f} name matches several areas`,
      hint: `Use ${f} codes instead of names, or recode the name to its code under values.${f} in ${m.path}.`,
    });
    checks.push({
      when: `${val(f)} IS NOT NULL AND ${col(`${f}_code`)} IS NULL AND ${col(`${f}_names`)} <= 1`,
      column: header(f),
      value: val(f),
      reason: `unknown ${f} code`,
      hint: `The store's ${f} areas do not include it: check the code (and its vintage), import the lookup that has it, or recode it under values.${f} in ${m.path}.`,
    });
  }
  return checks;
}
