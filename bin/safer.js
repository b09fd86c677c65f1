#!/usr/bin/env node
// Entry point. Runs the compiled JavaScript in dist/ (scripts/build.mjs: `npm install` and
// `npm test` build it). When the build is missing, or any source is newer than it (a checkout
// edited or pulled since), it runs the TypeScript in src/ through tsx instead, so stale JavaScript
// never runs: `npm run build` makes the quick start current again.
import { fileURLToPath } from 'node:url';
import { buildState } from './build-state.js';

const state = buildState(fileURLToPath(new URL('..', import.meta.url)));
let main;
if (state === 'current') {
  ({ main } = await import('../dist/cli/main.js'));
} else {
  if (process.stderr.isTTY)
    process.stderr.write(
      `safer: ${state === 'stale' ? 'src/ is newer than dist/' : 'no build in dist/'}, so running the TypeScript through tsx (npm run build for a quick start)\n`,
    );
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
