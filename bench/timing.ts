import { spawnSync } from 'node:child_process';

/** The best (lowest) wall time of `runs` runs, in seconds. */
export async function best(runs: number, work: () => Promise<unknown>): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work();
    min = Math.min(min, performance.now() - t);
  }
  return min / 1000;
}

/** One result line: time, the baseline of the same run, their ratio and the target. */
export function resultLine(label: string, seconds: number, base: number, target: number): string {
  const ok = seconds < target ? 'ok' : 'OVER TARGET';
  return `${label.padEnd(52)} ${seconds.toFixed(2).padStart(6)} s   baseline ${base.toFixed(3)} s   ratio ${(seconds / base).toFixed(1).padStart(5)}×   target < ${target} s: ${ok}\n`;
}

/** One whole process under /usr/bin/time (output discarded): wall and CPU seconds (user + system). */
export function timedProcess(argv: readonly string[], cwd: string): { seconds: number; cpu: number } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S', ...argv], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    cwd,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const [seconds, user, system] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: seconds!, cpu: user! + system! };
}

/** The median of each figure over `runs` runs of `work`. */
export function medianOf(runs: number, work: () => { seconds: number; cpu: number }): { seconds: number; cpu: number } {
  const all = Array.from({ length: runs }, work);
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { seconds: median(all.map((m) => m.seconds)), cpu: median(all.map((m) => m.cpu)) };
}
