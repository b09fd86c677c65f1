import { SaferError } from '../../core/errors.ts';
import { isMonth, monthRange } from '../../core/periods/index.ts';
import { missingMonths, monthRanges } from '../../store/status.ts';
import type { SqlParam, Store } from '../../store/db.ts';
import type {
  QualityWindow,
  DistrictCoverage,
  SourceQuality,
  ProvenanceImport,
  DataQuality,
} from '../contract/quality.ts';
export type { QualityWindow, DistrictCoverage, SourceQuality, ProvenanceImport, DataQuality };

/*
 * Data quality of the data behind an assessment: per source and kind of event, the rows in the
 * window for the districts, the force's rows that reach no LSOA, duplicates and rejects of the
 * files involved, missing months, and the provenance list of the imports every figure comes from.
 * Choices: docs/partner-indicators.md ("Data quality and provenance").
 */

/** Row shapes are type aliases: Store.all needs them assignable to Record<string, unknown>. */
type EventCell = {
  source: string;
  kind: string;
  force: string | null;
  import_id: number;
  district: string | null;
  month: string;
  rows: number;
  without_location: number;
  unattributed: number;
  /** how the row's LSOA code was resolved (null: no LSOA, or a district given by the record) */
  lsoa_rule?: string | null;
};

/** Rows of the districts by LSOA rule, and the cells merged back over the rules. */
function splitRules(raw: readonly EventCell[]): {
  cells: EventCell[];
  rules: { rule: string; rows: number; share: number }[];
} {
  const byKey = new Map<string, EventCell>();
  const rules = new Map<string, number>();
  for (const c of raw) {
    if (c.district !== null && c.lsoa_rule) rules.set(c.lsoa_rule, (rules.get(c.lsoa_rule) ?? 0) + c.rows);
    const key = `${c.source}|${c.kind}|${c.force}|${c.import_id}|${c.district}|${c.month}`;
    const held = byKey.get(key);
    if (held) {
      held.rows += c.rows;
      held.without_location += c.without_location;
      held.unattributed += c.unattributed;
    } else {
      byKey.set(key, {
        source: c.source,
        kind: c.kind,
        force: c.force,
        import_id: c.import_id,
        district: c.district,
        month: c.month,
        rows: c.rows,
        without_location: c.without_location,
        unattributed: c.unattributed,
      });
    }
  }
  const total = [...rules.values()].reduce((a, b) => a + b, 0);
  const order = ['lookup', 'unchanged', 'split', 'merged', 'complex'];
  const rank = (rule: string) => (order.includes(rule) ? order.indexOf(rule) : order.length);
  return {
    cells: [...byKey.values()],
    rules: [...rules]
      .sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]))
      .map(([rule, rows]) => ({ rule, rows, share: total > 0 ? rows / total : 0 })),
  };
}

type ImportRow = {
  import_id: number;
  kind: string;
  source: string;
  file: string;
  finished_at: string | null;
  rows_loaded: number;
  rows_rejected: number;
  duplicates_dropped: number;
  restricted: boolean;
};

