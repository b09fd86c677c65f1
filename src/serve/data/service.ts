import type { FeatureCollection } from 'geojson';
import type { Store } from '../../store/db.ts';
import type { Assessment, AreaRef } from '../../assess/schema.ts';
import type { PartnershipConfig } from '../../assess/config.ts';
import type { AnalystWords } from '../../report/words.ts';
import { SaferError } from '../../core/errors.ts';
import { addMonths, monthIndex } from '../../core/periods/index.ts';
import { areaNames, coverage, groupOf } from '../../assess/read/areas.ts';
import { assessRun } from '../../national/entry.ts';
import { cspMembers } from '../../national/units.ts';
import { readStatus, type StoreStatus } from '../../store/status.ts';
import { assessmentWardBoundaries } from '../../assess/boundaries.ts';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { Lock } from '../lock.ts';
import { withoutRestricted } from './redact.ts';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export interface District {
  code: string;
  name: string;
  firstMonth: string;
  lastMonth: string;
  rows: number;
  /** its own data covers the 24 months ending at the latest month */
  covered: boolean;
  reason: string;
}

export interface Areas {
  county: AreaRef | null;
  districts: District[];
  /** the latest month loaded for any covered district */
  latest: string | null;
}

export interface Progress {
  done: number;
  total: number;
  label: string;
}

interface Entry {
  promise: Promise<Assessment>;
  progress: Progress;
  value?: Assessment;
  error?: unknown;
  /** the JSON text, made once, and its compressed forms */
  json?: Buffer;
  gzip?: Promise<Buffer>;
  brotli?: Buffer;
  brotliStarted?: boolean;
  /** figures derived from this Assessment (the monthly checks …), dropped with it */
  derived?: Map<string, Promise<unknown>>;
}

export interface DataServiceOptions {
  store: Store;
  config: PartnershipConfig;
  words: AnalystWords;
  /** most Assessments kept in memory (each is about 1 MB) */
  cacheSize?: number;
}

/** Most memoised figures and page bodies kept (page bodies are under 100 KB each). */
const MEMO_SIZE = 1000;

/**
 * Everything the server reads from the store, through one lock (one DuckDB connection), with
 * Assessments cached per (district, end, clearance) and every cache dropped when an import lands.
 */
export class DataService {
  readonly store: Store;
  readonly config: PartnershipConfig;
  readonly words: AnalystWords;
  readonly lock = new Lock();
  private readonly cacheSize: number;
  private readonly assessments = new Map<string, Entry>();
  private readonly memo = new Map<string, Promise<unknown>>();
  /** bumped on every import: cached pages and figures carry it */
  generation = 0;

  constructor(options: DataServiceOptions) {
    this.store = options.store;
    this.config = options.config;
    this.words = options.words;
    this.cacheSize = options.cacheSize ?? 24;
  }

