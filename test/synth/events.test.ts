import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { generate, groundTruthEvent, rawTables } from './small-county.ts';
import type { Store } from '../../src/store/db.ts';

/* The injected events of ground-truth.json are there in the generated rows, as large as it says. */
const result = generate({ seed: 21 });
let store: Store | undefined;
async function db(): Promise<Store> {
  store ??= await rawTables(result.root);
  return store;
}
after(() => store?.close());

const monthOf = `strftime(ts, '%Y-%m')`;
const list = (xs: readonly string[]) => xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ');

test('the burglary series: the ward far above its usual level in both months', async () => {
  const s = await db();
  const e = groundTruthEvent(result, 'burglary-series');
  assert.equal(e.months.length, 2);
  const rows = await s.all<{ m: string; n: number }>(
    `SELECT ${monthOf} AS m, count(*) AS n FROM crimes WHERE "Ward Code" = '${String(e.area.code)}' AND "HO Code" IN (${list(e.offence_codes!)}) GROUP BY 1`,
  );
  const inSeries = rows.filter((r) => e.months.includes(r.m));
  const others = rows.filter((r) => !e.months.includes(r.m));
  const usual = others.reduce((a, r) => a + r.n, 0) / (36 - 2);
  assert.equal(inSeries.length, 2);
  for (const r of inSeries)
    assert.ok(r.n >= 4 * usual && r.n >= usual + 8, `${r.m}: ${r.n} against a usual ${usual.toFixed(2)} a month`);
  assert.deepEqual(
    inSeries.sort((a, b) => a.m.localeCompare(b.m)).map((r) => r.n),
    e.observed.counts,
  );
  // The series is on weekday evenings.
  const evenings = await s.one<{ p: number }>(
    `SELECT count(*) FILTER (WHERE hour(ts) BETWEEN 16 AND 21 AND dayofweek(ts) BETWEEN 1 AND 5) / count(*) AS p FROM crimes
     WHERE "Ward Code" = '${String(e.area.code)}' AND "HO Code" IN (${list(e.offence_codes!)}) AND ${monthOf} IN (${list(e.months)})`,
  );
  assert.ok(evenings!.p > 0.7, `weekday-evening share ${evenings!.p}`);
});

test('the drugs operation raises recorded drugs offences in its wards', async () => {
  const s = await db();
  const e = groundTruthEvent(result, 'drugs-operation');
  const wards = (e.area.wards as { code: string }[]).map((w) => w.code);
  const count = async (months: string[]) =>
    (await s.one<{ n: number }>(
      `SELECT count(*) AS n FROM crimes WHERE "Ward Code" IN (${list(wards)}) AND "HO Code" IN (${list(e.offence_codes!)}) AND ${monthOf} IN (${list(months)})`,
    ))!.n;
  const during = await count(e.months);
  const before = await count(e.months.map((m) => `${Number(m.slice(0, 4)) - 1}${m.slice(4)}`));
  assert.ok(during >= 2 * before && during > before + 10, `during ${during}, same months a year before ${before}`);
  assert.equal(
    during,
    (e.observed.counts as number[]).reduce((a, b) => a + b, 0),
  );
});

test('the emerging rise: the category climbs over the last four months in the focus district', async () => {
  const s = await db();
  const e = groundTruthEvent(result, 'emerging-rise');
  const rows = await s.all<{ m: string; n: number }>(
    `SELECT ${monthOf} AS m, count(*) AS n FROM crimes WHERE "District Code" = '${e.district}' AND "HO Code" IN (${list(e.offence_codes!)}) GROUP BY 1 ORDER BY 1`,
  );
  const last4 = rows.filter((r) => e.months.includes(r.m));
  const before = rows.filter((r) => r.m < e.months[0]!).slice(-12);
  const mean = before.reduce((a, r) => a + r.n, 0) / 12;
  const recent = last4.reduce((a, r) => a + r.n, 0) / 4;
  assert.equal(last4.length, 4);
  assert.ok(recent > 1.6 * mean, `last four months ${recent} a month against ${mean.toFixed(2)} before`);
  assert.deepEqual(
    last4.map((r) => r.n),
    e.observed.counts,
  );
});

test('the recording gap: the fire file has no records for one month, and records either side', async () => {
  const s = await db();
  const e = groundTruthEvent(result, 'recording-gap');
  const gap = e.months[0]!;
  const rows = await s.all<{ m: string; n: number }>(
    `SELECT substr("Call Date", 1, 7) AS m, count(*) AS n FROM fires GROUP BY 1 ORDER BY 1`,
  );
  assert.equal(
    rows.find((r) => r.m === gap),
    undefined,
  );
  const i = rows.findIndex((r) => r.m > gap);
  assert.ok(i > 0 && rows[i - 1]!.n > 0 && rows[i]!.n > 0);
  assert.ok(Number(e.observed.records_withheld) > 0);
  assert.equal(rows.length, 35, 'every other month of the three years is present');
});

test('Halloween: ASB on 31 October far above the month’s daily mean, every year', async () => {
  const e = groundTruthEvent(result, 'halloween-asb');
  const days = e.observed.days as { date: string; county: { count: number; october_daily_mean: number } }[];
  assert.equal(days.length, 3);
  for (const year of days.map((d) => d.date.slice(0, 4))) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(result.root, 'data', '3-police', 'incidents', `incidents-${year}.xlsx`));
    const sheet = book.getWorksheet('Incidents')!;
    let october = 0;
    let halloween = 0;
    sheet.eachRow((row, n) => {
      if (n === 1 || row.getCell(4).value !== 'ASB') return;
      const date = row.getCell(2).value as Date;
      if (date.getUTCMonth() !== 9) return;
      october++;
      if (date.getUTCDate() === 31) halloween++;
    });
    const mean = october / 31;
    assert.ok(halloween > 2 * mean, `${year}: ${halloween} on Halloween against ${mean.toFixed(1)} a day`);
    const truth = days.find((d) => d.date.startsWith(year))!;
    assert.equal(truth.county.count, halloween);
  }
});
