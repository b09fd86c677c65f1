/**
 * The two counting paths agree: the measure cells counted row by row from the events
 * (analyse/counts.ts `measureCells` over events_located) equal those summed from the event counts
 * the Assessment reads (assess/one-pass.ts `readAllCells` over event_counts), for every measure of
 * the catalogue and every district of the small synthetic county, imported through the real path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { generate } from '../synth/small-county.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { Store } from '../../src/store/db.ts';
import { defaultCatalogue } from '../../src/core/measures/catalogue.ts';
import { measureCells } from '../../src/analyse/counts.ts';
import { readAllCells } from '../../src/assess/one-pass.ts';

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
