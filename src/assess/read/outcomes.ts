/**
 * What happened to the crimes of a measure: counts and shares by outcome (police.uk categories and
 * the families of core/outcomes/families.ts), at district and ward level, with 95% Wilson intervals,
 * and the comparison of shares with the previous period at equal age only (docs/methods.md,
 * Outcomes). Reads the store through one snapshot per district; pure grouping in JavaScript.
 */
import type { Sql, SqlParam, Store } from '../../store/db.ts';
import type { Measure } from '../../core/measures/schema.ts';
import { familyCondition } from './sql.ts';
import type { CountSource } from '../build/families.ts';
import { addMonths, monthIndex, monthLabel, monthRange, type Month, type Window } from '../../core/periods/index.ts';
import { monthsSpan } from '../../core/periods/comparable.ts';
import { wilsonInterval } from '../../core/stats/index.ts';
import { newcombeDifference } from './indicators.ts';
import {
  FAMILY_LABEL,
  OUTCOME_FAMILIES,
  isDetection,
  outcomeCategory,
  outcomeFamily,
  type OutcomeFamily,
} from '../../core/outcomes/families.ts';
import type {
  Share,
  OutcomeCategoryRow,
  OutcomeFamilyRow,
  OutcomeBreakdown,
  WardOutcomes,
  OutcomeSourceKind,
  OutcomeShareChange,
  OutcomeComparison,
  MeasureOutcomes,
} from '../contract/outcomes.ts';
export type {
  Share,
  OutcomeCategoryRow,
  OutcomeFamilyRow,
  OutcomeBreakdown,
  WardOutcomes,
  OutcomeSourceKind,
  OutcomeShareChange,
  OutcomeComparison,
  MeasureOutcomes,
};

interface OutcomeCell {
  ward: string | null;
  outcome: string | null;
  dated: boolean;
  n: number;
}

/** A district's crimes of the two windows with what decides their outcome, read once. */
export interface OutcomeSnapshot {
  relation: string;
  /** months held by the outcomes files of the forces whose crimes the district holds */
  outcomeMonths: Set<Month>;
  /** latest street-file month of those forces, and latest record-extract month of the district */
  latestStreet: Month | null;
  latestRecords: Month | null;
  /** records with a decided outcome and a date for it / records with a decided outcome */
  recordOutcomesDated: { dated: number; withOutcome: number };
  drop(): Promise<void>;
}

let snapshotSeq = 0;

/** A record whose outcome is decided (not empty, not still under investigation or awaiting court): the ones that carry an outcome date. */
const DECIDED =
  "nullif(trim(outcome), '') IS NOT NULL AND lower(trim(outcome)) NOT IN ('under investigation', 'awaiting court outcome')";

/** Reads the district's crimes of `from`..`to` and the outcomes-file rows of their Crime IDs into temp tables. */
export async function outcomeSnapshot(
  store: Store,
  district: string,
  from: Month,
  to: Month,
): Promise<OutcomeSnapshot> {
  const relation = `outcomes_${++snapshotSeq}_${process.pid}`;
  await store.run({
    sql: `CREATE TEMP TABLE ${relation} AS
      SELECT source, month, date, time, offence_code, category, sub_category, ward_code, record_id, force, outcome,
             TRY_CAST(json_extract_string(attrs, '$.outcome_date') AS DATE) AS outcome_date
      FROM events_located WHERE kind = 'crime' AND district_code = ? AND month BETWEEN ?::DATE AND ?::DATE`,
    params: [district, `${from}-01`, `${to}-01`],
  });
  await store.run(`CREATE TEMP TABLE ${relation}_po AS
      SELECT o.crime_id, o.month, o.outcome_type FROM police_outcomes o
      WHERE o.crime_id IN (SELECT record_id FROM ${relation} WHERE source = 'police-uk' AND record_id IS NOT NULL)`);
  const forces = `(SELECT DISTINCT force FROM ${relation} WHERE source = 'police-uk' AND force IS NOT NULL)`;
  const months = await store.all<{ m: string }>(
    `SELECT DISTINCT strftime(month, '%Y-%m') AS m FROM police_outcomes WHERE force IN ${forces}`,
  );
  const [street] = await store.all<{ m: string | null }>(
    `SELECT strftime(max(month), '%Y-%m') AS m FROM events WHERE source = 'police-uk' AND kind = 'crime' AND force IN ${forces}`,
  );
  const [records] = await store.all<{ m: string | null; dated: number; with_outcome: number }>(`
      SELECT strftime(max(month), '%Y-%m') AS m, count(*) FILTER (WHERE ${DECIDED} AND outcome_date IS NOT NULL) AS dated,
             count(*) FILTER (WHERE ${DECIDED}) AS with_outcome
      FROM ${relation} WHERE source <> 'police-uk'`);
  return {
    relation,
    outcomeMonths: new Set(months.map((r) => r.m)),
    latestStreet: street?.m ?? null,
    latestRecords: records?.m ?? null,
    recordOutcomesDated: { dated: Number(records?.dated ?? 0), withOutcome: Number(records?.with_outcome ?? 0) },
    drop: async () => {
      await store.run(`DROP TABLE IF EXISTS ${relation}`);
      await store.run(`DROP TABLE IF EXISTS ${relation}_po`);
    },
  };
}

