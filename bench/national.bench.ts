/**
 * npm run bench:national — Safer at national scale, against baselines measured in the same run.
 *
 * Input: the real data.police.uk street files of Avon and Somerset, Merseyside and South Yorkshire
 * (../shared/data/police-uk/avon-merseyside-south-yorkshire, the 24 months 2019-10..2021-09)
 * replicated onto every LSOA of England and Wales: LSOA number i of the ONS lookup takes the rows
 * of donor LSOA i mod (number of donor LSOAs), with its force ("Falls within") that of its
 * district, its Crime IDs made unique per LSOA, and a hash sample of the rows so that the whole
 * holds the size asked for. Every district of England and Wales is covered, months aligned. Files
 * are written one per force and month, as data.police.uk publishes them.
 *
 * Sizes: SAFER_NATIONAL_SIZES (rows, comma-separated; default 2500000,10000000 — 20 M rows took
 * too long for one run on the shared 2-core machine; SAFER_NATIONAL_SIZES=2500000,20000000 runs
 * the full size). At each size, each as its own process:
 *   - baseline: DuckDB read_csv of the same files into a table; time and peak RSS;
 *   - safer import of the lookups, population and the street files; time and peak RSS;
 *   - one district's Assessment (Dacorum, E07000096) as a process, best of 3 (ratio across sizes ≈ 1);
 *   - `safer assess --all` for every district;
 *   - a plain DuckDB SQL pipeline: read the files, LSOA → district, counts by district × type ×
 *     month and the 12-month change per district and type.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const shared = process.env.SAFER_SHARED_DATA ?? join(root, '..', 'shared', 'data');
const donorDir = join(shared, 'police-uk', 'avon-merseyside-south-yorkshire');
const ons = (name: string) => join(shared, 'ons', name);
const FIRST = '2019-10';
const END = '2021-09';
const DISTRICT = 'E07000096';

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

function csvFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return csvFiles(p);
      return /\.csv(\.gz)?$/.test(name) ? [p] : [];
    });
}

async function duck(db: string) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(db, { threads: '2' });
  const c = await instance.connect();
  return {
    run: (sql: string) => c.run(sql),
    one: async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJS()[0] as Record<string, unknown>,
    close: () => {
      c.closeSync();
      instance.closeSync();
    },
  };
}

/** Writes the national input of about `rows` rows under `out`; returns the rows written. */
async function build(rows: number, out: string): Promise<number> {
  const d = await duck(':memory:');
  const donors = csvFiles(donorDir).filter((f) => /-street\.csv(\.gz)?$/.test(f));
  await d.run(`CREATE TABLE src AS SELECT * FROM read_csv([${donors.map(lit).join(', ')}], header = true, all_varchar = true)
               WHERE "Month" BETWEEN ${lit(FIRST)} AND ${lit(END)} AND "LSOA code" IS NOT NULL`);
  await d.run(
    `CREATE TABLE donor AS SELECT "LSOA code" AS lsoa, row_number() OVER (ORDER BY "LSOA code") - 1 AS i FROM (SELECT DISTINCT "LSOA code" FROM src)`,
  );
  await d.run(`CREATE TABLE target AS
    SELECT l.LSOA11CD AS lsoa, l.LSOA11NM AS name, row_number() OVER (ORDER BY l.LSOA11CD) - 1 AS t, p.PFA19NM AS force
    FROM read_csv(${lit(ons('lsoa11-ward19-lad19.csv.gz'))}, header = true, all_varchar = true) l
    JOIN read_csv(${lit(ons('lad19-csp19-pfa19.csv'))}, header = true, all_varchar = true) p ON p.LAD19CD = l.LAD19CD`);
  const n = await d.one('SELECT (SELECT count(*) FROM donor) AS donors, (SELECT count(*) FROM target) AS targets');
  const perDonor = await d.one(`SELECT sum(x.c)::BIGINT AS total FROM target t
    JOIN (SELECT dn.i, count(*) AS c FROM donor dn JOIN src s ON s."LSOA code" = dn.lsoa GROUP BY dn.i) x ON x.i = t.t % ${Number(n.donors)}`);
  const share = Math.min(1, rows / Number(perDonor.total));
  mkdirSync(out, { recursive: true });
  await d.run(`COPY (
    SELECT CASE WHEN s."Crime ID" IS NULL THEN NULL ELSE s."Crime ID" || t.lsoa END AS "Crime ID", s."Month" AS "Month",
           t.force AS "Reported by", t.force AS "Falls within", s."Longitude" AS "Longitude", s."Latitude" AS "Latitude",
           s."Location" AS "Location", t.lsoa AS "LSOA code", t.name AS "LSOA name", s."Crime type" AS "Crime type",
           s."Last outcome category" AS "Last outcome category", s."Context" AS "Context",
           s."Month" AS part_month, lower(regexp_replace(t.force, '[^A-Za-z]+', '-', 'g')) AS part_force
    FROM target t JOIN donor dn ON dn.i = t.t % ${Number(n.donors)} JOIN src s ON s."LSOA code" = dn.lsoa
    WHERE hash(s."Crime ID", s."Longitude", s."Latitude", s."Crime type", s."Month", t.t) % 1000000 < ${Math.round(share * 1e6)}
  ) TO ${lit(out)} (FORMAT csv, HEADER, PARTITION_BY (part_month, part_force), FILENAME_PATTERN 'street_{i}')`);
  const written = await d.one(
    `SELECT count(*) AS n FROM read_csv(${lit(join(out, '**', '*.csv'))}, header = true, all_varchar = true, hive_partitioning = false)`,
  );
  d.close();
  return Number(written.n);
}

