import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { importPaths } from '../../src/ingest/import.ts';
import { Store } from '../../src/store/db.ts';
import { loadConfig } from '../../src/assess/config.ts';
import { noWords } from '../../src/report/words.ts';
import { AuthStore } from '../../src/serve/auth/store.ts';
import type { Role } from '../../src/serve/auth/roles.ts';
import { buildServer, type SaferServer } from '../../src/serve/server.ts';
import { STREET_HEADER, tempDir } from '../helpers/police-uk-fixture.ts';
import { testZip } from '../helpers/zip.ts';
import { county, PASSWORD, storeCopy, type County } from './helpers.ts';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';

/**
 * A county whose crimes come from data.police.uk files, as most partnerships' do: the small
 * synthetic county's reference data and fire extract, plus street files written here for
 * October 2022 to August 2025 (a fixed pseudo-random count per LSOA, crime type and month). The
 * monthly job then uploads September 2025 as a police.uk download zip.
 */
export const FIRST = '2022-10';
export const LAST_LOADED = '2025-08';
export const NEW_MONTH = '2025-09';
export const FORCE = 'Ambershire Constabulary';

const TYPES = [
  ['Anti-social behaviour', 3],
  ['Burglary', 1],
  ['Violence and sexual offences', 3],
  ['Criminal damage and arson', 1],
  ['Vehicle crime', 1],
  ['Shoplifting', 1],
] as const;

function lsoas(c: County): { code: string; name: string; lat: string; lon: string }[] {
  const lines = readFileSync(join(c.root, 'data', '1-reference', 'geography-lookup-lsoa21-wd25-lad25.csv'), 'utf8')
    .trim()
    .split('\n');
  const head = lines[0]!.split(',');
  const at = (name: string) => head.indexOf(name);
  return lines.slice(1).map((l) => {
    const f = l.split(',');
    return { code: f[at('LSOA21CD')]!, name: f[at('LSOA21NM')]!, lat: f[at('LAT')]!, lon: f[at('LONG')]! };
  });
}

