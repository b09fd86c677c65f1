import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import pc from 'picocolors';
import { SaferError } from '../../core/errors.ts';

export interface ServeFlags {
  port: string;
  host: string;
  auth: boolean;
  config?: string;
  createAdmin?: string;
  trustProxy?: boolean;
  maxUploadMb: string;
  tlsKey?: string;
  tlsCert?: string;
  authDb?: string;
  log?: boolean;
  backupEvery?: string;
  backupKeep: string;
  backupDir?: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Reads the first administrator's password: SAFER_ADMIN_PASSWORD, else stdin (asked twice, not echoed, on a terminal). */
async function readPassword(): Promise<string> {
  const fromEnv = process.env.SAFER_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  const ask = (prompt: string) =>
    new Promise<string>((ok) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
      const write = rl as unknown as { _writeToOutput: (s: string) => void };
      rl.question(prompt, (answer) => {
        rl.close();
        process.stderr.write('\n');
        ok(answer);
      });
      write._writeToOutput = (s: string) => {
        if (s.startsWith(prompt)) process.stderr.write(prompt);
      };
    });
  const first = await ask('Password for the new administrator: ');
  const second = await ask('The same password again: ');
  if (first !== second) throw new SaferError('the two passwords differ', { hint: 'run the command again' });
  return first;
}