interface Measured {
  seconds: number;
  cpu: number;
  peakMiB: number;
  note?: string;
}

/** A whole process under /usr/bin/time: wall and CPU seconds, peak RSS. */
function timed(argv: string[], options: { discardOutput?: boolean } = {}): Measured {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...argv], {
    encoding: 'utf8',
    // `assess --all` piped prints every Assessment as JSON besides writing the files
    stdio: ['ignore', options.discardOutput ? 'ignore' : 'pipe', 'pipe'],
    maxBuffer: 1 << 26,
    cwd: root,
  });
  if (r.error) throw r.error;
  const last = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return {
    seconds: last[0]!,
    cpu: last[1]! + last[2]!,
    peakMiB: last[3]! / 1024,
    note: (r.stdout ?? '').trim().split('\n').at(-1) || r.stderr.trim().split('\n').at(-2),
  };
}

const self = fileURLToPath(import.meta.url);
const node = (args: string[]) => [process.execPath, '--import', 'tsx', ...args];
const safer = (args: string[]) => [process.execPath, join(root, 'bin', 'safer.js'), ...args];

async function child(mode: string, db: string, dir: string): Promise<void> {
  const d = await duck(db);
  const files = `read_csv(${lit(join(dir, '**', '*.csv'))}, header = true, all_varchar = true, hive_partitioning = false)`;
  if (mode === 'read') {
    await d.run(`CREATE TABLE street AS SELECT * FROM ${files}`);
  } else {
    // the plain pipeline: counts by district × type × month, and each district and type's 12-month change
    await d.run(
      `CREATE TABLE lookup AS SELECT LSOA11CD AS lsoa, LAD19CD AS district FROM read_csv(${lit(ons('lsoa11-ward19-lad19.csv.gz'))}, header = true, all_varchar = true)`,
    );
    await d.run(`CREATE TABLE counts AS SELECT l.district, s."Crime type" AS type, s."Month" AS month, count(*) AS n
                 FROM ${files} s JOIN lookup l ON l.lsoa = s."LSOA code" GROUP BY ALL`);
    await d.run(`CREATE TABLE change AS SELECT district, type,
                   sum(n) FILTER (WHERE month > '2020-09') AS current, sum(n) FILTER (WHERE month <= '2020-09') AS previous,
                   100.0 * (sum(n) FILTER (WHERE month > '2020-09') - sum(n) FILTER (WHERE month <= '2020-09')) / nullif(sum(n) FILTER (WHERE month <= '2020-09'), 0) AS pct
                 FROM counts GROUP BY ALL`);
  }
  d.close();
}

function fmt(label: string, m: Measured, base?: Measured): string {
  const ratio = base
    ? `  ${(m.seconds / base.seconds).toFixed(2)}× wall, ${(m.cpu / base.cpu).toFixed(2)}× CPU of the baseline`
    : '';
  return `  ${label.padEnd(44)} ${m.seconds.toFixed(2).padStart(8)} s wall ${m.cpu.toFixed(2).padStart(8)} CPU-s ${m.peakMiB.toFixed(0).padStart(6)} MiB peak${ratio}`;
}