/**
 * How each crime's outcome is read: `latest` — the newest outcomes-file row up to `asOf` when the
 * outcomes files are used, else the row's own outcome (street `Last outcome category`, or the
 * extract's); `at` — as it stood at the end of month `cutoff` (outcomes-file rows or extract
 * outcome dates up to then; none yet reads as no outcome).
 */
type Reading = { mode: 'latest'; useOutcomeFiles: boolean; asOf: Month | null } | { mode: 'at'; cutoff: Month };

export function outcomeCellsSql(
  snapshot: Pick<OutcomeSnapshot, 'relation'>,
  measure: Measure,
  source: CountSource,
  months: readonly Month[],
  reading: Reading,
): Sql | null {
  const fam = familyCondition(measure, source);
  if (fam.condition === null || months.length === 0) return null;
  const params: SqlParam[] = [];
  const rel = snapshot.relation;
  const cutoff = reading.mode === 'at' ? reading.cutoff : reading.useOutcomeFiles ? reading.asOf : null;
  let outcome: string;
  let join = '';
  if (source === 'police-uk') {
    const files = reading.mode === 'at' || reading.useOutcomeFiles;
    if (files) {
      join = `LEFT JOIN (SELECT crime_id, max_by(outcome_type, strftime(month, '%Y-%m') || coalesce(outcome_type, '')) AS outcome_type
                         FROM ${rel}_po ${cutoff ? 'WHERE month <= ?::DATE' : ''} GROUP BY crime_id) po ON po.crime_id = c.record_id`;
      if (cutoff) params.push(`${cutoff}-01`);
    }
    outcome = !files ? 'c.outcome' : reading.mode === 'at' ? 'po.outcome_type' : 'coalesce(po.outcome_type, c.outcome)';
    params.push(...fam.params);
    const dated = files ? 'po.crime_id IS NOT NULL' : 'false';
    params.push(...months.map((m) => `${m}-01`));
    return {
      sql: `SELECT c.ward_code AS ward, ${outcome} AS outcome, ${dated} AS dated, count(*) AS n
            FROM ${rel} c ${join}
            WHERE c.source = 'police-uk' AND ${fam.condition} AND c.month IN (${months.map(() => '?::DATE').join(', ')})
            GROUP BY ALL`,
      params,
    };
  }
  outcome = reading.mode === 'at' ? `CASE WHEN outcome_date < ?::DATE THEN outcome END` : 'outcome';
  if (reading.mode === 'at') params.push(`${addMonths(reading.cutoff, 1)}-01`);
  params.push(...fam.params);
  params.push(...months.map((m) => `${m}-01`));
  return {
    sql: `SELECT ward_code AS ward, ${outcome} AS outcome, outcome_date IS NOT NULL AS dated, count(*) AS n
          FROM ${rel}
          WHERE source <> 'police-uk' AND ${fam.condition} AND month IN (${months.map(() => '?::DATE').join(', ')})
          GROUP BY ALL`,
    params,
  };
}

async function readCells(store: Store, sql: Sql | null): Promise<OutcomeCell[]> {
  if (!sql) return [];
  const rows = await store.all<Record<string, unknown>>(sql);
  return rows.map((r) => ({
    ward: (r.ward as string | null) ?? null,
    outcome: (r.outcome as string | null) ?? null,
    dated: r.dated === true,
    n: Number(r.n),
  }));
}

function share(count: number, total: number): Share {
  if (total === 0) return { count, share: 0, lower: 0, upper: 0 };
  const ci = wilsonInterval(count, total);
  return { count, share: count / total, lower: ci.lower, upper: ci.upper };
}

function familyRows(byFamily: Map<OutcomeFamily, number>, total: number): OutcomeFamilyRow[] {
  return OUTCOME_FAMILIES.map((f) => ({ family: f.id, label: f.label, ...share(byFamily.get(f.id) ?? 0, total) }));
}

