import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importPaths } from '../../src/ingest/import.ts';
import { loadConfig } from '../../src/assess/config.ts';
import { forceMonthGate, judgeForceMonths, median } from '../../src/store/force-months.ts';
import { assessPartnerships } from '../../src/national/run.ts';
import { nationalSummaryDocument } from '../../src/national/summary.ts';
import { renderHtml } from '../../src/report/html/index.ts';
import { describeRanks } from '../../src/report/build/narrative.ts';
import { monthRange } from '../../src/core/periods/index.ts';
import { memoryStore, scratch } from '../ingest/partner-helpers.ts';
import {
  DISTRICTS,
  DISTRICT_OF,
  FORCES,
  MERGED,
  MONTHS,
  PARTIAL,
  POPULATION,
  SPLIT,
  fixtureRows,
  writeFixture,
} from './fixture.ts';
import { parseAssessmentSet } from '../../src/assess/contract/parse.ts';

// Every expected figure below is computed in this file from the rows the fixture generates
// (fixtureRows), never from Safer's own output.
const rows = fixtureRows();
const cspOfDistrict = new Map<string, string>(DISTRICTS.map((d) => [d.code, d.csp]));
const cspOfRow = (r: { lsoa11: string }) => cspOfDistrict.get(DISTRICT_OF.get(r.lsoa11)!)!;
const keptOut = (r: { force: string; month: string }) => r.force === PARTIAL.force && r.month === PARTIAL.month;

function betaMonthly(): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) if (r.force === FORCES.beta) m.set(r.month, (m.get(r.month) ?? 0) + 1);
  return m;
}

test('the force-month gate judges each month against the force median (pure)', () => {
  const judged = judgeForceMonths(
    new Map([
      ['2022-01', 100],
      ['2022-02', 110],
      ['2022-03', 40],
      ['2022-05', 90],
    ]),
    { start: '2022-01', end: '2022-06' },
  );
  assert.deepEqual(
    judged.months.map((m) => [m.month, m.status]),
    [
      ['2022-01', 'complete'],
      ['2022-02', 'complete'],
      ['2022-03', 'partial'],
      ['2022-04', 'missing'],
      ['2022-05', 'complete'],
      ['2022-06', 'missing'],
    ],
  );
  assert.equal(judged.typical, 95); // median of 40, 90, 100, 110
  assert.equal(median([3, 1, 2]), 2);
});

