import { SaferError } from '../../core/errors.ts';
import { CRIME_TYPE_ALIASES, POLICE_UK_TYPES } from '../../core/taxonomy/police-uk-types.ts';
import { quoteIdent, quoteLiteral, type Store } from '../../store/db.ts';
import { normaliseHeader, parseCsvHeader } from '../csv-header.ts';
import type { FileProbe } from '../files.ts';
import { offenceNormSql } from '../records/transform.ts';
import { findProblems, settleProblems } from '../staging/problems.ts';
import type { RowCheck } from '../lifecycle/row-check.ts';
import { sniffDelimiter, stageCsv, stageXlsx, type StagedTable } from '../staging/stage.ts';
import { emptyResult, type ImportContext, type ImportResult, type Importer, type RejectedRow } from '../types.ts';
import { recordRejects } from '../lifecycle/record.ts';
import { financialPeriod, parsePeriod, PERIOD_EXAMPLES, type Period } from './periods.ts';
import {
  areaNotes,
  areaTable,
  checkSourceName,
  dropTables,
  notNumberSql,
  numberSql,
  periodTable,
  sourceFromFile,
  tempName,
} from './shared.ts';
import { loadEachFile } from '../each-file.ts';
import { retireRows } from '../../store/vintages.ts';

/*
 * Comparator counts: recorded crime by area × category × period for areas beyond the
 * partnership (peers, county, force), from the Home Office CSP tables or iQuanta exports.
 * Canonical layout `area_code,area_name,category,offence_code,period,count`, and the Home Office
 * layout `Financial Year,Financial Quarter,Force Name,CSP Name,Offence Description,Offence Group,
 * Offence Subgroup,Offence Code,Number of Offences`.
 */

const CANONICAL_REQUIRED = ['areacode', 'period', 'count'] as const;
const HOME_OFFICE_REQUIRED = ['cspname', 'offencecode', 'numberofoffences'] as const;

type Layout = { kind: 'canonical' | 'home-office'; columns: Record<string, string> };

export function comparatorLayout(headers: readonly string[]): Layout | null {
  const byNorm = new Map<string, string>();
  for (const h of headers) if (!byNorm.has(normaliseHeader(h))) byNorm.set(normaliseHeader(h), h);
  const pick = (keys: readonly string[]): Record<string, string> =>
    Object.fromEntries(keys.filter((k) => byNorm.has(k)).map((k) => [k, byNorm.get(k)!]));
  if (HOME_OFFICE_REQUIRED.every((k) => byNorm.has(k))) {
    return {
      kind: 'home-office',
      columns: pick([
        ...HOME_OFFICE_REQUIRED,
        'financialyear',
        'financialquarter',
        'forcename',
        'offencedescription',
        'offencegroup',
        'offencesubgroup',
      ]),
    };
  }
  if (CANONICAL_REQUIRED.every((k) => byNorm.has(k)) && (byNorm.has('category') || byNorm.has('offencecode'))) {
    return { kind: 'canonical', columns: pick([...CANONICAL_REQUIRED, 'areaname', 'category', 'offencecode']) };
  }
  return null;
}

export const comparatorImporter: Importer = {
  kind: 'comparator',
  tables: ['comparator_counts'],
  detect(file) {
    if (file.format === 'xlsx') return /csp|iquanta|comparator|recorded[-_ ]?crime|prc/.test(file.name) ? 65 : 0;
    if (file.format !== 'csv') return 0;
    const header = file.header.replace(/\r$/, '');
    return comparatorLayout(parseCsvHeader(header, sniffDelimiter(header))) ? 100 : 0;
  },
  load: loadComparators,
};

async function loadComparators(
  ctx: ImportContext,
  files: FileProbe[],
  checksums: Map<FileProbe, string>,
): Promise<ImportResult[]> {
  return loadEachFile(ctx, 'Loading comparator counts', files, checksums, (file, sum) => loadFile(ctx, file, sum));
}

