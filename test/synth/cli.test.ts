import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './small-county.ts';

const bin = fileURLToPath(new URL('../../bin/safer.js', import.meta.url));
const run = (args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' } });

test('`safer synth --json` writes the county and prints its manifest', () => {
  const out = join(tempDir(), 'county');
  const r = run([
    'synth',
    '--seed',
    '9',
    '--out',
    out,
    '--districts',
    '2',
    '--years',
    '1',
    '--scale',
    '0.1',
    '--end',
    '2024-03',
    '--json',
  ]);
  assert.equal(r.status, 0, r.stderr);
  const manifest = JSON.parse(r.stdout) as {
    seed: number;
    window: { first: string; last: string };
    import_order: string[];
    county: { districts: unknown[] };
  };
  assert.equal(manifest.seed, 9);
  assert.deepEqual(manifest.window, { first: '2023-04', last: '2024-03' });
  assert.equal(manifest.county.districts.length, 2);
  assert.ok(existsSync(join(out, 'manifest.json')) && existsSync(join(out, 'ground-truth.json')));
  for (const path of manifest.import_order) assert.ok(existsSync(join(out, path)), path);
});

test('a bad option is an error naming it, with exit code 2', () => {
  const r = run(['synth', '--out', join(tempDir(), 'x'), '--years', '0']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Invalid --years/);
  const s = run(['synth', '--out', join(tempDir(), 'x'), '--seed', 'abc']);
  assert.equal(s.status, 2);
  assert.match(s.stderr, /--seed must be a whole number/);
});
