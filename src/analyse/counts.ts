import type { Sql, SqlParam, Store } from '../store/db.ts';
import type { Measure } from '../core/measures/schema.ts';
import type { Catalogue } from '../core/measures/catalogue.ts';
import { completeness, monthStartDate, type Completeness, type Window } from '../core/periods/index.ts';

/** Which taxonomy a count came from: partner record extracts (offence codes) or data.police.uk. */
export type CountSource = 'records' | 'police-uk';

export interface MeasureCount {
  district: string;
  /** the measure counted: the one asked for, or its fallback */
  measure: string;
  /** set when the measure asked for could not be supported and `measure` is its fallback */
  fallbackFrom?: string;
  /** null when the data loaded cannot support the measure (and no fallback could) */
  source: CountSource | null;
  /** one count per window, in the order given; null when unsupported */
  counts: (number | null)[];
  completeness: Completeness[];
  notes: string[];
  /** the measure's count per month read (chosen source), for series */
  monthly: Map<string, number>;
  /** months read that hold data of the chosen source (coverage, whatever the measure) */
  loadedMonths: string[];
}

export interface Family {
  condition: string | null;
  params: SqlParam[];
  reason?: string;
}

/**
 * `column IN (…)`. Long lists go through a subquery: DuckDB tests a long IN list value by value on
 * every row, but hashes a subquery's values (about six times faster for 140 offence codes).
 */
export function inList(column: string, values: readonly string[], params: SqlParam[], plain = false): string {
  params.push(...values);
  return `${column} IN ${inSet(values.length, plain)}`;
}

/** The right-hand side of `IN` for n placeholders (a subquery when long; see inList). */
export function inSet(n: number, plain = false): string {
  const marks = Array.from({ length: n }, () => '?').join(', ');
  return n > 8 && !plain ? `(SELECT unnest([${marks}]))` : `(${marks})`;
}

export function timeCondition(measure: Measure, params: SqlParam[]): string | null {
  const t = measure.filters.time;
  if (!t) return null;
  const days = t.evenings.join(', ');
  if (t.to > t.from) {
    params.push(t.from, t.to);
    return `(date IS NOT NULL AND time >= ?::TIME AND time < ?::TIME AND dayofweek(date) IN (${days}))`;
  }
  params.push(t.from, t.to);
  return `(date IS NOT NULL AND ((time >= ?::TIME AND dayofweek(date) IN (${days})) OR (time < ?::TIME AND dayofweek(date - 1) IN (${days}))))`;
}

/**
 * The SQL condition selecting the measure's rows in one family of sources, or why it cannot.
 * `timeFlag` names a boolean column already holding the measure's time-window test (pre-grouped
 * rows no longer carry date and time).
 */
export function familyCondition(
  measure: Measure,
  family: CountSource,
  options: { timeFlag?: string; plainLists?: boolean } = {},
): Family {
  const { timeFlag, plainLists = false } = options;
  const f = measure.filters;
  const params: SqlParam[] = [];
  const parts: string[] = [];
  if (f.time && family === 'police-uk')
    return { condition: null, params, reason: 'data.police.uk gives no time of offence' };
  if (measure.kind === 'crime') {
    const codes = family === 'records' ? f.offenceCodes : f.policeUkTypes;
    if (!codes) {
      return {
        condition: null,
        params,
        reason: family === 'records' ? 'no offence codes declared' : 'data.police.uk has no matching crime type',
      };
    }
    parts.push(
      family === 'records'
        ? inList(
            'offence_code',
            codes.map((c) => c.toUpperCase()),
            params,
            plainLists,
          )
        : inList('category', codes, params, plainLists),
    );
  } else if (f.categories) {
    parts.push(inList('category', f.categories, params, plainLists));
  }
  if (f.subCategories) {
    if (family === 'police-uk' && measure.kind === 'crime') {
      return { condition: null, params, reason: 'data.police.uk rows have no sub-category' };
    }
    parts.push(inList('sub_category', f.subCategories, params, plainLists));
  }
  if (f.time) {
    parts.push(timeFlag ?? timeCondition(measure, params)!);
  }
  return { condition: parts.length ? parts.join(' AND ') : 'true', params };
}

