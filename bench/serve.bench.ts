/**
 * npm run bench:serve — latency of the dashboard's main API routes and pages under 50 concurrent
 * clients (autocannon) on the synthetic county (safer demo), with the Assessments already cached
 * (warm cache: the first request of a district computes it, a few seconds, and is timed apart).
 * The server runs in its own process so that the load generator does not share its event loop.
 * Baseline in the same run: /healthz (a static JSON route through the same hooks: session,
 * security headers). Target: p95 < 100 ms on every route.
 *
 *   SAFER_DEMO_DB=path/to/safer.duckdb  store to use (default safer-demo/safer.duckdb)
 *   BENCH_SECONDS=5  BENCH_CONNECTIONS=50
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type autocannon from 'autocannon';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PASSWORD = 'bench password 1234';

async function serverChild(db: string): Promise<void> {
  const { Store } = await import('../src/store/db.ts');
  const { AuthStore } = await import('../src/serve/auth/store.ts');
  const { buildServer } = await import('../src/serve/server.ts');
  const { loadConfig } = await import('../src/assess/config.ts');
  const { noWords } = await import('../src/report/words.ts');
  const store = await Store.open(db);
  const auth = await AuthStore.open(':memory:');
  await auth.createUser({ name: 'bench', role: 'analyst', password: PASSWORD, cleared: true });
  const server = await buildServer({
    store,
    auth,
    config: loadConfig(),
    words: noWords(),
    loginLimits: { address: { max: 1e6, windowMs: 1000 }, account: { max: 1e6, windowMs: 1000 } },
  });
  // server-side time of each request (from its arrival to the end of writing the answer), by URL
  const times = new Map<string, number[]>();
  server.app.addHook('onResponse', async (request, reply) => {
    const list = times.get(request.url) ?? [];
    list.push(reply.elapsedTime);
    times.set(request.url, list);
  });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const address = server.app.server.address();
  process.stdout.write(`PORT ${typeof address === 'object' && address ? address.port : 0}\n`);
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    // "STATS <url>": the server-side p50/p95 of that URL since the last ask; then forget them
    const url = line.slice('STATS '.length);
    const list = (times.get(url) ?? []).sort((a, b) => a - b);
    times.clear();
    process.stdout.write(
      `STATS ${JSON.stringify({ n: list.length, p50: percentile(list, 50), p95: percentile(list, 95) })}\n`,
    );
  });
  lines.on('close', () => void server.close().then(() => process.exit(0)));
}

interface Figures {
  /** server-side p95 (ms): arrival to the end of writing the answer */
  serverP95?: number;
  route: string;
  kind: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  bad: number;
  kb: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Browsers (and curl --compressed, fetch) offer gzip; `identity` measures a client that does not. */
async function load(
  base: string,
  path: string,
  kind: string,
  cookie: string,
  encoding = 'gzip, deflate, br',
): Promise<Figures> {
  const { default: autocannonRun } = await import('autocannon');
  const times: number[] = [];
  let bad = 0;
  let bytes = 0;
  const result = await new Promise<autocannon.Result>((ok, fail) => {
    const instance: autocannon.Instance = autocannonRun(
      {
        url: base + path,
        connections: CONNECTIONS,
        duration: SECONDS,
        headers: { cookie, accept: kind === 'page' ? 'text/html' : 'application/json', 'accept-encoding': encoding },
      },
      (error, r) => (error ? fail(error) : ok(r)),
    );
    instance.on('response', (_client, status, resBytes, responseTime) => {
      times.push(responseTime);
      bytes += resBytes;
      if (status !== 200) bad += 1;
    });
  });
  times.sort((a, b) => a - b);
  return {
    route: encoding === 'identity' ? `${path} (no gzip)` : path,
    kind: encoding === 'identity' ? 'api-raw' : kind,
    requests: times.length,
    rps: times.length / result.duration,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times[times.length - 1] ?? NaN,
    bad: bad + result.errors,
    kb: times.length ? bytes / times.length / 1024 : 0,
  };
}

