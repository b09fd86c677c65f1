import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import { SaferError } from '../core/errors.ts';
import type { Store } from '../store/db.ts';
import type { PartnershipConfig } from '../assess/config.ts';
import type { AnalystWords } from '../report/words.ts';
import { VERSION } from '../version.ts';
import type { AuthStore } from './auth/store.ts';
import { DEFAULT_LOGIN_LIMITS, FailureLimiter, type LimitRule } from './auth/rate-limit.ts';
import { DataService } from './data/service.ts';
import { readiness } from '../store/check.ts';
import { ReportMaker } from './data/reports.ts';
import {
  LOGIN_COOKIE,
  SESSION_COOKIE,
  clientAddress,
  isApi,
  isSecure,
  sameOrigin,
  sameToken,
  sendError,
  type ServerState,
} from './context.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { registerPageRoutes } from './routes/pages.ts';
import { registerApiRoutes } from './routes/api.ts';
import { namedComponents } from './routes/contract-schemas.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerDataRoutes } from './routes/data.ts';
import { registerSourceRoutes } from './routes/sources.ts';
import { registerLocalRoutes } from './routes/local.ts';
import { registerExportRoutes } from './routes/export.ts';
import { registerPreferenceRoutes } from './routes/prefs.ts';

export interface ServerOptions {
  store: Store;
  auth: AuthStore;
  config: PartnershipConfig;
  words: AnalystWords;
  /** no sign-in: everyone is a local administrator (only allowed on 127.0.0.1 / localhost by the CLI) */
  noAuth?: boolean;
  /** trust X-Forwarded-Proto / X-Forwarded-For from a reverse proxy (cookies get Secure behind TLS) */
  trustProxy?: boolean;
  maxUploadBytes?: number;
  sessionTtlMs?: number;
  idleMs?: number;
  loginLimits?: { address: LimitRule; account: LimitRule };
  logger?: boolean;
  /** Assessments kept in memory */
  cacheSize?: number;
  /** TLS key and certificate (PEM) to serve HTTPS directly */
  https?: { key: Buffer; cert: Buffer } | null;
  /** token of the command line's loopback API (routes/local.ts); absent: no such API */
  localToken?: string;
}

export interface SaferServer {
  app: FastifyInstance;
  state: ServerState;
  /** closes the server, Chromium and the accounts file (not the data store, which the caller owns) */
  close(): Promise<void>;
}

const ASSET_DIR = new URL('./assets/', import.meta.url);
const ASSETS = {
  'app.css': { type: 'text/css; charset=utf-8', body: readFileSync(new URL('app.css', ASSET_DIR)) },
  'app.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(new URL('app.js', ASSET_DIR)) },
};
const FAVICON = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path d="M16 2 4 6.5v8.2C4 22.3 9.2 28 16 30c6.8-2 12-7.7 12-15.3V6.5z" fill="#ffbf47"/><path d="M16 5.2 7 8.6v6.2c0 5.9 3.9 10.4 9 12.1 5.1-1.7 9-6.2 9-12.1V8.6z" fill="#1d2b4f"/><path d="m11.5 16.3 3.3 3.3 6.7-7.1" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/></svg>',
);

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The dashboard, API and uploads as a Fastify app (not yet listening): `app.inject` drives it in
 * tests, the CLI calls `app.listen`.
 */
