/**
 * Calibration of the projections over the synthetic county (seed 7, the demo's county: 10 districts,
 * 60 months), through the real import path and the Assessment: each measure's projection carries
 * the back-test of its whole procedure (the model chosen and its bands calibrated with only the
 * months before each origin; origins 36, 42 and 48, 12 months ahead), and pooled over every
 * district and measure the actual 12-month totals and months fall inside the 80% and 95% bands
 * about as often as they should: 80% ± 6 and 95% ± 4 points.
 *
 * Measured when this test was written: 12-month totals 80.8% (80% band) and 92.1% (95% band) of
 * 780 back-tests (10 districts × 26 measures × 3 origins); months 83.8% and 95.9% of 9,360. Before
 * (Holt–Winters with its own analytic bands, back-tested the same way from origins 24–48): totals
 * 68.0% and 86.8% of 1,300, months 79.5% and 94.3%.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { generate } from '../synth/small-county.ts';
import { DEFAULT_OPTIONS } from '../../src/synth/index.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { Store } from '../../src/store/db.ts';
import { assessArea } from '../../src/assess/engine.ts';
import { loadConfig } from '../../src/assess/config.ts';

let store: Store | undefined;
after(() => store?.close());

test(
  'synthetic county, seed 7: back-tested coverage of the 12-month totals and the months matches the nominal 80% and 95%',
  { timeout: 1_800_000 },
  async (t) => {
    const result = generate({ ...DEFAULT_OPTIONS, seed: 7 });
    store = await Store.open(':memory:');
    for (const file of result.manifest.import_order) await importPaths(store, [join(result.root, file)]);
    const set = await assessArea(store, undefined, true, {
      config: loadConfig(),
      now: new Date('2026-01-01T00:00:00Z'),
    });
    assert.equal(set.assessments.length, 10);
    let origins = 0;
    let totals80 = 0;
    let totals95 = 0;
    let months = 0;
    let months80 = 0;
    let months95 = 0;
    const methods = new Map<string, number>();
    for (const a of set.assessments) {
      const seen = new Set<string>();
      for (const m of a.measures) {
        const p = m.series?.projection;
        if (!p || seen.has(m.countedAs)) continue;
        seen.add(m.countedAs);
        methods.set(p.method, (methods.get(p.method) ?? 0) + 1);
        // the reason is stated, and names the chosen model
        assert.match(p.reason ?? '', /^projected with .+ because /);
        const b = p.backtest;
        if (!b) continue;
        assert.ok(b.totalsIn80 !== null && b.totalsIn95 !== null);
        assert.ok(p.calibration && p.calibration.totals.every((f) => f >= 1));
        origins += b.origins;
        totals80 += b.totalsIn80;
        totals95 += b.totalsIn95;
        months += 12 * b.origins;
        months80 += 12 * b.origins * b.coverage80;
        months95 += 12 * b.origins * b.coverage95;
      }
    }
    assert.ok(origins >= 700, `back-tests: ${origins}`);
    const pct = (x: number, n: number) => (100 * x) / n;
    const figures = `totals ${pct(totals80, origins).toFixed(1)}% / ${pct(totals95, origins).toFixed(1)}% of ${origins}; months ${pct(months80, months).toFixed(1)}% / ${pct(months95, months).toFixed(1)}%; methods ${JSON.stringify(Object.fromEntries(methods))}`;
    t.diagnostic(figures);
    assert.ok(Math.abs(pct(totals80, origins) - 80) <= 6, figures);
    assert.ok(Math.abs(pct(totals95, origins) - 95) <= 4, figures);
    assert.ok(Math.abs(pct(months80, months) - 80) <= 6, figures);
    assert.ok(Math.abs(pct(months95, months) - 95) <= 4, figures);
    // every candidate is chosen somewhere: the choice is made per series, by evidence
    for (const method of ['seasonal-naive', 'seasonal-mean', 'holt-winters-damped'])
      assert.ok((methods.get(method) ?? 0) > 0, figures);
  },
);