/** A small deterministic generator (mulberry32) seeded by the month. */
function random(seed: string): () => number {
  let a = [...seed].reduce((h, ch) => (Math.imul(h, 31) + ch.charCodeAt(0)) | 0, 7);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Street rows of one month: 0 to 2 × the type's weight per LSOA (Crime ID unique per month). */
export function streetMonth(c: County, month: string): { text: string; rows: number; ids: string[] } {
  const next = random(month);
  const lines = [STREET_HEADER];
  const ids: string[] = [];
  for (const l of lsoas(c))
    for (const [type, weight] of TYPES) {
      const n = Math.floor(next() * (2 * weight + 1));
      for (let i = 0; i < n; i++) {
        const id = type === 'Anti-social behaviour' ? '' : `${month}-${l.code}-${lines.length}`;
        if (id) ids.push(id);
        const outcome = type === 'Anti-social behaviour' ? '' : 'Investigation complete; no suspect identified';
        lines.push(
          [id, month, FORCE, FORCE, l.lon, l.lat, 'On or near High Street', l.code, l.name, type, outcome, ''].join(
            ',',
          ),
        );
      }
    }
  return { text: `${lines.join('\n')}\n`, rows: lines.length - 1, ids };
}

/** Outcomes of a month: one for every third crime of the street file. */
export function outcomesMonth(c: County, month: string, ids: readonly string[]): { text: string; rows: number } {
  const byCode = new Map(lsoas(c).map((l) => [l.code, l]));
  const header = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type';
  const rows = ids
    .filter((_, i) => i % 3 === 0)
    .map((id) => {
      const code = id.split('-').slice(2, 3)[0]!;
      const l = byCode.get(code)!;
      return [
        id,
        month,
        FORCE,
        FORCE,
        l.lon,
        l.lat,
        'On or near High Street',
        l.code,
        l.name,
        'Offender given a caution',
      ].join(',');
    });
  return { text: `${[header, ...rows].join('\n')}\n`, rows: rows.length };
}

export function months(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const s = `${y}-${String(m).padStart(2, '0')}`;
    out.push(s);
    if (s === to) return out;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
}

export interface MonthZip {
  zip: Buffer;
  street: number;
  outcomes: number;
  stopSearch: number;
}

/** The police.uk download of one month, as the site zips it: `YYYY-MM/YYYY-MM-<force>-<kind>.csv`. */
export function monthZip(c: County, month: string): MonthZip {
  const street = streetMonth(c, month);
  const outcomes = outcomesMonth(c, month, street.ids);
  const stop = readFileSync(
    join(c.root, 'data', '3-police', 'stop-and-search', `${month}-ambershire-stop-and-search.csv`),
    'utf8',
  );
  return {
    zip: testZip([
      { name: `${month}/${month}-ambershire-street.csv`, data: street.text },
      { name: `${month}/${month}-ambershire-outcomes.csv`, data: outcomes.text },
      { name: `${month}/${month}-ambershire-stop-and-search.csv`, data: stop },
    ]),
    street: street.rows,
    outcomes: outcomes.rows,
    stopSearch: stop.trim().split('\n').length - 1,
  };
}

export interface PoliceServer {
  server: SaferServer;
  app: FastifyInstance;
  store: Store;
  county: County;
  dir: string;
  close(): Promise<void>;
}

/**
 * The county's fire extract up to `last` (the latest month of the store is the latest of any
 * source), with its mapping beside it (a record source takes uploads while its mapping is there).
 */
function fireTo(c: County, dir: string, last: string): string {
  const folder = join(c.root, 'data', '4-partners', 'fire');
  const lines = readFileSync(join(folder, 'fire-incidents.csv'), 'utf8').trim().split('\n');
  const kept = lines.filter((l, i) => i === 0 || l.split(',')[1]!.slice(0, 7) <= last);
  const fire = join(dir, 'fire');
  mkdirSync(fire);
  copyFileSync(join(folder, 'fire-incidents.mapping.yaml'), join(fire, 'fire-incidents.mapping.yaml'));
  writeFileSync(join(fire, 'fire-incidents.csv'), `${kept.join('\n')}\n`);
  return join(fire, 'fire-incidents.csv');
}

/** Reference data, the fire extract, and police.uk street files to LAST_LOADED, in a fresh store. */
async function buildPoliceStore(c: County, path: string, dir: string): Promise<void> {
  const store = await Store.open(path);
  try {
    const reference = [
      'data/1-reference/geography-lookup-lsoa21-wd25-lad25.csv',
      'data/2-national/csp-lookup-csp25-pfa25.csv',
      'data/1-reference/boundaries-lad25.geojson',
      'data/1-reference/boundaries-wd25.geojson',
      'data/1-reference/population-mid2022.csv',
      'data/1-reference/population-mid2023.csv',
      'data/1-reference/population-mid2024.csv',
      'data/1-reference/population-mid2025.csv',
    ];
    for (const file of reference) await importPaths(store, [join(c.root, file)]);
    await importPaths(store, [fireTo(c, dir, LAST_LOADED)]);
    const streets = months(FIRST, LAST_LOADED).map((m) => {
      const path = join(dir, `${m}-ambershire-street.csv`);
      writeFileSync(path, streetMonth(c, m).text);
      return path;
    });
    await importPaths(store, streets);
    for (const m of months(FIRST, LAST_LOADED)) {
      const stop = join(c.root, 'data', '3-police', 'stop-and-search', `${m}-ambershire-stop-and-search.csv`);
      await importPaths(store, [stop]);
    }
  } finally {
    store.close();
  }
}

/** A server on the police.uk county, with one account per role (all with PASSWORD). */
export async function policeServer(): Promise<PoliceServer> {
  await storeCopy().then((s) => rmSync(s.dir, { recursive: true, force: true })); // the county's files
  const c = county();
  const dir = tempDir('safer-police-month-');
  const path = join(dir, 'store.duckdb');
  await buildPoliceStore(c, path, dir);
  const store = await Store.open(path);
  const auth = await AuthStore.open(':memory:');
  const accounts: { name: string; role: Role; cleared?: boolean; sources?: string[] }[] = [
    { name: 'admin', role: 'admin' },
    { name: 'analyst', role: 'analyst', cleared: true },
    { name: 'partner', role: 'partner', sources: [c.fireSource] },
    { name: 'viewer', role: 'viewer' },
  ];
  for (const a of accounts) await auth.createUser({ ...a, password: PASSWORD });
  const server = await buildServer({ store, auth, config: loadConfig(), words: noWords() });
  return {
    server,
    app: server.app,
    store,
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

/** A multipart/form-data body: fields in order, then several files. */
export function multipartFiles(
  fields: [string, string][],
  files: { name: string; content: string | Buffer }[],
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----safer${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of fields)
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const file of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
    );
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