/** Home Office offence sub-groups (and groups) → data.police.uk crime type, for codes the taxonomy lacks. */
const SUBGROUP_TYPES: readonly (readonly [string, string])[] = [
  ['domestic burglary', 'Burglary'],
  ['non-domestic burglary', 'Burglary'],
  ['residential burglary', 'Burglary'],
  ['business and community burglary', 'Burglary'],
  ['vehicle offences', 'Vehicle crime'],
  ['theft from the person', 'Theft from the person'],
  ['bicycle theft', 'Bicycle theft'],
  ['shoplifting', 'Shoplifting'],
  ['all other theft offences', 'Other theft'],
  ['other theft offences', 'Other theft'],
  ['robbery', 'Robbery'],
  ['criminal damage', 'Criminal damage and arson'],
  ['arson', 'Criminal damage and arson'],
  ['criminal damage and arson', 'Criminal damage and arson'],
  ['drug offences', 'Drugs'],
  ['trafficking of drugs', 'Drugs'],
  ['possession of drugs', 'Drugs'],
  ['possession of weapons offences', 'Possession of weapons'],
  ['public order offences', 'Public order'],
  ['miscellaneous crimes against society', 'Other crime'],
  ['violence against the person', 'Violence and sexual offences'],
  ['sexual offences', 'Violence and sexual offences'],
];

function crimeTypeNames(): string {
  const pairs = [
    ...POLICE_UK_TYPES.map((t) => [t.toLowerCase(), t] as const),
    ...CRIME_TYPE_ALIASES.map((a) => [a.oldName.toLowerCase(), a.policeUkType] as const),
  ];
  return `(VALUES ${pairs.map(([a, b]) => `(${quoteLiteral(a)}, ${quoteLiteral(b)})`).join(', ')})`;
}

const TAXONOMY = `(SELECT ${offenceNormSql('offence_code')} AS norm, arg_max(offence_code, batch <> 'default') AS code,
                          arg_max(police_uk_type, batch <> 'default') AS type
                   FROM offence_codes GROUP BY 1)`;

/** One file through the lifecycle: stage, shape, check, settle duplicates, replace batches, insert, record. */
async function loadFile(ctx: ImportContext, file: FileProbe, checksum: string): Promise<ImportResult> {
  const { store, options } = ctx;
  const staged = await stageComparatorFile(store, file);
  const temps = [staged.table];
  try {
    const layout = comparatorLayout(staged.headers)!;
    if (staged.rows === 0 && staged.malformed.length === 0) {
      throw new SaferError('The file has a header but no data rows', {
        file: staged.label,
        line: 2,
        hint: 'Export the table again.',
      });
    }
    const fixed = layout.kind === 'home-office' ? homeOfficePeriod(staged, layout, options.period) : null;
    const source = checkSourceName(
      options.source ?? (layout.kind === 'home-office' ? 'home-office-csp' : sourceFromFile(file)),
    );
    const importId = await ctx.beginImport(file, 'comparator', source, checksum);
    const result = emptyResult(file, 'comparator', importId);
    result.rowsRead = staged.rows + staged.malformed.length;
    result.notes.push(...staged.notes);
    if (fixed?.note) result.notes.push(fixed.note);
    const job: ComparatorJob = { ctx, staged, layout, period: fixed?.period ?? null, source, result, temps };

    const { checked, areas } = await shapeRows(job);
    const rejected = await checkRows(job, checked);
    const final = await settleDuplicates(job, checked, rejected);
    await recordRejects(ctx, file, result, rejected);
    await replaceBatches(job, final);
    await insertCounts(job, final, areas);
    result.details = { source, layout: layout.kind };
    await ctx.finishImport(importId, result);
    return result;
  } finally {
    await dropTables(store, ...temps);
  }
}

/** What the steps of one comparator file share; `temps` collects the temp tables to drop. */
interface ComparatorJob {
  ctx: ImportContext;
  staged: StagedTable;
  layout: Layout;
  /** the period every row takes (a Home Office table without Financial Year, given --period) */
  period: Period | null;
  source: string;
  result: ImportResult;
  temps: string[];
}

