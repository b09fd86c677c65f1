import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { importPaths } from '../../src/ingest/import.ts';
import { loadConfig } from '../../src/assess/config.ts';
import { assessRun } from '../../src/national/entry.ts';
import { formatAssessment } from '../../src/cli/commands/assess.ts';
import type { Assessment } from '../../src/assess/schema.ts';
import { monthRange } from '../../src/core/periods/index.ts';
import { memoryStore, scratch } from '../ingest/partner-helpers.ts';
import { DISTRICTS, DISTRICT_OF, FORCES, PARTIAL, POPULATION, fixtureRows, writeFixture } from './fixture.ts';

// The multi-force fixture of national.test.ts, assessed by district and by single CSP (docs/national.md,
// "National and regional use"). Every expected figure is computed here from the rows the fixture
// generates (fixtureRows), never from Safer's output.
const rows = fixtureRows();
const CURRENT = monthRange('2022-01', '2022-12');
const keptOut = (r: { force: string; month: string }) => r.force === PARTIAL.force && r.month === PARTIAL.month;
const options = { config: loadConfig(), end: '2022-12', now: new Date('2026-01-01T00:00:00Z') };
const FENWICK = DISTRICTS.find((d) => d.name === 'Fenwick')!;
const FENWICK_LSOAS = [...DISTRICT_OF].filter(([, d]) => d === FENWICK.code).map(([l]) => l);

/** Rows counted for a unit (a district, or a CSP: its districts) in `months`, the partial force-month kept out. */
function count(districts: readonly string[], months: readonly string[]): number {
  return rows.filter((r) => districts.includes(DISTRICT_OF.get(r.lsoa11)!) && months.includes(r.month) && !keptOut(r))
    .length;
}
const population = (districts: readonly string[]) =>
  [...POPULATION].filter(([l]) => districts.includes(DISTRICT_OF.get(l)!)).reduce((s, [, p]) => s + p, 0);
/** Positions by annualised rate per 1,000 over `months` (1 = lowest; ties share the better position). */
function positions(units: Map<string, string[]>, months: readonly string[]): Map<string, number> {
  const rate = new Map(
    [...units].map(([u, ds]) => [u, (1000 * count(ds, months) * (12 / months.length)) / population(ds)]),
  );
  return new Map([...rate].map(([u, r]) => [u, 1 + [...rate.values()].filter((o) => o < r - 1e-12).length]));
}
const allCrime = (a: Assessment) => a.measures.find((m) => m.id === 'all-crime')!;

async function fixtureStore(t: Parameters<typeof scratch>[0], withoutGamma = false) {
  const { dir } = scratch(t);
  const paths = writeFixture(dir);
  if (withoutGamma) {
    // the country without force area Gamma: Fenwick and its LSOAs out of every lookup and the population
    for (const path of paths.slice(0, 5)) {
      const lines = readFileSync(path, 'utf8').split('\n');
      const kept = lines.filter((l) => !l.includes(FENWICK.code) && !FENWICK_LSOAS.some((x) => l.startsWith(x)));
      writeFileSync(path, kept.join('\n'));
    }
  }
  const store = await memoryStore(t);
  await importPaths(store, paths.slice(0, 5));
  await importPaths(store, paths.slice(5));
  return store;
}