const best = (runs: Measured[]) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));

async function main(): Promise<void> {
  const sizes = (process.env.SAFER_NATIONAL_SIZES ?? '2500000,10000000').split(',').map(Number);
  const work = mkdtempSync(join(process.env.SAFER_BENCH_DIR ?? tmpdir(), 'safer-national-'));
  const district: Record<number, Measured> = {};
  const imported: Record<number, Measured> = {};
  try {
    for (const size of sizes) {
      const dir = join(work, `input-${size}`);
      const t0 = performance.now();
      const rows = await build(size, dir);
      const files = csvFiles(dir).length;
      console.log(
        `\n${rows.toLocaleString('en-GB')} rows in ${files} force-month files (built in ${((performance.now() - t0) / 1000).toFixed(0)} s)`,
      );
      const read = timed(node([self, '--child', 'read', join(work, `read-${size}.duckdb`), dir]));
      console.log(fmt('baseline: DuckDB read_csv → table', read));
      const db = join(work, `safer-${size}.duckdb`);
      const lookups = timed(
        safer(['import', '--db', db, ons('lsoa11-ward19-lad19.csv.gz'), ons('lad19-csp19-pfa19.csv')]),
      );
      const pop = timed(
        safer([
          'import',
          '--db',
          db,
          '--kind',
          'population',
          '--year',
          '2019',
          '--columns',
          'code,population',
          ons('lsoa11-population-mid2019-noheader.csv.gz'),
        ]),
      );
      console.log(
        fmt('safer import: lookups + population', {
          seconds: lookups.seconds + pop.seconds,
          cpu: lookups.cpu + pop.cpu,
          peakMiB: Math.max(lookups.peakMiB, pop.peakMiB),
        }),
      );
      const imp = timed(safer(['import', '--db', db, dir]));
      imported[size] = imp;
      console.log(fmt('safer import: street files', imp, read));
      const one = best(
        [0, 1, 2].map(() =>
          timed(safer(['assess', '--db', db, '--area', DISTRICT, '--end', END, '--json']), { discardOutput: true }),
        ),
      );
      district[size] = one;
      console.log(fmt(`one district's Assessment (${DISTRICT}), best of 3`, one));
      const out = join(work, `all-${size}`);
      const all = timed(safer(['assess', '--db', db, '--all', '--end', END, '--out', out]), { discardOutput: true });
      console.log(fmt(`assess --all (${all.note ?? ''})`, all));
      const plain = timed(node([self, '--child', 'plain', join(work, `plain-${size}.duckdb`), dir]));
      console.log(fmt('plain DuckDB SQL: district × type × month, 12-month change', plain));
      console.log(
        `  import + assess --all over the plain pipeline: ${((imp.cpu + all.cpu) / plain.cpu).toFixed(1)}× CPU (target ≤ 5), ${((imp.seconds + all.seconds) / plain.seconds).toFixed(1)}× wall`,
      );
      rmSync(dir, { recursive: true, force: true });
      for (const f of readdirSync(work))
        if (f.startsWith(`read-${size}`) || f.startsWith(`plain-${size}`)) rmSync(join(work, f), { force: true });
    }
    if (sizes.length > 1) {
      const [small, large] = [imported[sizes[0]!]!, imported[sizes.at(-1)!]!];
      console.log(
        `\nimport peak RSS at ${sizes.at(-1)!.toLocaleString('en-GB')} rows over ${sizes[0]!.toLocaleString('en-GB')}: ${(large.peakMiB / small.peakMiB).toFixed(2)}× (${small.peakMiB.toFixed(0)} → ${large.peakMiB.toFixed(0)} MiB; target ≈ 1, memory flat in rows)`,
      );
      const [a, b] = [district[sizes[0]!]!, district[sizes.at(-1)!]!];
      console.log(
        `\none district's Assessment at ${sizes.at(-1)!.toLocaleString('en-GB')} rows over ${sizes[0]!.toLocaleString('en-GB')}: ${(b.seconds / a.seconds).toFixed(2)}× wall, ${(b.cpu / a.cpu).toFixed(2)}× CPU (target ≈ 1)`,
      );
    }
  } finally {
    if (!process.env.SAFER_BENCH_KEEP) rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!, process.argv[5]!);
else await main();
