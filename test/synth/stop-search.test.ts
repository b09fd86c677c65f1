/**
 * The synthetic county's stop-and-search files (data.police.uk format) round-trip: imported, each
 * search placed in its district by its point, the counts by district, month and object of search
 * equal the generator's ground truth. The crime extract's outcomes and outcome dates reach the
 * Assessment as recorded, and shares are compared at equal age.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Store } from '../../src/store/db.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { addMonths, previousWindow, rolling12 } from '../../src/core/periods/index.ts';
import { policeActivity } from '../../src/assess/read/stop-search.ts';
import { generate, rawTables } from './small-county.ts';
import { loadConfig } from '../../src/assess/config.ts';
import { assessArea } from '../../src/assess/engine.ts';

const county = generate();

test('stop and search: counts by district, month and object equal the ground truth', { timeout: 300_000 }, async () => {
  const files = county.manifest.import_order.filter(
    (p) => p.includes('stop-and-search') || p.includes('geography-lookup'),
  );
  assert.equal(files.filter((p) => p.includes('stop-and-search')).length, county.manifest.options.years * 12);
  assert.match(
    files.find((p) => p.includes('stop-and-search'))!,
    /\/\d{4}-\d{2}-[a-z-]+-stop-and-search\.csv$/,
  );
  const truth = county.groundTruth.stop_and_search as {
    by_district_month_object: Record<string, Record<string, Record<string, number>>>;
    without_location_by_month: Record<string, number>;
  };
  const store = await Store.open(':memory:');
  try {
    const results = await importPaths(
      store,
      files.map((p) => join(county.root, p)),
    );
    assert.ok(results.filter((r) => r.kind === 'police-uk-stop-search').every((r) => r.rowsRejected === 0));
    const end = county.manifest.window.last;
    const current = rolling12(end);
    const w = { current, previous: previousWindow(current) };
    const months = [...w.previous.months, ...w.current.months];
    let compared = 0;
    for (const d of county.manifest.county.districts) {
      const activity = (await policeActivity(store, d.code, w, [], new Map(), { alpha: 0.05, compare: 'auto' }))!;
      assert.ok(activity, `${d.code}: stop and search found`);
      assert.equal(activity.placement.nearbyNotPlaced, 0);
      for (const m of months) {
        const got = activity.months.find((x) => x.month === m)?.byObject ?? {};
        assert.deepEqual(got, truth.by_district_month_object[d.code]?.[m] ?? {}, `${d.code} ${m}`);
        compared++;
      }
      const currentTruth = w.current.months.reduce(
        (s, m) => s + Object.values(truth.by_district_month_object[d.code]?.[m] ?? {}).reduce((a, b) => a + b, 0),
        0,
      );
      assert.equal(activity.current, currentTruth);
      assert.equal(
        activity.placement.withoutLocation,
        w.current.months.reduce((s, m) => s + (truth.without_location_by_month[m] ?? 0), 0),
      );
    }
    assert.equal(compared, county.manifest.county.districts.length * 24);
  } finally {
    store.close();
  }
});

test(
  'the crime extract’s outcomes and outcome dates: latest outcomes as recorded, shares compared at equal age',
  { timeout: 300_000 },
  async () => {
    const focus = county.manifest.focus_district.code;
    const end = county.manifest.window.last;
    const files = county.manifest.import_order.filter(
      (p) => p.includes('geography-lookup') || p.includes('/crimes/') || p.includes('population'),
    );
    const store = await Store.open(':memory:');
    const raw = await rawTables(county.root);
    try {
      await importPaths(
        store,
        files.map((p) => join(county.root, p)),
      );
      const a = (await assessArea(store, focus, false, { config: loadConfig(), end })).assessments[0]!;
      const o = a.measures.find((m) => m.id === 'all-crime')!.outcomes!;
      assert.equal(o.source, 'records');
      assert.equal(o.asOf, end);
      const current = rolling12(end);
      const previous = previousWindow(current);
      // independent: the raw CSV rows of the district, by committed month (DuckDB's read_csv of the generated files)
      const byOutcome = async (w: typeof current, cutoff: string | null) =>
        new Map(
          (
            await raw.all<{ outcome: string; n: number }>({
              sql: `SELECT CASE WHEN ? IS NULL OR strptime("Outcome Date", '%d/%m/%Y') < ?::DATE THEN nullif("Outcome", '') END AS outcome, count(*) AS n
            FROM crimes WHERE "District Code" = ? AND strftime(ts, '%Y-%m') BETWEEN ? AND ? GROUP BY 1`,
              params: [cutoff, cutoff ? `${cutoff}-01` : null, focus, w.start, w.end],
            })
          ).map((r) => [r.outcome ?? 'No outcome recorded', Number(r.n)]),
        );
      const latest = await byOutcome(current, null);
      assert.deepEqual(new Map(o.district.categories.map((c) => [c.category, c.count])), latest);
      // equal age: both periods as they stood 0 months after they ended (outcome dated before the next month)
      assert.equal(o.comparison.kind, 'equal-age');
      assert.equal(o.comparison.ageMonths, 0);
      const nextMonth = (m: string) => addMonths(m, 1);
      const then = await byOutcome(previous, nextMonth(previous.end));
      assert.deepEqual(new Map(o.comparison.previous!.categories.map((c) => [c.category, c.count])), then);
      const now = await byOutcome(current, nextMonth(current.end));
      assert.deepEqual(new Map(o.comparison.current!.categories.map((c) => [c.category, c.count])), now);
    } finally {
      store.close();
      raw.close();
    }
  },
);
