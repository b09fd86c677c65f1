// The build (npm run build, which npm install and npm test run): dist/ mirrors src/ — a module for
// every source, `.ts` imports rewritten, and every file the code reads at run time copied beside
// the modules that read it. Checked on the build in dist/ when it is current, as it is in npm test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildState } from '../../bin/build-state.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const state = buildState(ROOT);
const skip =
  state === 'current'
    ? false
    : `dist/ is ${state === 'missing' ? 'not built' : 'older than src/'}: npm run build (npm test builds first)`;

/** Every file under `base`, as paths relative to it. */
function files(base: string, dir = ''): string[] {
  return readdirSync(join(base, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(base, join(dir, e.name)) : [join(dir, e.name)],
  );
}

test(
  'dist/ has a module for every source, no .ts import left, and a copy of every other file under src/',
  { skip },
  () => {
    const src = files(join(ROOT, 'src'));
    const dist = new Set(files(join(ROOT, 'dist')));
    for (const file of src) {
      if (file.endsWith('.ts')) {
        const js = file.replace(/\.ts$/, '.js');
        assert.ok(dist.has(js), `dist/${js} missing`);
        const text = readFileSync(join(ROOT, 'dist', js), 'utf8');
        assert.doesNotMatch(text, /(from\s*|import\s*\(\s*)["'][^"']+\.ts["']/, `dist/${js} still imports a .ts file`);
      } else {
        assert.ok(dist.has(file), `dist/${file} missing: the build copies every non-.ts file under src/`);
        assert.deepEqual(
          readFileSync(join(ROOT, 'dist', file)),
          readFileSync(join(ROOT, 'src', file)),
          `dist/${file} differs from src/${file}`,
        );
      }
    }
  },
);

test('the compiled dashboard finds its assets and the version from dist/', { skip }, () => {
  const r = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "await import('./dist/serve/server.js'); const { VERSION } = await import('./dist/version.js'); console.log(VERSION);",
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(
    r.stdout.trim(),
    (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
  );
});
