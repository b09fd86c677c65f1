import { SaferError } from '../../core/errors.ts';
import { quoteIdent, type Store } from '../../store/db.ts';
import { normaliseHeader, parseCsvHeader } from '../csv-header.ts';
import type { FileProbe } from '../files.ts';
import { findProblems, settleProblems } from '../staging/problems.ts';
import type { RowCheck } from '../lifecycle/row-check.ts';
import { sniffDelimiter, stageCsv, stageXlsx, type StagedTable } from '../staging/stage.ts';
import { emptyResult, type ImportContext, type ImportResult, type Importer, type RejectedRow } from '../types.ts';
import { parsePeriod, PERIOD_EXAMPLES } from './periods.ts';
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
import { declaredKindSql, inferredKindSql, KIND_EXAMPLES, type IndicatorKindId } from '../../core/indicator-kind.ts';

/*
 * Aggregate partner indicators (offender cohorts, re-offending, treatment, youth justice …):
 * one value per indicator × area × period. Two layouts, in CSV or in any sheet of a workbook:
 * long (`indicator,area_code,period,value[,numerator,denominator,unit,area_name]`, plus the
 * `measure` and `group` columns of Home Office published tables) and wide
 * (`indicator,area_code[,area_name][,unit],<period>,<period>…`).
 */

const LONG_REQUIRED = ['indicator', 'areacode', 'period', 'value'] as const;
const LONG_OPTIONAL = ['areaname', 'numerator', 'denominator', 'unit', 'measure', 'group', 'kind'] as const;
const WIDE_IDS = ['indicator', 'areacode', 'areaname', 'unit', 'kind'] as const;

type Layout =
  | { kind: 'long'; columns: Record<string, string>; ignored: string[] }
  | { kind: 'wide'; columns: Record<string, string>; periods: string[] };

export function indicatorLayout(headers: readonly string[]): Layout | null {
  const byNorm = new Map<string, string>();
  for (const h of headers) if (!byNorm.has(normaliseHeader(h))) byNorm.set(normaliseHeader(h), h);
  if (LONG_REQUIRED.every((c) => byNorm.has(c))) {
    const columns: Record<string, string> = {};
    for (const c of [...LONG_REQUIRED, ...LONG_OPTIONAL]) if (byNorm.has(c)) columns[c] = byNorm.get(c)!;
    const used = new Set(Object.values(columns));
    return { kind: 'long', columns, ignored: headers.filter((h) => !used.has(h) && h !== '__line') };
  }
  if (byNorm.has('indicator') && byNorm.has('areacode')) {
    const columns: Record<string, string> = {};
    const periods: string[] = [];
    for (const h of headers) {
      if (h === '__line') continue;
      const n = normaliseHeader(h);
      if ((WIDE_IDS as readonly string[]).includes(n) && !(n in columns)) columns[n] = h;
      else if (parsePeriod(h)) periods.push(h);
      else return null;
    }
    return periods.length > 0 ? { kind: 'wide', columns, periods } : null;
  }
  return null;
}

const NAME_HINT = /indicator|return|offender|reoffend|re-offend|iom|yot|youth|probation|treatment|cohort/;

export const indicatorsImporter: Importer = {
  kind: 'indicators',
  tables: ['indicators'],
  detect(file) {
    if (file.format === 'xlsx') return NAME_HINT.test(file.name) ? 60 : 30;
    if (file.format !== 'csv') return 0;
    const header = file.header.replace(/\r$/, '');
    const layout = indicatorLayout(parseCsvHeader(header, sniffDelimiter(header)));
    return layout?.kind === 'long' ? 100 : layout?.kind === 'wide' ? 90 : 0;
  },
  load: loadIndicators,
};

async function loadIndicators(
  ctx: ImportContext,
  files: FileProbe[],
  checksums: Map<FileProbe, string>,
): Promise<ImportResult[]> {
  return loadEachFile(ctx, 'Loading indicators', files, checksums, (file, sum) => loadFile(ctx, file, sum));
}

interface SheetOutcome {
  table: string;
  rejected: RejectedRow[];
  duplicates: number;
  suppressed: number;
  notes: string[];
}