export async function buildServer(options: ServerOptions): Promise<SaferServer> {
  const app = Fastify({
    logger: options.logger ? { level: 'info' } : false,
    trustProxy: options.trustProxy === true,
    bodyLimit: 1024 * 1024,
    ...(options.https ? { https: options.https } : {}),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }) as unknown as FastifyInstance;
  const service = new DataService({
    store: options.store,
    config: options.config,
    words: options.words,
    ...(options.cacheSize ? { cacheSize: options.cacheSize } : {}),
  });
  const limits = options.loginLimits ?? DEFAULT_LOGIN_LIMITS;
  const state: ServerState = {
    service,
    auth: options.auth,
    reports: new ReportMaker(service),
    noAuth: options.noAuth === true,
    config: options.config,
    words: options.words,
    limits: { address: new FailureLimiter(limits.address), account: new FailureLimiter(limits.account) },
    sessionTtlMs: options.sessionTtlMs ?? 12 * 3600_000,
    idleMs: options.idleMs ?? 2 * 3600_000,
    maxUploadBytes: options.maxUploadBytes ?? 50 * 1024 * 1024,
    county: null,
  };

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await app.register(multipart, {
    limits: { fileSize: state.maxUploadBytes, files: 1, fields: 10, fieldSize: 4096, parts: 12 },
  });
  await app.register(swagger, {
    refResolver: namedComponents,
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Safer API',
        version: VERSION,
        description:
          'The Community Safety Partnership strategic assessment as JSON: areas, the Assessment and its parts, monthly monitoring, peers, data status, imports (uploads) and report documents. ' +
          'Sign in with POST /api/session; send the session cookie it sets and, on every POST/PATCH/DELETE, the csrfToken it returns in the X-CSRF-Token header. ' +
          'Errors: {error, code, file?, line?, column?, value?, hint?}.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
      tags: [
        { name: 'session', description: 'Sign in and out' },
        { name: 'assessment', description: 'The Assessment and its parts' },
        { name: 'data', description: 'What is loaded, and uploads' },
        { name: 'reports', description: 'Report documents' },
        { name: 'accounts', description: 'Accounts and the audit log (administrators)' },
      ],
    },
  });
  app.addSchema({
    $id: 'ErrorBody',
    type: 'object',
    required: ['error', 'code'],
    properties: {
      error: { type: 'string', description: 'what was wrong' },
      code: { type: 'string', description: 'a stable code, e.g. E_VALIDATION, E_AUTH, E_FORBIDDEN, E_CSRF, E_IMPORT' },
      file: { type: 'string' },
      line: { type: 'integer' },
      column: { oneOf: [{ type: 'integer' }, { type: 'string' }] },
      value: { type: 'string' },
      hint: { type: 'string', description: 'what to do about it' },
    },
  });

  app.decorateRequest('principal', null);
  app.decorateRequest('session', null);
  app.decorateRequest('refusal', null);
  app.decorateRequest('refusalAudited', false);

  // every refusal (403: role, clearance, CSRF, another site) is in the audit log, written before
  // the answer leaves; uploads write their own entry with the file and target
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode !== 403 || request.refusalAudited) return payload;
    request.refusalAudited = true;
    const error = request.refusal;
    try {
      await state.auth.audit({
        user: request.principal?.local ? 'local' : (request.principal?.name ?? null),
        action: 'refused',
        outcome: 'refused',
        address: clientAddress(request),
        detail: {
          method: request.method,
          path: request.url.split('?')[0],
          code: error?.code ?? 'E_FORBIDDEN',
          error: error?.message ?? null,
          role: request.principal?.role ?? null,
        },
      });
    } catch (failure) {
      request.log.error(failure);
    }
    return payload;
  });

  // who is asking: the session cookie (or, with --no-auth, the local administrator)
  app.addHook('onRequest', async (request, reply) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    if (isSecure(request)) reply.header('strict-transport-security', 'max-age=31536000');
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const session = state.auth.findSession(token, state.idleMs);
      const user = session ? state.auth.getUser(session.user) : undefined;
      if (session && state.noAuth && session.user === 'local') {
        request.session = session;
        request.principal = { name: 'local', role: 'admin', cleared: true, sources: [], local: true };
      } else if (session && user && !user.disabled) {
        request.session = session;
        request.principal = state.auth.principal(user);
      }
    }
    if (!request.principal && state.noAuth) {
      request.principal = { name: 'local', role: 'admin', cleared: true, sources: [], local: true };
      // a browser gets a session (for its CSRF token) on its first page; API reads need none
      if (request.method === 'GET' && !isApi(request) && !request.url.startsWith('/assets/')) {
        const { token: fresh, session } = await state.auth.createSession('local', state.sessionTtlMs);
        reply.setCookie(SESSION_COOKIE, fresh, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: isSecure(request),
        });
        request.session = session;
      }
    }
  });

  // CSRF: every state change carries the session's token (form field _csrf or header X-CSRF-Token)
  // and, when the browser sends one, an Origin of this host
  app.addHook('preHandler', async (request, reply) => {
    if (!STATE_CHANGING.has(request.method)) return;
    const mode = request.routeOptions.config.csrf ?? 'session';
    if (mode === 'none' || mode === 'manual') return;
    if (!sameOrigin(request))
      return sendError(
        state,
        request,
        reply,
        new SaferError('the request came from another site', { code: 'E_CSRF', value: request.headers.origin }),
      );
    const body = request.body as Record<string, unknown> | undefined;
    const sent =
      (request.headers['x-csrf-token'] as string | undefined) ??
      (typeof body?.['_csrf'] === 'string' ? body['_csrf'] : undefined);
    const expected = mode === 'login' ? request.cookies[LOGIN_COOKIE] : request.session?.csrf;
    if (mode === 'session' && !request.principal) return; // the route refuses it (401 / sign-in page)
    if (!sameToken(sent, expected)) {
      return sendError(
        state,
        request,
        reply,
        new SaferError('the form has expired or did not come from this site (CSRF token missing or wrong)', {
          code: 'E_CSRF',
          hint: isApi(request)
            ? 'send the csrfToken from POST /api/session in the X-CSRF-Token header'
            : 'reload the page and try again',
        }),
      );
    }
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof SaferError) return sendError(state, request, reply, error);
    const e = error as {
      validation?: unknown;
      statusCode?: number;
      code?: string;
      message: string;
      validationContext?: string;
    };
    if (e.validation) {
      const issue = (
        e.validation as { instancePath?: string; message?: string; params?: Record<string, unknown> }[]
      )[0];
      const where = `${e.validationContext ?? 'request'}${issue?.instancePath ? issue.instancePath.replaceAll('/', '.') : ''}`;
      const missing = issue?.params?.['missingProperty'];
      const field = typeof missing === 'string' ? `${where}.${missing}` : where;
      return sendError(
        state,
        request,
        reply,
        new SaferError(`${field}: ${issue?.message ?? 'not valid'}`, {
          code: 'E_VALIDATION',
          hint: 'see /api/openapi.json for what each route takes',
        }),
      );
    }
    if (e.code === 'FST_REQ_FILE_TOO_LARGE' || e.statusCode === 413) {
      return sendError(
        state,
        request,
        reply,
        new SaferError(`the file is larger than the ${Math.round(state.maxUploadBytes / 1024 / 1024)} MB allowed`, {
          code: 'E_TOO_LARGE',
          hint: 'split it (one file per year), or compress a CSV with gzip',
        }),
      );
    }
    if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return sendError(
        state,
        request,
        reply,
        new SaferError(
          e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
            ? 'the body is empty, but its type says JSON'
            : 'the body is not valid JSON',
          {
            code: 'E_VALIDATION',
            hint: 'send a JSON object, e.g. {"name": "…", "password": "…"}; see /api/openapi.json',
          },
        ),
      );
    }
    if (e.statusCode === 415 || e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendError(
        state,
        request,
        reply,
        new SaferError(`this route does not take ${String(request.headers['content-type'] ?? 'that content type')}`, {
          code: 'E_MEDIA_TYPE',
          hint: 'see /api/openapi.json for what each route takes',
        }),
      );
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      // other request errors keep the meaning of their status: a bad request is 400, never 422
      return sendError(
        state,
        request,
        reply,
        new SaferError(e.message, {
          code: e.statusCode === 413 ? 'E_TOO_LARGE' : e.statusCode === 404 ? 'E_NOT_FOUND' : 'E_REQUEST',
        }),
      );
    }
    request.log.error(error);
    if (isApi(request))
      return reply
        .code(500)
        .send({ error: 'internal error', code: 'E_INTERNAL', hint: 'the server log has the details' });
    return reply.code(500).type('text/plain; charset=utf-8').send('Internal error: the server log has the details.');
  });

  app.setNotFoundHandler((request, reply) => {
    if (!isApi(request) && !request.principal)
      return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    return sendError(
      state,
      request,
      reply,
      new SaferError('there is nothing at this address', { code: 'E_NOT_FOUND', value: request.url.split('?')[0] }),
    );
  });

  for (const [name, asset] of Object.entries(ASSETS)) {
    app.get(`/assets/${name}`, { schema: { hide: true } }, (_request, reply) =>
      reply.type(asset.type).header('cache-control', 'public, max-age=3600').send(asset.body),
    );
  }
  app.get('/favicon.svg', { schema: { hide: true } }, (_request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(FAVICON),
  );
  // liveness: the process answers (nothing else is touched, so it stays fast under load)
  app.get('/healthz', { schema: { hide: true } }, (_request, reply) => reply.send({ ok: true }));
  // readiness: the store answers a real query over every table (its count and first row)
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      const { tables, rows } = await service.withStore((store) => readiness(store));
      return reply.send({ ok: true, tables, rows });
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error))
        .split('\n')[0]!
        .replaceAll(options.store.path, basename(options.store.path));
      return reply.code(503).send({
        ok: false,
        error: `the store cannot be read: ${reason}`,
        hint: 'run safer check on the store (with the server stopped) for what is wrong and what to do',
      });
    }
  });

  await registerAuthRoutes(app, state);
  await registerApiRoutes(app, state);
  await registerDataRoutes(app, state);
  await registerSourceRoutes(app, state);
  await registerExportRoutes(app, state);
  await registerPreferenceRoutes(app, state);
  await registerAdminRoutes(app, state);
  await registerPageRoutes(app, state);
  if (options.localToken) await registerLocalRoutes(app, state, options.localToken);

  app.addHook('onClose', async () => {
    await state.reports.close();
  });

  return {
    app,
    state,
    async close() {
      await app.close();
    },
  };
}
