import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SaferError } from '../../core/errors.ts';
import { Lock } from '../lock.ts';
import { hashPassword } from './passwords.ts';
import { isRole, type Principal, type Role } from './roles.ts';
import { isLockError, lockHolderPid, storeBusyError } from '../../store/owner.ts';

/**
 * Accounts, sessions and the audit log, in a small DuckDB file of their own beside the store
 * (`<store>.auth.duckdb`): the data store can then be copied or shared without password hashes,
 * and the import pipeline's migrations stay the data's own. See docs/serve.md.
 */
export interface UserRecord {
  name: string;
  role: Role;
  passwordHash: string;
  cleared: boolean;
  sources: string[];
  disabled: boolean;
  createdAt: string;
}

export type PublicUser = Omit<UserRecord, 'passwordHash'>;

export interface SessionRecord {
  tokenHash: string;
  user: string;
  csrf: string;
  createdAt: number;
  expiresAt: number;
  lastSeen: number;
}

export interface AuditEntry {
  id: number;
  at: string;
  user: string | null;
  action: string;
  outcome: 'ok' | 'failed' | 'refused';
  address: string | null;
  detail: Record<string, unknown>;
}

export const AUDIT_ACTIONS = [
  'login',
  'logout',
  'upload',
  'report',
  'user-created',
  'user-changed',
  'password-changed',
  'refused',
  'import',
  'undo',
  'backup',
  'source-created',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const SCHEMA_VERSION = 1;
const SCHEMA = `
CREATE TABLE IF NOT EXISTS auth_schema (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS users (
  name VARCHAR PRIMARY KEY,
  role VARCHAR NOT NULL,
  password_hash VARCHAR NOT NULL,
  cleared BOOLEAN NOT NULL DEFAULT false,
  sources VARCHAR NOT NULL DEFAULT '[]',
  disabled BOOLEAN NOT NULL DEFAULT false,
  created_at VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash VARCHAR PRIMARY KEY,
  username VARCHAR NOT NULL,
  csrf VARCHAR NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS preferences (
  scope VARCHAR PRIMARY KEY,
  home_area VARCHAR
);
CREATE SEQUENCE IF NOT EXISTS audit_id_seq START 1;
CREATE TABLE IF NOT EXISTS audit (
  id BIGINT PRIMARY KEY DEFAULT nextval('audit_id_seq'),
  happened_at VARCHAR NOT NULL,
  username VARCHAR,
  action VARCHAR NOT NULL,
  outcome VARCHAR NOT NULL,
  address VARCHAR,
  detail VARCHAR NOT NULL
);
`;

/** 1–64 characters: letters, digits, dot, dash, underscore, @ (an e-mail address works). */
export const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
export const SOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function checkUserName(name: string): void {
  if (!USER_NAME.test(name)) {
    throw new SaferError('not a valid account name', {
      value: name,
      hint: '1 to 64 characters: letters, digits, and . _ @ - (not first)',
      code: 'E_USER_NAME',
    });
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function authPathFor(storePath: string): string {
  return storePath === ':memory:' ? ':memory:' : storePath.replace(/\.duckdb$/i, '') + '.auth.duckdb';
}

type Row = Record<string, unknown>;

export class AuthStore {
  private readonly lock = new Lock();
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly users = new Map<string, UserRecord>();
  /** home districts: 'user:<name>' (lower case) and 'installation' */
  private readonly homes = new Map<string, string>();
  /** each account's latest successful actions of a kind (the Reports page lists them on every view) */
  private readonly recent = new Map<string, Promise<AuditEntry[]>>();

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(path: string): Promise<AuthStore> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, { threads: '1' });
    } catch (error) {
      if (isLockError(error))
        throw storeBusyError(path.replace(/\.auth\.duckdb$/i, '.duckdb'), lockHolderPid(error), 'the accounts file');
      throw new SaferError(`cannot open the accounts file: ${(error as Error).message.split('\n')[0]}`, {
        file: path,
        hint: 'is another safer serve running on this store? Stop it first.',
      });
    }
    const connection = await instance.connect();
    const store = new AuthStore(path, instance, connection);
    await connection.run(SCHEMA);
    const version = await store.rows('SELECT max(version) AS v FROM auth_schema');
    if (version[0]?.['v'] === null || version[0]?.['v'] === undefined)
      await connection.run('INSERT INTO auth_schema VALUES (?)', [SCHEMA_VERSION]);
    await store.load();
    return store;
  }

  private async rows(sql: string, params: DuckDBValue[] = []): Promise<Row[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJS() as Row[];
  }

  private exec(sql: string, params: DuckDBValue[] = []): Promise<void> {
    return this.lock.run(async () => {
      await this.connection.run(sql, params);
    });
  }

  private async load(): Promise<void> {
    for (const r of await this.rows('SELECT * FROM users')) {
      const user = toUser(r);
      this.users.set(user.name.toLowerCase(), user);
    }
    for (const r of await this.rows('SELECT scope, home_area FROM preferences WHERE home_area IS NOT NULL'))
      this.homes.set(String(r['scope']), String(r['home_area']));
    const now = Date.now();
    await this.connection.run('DELETE FROM sessions WHERE expires_at < ?', [now]);
    for (const r of await this.rows('SELECT * FROM sessions')) {
      const s: SessionRecord = {
        tokenHash: String(r['token_hash']),
        user: String(r['username']),
        csrf: String(r['csrf']),
        createdAt: Number(r['created_at']),
        expiresAt: Number(r['expires_at']),
        lastSeen: now,
      };
      this.sessions.set(s.tokenHash, s);
    }
  }

  /**
   * Copies every table (accounts, sessions, the audit log and its sequence) into a new DuckDB
   * file at `path`, between two statements of this connection: a consistent snapshot while the
   * server runs. Returns the rows per table.
   */
  async copyTo(path: string): Promise<Record<string, number>> {
    return this.lock.run(async () => {
      const alias = `safer_auth_copy_${process.pid}`;
      await this.connection.run(`ATTACH '${path.replaceAll("'", "''")}' AS ${alias}`);
      try {
        const db = String((await this.rows('SELECT current_database() AS d'))[0]?.['d']);
        await this.connection.run(`COPY FROM DATABASE "${db.replaceAll('"', '""')}" TO ${alias}`);
        const counts: Record<string, number> = {};
        // every table of the file (those a later version adds too)
        const tables = await this.rows(
          `SELECT table_name AS t FROM information_schema.tables WHERE table_catalog = '${alias}' AND table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY 1`,
        );
        for (const r of tables)
          counts[String(r['t'])] = Number(
            (await this.rows(`SELECT count(*) AS n FROM ${alias}.main."${String(r['t']).replaceAll('"', '""')}"`))[0]?.[
              'n'
            ] ?? 0,
          );
        return counts;
      } finally {
        await this.connection.run(`DETACH ${alias}`);
      }
    });
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  // accounts

  userCount(): number {
    return this.users.size;
  }

  /** Account names are matched without regard to case. */
  getUser(name: string): UserRecord | undefined {
    return this.users.get(name.toLowerCase());
  }

  listUsers(): PublicUser[] {
    return [...this.users.values()].sort((a, b) => a.name.localeCompare(b.name)).map(publicUser);
  }

  async createUser(input: {
    name: string;
    role: Role;
    password: string;
    cleared?: boolean;
    sources?: string[];
  }): Promise<PublicUser> {
    checkUserName(input.name);
    if (this.getUser(input.name))
      throw new SaferError('an account with this name already exists', {
        value: input.name,
        hint: 'choose another name, or change the existing account',
        code: 'E_USER_EXISTS',
      });
    for (const s of input.sources ?? [])
      if (!SOURCE_NAME.test(s)) throw new SaferError('not a valid source name', { value: s, code: 'E_SOURCE' });
    const user: UserRecord = {
      name: input.name,
      role: input.role,
      passwordHash: await hashPassword(input.password, input.name),
      cleared: input.role === 'admin' ? true : input.cleared === true,
      sources: [...new Set(input.sources ?? [])].sort(),
      disabled: false,
      createdAt: new Date().toISOString(),
    };
    await this.exec(
      'INSERT INTO users (name, role, password_hash, cleared, sources, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [
        user.name,
        user.role,
        user.passwordHash,
        user.cleared,
        JSON.stringify(user.sources),
        user.disabled,
        user.createdAt,
      ],
    );
    this.users.set(user.name.toLowerCase(), user);
    return publicUser(user);
  }

  async updateUser(
    name: string,
    change: { role?: Role; cleared?: boolean; sources?: string[]; disabled?: boolean; password?: string },
  ): Promise<PublicUser> {
    const user = this.getUser(name);
    if (!user) throw new SaferError('no such account', { value: name, code: 'E_NOT_FOUND' });
    for (const s of change.sources ?? [])
      if (!SOURCE_NAME.test(s)) throw new SaferError('not a valid source name', { value: s, code: 'E_SOURCE' });
    const next: UserRecord = {
      ...user,
      ...(change.role ? { role: change.role } : {}),
      ...(change.cleared !== undefined ? { cleared: change.cleared } : {}),
      ...(change.sources ? { sources: [...new Set(change.sources)].sort() } : {}),
      ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
      ...(change.password !== undefined ? { passwordHash: await hashPassword(change.password, user.name) } : {}),
    };
    if (next.role === 'admin') next.cleared = true;
    await this.exec(
      'UPDATE users SET role = ?, password_hash = ?, cleared = ?, sources = ?, disabled = ? WHERE name = ?',
      [next.role, next.passwordHash, next.cleared, JSON.stringify(next.sources), next.disabled, user.name],
    );
    this.users.set(user.name.toLowerCase(), next);
    // a changed role, password or a disabled account ends the account's sessions
    if (change.role || change.password !== undefined || change.disabled || change.cleared === false || change.sources)
      await this.endSessionsOf(user.name);
    return publicUser(next);
  }

  principal(user: UserRecord): Principal {
    return {
      name: user.name,
      role: user.role,
      cleared: user.role === 'admin' || user.cleared,
      sources: user.sources,
      local: false,
    };
  }

  // home districts (a preference: the district an account lands on; the installation's default)

  /** The account's own home district, else the installation's, else null. */
  homeOf(userName: string): string | null {
    return this.homes.get(`user:${userName.toLowerCase()}`) ?? this.homes.get('installation') ?? null;
  }

  ownHome(userName: string): string | null {
    return this.homes.get(`user:${userName.toLowerCase()}`) ?? null;
  }

  installationHome(): string | null {
    return this.homes.get('installation') ?? null;
  }

  /** Sets (or, with null, clears) an account's home district or the installation's ('installation'). */
  async setHome(scope: { user: string } | 'installation', area: string | null): Promise<void> {
    if (area !== null && !/^[A-Za-z0-9]{1,20}$/.test(area))
      throw new SaferError('not a district code', { value: area, code: 'E_VALIDATION' });
    const key = scope === 'installation' ? 'installation' : `user:${scope.user.toLowerCase()}`;
    await this.exec('INSERT OR REPLACE INTO preferences (scope, home_area) VALUES (?, ?)', [key, area]);
    if (area === null) this.homes.delete(key);
    else this.homes.set(key, area);
  }

  // sessions

  async createSession(userName: string, ttlMs: number): Promise<{ token: string; session: SessionRecord }> {
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    const session: SessionRecord = {
      tokenHash: hashToken(token),
      user: userName,
      csrf: randomBytes(24).toString('base64url'),
      createdAt: now,
      expiresAt: now + ttlMs,
      lastSeen: now,
    };
    await this.exec(
      'INSERT INTO sessions (token_hash, username, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      [session.tokenHash, session.user, session.csrf, session.createdAt, session.expiresAt],
    );
    this.sessions.set(session.tokenHash, session);
    return { token, session };
  }

  /** The live session of a cookie token, or undefined (expired, idle too long, or unknown). */
  findSession(token: string, idleMs: number): SessionRecord | undefined {
    const s = this.sessions.get(hashToken(token));
    if (!s) return undefined;
    const now = Date.now();
    if (s.expiresAt < now || s.lastSeen + idleMs < now) {
      void this.endSession(s.tokenHash);
      return undefined;
    }
    s.lastSeen = now;
    return s;
  }

  async endSession(tokenHash: string): Promise<void> {
    this.sessions.delete(tokenHash);
    await this.exec('DELETE FROM sessions WHERE token_hash = ?', [tokenHash]);
  }

  async endSessionsOf(userName: string): Promise<void> {
    for (const [key, s] of this.sessions)
      if (s.user.toLowerCase() === userName.toLowerCase()) this.sessions.delete(key);
    await this.exec('DELETE FROM sessions WHERE lower(username) = lower(?)', [userName]);
  }

  // audit

  async audit(entry: {
    user: string | null;
    action: AuditAction;
    outcome: AuditEntry['outcome'];
    address: string | null;
    detail?: Record<string, unknown>;
  }): Promise<void> {
    const at = new Date().toISOString();
    const rows = await this.lock.run(() =>
      this.rows(
        'INSERT INTO audit (happened_at, username, action, outcome, address, detail) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
        [at, entry.user, entry.action, entry.outcome, entry.address, JSON.stringify(entry.detail ?? {})],
      ),
    );
    const key = `${entry.user}|${entry.action}`;
    const held = this.recent.get(key);
    if (held && entry.outcome === 'ok') {
      const list = await held;
      list.unshift({
        id: Number(rows[0]?.['id']),
        at,
        user: entry.user,
        action: entry.action,
        outcome: entry.outcome,
        address: entry.address,
        detail: entry.detail ?? {},
      });
      list.splice(RECENT);
    }
  }

  /** An account's latest successful actions of one kind, newest first (at most 20). */
  recentOf(user: string, action: AuditAction): Promise<AuditEntry[]> {
    const key = `${user}|${action}`;
    let held = this.recent.get(key);
    if (!held) {
      held = this.lock
        .run(() =>
          this.rows(
            `SELECT * FROM audit WHERE username = ? AND action = ? AND outcome = 'ok' ORDER BY id DESC LIMIT ${RECENT}`,
            [user, action],
          ),
        )
        .then((rows) => rows.map(toEntry));
      this.recent.set(key, held);
      held.catch(() => this.recent.delete(key));
    }
    return held;
  }

  async auditLog(options: {
    limit: number;
    offset?: number;
    action?: AuditAction;
    user?: string;
    outcome?: AuditEntry['outcome'];
    from?: string;
    to?: string;
  }): Promise<AuditEntry[]> {
    const params: DuckDBValue[] = [];
    const conditions: string[] = [];
    if (options.action) {
      conditions.push('action = ?');
      params.push(options.action);
    }
    if (options.user) {
      conditions.push('lower(username) = lower(?)');
      params.push(options.user);
    }
    if (options.outcome) {
      conditions.push('outcome = ?');
      params.push(options.outcome);
    }
    // days, inclusive: happened_at is an ISO timestamp, so its first 10 characters are the day
    if (options.from) {
      conditions.push('substr(happened_at, 1, 10) >= ?');
      params.push(options.from);
    }
    if (options.to) {
      conditions.push('substr(happened_at, 1, 10) <= ?');
      params.push(options.to);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    params.push(options.limit, options.offset ?? 0);
    const rows = await this.lock.run(() =>
      this.rows(`SELECT * FROM audit ${where} ORDER BY id DESC LIMIT ? OFFSET ?`, params),
    );
    return rows.map(toEntry);
  }
}

const RECENT = 20;

function toEntry(r: Row): AuditEntry {
  return {
    id: Number(r['id']),
    at: String(r['happened_at']),
    user: r['username'] === null ? null : String(r['username']),
    action: String(r['action']),
    outcome: String(r['outcome']) as AuditEntry['outcome'],
    address: r['address'] === null ? null : String(r['address']),
    detail: JSON.parse(String(r['detail'])) as Record<string, unknown>,
  };
}

function publicUser(u: UserRecord): PublicUser {
  return {
    name: u.name,
    role: u.role,
    cleared: u.cleared,
    sources: u.sources,
    disabled: u.disabled,
    createdAt: u.createdAt,
  };
}

function toUser(r: Row): UserRecord {
  const role = String(r['role']);
  if (!isRole(role))
    throw new SaferError('an account has an unknown role', {
      value: role,
      hint: 'fix the accounts file, or recreate the account',
    });
  return {
    name: String(r['name']),
    role,
    passwordHash: String(r['password_hash']),
    cleared: r['cleared'] === true,
    sources: JSON.parse(String(r['sources'])) as string[],
    disabled: r['disabled'] === true,
    createdAt: String(r['created_at']),
  };
}