export async function dataQuality(store: Store, districts: string[], window: QualityWindow): Promise<DataQuality> {
  checkWindow(window);
  const codes = [...new Set(districts)];
  if (codes.length === 0)
    throw new SaferError('No districts given for the data-quality summary', {
      hint: 'Give at least one district code, e.g. E07000096.',
    });
  const { cells: merged, rules: lsoaResolution } = splitRules(await eventCells(store, codes, window));
  const cells = concernedCells(merged);
  const indicatorRows = await indicatorRowsByImport(store, codes, window);
  const eventRows = new Map<number, number>();
  // a cell of the districts counts its rows; a cell outside them holds only rows without location
  for (const c of cells)
    eventRows.set(c.import_id, (eventRows.get(c.import_id) ?? 0) + (c.district !== null ? c.rows : c.without_location));
  const imports = await importsById(
    store,
    [...new Set([...eventRows.keys(), ...indicatorRows.keys()])].sort((a, b) => a - b),
  );

  const sources = summariseSources(cells, codes, window, imports);
  const eventImports = [...eventRows.keys()].flatMap((id) => imports.get(id) ?? []);
  const provenance = [...imports.values()].map((row): ProvenanceImport => {
    const table = eventRows.has(row.import_id) ? 'events' : 'indicators';
    return {
      importId: row.import_id,
      kind: row.kind,
      source: row.source,
      file: fileName(row.file),
      finishedAt: row.finished_at,
      rowsLoaded: row.rows_loaded,
      rowsInWindow: (table === 'events' ? eventRows : indicatorRows).get(row.import_id) ?? 0,
      table,
      restricted: row.restricted,
    };
  });
  return {
    districts: codes,
    window: { start: window.start, end: window.end, months: monthRange(window.start, window.end).length },
    sources,
    totals: {
      rows: sum(sources.map((s) => s.rows)),
      rowsWithoutLocation: sum(sources.map((s) => s.rowsWithoutLocation)),
      rowsUnattributed: sum(sources.map((s) => s.rowsUnattributed)),
      duplicatesDropped: sum(eventImports.map((i) => i.duplicates_dropped)),
      rowsRejected: sum(eventImports.map((i) => i.rows_rejected)),
    },
    provenance,
    ...(lsoaResolution.length > 0 ? { lsoaResolution } : {}),
  };
}

/**
 * Events of the window per source, kind, force, import, month and district (null outside the
 * districts), in one pass: rows of the districts, and rows of
 * any force without a known LSOA, read from the event counts (district and `located` resolved at
 * import: src/store/resolve.ts).
 */
async function eventCells(store: Store, codes: readonly string[], window: QualityWindow): Promise<EventCell[]> {
  return store.all<EventCell>({
    sql: `WITH d(code) AS (VALUES ${codes.map(() => '(?)').join(', ')}),
    w AS (
      SELECT import_id, source, kind, force, month, district_code, NOT located AS unlocated, lsoa_rule, n
      FROM event_counts
      WHERE month BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)),
    m AS (
      SELECT w.*, d.code IS NOT NULL AS wanted FROM w LEFT JOIN d ON d.code = w.district_code
      WHERE d.code IS NOT NULL OR w.unlocated)
    SELECT source, kind, force, import_id, CASE WHEN wanted THEN district_code END AS district, strftime(month, '%Y-%m') AS month, CASE WHEN wanted THEN lsoa_rule END AS lsoa_rule,
           coalesce(sum(n) FILTER (WHERE wanted), 0)::BIGINT AS rows, coalesce(sum(n) FILTER (WHERE unlocated), 0)::BIGINT AS without_location,
           coalesce(sum(n) FILTER (WHERE unlocated AND district_code IS NULL), 0)::BIGINT AS unattributed
    FROM m
    GROUP BY ALL`,
    params: [...codes, `${window.start}-01`, `${window.end}-01`] satisfies SqlParam[],
  });
}

/** Indicator values of the districts whose period overlaps the window, per import. */
async function indicatorRowsByImport(
  store: Store,
  codes: readonly string[],
  window: QualityWindow,
): Promise<Map<number, number>> {
  const rows = await store.all<{ import_id: number; rows: number }>({
    sql: `SELECT import_id, count(*) AS rows FROM indicators
          WHERE area_code IN (${codes.map(() => '?').join(', ')})
            AND period_start <= last_day(CAST(? AS DATE)) AND period_end >= CAST(? AS DATE)
          GROUP BY import_id`,
    params: [...codes, `${window.end}-01`, `${window.start}-01`] satisfies SqlParam[],
  });
  return new Map(rows.map((r) => [r.import_id, r.rows]));
}

