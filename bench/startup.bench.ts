/**
 * npm run bench:startup — how long `safer` takes to start, timed as whole processes:
 *  1. `node -e 0`, the baseline: Node itself starting and stopping, measured in the same run;
 *  2. `safer --help` and `safer report --help` (the compiled CLI in dist/: commander and the
 *     command definitions, nothing else);
 *  3. `safer status --json` on a small store this bench makes (`safer synth` at a small scale, two
 *     districts and two years, imported): DuckDB loaded, opened and queried; beside it, Node
 *     loading DuckDB's native module and nothing else, the floor of any command that opens a store;
 *  4. the same two command lines through tsx on the sources, as bin/safer.js ran them before the
 *     build step (every call transpiled TypeScript).
 * Each command runs once to warm up, then N rounds (default 7; BENCH_RUNS) of every command in
 * turn, so they share whatever else the machine is doing; figures are medians. Wall time is
 * measured here; CPU time (user + system, the process and its children) comes from /usr/bin/time
 * when it is installed, else from this process's children's times in /proc/self/stat (Linux).
 * Targets: --help under 0.5 s; status under 0.5 s more than DuckDB's floor.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const runs = Math.max(5, Number(process.env.BENCH_RUNS ?? 7));
const bin = join(root, 'bin', 'safer.js');
const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);
const TARGET = 0.5;

interface Sample {
  wall: number;
  cpu: number | null;
}

/** CPU seconds of the children this process has waited for (Linux; clock ticks of 10 ms). */
function childCpu(): number | null {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    // after "pid (comm) ": state is field 3, cutime and cstime are fields 16 and 17
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

function once(args: string[], tmp: string): Sample {
  const timeFile = join(tmp, 'time.txt');
  const command = hasTime
    ? [TIME, '-f', '%U %S', '-o', timeFile, process.execPath, ...args]
    : [process.execPath, ...args];
  const before = hasTime ? null : childCpu();
  const started = performance.now();
  const r = spawnSync(command[0]!, command.slice(1), {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  const wall = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  if (hasTime) {
    const [user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    return { wall, cpu: user! + sys! };
  }
  const after = childCpu();
  return { wall, cpu: before === null || after === null ? null : after - before };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

function run(label: string, args: string[]): void {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status})`);
}

const tmp = mkdtempSync(join(tmpdir(), 'safer-bench-startup-'));
try {
  process.stdout.write('Building dist/ (npm run build), so the compiled CLI is current …\n');
  run('the build', [join(root, 'scripts', 'build.mjs')]);
  process.stdout.write('Making a small store: safer synth (2 districts, 2 years, scale 0.05) and safer import …\n');
  const db = join(tmp, 'small.duckdb');
  run('safer synth', [
    bin,
    'synth',
    '--out',
    join(tmp, 'county'),
    '--districts',
    '2',
    '--years',
    '2',
    '--scale',
    '0.05',
    '--json',
  ]);
  run('safer import', [bin, '--db', db, 'import', join(tmp, 'county', 'data'), '--json']);

  const viaTsx = (...args: string[]) => [
    '--import',
    'tsx',
    '--input-type=module',
    '-e',
    "const { main } = await import('./src/cli/main.ts'); process.exitCode = await main(process.argv.slice(1));",
    '--',
    ...args,
  ];
  const commands: { label: string; args: string[]; target?: boolean; overFloor?: boolean }[] = [
    { label: 'node -e 0 (baseline)', args: ['-e', '0'] },
    { label: 'safer --help', args: [bin, '--help'], target: true },
    { label: 'safer report --help', args: [bin, 'report', '--help'], target: true },
    {
      label: 'node, loading DuckDB only (its floor)',
      args: ['--input-type=module', '-e', "await import('@duckdb/node-api')"],
    },
    { label: 'safer status --json (small store)', args: [bin, '--db', db, 'status', '--json'], overFloor: true },
    { label: 'tsx on the sources: safer --help', args: viaTsx('--help') },
    { label: 'tsx on the sources: safer status --json', args: viaTsx('--db', db, 'status', '--json') },
  ];

  const samples = commands.map(() => [] as Sample[]);
  for (const c of commands) once(c.args, tmp); // warm-up: file cache, tsx's transpile cache
  for (let round = 0; round < runs; round++) commands.forEach((c, i) => samples[i]!.push(once(c.args, tmp)));

  const figures = samples.map((s) => ({
    wall: median(s.map((x) => x.wall)),
    cpu: s.some((x) => x.cpu === null) ? null : median(s.map((x) => x.cpu!)),
  }));
  const base = figures[0]!;
  const fmt = (n: number | null, digits = 3) => (n === null ? '–' : n.toFixed(digits));
  const ratio = (n: number | null, b: number | null) =>
    n === null || b === null || b === 0 ? '–' : `${(n / b).toFixed(1)}×`;
  process.stdout.write(
    `\nwhole processes, median of ${runs} runs each after a warm-up; CPU = user + system (${hasTime ? TIME : '/proc/self/stat, 10 ms ticks'})\n\n`,
  );
  process.stdout.write(
    `${'command'.padEnd(44)} ${'wall s'.padStart(7)} ${'CPU s'.padStart(7)} ${'wall ×'.padStart(7)} ${'CPU ×'.padStart(7)}   (× = against the baseline of this run)\n`,
  );
  commands.forEach((c, i) => {
    const f = figures[i]!;
    const floor = figures[commands.findIndex((x) => x.args.includes("await import('@duckdb/node-api')"))]!;
    const verdict = c.target
      ? `   target < ${TARGET} s: ${f.wall < TARGET ? 'ok' : 'OVER TARGET'}`
      : c.overFloor
        ? `   target < ${TARGET} s over DuckDB's floor: ${(f.wall - floor.wall).toFixed(3)} s ${f.wall - floor.wall < TARGET ? 'ok' : 'OVER TARGET'}`
        : '';
    process.stdout.write(
      `${c.label.padEnd(44)} ${fmt(f.wall).padStart(7)} ${fmt(f.cpu).padStart(7)} ${ratio(f.wall, base.wall).padStart(7)} ${ratio(f.cpu, base.cpu).padStart(7)}${verdict}\n`,
    );
  });
  const [help, , , status, tsxHelp, tsxStatus] = figures.slice(1);
  process.stdout.write(
    `\ncompiled against tsx on the sources: --help ${ratio(tsxHelp!.wall, help!.wall)} faster (wall), ${ratio(tsxHelp!.cpu, help!.cpu)} less CPU; status ${ratio(tsxStatus!.wall, status!.wall)} faster (wall), ${ratio(tsxStatus!.cpu, status!.cpu)} less CPU\n`,
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
