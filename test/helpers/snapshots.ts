import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reviewable snapshots, as Observable Plot's tests keep them: one file per section or chart,
 * pretty-printed one element per line so that a diff shows what moved. On a mismatch the actual
 * output is written beside the snapshot as `<name>-changed.<ext>` (gitignored) to compare or
 * copy; `UPDATE_GOLDEN=1` accepts every new output (and removes snapshots no longer produced).
 */

export const UPDATING = process.env.UPDATE_GOLDEN === '1';

/** One element per line: a line break between adjacent tags (text keeps its inline markup on its line). */
export function prettyMarkup(markup: string): string {
  return `${markup.replace(/\r\n?/g, '\n').replace(/></g, '>\n<').trim()}\n`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `name → content` against the files in `dir`; returns the names that differ (or are new / gone). */
export function checkSnapshots(dir: string, files: ReadonlyMap<string, string>): string[] {
  mkdirSync(dir, { recursive: true });
  const changed: string[] = [];
  for (const [name, content] of files) {
    const path = join(dir, name);
    const changedPath = join(dir, changedName(name));
    if (UPDATING) {
      writeFileSync(path, content);
      rmSync(changedPath, { force: true });
      continue;
    }
    if (existsSync(path) && readFileSync(path, 'utf8') === content) {
      rmSync(changedPath, { force: true });
      continue;
    }
    writeFileSync(changedPath, content);
    changed.push(name);
  }
  for (const name of readdirSync(dir)) {
    if (files.has(name) || /-changed\.[a-z0-9]+$/.test(name)) continue;
    if (UPDATING) rmSync(join(dir, name));
    else changed.push(`${name} (no longer produced)`);
  }
  return changed;
}

export function changedName(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? `${name}-changed` : `${name.slice(0, dot)}-changed${name.slice(dot)}`;
}