/** Counts, shares and intervals of some cells (any wards). */
export function breakdownOf(cells: readonly OutcomeCell[]): OutcomeBreakdown {
  const byCategory = new Map<string, number>();
  let detections = 0;
  for (const c of cells) {
    const category = outcomeCategory(c.outcome);
    byCategory.set(category, (byCategory.get(category) ?? 0) + c.n);
    if (isDetection(c.outcome)) detections += c.n;
  }
  const total = [...byCategory.values()].reduce((s, v) => s + v, 0);
  const byFamily = new Map<OutcomeFamily, number>();
  for (const [category, n] of byCategory)
    byFamily.set(outcomeFamily(category), (byFamily.get(outcomeFamily(category)) ?? 0) + n);
  return {
    total,
    categories: [...byCategory]
      .map(([category, n]) => ({ category, family: outcomeFamily(category), ...share(n, total) }))
      .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
    families: familyRows(byFamily, total),
    detections: share(detections, total),
  };
}

function wardsOf(
  cells: readonly OutcomeCell[],
  wards: readonly string[],
  names: ReadonlyMap<string, string>,
): { rows: WardOutcomes[]; unallocated: number } {
  const byWard = new Map<string, OutcomeCell[]>();
  let unallocated = 0;
  for (const c of cells) {
    if (c.ward === null) {
      unallocated += c.n;
      continue;
    }
    if (!byWard.has(c.ward)) byWard.set(c.ward, []);
    byWard.get(c.ward)!.push(c);
  }
  const rows = [...new Set([...wards, ...byWard.keys()])].map((code) => {
    const b = breakdownOf(byWard.get(code) ?? []);
    return { code, name: names.get(code) ?? null, total: b.total, families: b.families, detections: b.detections };
  });
  return {
    rows: rows.filter((r) => r.total > 0).sort((a, b) => b.total - a.total || a.code.localeCompare(b.code)),
    unallocated,
  };
}

/** Every month from `from` to `to` is in `held`. */
function covers(held: ReadonlySet<Month>, from: Month, to: Month): Month[] {
  if (monthIndex(to) < monthIndex(from)) return [];
  return monthRange(from, to).filter((m) => !held.has(m));
}

export interface OutcomesInput {
  snapshot: OutcomeSnapshot;
  measure: Measure;
  source: CountSource;
  current: Window;
  previous: Window;
  /** the measure's comparability decision: which months of each window are compared */
  decision: {
    kind: 'full' | 'like-for-like' | 'not-assessed';
    currentMonths: readonly Month[];
    previousMonths: readonly Month[];
    reason: string | null;
  };
  wards: readonly string[];
  wardNames: ReadonlyMap<string, string>;
}

/** The outcomes of one measure in one district (null when the measure counts no crimes). */
export async function measureOutcomes(store: Store, input: OutcomesInput): Promise<MeasureOutcomes | null> {
  const { snapshot, measure, source, current } = input;
  if (measure.kind !== 'crime') return null;
  // the outcomes files are used when they hold every month from the period's start to their latest, and reach its end
  const outcomeLatest = [...snapshot.outcomeMonths].sort().at(-1) ?? null;
  const filesUsable =
    source === 'police-uk' &&
    outcomeLatest !== null &&
    monthIndex(outcomeLatest) >= monthIndex(current.end) &&
    covers(snapshot.outcomeMonths, current.start, outcomeLatest).length === 0;
  const asOf = source === 'records' ? snapshot.latestRecords : filesUsable ? outcomeLatest : snapshot.latestStreet;
  const cells = await readCells(
    store,
    outcomeCellsSql(snapshot, measure, source, current.months, { mode: 'latest', useOutcomeFiles: filesUsable, asOf }),
  );
  const district = breakdownOf(cells);
  const { rows: wards, unallocated } = wardsOf(cells, input.wards, input.wardNames);
  const fromOutcomesFiles = cells.filter((c) => c.dated).reduce((s, c) => s + c.n, 0);
  const asOfText = asOf ? monthLabel(asOf) : 'an unknown date';
  let kind: OutcomeSourceKind;
  let sourceNote: string;
  if (source === 'records') {
    kind = 'records';
    sourceNote = `the outcome recorded in the force's crime extract, as at ${asOfText} (its latest month)`;
  } else if (filesUsable) {
    kind = 'outcomes-files';
    sourceNote = `the latest outcome in the data.police.uk outcomes files loaded up to ${asOfText} (${fromOutcomesFiles.toLocaleString('en-GB')} crimes); crimes with no outcome there take the street file's last outcome category`;
  } else {
    kind = 'street-files';
    const why =
      source === 'police-uk' && outcomeLatest !== null
        ? `; the outcomes files loaded do not cover ${monthLabel(current.start)} to ${monthLabel(current.end)} without a gap, so they are not used`
        : '';
    sourceNote = `the street files' last outcome category, as published with the latest street file loaded (${asOfText}; data.police.uk does not date it)${why}`;
  }
  return {
    period: { start: current.start, end: current.end, months: current.months.length },
    source: kind,
    sourceNote,
    asOf,
    fromOutcomesFiles,
    district,
    wards,
    unallocated,
    comparison: await equalAge(store, input, asOf, filesUsable),
  };
}

