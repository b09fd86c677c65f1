/**
 * npm run bench:import — Safer's import of real data.police.uk street files against DuckDB's own
 * read_csv of the same files into a plain table, measured in the same run.
 *
 * Sets (from ../shared/data/police-uk/south-east-2022: eight forces, 2022-01..2022-11):
 *   - one force (Bedfordshire) and all eight forces, gzip as published: the import's peak RSS at
 *     both sizes and their ratio (memory flat in rows: ≈ 1), and time against read_csv;
 *   - all eight forces decompressed to plain CSV: time against read_csv.
 * Each measurement is its own child process with a fresh store file, so time and peak memory are
 * its own; CPU-seconds (user + system, from opening the store to closing it: module loading is
 * start-up, measured by bench:startup) are what the ratios use (wall time on a shared machine
 * moves with the other load). Medians of BENCH_ROUNDS rounds (default 3). Target: import ≤ 1.2×.
 * SAFER_SHARED_DATA points at another copy of the shared data.
 */
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const dataDir = join(
  process.env.SAFER_SHARED_DATA ?? join(root, '..', 'shared', 'data'),
  'police-uk',
  'south-east-2022',
);
const TARGET = 1.2;

interface Measure {
  seconds: number;
  cpu: number;
  rows: number;
  peakMiB: number;
}

async function child(mode: string, db: string, files: string[]): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const { Store } = await import('../src/store/db.ts');
  const { importPaths } = await import('../src/ingest/import.ts');
  // the work only: module loading is start-up, the same for every command (bench:startup)
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  let rows: number;
  if (mode === 'baseline') {
    const instance = await DuckDBInstance.create(db, { threads: '2' });
    const c = await instance.connect();
    const list = files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ');
    await c.run(
      `CREATE TABLE street AS SELECT * FROM read_csv([${list}], header = true, all_varchar = true, union_by_name = true, filename = true)`,
    );
    const r = await c.runAndReadAll('SELECT count(*) AS n FROM street');
    rows = Number(r.getRowObjectsJS()[0]!.n);
    c.closeSync();
    instance.closeSync();
  } else {
    const store = await Store.open(db);
    const results = await importPaths(store, files);
    rows = results.reduce((s, r) => s + r.rowsRead, 0);
    store.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu0);
  const cpu = (used.user + used.system) / 1e6;
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ seconds, cpu, rows, peakMiB } satisfies Measure));
}

function measure(mode: string, files: string[]): Measure {
  const dir = mkdtempSync(join(tmpdir(), 'safer-bench-'));
  try {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', mode, join(dir, 'bench.duckdb')],
      { encoding: 'utf8', env: { ...process.env, SAFER_BENCH_FILES: files.join('\n') }, maxBuffer: 1 << 24 },
    );
    if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as Measure;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const medianOf = (ms: Measure[]): Measure => ({
  seconds: median(ms.map((m) => m.seconds)),
  cpu: median(ms.map((m) => m.cpu)),
  rows: ms[0]!.rows,
  peakMiB: median(ms.map((m) => m.peakMiB)),
});

function row(name: string, x: Measure): string {
  return `  ${name.padEnd(40)} ${x.seconds.toFixed(2).padStart(7)} s wall ${x.cpu.toFixed(2).padStart(7)} CPU-s ${x.rows
    .toLocaleString('en-GB')
    .padStart(10)} rows ${x.peakMiB.toFixed(0).padStart(6)} MiB peak`;
}

/** Baseline and import, alternated round by round; prints the medians and returns them. */
function compare(label: string, files: string[], rounds: number): { base: Measure; imp: Measure; ok: boolean } {
  const base: Measure[] = [];
  const imp: Measure[] = [];
  for (let i = 0; i < rounds; i++) {
    base.push(measure('baseline', files));
    imp.push(measure('import', files));
  }
  const b = medianOf(base);
  const m = medianOf(imp);
  const ratio = m.cpu / b.cpu;
  console.log(`${label}: ${files.length} files, medians of ${rounds} rounds`);
  console.log(row('baseline: DuckDB read_csv → table', b));
  console.log(row('safer import (validate, dedupe, store)', m));
  console.log(
    `  import / read_csv: ${ratio.toFixed(2)}× CPU, ${(m.seconds / b.seconds).toFixed(2)}× wall (target ≤ ${TARGET}× CPU) ${ratio <= TARGET ? 'PASS' : 'FAIL'}`,
  );
  return { base: b, imp: m, ok: ratio <= TARGET };
}

async function gunzipAll(files: string[], dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  for (const f of files) {
    const target = join(dir, basename(f).replace(/\.gz$/, ''));
    await pipeline(createReadStream(f), createGunzip(), createWriteStream(target));
    out.push(target);
  }
  return out;
}

async function main(): Promise<void> {
  const all = (existsSync(dataDir) ? readdirSync(dataDir) : [])
    .filter((n) => /-street\.csv\.gz$/.test(n))
    .sort()
    .map((n) => join(dataDir, n));
  if (all.length === 0) {
    console.log(`no street files under ${dataDir}: nothing to measure`);
    return;
  }
  const one = all.filter((f) => basename(f).includes('-bedfordshire-'));
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const mib = (fs: string[]) => (fs.reduce((s, f) => s + statSync(f).size, 0) / 2 ** 20).toFixed(1);
  console.log(`street files of ${dataDir}: one force ${mib(one)} MiB gzip, eight forces ${mib(all)} MiB gzip\n`);
  const small = compare('one force (Bedfordshire), gzip', one, rounds);
  const large = compare('eight forces, gzip', all, rounds);
  const plainDir = mkdtempSync(join(tmpdir(), 'safer-bench-plain-'));
  let plain: ReturnType<typeof compare>;
  try {
    plain = compare('eight forces, plain CSV', await gunzipAll(all, plainDir), rounds);
  } finally {
    rmSync(plainDir, { recursive: true, force: true });
  }
  const growth = large.imp.rows / small.imp.rows;
  const rss = large.imp.peakMiB / small.imp.peakMiB;
  console.log(
    `\nimport peak RSS, eight forces over one: ${rss.toFixed(2)}× for ${growth.toFixed(1)}× the rows (read_csv: ${(large.base.peakMiB / small.base.peakMiB).toFixed(2)}×)`,
  );
  process.exitCode = small.ok && large.ok && plain.ok ? 0 : 1;
}

if (process.argv[2] === '--child')
  await child(process.argv[3]!, process.argv[4]!, process.env.SAFER_BENCH_FILES!.split('\n'));
else await main();