async function loadFile(ctx: ImportContext, file: FileProbe, checksum: string): Promise<ImportResult> {
  const { store, options } = ctx;
  const source = checkSourceName(options.source ?? sourceFromFile(file));
  const staged = await stageIndicatorFile(store, file);
  const temps: string[] = staged.map((s) => s.table);
  try {
    const importId = await ctx.beginImport(file, 'indicators', source, checksum);
    const result = emptyResult(file, 'indicators', importId);
    const outcomes: SheetOutcome[] = [];
    const filled = staged.filter((sheet) => sheet.rows > 0 || sheet.malformed.length > 0);
    for (const sheet of staged.filter((x) => !filled.includes(x))) {
      if (filled.length > 0) result.notes.push(`sheet ${sheet.sheet} has an indicators header but no rows: skipped`);
    }
    const sheets = filled.length > 0 ? filled : staged;
    for (const sheet of sheets) {
      result.rowsRead += sheet.rows + sheet.malformed.length;
      const outcome = await loadSheet(ctx, sheet, source, temps);
      outcomes.push(outcome);
      result.notes.push(...sheet.notes, ...outcome.notes);
    }
    const rejected = outcomes.flatMap((o) => o.rejected);
    if (rejected.length > 0) {
      result.rowsRejected = rejected.length;
      result.rejectsFile = await ctx.writeRejects(file, rejected);
      result.notes.push(`${rejected.length} bad rows skipped: see ${result.rejectsFile}`);
    }
    result.duplicatesDropped = outcomes.reduce((s, o) => s + o.duplicates, 0);
    if (result.duplicatesDropped > 0)
      result.notes.push(`${result.duplicatesDropped} repeated rows (same indicator, area, period and value) dropped`);
    const suppressed = outcomes.reduce((s, o) => s + o.suppressed, 0);
    if (suppressed > 0)
      result.notes.push(
        `${suppressed} values are suppressed or unavailable (*, .., x, empty …): stored without a value`,
      );

    const all = tempName('indicators_all');
    temps.push(all);
    await store.run(
      `CREATE TEMP TABLE ${quoteIdent(all)} AS ${outcomes.map((o, i) => `SELECT ${i} AS sheet, * FROM ${quoteIdent(o.table)} WHERE k = 1`).join(' UNION ALL ')}`,
    );
    await checkAcrossSheets(store, all, sheets);
    const kinds = await indicatorKinds(store, all, file.displayName);
    const { replaced, changed } = await replaceExisting(store, all);
    result.rowsReplaced = replaced;
    if (replaced > 0)
      result.notes.push(`replaced ${replaced} values already loaded from "${source}" (${changed} of them changed)`);
    await store.run({
      sql: `INSERT INTO indicators (import_id, batch, source, indicator, area_code, period, period_start, period_end, value, numerator, denominator, unit)
            SELECT ?, batch, ?, indicator, area_code, period, period_start, period_end, value, numerator, denominator, unit
            FROM ${quoteIdent(all)} ORDER BY sheet, __row`,
      params: [importId, source],
    });
    const loaded = await store.one<{ n: number; indicators: number; periods: number }>(
      `SELECT count(*) AS n, count(DISTINCT indicator) AS indicators, count(DISTINCT period) AS periods FROM ${quoteIdent(all)}`,
    );
    result.rowsLoaded = loaded?.n ?? 0;
    result.notes.push(`${loaded?.indicators ?? 0} indicators over ${loaded?.periods ?? 0} periods`);
    const inferred = Object.entries(kinds).filter(([, k]) => !k.declared);
    if (inferred.length > 0) {
      result.notes.push(
        `kind inferred from the unit (no kind column value) for ${inferred.length} indicator${inferred.length === 1 ? '' : 's'}: ${inferred
          .slice(0, 5)
          .map(([name, k]) => `${name} → ${k.kind}`)
          .join('; ')}${inferred.length > 5 ? ' …' : ''}`,
      );
    }
    result.details = {
      source,
      restricted: options.restricted ?? false,
      sheets: sheets.map((s) => s.sheet).filter((s) => s !== null),
      kinds,
    };
    await ctx.finishImport(importId, result);
    return result;
  } finally {
    await dropTables(store, ...temps);
  }
}