/** safer serve: the command's options are in ../program.ts. */
export async function run(flags: ServeFlags, db: string | undefined): Promise<void> {
  const startedAt = new Date();
  const [{ Store, resolveDbPath }, { AuthStore, authPathFor }] = await Promise.all([
    import('../../store/db.ts'),
    import('../../serve/auth/store.ts'),
  ]);
  const dbPath = resolveDbPath(db);
  const authPath = flags.authDb ?? authPathFor(dbPath);

  if (flags.createAdmin !== undefined) {
    const password = await readPassword();
    const auth = await AuthStore.open(authPath);
    try {
      const user = await auth.createUser({ name: flags.createAdmin, role: 'admin', password });
      await auth.audit({
        user: user.name,
        action: 'user-created',
        outcome: 'ok',
        address: 'command line',
        detail: { account: user.name, role: 'admin' },
      });
      process.stderr.write(
        `${pc.green('✓')} administrator ${pc.bold(user.name)} created in ${authPath}\n  next: safer serve${db ? ` --db ${db}` : ''}\n`,
      );
    } finally {
      auth.close();
    }
    return;
  }

  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new SaferError('--port must be a whole number from 0 to 65535', { value: flags.port });
  const maxUploadMb = Number(flags.maxUploadMb);
  if (!Number.isFinite(maxUploadMb) || maxUploadMb <= 0 || maxUploadMb > 2048)
    throw new SaferError('--max-upload-mb must be a number of megabytes from 1 to 2048', { value: flags.maxUploadMb });
  if (!flags.auth && !LOOPBACK.has(flags.host)) {
    throw new SaferError('--no-auth is allowed only on this machine (--host 127.0.0.1 or localhost)', {
      value: flags.host,
      hint: 'drop --no-auth and create accounts (safer serve --create-admin NAME), or listen on 127.0.0.1',
    });
  }
  if ((flags.tlsKey === undefined) !== (flags.tlsCert === undefined))
    throw new SaferError('give both --tls-key and --tls-cert, or neither');
  if (!existsSync(dbPath)) {
    throw new SaferError('No store here yet', {
      file: dbPath,
      hint: 'run safer demo (then npm start), or import data first (safer import PATH), or point --db at your store',
    });
  }
  const [{ loadConfig }, { loadAnalystWords }, { buildServer }] = await Promise.all([
    import('../../assess/config.ts'),
    import('../../report/words.ts'),
    import('../../serve/server.ts'),
  ]);
  const config = loadConfig(flags.config);
  const words = loadAnalystWords(flags.config);
  const auth = await AuthStore.open(authPath);
  if (flags.auth && auth.userCount() === 0) {
    auth.close();
    throw new SaferError('no accounts yet', {
      file: authPath,
      hint: 'create the first administrator: safer serve --create-admin NAME (password from SAFER_ADMIN_PASSWORD or stdin); or, on this machine only, safer serve --no-auth',
    });
  }
  const backupEvery =
    flags.backupEvery !== undefined
      ? (await import('../../serve/scheduled-backups.ts')).parseEvery(flags.backupEvery)
      : null;
  const backupKeep = Number(flags.backupKeep);
  if (!Number.isInteger(backupKeep) || backupKeep < 1)
    throw new SaferError('--backup-keep must be a whole number of backups, 1 or more', { value: flags.backupKeep });
  const store = await Store.open(dbPath).catch((error: unknown) => {
    auth.close();
    throw error;
  });
  const { newOwnerToken, writeOwner, removeOwner } = await import('../../store/owner.ts');
  const localToken = newOwnerToken();
  // uploads and zip members a killed server or import left in the temporary folder
  const { sweepStaleUploads } = await import('../../serve/data/uploads.ts');
  const swept = sweepStaleUploads(startedAt);
  const https =
    flags.tlsKey && flags.tlsCert ? { key: readFileSync(flags.tlsKey), cert: readFileSync(flags.tlsCert) } : null;
  const server = await buildServer({
    store,
    auth,
    config,
    words,
    noAuth: !flags.auth,
    trustProxy: flags.trustProxy === true,
    maxUploadBytes: Math.round(maxUploadMb * 1024 * 1024),
    logger: flags.log === true,
    https,
    localToken,
  });
  let stopBackups = () => {};
  const shutdown = async () => {
    stopBackups();
    removeOwner(dbPath);
    await server.close();
    store.close();
    auth.close();
  };
  await server.app.listen({ port, host: flags.host });
  const address = server.app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = flags.host.includes(':') && !flags.host.startsWith('[') ? `[${flags.host}]` : flags.host;
  const url = `${https ? 'https' : 'http'}://${shownHost}:${actualPort}/`;
  // the store's owner while this runs: the command line finds the server here (one writer)
  const localHost =
    LOOPBACK.has(flags.host) || flags.host === '0.0.0.0' || flags.host === '::' ? '127.0.0.1' : shownHost;
  writeOwner(dbPath, {
    pid: process.pid,
    url,
    localUrl: `${https ? 'https' : 'http'}://${localHost}:${actualPort}`,
    token: localToken,
    startedAt: startedAt.toISOString(),
  });
  if (backupEvery !== null) {
    const { scheduleBackups } = await import('../../serve/scheduled-backups.ts');
    const { backupAudited } = await import('../../serve/routes/local.ts');
    const dir = resolve(flags.backupDir ?? join(dirname(dbPath), 'backups'));
    stopBackups = scheduleBackups({
      dir,
      everyMs: backupEvery,
      keep: backupKeep,
      take: (out) => backupAudited(server.state, out, 'scheduled', 'server'),
      report: (m) => process.stderr.write(`  ${m}\n`),
    });
    process.stderr.write(`  backups   every ${flags.backupEvery} into ${dir}, the newest ${backupKeep} kept\n`);
  }
  process.stderr.write(
    `${pc.bold('Safer')} is serving ${pc.cyan(url)}\n  store     ${dbPath}\n  accounts  ${flags.auth ? `${auth.userCount()} in ${authPath}` : pc.yellow('none: --no-auth')}\n`,
  );
  if (!flags.auth)
    process.stderr.write(
      `  ${pc.yellow('--no-auth: no sign-in. Anyone who can reach this address on this machine is an administrator.')}\n`,
    );
  if (!https && !LOOPBACK.has(flags.host) && !flags.trustProxy)
    process.stderr.write(
      `  ${pc.yellow('plain HTTP on a network address: put it behind TLS (a reverse proxy with --trust-proxy, or --tls-key/--tls-cert)')}\n`,
    );
  if (swept.length > 0)
    process.stderr.write(
      `  removed ${swept.length} temporary upload folder${swept.length === 1 ? '' : 's'} left by an earlier run\n`,
    );
  process.stderr.write('  stop with Ctrl+C\n');
  // prepare the first district's latest Assessment while nobody is waiting for it
  void server.state.service
    .areas()
    .then((areas) => {
      const first = areas.districts.find((d) => d.covered);
      if (!first) return;
      const end = server.state.service.endsFor(first)[0];
      if (end)
        for (const cleared of flags.auth ? [false, true] : [true])
          server.state.service.entry(first.code, end, cleared).promise.catch(() => undefined);
    })
    .catch(() => undefined);
  await new Promise<void>((ok) => {
    const stop = () => {
      process.stderr.write('\nstopping…\n');
      void shutdown().finally(ok);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
