/**
 * Outcomes of Dacorum's crimes (E07000096) from the real Hertfordshire data.police.uk files of
 * 2021, end 2021-12: the breakdown sums to the crime count and every category equals a plain count
 * of the CSV rows (Dacorum's LSOAs from the ONS lookup, one row per Crime ID per file, chosen as
 * the importer does: docs/import-rules.md). First from the street files' `Last outcome category`
 * alone, then with the outcomes files 2021-01..2022-01 loaded (the latest dated outcome wins).
 * Skipped when ../shared/data is absent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../src/store/db.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { loadConfig } from '../../src/assess/config.ts';
import { assessArea } from '../../src/assess/engine.ts';
import type { Assessment } from '../../src/assess/schema.ts';
import { outcomeCategory } from '../../src/core/outcomes/families.ts';
import { SKIP_NO_SHARED, sharedPath } from '../helpers/shared-data.ts';
import { readPlainCsv } from '../helpers/plain-csv.ts';
import { keptCopies } from '../helpers/police-uk-independent.ts';

const DACORUM = 'E07000096';
const MONTHS_2021 = Array.from({ length: 12 }, (_, i) => `2021-${String(i + 1).padStart(2, '0')}`);
const OUTCOME_MONTHS = [...MONTHS_2021, '2022-01'];

function dacorumLsoas(): Set<string> {
  const [head, ...rows] = readPlainCsv(sharedPath('ons', 'lsoa11-ward19-lad19.csv.gz'));
  const [lsoa, lad] = [head!.indexOf('LSOA11CD'), head!.indexOf('LAD19CD')];
  return new Set(rows.filter((r) => r[lad] === DACORUM).map((r) => r[lsoa]!));
}

/** Dacorum's crimes of 2021: Crime ID → last outcome category, one row per Crime ID per file (the importer's choice among copies). */
function dacorumCrimes(): Map<string, string> {
  const lsoas = dacorumLsoas();
  const out = new Map<string, string>();
  for (const month of MONTHS_2021) {
    const [header, ...rows] = readPlainCsv(
      sharedPath('police-uk', 'hertfordshire', `${month}-hertfordshire-street.csv.gz`),
    );
    const col = (name: string) => header!.indexOf(name);
    const lsoa = col('LSOA code');
    const kept = keptCopies(header!, rows);
    for (const [crimeId, row] of kept)
      if (lsoas.has(row[lsoa]!)) out.set(`${month}|${crimeId}`, row[col('Last outcome category')]!);
  }
  return out;
}

/** Crime ID → the outcome of its latest outcomes-file row (latest month; within a month, the last outcome text in order). */
function latestOutcomes(): Map<string, string> {
  const best = new Map<string, [string, string]>();
  for (const month of OUTCOME_MONTHS) {
    const [header, ...rows] = readPlainCsv(
      sharedPath('police-uk', 'hertfordshire', `${month}-hertfordshire-outcomes.csv.gz`),
    );
    const [id, m, type] = ['Crime ID', 'Month', 'Outcome type'].map((c) => header!.indexOf(c));
    for (const r of rows) {
      const held = best.get(r[id!]!);
      const k: [string, string] = [r[m!]!, r[type!]!];
      if (!held || k[0] > held[0] || (k[0] === held[0] && k[1] > held[1])) best.set(r[id!]!, k);
    }
  }
  return new Map([...best].map(([k, v]) => [k, v[1]]));
}

function tally(values: Iterable<string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of values) {
    const c = outcomeCategory(v);
    out.set(c, (out.get(c) ?? 0) + 1);
  }
  return out;
}

async function allCrime(store: Store): Promise<{ a: Assessment; m: Assessment['measures'][number] }> {
  const a = (await assessArea(store, DACORUM, false, { config: loadConfig(), end: '2021-12' })).assessments[0]!;
  return { a, m: a.measures.find((x) => x.id === 'all-crime')! };
}

test(
  'Dacorum 2021: the outcome breakdown of every crime equals a plain count of the street files, then of the outcomes files',
  { skip: SKIP_NO_SHARED, timeout: 300_000 },
  async () => {
    const store = await Store.open(':memory:');
    try {
      await importPaths(store, [
        sharedPath('ons', 'lsoa11-ward19-lad19.csv.gz'),
        sharedPath('ons', 'lad19-csp19-pfa19.csv'),
      ]);
      await importPaths(
        store,
        MONTHS_2021.map((m) => sharedPath('police-uk', 'hertfordshire', `${m}-hertfordshire-street.csv.gz`)),
      );
      const crimes = dacorumCrimes();

      // 1. street files only: the latest outcome is the street file's Last outcome category
      const { m } = await allCrime(store);
      const o = m.outcomes!;
      assert.equal(o.source, 'street-files');
      assert.equal(o.asOf, '2021-12');
      assert.match(o.sourceNote, /last outcome category/);
      assert.equal(m.current.count, 8686);
      assert.equal(crimes.size, 8686);
      assert.equal(o.district.total, 8686);
      assert.equal(
        o.district.categories.reduce((s, c) => s + c.count, 0),
        8686,
      );
      assert.equal(
        o.district.families.reduce((s, c) => s + c.count, 0),
        8686,
      );
      const expected = tally(crimes.values());
      assert.deepEqual(new Map(o.district.categories.map((c) => [c.category, c.count])), expected);
      // led by "Unable to prosecute suspect" then "Investigation complete; no suspect identified"
      assert.deepEqual(
        o.district.categories.slice(0, 2).map((c) => c.category),
        ['Unable to prosecute suspect', 'Investigation complete; no suspect identified'],
      );
      // 95% Wilson interval of 3436 / 8686, from scipy: z = norm.ppf(0.975) in the Wilson score formula
      const unable = o.district.categories[0]!;
      assert.equal(unable.count, 3436);
      assert.ok(
        Math.abs(unable.lower - 0.38534431054759705) < 1e-12 && Math.abs(unable.upper - 0.4059061963119171) < 1e-12,
      );
      // wards and the unallocated add up to the district
      assert.equal(o.wards.reduce((s, w) => s + w.total, 0) + o.unallocated, 8686);
      // no 2020 files: the shares are not compared (the measure's own periods are not)
      assert.equal(o.comparison.kind, 'not-assessed');
      assert.match(o.comparison.reason!, /previous period not loaded/);

      // 2. with the outcomes files of 2021-01..2022-01: the latest dated outcome wins, else the street file's
      await importPaths(
        store,
        OUTCOME_MONTHS.map((mm) => sharedPath('police-uk', 'hertfordshire', `${mm}-hertfordshire-outcomes.csv.gz`)),
      );
      const { m: m2 } = await allCrime(store);
      const o2 = m2.outcomes!;
      assert.equal(o2.source, 'outcomes-files');
      assert.equal(o2.asOf, '2022-01');
      const latest = latestOutcomes();
      let fromFiles = 0;
      const merged = [...crimes].map(([key, street]) => {
        const dated = latest.get(key.split('|')[1]!);
        if (dated !== undefined) fromFiles++;
        return dated ?? street;
      });
      assert.equal(o2.fromOutcomesFiles, fromFiles);
      assert.equal(o2.district.total, 8686);
      assert.deepEqual(new Map(o2.district.categories.map((c) => [c.category, c.count])), tally(merged));
      assert.ok(
        o2.district.categories.some((c) => c.category === 'Suspect charged'),
        'charges are dated in the outcomes files only',
      );
      assert.equal(o2.comparison.kind, 'not-assessed');
    } finally {
      store.close();
    }
  },
);
