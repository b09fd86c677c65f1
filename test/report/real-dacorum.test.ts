/**
 * The report for Dacorum (E07000096) from the real Hertfordshire data.police.uk files
 * (2021-01..2022-11), the ONS lookups and population, and the 2025 ward boundaries: produced
 * without errors, with the measures data.police.uk cannot support shown through their fallbacks
 * (and said so), the unavailable ones listed, and the incomplete period (no file for December 2020)
 * compared like for like: January–November 2022 against January–November 2021 at every level, the
 * counts checked against a plain count of the CSV rows and the p-values against SciPy. Skipped
 * when ../shared/data is absent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../src/store/db.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { loadConfig } from '../../src/assess/config.ts';
import { assessArea } from '../../src/assess/engine.ts';
import type { Assessment } from '../../src/assess/schema.ts';
import { buildReport } from '../../src/report/build/index.ts';
import { renderHtml } from '../../src/report/html/index.ts';
import { assessmentWardBoundaries } from '../../src/assess/boundaries.ts';
import type { Block, Inline, Section } from '../../src/report/model.ts';
import { noWords } from '../../src/report/words.ts';
import { SKIP_NO_SHARED, sharedPath } from '../helpers/shared-data.ts';
import { allText } from './helpers.ts';
import { readPlainCsv } from '../helpers/plain-csv.ts';

/**
 * Independent count: Dacorum's LSOAs from the ONS lookup, then every street row of Jan–Nov of a
 * year in those LSOAs, one per Crime ID (ASB rows, which have none, one each), by crime type.
 */
function independentByType(year: number): Map<string, number> {
  const [head, ...lookup] = readPlainCsv(sharedPath('ons', 'lsoa11-ward19-lad19.csv.gz'));
  const [lsoaCol, ladCol] = [head!.indexOf('LSOA11CD'), head!.indexOf('LAD19CD')];
  const dacorum = new Set(lookup.filter((r) => r[ladCol] === DACORUM).map((r) => r[lsoaCol]!));
  const out = new Map<string, number>();
  for (let m = 1; m <= 11; m++) {
    const [header, ...rows] = readPlainCsv(
      sharedPath('police-uk', 'hertfordshire', `${year}-${String(m).padStart(2, '0')}-hertfordshire-street.csv.gz`),
    );
    const [id, lsoa, type] = ['Crime ID', 'LSOA code', 'Crime type'].map((c) => header!.indexOf(c));
    const seen = new Set<string>();
    for (const r of rows) {
      if (!dacorum.has(r[lsoa!]!)) continue;
      if (r[id!] !== '') {
        if (seen.has(r[id!]!)) continue;
        seen.add(r[id!]!);
      }
      out.set(r[type!]!, (out.get(r[type!]!) ?? 0) + 1);
    }
  }
  return out;
}