async function importsById(store: Store, ids: readonly number[]): Promise<Map<number, ImportRow>> {
  if (ids.length === 0) return new Map();
  const rows = await store.all<ImportRow>({
    sql: `SELECT import_id, kind, source, file, strftime(finished_at, '%Y-%m-%dT%H:%M:%S') AS finished_at,
                 rows_loaded, rows_rejected, duplicates_dropped, restricted
          FROM imports WHERE import_id IN (${ids.map(() => '?').join(', ')}) ORDER BY import_id`,
    params: ids,
  });
  return new Map(rows.map((r) => [r.import_id, r]));
}

/**
 * Keeps the cells of the districts and, of the cells without location, those of the forces
 * concerned: the forces (per source and kind; null for sources naming none) whose rows reach the districts.
 */
function concernedCells(cells: readonly EventCell[]): EventCell[] {
  const concerned = new Set(cells.filter((c) => c.district !== null).map((c) => forceKey(c)));
  return cells.filter((c) => c.district !== null || concerned.has(forceKey(c)));
}

function forceKey(c: EventCell): string {
  return JSON.stringify([c.source, c.kind, c.force]);
}

function summariseSources(
  cells: readonly EventCell[],
  districts: readonly string[],
  window: QualityWindow,
  imports: Map<number, ImportRow>,
): SourceQuality[] {
  const groups = new Map<string, EventCell[]>();
  for (const c of cells) {
    const key = `${c.source}\u0000${c.kind}`;
    const list = groups.get(key) ?? [];
    list.push(c);
    groups.set(key, list);
  }
  const out: SourceQuality[] = [];
  for (const group of groups.values()) {
    const located = group.filter((c) => c.district !== null && c.rows > 0);
    const importIds = [...new Set(group.map((c) => c.import_id))].sort((a, b) => a - b);
    const files = importIds.flatMap((id) => imports.get(id) ?? []);
    const coverage = districts.flatMap((district): DistrictCoverage[] => {
      const own = located.filter((c) => c.district === district);
      if (own.length === 0) return [];
      const missing = missingMonths(
        window.start,
        window.end,
        own.map((c) => c.month),
      );
      return [{ district, rows: sum(own.map((c) => c.rows)), missingMonths: missing, gaps: monthRanges(missing) }];
    });
    const missing = missingMonths(
      window.start,
      window.end,
      located.map((c) => c.month),
    );
    out.push({
      source: group[0]!.source,
      kind: group[0]!.kind,
      rows: sum(located.map((c) => c.rows)),
      forces: [...new Set(located.map((c) => c.force))].sort(compareNullable),
      rowsWithoutLocation: sum(group.map((c) => c.without_location)),
      rowsUnattributed: sum(group.map((c) => c.unattributed)),
      duplicatesDropped: sum(files.map((f) => f.duplicates_dropped)),
      rowsRejected: sum(files.map((f) => f.rows_rejected)),
      missingMonths: missing,
      gaps: monthRanges(missing),
      districts: coverage,
      districtsWithoutRows: districts.filter((d) => !coverage.some((c) => c.district === d)),
      importIds,
    });
  }
  return out.sort((a, b) => compareNullable(a.source, b.source) || compareNullable(a.kind, b.kind));
}

/** `data/2021-01-force-street.csv`, `archive.zip!2021-01/x.csv`, `C:\\in\\x.csv` → the last name. */
function fileName(displayName: string): string {
  return displayName.split(/[/\\!]/).pop() ?? displayName;
}

function sum(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0);
}

function compareNullable(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function checkWindow(window: QualityWindow): void {
  for (const [name, month] of [
    ['start', window.start],
    ['end', window.end],
  ] as const) {
    if (!isMonth(month)) {
      throw new SaferError(`The window ${name} must be a month in YYYY-MM form`, {
        value: String(month),
        hint: 'e.g. 2021-04 to 2022-03.',
      });
    }
  }
  if (window.end < window.start) {
    throw new SaferError('The window ends before it starts', {
      value: `${window.start}..${window.end}`,
      hint: 'Give the earlier month as the start.',
    });
  }
}
