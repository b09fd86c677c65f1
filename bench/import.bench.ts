/**
 * npm run bench:import — imports every data.police.uk street file under ../shared/data/police-uk
 * and, in the same run, times DuckDB's own read_csv of the same files into a plain table.
 * Each side runs in its own child process (fresh store file) so that peak memory is its own.
 * Target: import ≤ 1.5 × baseline.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const dataDir = process.env.SAFER_SHARED_DATA
  ? join(process.env.SAFER_SHARED_DATA, 'police-uk')
  : join(root, '..', 'shared', 'data', 'police-uk');

function streetFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return streetFiles(p);
      return /-street\.csv(\.gz)?$/.test(name) ? [p] : [];
    });
}

interface Measure {
  seconds: number;
  rows: number;
  peakMiB: number;
}

async function child(mode: string, db: string, files: string[]): Promise<void> {
  const { Store } = await import('../src/store/db.ts');
  const started = performance.now();
  let rows: number;
  if (mode === 'baseline') {
    const { DuckDBInstance } = await import('@duckdb/node-api');
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
    const { importPaths } = await import('../src/ingest/import.ts');
    const store = await Store.open(db);
    const results = await importPaths(store, files);
    rows = results.reduce((s, r) => s + r.rowsRead, 0);
    store.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ seconds, rows, peakMiB } satisfies Measure));
}

function measure(mode: string, files: string[]): Measure {
  const dir = mkdtempSync(join(tmpdir(), 'safer-bench-'));
  try {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', mode, join(dir, 'bench.duckdb')],
      {
        encoding: 'utf8',
        env: { ...process.env, SAFER_BENCH_FILES: files.join('\n') },
        maxBuffer: 1 << 24,
      },
    );
    if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as Measure;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]!, process.argv[4]!, process.env.SAFER_BENCH_FILES!.split('\n'));
} else {
  const files = streetFiles(dataDir);
  if (files.length === 0) {
    console.log(`no street files under ${dataDir}: nothing to measure`);
    process.exit(0);
  }
  const bytes = files.reduce((s, f) => s + statSync(f).size, 0);
  console.log(`${files.length} street files, ${(bytes / 2 ** 20).toFixed(1)} MiB compressed`);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
  const base: Measure[] = [];
  const imp: Measure[] = [];
  for (let i = 0; i < rounds; i++) {
    base.push(measure('baseline', files));
    imp.push(measure('import', files));
  }
  const best = (ms: Measure[]) => ms.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const b = best(base);
  const m = best(imp);
  const ratio = m.seconds / b.seconds;
  const row = (name: string, x: Measure) =>
    `${name.padEnd(38)} ${x.seconds.toFixed(2).padStart(7)} s ${x.rows.toLocaleString('en-GB').padStart(11)} rows ${Math.round(
      x.rows / x.seconds,
    )
      .toLocaleString('en-GB')
      .padStart(10)} rows/s ${x.peakMiB.toFixed(0).padStart(6)} MiB peak`;
  console.log(row('baseline: DuckDB read_csv → table', b));
  console.log(row('safer import (validate, dedupe, store)', m));
  console.log(
    `ratio import / baseline: ${ratio.toFixed(2)} (target ≤ 1.50) — best of ${rounds} rounds each — ${ratio <= 1.5 ? 'PASS' : 'FAIL'}`,
  );
  process.exitCode = ratio <= 1.5 ? 0 : 1;
}
