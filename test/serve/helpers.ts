import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { SMALL } from '../synth/small-county.ts';
import { synthesize } from '../../src/synth/index.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { Store } from '../../src/store/db.ts';
import { loadConfig } from '../../src/assess/config.ts';
import { noWords } from '../../src/report/words.ts';
import { AuthStore } from '../../src/serve/auth/store.ts';
import type { Role } from '../../src/serve/auth/roles.ts';
import { buildServer, type SaferServer, type ServerOptions } from '../../src/serve/server.ts';

/**
 * The small synthetic county (4 districts, 3 years, half scale) imported through the real import
 * path once per machine into a cached store, and copied for each test file (tests write to it).
 */
const SEED = 5;
/**
 * The cache is shared by every checkout on the machine: its name carries a hash of the sources that
 * decide its content (the generator, the importers, the schema), so a checkout whose generator
 * writes other files (or imports them differently) builds its own instead of reading a stale one.
 */
const SOURCES_HASH = (() => {
  const root = fileURLToPath(new URL('../../src/', import.meta.url));
  const hash = createHash('sha256');
  for (const dir of ['synth', 'ingest', 'store']) {
    for (const name of (readdirSync(join(root, dir), { recursive: true }) as string[])
      .filter((n) => n.endsWith('.ts'))
      .sort())
      hash.update(name).update(readFileSync(join(root, dir, name)));
  }
  return hash.digest('hex').slice(0, 12);
})();
const CACHE = join(tmpdir(), `safer-serve-test-${SOURCES_HASH}-seed${SEED}`);
const CACHED_STORE = `${CACHE}.duckdb`;
const COUNTY = `${CACHE}-county`;

export interface County {
  focus: { code: string; name: string };
  districts: { code: string; name: string }[];
  root: string;
  /** the source names of the fire service's and the police's record extracts (from their mappings) */
  fireSource: string;
  crimeSource: string;
}

function mappingSource(path: string): string {
  return /^source:\s*(\S+)/m.exec(readFileSync(path, 'utf8'))![1]!;
}

async function buildCache(): Promise<void> {
  rmSync(COUNTY, { recursive: true, force: true });
  const result = synthesize({ ...SMALL, seed: SEED, out: COUNTY });
  const building = `${CACHE}.${process.pid}.building.duckdb`;
  const store = await Store.open(building);
  try {
    for (const file of result.manifest.import_order) await importPaths(store, [join(result.root, file)]);
  } finally {
    store.close();
  }
  renameSync(building, CACHED_STORE);
}

export function county(): County {
  const manifest = JSON.parse(readFileSync(join(COUNTY, 'manifest.json'), 'utf8')) as {
    focus_district: { code: string; name: string };
    county: { districts: { code: string; name: string }[] };
  };
  return {
    focus: manifest.focus_district,
    districts: manifest.county.districts,
    root: COUNTY,
    fireSource: mappingSource(join(COUNTY, 'data', '4-partners', 'fire', 'fire-incidents.mapping.yaml')),
    crimeSource: mappingSource(join(COUNTY, 'data', '3-police', 'crimes', 'mapping.yaml')),
  };
}

/** A fresh copy of the small county's store (and the folder to remove afterwards). */
export async function storeCopy(): Promise<{ path: string; dir: string }> {
  if (!existsSync(CACHED_STORE) || !existsSync(join(COUNTY, 'manifest.json'))) await buildCache();
  const dir = mkdtempSync(join(tmpdir(), 'safer-serve-test-'));
  const path = join(dir, 'store.duckdb');
  copyFileSync(CACHED_STORE, path);
  return { path, dir };
}

export const PASSWORD = 'correct horse battery staple';

export interface TestServer {
  server: SaferServer;
  app: FastifyInstance;
  store: Store;
  auth: AuthStore;
  county: County;
  dir: string;
  close(): Promise<void>;
}

/** A server on a copy of the small county with one account per role (all with PASSWORD). */
export async function testServer(
  options: Partial<ServerOptions> = {},
  setup?: (store: Store, dir: string) => Promise<void>,
): Promise<TestServer> {
  const { path, dir } = await storeCopy();
  const c = county();
  const store = await Store.open(path);
  if (setup) await setup(store, dir);
  const auth = await AuthStore.open(':memory:');
  const accounts: { name: string; role: Role; cleared?: boolean; sources?: string[] }[] = [
    { name: 'admin', role: 'admin' },
    { name: 'analyst', role: 'analyst', cleared: true },
    { name: 'analyst2', role: 'analyst' },
    { name: 'partner', role: 'partner', sources: [c.fireSource] },
    { name: 'viewer', role: 'viewer' },
  ];
  for (const a of accounts) await auth.createUser({ ...a, password: PASSWORD });
  const server = await buildServer({ store, auth, config: loadConfig(), words: noWords(), ...options });
  return {
    server,
    app: server.app,
    store,
    auth,
    county: c,
    dir,
    async close() {
      await server.close();
      auth.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
}

/** Signs in through the JSON API; returns the cookie header and the CSRF token. */
export async function login(app: FastifyInstance, name: string, password = PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { name, password } });
  if (res.statusCode !== 200) throw new Error(`login ${name}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'safer_session');
  return { cookie: `safer_session=${cookie!.value}`, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

/** A multipart/form-data body: fields in order, then one file. */
export function multipart(
  fields: [string, string][],
  file: { name: string; content: string | Buffer; field?: string } | null,
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----safer${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of fields)
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
    );
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The fire service's extract header and rows in the synthetic county's own layout, the third row with an impossible date. */
export function fireCsv(badDate: string | null): string {
  const header =
    'Incident Number,Call Date,Call Time,Fire Type,Motive,Property Category,Property Type,Smoke Alarm,Ward Code,LSOA Code,Station Ground,Longitude,Latitude';
  const c = county();
  const lookup = readFileSync(
    join(c.root, 'data', '1-reference', 'geography-lookup-lsoa21-wd25-lad25.csv'),
    'utf8',
  ).split('\n');
  const cols = lookup[0]!.split(',');
  const row = lookup[1]!.split(',');
  const lsoa = row[cols.findIndex((h) => /LSOA21CD/i.test(h))]!;
  const ward = row[cols.findIndex((h) => /WD25CD/i.test(h))]!;
  const line = (id: number, date: string) =>
    `FRSTEST${id},${date},12:00:00,Secondary,Deliberate,Outdoor,Refuse,,${ward},${lsoa},Test Station,-1.5,52.4`;
  return [header, line(1, '2023-01-05'), line(2, badDate ?? '2023-01-06'), line(3, '2023-01-07'), ''].join('\n');
}

export function writeTemp(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
