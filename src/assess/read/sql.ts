import type { SqlParam } from '../../store/db.ts';
import type { Measure } from '../../core/measures/schema.ts';
import { familyGap, type CountSource } from '../build/families.ts';

/** Fragments the read step's builders share: lists, a measure's row conditions, relation names. */

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
 * The SQL condition selecting the measure's rows in one family of sources, or why it cannot
 * (familyGap). `timeFlag` names a boolean column already holding the measure's time-window test
 * (pre-grouped rows no longer carry date and time).
 */
export function familyCondition(
  measure: Measure,
  family: CountSource,
  options: { timeFlag?: string; plainLists?: boolean } = {},
): Family {
  const { timeFlag, plainLists = false } = options;
  const f = measure.filters;
  const params: SqlParam[] = [];
  const gap = familyGap(measure, family);
  if (gap !== null) return { condition: null, params, reason: gap };
  const parts: string[] = [];
  if (measure.kind === 'crime') {
    const codes = (family === 'records' ? f.offenceCodes : f.policeUkTypes)!;
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
  if (f.subCategories) parts.push(inList('sub_category', f.subCategories, params, plainLists));
  if (f.time) parts.push(timeFlag ?? timeCondition(measure, params)!);
  return { condition: parts.length ? parts.join(' AND ') : 'true', params };
}

/** Where events are read from: the event counts, or an assessment's snapshot of them (internal names only). */
export function eventsRelation(relation = 'event_counts'): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(relation)) throw new RangeError(`not a relation name: ${relation}`);
  return relation;
}
