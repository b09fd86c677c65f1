// What `safer` loads before it does anything: the modules each command line resolves, traced by
// test/helpers/load-trace.mjs. Parsing arguments and --help load only the light modules; a command
// loads its own module and dependencies, never another's. Times are for bench/startup.bench.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { streetRow, tempDir, writeStreetFile } from '../helpers/police-uk-fixture.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TRACE = fileURLToPath(new URL('../helpers/load-trace.mjs', import.meta.url));

/** Runs bin/safer.js (dist/ when built and current, else the sources through tsx) and lists what it loaded. */
function loads(args: string[]): { status: number | null; stderr: string; packages: Set<string>; modules: Set<string> } {
  const file = join(tempDir(), 'trace.txt');
  const r = spawnSync(process.execPath, ['--import', TRACE, join(ROOT, 'bin', 'safer.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', SAFER_LOAD_TRACE: file },
  });
  const urls = readFileSync(file, 'utf8')
    .split('\n')
    .filter((u) => u.startsWith('file:'));
  const packages = new Set<string>();
  const modules = new Set<string>();
  for (const url of urls) {
    const path = fileURLToPath(url);
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    if (pkg) packages.add(pkg[1]!);
    else if (path.startsWith(join(ROOT, 'src')) || path.startsWith(join(ROOT, 'dist')))
      modules.add(
        path
          .slice(ROOT.length)
          .replace(/^(src|dist)\//, '')
          .replace(/\.(ts|js)$/, ''),
      );
  }
  return { status: r.status, stderr: r.stderr, packages, modules };
}

/** The runtime transpiler is not part of what a command loads (it runs the sources only when dist/ is stale). */
const RUNNER = new Set(['tsx', 'esbuild', 'get-tsconfig', 'resolve-pkg-maps']);
const without = (set: Set<string>, drop: Set<string>) => [...set].filter((x) => !drop.has(x)).sort();

const LIGHT_MODULES = ['cli/main', 'cli/program', 'core/errors', 'ingest/types', 'report/formats', 'synth/options'];
const HEAVY = [
  '@duckdb/node-api',
  'fastify',
  'docx',
  'playwright-core',
  'exceljs',
  '@resvg/resvg-js',
  'd3-array',
  'd3-geo',
  'd3-scale',
  'd3-shape',
  'yaml',
  'zod',
];

test('safer --help and safer <command> --help load only commander, picocolors and the light modules', () => {
  for (const args of [['--help'], ['report', '--help'], ['serve', '--help'], ['synth', '--help']]) {
    const r = loads(args);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.deepEqual(without(r.packages, RUNNER), ['commander', 'picocolors'], args.join(' '));
    assert.deepEqual([...r.modules].sort(), LIGHT_MODULES, args.join(' '));
  }
});

test('a bad flag is refused before any command module loads', () => {
  const r = loads(['report', '--area', 'X', '--out', 'x', '--nonsense']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /unknown option '--nonsense'/);
  assert.deepEqual([...r.modules].sort(), LIGHT_MODULES);
});

test('safer status opens DuckDB but loads no server, report, chart or synth code', () => {
  const dir = tempDir();
  const db = join(dir, 'store.duckdb');
  const file = writeStreetFile(dir, '2021-01-hertfordshire-street.csv', [streetRow({ id: 'c1' })]);
  const imported = spawnSync(process.execPath, [join(ROOT, 'bin', 'safer.js'), '--db', db, 'import', file, '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(imported.status, 0, imported.stderr);
  const r = loads(['--db', db, 'status', '--json']);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.packages.has('@duckdb/node-api'));
  for (const heavy of HEAVY.filter((p) => p !== '@duckdb/node-api'))
    assert.ok(!r.packages.has(heavy), `status loaded ${heavy}`);
  for (const m of r.modules)
    assert.match(m, /^(cli|core|store|ingest\/types|report\/formats|synth\/options)(\/|$)/, `status loaded ${m}`);
});