async function main(): Promise<void> {
  const source = [process.env.SAFER_DEMO_DB, join(root, 'safer-demo', 'safer.duckdb')].find(
    (p): p is string => !!p && existsSync(p),
  );
  if (!source) {
    process.stderr.write('No demo store: run `npm run demo` first (or set SAFER_DEMO_DB).\n');
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), 'safer-bench-serve-'));
  const db = join(dir, 'store.duckdb');
  copyFileSync(source, db);
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'server', db], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const answers = createInterface({ input: child.stdout! });
    const statsWaiting: ((s: { p95: number }) => void)[] = [];
    const serverStats = (url: string) =>
      new Promise<{ p95: number }>((ok) => {
        statsWaiting.push(ok);
        child.stdin!.write(`STATS ${url}\n`);
      });
    const port = await new Promise<number>((ok, fail) => {
      answers.on('line', (line) => {
        const m = /^PORT (\d+)/.exec(line);
        if (m) ok(Number(m[1]));
        if (line.startsWith('STATS ')) statsWaiting.shift()?.(JSON.parse(line.slice(6)) as { p95: number });
      });
      child.on('exit', (code) => fail(new Error(`server exited (${code})`)));
    });
    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench', password: PASSWORD }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const areas = (await (await fetch(`${base}/api/areas`, { headers: { cookie } })).json()) as {
      districts: { code: string; name: string; covered: boolean }[];
    };
    const district = areas.districts.find((d) => d.covered)!;
    const a = district.code;
    const routes: [string, string][] = [
      ['/healthz', 'baseline'],
      ['/assets/app.css', 'static'],
      ['/api/areas', 'api'],
      [`/api/assessment?area=${a}`, 'api'],
      [`/api/assessment/measures?area=${a}`, 'api'],
      [`/api/assessment/measures/dwelling-burglary?area=${a}`, 'api'],
      [`/api/assessment/priorities?area=${a}`, 'api'],
      [`/api/monitoring?area=${a}`, 'api'],
      [`/api/peers?area=${a}&measure=all-crime`, 'api'],
      ['/api/status', 'api'],
      ['/api/imports', 'api'],
      [`/area/${a}`, 'page'],
      [`/area/${a}/measures/dwelling-burglary`, 'page'],
      [`/area/${a}/peers`, 'page'],
      [`/area/${a}/monthly`, 'page'],
      [`/area/${a}/reports`, 'page'],
      ['/data', 'page'],
    ];
    process.stderr.write(`Warming the cache for ${district.name} (${a}): the first Assessments are computed now…\n`);
    const warmStarted = performance.now();
    for (const [path] of routes) {
      const res = await fetch(base + path, { headers: { cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    }
    const warmSeconds = (performance.now() - warmStarted) / 1000;
    process.stderr.write(
      `Warm in ${warmSeconds.toFixed(1)} s. Each route: ${CONNECTIONS} connections for ${SECONDS} s.\n`,
    );
    const out: Figures[] = [];
    await serverStats('');
    for (const [path, kind] of routes) {
      const f = await load(base, path, kind, cookie);
      f.serverP95 = (await serverStats(path)).p95;
      out.push(f);
      process.stderr.write(`  ${path} p95 ${f.p95.toFixed(1)} ms\n`);
    }
    // the whole Assessment to a client that does not take gzip (for the record; not in the target)
    const raw = await load(base, `/api/assessment?area=${a}`, 'api', cookie, 'identity');
    raw.serverP95 = (await serverStats(`/api/assessment?area=${a}`)).p95;
    out.splice(4, 0, raw);
    const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
    const num = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
    const lines = [
      `safer serve under load: ${CONNECTIONS} concurrent clients, ${SECONDS} s a route, warm cache (cold start of the first district: ${warmSeconds.toFixed(1)} s)`,
      '',
      `${pad('route', 62)}${pad('kind', 10)}${pad('req/s', 9)}${pad('p50 ms', 9)}${pad('p95 ms', 9)}${pad('p99 ms', 9)}${pad('max ms', 9)}${pad('KiB', 8)}${pad('non-200', 9)}server p95 ms`,
      ...out.map(
        (f) =>
          `${pad(f.route, 62)}${pad(f.kind, 10)}${pad(num(f.rps, 0), 9)}${pad(num(f.p50), 9)}${pad(num(f.p95), 9)}${pad(num(f.p99), 9)}${pad(num(f.max), 9)}${pad(num(f.kb, 1), 8)}${pad(String(f.bad), 9)}${num(f.serverP95 ?? NaN)}`,
      ),
      '',
    ];
    const checked = out.filter((f) => f.kind === 'api' || f.kind === 'page');
    const worst = checked.reduce((w, f) => (f.p95 > w.p95 ? f : w), checked[0]!);
    const baseline = out.find((f) => f.kind === 'baseline')!;
    lines.push(`baseline /healthz p95 ${num(baseline.p95)} ms; slowest route ${worst.route} p95 ${num(worst.p95)} ms`);
    lines.push(
      'p50/p95/p99/max: as the load tool saw them (it runs on the same machine and parses every answer); server p95: from arrival to the last byte written, in the server.',
    );
    lines.push(
      'KiB: bytes sent a response (the whole Assessment compressed, brotli or gzip, as browsers offer); api-raw: the same route to a client that offers no compression, for the record (not held to the target).',
    );
    lines.push(
      `target p95 < 100 ms: ${
        checked.every((f) => f.p95 < 100)
          ? 'met on every route'
          : `missed on ${checked
              .filter((f) => f.p95 >= 100)
              .map((f) => f.route)
              .join(', ')}`
      }`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    child.stdin!.end();
    await new Promise((ok) => child.once('exit', ok));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'server') await serverChild(process.argv[3]!);
else await main();