const DACORUM = 'E07000096';
const MONTHS = Array.from(
  { length: 23 },
  (_, i) => `${2021 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
);

/**
 * The open data never hold 24 consecutive Hertfordshire months (December 2020 was never
 * published): the district is still covered (docs/assessment.md, MIN_CURRENT_MONTHS), and the
 * previous period is incomplete, which the report must say.
 */
async function dacorum(store: Store): Promise<Assessment> {
  return (await assessArea(store, DACORUM, false, { config: loadConfig(), end: '2022-11' })).assessments[0]!;
}

function blocksOf(s: Section): Block[] {
  return [...s.blocks, ...(s.children ?? []).flatMap(blocksOf)];
}

test(
  'the Dacorum report from the real Hertfordshire files, with its fallbacks visible',
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
        MONTHS.map((m) => sharedPath('police-uk', 'hertfordshire', `${m}-hertfordshire-street.csv.gz`)),
      );
      await importPaths(store, [sharedPath('ons', 'lsoa11-population-mid2019-noheader.csv.gz')], {
        columns: ['code', 'population'],
        year: 2019,
      });
      await importPaths(store, [
        sharedPath('ons', 'extract_census2011_population_lad2021.csv'),
        sharedPath('ons', 'extract_census2011_households_lad2021.csv'),
      ]);
      // the ONS census spreadsheets: 2011 five-year and broad age bands, 2021 broad bands
      await importPaths(store, [
        sharedPath('ons', 'census2011_lad2021_population_households_datadownload2011.xlsx'),
        sharedPath('ons', 'census2021_population_change_lad_datadownload.xlsx'),
      ]);
      await importPaths(store, [sharedPath('boundaries', 'ward', `${DACORUM}.geojson`)]);

      const a = await dacorum(store);
      assert.equal(a.area.name, 'Dacorum');
      // like for like: Dec 2020 was never published, so Jan–Nov 2022 against Jan–Nov 2021
      assert.equal(a.comparison.kind, 'like-for-like');
      assert.deepEqual(a.comparison.excluded, ['2020-12', '2021-12']);
      const [now, before] = [independentByType(2022), independentByType(2021)];
      const sum = (m: Map<string, number>, keep: (t: string) => boolean) =>
        [...m].filter(([t]) => keep(t)).reduce((s, [, n]) => s + n, 0);
      // scipy.stats.binomtest(c, c + p, 0.5).pvalue on the independent counts
      for (const [id, keep, scipy] of [
        ['all-crime', (t: string) => t !== 'Anti-social behaviour', 1.3725524908842214e-7],
        ['asb', (t: string) => t === 'Anti-social behaviour', 0.006199883084499207],
        ['burglary', (t: string) => t === 'Burglary', 0.00019348287959687627],
      ] as const) {
        const m = a.measures.find((x) => x.id === id)!;
        assert.deepEqual([m.change.current, m.change.previous], [sum(now, keep), sum(before, keep)], id);
        assert.equal(m.change.basis, 'like-for-like');
        assert.ok(
          Math.abs(m.change.pValue! - scipy) / scipy < 1e-9,
          `${id}: ${m.change.pValue} against SciPy ${scipy}`,
        );
      }
      assert.deepEqual([a.measures[0]!.change.current, a.measures[0]!.change.previous], [8621, 7942]);
      // every level takes the district's decision: wards, sub-types and harm on the same 11 months
      for (const m of a.measures.filter((x) => x.available)) {
        assert.equal(m.comparison!.kind, 'like-for-like', m.id);
        for (const r of m.local.ward?.rows ?? []) assert.equal(r.change.basis, 'like-for-like', `${m.id} ${r.code}`);
        for (const r of m.breakdown?.rows ?? []) assert.equal(r.change.basis, 'like-for-like', `${m.id} ${r.key}`);
        if (m.harm) assert.ok(m.harm.compared !== null, m.id);
        const wards = m.local.ward!;
        const unallocated = m.change.current! - wards.rows.reduce((s, r) => s + r.change.current!, 0);
        assert.ok(
          unallocated >= 0 && unallocated <= wards.unallocated,
          `${m.id}: the wards' compared counts add up to the district's`,
        );
      }
      // no peer group that is not one: no MSG loaded, computed peers drawn nationally have no data here
      assert.equal(a.measures[0]!.rank.peers, null);
      // overlapping candidates are recommended once: all burglary (the higher risk) covers all burglary, robbery and vehicle crime
      const burglaryPriority = a.priorities.find((p) => p.measure === 'burglary');
      assert.ok(burglaryPriority, 'all burglary is a priority');
      assert.deepEqual(burglaryPriority.covers, [
        { measure: 'burglary-robbery-vehicle', title: 'Burglary, robbery and vehicle crime (all)' },
      ]);
      assert.ok(!a.priorities.some((p) => p.measure === 'burglary-robbery-vehicle'));
      assert.match(
        burglaryPriority.reasons.at(-1)!,
        /^It covers Burglary, robbery and vehicle crime \(all\), which counts some of the same offences/,
      );
      // the age profile of the latest census up to 2022: 2021's broad bands (29,500, 98,500 and 27,000 in
      // the ONS sheet "Age (broad groups)"), shares of their total 155,000, never mixed with 2011's bands
      assert.deepEqual(
        a.background.ageBands.map((b) => [b.band, b.year, b.value]),
        [
          ['age:0-14', 2021, 29500],
          ['age:15-64', 2021, 98500],
          ['age:65+', 2021, 27000],
        ],
      );
      assert.ok(Math.abs(a.background.ageBands[2]!.share - 27000 / 155000) < 1e-12);
      assert.ok(a.background.ageBands.every((b) => b.countyShare !== null && b.countyShare > 0 && b.countyShare < 1));
      const boundaries = await assessmentWardBoundaries(store, a);
      assert.ok(boundaries.features.length > 0, 'the ward boundaries match the wards of the figures');
      for (const edition of ['full', 'public'] as const) {
        const doc = buildReport(a, { edition, words: noWords(), boundaries });
        const html = renderHtml(doc);
        assert.match(html, /<h1>Dacorum Community Safety Partnership: strategic assessment<\/h1>/);
        const text = allText(doc).join('\n');
        // the county: the ten Hertfordshire districts of 2021, 17.1% aged 65+ (summed from the same ONS sheet)
        assert.match(text, /17\.4% of the residents of Dacorum are aged 65 and over, against 17\.1% across /);
        // police.uk has no dwelling burglary: the section of all burglary says it stands in for it
        const burglary = doc.sections.find((s) => s.id === 'analysis')!.children!.find((s) => s.id === 'burglary');
        if (burglary) {
          assert.ok(
            burglary.blocks.some(
              (b) =>
                b.type === 'callout' && b.title === 'Fallback measure' && /All burglary dwelling/.test(b.runs.join('')),
            ),
          );
        }
        assert.match(
          text,
          /All burglary for All burglary dwelling \(including attempts\) and Burglary other \(non-domestic burglary\)/,
        );
        assert.match(
          text,
          /All burglary stands in for All burglary dwelling \(including attempts\) \(data\.police\.uk publishes no finer type/,
        );
        // no double counting: a measure counted once shows once, in the table, the incomplete periods and the sections
        const rows = blocksOf(doc.sections.find((s) => s.id === 'looking-back')!).find(
          (b) => b.type === 'table' && b.id === 'looking-back-groups',
        );
        assert.ok(rows && rows.type === 'table');
        const titles = rows.rows.map((r) => String(r[0]!.value).replace(/ †$/, ''));
        assert.equal(new Set(titles).size, titles.length, `one row per measure counted: ${titles.join(', ')}`);
        assert.ok(titles.includes('All burglary') && !titles.includes('All burglary dwelling (including attempts)'));
        const incomplete = blocksOf(doc.sections.find((s) => s.id === 'appendix')!).find(
          (b) =>
            b.type === 'list' &&
            b.items.some((i: Inline[]) =>
              /compared like for like|not assessed, incomplete period/.test(
                i.map((r) => (typeof r === 'string' ? r : r.text)).join(''),
              ),
            ),
        );
        assert.ok(incomplete && incomplete.type === 'list');
        const lines = incomplete.items.map((i) => i.map((r) => (typeof r === 'string' ? r : r.text)).join(''));
        assert.equal(new Set(lines).size, lines.length, 'each incomplete measure listed once');
        assert.equal(lines.filter((l) => l.startsWith('All burglary:')).length, 1);
        const sections = doc.sections.find((s) => s.id === 'analysis')!.children!.map((s) => s.title);
        assert.equal(new Set(sections).size, sections.length, 'one section per measure counted');
        // measures police.uk cannot count at all are listed as not available
        assert.match(text, /Night-time violence \(Fri\/Sat 19:00–06:00\): not available/);
        // data.police.uk gives months only: no unusual days can be tested, and the report says so
        assert.match(text, /data\.police\.uk gives the month only/);
        // the ward map is drawn from the imported boundaries
        const appendix = doc.sections.find((s) => s.id === 'appendix')!;
        assert.ok(blocksOf(appendix).some((b) => b.type === 'table' && b.id === 'data-quality-table'));
        assert.ok(
          doc.sections.flatMap(blocksOf).some((b) => b.type === 'chart' && b.id.endsWith('-map')),
          'a ward map',
        );
        assert.match(text, /No data is loaded for December 2020, so the change is measured like for like/);
        assert.doesNotMatch(
          text,
          /(members of its|position in|for its|among|against) most similar group/i,
          'no Home Office group is loaded: nothing may be called one',
        );
        assert.doesNotMatch(text, /1st of 1\b/);
        // the old comparison of a ward's 12 months with its 11 (Hemel Hempstead Town 630 against 475) is gone
        assert.doesNotMatch(text, /to 630 from 475/);
      }
    } finally {
      store.close();
    }
  },
);