function notAssessed(label: string, reason: string): OutcomeComparison {
  return { kind: 'not-assessed', label, ageMonths: null, reason, current: null, previous: null, changes: [] };
}

/** Outcome shares of the two periods compared only as they stood the same number of months after each ended. */
async function equalAge(
  store: Store,
  input: OutcomesInput,
  asOf: Month | null,
  filesUsable: boolean,
): Promise<OutcomeComparison> {
  const { snapshot, measure, source, current, previous, decision } = input;
  const plain = `${current.label} against ${previous.label}`;
  if (decision.kind === 'not-assessed')
    return notAssessed(plain, decision.reason ?? "the measure's periods are not compared");
  if (asOf === null) return notAssessed(plain, 'no date for the outcomes');
  const age = monthIndex(asOf) - monthIndex(current.end);
  const previousCutoff = addMonths(previous.end, age);
  const label = `${monthsSpan(decision.currentMonths)} as at ${monthLabel(asOf)} against ${monthsSpan(decision.previousMonths)} as at ${monthLabel(previousCutoff)} (${age === 0 ? 'each as it stood at the end of its period' : `each ${age} month${age === 1 ? '' : 's'} after its period ended`})`;
  if (source === 'police-uk') {
    if (!filesUsable) {
      return notAssessed(
        plain,
        `the street files give each crime's latest outcome only, undated: the previous period's crimes have had 12 more months to reach one. Load the data.police.uk outcomes files for ${monthLabel(previous.start)} to ${monthLabel(asOf)} to compare at equal age`,
      );
    }
    const missing = covers(snapshot.outcomeMonths, previous.start, asOf);
    if (missing.length > 0) {
      return notAssessed(
        plain,
        `outcome shares are compared only at equal age, which needs the outcomes files from ${monthLabel(previous.start)} to ${monthLabel(asOf)}: ${missing.length} of those months are not loaded (${monthsSpan(missing)})`,
      );
    }
  } else {
    const { dated, withOutcome } = snapshot.recordOutcomesDated;
    if (withOutcome === 0 || dated < 0.95 * withOutcome) {
      return notAssessed(
        plain,
        `the crime extract ${withOutcome === 0 ? 'records no outcomes' : `dates ${dated.toLocaleString('en-GB')} of its ${withOutcome.toLocaleString('en-GB')} outcomes`}: without outcome dates the previous period's crimes, older by 12 months, cannot be read at the age of the current period's (map an outcome_date column; docs/mappings.md)`,
      );
    }
  }
  const now = breakdownOf(
    await readCells(
      store,
      outcomeCellsSql(snapshot, measure, source, decision.currentMonths, { mode: 'at', cutoff: asOf }),
    ),
  );
  const then = breakdownOf(
    await readCells(
      store,
      outcomeCellsSql(snapshot, measure, source, decision.previousMonths, { mode: 'at', cutoff: previousCutoff }),
    ),
  );
  if (now.total === 0 || then.total === 0)
    return notAssessed(label, `no crimes in ${now.total === 0 ? 'the current' : 'the previous'} period to compare`);
  const changes: OutcomeShareChange[] = [
    ...now.families.map((f, i) => ({
      family: f.family,
      label: f.label,
      current: f.count,
      previous: then.families[i]!.count,
    })),
    {
      family: 'detections' as const,
      label: 'Sanctioned detections',
      current: now.detections.count,
      previous: then.detections.count,
    },
  ].map((c) => ({ ...c, ...newcombeDifference(c.current, now.total, c.previous, then.total) }));
  return { kind: 'equal-age', label, ageMonths: age, reason: null, current: now, previous: then, changes };
}

/** `family` → label, for renderers. */
export function familyLabel(family: OutcomeFamily | 'detections'): string {
  return family === 'detections' ? 'Sanctioned detections' : FAMILY_LABEL[family];
}