async function stageIndicatorFile(store: Store, file: FileProbe): Promise<StagedTable[]> {
  if (file.format === 'csv') {
    const staged = await stageCsv(store, file);
    if (!indicatorLayout(staged.headers)) {
      await dropTables(store, staged.table);
      throw new SaferError('Not an indicators file: the header has neither the long nor the wide layout', {
        file: file.displayName,
        line: 1,
        value: staged.headers.join(','),
        hint: 'Long: indicator,area_code,period,value[,numerator,denominator,unit]. Wide: indicator,area_code[,area_name],<period>,<period>… with periods such as 2020/21. See docs/aggregate-returns.md.',
      });
    }
    return [staged];
  }
  if (file.format === 'xlsx') {
    const sheets = await stageXlsx(store, file, { all: true, isHeader: (cells) => indicatorLayout(cells) !== null });
    if (sheets.length === 0) {
      throw new SaferError('No sheet of the workbook has an indicators header row', {
        file: file.displayName,
        hint: 'A sheet needs a header row (within its first 30 rows) such as indicator,area_code,period,value or indicator,area_code,2020/21,2021/22 (docs/aggregate-returns.md). A record extract needs its mapping: --mapping file.yaml (docs/mappings.md).',
      });
    }
    return sheets;
  }
  throw new SaferError('Indicator returns must be CSV or XLSX files', {
    file: file.displayName,
    hint: 'Save the return as CSV or XLSX.',
  });
}

/** Validates one sheet into a table of indicator rows (`k` = 1 for the first of each key). */
async function loadSheet(
  ctx: ImportContext,
  staged: StagedTable,
  source: string,
  temps: string[],
): Promise<SheetOutcome> {
  const { store, options } = ctx;
  const layout = indicatorLayout(staged.headers)!;
  if (staged.rows === 0 && staged.malformed.length === 0) {
    throw new SaferError('The file has a header but no data rows', {
      file: staged.label,
      line: 2,
      hint: 'Fill in the return, or leave the file out.',
    });
  }
  const c = layout.columns;
  const rows = await shapeRows(store, staged, layout, temps);
  const periods = await periodTable(store, rows, 'period_raw');
  const areas = await areaTable(store, rows, 'area_raw');
  temps.push(periods, areas);
  const checked = tempName('indicator_checked');
  temps.push(checked);
  await store.run(`CREATE TEMP TABLE ${quoteIdent(checked)} AS
    SELECT r.*, p.label AS period, p.start AS period_start, p."end" AS period_end, a.code AS area_code, coalesce(a.names, 0) AS area_names,
           CASE WHEN r.group_raw IS NOT NULL THEN r.indicator_raw || ': ' || r.group_raw ELSE r.indicator_raw END AS indicator,
           ${numberSql('r.value_raw')} AS value, ${numberSql('r.numerator_raw')} AS numerator, ${numberSql('r.denominator_raw')} AS denominator,
           r.unit_raw AS unit, ${declaredKindSql('r.kind_raw')} AS kind_declared,
           coalesce(${declaredKindSql('r.kind_raw')}, ${inferredKindSql('r.unit_raw', 'r.numerator_raw IS NOT NULL AND r.denominator_raw IS NOT NULL')}) AS kind
    FROM ${quoteIdent(rows)} r
    LEFT JOIN ${quoteIdent(periods)} p ON p.raw = r.period_raw
    LEFT JOIN ${quoteIdent(areas)} a ON a.raw = r.area_raw`);

  const col = (key: string): string | null => c[key] ?? null;
  const checks = indicatorChecks(layout);
  const skip = options.skipBadRows === true;
  const first = await settleProblems(staged, await findProblems(store, checked, checks, !skip), skip);
  if (first.rows.size > 0)
    await store.run(`DELETE FROM ${quoteIdent(checked)} WHERE ${checks.map((k) => `(${k.when})`).join(' OR ')}`);

  const keyed = tempName('indicator_keyed');
  temps.push(keyed);
  await store.run({
    sql: `CREATE TEMP TABLE ${quoteIdent(keyed)} AS
    SELECT *, 'indicators/' || ? || '/' || indicator || '/' || area_code || '/' || period AS batch,
           row_number() OVER w AS k,
           (value IS DISTINCT FROM first_value(value) OVER w OR numerator IS DISTINCT FROM first_value(numerator) OVER w
            OR denominator IS DISTINCT FROM first_value(denominator) OVER w OR unit IS DISTINCT FROM first_value(unit) OVER w) AS differs
    FROM ${quoteIdent(checked)}
    WINDOW w AS (PARTITION BY indicator, area_code, period ORDER BY __row, period_column)`,
    params: [source],
  });
  const conflictCheck: RowCheck = {
    when: 'k > 1 AND differs',
    column: col('value'),
    columnSql: layout.kind === 'wide' ? 'period_column' : undefined,
    value: 'value_raw',
    reason: 'a second, different value for the same indicator, area and period',
    hint: 'Keep one row per indicator, area and period.',
  };
  const second = await settleProblems(staged, await findProblems(store, keyed, [conflictCheck], !skip), skip, false);
  if (second.rows.size > 0) await store.run(`DELETE FROM ${quoteIdent(keyed)} WHERE k > 1 AND differs`);
  const counts = await store.one<{ duplicates: number; suppressed: number }>(
    `SELECT count(*) FILTER (WHERE k > 1) AS duplicates, count(*) FILTER (WHERE k = 1 AND value IS NULL) AS suppressed FROM ${quoteIdent(keyed)}`,
  );
  const notes = [...(await areaNotes(store, areas)), ...layoutNotes(layout)];
  return {
    table: keyed,
    rejected: [...first.rejected, ...second.rejected],
    duplicates: counts?.duplicates ?? 0,
    suppressed: counts?.suppressed ?? 0,
    notes: staged.sheet !== null ? notes.map((n) => `sheet ${staged.sheet}: ${n}`) : notes,
  };
}

