import type { SqlParam, Store } from '../../store/db.ts';
import type { Measure } from '../../core/measures/schema.ts';
import type { Catalogue } from '../../core/measures/catalogue.ts';
import { eventsRelation, familyCondition, timeCondition } from './sql.ts';
import type { CountSource, MeasureCell } from '../build/counts.ts';
import { monthStartDate, type Window } from '../../core/periods/index.ts';
import { comparatorCondition } from './peers.ts';

/**
 * Every measure of an assessment read in one pass over the event counts (`event_counts`, or an
 * assessment's snapshot of them: rows carrying a count `n`): each query first groups the
 * rows by what any measure's definition looks at (kind, source, offence code, category,
 * sub-category, a flag per time window) and by where and when (district, ward, month, day), then
 * counts every measure in both families of sources as a filtered sum over those groups (ten times
 * fewer than the rows). About 30 measures then cost four queries instead of five per measure.
 */

/** The measures asked for and every fallback they may need, each once, in a stable order. */
export function measureClosure(ids: readonly string[], catalogue: Catalogue): Measure[] {
  const out = new Map<string, Measure>();
  const add = (id: string) => {
    const m = catalogue.get(id);
    if (!m || out.has(id)) return;
    out.set(id, m);
    if (m.fallback) add(m.fallback.measure);
  };
  ids.forEach(add);
  return [...out.values()];
}

/** One boolean column per distinct time window of the measures (tw<k>), and which one each reads. */
function timeFlags(measures: readonly Measure[]): {
  columns: string[];
  params: SqlParam[];
  flagOf: Map<string, string>;
} {
  const byWindow = new Map<string, string>();
  const flagOf = new Map<string, string>();
  const columns: string[] = [];
  const params: SqlParam[] = [];
  for (const m of measures) {
    if (!m.filters.time) continue;
    const key = JSON.stringify(m.filters.time);
    if (!byWindow.has(key)) {
      const name = `tw${byWindow.size}`;
      byWindow.set(key, name);
      columns.push(`coalesce(${timeCondition(m, params)!}, false) AS ${name}`);
    }
    flagOf.set(m.id, byWindow.get(key)!);
  }
  return { columns, params, flagOf };
}

/**
 * The SQL of one grouped read: the rows grouped by `by` and by every column a definition looks
 * at (nulls as '' so that groups join), a membership table holding, for each distinct combination
 * of those columns (a few hundred), whether it belongs to each measure in each family, and the
 * outer sums `r<i>` / `p<i>`. Testing every measure's lists once per combination instead of once per row group makes
 * thirty measures cost little more than one.
 */
function measureSql(o: {
  relation: string;
  by: string[];
  where: string;
  whereParams: SqlParam[];
  measures: readonly Measure[];
  outerSelect: string[];
  groupBy: string[];
}): { sql: string; params: SqlParam[] } {
  const flags = timeFlags(o.measures);
  const flagNames = flags.columns.map((c) => c.slice(c.lastIndexOf(' AS ') + 4));
  const classes = [
    'kind',
    'source',
    "coalesce(offence_code, '') AS offence_code",
    "coalesce(category, '') AS category",
    "coalesce(sub_category, '') AS sub_category",
  ];
  const classNames = ['kind', 'source', 'offence_code', 'category', 'sub_category', ...flagNames];
  const memberParams: SqlParam[] = [];
  const memberCols: string[] = [];
  const families: { name: string; present: boolean }[] = [];
  o.measures.forEach((m, i) => {
    for (const [family, flag, name] of [
      ['records', "source <> 'police-uk'", 'r'],
      ['police-uk', "source = 'police-uk'", 'p'],
    ] as const) {
      const fam = familyCondition(m, family, { timeFlag: flags.flagOf.get(m.id), plainLists: true });
      families.push({ name: `${name}${i}`, present: fam.condition !== null });
      if (fam.condition === null) continue;
      memberParams.push(m.kind, ...fam.params);
      memberCols.push(`coalesce(kind = ? AND ${flag} AND ${fam.condition}, false) AS ${name}${i}`);
    }
  });
  // a family that cannot count the measure gets no column (read back as null); a sum of
  // products, not FILTER: DuckDB evaluates a hundred FILTER clauses several times slower
  const sums = families
    .filter((f) => f.present)
    .map((f) => `coalesce(sum(g.n * m.${f.name}::INTEGER), 0)::INTEGER AS ${f.name}`);
  const sql = `WITH g AS MATERIALIZED (
  SELECT ${[...o.by, ...classes, ...flags.columns].join(', ')}, sum(n) AS n
  FROM ${eventsRelation(o.relation)} WHERE ${o.where} GROUP BY ALL),
m AS (
  SELECT ${classNames.join(', ')}${memberCols.length ? `, ${memberCols.join(', ')}` : ''}
  FROM (SELECT DISTINCT ${classNames.join(', ')} FROM g))
SELECT ${[...o.outerSelect, ...sums].join(', ')}
FROM g JOIN m ON ${classNames.map((c) => `g.${c} = m.${c}`).join(' AND ')}
GROUP BY ${o.groupBy.join(', ')}`;
  return { sql, params: [...flags.params, ...o.whereParams, ...memberParams] };
}

