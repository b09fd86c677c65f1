/**
 * One counting path: every count the analysis stage makes is summed from the event counts
 * (assess/read/cells.ts `readAllCells` over event_counts). Checked here against an independent
 * count of the events row by row (the SQL below, over events_located: one filtered count per
 * district, family of sources and month, as analyse/counts.ts counted before the two paths became
 * one), for every measure of the catalogue and every district of the small synthetic county,
 * imported through the real path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { generate } from '../synth/small-county.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { Store } from '../../src/store/db.ts';
import { defaultCatalogue } from '../../src/core/measures/catalogue.ts';
import type { Measure } from '../../src/core/measures/schema.ts';
import { monthStartDate } from '../../src/core/periods/index.ts';
import { familyCondition, inList } from '../../src/assess/read/sql.ts';
import { readAllCells } from '../../src/assess/read/cells.ts';
import type { MeasureCell } from '../../src/assess/build/counts.ts';

/** The reference: the measure's rows counted one by one from the events (coverage: rows of the kind, coded for crime). */
async function measureCells(
  store: Store,
  measure: Measure,
  districts: readonly string[],
  from: string,
  to: string,
): Promise<MeasureCell[]> {
  const params: (string | number | boolean | null | bigint)[] = [];
  const family = (fam: ReturnType<typeof familyCondition>, flag: string, name: string) => {
    if (fam.condition === null) return `NULL::BIGINT AS ${name}`;
    params.push(...fam.params);
    return `count(*) FILTER (WHERE ${flag} AND ${fam.condition}) AS ${name}`;
  };
  const columns = [
    `${measure.kind === 'crime' ? 'count(offence_code)' : 'count(*)'} AS covered`,
    family(familyCondition(measure, 'records'), "source <> 'police-uk'", 'r'),
    family(familyCondition(measure, 'police-uk'), "source = 'police-uk'", 'p'),
  ];
  params.push(measure.kind, monthStartDate(from), monthStartDate(to));
  const where = `kind = ? AND month BETWEEN ?::DATE AND ?::DATE AND ${inList('district_code', districts, params)}`;
  const rows = await store.all({
    sql: `SELECT district_code AS district, source = 'police-uk' AS puk, strftime(month, '%Y-%m') AS month, ${columns.join(', ')}
          FROM events_located WHERE ${where} GROUP BY ALL`,
    params,
  });
  return rows.map((r) => ({
    district: r.district as string,
    puk: r.puk as boolean,
    month: r.month as string,
    covered: Number(r.covered),
    r: r.r === null ? null : Number(r.r),
    p: r.p === null ? null : Number(r.p),
  }));
}

test(
  'measureCells over the events equals readAllCells over event_counts, every measure and district',
  { timeout: 600_000 },
  async () => {
    const result = generate();
    const store = await Store.open(':memory:');
    for (const file of result.manifest.import_order) await importPaths(store, [join(result.root, file)]);
    const districts = result.manifest.county.districts.map((d) => d.code).sort();
    const catalogue = defaultCatalogue();
    const measures = [...catalogue.values()];
    const [from, to] = [result.manifest.window.first, result.manifest.window.last];
    const onePass = await readAllCells(store, measures, districts, from, to, 'event_counts');
    const key = (c: { district: string; puk: boolean; month: string }) => `${c.district}|${c.puk}|${c.month}`;
    const sorted = <T extends { district: string; puk: boolean; month: string }>(cells: T[]) =>
      [...cells].sort((a, b) => (key(a) < key(b) ? -1 : 1));
    let nonZero = 0;
    for (const measure of measures) {
      const rowByRow = sorted(await measureCells(store, measure, districts, from, to));
      const summed = sorted(onePass.cells(measure, districts));
      assert.deepEqual(summed, rowByRow, measure.id);
      nonZero += rowByRow.filter((c) => (c.r ?? 0) + (c.p ?? 0) > 0).length;
    }
    assert.ok(nonZero > 1000, `cells with counts: ${nonZero}`);
    store.close();
  },
);
