import type { SqlParam, Store } from '../../store/db.ts';
import type { Catalogue } from '../../core/measures/catalogue.ts';
import { familyCondition, inList } from './sql.ts';
import type { denominatorMemo } from './denominators.ts';
import { monthRange } from '../../core/periods/index.ts';
import { rankAscending } from '../../core/stats/index.ts';
import type { CountyTable, CountyTableRow, MeasureAssessment, PeriodRef } from '../schema.ts';

/**
 * The reference assessment's two district-against-county tables, from record extracts:
 *
 * - `drug-offences`: trafficking and possession, split into Class A and other drugs where the
 *   force's offence description names the class (the Home Office codes do not), with the
 *   district's rate per 1,000 residents and its position among the county's districts;
 * - `collision-severity`: injury road collisions by severity (slight, serious, fatal) in the
 *   district and the county, both years.
 *
 * Both follow the measure's own comparability decision (the months compared in each period), so
 * they agree with the measure's figures. Absent when the measure is not counted from records.
 */
export interface CountyTableInput {
  store: Store;
  catalogue: Catalogue;
  districts: readonly string[];
  district: string;
  measures: readonly MeasureAssessment[];
  period: PeriodRef;
  year: number;
  denominators: ReturnType<typeof denominatorMemo>;
}

interface Spec {
  id: CountyTable['id'];
  /** the catalogue measure whose filters select the rows */
  measure: string;
  /** measures of the Assessment whose comparability the table follows, first found */
  follows: string[];
  title: string;
  /** SQL key of a row (only columns of events_located; no values from files) */
  key: string;
  /** rows in this order; the label of each */
  order: (keys: ReadonlySet<string>) => { key: string; label: string }[];
  note: (keys: ReadonlySet<string>) => string | null;
  ranked: boolean;
}

const DRUG_TYPE =
  "CASE WHEN offence_code = '92A' THEN 'trafficking' WHEN offence_code IN ('92D', '92E') THEN 'possession' ELSE 'other' END";
const DRUG_CLASS =
  "CASE WHEN regexp_matches(coalesce(sub_category, ''), '(?i)class\\s*a\\b') THEN 'a' WHEN regexp_matches(coalesce(sub_category, ''), '(?i)class\\s*[bc]\\b|cannabis') OR offence_code = '92E' THEN 'other' ELSE 'unknown' END";

const SPECS: Spec[] = [
  {
    id: 'drug-offences',
    measure: 'drugs',
    follows: ['drugs'],
    title: 'Drug offences: trafficking and possession',
    key: `${DRUG_TYPE} || '|' || ${DRUG_CLASS}`,
    order: (keys) => {
      const byClass = ![...keys].some((k) => k.endsWith('|unknown') && !k.startsWith('other|'));
      const rows = byClass
        ? [
            { key: 'trafficking|a', label: 'Drug trafficking: Class A' },
            { key: 'trafficking|other', label: 'Drug trafficking: other' },
            { key: 'possession|a', label: 'Possession: Class A' },
            { key: 'possession|other', label: 'Possession: other' },
          ]
        : [
            { key: 'trafficking', label: 'Drug trafficking' },
            { key: 'possession', label: 'Possession' },
          ];
      return [...rows, { key: 'other', label: 'Other drug offences' }];
    },
    note: (keys) =>
      [...keys].some((k) => k.endsWith('|unknown') && !k.startsWith('other|'))
        ? 'the offence descriptions loaded do not all name the class of drug, so trafficking and possession are not split into Class A and other'
        : "Class A where the force's offence description names it; other = Class B and C (cannabis included)",
    ranked: true,
  },
  {
    id: 'collision-severity',
    measure: 'road-traffic-collisions',
    follows: ['road-traffic-collisions', 'rtc-ksi'],
    title: 'Road traffic collisions by severity',
    key: "coalesce(sub_category, 'not recorded')",
    order: (keys) => [
      ...['Slight', 'Serious', 'Fatal'].map((k) => ({ key: k, label: k })),
      ...[...keys]
        .filter((k) => !['Slight', 'Serious', 'Fatal'].includes(k))
        .sort()
        .map((k) => ({ key: k, label: k })),
    ],
    note: () => null,
    ranked: false,
  },
];

/** Folds a drug key to the rows chosen (type only when the class is not known throughout). */
function foldKey(spec: Spec, key: string, rows: ReadonlySet<string>): string {
  if (rows.has(key)) return key;
  const type = key.split('|')[0]!;
  if (spec.id === 'drug-offences' && (rows.has(type) || type === 'other')) return type;
  return key;
}