  /** Runs `work` on the store with the lock held. */
  withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
    return this.lock.run(() => work(this.store));
  }

  /** A value computed once per generation (dropped on import). */
  memoise<T>(key: string, make: () => Promise<T>): Promise<T> {
    const held = this.memo.get(key) as Promise<T> | undefined;
    if (held) {
      // least recently used last out: a visitor walking every district and month cannot grow memory without bound
      this.memo.delete(key);
      this.memo.set(key, held);
      return held;
    }
    const made = make();
    this.memo.set(key, made);
    made.catch(() => this.memo.get(key) === made && this.memo.delete(key));
    while (this.memo.size > MEMO_SIZE) this.memo.delete(this.memo.keys().next().value!);
    return made;
  }

  /** Drops every cached Assessment and figure: called after an import. */
  invalidate(): void {
    this.generation += 1;
    this.assessments.clear();
    this.memo.clear();
  }

  status(): Promise<StoreStatus> {
    return this.memoise('status', () => this.withStore((s) => readStatus(s)));
  }

  areas(): Promise<Areas> {
    return this.memoise('areas', async () => {
      const status = await this.status();
      const latest = status.districts.reduce<string | null>(
        (m, d) => (m === null || d.lastMonth > m ? d.lastMonth : m),
        null,
      );
      if (latest === null) return { county: null, districts: [], latest: null };
      const codes = status.districts.map((d) => d.code);
      const cover = new Map((await this.withStore((s) => coverage(s, codes, latest))).map((c) => [c.code, c]));
      const districts = status.districts.map((d) => ({
        code: d.code,
        name: d.name ?? d.code,
        firstMonth: d.firstMonth,
        lastMonth: d.lastMonth,
        rows: d.rows,
        covered: cover.get(d.code)?.covered ?? false,
        reason: cover.get(d.code)?.reason ?? 'not checked',
      }));
      districts.sort((a, b) => Number(b.covered) - Number(a.covered) || a.name.localeCompare(b.name));
      const first = districts.find((d) => d.covered);
      const county = first ? (await this.withStore((s) => groupOf(s, first.code))).area : null;
      const latestCovered = districts
        .filter((d) => d.covered)
        .reduce<string | null>((m, d) => (m === null || d.lastMonth > m ? d.lastMonth : m), null);
      return { county, districts, latest: latestCovered ?? latest };
    });
  }

  /**
   * The district of this code, or a community safety partnership's (docs/national.md: an area page
   * for a CSP code shows the CSP assessed as one area), or a 404-style error.
   */
  async district(code: string): Promise<District> {
    const found = (await this.areas()).districts.find((d) => d.code === code) ?? (await this.partnership(code));
    if (!found)
      throw new SaferError('no district with this code is loaded', {
        value: code,
        hint: 'choose one from /api/areas',
        code: 'E_NOT_FOUND',
      });
    return found;
  }

  /** A CSP as a District: its districts' months, rows and coverage together (null: not a CSP of the lookups). */
  private partnership(code: string): Promise<District | null> {
    return this.memoise(`partnership|${code}`, async () => {
      const members = (await this.withStore((s) => cspMembers(s))).filter((m) => m.csp === code);
      const districts = (await this.areas()).districts.filter((d) => members.some((m) => m.district === d.code));
      if (districts.length === 0) return null;
      const name = (await this.withStore((s) => areaNames(s, [code]))).get(code) ?? code;
      const uncovered = districts.filter((d) => !d.covered);
      return {
        code,
        name,
        firstMonth: districts.reduce((m, d) => (d.firstMonth > m ? d.firstMonth : m), districts[0]!.firstMonth),
        lastMonth: districts.reduce((m, d) => (d.lastMonth < m ? d.lastMonth : m), districts[0]!.lastMonth),
        rows: districts.reduce((n, d) => n + d.rows, 0),
        covered: uncovered.length === 0,
        reason: uncovered.map((d) => `${d.name}: ${d.reason}`).join('; ') || 'covered',
      };
    });
  }

  /** The months a district's Assessment may end in (24 months of its own data before each), latest first. */
  endsFor(d: District): string[] {
    const first = addMonths(d.firstMonth, 23);
    const out: string[] = [];
    for (let m = d.lastMonth; monthIndex(m) >= monthIndex(first); m = addMonths(m, -1)) out.push(m);
    return out;
  }

  /** The end asked for, checked against the district's months; the latest when none is given. */
  async resolveEnd(d: District, end: string | undefined): Promise<string> {
    const ends = this.endsFor(d);
    if (end === undefined) {
      if (ends.length === 0)
        throw new SaferError(`${d.name} does not hold 24 months of data`, {
          value: d.code,
          hint: 'import more months, or choose another district',
          code: 'E_NOT_COVERED',
        });
      return ends[0]!;
    }
    if (!ends.includes(end)) {
      throw new SaferError('no Assessment can end in this month for this district', {
        value: end,
        hint: ends.length
          ? `choose a month from ${ends[ends.length - 1]} to ${ends[0]} (24 months of data must come before it)`
          : 'this district does not hold 24 months of data',
        code: 'E_PERIOD',
      });
    }
    return end;
  }

  private key(code: string, end: string, cleared: boolean): string {
    return `${code}|${end}|${cleared ? 'cleared' : 'open'}`;
  }

  /** The cached (or started) computation of one Assessment. */
  entry(code: string, end: string, cleared: boolean): Entry {
    const key = this.key(code, end, cleared);
    const held = this.assessments.get(key);
    if (held) {
      this.assessments.delete(key);
      this.assessments.set(key, held);
      return held;
    }
    const progress: Progress = { done: 0, total: this.config.measures.length, label: 'waiting for the store' };
    const generation = this.generation;
    const promise = this.withStore(async (store) => {
      progress.label = 'starting';
      // a CSP code is assessed as one area; every run goes through the force-month gate (docs/national.md)
      const { set } = await assessRun(store, code, null, {
        config: this.config,
        end,
        includeRestricted: cleared,
        onProgress: (done, total, label) => Object.assign(progress, { done, total, label }),
      });
      const a = set.assessments[0];
      if (!a) throw new SaferError('the engine returned no Assessment for this district', { value: code });
      return cleared ? a : withoutRestricted(a);
    });
    const entry: Entry = { promise, progress };
    promise.then(
      (a) => (entry.value = a),
      (error: unknown) => {
        entry.error = error;
        // a failure is not cached: the next request tries again
        if (this.generation === generation && this.assessments.get(key) === entry) this.assessments.delete(key);
      },
    );
    this.assessments.set(key, entry);
    while (this.assessments.size > this.cacheSize) this.assessments.delete(this.assessments.keys().next().value!);
    return entry;
  }

  assessment(code: string, end: string, cleared: boolean): Promise<Assessment> {
    return this.entry(code, end, cleared).promise;
  }

  /** A figure derived from one Assessment, made once and kept (and evicted) with its cache entry. */
  derived<T>(
    code: string,
    end: string,
    cleared: boolean,
    name: string,
    make: (a: Assessment) => Promise<T>,
  ): Promise<T> {
    const entry = this.entry(code, end, cleared);
    entry.derived ??= new Map();
    const held = entry.derived.get(name) as Promise<T> | undefined;
    if (held) return held;
    const made = entry.promise.then(make);
    entry.derived.set(name, made);
    made.catch(() => entry.derived?.delete(name));
    return made;
  }

  /**
   * The Assessment as JSON bytes, made once per cache entry, in the best encoding the client
   * takes: brotli (about 11% of the size; compressed once, in the background, at the highest
   * quality), else gzip (17%), else plain.
   */
  async assessmentJson(
    code: string,
    end: string,
    cleared: boolean,
    accepts: { gzip: boolean; br: boolean } = { gzip: false, br: false },
  ): Promise<{ body: Buffer; encoding: 'br' | 'gzip' | null }> {
    const entry = this.entry(code, end, cleared);
    const a = await entry.promise;
    const json = (entry.json ??= Buffer.from(JSON.stringify(a)));
    if (!entry.brotliStarted) {
      entry.brotliStarted = true;
      brotliAsync(json, {
        params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: json.length },
      }).then(
        (b) => (entry.brotli = b),
        () => undefined,
      );
    }
    if (accepts.br && entry.brotli) return { body: entry.brotli, encoding: 'br' };
    if (accepts.gzip || accepts.br) {
      if (!accepts.gzip) return { body: json, encoding: null };
      return { body: await (entry.gzip ??= gzipAsync(json, { level: 6 })), encoding: 'gzip' };
    }
    return { body: json, encoding: null };
  }

  /** Ward boundaries of the district's Assessment (for the ward maps), read once. */
  boundaries(a: Assessment): Promise<FeatureCollection> {
    return this.memoise(`boundaries|${a.area.code}`, () => this.withStore((s) => assessmentWardBoundaries(s, a)));
  }
}
