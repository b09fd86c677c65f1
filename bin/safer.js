#!/usr/bin/env node
// Entry point. Runs the compiled JavaScript in dist/ (scripts/build.mjs: `npm install` and
// `npm test` build it). When the build is missing, or any source is newer than it (a checkout
// edited or pulled since), it runs the TypeScript in src/ through tsx instead, so stale JavaScript
// never runs: `npm run build` makes the fast path current again.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The latest modification time under `path` (0 when it does not exist). */
function newest(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const name of readdirSync(path)) latest = Math.max(latest, newest(join(path, name)));
  return latest;
}

const built = newest(join(root, 'dist', '.built'));
const sources = Math.max(newest(join(root, 'src')), newest(join(root, 'tsconfig.json')), newest(join(root, 'tsconfig.build.json')));
let main;
if (built > 0 && built >= sources) {
  ({ main } = await import('../dist/cli/main.js'));
} else {
  if (process.stderr.isTTY) process.stderr.write(`safer: ${built > 0 ? 'src/ is newer than dist/' : 'no build in dist/'}, so running the TypeScript through tsx (npm run build for a quick start)\n`);
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