/** The staged cells mapped to the canonical fields, with periods, areas and categories resolved. */
async function shapeRows(job: ComparatorJob): Promise<{ checked: string; areas: string }> {
  const { ctx, staged, layout, period, temps } = job;
  const { store } = ctx;
  const rows = tempName('comparator_rows');
  temps.push(rows);
  const c = layout.columns;
  const cell = (key: string): string =>
    c[key] !== undefined ? `nullif(trim(${quoteIdent(c[key])}), '')` : 'CAST(NULL AS VARCHAR)';
  const periodRaw =
    layout.kind === 'canonical'
      ? cell('period')
      : period
        ? 'CAST(NULL AS VARCHAR)'
        : `${cell('financialyear')} || coalesce(' Q' || regexp_replace(${cell('financialquarter')}, '^[Qq]\\s*', ''), '')`;
  await store.run(`CREATE TEMP TABLE ${quoteIdent(rows)} AS SELECT __row,
      ${layout.kind === 'canonical' ? cell('areacode') : cell('cspname')} AS area_raw,
      ${layout.kind === 'canonical' ? cell('areaname') : cell('cspname')} AS area_name,
      ${layout.kind === 'canonical' ? cell('category') : 'CAST(NULL AS VARCHAR)'} AS category_raw,
      ${cell('offencecode')} AS offence_code_raw,
      ${cell('offencegroup')} AS group_raw, ${cell('offencesubgroup')} AS subgroup_raw,
      ${periodRaw} AS period_raw,
      ${layout.kind === 'canonical' ? cell('count') : cell('numberofoffences')} AS count_raw
    FROM ${quoteIdent(staged.table)}`);

  const periods = await periodTable(store, rows, 'period_raw');
  const areas =
    layout.kind === 'canonical' ? await areaTable(store, rows, 'area_raw') : await cspTable(store, rows, staged);
  temps.push(periods, areas);
  const checked = tempName('comparator_checked');
  temps.push(checked);
  const subgroups = `(VALUES ${SUBGROUP_TYPES.map(([a, b]) => `(${quoteLiteral(a)}, ${quoteLiteral(b)})`).join(', ')})`;
  await store.run(`CREATE TEMP TABLE ${quoteIdent(checked)} AS
    SELECT r.*, a.code AS area_code, coalesce(a.names, 0) AS area_names,
           ${period ? `${quoteLiteral(period.label)} AS period, DATE ${quoteLiteral(period.start)} AS period_start, DATE ${quoteLiteral(period.end)} AS period_end` : 'p.label AS period, p.start AS period_start, p."end" AS period_end'},
           CASE WHEN r.category_raw IS NOT NULL THEN ct.type ELSE coalesce(oc.type, sg.type, gr.type) END AS category,
           coalesce(oc.code, upper(r.offence_code_raw)) AS offence_code,
           ${numberSql('r.count_raw')} AS count
    FROM ${quoteIdent(rows)} r
    LEFT JOIN ${quoteIdent(periods)} p ON p.raw = r.period_raw
    LEFT JOIN ${quoteIdent(areas)} a ON a.raw = r.area_raw
    LEFT JOIN ${crimeTypeNames()} ct(lname, type) ON ct.lname = lower(r.category_raw)
    LEFT JOIN ${TAXONOMY} oc ON oc.norm = ${offenceNormSql('r.offence_code_raw')}
    LEFT JOIN ${subgroups} sg(lname, type) ON sg.lname = lower(r.subgroup_raw)
    LEFT JOIN ${subgroups} gr(lname, type) ON gr.lname = lower(r.group_raw)`);
  return { checked, areas };
}