/** The staged cells as one row per indicator, area and period (a wide table unpivoted). */
async function shapeRows(store: Store, staged: StagedTable, layout: Layout, temps: string[]): Promise<string> {
  const c = layout.columns;
  const cell = (key: string): string =>
    c[key] !== undefined ? `nullif(trim(${quoteIdent(c[key])}), '')` : 'CAST(NULL AS VARCHAR)';
  const rows = tempName('indicator_rows');
  temps.push(rows);
  if (layout.kind === 'long') {
    await store.run(`CREATE TEMP TABLE ${quoteIdent(rows)} AS SELECT __row,
        ${cell('indicator')} AS indicator_raw, ${cell('group')} AS group_raw, ${cell('areacode')} AS area_raw,
        ${cell('period')} AS period_raw, CAST(NULL AS VARCHAR) AS period_column, ${cell('value')} AS value_raw,
        ${cell('numerator')} AS numerator_raw, ${cell('denominator')} AS denominator_raw,
        coalesce(${cell('measure')}, ${cell('unit')}) AS unit_raw, ${cell('kind')} AS kind_raw
      FROM ${quoteIdent(staged.table)}`);
  } else {
    const on = layout.periods.map(quoteIdent).join(', ');
    await store.run(`CREATE TEMP TABLE ${quoteIdent(rows)} AS SELECT __row, indicator_raw, CAST(NULL AS VARCHAR) AS group_raw, area_raw,
        period_column AS period_raw, period_column, nullif(trim(cell), '') AS value_raw,
        CAST(NULL AS VARCHAR) AS numerator_raw, CAST(NULL AS VARCHAR) AS denominator_raw, unit_raw, kind_raw
      FROM (UNPIVOT (SELECT __row, ${cell('indicator')} AS indicator_raw, ${cell('areacode')} AS area_raw,
                            ${cell('unit')} AS unit_raw, ${cell('kind')} AS kind_raw, ${on} FROM ${quoteIdent(staged.table)})
            ON ${on} INTO NAME period_column VALUE cell)
      WHERE nullif(trim(cell), '') IS NOT NULL`);
  }
  return rows;
}

