/**
 * The reference assessment's sections on the synthetic county: the committed Assessment of its
 * focus district (test/report/fixtures) for the document, and a small county generated, imported
 * and assessed here for the county tables, which are checked against counts made in this test
 * straight from the generated files (road-collisions.csv, crimes-<year>.csv) and the LSOA lookup.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildReport } from '../../src/report/build/index.ts';
import type { Block, Section } from '../../src/report/model.ts';
import { noWords } from '../../src/report/words.ts';
import { DRUG_CAVEAT_SHORT, DRUG_CAVEAT_TITLE } from '../../src/report/build/themes.ts';
import { reportChecklist } from '../../src/report/checklist.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { Store } from '../../src/store/db.ts';
import { assessArea } from '../../src/assess/engine.ts';
import { loadConfig } from '../../src/assess/config.ts';
import type { Assessment } from '../../src/assess/schema.ts';
import { generate, rawTables } from '../synth/small-county.ts';
import { allText, fixtureAssessment } from './helpers.ts';

function find(sections: readonly Section[], id: string): Section | undefined {
  for (const s of sections) {
    if (s.id === id) return s;
    const hit = find(s.children ?? [], id);
    if (hit) return hit;
  }
  return undefined;
}

function blocksOf(s: Section): Block[] {
  return [...s.blocks, ...(s.children ?? []).flatMap(blocksOf)];
}

const doc = buildReport(fixtureAssessment(), { edition: 'full', words: noWords() });

test('ASB has its full section whether or not a priority: months, the Halloween spike with its calendar label, the three classes, wards', () => {
  const a = fixtureAssessment();
  assert.ok(!a.priorities.some((p) => p.measure === 'asb'), 'ASB is not a priority in the fixture');
  const asb = find(doc.sections, 'asb')!;
  const text = allText({ sections: [asb] }).join('\n');
  assert.match(text, /31 October 2024.*Halloween/);
  assert.ok(
    asb.blocks.some((b) => b.type === 'heading' && b.text === 'Incident classes: personal, nuisance and environmental'),
  );
  const classes = asb.blocks.find(
    (b): b is Extract<Block, { type: 'table' }> => b.type === 'table' && b.id === 'asb-subtypes-table',
  )!;
  assert.deepEqual(classes.rows.map((r) => r[0]!.value).sort(), ['Environmental', 'Nuisance', 'Personal']);
  assert.ok(asb.blocks.some((b) => b.type === 'table' && b.id === 'asb-wards'));
  assert.ok(asb.blocks.some((b) => b.type === 'heading' && b.id === 'asb-seasonality'));
});

test('the drugs caveat goes wherever drug offences are discussed: the drugs section, the priorities, the looking-back table, the conclusion', () => {
  const a = fixtureAssessment();
  assert.ok(
    a.priorities.some((p) => p.measure === 'drugs'),
    'drugs is a priority in the fixture (significant increase)',
  );
  const drugs = find(doc.sections, 'drugs')!;
  assert.ok(
    drugs.blocks.some((b) => b.type === 'callout' && b.title === DRUG_CAVEAT_TITLE),
    'caveat in the drugs section',
  );
  assert.equal(
    drugs.blocks.findIndex((b) => b.type === 'callout' && b.title === DRUG_CAVEAT_TITLE),
    0,
    'the caveat opens the section',
  );
  for (const id of ['summary', 'looking-back', 'conclusion']) {
    const s = find(doc.sections, id)!;
    const text = allText({ sections: [s] }).join('\n');
    assert.ok(/[Dd]rug offences/.test(text), `${id} discusses drug offences`);
    assert.ok(text.includes(DRUG_CAVEAT_SHORT), `${id} carries the caveat`);
  }
  // every section of the document that names drug offences carries it
  const walk = (s: Section): void => {
    const own = allText({ sections: [{ ...s, children: [] }] }).join('\n');
    if (/Drug offences/.test(own) && s.level === 2 && s.id !== 'business-crime')
      assert.ok(
        own.includes(DRUG_CAVEAT_SHORT) || own.includes(DRUG_CAVEAT_TITLE),
        `${s.id} names drug offences without the caveat`,
      );
    (s.children ?? []).forEach(walk);
  };
  doc.sections.forEach(walk);
});

test('the drug table: trafficking and possession, Class A and other, with county ranks, summing to the drugs count', () => {
  const a = fixtureAssessment();
  const t = a.countyTables!.find((x) => x.id === 'drug-offences')!;
  const drugs = a.measures.find((m) => m.id === 'drugs')!;
  assert.deepEqual(
    t.rows.map((r) => r.label),
    [
      'Drug trafficking: Class A',
      'Drug trafficking: other',
      'Possession: Class A',
      'Possession: other',
      'Other drug offences',
    ],
  );
  assert.equal(
    t.rows.reduce((s, r) => s + r.district.current, 0),
    drugs.current.count,
  );
  assert.equal(
    t.rows.reduce((s, r) => s + r.district.previous!, 0),
    drugs.change.previous,
  );
  const table = blocksOf(find(doc.sections, 'drugs')!).find(
    (b): b is Extract<Block, { type: 'table' }> => b.type === 'table' && b.id === 'drugs-drug-types',
  )!;
  assert.equal(table.rows.length, 5);
  assert.match(table.rows[0]![5]!.display!, /^\d+(st|nd|rd|th)\/10/);
});

test('managing offenders, reassurance and business crime close the analysis chapter; the themes without data are said in plain words', () => {
  const offenders = find(doc.sections, 'managing-offenders')!;
  const text = allText({ sections: [offenders] }).join('\n');
  assert.match(text, /Integrated offender management/);
  assert.match(
    text,
    /IOM cohort: 30 offenders in 2025\/26 Q2, against 25 offenders in 2024\/25 Q2; 10th of 10 in the county/,
  );
  assert.match(text, /Youth offences: 61 offences/);
  assert.match(text, /Probation caseload: 448 offenders/);
  const bare = buildReport({ ...fixtureAssessment(), partnerIndicators: [] }, { edition: 'full', words: noWords() });
  const none = allText({ sections: [find(bare.sections, 'managing-offenders')!] }).join('\n');
  assert.match(none, /No integrated offender management figures were supplied for this assessment\./);
  assert.match(none, /No probation figures were supplied/);
  assert.match(
    allText({ sections: [find(doc.sections, 'reassurance')!] }).join('\n'),
    /No measure of feelings of safety/,
  );
  const business = find(doc.sections, 'business-crime')!;
  const rows = business.blocks
    .find((b): b is Extract<Block, { type: 'table' }> => b.type === 'table')!
    .rows.map((r) => r[0]!.value);
  assert.deepEqual(rows, ['Shoplifting', 'Robbery of business property']);
  // the fixture's 12 measures hold no night-time violence or criminal damage: said, with the reason
  const analysis = allText({ sections: [{ ...find(doc.sections, 'analysis')!, children: [] }] }).join('\n');
  assert.match(analysis, /Night-time violence: no figures in this document \(it is not among the measures assessed\)/);
  assert.match(analysis, /Criminal damage: no figures in this document/);
  // the checklist names what the partnership has not written
  const ids = reportChecklist(fixtureAssessment(), noWords()).map((i) => i.id);
  assert.ok(ids.includes('reassurance') && ids.includes('business-crime'));
});

test('sections the partnership declares in report.yaml carry its commentary; an id taken by the document is refused', () => {
  const withWords = buildReport(fixtureAssessment(), {
    edition: 'full',
    words: {
      sections: [{ id: 'alcohol', title: 'Alcohol related crime' }],
      commentary: {
        alcohol: 'The baseline is set next year.',
        reassurance: 'Feelings of safety are surveyed in spring.',
      },
    },
  });
  const alcohol = find(withWords.sections, 'alcohol')!;
  assert.equal(alcohol.title, 'Alcohol related crime');
  assert.match(allText({ sections: [alcohol] }).join('\n'), /The baseline is set next year\./);
  const reassurance = allText({ sections: [find(withWords.sections, 'reassurance')!] }).join('\n');
  assert.match(reassurance, /surveyed in spring/);
  assert.doesNotMatch(reassurance, /No measure of feelings/);
  assert.throws(
    () => buildReport(fixtureAssessment(), { edition: 'full', words: { sections: [{ id: 'asb', title: 'Again' }] } }),
    /already a section of the document/,
  );
});

test('background: ethnicity and age when loaded, and a plain "not loaded" otherwise', () => {
  const bg = allText({ sections: [find(doc.sections, 'background')!] }).join('\n');
  assert.match(bg, /ethnic group other than White/);
  const a = fixtureAssessment();
  const bare = buildReport(
    { ...a, background: { ...a.background, ethnicity: [], ageBands: [] } },
    { edition: 'full', words: noWords() },
  );
  const text = allText({ sections: [find(bare.sections, 'background')!] }).join('\n');
  assert.match(text, /The ethnic groups of South Thornden's residents are not loaded for this assessment/);
  assert.match(text, /The age of South Thornden's residents is not loaded/);
});

test('no raw month codes in the prose, and the "no peer rank" note said once', () => {
  const a = fixtureAssessment();
  const noted = {
    ...a,
    measures: a.measures.map((m) => ({
      ...m,
      notes: [
        ...m.notes,
        'current period incomplete: no data for 2025-02',
        `no peer rank for "${m.title}": no peer group is imported; the Home Office family (MSG) with its comparator counts would give one`,
      ],
    })),
  };
  const d = buildReport(noted, { edition: 'full', words: noWords() });
  const text = allText(d).join('\n');
  assert.doesNotMatch(text, /(^|[^\d-])20\d\d-(0[1-9]|1[0-2])([^\d-]|$)/m);
  assert.match(text, /no data for February 2025/);
  // said once for all, in the analysis chapter; the analyst's hint is left to the checklist
  assert.equal(text.split('No measure has a position in a peer group: no peer group is imported.').length - 1, 1);
  assert.doesNotMatch(text, /would give one|no peer rank for/);
});

// A small county through the real import path: the severity and drug tables against the raw files.
const county = generate({ seed: 1 });
let store: Store | undefined;
let raw: Store | undefined;
after(async () => {
  await store?.close();
  await raw?.close();
});

async function smallAssessment(): Promise<Assessment> {
  store = await Store.open(':memory:');
  for (const file of county.manifest.import_order) await importPaths(store, [join(county.root, file)]);
  return (await assessArea(store, county.manifest.focus_district.code, false, { config: loadConfig() }))
    .assessments[0]!;
}

test(
  'the road-collision severity table equals counts made directly from the synthetic collision file',
  { timeout: 300_000 },
  async () => {
    const a = await smallAssessment();
    raw = await rawTables(county.root);
    const t = a.countyTables!.find((x) => x.id === 'collision-severity')!;
    const focus = a.area.code;
    const months = (list: string[]) => list.map((m) => `'${m}'`).join(', ');
    // STATS19 codes: 1 fatal, 2 serious, 3 slight; placed in a district through the LSOA lookup (the file's own district column is not used)
    const rows = await raw.all<{ severity: string; district: string; cur: number; prev: number }>(
      `SELECT CASE c.accident_severity WHEN '1' THEN 'Fatal' WHEN '2' THEN 'Serious' ELSE 'Slight' END AS severity, l.LAD25CD = '${focus}' AS district,
            count(*) FILTER (WHERE strftime(strptime(c.date, '%d/%m/%Y'), '%Y-%m') IN (${months(t.currentMonths)})) AS cur,
            count(*) FILTER (WHERE strftime(strptime(c.date, '%d/%m/%Y'), '%Y-%m') IN (${months(t.previousMonths)})) AS prev
     FROM collisions c JOIN lookup l ON l.LSOA21CD = c.lsoa_of_accident_location GROUP BY ALL`,
    );
    for (const r of t.rows) {
      const own = rows.find((x) => x.severity === r.key && x.district);
      const all = rows.filter((x) => x.severity === r.key);
      assert.equal(r.district.current, Number(own?.cur ?? 0), `${r.key} district, latest`);
      assert.equal(r.district.previous, Number(own?.prev ?? 0), `${r.key} district, year before`);
      assert.equal(
        r.county.current,
        all.reduce((s, x) => s + Number(x.cur), 0),
        `${r.key} county, latest`,
      );
      assert.equal(
        r.county.previous,
        all.reduce((s, x) => s + Number(x.prev), 0),
        `${r.key} county, year before`,
      );
    }
    assert.deepEqual(
      t.rows.map((r) => r.key),
      ['Slight', 'Serious', 'Fatal'],
    );
    // the rendered table shows the same figures
    const d = buildReport(a, { edition: 'full', words: noWords() });
    const table = blocksOf(find(d.sections, 'road-traffic-collisions')!).find(
      (b): b is Extract<Block, { type: 'table' }> => b.type === 'table' && b.id === 'road-traffic-collisions-severity',
    )!;
    assert.deepEqual(
      table.rows.slice(0, 3).map((r) => r.slice(1).map((c) => c.value)),
      t.rows.map((r) => [r.district.previous, r.district.current, r.county.previous, r.county.current]),
    );

    // drug table: Class A from the force's offence description, counted from the raw crime files
    const drugs = a.countyTables!.find((x) => x.id === 'drug-offences')!;
    const crimes = await raw.all<{ key: string; cur: number }>(
      `SELECT CASE WHEN c."HO Code" = '92A' THEN 'trafficking' WHEN c."HO Code" IN ('92D', '92E') THEN 'possession' ELSE 'other' END
              || CASE WHEN c."HO Code" = '92C' THEN '' WHEN c."Offence Description" LIKE '%Class A%' THEN '|a' ELSE '|other' END AS key,
            count(*) AS cur
     FROM crimes c JOIN lookup l ON l.LSOA21CD = c."LSOA Code"
     WHERE c."HO Code" IN ('92A', '92C', '92D', '92E') AND l.LAD25CD = '${focus}' AND strftime(c.ts, '%Y-%m') IN (${months(drugs.currentMonths)}) GROUP BY ALL`,
    );
    for (const r of drugs.rows)
      assert.equal(r.district.current, Number(crimes.find((x) => x.key === r.key)?.cur ?? 0), r.key);

    // county ranks: each district's rate per 1,000 from the raw crime file and the generated population
    // file of the assessment's year, ranked here (1 = lowest; ties share the lower position)
    const year = a.measures.find((m) => m.id === 'drugs')!.denominator!.year;
    const perDistrict = await raw.all<{ district: string; key: string; n: number; population: number }>(
      `WITH pop AS (SELECT area_code AS district, CAST(population AS INTEGER) AS population
                  FROM read_csv('${join(county.root, 'data', '1-reference', `population-mid${year}.csv`)}', all_varchar = true, header = true)
                  WHERE area_code IN (SELECT DISTINCT LAD25CD FROM lookup)),
          counts AS (SELECT l.LAD25CD AS district,
              CASE WHEN c."HO Code" = '92A' THEN 'trafficking' WHEN c."HO Code" IN ('92D', '92E') THEN 'possession' ELSE 'other' END
              || CASE WHEN c."HO Code" = '92C' THEN '' WHEN c."Offence Description" LIKE '%Class A%' THEN '|a' ELSE '|other' END AS key, count(*) AS n
            FROM crimes c JOIN lookup l ON l.LSOA21CD = c."LSOA Code"
            WHERE c."HO Code" IN ('92A', '92C', '92D', '92E') AND strftime(c.ts, '%Y-%m') IN (${months(drugs.currentMonths)}) GROUP BY ALL)
     SELECT pop.district, k.key, coalesce(counts.n, 0) AS n, pop.population FROM pop CROSS JOIN (SELECT DISTINCT key FROM counts) k
     LEFT JOIN counts ON counts.district = pop.district AND counts.key = k.key`,
    );
    for (const r of drugs.rows) {
      const rates = perDistrict
        .filter((x) => x.key === r.key)
        .map((x) => ({ district: x.district, rate: Number(x.n) / Number(x.population) }));
      const own = rates.find((x) => x.district === focus)!.rate;
      assert.equal(rates.length, county.manifest.county.districts.length);
      assert.deepEqual(
        r.rank && [r.rank.position, r.rank.of],
        [1 + rates.filter((x) => x.rate < own).length, rates.length],
        `${r.key} rank`,
      );
    }
  },
);