/** Applies the row checks: the first bad row stops the import, or (--skip-bad-rows) bad rows are dropped and returned. */
async function checkRows(job: ComparatorJob, checked: string): Promise<RejectedRow[]> {
  const { ctx, staged, result } = job;
  const { store, options } = ctx;
  const checks = comparatorChecks(job.layout, job.period !== null);
  const negative = await store.one<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(checked)} WHERE count < 0`);
  if (negative && negative.n > 0) {
    result.notes.push(
      `${negative.n} rows have negative counts (Home Office tables record later cancellations and reclassifications that way): kept and added up`,
    );
  }
  const skip = options.skipBadRows === true;
  const settled = await settleProblems(staged, await findProblems(store, checked, checks, !skip), skip);
  if (settled.rows.size > 0)
    await store.run(`DELETE FROM ${quoteIdent(checked)} WHERE ${checks.map((k) => `(${k.when})`).join(' OR ')}`);
  return [...settled.rejected];
}

function comparatorChecks(layout: Layout, fixedPeriod: boolean): RowCheck[] {
  const col = (key: string): string | null => layout.columns[key] ?? null;
  const areaColumn = layout.kind === 'canonical' ? col('areacode') : col('cspname');
  const periodColumn = col(layout.kind === 'canonical' ? 'period' : 'financialyear');
  const periodChecks: RowCheck[] = [
    {
      when: 'period_raw IS NULL',
      column: periodColumn,
      value: "''",
      reason: 'the period is missing',
      hint: `Periods look like ${PERIOD_EXAMPLES}.`,
    },
    {
      when: 'period_raw IS NOT NULL AND period IS NULL',
      column: periodColumn,
      value: 'period_raw',
      reason: 'not a period',
      hint:
        layout.kind === 'canonical'
          ? `Periods look like ${PERIOD_EXAMPLES}.`
          : 'Financial years look like 2019/20 and quarters like Q1 (April–June) … Q4 (January–March).',
    },
  ];
  return [
    {
      when: 'area_raw IS NULL',
      column: areaColumn,
      value: "''",
      reason: 'the area is missing',
      hint: 'Give the area on every row.',
    },
    ...(fixedPeriod ? [] : periodChecks),
    ...categoryChecks(col),
    {
      when: `count_raw IS NULL OR ${notNumberSql('count_raw')} OR (count IS NULL AND count_raw IS NOT NULL)`,
      column: col(layout.kind === 'canonical' ? 'count' : 'numberofoffences'),
      value: 'count_raw',
      reason: 'the count is missing or not a number',
      hint: 'Counts are numbers of offences; write 0 for none.',
    },
    ...areaChecks(layout, areaColumn),
  ];
}

function categoryChecks(col: (key: string) => string | null): RowCheck[] {
  return [
    {
      when: 'category_raw IS NOT NULL AND category IS NULL',
      column: col('category'),
      value: 'category_raw',
      reason: 'not a data.police.uk crime type',
      hint: `Categories are the data.police.uk types: ${POLICE_UK_TYPES.join(', ')}.`,
    },
    {
      when: 'category_raw IS NULL AND offence_code_raw IS NOT NULL AND category IS NULL',
      column: col('offencecode'),
      value: 'offence_code_raw',
      reason: 'unknown Home Office offence code',
      hint: 'Check the code, add it to the offence_codes table, or give the category column.',
    },
    {
      when: 'category_raw IS NULL AND offence_code_raw IS NULL',
      column: col('category') ?? col('offencecode'),
      value: "''",
      reason: 'neither a category nor an offence code',
      hint: 'Give the data.police.uk crime type or the Home Office offence code on every row.',
    },
  ];
}

function areaChecks(layout: Layout, areaColumn: string | null): RowCheck[] {
  return [
    {
      when: 'area_raw IS NOT NULL AND area_code IS NULL AND area_names > 1',
      column: areaColumn,
      value: 'area_raw',
      reason: 'the area name matches several areas',
      hint: 'Use the ONS area code.',
    },
    layout.kind === 'canonical'
      ? {
          when: 'area_raw IS NOT NULL AND area_code IS NULL AND area_names <= 1',
          column: areaColumn,
          value: 'area_raw',
          reason: 'unknown area code',
          hint: 'The store holds areas of this kind but not this one: check the code and its vintage, or import the lookup that has it.',
        }
      : {
          when: 'area_raw IS NOT NULL AND area_code IS NULL AND area_names <= 1',
          column: areaColumn,
          value: 'area_raw',
          reason: 'unknown CSP name',
          hint: 'Import the CSP code list of the same year first (e.g. csp19-names.csv, or lad19-csp19-pfa19.csv for districts too), then import this table again.',
        },
  ];
}

/**
 * One count per batch key. Home Office rows of one area, offence and period add up (several
 * forces, or the unlabelled quarters of a table given one --period); canonical rows are one count
 * per key: exact repeats are dropped, a second different count is a bad row.
 */
async function settleDuplicates(job: ComparatorJob, checked: string, rejected: RejectedRow[]): Promise<string> {
  const { ctx, staged, result, source } = job;
  const { store } = ctx;
  const final = tempName('comparator_final');
  job.temps.push(final);
  const key = 'area_code, category, offence_code, period';
  const batch = `'comparator/' || ? || '/' || area_code || '/' || period || '/' || coalesce(offence_code, category) AS batch`;
  if (job.layout.kind === 'home-office') {
    await store.run({
      sql: `CREATE TEMP TABLE ${quoteIdent(final)} AS
        SELECT area_code, any_value(area_name) AS area_name, category, offence_code, period, any_value(period_start) AS period_start,
               any_value(period_end) AS period_end, sum(count) AS count, count(*) AS rows, ${batch}
        FROM ${quoteIdent(checked)} GROUP BY ${key}`,
      params: [source],
    });
    const summed = await store.one<{ keys: number; most: number; n: number }>(
      `SELECT count(*) AS keys, max(rows) AS most, sum(rows) AS n FROM ${quoteIdent(final)}`,
    );
    if (summed && summed.most > 1) {
      result.notes.push(
        `${summed.n} rows added up into ${summed.keys} counts (up to ${summed.most} rows per area, offence and period)`,
      );
    }
    return final;
  }
  await store.run({
    sql: `CREATE TEMP TABLE ${quoteIdent(final)} AS
      SELECT *, ${batch}
      FROM (SELECT *, row_number() OVER w AS k, count IS DISTINCT FROM first_value(count) OVER w AS differs
            FROM ${quoteIdent(checked)} WINDOW w AS (PARTITION BY ${key} ORDER BY __row))`,
    params: [source],
  });
  const conflict: RowCheck = {
    when: 'k > 1 AND differs',
    column: job.layout.columns.count ?? null,
    value: 'count_raw',
    reason: 'a second, different count for the same area, category, offence code and period',
    hint: 'Keep one row per area, category, offence code and period.',
  };
  const skip = ctx.options.skipBadRows === true;
  const second = await settleProblems(staged, await findProblems(store, final, [conflict], !skip), skip, false);
  rejected.push(...second.rejected);
  const dups = await store.one<{ n: number }>(
    `SELECT count(*) FILTER (WHERE k > 1 AND NOT differs) AS n FROM ${quoteIdent(final)}`,
  );
  result.duplicatesDropped = dups?.n ?? 0;
  if (result.duplicatesDropped > 0) result.notes.push(`${result.duplicatesDropped} repeated rows dropped`);
  await store.run(`DELETE FROM ${quoteIdent(final)} WHERE k > 1`);
  return final;
}

/** Counts already loaded for the same batches are retired (kept as the previous vintage) before the insert. */
async function replaceBatches(job: ComparatorJob, final: string): Promise<void> {
  const { store } = job.ctx;
  const replaced = await store.one<{ n: number; changed: number }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE o.count IS DISTINCT FROM f.count) AS changed
     FROM comparator_counts o JOIN ${quoteIdent(final)} f ON o.batch = f.batch`,
  );
  if (!replaced || replaced.n === 0) return;
  await retireRows(store, 'comparator_counts', `batch IN (SELECT batch FROM ${quoteIdent(final)})`);
  job.result.rowsReplaced = replaced.n;
  job.result.notes.push(
    `replaced ${replaced.n} counts already loaded from "${job.source}" (${replaced.changed} of them changed)`,
  );
}