/**
 * One query for every district at once: per district, the months each family of sources holds for
 * the measure's kind, and the measure's count per window in each family.
 */
/** Where events are read from: the events_located view, or an assessment's snapshot of it (internal names only). */
export function eventsRelation(relation = 'events_located'): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(relation)) throw new RangeError(`not a relation name: ${relation}`);
  return relation;
}

/**
 * The measure's monthly cells for some districts: one pass over the rows, grouped by district,
 * family of sources and month, counting the rows of the kind (coverage) and the measure's rows in
 * each family. Every window count, completeness check and monthly series is a sum over these.
 * Crime records without an offence code cannot be classified, so they do not count as coverage.
 */
export function measureCellsSql(
  measure: Measure,
  districts: readonly string[],
  from: string,
  to: string,
  relation?: string,
): Sql {
  if (districts.length === 0) throw new RangeError('need at least one district');
  const records = familyCondition(measure, 'records');
  const puk = familyCondition(measure, 'police-uk');
  const coverage = measure.kind === 'crime' ? 'count(offence_code)' : 'count(*)';
  const params: SqlParam[] = [];
  const family = (fam: Family, flag: string, name: string) => {
    if (fam.condition === null) return `NULL::BIGINT AS ${name}`;
    params.push(...fam.params);
    return `count(*) FILTER (WHERE ${flag} AND ${fam.condition}) AS ${name}`;
  };
  const columns = [
    `${coverage} AS covered`,
    family(records, "source <> 'police-uk'", 'r'),
    family(puk, "source = 'police-uk'", 'p'),
  ];
  params.push(measure.kind, monthStartDate(from), monthStartDate(to));
  const where = `kind = ? AND month BETWEEN ?::DATE AND ?::DATE AND ${inList('district_code', districts, params)}`;
  return {
    // offence codes are stored canonical (the records importer maps them to the taxonomy's codes)
    sql: `SELECT district, puk, strftime(month, '%Y-%m') AS month, covered, r, p FROM (
  SELECT district_code AS district, source = 'police-uk' AS puk, month, ${columns.join(', ')}
  FROM ${eventsRelation(relation)} WHERE ${where}
  GROUP BY ALL)`,
    params,
  };
}

export interface MeasureCell {
  district: string;
  puk: boolean;
  month: string;
  covered: number;
  r: number | null;
  p: number | null;
}

export async function measureCells(
  store: Store,
  measure: Measure,
  districts: readonly string[],
  from: string,
  to: string,
  relation?: string,
): Promise<MeasureCell[]> {
  const rows = await store.all<Record<string, unknown>>(measureCellsSql(measure, districts, from, to, relation));
  return rows.map((r) => ({
    district: r.district as string,
    puk: r.puk as boolean,
    month: r.month as string,
    covered: Number(r.covered),
    r: r.r === null ? null : Number(r.r),
    p: r.p === null ? null : Number(r.p),
  }));
}

/**
 * Counts per window from a measure's cells, choosing per district the taxonomy its data supports:
 * record extracts with offence codes when they cover at least as many months of the windows as
 * data.police.uk, else data.police.uk. A district whose data cannot support the measure is listed
 * in `unsupported` with a note saying why.
 */
