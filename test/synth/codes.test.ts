import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { isSynthCode, synthCode } from '../../src/synth/codes.ts';
import { CRIMES } from '../../src/synth/crime-catalogue.ts';
import { OFFENCE_CODES } from '../../src/core/taxonomy/offence-codes.ts';
import { LEVEL_CODE_PATTERN, levelOfCode } from '../../src/ingest/ons/geography.ts';
import { SHARED_DATA, SKIP_NO_SHARED, sharedPath } from '../helpers/shared-data.ts';
import { generate } from './small-county.ts';

test('synthetic codes read like ONS codes of their level', () => {
  assert.equal(synthCode('lsoa', 1), 'E01990001');
  assert.equal(synthCode('ward', 166), 'E05990166');
  assert.equal(synthCode('district', 10), 'E07990010');
  assert.equal(synthCode('csp', 300), 'E22990300');
  assert.equal(synthCode('force', 2), 'E23990002');
  assert.throws(() => synthCode('lsoa', 10_000));
  for (const [level, code] of [
    ['lsoa', synthCode('lsoa', 5)],
    ['ward', synthCode('ward', 5)],
    ['district', synthCode('district', 5)],
    ['csp', synthCode('csp', 5)],
    ['county', synthCode('county', 1)],
    ['force', synthCode('force', 1)],
    ['fire', synthCode('fire', 1)],
  ] as const) {
    assert.equal(levelOfCode(code), level, code);
    assert.match(code, new RegExp(`^(${LEVEL_CODE_PATTERN[level]})$`));
    assert.ok(isSynthCode(code));
  }
  assert.equal(isSynthCode('E01000001'), false);
});

test('every offence code the generator uses is in the Home Office taxonomy', () => {
  const known = new Set(OFFENCE_CODES.map((o) => o.code));
  const missing = CRIMES.map((c) => c.code).filter((c) => !known.has(c));
  assert.deepEqual(missing, []);
  assert.equal(new Set(CRIMES.map((c) => c.code)).size, CRIMES.length, 'a code is listed twice');
});

/** Codes (and names) in the first column(s) of a real ONS file. */
function column(path: string, ...names: string[]): Set<string> {
  const raw = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  const header = lines[0]!.split(',').map((h) => h.trim().toUpperCase());
  const indexes = names.map((n) => header.indexOf(n.toUpperCase())).filter((i) => i >= 0);
  assert.ok(indexes.length > 0, `${path} has none of ${names.join(', ')}`);
  const out = new Set<string>();
  for (const line of lines.slice(1)) {
    if (!line) continue;
    // Names may be quoted and hold commas; codes never do, so a split serves for codes.
    const cells = line.split(',');
    for (const i of indexes) if (cells[i]) out.add(cells[i]!.replace(/"/g, '').trim());
  }
  return out;
}

test(
  'no synthetic code collides with a real ONS code, and no district takes a real name',
  { skip: SKIP_NO_SHARED },
  () => {
    assert.ok(SHARED_DATA);
    const real = new Set<string>([
      ...column(sharedPath('ons', 'lad-all-codes.csv'), 'LADCD', 'LADCD_ACTIVE', 'UTLACD', 'LAD20CD'),
      ...column(sharedPath('ons', 'ward-all-codes.csv.gz'), 'WDCD', 'LADCD'),
      ...column(sharedPath('ons', 'lsoa11-lsoa21-lad22.csv.gz'), 'LSOA11CD', 'LSOA21CD', 'LAD22CD'),
      ...column(sharedPath('ons', 'lsoa11-ward19-lad19.csv.gz'), 'LSOA11CD', 'WD19CD', 'LAD19CD'),
      ...column(sharedPath('ons', 'lad19-csp19-pfa19.csv'), 'LAD19CD', 'CSP19CD', 'PFA19CD'),
      ...column(sharedPath('ons', 'lad19-fra19.csv'), 'FRA19CD'),
      ...column(sharedPath('ons', 'csp19-names.csv'), 'CSP19CD'),
    ]);
    assert.ok(real.size > 40_000, `expected the real code lists, got ${real.size} codes`);
    const result = generate({ districts: 12, comparators: 300, years: 1, scale: 0.3 });
    const lookup = readFileSync(`${result.root}/data/1-reference/geography-lookup-lsoa21-wd25-lad25.csv`, 'utf8');
    const csps = readFileSync(`${result.root}/data/2-national/csp-lookup-csp25-pfa25.csv`, 'utf8');
    const ours = new Set([...lookup.matchAll(/E\d{8}/g), ...csps.matchAll(/E\d{8}/g)].map((m) => m[0]));
    assert.ok(ours.size > 300);
    const clashes = [...ours].filter((c) => real.has(c));
    assert.deepEqual(clashes, []);
    for (const code of ours) assert.ok(isSynthCode(code), code);

    const realNames = new Set(
      [
        ...column(sharedPath('ons', 'lad-all-codes.csv'), 'LADNM', 'LADNM_ACTIVE'),
        ...column(sharedPath('ons', 'lad19-csp19-pfa19.csv'), 'CSP19NM', 'PFA19NM'),
      ].map((n) => n.toLowerCase()),
    );
    const names = [
      ...result.manifest.county.districts.map((d) => d.name),
      ...csps
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[1] ?? ''),
    ].filter(Boolean);
    const taken = names.filter((n) => realNames.has(n.toLowerCase()));
    assert.deepEqual(taken, []);
  },
);
