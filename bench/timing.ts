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
