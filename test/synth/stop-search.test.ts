/**
 * The synthetic county's stop-and-search files (data.police.uk format) round-trip: imported, each
 * search placed in its district by its point, the counts by district, month and object of search
 * equal the generator's ground truth; the drugs operation shows as a rise in drug searches.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Store } from '../../src/store/db.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { previousWindow, rolling12 } from '../../src/core/periods/index.ts';
import { policeActivity } from '../../src/analyse/stop-search.ts';
import { generate } from './small-county.ts';

test('stop and search: counts by district, month and object equal the ground truth', { timeout: 300_000 }, async () => {
  const county = generate();
  const files = county.manifest.import_order.filter((p) => p.includes('stop-and-search') || p.includes('geography-lookup'));
  assert.equal(files.filter((p) => p.includes('stop-and-search')).length, county.manifest.options.years * 12);
  assert.match(files.find((p) => p.includes('stop-and-search'))!, /\/\d{4}-\d{2}-[a-z-]+-stop-and-search\.csv$/);
  const truth = (county.groundTruth.stop_and_search as { by_district_month_object: Record<string, Record<string, Record<string, number>>>; without_location_by_month: Record<string, number> });
  const store = await Store.open(':memory:');
  try {
    const results = await importPaths(store, files.map((p) => join(county.root, p)));
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
      const currentTruth = w.current.months.reduce((s, m) => s + Object.values(truth.by_district_month_object[d.code]?.[m] ?? {}).reduce((a, b) => a + b, 0), 0);
      assert.equal(activity.current, currentTruth);
      assert.equal(activity.placement.withoutLocation, w.current.months.reduce((s, m) => s + (truth.without_location_by_month[m] ?? 0), 0));
    }
    assert.equal(compared, county.manifest.county.districts.length * 24);
  } finally {
    store.close();
  }
});
