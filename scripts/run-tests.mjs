// Runs every test/**/*.test.ts with Node's own test runner (through tsx), then says plainly what
// was skipped and why, so a run without ../shared/data (or without Chromium) is never mistaken
// for the full one.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return find(p);
    return p.endsWith('.test.ts') ? [p] : [];
  });
}
const only = process.argv.slice(2);
const files = only.length > 0 ? only : find('test').sort();
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
  { stdio: ['inherit', 'pipe', 'inherit'], env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' } },
);

// The spec reporter ends a skipped test's line with "# <reason>"; count them by reason.
const skips = new Map();
let pending = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const lines = (pending + chunk.toString('utf8')).split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    const m = /^\s*﹣ .* \([\d.]+m?s\) # (.+)$/.exec(line);
    if (m) skips.set(m[1], (skips.get(m[1]) ?? 0) + 1);
  }
});
child.on('close', (code) => {
  if (skips.size > 0) {
    console.log('\nSkipped, so this is not the full run:');
    for (const [reason, n] of skips) console.log(`  ${n} test${n === 1 ? '' : 's'} skipped: ${reason}`);
  }
  process.exit(code ?? 1);
});