function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

function inDistricts(districts: readonly string[], params: SqlParam[]): string {
  params.push(...districts);
  return `district_code IN (${districts.map(() => '?').join(', ')})`;
}

export interface OnePass {
  measures: Measure[];
  /** the first month holding any of the group's records */
  firstMonth: string | null;
  /** whether any record of the district was read */
  has(district: string): boolean;
  /** the cells of a measure (as measureCells gives them) */
  cells(measure: Measure, districts: readonly string[]): MeasureCell[];
}

/** Query A: cells of every measure for every district of the group, all months. */
export async function readAllCells(
  store: Store,
  measures: readonly Measure[],
  districts: readonly string[],
  from: string,
  to: string,
  relation: string,
): Promise<OnePass> {
  const whereParams: SqlParam[] = [monthStartDate(from), monthStartDate(to)];
  const where = `month BETWEEN ?::DATE AND ?::DATE AND ${inDistricts(districts, whereParams)}`;
  const rows = await store.all<Record<string, unknown>>(
    measureSql({
      relation,
      by: ['district_code', 'month'],
      where,
      whereParams,
      measures,
      outerSelect: [
        'g.district_code AS district',
        'g.kind',
        "g.source = 'police-uk' AS puk",
        "strftime(g.month, '%Y-%m') AS month",
        'sum(g.n)::INTEGER AS n_all',
        "coalesce(sum(g.n) FILTER (WHERE g.offence_code <> ''), 0)::INTEGER AS n_coded",
      ],
      groupBy: ['g.district_code', 'g.kind', "g.source = 'police-uk'", 'g.month'],
    }),
  );
  const index = new Map(measures.map((m, i) => [m.id, i]));
  const byKindDistrict = new Map<string, Record<string, unknown>[]>();
  for (const r of rows) {
    const key = `${r.kind as string}|${r.district as string}`;
    if (!byKindDistrict.has(key)) byKindDistrict.set(key, []);
    byKindDistrict.get(key)!.push(r);
  }
  const months = rows.map((r) => r.month as string).sort();
  return {
    measures: [...measures],
    firstMonth: months[0] ?? null,
    has: (district) => rows.some((r) => r.district === district),
    cells(measure, ds) {
      const i = index.get(measure.id);
      if (i === undefined) throw new RangeError(`measure ${measure.id} was not read`);
      return ds
        .flatMap((d) => byKindDistrict.get(`${measure.kind}|${d}`) ?? [])
        .map((r) => ({
          district: r.district as string,
          puk: r.puk as boolean,
          month: r.month as string,
          covered: Number(measure.kind === 'crime' ? r.n_coded : r.n_all),
          r: num(r[`r${i}`]),
          p: num(r[`p${i}`]),
        }));
    },
  };
}

export interface UnitMonth {
  ward: string | null;
  month: string;
  n: number;
}

/** Facts of the districts assessed, per measure and chosen source. */
export interface TargetFacts {
  wardMonths(measure: Measure, district: string, source: CountSource): UnitMonth[];
  days(measure: Measure, district: string): { date: string; n: number }[];
  /** monthly counts (previous window start to current window end) by a column's values */
  byKey(
    measure: Measure,
    district: string,
    source: CountSource,
    column: 'category' | 'sub_category' | 'offence_code',
  ): Map<string, Map<string, number>>;
}

