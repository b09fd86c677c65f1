import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { SaferError } from '../core/errors.ts';
import { listBackups } from '../store/backup.ts';

export const SCHEDULED_PREFIX = 'safer-backup-';

/** "90m", "6h", "1d", "1w" (or plain minutes) as milliseconds; at least 1 minute. */
export function parseEvery(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(m|min|h|d|w)?$/i.exec(text.trim());
  const unit = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
  const ms = m ? Number(m[1]) * unit[(m[2] ?? 'm').toLowerCase() as keyof typeof unit] : NaN;
  if (!Number.isFinite(ms) || ms < 60_000)
    throw new SaferError('--backup-every takes a period of at least a minute: 30m, 6h, 1d or 1w', { value: text });
  return ms;
}

/** A folder name that sorts by time: safer-backup-20250131T020000Z. */
export function scheduledName(at = new Date()): string {
  return `${SCHEDULED_PREFIX}${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
}

/**
 * Takes a backup every `everyMs` into `dir` (one folder each) and keeps the newest `keep`
 * complete ones; a failure is reported and the next run tries again. Returns a stop function.
 */
export function scheduleBackups(options: {
  dir: string;
  everyMs: number;
  keep: number;
  take: (out: string) => Promise<unknown>;
  report: (message: string) => void;
}): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const out = join(options.dir, scheduledName());
      await options.take(out);
      const all = listBackups(options.dir, SCHEDULED_PREFIX);
      for (const old of all.slice(0, Math.max(0, all.length - options.keep)))
        rmSync(old, { recursive: true, force: true });
      options.report(`backup written: ${out}`);
    } catch (error) {
      options.report(
        `backup failed: ${error instanceof Error ? error.message : String(error)} (the next one is tried on schedule)`,
      );
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), options.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
