import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DEFAULT_OPTIONS, synthesize, type SynthOptions, type SynthResult } from '../../src/synth/index.ts';
import { quoteLiteral, Store } from '../../src/store/db.ts';

/** A county small enough for tests (about 260,000 residents, three years, 60 comparator partnerships). */
export const SMALL: Omit<SynthOptions, 'out'> = {
  ...DEFAULT_OPTIONS,
  districts: 4,
  years: 3,
  scale: 0.5,
  comparators: 60,
};

export function tempDir(prefix = 'safer-synth-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function generate(options: Partial<SynthOptions> = {}): SynthResult {
  return synthesize({ ...SMALL, out: join(tempDir(), 'county'), ...options });
}

/** sha256 of every file under a folder, by relative path. */
export function hashTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(root, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(root);
  return out;
}

/** An in-memory DuckDB holding the generated crime, fire and collision CSVs as tables (read directly, not imported). */
export async function rawTables(root: string): Promise<Store> {
  const store = await Store.open(':memory:');
  const csv = (glob: string): string =>
    `read_csv(${quoteLiteral(join(root, glob))}, all_varchar = true, header = true)`;
  await store.run(
    `CREATE TABLE crimes AS SELECT *, strptime("Committed Date/Time", '%d/%m/%Y %H:%M') AS ts FROM ${csv('data/3-police/crimes/*.csv')}`,
  );
  await store.run(`CREATE TABLE fires AS SELECT * FROM ${csv('data/4-partners/fire/fire-incidents.csv')}`);
  await store.run(`CREATE TABLE collisions AS SELECT * FROM ${csv('data/4-partners/collisions/road-collisions.csv')}`);
  await store.run(
    `CREATE TABLE lookup AS SELECT * FROM ${csv('data/1-reference/geography-lookup-lsoa21-wd25-lad25.csv')}`,
  );
  await store.run(`CREATE TABLE comparator AS SELECT * FROM ${csv('data/2-national/comparator-counts.csv')}`);
  return store;
}

export interface GroundTruthEvent {
  id: string;
  source: string;
  district: string | null;
  area: Record<string, unknown>;
  months: string[];
  offence_codes?: string[];
  expected: Record<string, unknown>;
  observed: Record<string, unknown>;
}

export function groundTruthEvent(result: SynthResult, id: string): GroundTruthEvent {
  const events = (result.groundTruth as { events: GroundTruthEvent[] }).events;
  const event = events.find((e) => e.id === id);
  if (!event) throw new Error(`no ground-truth event ${id}`);
  return event;
}