/** Queries B–D: ward × month, day, and sub-type counts of every measure for the districts assessed. */
export async function readTargetFacts(
  store: Store,
  measures: readonly Measure[],
  targets: readonly string[],
  from: string,
  current: Window,
  previous: Window,
  relation: string,
): Promise<TargetFacts> {
  const index = new Map(measures.map((m, i) => [m.id, i]));
  const col = (measure: Measure, source: CountSource) => `${source === 'records' ? 'r' : 'p'}${index.get(measure.id)}`;

  const wardParams: SqlParam[] = [monthStartDate(from), monthStartDate(current.end)];
  const wardRows = await store.all<Record<string, unknown>>(
    measureSql({
      relation,
      by: ['district_code', 'ward_code', 'month'],
      where: `month BETWEEN ?::DATE AND ?::DATE AND ${inDistricts(targets, wardParams)}`,
      whereParams: wardParams,
      measures,
      outerSelect: ['g.district_code AS district', 'g.ward_code AS ward', "strftime(g.month, '%Y-%m') AS month"],
      groupBy: ['g.district_code', 'g.ward_code', 'g.month'],
    }),
  );

  const dayParams: SqlParam[] = [monthStartDate(current.start), monthStartDate(current.end)];
  const dayRows = await store.all<Record<string, unknown>>(
    measureSql({
      relation,
      by: ['district_code', 'date'],
      where: `date IS NOT NULL AND source <> 'police-uk' AND month BETWEEN ?::DATE AND ?::DATE AND ${inDistricts(targets, dayParams)}`,
      whereParams: dayParams,
      measures,
      outerSelect: ['g.district_code AS district', "strftime(g.date, '%Y-%m-%d') AS date"],
      groupBy: ['g.district_code', 'g.date'],
    }),
  );

  // by month, so that sub-types and harm are compared on exactly the months the comparability rule allows
  const keyParams: SqlParam[] = [monthStartDate(previous.start), monthStartDate(current.end)];
  const keyRows = await store.all<Record<string, unknown>>(
    measureSql({
      relation,
      by: ['district_code', 'month'],
      where: `month BETWEEN ?::DATE AND ?::DATE AND ${inDistricts(targets, keyParams)}`,
      whereParams: keyParams,
      measures,
      outerSelect: [
        'g.district_code AS district',
        'g.offence_code',
        'g.category',
        'g.sub_category',
        "strftime(g.month, '%Y-%m') AS month",
      ],
      groupBy: ['g.district_code', 'g.offence_code', 'g.category', 'g.sub_category', 'g.month'],
    }),
  );

  return {
    wardMonths(measure, district, source) {
      const c = col(measure, source);
      return wardRows
        .filter((r) => r.district === district && Number(r[c] ?? 0) > 0)
        .map((r) => ({ ward: (r.ward as string | null) ?? null, month: r.month as string, n: Number(r[c]) }));
    },
    days(measure, district) {
      const c = col(measure, 'records');
      return dayRows
        .filter((r) => r.district === district && Number(r[c] ?? 0) > 0)
        .map((r) => ({ date: r.date as string, n: Number(r[c]) }));
    },
    byKey(measure, district, source, column) {
      const c = col(measure, source);
      const out = new Map<string, Map<string, number>>();
      for (const r of keyRows) {
        if (r.district !== district) continue;
        const n = Number(r[c] ?? 0);
        if (n === 0) continue;
        const key = (r[column] as string | null) || '(not recorded)';
        const month = r.month as string;
        if (!out.has(key)) out.set(key, new Map());
        const held = out.get(key)!;
        held.set(month, (held.get(month) ?? 0) + n);
      }
      // sorted, so that sums over it (harm) add up in the same order on every run
      return new Map([...out].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
    },
  };
}

/** Monthly comparator counts of every measure per area, in one pass over the comparator snapshot. */
export async function readComparator(
  store: Store,
  measures: readonly Measure[],
  relation: string,
  hasOffenceCodes: boolean,
): Promise<(measure: Measure) => { byCode: Map<string, Map<string, number>> } | null> {
  const params: SqlParam[] = [];
  const member: string[] = [];
  const cols: string[] = [];
  const usable = new Map<string, number>();
  measures.forEach((m, i) => {
    const cond = comparatorCondition(m, hasOffenceCodes);
    if (!cond) return;
    usable.set(m.id, i);
    params.push(...cond.params);
    member.push(`coalesce(${cond.condition}, false) AS c${i}`);
    // the count, and how many rows matched (none at all: the measure is not in the table)
    cols.push(`sum(x.count * m.c${i}::INTEGER) AS c${i}`, `sum(m.c${i}::INTEGER) AS k${i}`);
  });
  if (cols.length === 0) return () => null;
  const rel = eventsRelation(relation);
  // each measure's lists are tested once per (category, offence code) pair, not once per row
  const rows = await store.all<Record<string, unknown>>({
    sql: `WITH m AS (SELECT category, coalesce(offence_code, '') AS code, ${member.join(', ')} FROM (SELECT DISTINCT category, offence_code FROM ${rel}))
SELECT x.area_code AS code, x.month, ${cols.join(', ')}
FROM ${rel} x JOIN m ON m.category = x.category AND m.code = coalesce(x.offence_code, '')
GROUP BY x.area_code, x.month`,
    params,
  });
  const matched = new Set<number>();
  for (const r of rows) for (const i of usable.values()) if (Number(r[`k${i}`] ?? 0) > 0) matched.add(i);
  return (measure) => {
    const i = usable.get(measure.id);
    if (i === undefined || !matched.has(i)) return null;
    const byCode = new Map<string, Map<string, number>>();
    for (const r of rows) {
      const v = r[`c${i}`];
      if (v === null || v === undefined || Number(r[`k${i}`] ?? 0) === 0) continue;
      if (!byCode.has(r.code as string)) byCode.set(r.code as string, new Map());
      byCode.get(r.code as string)!.set(r.month as string, Number(v));
    }
    return byCode.size > 0 ? { byCode } : null;
  };
}

/** Provenance: the import ids behind each `district|kind|family` of the districts assessed, over a span of months. */
export async function readImports(
  store: Store,
  relation: string,
  from: string,
  to: string,
): Promise<Map<string, number[]>> {
  const rows = await store.all<{ district: string; kind: string; puk: boolean; ids: number[] }>({
    sql: `SELECT district_code AS district, kind, source = 'police-uk' AS puk, list(DISTINCT import_id ORDER BY import_id) AS ids
          FROM ${eventsRelation(relation)} WHERE month BETWEEN ?::DATE AND ?::DATE GROUP BY ALL`,
    params: [monthStartDate(from), monthStartDate(to)],
  });
  return new Map(rows.map((r) => [`${r.district}|${r.kind}|${r.puk ? 'police-uk' : 'records'}`, r.ids.map(Number)]));
}