async function insertCounts(job: ComparatorJob, final: string, areas: string): Promise<void> {
  const { ctx, result, source } = job;
  const { store } = ctx;
  await store.run({
    sql: `INSERT INTO comparator_counts (import_id, batch, source, area_code, area_name, category, offence_code, period, period_start, period_end, count)
          SELECT ?, batch, ?, area_code, area_name, category, offence_code, period, period_start, period_end, count FROM ${quoteIdent(final)}`,
    params: [result.importId, source],
  });
  const loaded = await store.one<{ n: number; areas: number; periods: string | null }>(
    `SELECT count(*) AS n, count(DISTINCT area_code) AS areas, string_agg(DISTINCT period, ', ' ORDER BY period) AS periods FROM ${quoteIdent(final)}`,
  );
  result.rowsLoaded = loaded?.n ?? 0;
  result.notes.push(`${loaded?.areas ?? 0} areas; periods ${loaded?.periods ?? 'none'}`);
  result.notes.push(...(await areaNotes(store, areas)));
  if (job.layout.kind !== 'home-office') return;
  const districts = await store.one<{ n: number; example: string | null }>(
    `SELECT count(*) AS n, min(raw || ' → ' || code) AS example FROM ${quoteIdent(areas)} WHERE via = 'district'`,
  );
  if (districts && districts.n > 0) {
    result.notes.push(
      `${districts.n} Home Office names are districts listed apart from their CSP (e.g. ${districts.example}): their counts are stored under the district code`,
    );
  }
}

async function stageComparatorFile(store: Store, file: FileProbe): Promise<StagedTable> {
  if (file.format === 'csv') {
    const staged = await stageCsv(store, file);
    if (!comparatorLayout(staged.headers)) {
      await dropTables(store, staged.table);
      throw notComparator(file, staged.headers);
    }
    return staged;
  }
  if (file.format === 'xlsx') {
    const sheets = await stageXlsx(store, file, { isHeader: (cells) => comparatorLayout(cells) !== null });
    if (sheets.length === 0) throw notComparator(file, []);
    return sheets[0]!;
  }
  throw new SaferError('Comparator tables must be CSV or XLSX files', {
    file: file.displayName,
    hint: 'Save the table as CSV or XLSX.',
  });
}