/** The row checks of an indicator return: names, areas and periods, then values and kinds. */
function indicatorChecks(layout: Layout): RowCheck[] {
  return [...identityChecks(layout), ...valueChecks(layout), ...unknownAreaChecks(layout)];
}

function identityChecks(layout: Layout): RowCheck[] {
  const col = (key: string): string | null => layout.columns[key] ?? null;
  return [
    {
      when: 'indicator_raw IS NULL',
      column: col('indicator'),
      value: "''",
      reason: 'the indicator name is missing',
      hint: 'Name the indicator on every row.',
    },
    {
      when: 'area_raw IS NULL',
      column: col('areacode'),
      value: "''",
      reason: 'the area code is missing',
      hint: 'Give the ONS code of the area (e.g. E07000096) on every row.',
    },
    {
      when: 'period_raw IS NULL',
      column: col('period'),
      value: "''",
      reason: 'the period is missing',
      hint: `Periods look like ${PERIOD_EXAMPLES}.`,
    },
    {
      when: 'period_raw IS NOT NULL AND period IS NULL',
      column: col('period'),
      value: 'period_raw',
      reason: 'not a period',
      hint: `Periods look like ${PERIOD_EXAMPLES}.`,
    },
    {
      when: notNumberSql('value_raw'),
      column: col('value'),
      columnSql: layout.kind === 'wide' ? 'period_column' : undefined,
      value: 'value_raw',
      reason: 'the value is not a number',
      hint: 'Write numbers plainly (1234.5; 1,234 and 12% are read too); mark a suppressed value with * or .. .',
    },
  ];
}

function unknownAreaChecks(layout: Layout): RowCheck[] {
  const col = (key: string): string | null => layout.columns[key] ?? null;
  return [
    {
      when: 'area_raw IS NOT NULL AND area_code IS NULL AND area_names > 1',
      column: col('areacode'),
      value: 'area_raw',
      reason: 'the area name matches several areas',
      hint: 'Use the ONS area code instead of the name.',
    },
    {
      when: 'area_raw IS NOT NULL AND area_code IS NULL AND area_names <= 1',
      column: col('areacode'),
      value: 'area_raw',
      reason: 'unknown area code',
      hint: 'The store holds areas of this kind but not this one: check the code and its vintage, or import the lookup that has it.',
    },
  ];
}

function valueChecks(layout: Layout): RowCheck[] {
  const col = (key: string): string | null => layout.columns[key] ?? null;
  return [
    {
      when: notNumberSql('numerator_raw'),
      column: col('numerator'),
      value: 'numerator_raw',
      reason: 'the numerator is not a number',
      hint: 'Leave it empty when there is none.',
    },
    {
      when: notNumberSql('denominator_raw'),
      column: col('denominator'),
      value: 'denominator_raw',
      reason: 'the denominator is not a number',
      hint: 'Leave it empty when there is none.',
    },
    {
      when: 'kind_raw IS NOT NULL AND kind_declared IS NULL',
      column: col('kind'),
      value: 'kind_raw',
      reason: 'not an indicator kind',
      hint: `Declare one of: ${KIND_EXAMPLES} (docs/aggregate-returns.md).`,
    },
    {
      when: "kind = 'proportion' AND kind_declared = 'proportion' AND regexp_matches(lower(coalesce(unit_raw, '')), '\\bper\\b')",
      column: col('kind'),
      value: "kind_raw || ' (unit: ' || unit_raw || ')'",
      reason: 'a rate declared as a proportion: the unit counts events per person, which can exceed 1',
      hint: 'Declare the kind as rate per person (or per 1,000 / per 100,000); a proportion is a share of a group, at most 1 (100%).',
    },
    {
      when: "kind = 'proportion' AND numerator > denominator",
      column: col('numerator'),
      value: "numerator_raw || ' over ' || denominator_raw",
      reason: 'a proportion above 1: the numerator is larger than the denominator',
      hint: 'A proportion counts members of the group (numerator ≤ denominator). If the figure counts events per person (e.g. re-offences per offender), declare its kind as rate per person in a kind column.',
    },
    {
      when: "kind = 'proportion' AND (value > 100 OR (value > 1 AND NOT regexp_matches(lower(coalesce(unit_raw, '')), '%|percent') AND kind_declared = 'proportion'))",
      column: col('value'),
      columnSql: layout.kind === 'wide' ? 'period_column' : undefined,
      value: 'value_raw',
      reason: 'a proportion above 1 (100%)',
      hint: 'Give a proportion as a fraction (0 to 1) or as a percentage with the unit %; a figure that can exceed 1 is a rate: declare its kind (rate per person, per 1,000 or per 100,000).',
    },
  ];
}

