// Whether dist/ holds a build of the current sources: scripts/build.mjs stamps dist/.built with
// the time the build started; any file under src/ (or a tsconfig) modified since makes it stale.
// Used by bin/safer.js (stale: run the sources through tsx) and by the tests of the build.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The latest modification time under `path`, directories included (0 when it does not exist). */
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

/** 'current', 'stale' (a source is newer than the build) or 'missing' (no finished build). */
export function buildState(root) {
  const built = newest(join(root, 'dist', '.built'));
  if (built === 0) return 'missing';
  const sources = Math.max(
    newest(join(root, 'src')),
    newest(join(root, 'tsconfig.json')),
    newest(join(root, 'tsconfig.build.json')),
  );
  return built >= sources ? 'current' : 'stale';
}
