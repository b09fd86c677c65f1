import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate, hashTree, tempDir, SMALL } from './small-county.ts';
import { synthesize } from '../../src/synth/index.ts';
import { SaferError } from '../../src/core/errors.ts';

test('the same seed writes the same bytes, whatever the time zone', () => {
  const a = generate({ seed: 7 });
  const tz = process.env.TZ;
  process.env.TZ = 'Pacific/Auckland';
  try {
    const b = generate({ seed: 7 });
    const ha = hashTree(a.root);
    const hb = hashTree(b.root);
    assert.ok(ha.size > 20, `expected many files, got ${ha.size}`);
    assert.deepEqual([...hb.keys()], [...ha.keys()]);
    for (const [path, hash] of ha) assert.equal(hb.get(path), hash, `${path} differs between runs`);
  } finally {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  }
});

test('a different seed gives a different county', () => {
  const a = generate({ seed: 1 });
  const b = generate({ seed: 2 });
  const ha = hashTree(a.root);
  const hb = hashTree(b.root);
  // Mappings only name the county's partners, and two seeds may draw the same county name.
  const same = [...ha].filter(([path, hash]) => !path.endsWith('.yaml') && hb.get(path) === hash).map(([path]) => path);
  assert.deepEqual(same, [], `files identical across seeds: ${same.join(', ')}`);
});

test('the manifest lists every file with its kind, size and hash, reference data first', () => {
  const result = generate({ seed: 3 });
  const { manifest } = result;
  const hashes = hashTree(result.root);
  for (const file of manifest.files) {
    assert.equal(hashes.get(file.path), file.sha256, file.path);
  }
  const kinds = manifest.import_order.map((p) => manifest.files.find((f) => f.path === p)!.kind);
  const rank = [
    'ons-lookup',
    'boundaries',
    'population',
    'peer-groups',
    'records',
    'police-uk-stop-search',
    'indicators',
    'comparator',
  ];
  const ranks = kinds.map((k) => rank.indexOf(k as string));
  assert.ok(
    ranks.every((r) => r >= 0),
    `unexpected kinds: ${kinds.join(', ')}`,
  );
  assert.deepEqual(
    ranks,
    [...ranks].sort((a, b) => a - b),
  );
  assert.ok(!manifest.import_order.some((p) => p.endsWith('.yaml') || p.endsWith('ground-truth.json')));
  assert.equal(manifest.window.last, SMALL.end);
  assert.equal(manifest.window.first, '2022-10');
});

test('a non-empty folder that is not an earlier county is refused; an earlier county is replaced', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  assert.throws(
    () => synthesize({ ...SMALL, out: dir }),
    (e: unknown) => e instanceof SaferError && /not empty/.test(e.message),
  );
  const out = join(tempDir(), 'county');
  synthesize({ ...SMALL, out, years: 2 });
  mkdirSync(join(out, 'data', 'stale'), { recursive: true });
  writeFileSync(join(out, 'data', 'stale', 'old.csv'), 'x');
  synthesize({ ...SMALL, out, years: 1 });
  assert.equal(existsSync(join(out, 'data', 'stale')), false);
});

test('bad options are refused with the option named', () => {
  const out = join(tempDir(), 'county');
  for (const [name, value] of [
    ['years', 0],
    ['districts', 13],
    ['end', '2025-13'],
    ['scale', 0],
    ['seed', -1],
  ] as const) {
    assert.throws(
      () => synthesize({ ...SMALL, out, [name]: value }),
      (e: unknown) => e instanceof SaferError && e.message === `Invalid --${name}`,
      name,
    );
  }
});