export async function countyTables(input: CountyTableInput): Promise<CountyTable[]> {
  const out: CountyTable[] = [];
  for (const spec of SPECS) {
    const m = spec.follows
      .map((id) => input.measures.find((x) => x.countedAs === id && x.available && x.source === 'records'))
      .find((x) => x !== undefined);
    const measure = input.catalogue.get(spec.measure);
    if (!m || !measure || !m.comparison) continue;
    const assessed = m.comparison.kind !== 'not-assessed';
    const currentMonths = assessed ? m.comparison.currentMonths : monthRange(input.period.start, input.period.end);
    const previousMonths = assessed ? m.comparison.previousMonths : [];
    const family = familyCondition(measure, 'records');
    if (family.condition === null) continue;
    const params: SqlParam[] = [];
    const inMonths = (months: readonly string[]) =>
      months.length === 0 ? 'false' : inList("strftime(month, '%Y-%m')", months, params, true);
    const cur = inMonths(currentMonths);
    const prev = inMonths(previousMonths);
    params.push(...family.params, measure.kind);
    const where = `source <> 'police-uk' AND ${family.condition} AND kind = ? AND ${inList('district_code', input.districts, params)}`;
    const rows = await input.store.all<{ district: string; key: string; cur: number; prev: number }>({
      sql: `SELECT district_code AS district, ${spec.key} AS key, count(*) FILTER (WHERE ${cur}) AS cur, count(*) FILTER (WHERE ${prev}) AS prev
            FROM events_located WHERE ${where} GROUP BY ALL`,
      params,
    });
    const rawKeys = new Set(rows.filter((r) => Number(r.cur) + Number(r.prev) > 0).map((r) => r.key));
    const order = spec.order(rawKeys);
    const rowKeys = new Set(order.map((o) => o.key));
    const cells = new Map<string, Map<string, { cur: number; prev: number }>>();
    for (const r of rows) {
      const key = foldKey(spec, r.key, rowKeys);
      const byDistrict = cells.get(key) ?? new Map<string, { cur: number; prev: number }>();
      const held = byDistrict.get(r.district) ?? { cur: 0, prev: 0 };
      byDistrict.set(r.district, { cur: held.cur + Number(r.cur), prev: held.prev + Number(r.prev) });
      cells.set(key, byDistrict);
    }
    const population = spec.ranked ? await input.denominators(input.districts, input.year, 'population') : new Map();
    const tableRows: CountyTableRow[] = order
      .filter((o) => cells.has(o.key) || o.key !== 'other')
      .map((o) => {
        const byDistrict = cells.get(o.key) ?? new Map<string, { cur: number; prev: number }>();
        const own = byDistrict.get(input.district) ?? { cur: 0, prev: 0 };
        const county = [...byDistrict.values()].reduce((s, v) => ({ cur: s.cur + v.cur, prev: s.prev + v.prev }), {
          cur: 0,
          prev: 0,
        });
        const row: CountyTableRow = {
          key: o.key,
          label: o.label,
          district: { current: own.cur, previous: assessed ? own.prev : null },
          county: { current: county.cur, previous: assessed ? county.prev : null },
          rate: null,
          rank: null,
        };
        if (spec.ranked) {
          const pop = population.get(input.district)?.value;
          row.rate = pop ? (1000 * own.cur) / pop : null;
          const ranked = input.districts.filter((d) => population.get(d)?.value);
          if (row.rate !== null && ranked.length >= 2) {
            const rateOf = (d: string, which: 'cur' | 'prev') =>
              (1000 * (byDistrict.get(d)?.[which] ?? 0)) / population.get(d)!.value;
            const at = ranked.indexOf(input.district);
            const position = rankAscending(ranked.map((d) => rateOf(d, 'cur')))[at]!;
            const previousPosition = assessed ? rankAscending(ranked.map((d) => rateOf(d, 'prev')))[at]! : null;
            row.rank = { position, of: ranked.length, previousPosition };
          }
        }
        return row;
      });
    out.push({
      id: spec.id,
      measure: m.countedAs,
      title: spec.title,
      currentMonths,
      previousMonths,
      comparedLabel: m.comparison.label,
      districts: input.districts.length,
      rows: tableRows,
      note: spec.note(rawKeys),
    });
  }
  return out;
}
