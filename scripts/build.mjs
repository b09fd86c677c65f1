// npm run build (also run by `npm install` through `prepare`, and by `npm test`): compiles src/
// into dist/ with tsc (tsconfig.build.json: emit only, `.ts` imports rewritten to `.js`; type
// checking is `npm run typecheck`), copies the files the code reads at run time (every non-.ts
// file under src/, e.g. src/serve/assets/*) beside the compiled modules, then writes dist/.built,
// whose time is the build's start: bin/safer.js runs dist/ only while no source is newer.
import { cpSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');
const started = new Date();

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (r.status !== 0) {
  rmSync(dist, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}

let assets = 0;
(function copy(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) copy(path);
    else if (!entry.name.endsWith('.ts')) {
      const to = join(dist, relative(src, path));
      mkdirSync(dirname(to), { recursive: true });
      cpSync(path, to);
      assets++;
    }
  }
})(src);

const stamp = join(dist, '.built');
writeFileSync(stamp, `${started.toISOString()}\n`);
utimesSync(stamp, started, started);
console.log(
  `built dist/ from src/ (${assets} asset file${assets === 1 ? '' : 's'} copied) in ${((Date.now() - started.getTime()) / 1000).toFixed(1)} s`,
);