test('CSPs on a multi-force fixture: two-district CSP, both LSOA vintages, a partial force-month, strays, national and regional ranks', async (t) => {
  const { dir } = scratch(t);
  const paths = writeFixture(dir);
  const store = await memoryStore(t);
  await importPaths(store, paths.slice(0, 5));
  await importPaths(store, paths.slice(5));

  // both vintages: the 2021 codes resolve through the crosswalk
  const resolved = await store.all<{ lsoa: string; ward: string; district: string; rule: string }>(
    `SELECT lsoa, ward, district, rule FROM lsoa_lookup WHERE lsoa IN ('${SPLIT.to}', '${MERGED.to}') ORDER BY lsoa`,
  );
  assert.deepEqual(resolved, [
    { lsoa: SPLIT.to, ward: 'E05900001', district: 'E07900001', rule: 'split' },
    // merged from two LSOAs in two wards: a tie, the lowest ward code
    { lsoa: MERGED.to, ward: 'E05900007', district: 'E07900004', rule: 'merged' },
  ]);

  // the gate: Beta's 2022-06 is partial against Beta's own median month; strays found
  const gate = await forceMonthGate(store);
  const beta = gate.find((g) => g.force === FORCES.beta)!;
  const alpha = gate.find((g) => g.force === FORCES.alpha)!;
  const betaMonths = betaMonthly();
  const betaMedian = median([...betaMonths.values()]);
  assert.equal(beta.typical, betaMedian);
  assert.deepEqual(
    beta.flagged.map((f) => [f.month, f.status]),
    [[PARTIAL.month, 'partial']],
  );
  assert.equal(beta.flagged[0]!.rows, betaMonths.get(PARTIAL.month));
  assert.ok(Math.abs(beta.flagged[0]!.share! - betaMonths.get(PARTIAL.month)! / betaMedian) < 1e-12);
  assert.deepEqual(alpha.flagged, []);
  assert.equal(beta.home?.code, 'E23900002');
  assert.equal(alpha.home?.code, 'E23900001');
  const strayIn = (district: string) =>
    rows.filter((r) => r.force === FORCES.beta && DISTRICT_OF.get(r.lsoa11) === district).length;
  assert.deepEqual(
    beta.strayDistricts.map((d) => [d.code, d.rows]),
    [
      ['E07900006', strayIn('E07900006')],
      ['E07900003', strayIn('E07900003')],
    ],
  );

  const run = await assessPartnerships(store, undefined, true, {
    config: loadConfig(),
    end: '2022-12',
    now: new Date('2026-01-01T00:00:00Z'),
  });
  const { set, summary } = run;
  // the CSP run's additions (partnership, national and regional ranks, force-months kept out) keep to the contract
  assert.equal(parseAssessmentSet(set, 'CSP run'), set);
  // Fenwick holds only Beta's strays (Gamma's own data is not loaded): never assessed
  assert.deepEqual(set.assessments.map((a) => a.area.code).sort(), [
    'E22900001',
    'E22900002',
    'E22900003',
    'E22900004',
  ]);

  const current = monthRange('2022-01', '2022-12');
  const allCrime = (code: string) =>
    set.assessments.find((a) => a.area.code === code)!.measures.find((m) => m.id === 'all-crime')!;
  const expectedMonthly = (csp: string) => {
    const m = new Map<string, number>();
    for (const r of rows) if (cspOfRow(r) === csp && !keptOut(r)) m.set(r.month, (m.get(r.month) ?? 0) + 1);
    return m;
  };

  // the two-district CSP is one area: its districts, population, and a continuous series across the 2021 codes
  const c1 = set.assessments.find((a) => a.area.code === 'E22900001')!;
  assert.equal(c1.area.level, 'csp');
  assert.equal(c1.area.name, 'Ashdown and Brookmere');
  assert.deepEqual(
    c1.partnership!.districts.map((d) => d.code),
    ['E07900001', 'E07900002'],
  );
  assert.equal(c1.partnership!.region?.code, 'E12000006');
  assert.equal(
    c1.background.population?.value,
    ['E01900001', 'E01900002', 'E01900003', 'E01900004'].reduce((s, l) => s + POPULATION.get(l)!, 0),
  );
  const c1Monthly = expectedMonthly('E22900001');
  assert.equal(
    allCrime('E22900001').current.count,
    current.reduce((s, m) => s + c1Monthly.get(m)!, 0),
  );
  assert.deepEqual(allCrime('E22900001').monthly, Object.fromEntries(MONTHS.map((m) => [m, c1Monthly.get(m)!])));
  // the month the split LSOA's code changes holds what the rows say, not a break
  assert.equal(allCrime('E22900001').monthly![SPLIT.from2021], c1Monthly.get(SPLIT.from2021));

  // data quality: the share of the CSP's rows resolved by each rule
  const c1Rows = rows.filter((r) => cspOfRow(r) === 'E22900001');
  const split = c1Rows.filter((r) => r.lsoa === SPLIT.to).length;
  assert.deepEqual(c1.dataQuality.lsoaResolution, [
    { rule: 'lookup', rows: c1Rows.length - split, share: (c1Rows.length - split) / c1Rows.length },
    { rule: 'split', rows: split, share: split / c1Rows.length },
  ]);
  const c3 = set.assessments.find((a) => a.area.code === 'E22900003')!;
  // (data quality describes the rows the CSP's figures read: the kept-out month is listed apart, in forceMonthsKeptOut)
  const c3Merged = rows.filter((r) => cspOfRow(r) === 'E22900003' && r.lsoa === MERGED.to && !keptOut(r)).length;
  assert.equal(c3.dataQuality.lsoaResolution?.find((r) => r.rule === 'merged')?.rows, c3Merged);

  // the partial force-month is kept out of Beta's CSPs, with a note; never averaged in
  assert.ok(allCrime('E22900003').current.missingMonths.includes(PARTIAL.month));
  const c3Monthly = expectedMonthly('E22900003');
  assert.equal(
    allCrime('E22900003').current.count,
    current.reduce((s, m) => s + (c3Monthly.get(m) ?? 0), 0),
  );
  assert.equal(allCrime('E22900003').monthly![PARTIAL.month], undefined);
  assert.deepEqual(
    c3.forceMonthsKeptOut?.map((k) => [k.force, k.month, k.status]),
    [[FORCES.beta, PARTIAL.month, 'partial']],
  );
  assert.ok(c3.notes.some((n) => n.includes('kept out as partial')));
  // Beta's strays in Carrow count for Carrow (its own force's data is loaded), except in the partial month
  const c2Monthly = expectedMonthly('E22900002');
  assert.equal(
    allCrime('E22900002').current.count,
    current.reduce((s, m) => s + c2Monthly.get(m)!, 0),
  );
  assert.ok(rows.some((r) => r.force === FORCES.beta && cspOfRow(r) === 'E22900002'));

  // national and regional ranks: rates over the months complete for every CSP (2022-06 left out for all), annualised
  const common = current.filter((m) => m !== PARTIAL.month);
  const population = (csp: string) =>
    [...POPULATION].filter(([l]) => cspOfDistrict.get(DISTRICT_OF.get(l)!) === csp).reduce((s, [, p]) => s + p, 0);
  const rate = (csp: string) => {
    const monthly = expectedMonthly(csp);
    return (1000 * common.reduce((s, m) => s + (monthly.get(m) ?? 0), 0) * (12 / common.length)) / population(csp);
  };
  const csps = ['E22900001', 'E22900002', 'E22900003', 'E22900004'];
  const order = [...csps].sort((a, b) => rate(a) - rate(b));
  for (const csp of csps) {
    const national = allCrime(csp).rank.national!;
    assert.equal(national.of, 4);
    assert.deepEqual(national.months, common);
    assert.equal(national.position, order.indexOf(csp) + 1, csp);
    assert.ok(Math.abs(national.rate! - rate(csp)) < 1e-9);
    const region = DISTRICTS.find((d) => d.csp === csp)!.region;
    const inRegion = order.filter((c) => DISTRICTS.find((d) => d.csp === c)!.region === region);
    assert.equal(allCrime(csp).rank.region!.position, inRegion.indexOf(csp) + 1);
    assert.equal(allCrime(csp).rank.region!.of, 2);
    assert.equal(allCrime(csp).rank.region!.group?.code, region);
  }

  // the summary: every CSP's headline figures and ranks, the gate's evidence
  assert.ok(summary);
  assert.equal(summary.partnerships, 4);
  const row = summary.rows.find((r) => r.code === 'E22900001')!;
  assert.equal(row.districts.length, 2);
  assert.equal(row.allCrime?.ranks.national?.position, order.indexOf('E22900001') + 1);
  assert.deepEqual(
    summary.forceMonths.find((f) => f.force === FORCES.beta)!.flagged.map((f) => f.month),
    [PARTIAL.month],
  );
  const html = renderHtml(
    nationalSummaryDocument(summary, { edition: 'full', generator: 'safer test', marking: 'OFFICIAL' }),
  );
  assert.match(html, /Ashdown and Brookmere \(2 districts\)/);
  assert.match(html, /partial/);

  // the report states the national and regional positions beside the force and peer ones
  const c1All = allCrime('E22900001');
  const sentences = describeRanks(c1All.rank, 'Ashdown and Brookmere', 'Alpha', 'population');
  const pos = order.indexOf('E22900001') + 1;
  assert.ok(
    sentences.some((x) =>
      x.includes(
        `ranks ${pos === 1 ? '1st' : pos === 2 ? '2nd' : pos === 3 ? '3rd' : '4th'} of the 4 partnerships ranked together for the rate per 1,000 residents over the 11 months complete for all of them (annualised)`,
      ),
    ),
    sentences.join(' | '),
  );
  assert.ok(
    sentences.some((x) => x.includes('partnerships ranked in East of Somewhere')),
    sentences.join(' | '),
  );

  // one CSP by code: assessed alone as one area, within its force
  const single = await assessPartnerships(store, 'E22900001', false, { config: loadConfig(), end: '2022-12' });
  assert.deepEqual(
    single.set.assessments.map((a) => [a.area.code, a.area.level]),
    [['E22900001', 'csp']],
  );
  assert.equal(single.summary, null);
  assert.equal(
    single.set.assessments[0]!.measures.find((m) => m.id === 'all-crime')!.current.count,
    allCrime('E22900001').current.count,
  );

  // the lens is gone after the run: districts are districts again
  const after = await store.all<{ district: string }>(
    "SELECT DISTINCT district FROM lsoa_lookup WHERE lsoa = 'E01900003'",
  );
  assert.deepEqual(after, [{ district: 'E07900002' }]);
});

test('a store written before migration 3 opened read-only is migrated first (lsoa_lookup has its rule)', async (t) => {
  const { dir } = scratch(t);
  const path = `${dir}/old.duckdb`;
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const { migrations } = await import('../../src/store/migrations.ts');
  const { Store } = await import('../../src/store/db.ts');
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  await connection.run(
    'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)',
  );
  for (const m of migrations.filter((x) => x.version <= 2)) {
    await connection.run(m.sql);
    await connection.run(`INSERT INTO schema_migrations VALUES (${m.version}, 'old', now())`);
  }
  connection.closeSync();
  instance.closeSync();
  const store = await Store.open(path, { readOnly: true });
  try {
    const columns = await store.all<{ column_name: string }>(
      "SELECT column_name FROM duckdb_columns() WHERE table_name = 'lsoa_lookup' ORDER BY column_index",
    );
    assert.deepEqual(
      columns.map((c) => c.column_name),
      ['lsoa', 'ward', 'district', 'rule'],
    );
    assert.equal(
      (await store.one<{ v: number }>('SELECT max(version) AS v FROM schema_migrations'))?.v,
      migrations.at(-1)!.version,
    );
  } finally {
    store.close();
  }
});