/** What the layout did to the columns, for the import's notes. */
function layoutNotes(layout: Layout): string[] {
  const c = layout.columns;
  const notes: string[] = [];
  if (layout.kind === 'long' && layout.ignored.length > 0) notes.push(`columns ignored: ${layout.ignored.join(', ')}`);
  if (layout.kind === 'wide')
    notes.push(
      `wide layout: ${layout.periods.length} period columns (${layout.periods[0]} … ${layout.periods.at(-1)})`,
    );
  if (c.group !== undefined)
    notes.push(`indicator names combine the indicator and group columns (e.g. "Offence rate: Robbery")`);
  if (c.measure !== undefined) notes.push('the measure column is stored as the unit');
  return notes;
}

/** Each indicator's kind (declared, else inferred from its unit), recorded with the import; two declared kinds for one indicator are an error. */
async function indicatorKinds(
  store: Store,
  all: string,
  file: string,
): Promise<Record<string, { kind: IndicatorKindId; declared: boolean }>> {
  const rows = await store.all<{ indicator: string; declared: string[]; kind: IndicatorKindId }>(
    `SELECT indicator, list(DISTINCT kind_declared) FILTER (WHERE kind_declared IS NOT NULL) AS declared, mode(kind) AS kind
     FROM ${quoteIdent(all)} GROUP BY indicator ORDER BY indicator`,
  );
  const out: Record<string, { kind: IndicatorKindId; declared: boolean }> = {};
  for (const r of rows) {
    const declared = r.declared ?? [];
    if (declared.length > 1) {
      throw new SaferError(`The indicator "${r.indicator}" is declared with two kinds`, {
        file,
        value: declared.join(', '),
        hint: 'Declare one kind for every row of an indicator.',
      });
    }
    out[r.indicator] = {
      kind: (declared[0] as IndicatorKindId | undefined) ?? r.kind,
      declared: declared.length === 1,
    };
  }
  return out;
}

async function checkAcrossSheets(store: Store, all: string, staged: StagedTable[]): Promise<void> {
  if (staged.length < 2) return;
  const clash = await store.one<{ indicator: string; area_code: string; period: string; a: number; b: number }>(
    `SELECT indicator, area_code, period, min(sheet) AS a, max(sheet) AS b FROM ${quoteIdent(all)}
     GROUP BY indicator, area_code, period HAVING count(*) > 1 ORDER BY 1, 2, 3 LIMIT 1`,
  );
  if (clash) {
    throw new SaferError(
      `The same indicator, area and period appear in two sheets (${staged[clash.a]!.sheet} and ${staged[clash.b]!.sheet})`,
      {
        file: staged[0]!.file.displayName,
        value: `${clash.indicator} / ${clash.area_code} / ${clash.period}`,
        hint: 'Keep each value in one sheet only.',
      },
    );
  }
}

async function replaceExisting(store: Store, all: string): Promise<{ replaced: number; changed: number }> {
  const row = await store.one<{ replaced: number; changed: number }>(
    `SELECT count(*) AS replaced, count(*) FILTER (WHERE i.value IS DISTINCT FROM n.value) AS changed
     FROM indicators i JOIN ${quoteIdent(all)} n ON i.batch = n.batch`,
  );
  if (row && row.replaced > 0) await retireRows(store, 'indicators', `batch IN (SELECT batch FROM ${quoteIdent(all)})`);
  return { replaced: row?.replaced ?? 0, changed: row?.changed ?? 0 };
}
