import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SaferError } from '../../core/errors.ts';
import { importPaths } from '../../ingest/import.ts';
import { IMPORT_KINDS, type ImportKind, type ImportOptions } from '../../ingest/types.ts';
import { readStatus } from '../../store/status.ts';
import { forceMonthGate } from '../../store/force-months.ts';
import { undoImport } from '../../store/vintages.ts';
import { writeBackup } from '../../store/backup.ts';
import { sameToken, type ServerState } from '../context.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The loopback API the command line uses while this server owns the store (one writer): imports
 * of local paths, status, undo and backups run here, through the server's one connection and its
 * lock, so they queue behind each other and behind uploads. Each call carries the token the
 * server wrote to `<store>.server.json` (readable by its user only) and comes from this machine;
 * hidden from the OpenAPI document. Audited like the browser's actions, as the command line.
 */
export async function registerLocalRoutes(app: FastifyInstance, state: ServerState, token: string): Promise<void> {
  const guard = async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization;
    const sent = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined;
    const from = request.socket.remoteAddress ?? '';
    if (!(LOOPBACK.has(from) || from === request.socket.localAddress) || !sameToken(sent, token)) {
      throw new SaferError('the command-line API answers only this machine, with the token in the server file', {
        code: 'E_FORBIDDEN',
      });
    }
  };
  const who = (request: FastifyRequest) => {
    const user = (request.body as { user?: unknown } | undefined)?.user;
    return typeof user === 'string' && /^[\w.@-]{1,64}$/.test(user) ? `${user} (command line)` : 'command line';
  };
  const config = { csrf: 'none' as const };
  const hide = { hide: true };

  app.post(
    '/api/local/import',
    {
      config,
      schema: {
        ...hide,
        body: {
          type: 'object',
          required: ['paths'],
          properties: {
            paths: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
            options: { type: 'object' },
            user: { type: 'string' },
          },
        },
      },
    },
    async (request, reply) => {
      await guard(request);
      const body = request.body as { paths: string[]; options?: Record<string, unknown> };
      const options = importOptions(body.options ?? {});
      try {
        const results = await state.service.withStore((store) => importPaths(store, body.paths, options));
        if (results.some((r) => r.status === 'loaded')) state.service.invalidate();
        await state.auth.audit({
          user: who(request),
          action: 'import',
          outcome: 'ok',
          address: 'command line',
          detail: {
            files: results.map((r) => r.file),
            imports: results.map((r) => r.importId),
            rows: results.reduce((s, r) => s + r.rowsLoaded, 0),
          },
        });
        return reply.send({ results });
      } catch (error) {
        await state.auth.audit({
          user: who(request),
          action: 'import',
          outcome: 'failed',
          address: 'command line',
          detail: { paths: body.paths, error: error instanceof Error ? error.message : String(error) },
        });
        throw error;
      }
    },
  );

  app.get('/api/local/status', { config, schema: hide }, async (request, reply) => {
    await guard(request);
    // what safer status prints: the status and each force's months judged
    return reply.send(
      await state.service.withStore(async (store) => ({
        ...(await readStatus(store)),
        forceMonths: await forceMonthGate(store),
      })),
    );
  });

  app.post(
    '/api/local/undo',
    {
      config,
      schema: {
        ...hide,
        body: {
          type: 'object',
          required: ['importId'],
          properties: { importId: { type: 'integer', minimum: 1 }, user: { type: 'string' } },
        },
      },
    },
    async (request, reply) => {
      await guard(request);
      const { importId } = request.body as { importId: number };
      const result = await undoAudited(state, importId, who(request), 'command line');
      return reply.send(result);
    },
  );

  app.post(
    '/api/local/backup',
    {
      config,
      schema: {
        ...hide,
        body: {
          type: 'object',
          required: ['out'],
          properties: { out: { type: 'string', minLength: 1 }, user: { type: 'string' } },
        },
      },
    },
    async (request, reply) => {
      await guard(request);
      const { out } = request.body as { out: string };
      const done = await backupAudited(state, out, who(request), 'command line');
      return reply.send(done);
    },
  );
}

/** Undo through the server's connection, cache cleared, audited whatever the outcome. */
export async function undoAudited(state: ServerState, importId: number, user: string, address: string) {
  try {
    const result = await state.service.withStore((store) => undoImport(store, importId, user));
    state.service.invalidate();
    await state.auth.audit({ user, action: 'undo', outcome: 'ok', address, detail: { ...result } });
    return result;
  } catch (error) {
    await state.auth.audit({
      user,
      action: 'undo',
      outcome: 'failed',
      address,
      detail: { importId, error: error instanceof Error ? error.message : String(error) },
    });
    throw error;
  }
}

/** A backup taken between two statements of the server's connection (and of the accounts file's), audited. */
export async function backupAudited(state: ServerState, out: string, user: string, address: string) {
  try {
    const done = await state.service.withStore((store) =>
      writeBackup(out, store, state.auth.path === ':memory:' ? null : state.auth),
    );
    await state.auth.audit({
      user,
      action: 'backup',
      outcome: 'ok',
      address,
      detail: { dir: done.dir, rows: Object.values(done.manifest.store.tables).reduce((s, n) => s + n, 0) },
    });
    return done;
  } catch (error) {
    await state.auth.audit({
      user,
      action: 'backup',
      outcome: 'failed',
      address,
      detail: { out, error: error instanceof Error ? error.message : String(error) },
    });
    throw error;
  }
}

/** The import options the command line may send (the same as its flags), checked. */
function importOptions(raw: Record<string, unknown>): ImportOptions {
  const options: ImportOptions = {};
  const str = (k: string): string | undefined => {
    const v = raw[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw new SaferError(`options.${k} must be text`, { code: 'E_VALIDATION' });
    return v;
  };
  const kind = str('kind');
  if (kind !== undefined) {
    if (!(IMPORT_KINDS as readonly string[]).includes(kind))
      throw new SaferError(`Unknown kind "${kind}"`, {
        code: 'E_VALIDATION',
        hint: `Use one of: ${IMPORT_KINDS.join(', ')}`,
      });
    options.kind = kind as ImportKind;
  }
  for (const k of ['rejectsDir', 'mapping', 'period', 'source'] as const) {
    const v = str(k);
    if (v !== undefined) options[k] = v;
  }
  if (Array.isArray(raw['columns'])) options.columns = raw['columns'].map(String);
  if (typeof raw['year'] === 'number') options.year = raw['year'];
  for (const k of ['skipBadRows', 'restricted', 'replace'] as const) if (raw[k] === true) options[k] = true;
  return options;
}
