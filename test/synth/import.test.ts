import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { generate, groundTruthEvent } from './small-county.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { Store } from '../../src/store/db.ts';
import type { ImportResult } from '../../src/ingest/types.ts';

/*
 * The synthetic county goes through the real import path: every file of the manifest, in its
 * order, with the partners' own mappings; then the injected events are found in the store.
 */
const result = generate({ seed: 31 });
let store: Store | undefined;
const results: ImportResult[] = [];

async function imported(): Promise<Store> {
  if (store) return store;
  store = await Store.open(':memory:');
  for (const file of result.manifest.import_order)
    results.push(...(await importPaths(store, [join(result.root, file)])));
  return store;
}
after(() => store?.close());

test('every file of the manifest imports, in order, with nothing rejected', async () => {
  await imported();
  assert.equal(results.length, result.manifest.import_order.length);
  for (const r of results) {
    assert.equal(r.status, 'loaded', r.file);
    assert.equal(r.rowsRejected, 0, `${r.file}: ${r.notes.join('; ')}`);
    assert.ok(r.rowsLoaded > 0, r.file);
  }
  const byKind = (kind: string) => results.filter((r) => r.kind === kind).map((r) => r.file.split('/').pop());
  assert.ok(
    byKind('records').some((f) => f?.endsWith('.xlsx')),
    'the incident workbooks go through the records importer',
  );
  assert.deepEqual(byKind('peer-groups'), ['most-similar-groups.csv']);
});

test('the store holds what was generated: records by kind, geography, population, peers, returns and comparators', async () => {
  const s = await imported();
  const totals = result.manifest.totals;
  const kinds = Object.fromEntries(
    (await s.all<{ kind: string; n: number }>('SELECT kind, count(*) AS n FROM events GROUP BY 1')).map((r) => [
      r.kind,
      r.n,
    ]),
  );
  assert.deepEqual(kinds, {
    crime: totals.crimes,
    incident: totals.incidents,
    fire: totals.fires,
    collision: totals.collisions,
  });
  const unlocated = await s.one<{ n: number }>(
    'SELECT count(*) AS n FROM events_located WHERE district_code IS NULL OR ward_code IS NULL OR month IS NULL',
  );
  assert.equal(unlocated!.n, 0);
  const categories = await s.all<{ kind: string; category: string; sub: string | null }>(
    `SELECT DISTINCT kind, category, sub_category AS sub FROM events WHERE kind IN ('fire', 'collision') OR category = 'Anti-social behaviour' ORDER BY ALL`,
  );
  const subs = (kind: string, category: string) =>
    categories.filter((c) => c.kind === kind && c.category === category).map((c) => c.sub);
  assert.deepEqual(subs('incident', 'Anti-social behaviour'), ['Environmental', 'Nuisance', 'Personal']);
  assert.deepEqual(subs('fire', 'Deliberate fire'), ['Primary', 'Secondary', 'Vehicle']);
  assert.deepEqual(subs('collision', 'Road traffic collision'), ['Fatal', 'Serious', 'Slight']);
  const property = await s.one<{ n: number }>(
    `SELECT count(*) AS n FROM events WHERE kind = 'fire' AND json_extract_string(attrs, '$.property_type') IS NULL`,
  );
  assert.equal(property!.n, 0);

  const peers = await s.all<{ area_code: string; n: number }>(
    'SELECT area_code, count(*) AS n FROM peer_groups GROUP BY 1',
  );
  assert.equal(peers.length, result.manifest.county.districts.length);
  for (const p of peers) assert.equal(p.n, 15);
  const indicators = await s.one<{ n: number }>('SELECT count(*) AS n FROM indicators');
  assert.equal(indicators!.n, totals.indicator_values);
  const comparators = await s.one<{ n: number; areas: number }>(
    'SELECT count(*) AS n, count(DISTINCT area_code) AS areas FROM comparator_counts',
  );
  assert.equal(comparators!.n, totals.comparator_rows);
  assert.equal(comparators!.areas, totals.comparator_partnerships);
  const populations = await s.one<{ n: number }>(
    `SELECT count(DISTINCT area_code) AS n FROM population WHERE measure = 'households'`,
  );
  assert.ok(populations!.n > totals.lsoas!);

  // iQuanta's counts of the county's partnerships agree with its own records.
  const disagree = await s.all(
    `WITH rec AS (SELECT e.district_code AS d, strftime(e.month, '%Y-%m') AS period, e.category, count(*) AS n FROM events_located e
                  WHERE e.kind = 'crime' OR e.category = 'Anti-social behaviour' GROUP BY ALL),
          csp AS (SELECT DISTINCT child_code AS lsoa, parent_code AS csp FROM area_parents WHERE child_level = 'lsoa' AND parent_level = 'csp'),
          dcsp AS (SELECT DISTINCT l.district AS d, c.csp FROM lsoa_lookup l JOIN csp c USING (lsoa)),
          cmp AS (SELECT area_code AS csp, period, category, sum(count) AS n FROM comparator_counts GROUP BY ALL)
     SELECT * FROM (SELECT dcsp.csp, rec.period, rec.category, rec.n FROM rec JOIN dcsp USING (d)) r
     JOIN cmp USING (csp, period, category) WHERE r.n <> cmp.n LIMIT 5`,
  );
  assert.deepEqual(disagree, []);
});

