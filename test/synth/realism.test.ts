import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate, rawTables } from './small-county.ts';
import type { Store } from '../../src/store/db.ts';

/*
 * The generated county looks like an English one: rates per 1,000 near national levels, seasons,
 * weekly and daily rhythms, persistent hotspots and trends that differ by category. Checked on
 * the files themselves (read directly, not imported).
 */
const result = generate({ seed: 5, districts: 6, years: 3, scale: 1 });
let store: Store | undefined;
async function db(): Promise<Store> {
  store ??= await rawTables(result.root);
  return store;
}
after(() => store?.close());

const last = result.manifest.window.last;
const lastYearStart = (() => {
  const [y, m] = last.split('-').map(Number) as [number, number];
  const i = y * 12 + m - 1 - 11;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`;
})();

function countyPopulation(year: number): { population: number; households: number } {
  const lines = readFileSync(join(result.root, 'data', '1-reference', `population-mid${year}.csv`), 'utf8')
    .trim()
    .split('\n');
  const row = lines.find((l) => l.startsWith('E10990001'))!.split(',');
  return { population: Number(row[2]), households: Number(row[3]) };
}

test('rates per 1,000 residents in the last 12 months are near English levels', async () => {
  const s = await db();
  const { population, households } = countyPopulation(Number(last.slice(0, 4)));
  const perK = async (where: string, table = 'crimes', date = 'ts'): Promise<number> =>
    ((await s.one<{ n: number }>(
      `SELECT count(*) AS n FROM ${table} WHERE ${date} >= DATE '${lastYearStart}' AND (${where})`,
    ))!.n *
      1000) /
    population;
  const ranges: [string, string, number, number][] = [
    ['all crime', 'true', 55, 100],
    [
      'violence and sexual offences',
      `"HO Code" IN ('1','2','3B','5D','8N','8P','8S','8T','104','105A','105B','105C','11A','8L','8M','8Q','8R','8U','19C','19D','19E','19F','20A','20B','17A','22B','88A','88E','4.4')`,
      20,
      42,
    ],
    ['vehicle crime', `"HO Code" IN ('37.2','45','48','126')`, 3, 9],
    ['shoplifting', `"HO Code" = '46'`, 3, 12],
    ['criminal damage and arson', `"HO Code" IN ('56A','56B','58A','58B','58C','58D','58J')`, 5, 11],
    ['drugs', `"HO Code" LIKE '92%'`, 1, 5],
    ['robbery', `"HO Code" IN ('34A','34B')`, 0.3, 2],
  ];
  for (const [name, where, lo, hi] of ranges) {
    const rate = await perK(where);
    assert.ok(rate >= lo && rate <= hi, `${name}: ${rate.toFixed(2)} per 1,000 not in [${lo}, ${hi}]`);
  }
  const burglary = ((await perK(`"HO Code" IN ('28E','28F','28G','28H','29A')`)) * population) / households;
  assert.ok(burglary >= 3 && burglary <= 12, `dwelling burglary ${burglary.toFixed(2)} per 1,000 households`);
  const fires = await perK(`"Motive" = 'Deliberate'`, 'fires', 'CAST("Call Date" AS DATE)');
  assert.ok(fires >= 0.4 && fires <= 1.6, `deliberate fires ${fires.toFixed(2)} per 1,000`);
  const rtc = await perK('true', 'collisions', "strptime(date, '%d/%m/%Y')");
  assert.ok(rtc >= 1 && rtc <= 3, `collisions ${rtc.toFixed(2)} per 1,000`);
  const asb = (await s.one<{ n: number }>(
    `SELECT sum(CAST(count AS INTEGER)) AS n FROM comparator WHERE category = 'Anti-social behaviour' AND area_code LIKE 'E22990%' AND CAST(area_code AS VARCHAR) <= 'E22990005' AND period >= '${lastYearStart.slice(0, 7)}'`,
  ))!.n;
  const asbRate = (asb * 1000) / population;
  assert.ok(asbRate >= 10 && asbRate <= 35, `ASB ${asbRate.toFixed(1)} per 1,000`);
});

test('seasons: ASB and criminal damage peak in summer, dwelling burglary in the dark months, fires in holidays and on Bonfire Night', async () => {
  const s = await db();
  const byMonth = async (where: string): Promise<number[]> => {
    const rows = await s.all<{ m: number; n: number }>(
      `SELECT month(ts) AS m, count(*) AS n FROM crimes WHERE ${where} GROUP BY 1`,
    );
    const out = new Array<number>(13).fill(0);
    for (const r of rows) out[r.m] = r.n;
    return out;
  };
  const damage = await byMonth(`"HO Code" IN ('58A','58B','58C','58D')`);
  assert.ok(
    damage[6]! + damage[7]! + damage[8]! > 1.15 * (damage[12]! + damage[1]! + damage[2]!),
    `damage ${damage.join(',')}`,
  );
  const burglary = await byMonth(`"HO Code" IN ('28E','28F')`);
  assert.ok(
    burglary[11]! + burglary[12]! + burglary[1]! > 1.25 * (burglary[5]! + burglary[6]! + burglary[7]!),
    `burglary ${burglary.join(',')}`,
  );

  const asb = await s.all<{ m: number; n: number }>(
    `SELECT CAST(substr(period, 6, 2) AS INTEGER) AS m, sum(CAST(count AS INTEGER)) AS n FROM comparator
     WHERE category = 'Anti-social behaviour' AND area_code <= 'E22990005' GROUP BY 1`,
  );
  const asbOf = (m: number) => asb.find((r) => r.m === m)?.n ?? 0;
  assert.ok(asbOf(7) > 1.3 * asbOf(2), `ASB July ${asbOf(7)} vs February ${asbOf(2)}`);

  const bonfire = await s.one<{ day: number; month: number }>(
    `SELECT count(*) FILTER (WHERE "Call Date" LIKE '%-11-05') AS day, count(*) / 30.0 AS month FROM fires
     WHERE "Call Date" LIKE '%-11-%' AND "Motive" = 'Deliberate' AND "Fire Type" = 'Secondary'`,
  );
  const years = new Set(
    (
      await s.all<{ y: string }>(
        `SELECT DISTINCT substr("Call Date", 1, 4) AS y FROM fires WHERE "Call Date" LIKE '%-11-%'`,
      )
    ).map((r) => r.y),
  ).size;
  assert.ok(
    bonfire!.day / years > 2.5 * (bonfire!.month / years),
    `Bonfire Night ${bonfire!.day} vs November daily mean ${bonfire!.month.toFixed(1)}`,
  );
  // Summer holidays (23 July – 31 August) against the weeks of June and early July in term.
  const holiday = await s.one<{ hol: number; term: number }>(
    `SELECT count(*) FILTER (WHERE substr("Call Date", 6, 5) BETWEEN '07-23' AND '08-31') / 40.0 AS hol,
            count(*) FILTER (WHERE substr("Call Date", 6, 5) BETWEEN '06-01' AND '07-15') / 45.0 AS term
     FROM fires WHERE "Motive" = 'Deliberate' AND "Fire Type" = 'Secondary'`,
  );
  assert.ok(holiday!.hol > 1.25 * holiday!.term, `holiday ${holiday!.hol} vs term ${holiday!.term} a day`);
});

test('night-time violence: Friday and Saturday nights in the town centres', async () => {
  const s = await db();
  const share = async (centre: boolean): Promise<number> =>
    (await s.one<{ p: number }>(
      `SELECT count(*) FILTER (WHERE (dayofweek(ts) IN (5, 6) AND hour(ts) >= 20) OR (dayofweek(ts) IN (6, 0) AND hour(ts) < 4)) / count(*) AS p
       FROM crimes WHERE "HO Code" IN ('8N', '105A', '9A') AND ("Ward Name" LIKE '% Central') = ${centre}`,
    ))!.p;
  const centre = await share(true);
  const elsewhere = await share(false);
  assert.ok(centre > 0.3, `town centres: ${centre}`);
  assert.ok(elsewhere < 0.25 && centre > 2 * elsewhere, `elsewhere ${elsewhere} vs centres ${centre}`);
  const hours = await s.all<{ h: number; n: number }>(
    `SELECT hour(ts) AS h, count(*) AS n FROM crimes WHERE "HO Code" = '46' GROUP BY 1`,
  );
  const night = hours.filter((r) => r.h < 6).reduce((a, r) => a + r.n, 0);
  const total = hours.reduce((a, r) => a + r.n, 0);
  assert.ok(night / total < 0.02, 'shoplifting happens in opening hours');
});

test('hotspot wards stay above their district and trends differ by category', async () => {
  const s = await db();
  const truth = result.groundTruth as { patterns: { hotspots: { code: string; district: string; kinds: string[] }[] } };
  const burglaryHotspots = truth.patterns.hotspots.filter((h) => h.kinds.includes('burglary'));
  assert.ok(burglaryHotspots.length >= 3);
  const wardPop = new Map(
    readFileSync(join(result.root, 'data', '1-reference', `population-mid${last.slice(0, 4)}.csv`), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .map((c) => [c[0]!, Number(c[2])]),
  );
  const counts = await s.all<{ ward: string; district: string; year: number; n: number }>(
    // Assessment years: 12-month blocks ending with the last month.
    `SELECT "Ward Code" AS ward, "District Code" AS district, CAST(floor(date_diff('month', date_trunc('month', ts), DATE '${last}-01') / 12) AS INTEGER) AS year,
            count(*) AS n FROM crimes WHERE "HO Code" IN ('28E','28F') GROUP BY ALL`,
  );
  for (const h of burglaryHotspots) {
    for (const year of new Set(counts.map((c) => c.year))) {
      const rows = counts.filter((c) => c.district === h.district && c.year === year);
      const rate = (w: string) => (rows.find((r) => r.ward === w)?.n ?? 0) / wardPop.get(w)!;
      const rates = rows.map((r) => rate(r.ward)).sort((a, b) => a - b);
      const median = rates[Math.floor(rates.length / 2)]!;
      assert.ok(rate(h.code) > median, `hotspot ${h.code} in ${year}: ${rate(h.code)} vs median ${median}`);
    }
  }
  const yearly = async (codes: string): Promise<[number, number]> => {
    const r = await s.one<{ first: number; last: number }>(
      `SELECT count(*) FILTER (WHERE ts < (SELECT min(ts) FROM crimes) + INTERVAL 12 MONTH) AS first,
              count(*) FILTER (WHERE ts >= DATE '${lastYearStart}') AS last FROM crimes WHERE "HO Code" IN (${codes})`,
    );
    return [r!.first, r!.last];
  };
  const [shopFirst, shopLast] = await yearly(`'46'`);
  assert.ok(shopLast > 1.12 * shopFirst, `shoplifting ${shopFirst} → ${shopLast}`);
  const [burgFirst, burgLast] = await yearly(`'28E','28F'`);
  assert.ok(burgLast < burgFirst, `burglary ${burgFirst} → ${burgLast}`);
});

test("the county's comparator counts are its records' counts, and each district has a most similar group of 15", async () => {
  const s = await db();
  const mismatch = await s.all(
    `WITH rec AS (SELECT "District Code" AS d, strftime(ts, '%Y-%m') AS period, "HO Code" AS code, count(*) AS n FROM crimes GROUP BY ALL),
          lut AS (SELECT DISTINCT LAD25CD AS d, CSP25CD AS csp FROM lookup),
          cmp AS (SELECT area_code AS csp, period, offence_code AS code, CAST(count AS INTEGER) AS n FROM comparator WHERE category <> 'Anti-social behaviour')
     SELECT * FROM (SELECT lut.csp, rec.period, rec.code, rec.n FROM rec JOIN lut USING (d)) r
     FULL JOIN (SELECT * FROM cmp WHERE csp IN (SELECT csp FROM lut)) c USING (csp, period, code)
     WHERE r.n IS DISTINCT FROM c.n LIMIT 5`,
  );
  assert.deepEqual(mismatch, []);
  const peers = readFileSync(join(result.root, 'data', '2-national', 'most-similar-groups.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  for (const d of result.manifest.county.districts) {
    const group = peers.filter((p) => p[0] === d.csp_code);
    assert.equal(group.length, 15, d.csp_code);
    assert.equal(group[0]![1], d.csp_code, 'the district itself is first');
    assert.deepEqual(
      group.map((p) => Number(p[2])),
      Array.from({ length: 15 }, (_, i) => i + 1),
    );
  }
  const rates = await s.all<{ rate: number }>(
    `SELECT sum(CAST(c.count AS INTEGER)) * 1000.0 / any_value(p.population) AS rate FROM comparator c
     JOIN read_csv('${join(result.root, 'data', '2-national', 'csp-population.csv')}') p ON p.area_code = c.area_code AND p.year = ${last.slice(0, 4)}
     WHERE c.category <> 'Anti-social behaviour' AND c.period >= '${lastYearStart.slice(0, 7)}' GROUP BY c.area_code`,
  );
  const sorted = rates.map((r) => r.rate).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  assert.ok(median > 50 && median < 110, `median all-crime rate of the comparator set ${median}`);
  assert.ok(sorted[0]! > 20 && sorted[sorted.length - 1]! < 250, `range ${sorted[0]}–${sorted[sorted.length - 1]}`);
});
