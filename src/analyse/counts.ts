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
}

interface Family {
  condition: string | null;
  params: SqlParam[];
  reason?: string;
}

function inList(column: string, values: readonly string[], params: SqlParam[]): string {
  params.push(...values);
  return `${column} IN (${values.map(() => '?').join(', ')})`;
}

function timeCondition(measure: Measure, params: SqlParam[]): string | null {
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

/** The SQL condition selecting the measure's rows in one family of sources, or why it cannot. */
function familyCondition(measure: Measure, family: CountSource): Family {
  const f = measure.filters;
  const params: SqlParam[] = [];
  const parts: string[] = [];
  if (f.time && family === 'police-uk') return { condition: null, params, reason: 'data.police.uk gives no time of offence' };
  if (measure.kind === 'crime') {
    const codes = family === 'records' ? f.offenceCodes : f.policeUkTypes;
    if (!codes) {
      return { condition: null, params, reason: family === 'records' ? 'no offence codes declared' : 'data.police.uk has no matching crime type' };
    }
    parts.push(family === 'records' ? inList('upper(trim(offence_code))', codes.map((c) => c.toUpperCase()), params) : inList('category', codes, params));
  } else if (f.categories) {
    parts.push(inList('category', f.categories, params));
  }
  if (f.subCategories) {
    if (family === 'police-uk' && measure.kind === 'crime') {
      return { condition: null, params, reason: 'data.police.uk rows have no sub-category' };
    }
    parts.push(inList('sub_category', f.subCategories, params));
  }
  if (f.time) {
    parts.push(timeCondition(measure, params)!);
  }
  return { condition: parts.length ? parts.join(' AND ') : 'true', params };
}

/**
 * One query for every district at once: per district, the months each family of sources holds for
 * the measure's kind, and the measure's count per window in each family.
 */
export function measureCountsSql(measure: Measure, districts: readonly string[], windows: readonly Window[]): Sql {
  if (districts.length === 0 || windows.length === 0) throw new RangeError('need at least one district and one window');
  const params: SqlParam[] = [];
  const records = familyCondition(measure, 'records');
  const puk = familyCondition(measure, 'police-uk');
  // crime records without an offence code cannot be classified, so they do not count as coverage
  const recordCoverage = measure.kind === 'crime' ? 'NOT puk AND offence_code IS NOT NULL' : 'NOT puk';
  const columns: string[] = [
    `list(DISTINCT m) FILTER (WHERE ${recordCoverage}) AS record_months`,
    'list(DISTINCT m) FILTER (WHERE puk) AS puk_months',
  ];
  windows.forEach((w, i) => {
    for (const [name, fam, flag] of [['r', records, 'NOT puk'], ['p', puk, 'puk']] as const) {
      if (fam.condition === null) {
        columns.push(`NULL AS ${name}${i}`);
        continue;
      }
      params.push(monthStartDate(w.start), monthStartDate(w.end), ...fam.params);
      columns.push(`count(*) FILTER (WHERE ${flag} AND month BETWEEN ?::DATE AND ?::DATE AND ${fam.condition}) AS ${name}${i}`);
    }
  });
  const starts = windows.map((w) => w.start).sort();
  const ends = windows.map((w) => w.end).sort();
  // the CTE's placeholders come first in the text, so its values go first
  const whereParams: SqlParam[] = [measure.kind, monthStartDate(starts[0]!), monthStartDate(ends[ends.length - 1]!)];
  const where = `kind = ? AND month BETWEEN ?::DATE AND ?::DATE AND ${inList('district_code', districts, whereParams)}`;
  const sql = `WITH e AS (
  SELECT district_code, source = 'police-uk' AS puk, strftime(month, '%Y-%m') AS m, month, date, time,
         offence_code, category, sub_category
  FROM events_located WHERE ${where}
)
SELECT district_code, ${columns.join(',\n       ')}
FROM e GROUP BY district_code`;
  return { sql, params: [...whereParams, ...params] };
}

interface CountRow {
  district_code: string;
  record_months: string[] | null;
  puk_months: string[] | null;
  [key: string]: unknown;
}

/**
 * Counts of a measure per district for each window, choosing per district the taxonomy its data
 * supports: record extracts with offence codes when they cover at least as many months as
 * data.police.uk, else data.police.uk. A district whose data cannot support the measure gets the
 * declared fallback measure (with its note), or a null count saying why.
 */
export async function measureCounts(
  store: Store,
  measure: Measure,
  districts: readonly string[],
  windows: readonly Window[],
  catalogue?: Catalogue,
): Promise<Map<string, MeasureCount>> {
  const rows = await store.all<CountRow>(measureCountsSql(measure, districts, windows));
  const byDistrict = new Map(rows.map((r) => [r.district_code, r]));
  const records = familyCondition(measure, 'records');
  const puk = familyCondition(measure, 'police-uk');
  const out = new Map<string, MeasureCount>();
  const unsupported: string[] = [];
  for (const district of districts) {
    const row = byDistrict.get(district);
    const recordMonths = row?.record_months ?? [];
    const pukMonths = row?.puk_months ?? [];
    let source: CountSource | null = null;
    const notes: string[] = [];
    if (recordMonths.length > 0 && recordMonths.length >= pukMonths.length && records.condition !== null) source = 'records';
    else if (pukMonths.length > 0 && puk.condition !== null) source = 'police-uk';
    else if (recordMonths.length > 0 && records.condition !== null) source = 'records';
    if (source === null) {
      if (recordMonths.length + pukMonths.length === 0) notes.push(`no ${measure.kind} data loaded for this area in the period`);
      else notes.push(`"${measure.title}" cannot be counted from the data loaded: ${(pukMonths.length ? puk : records).reason}`);
      unsupported.push(district);
    }
    const months = source === 'records' ? recordMonths : pukMonths;
    out.set(district, {
      district,
      measure: measure.id,
      source,
      counts: windows.map((_, i) => (source === null || !row ? null : Number(row[`${source === 'records' ? 'r' : 'p'}${i}`] ?? 0))),
      completeness: windows.map((w) => completeness(w, months)),
      notes,
    });
  }
  const fallback = measure.fallback && catalogue?.get(measure.fallback.measure);
  if (fallback && unsupported.length > 0) {
    const replaced = await measureCounts(store, fallback, unsupported, windows, catalogue);
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