test('the injected events are in the store', async () => {
  const s = await imported();
  const series = groundTruthEvent(result, 'burglary-series');
  const seriesCounts = await s.all<{ n: number }>({
    sql: `SELECT count(*) AS n FROM events WHERE kind = 'crime' AND ward = ? AND offence_code IN ('28E','28F','28G','28H','29A')
          AND strftime(month, '%Y-%m') IN (?, ?) GROUP BY month ORDER BY month`,
    params: [String(series.area.code), series.months[0]!, series.months[1]!],
  });
  assert.deepEqual(
    seriesCounts.map((r) => r.n),
    series.observed.counts,
  );

  const halloween = groundTruthEvent(result, 'halloween-asb');
  for (const day of halloween.observed.days as { date: string; county: { count: number } }[]) {
    const r = await s.one<{ day: number; mean: number }>({
      sql: `SELECT count(*) FILTER (WHERE date = CAST(? AS DATE)) AS day, count(*) / 31.0 AS mean FROM events
            WHERE category = 'Anti-social behaviour' AND month = date_trunc('month', CAST(? AS DATE))`,
      params: [day.date, day.date],
    });
    assert.equal(r!.day, day.county.count);
    assert.ok(r!.day > 2 * r!.mean, `${day.date}: ${r!.day} against ${r!.mean}`);
  }

  const gap = groundTruthEvent(result, 'recording-gap');
  const fires = await s.all<{ m: string; n: number }>(
    `SELECT strftime(month, '%Y-%m') AS m, count(*) AS n FROM events WHERE kind = 'fire' GROUP BY 1`,
  );
  assert.equal(
    fires.find((f) => f.m === gap.months[0]),
    undefined,
  );
  assert.equal(fires.length, 35);

  const rise = groundTruthEvent(result, 'emerging-rise');
  const recent = await s.all<{ n: number }>({
    sql: `SELECT count(*) AS n FROM events_located WHERE district_code = ? AND offence_code = ? AND strftime(month, '%Y-%m') >= ? GROUP BY month ORDER BY month`,
    params: [rise.district!, rise.offence_codes![0]!, rise.months[0]!],
  });
  assert.deepEqual(
    recent.map((r) => r.n),
    rise.observed.counts,
  );

  const op = groundTruthEvent(result, 'drugs-operation');
  const wards = (op.area.wards as { code: string }[]).map((w) => w.code);
  const marks = (xs: readonly string[]) => xs.map(() => '?').join(', ');
  const drugs = await s.one<{ n: number }>({
    sql: `SELECT count(*) AS n FROM events WHERE category = 'Drugs' AND ward IN (${marks(wards)}) AND strftime(month, '%Y-%m') IN (${marks(op.months)})`,
    params: [...wards, ...op.months],
  });
  assert.equal(
    drugs!.n,
    (op.observed.counts as number[]).reduce((a, b) => a + b, 0),
  );
});

test('a whole output folder imports in one call (folder order puts reference data first)', async () => {
  const tiny = generate({ seed: 32, districts: 2, years: 1, scale: 0.2, comparators: 20 });
  const s = await Store.open(':memory:');
  try {
    const out = await importPaths(s, [join(tiny.root, 'data')]);
    assert.equal(out.length, tiny.manifest.import_order.length);
    assert.ok(out.every((r) => r.rowsRejected === 0));
    const n = await s.one<{ n: number }>('SELECT count(*) AS n FROM events');
    assert.equal(
      n!.n,
      tiny.manifest.totals.crimes! +
        tiny.manifest.totals.incidents! +
        tiny.manifest.totals.fires! +
        tiny.manifest.totals.collisions!,
    );
  } finally {
    s.close();
  }
});