test('district runs: the partial force-month kept out with a note; regional ranks only where every force area of the region is loaded', async (t) => {
  const store = await fixtureStore(t);
  // Dunmore (force Beta): Beta's 2022-06 is partial
  const dunmore = (await assessRun(store, 'E07900004', null, options)).set.assessments[0]!;
  const all = allCrime(dunmore);
  assert.equal(all.current.count, count(['E07900004'], CURRENT));
  assert.ok(all.current.missingMonths.includes(PARTIAL.month));
  assert.deepEqual(
    dunmore.forceMonthsKeptOut?.map((k) => [k.force, k.month, k.status]),
    [[FORCES.beta, PARTIAL.month, 'partial']],
  );
  assert.ok(dunmore.notes.some((n) => n.includes('kept out as partial') && n.includes(PARTIAL.month)));
  // the county (force) rank needs complete periods (docs/methods.md): with the month kept out, Beta's districts are not ranked
  assert.equal(all.rank.county?.of, 0);
  // national: the lookups name 3 force areas, not England and Wales'; region South: Gamma holds no data
  assert.equal(dunmore.nationalRanking?.national.ranked, false);
  assert.match(dunmore.nationalRanking!.national.reason!, /name 3 police force areas, not the 43/);
  assert.equal(dunmore.nationalRanking?.region.ranked, false);
  assert.match(dunmore.nationalRanking!.region.reason!, /Gamma: no data loaded/);
  assert.equal(all.rank.national, null);
  assert.equal(all.rank.region, null);
  const terminal = formatAssessment(dunmore);
  assert.match(terminal, /no national ranks \(England and Wales\): the lookups loaded name 3 police force areas/);
  assert.match(terminal, /no regional ranks \(South of Somewhere\): .*Gamma: no data loaded/);

  // every district of force Alpha (region East, whose only force area is Alpha's): ranked in the region
  const alpha = (await assessRun(store, 'E23900001', 'district', options)).set.assessments;
  const east = new Map(['E07900001', 'E07900002', 'E07900003'].map((d) => [d, [d]]));
  const expected = positions(east, CURRENT);
  assert.deepEqual(alpha.map((a) => a.area.code).sort(), [...east.keys()]);
  for (const a of alpha) {
    const region = allCrime(a).rank.region!;
    assert.equal(a.nationalRanking?.region.ranked, true);
    assert.equal(region.group?.code, 'E12000006');
    assert.equal(region.of, 3);
    assert.deepEqual(region.months, CURRENT);
    assert.equal(region.position, expected.get(a.area.code), a.area.code);
    assert.ok(Math.abs(region.rate! - (1000 * count([a.area.code], CURRENT)) / population([a.area.code])) < 1e-9);
    assert.deepEqual(a.forceMonthsKeptOut, []);
  }
});

test('one CSP, one district: national and regional positions when the store holds every force area of the lookups', async (t) => {
  const store = await fixtureStore(t, true);
  const ranking = { countryForceAreas: 2 };
  const csps = new Map<string, string[]>();
  for (const d of DISTRICTS.filter((x) => x !== FENWICK)) csps.set(d.csp, [...(csps.get(d.csp) ?? []), d.code]);
  // Beta's partial month is left out for every CSP ranked: 11 common months
  const common = CURRENT.filter((m) => m !== PARTIAL.month);
  const national = positions(csps, common);
  const south = positions(new Map([...csps].filter(([c]) => ['E22900003', 'E22900004'].includes(c))), common);
  for (const code of ['E22900001', 'E22900003']) {
    const { set, summary } = await assessRun(store, code, null, options, ranking);
    assert.equal(summary, null);
    const a = set.assessments[0]!;
    assert.equal(a.area.level, 'csp');
    assert.equal(a.nationalRanking?.unit, 'csp');
    assert.equal(a.nationalRanking?.national.ranked, true);
    const rank = allCrime(a).rank;
    assert.equal(rank.national?.of, 4);
    assert.deepEqual(rank.national?.months, common);
    assert.equal(rank.national?.position, national.get(code), code);
    assert.equal(rank.national?.note, 'ranked over the 11 months complete for every area (rate annualised)');
    assert.ok(rank.county, 'the force rank is kept beside them');
    if (code === 'E22900003') {
      assert.equal(rank.region?.group?.code, 'E12000008');
      assert.equal(rank.region?.of, 2);
      assert.equal(rank.region?.position, south.get(code));
    } else {
      // region East holds only force Alpha, complete: its two CSPs are ranked over all 12 months
      assert.equal(rank.region?.of, 2);
      assert.deepEqual(rank.region?.months, CURRENT);
    }
  }
  // a district run is ranked among districts
  const carrow = (await assessRun(store, 'E07900003', null, options, ranking)).set.assessments[0]!;
  const districts = new Map(DISTRICTS.filter((x) => x !== FENWICK).map((d) => [d.code, [d.code]]));
  assert.equal(carrow.nationalRanking?.unit, 'district', JSON.stringify(carrow.nationalRanking));
  assert.ok(allCrime(carrow).rank.national, JSON.stringify([carrow.nationalRanking, allCrime(carrow).rank]));
  assert.equal(allCrime(carrow).rank.national?.of, 5);
  assert.equal(allCrime(carrow).rank.national?.position, positions(districts, common).get('E07900003'));
});