function notComparator(file: FileProbe, headers: string[]): SaferError {
  return new SaferError(
    'Not a comparator table: the header matches neither the canonical nor the Home Office CSP layout',
    {
      file: file.displayName,
      line: 1,
      value: headers.join(','),
      hint: 'Canonical: area_code,area_name,category,offence_code,period,count. Home Office: Financial Year,Financial Quarter,Force Name,CSP Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences.',
    },
  );
}

/** The period every row of a Home Office table gets when it has no Financial Year column (then --period is required). */
function homeOfficePeriod(
  staged: StagedTable,
  layout: Layout,
  given: string | undefined,
): { period: Period | null; note: string | null } {
  const hasYear = layout.columns.financialyear !== undefined;
  if (hasYear) {
    return {
      period: null,
      note: given ? `--period ${given} ignored: the table has its own Financial Year column` : null,
    };
  }
  if (!given) {
    throw new SaferError(
      'This Home Office CSP table has no Financial Year (or Financial Quarter) column, so its period is unknown',
      {
        file: staged.label,
        line: 1,
        column: 'Financial Year',
        hint: 'Give the period the whole file covers with --period, e.g. --period 2019/20 (financial year) or --period "2019/20 Q1". Rows of the same CSP and offence are then added up.',
      },
    );
  }
  const period = parsePeriod(given) ?? financialPeriod(given, null);
  if (!period) {
    throw new SaferError('--period is not a period', { value: given, hint: `Periods look like ${PERIOD_EXAMPLES}.` });
  }
  return { period, note: `no Financial Year column: every row counted in ${period.label} (given with --period)` };
}

/**
 * Home Office CSP names → codes: the CSP of that name; else a district of that name (the Home
 * Office lists some districts of multi-district CSPs on their own, e.g. Rushmoor); else the part
 * after an underscore (`Somerset East_Mendip` → Mendip). Names are compared ignoring case,
 * punctuation, `&`/`and` and a trailing ", City of".
 */
async function cspTable(store: Store, rows: string, staged: StagedTable): Promise<string> {
  const any = await store.one<{ n: number }>(`SELECT count(*) AS n FROM areas WHERE level = 'csp'`);
  if (!any || any.n === 0) {
    throw new SaferError('CSP names cannot be turned into codes: the store holds no Community Safety Partnerships', {
      file: staged.label,
      hint: 'Import the CSP code list first (e.g. csp19-names.csv, or lad19-csp19-pfa19.csv), then import this table again.',
    });
  }
  const norm = (x: string): string =>
    `trim(regexp_replace(regexp_replace(replace(lower(${x}), '&', ' and '), ',\\s*(city|county|county borough) of$', ''), '[^a-z0-9]+', ' ', 'g'))`;
  const target = tempName('csp_names');
  await store.run(`CREATE TEMP TABLE ${quoteIdent(target)} AS
    WITH d AS (SELECT DISTINCT area_raw AS raw FROM ${quoteIdent(rows)} WHERE area_raw IS NOT NULL),
         named AS (SELECT level, ${norm('name')} AS n, min(code) AS code, count(DISTINCT code) AS k FROM areas
                   WHERE level IN ('csp', 'district') AND name IS NOT NULL GROUP BY 1, 2)
    SELECT d.raw,
           coalesce(CASE WHEN c.k = 1 THEN c.code END, CASE WHEN l.k = 1 THEN l.code END, CASE WHEN u.k = 1 THEN u.code END) AS code,
           greatest(coalesce(c.k, 0), coalesce(l.k, 0)) AS names,
           true AS checked,
           CASE WHEN c.k = 1 THEN 'csp' WHEN l.k = 1 OR u.k = 1 THEN 'district' END AS via
    FROM d
    LEFT JOIN named c ON c.level = 'csp' AND c.n = ${norm('d.raw')}
    LEFT JOIN named l ON l.level = 'district' AND l.n = ${norm('d.raw')}
    LEFT JOIN named u ON u.level = 'district' AND contains(d.raw, '_') AND u.n = ${norm("regexp_extract(d.raw, '_([^_]+)$', 1)")}`);
  return target;
}