export function countsFromCells(
  measure: Measure,
  districts: readonly string[],
  windows: readonly Window[],
  cells: readonly MeasureCell[],
): { counts: Map<string, MeasureCount>; unsupported: string[] } {
  const records = familyCondition(measure, 'records');
  const puk = familyCondition(measure, 'police-uk');
  const span = new Set(windows.flatMap((w) => w.months));
  const byDistrict = new Map<string, MeasureCell[]>();
  for (const c of cells) {
    if (!byDistrict.has(c.district)) byDistrict.set(c.district, []);
    byDistrict.get(c.district)!.push(c);
  }
  const counts = new Map<string, MeasureCount>();
  const unsupported: string[] = [];
  for (const district of districts) {
    const mine = byDistrict.get(district) ?? [];
    const recordMonths = mine.filter((c) => !c.puk && c.covered > 0 && span.has(c.month)).map((c) => c.month);
    const pukMonths = mine.filter((c) => c.puk && span.has(c.month)).map((c) => c.month);
    let source: CountSource | null = null;
    const notes: string[] = [];
    if (recordMonths.length > 0 && recordMonths.length >= pukMonths.length && records.condition !== null)
      source = 'records';
    else if (pukMonths.length > 0 && puk.condition !== null) source = 'police-uk';
    else if (recordMonths.length > 0 && records.condition !== null) source = 'records';
    if (source === null) {
      if (recordMonths.length + pukMonths.length === 0)
        notes.push(`no ${measure.kind} data loaded for this area in the period`);
      else
        notes.push(
          `"${measure.title}" cannot be counted from the data loaded: ${(pukMonths.length ? puk : records).reason}`,
        );
      unsupported.push(district);
    }
    const monthly = new Map<string, number>();
    const loadedMonths: string[] = [];
    for (const c of mine) {
      if (source === null || c.puk !== (source === 'police-uk')) continue;
      if (source === 'records' && c.covered === 0) continue;
      loadedMonths.push(c.month);
      monthly.set(c.month, (source === 'records' ? c.r : c.p) ?? 0);
    }
    const months = source === 'records' ? recordMonths : pukMonths;
    counts.set(district, {
      district,
      measure: measure.id,
      source,
      counts: windows.map((w) => (source === null ? null : w.months.reduce((s, m) => s + (monthly.get(m) ?? 0), 0))),
      completeness: windows.map((w) => completeness(w, months)),
      notes,
      monthly,
      loadedMonths: loadedMonths.sort(),
    });
  }
  return { counts, unsupported };
}

/**
 * Counts of a measure per district for each window (see countsFromCells); a district whose data
 * cannot support the measure gets the declared fallback measure (with its note), or a null count
 * saying why. `from`/`to` widen the months read (so that `monthly` holds a whole series).
 */
export async function measureCounts(
  store: Store,
  measure: Measure,
  districts: readonly string[],
  windows: readonly Window[],
  catalogue?: Catalogue,
  relation?: string,
  span?: { from: string; to: string },
): Promise<Map<string, MeasureCount>> {
  if (districts.length === 0 || windows.length === 0) throw new RangeError('need at least one district and one window');
  const from = [span?.from, ...windows.map((w) => w.start)].filter((m): m is string => !!m).sort()[0]!;
  const to = [span?.to, ...windows.map((w) => w.end)]
    .filter((m): m is string => !!m)
    .sort()
    .at(-1)!;
  return measureCountsWith(
    measure,
    districts,
    windows,
    (m, ds) => measureCells(store, m, ds, from, to, relation),
    catalogue,
  );
}

/**
 * measureCounts on cells from any provider (one query per measure, or the cells of every
 * measure read in one pass): counts per window, and the declared fallback for the districts
 * whose data cannot support the measure.
 */
export async function measureCountsWith(
  measure: Measure,
  districts: readonly string[],
  windows: readonly Window[],
  cellsOf: (measure: Measure, districts: readonly string[]) => Promise<readonly MeasureCell[]> | readonly MeasureCell[],
  catalogue?: Catalogue,
): Promise<Map<string, MeasureCount>> {
  const { counts: out, unsupported } = countsFromCells(measure, districts, windows, await cellsOf(measure, districts));
  const fallback = measure.fallback && catalogue?.get(measure.fallback.measure);
  if (fallback && unsupported.length > 0) {
    const replaced = await measureCountsWith(fallback, unsupported, windows, cellsOf, catalogue);
    for (const [district, count] of replaced) {
      if (count.source === null) continue;
      out.set(district, {
        ...count,
        fallbackFrom: count.fallbackFrom ?? measure.id,
        notes: [`"${measure.title}" not available: ${measure.fallback!.note}`, ...count.notes],
      });
    }
  }
  return out;
}

/** The latest month holding any event (the default end of the analysis period), or null. */
export async function latestLoadedMonth(store: Store): Promise<string | null> {
  const row = await store.one<{ m: string | null }>("SELECT strftime(max(month), '%Y-%m') AS m FROM events");
  return row?.m ?? null;
}
