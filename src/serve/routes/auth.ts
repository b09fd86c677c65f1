import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SaferError } from '../../core/errors.ts';
import { dummyHash, verifyPassword } from '../auth/passwords.ts';
import { LOGIN_COOKIE, SESSION_COOKIE, clientAddress, isSecure, sendError, type ServerState } from '../context.ts';
import { loginPage } from '../pages/auth.ts';

/** Only a path of this site: never another host (no open redirect). */
export function safeNext(next: unknown): string {
  if (
    typeof next !== 'string' ||
    !next.startsWith('/') ||
    next.startsWith('//') ||
    next.startsWith('/\\') ||
    /[\r\n]/.test(next)
  )
    return '/';
  return next.length > 2000 ? '/' : next;
}

type Outcome = { ok: true; user: string } | { ok: false; status: number; message: string; retryAfter?: number };

/** Checks a sign-in: rate limits first (by address and by account), then the password, always spending the same work. */
export async function attemptLogin(
  state: ServerState,
  request: FastifyRequest,
  name: string,
  password: string,
): Promise<Outcome> {
  const address = clientAddress(request);
  const account = name.toLowerCase();
  const wait = Math.max(state.limits.address.retryAfter(address), state.limits.account.retryAfter(account));
  if (wait > 0) {
    await state.auth.audit({
      user: name.slice(0, 64),
      action: 'login',
      outcome: 'refused',
      address,
      detail: { reason: 'rate limited', retryAfter: wait },
    });
    return { ok: false, status: 429, message: 'Too many failed sign-in attempts.', retryAfter: wait };
  }
  const user = state.auth.getUser(name);
  const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !matches || user.disabled) {
    state.limits.address.fail(address);
    state.limits.account.fail(account);
    await state.auth.audit({
      user: user?.name ?? name.slice(0, 64),
      action: 'login',
      outcome: 'failed',
      address,
      detail: { reason: !user ? 'unknown account' : user.disabled && matches ? 'account disabled' : 'wrong password' },
    });
    return { ok: false, status: 401, message: 'The account name or password is not right.' };
  }
  state.limits.account.reset(account);
  await state.auth.audit({ user: user.name, action: 'login', outcome: 'ok', address });
  return { ok: true, user: user.name };
}

async function startSession(
  state: ServerState,
  request: FastifyRequest,
  reply: FastifyReply,
  user: string,
): Promise<string> {
  const { token, session } = await state.auth.createSession(user, state.sessionTtlMs);
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecure(request),
    maxAge: Math.floor(state.sessionTtlMs / 1000),
  });
  return session.csrf;
}

async function endSession(state: ServerState, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.session) {
    await state.auth.endSession(request.session.tokenHash);
    await state.auth.audit({
      user: request.principal?.name ?? null,
      action: 'logout',
      outcome: 'ok',
      address: clientAddress(request),
    });
  }
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

function loginForm(
  request: FastifyRequest,
  reply: FastifyReply,
  fields: { next: string; error?: string; name?: string; retryAfter?: number; notice?: string },
  status = 200,
): FastifyReply {
  const csrf = randomBytes(24).toString('base64url');
  reply.setCookie(LOGIN_COOKIE, csrf, {
    path: '/login',
    httpOnly: true,
    sameSite: 'strict',
    secure: isSecure(request),
    maxAge: 3600,
  });
  if (fields.retryAfter) reply.header('retry-after', String(fields.retryAfter));
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(loginPage({ csrf, ...fields }));
}

const userShape = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    role: { type: 'string', enum: ['admin', 'analyst', 'partner', 'viewer'] },
    cleared: { type: 'boolean', description: 'may see restricted datasets' },
    sources: { type: 'array', items: { type: 'string' }, description: 'sources a partner may upload to' },
    local: { type: 'boolean', description: 'true with --no-auth' },
  },
} as const;

export async function registerAuthRoutes(app: FastifyInstance, state: ServerState): Promise<void> {
  app.get(
    '/login',
    {
      schema: {
        hide: true,
        querystring: {
          type: 'object',
          properties: { next: { type: 'string', maxLength: 2000 }, signedOut: { type: 'string', maxLength: 1 } },
        },
      },
    },
    (request, reply) => {
      const q = request.query as { next?: string; signedOut?: string };
      if (request.principal) return reply.redirect(safeNext(q.next), 303);
      return loginForm(request, reply, {
        next: safeNext(q.next),
        ...(q.signedOut ? { notice: 'You are signed out.' } : {}),
      });
    },
  );

  app.post(
    '/login',
    {
      config: { csrf: 'login' },
      schema: {
        hide: true,
        body: {
          type: 'object',
          required: ['name', 'password'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 64 },
            password: { type: 'string', minLength: 1, maxLength: 200 },
            next: { type: 'string', maxLength: 2000 },
            _csrf: { type: 'string', maxLength: 100 },
          },
        },
      },
    },
    async (request, reply) => {
      const body = request.body as { name: string; password: string; next?: string };
      const next = safeNext(body.next);
      const outcome = await attemptLogin(state, request, body.name.trim(), body.password);
      if (!outcome.ok)
        return loginForm(
          request,
          reply,
          {
            next,
            error: outcome.message,
            name: body.name.slice(0, 64),
            ...(outcome.retryAfter ? { retryAfter: outcome.retryAfter } : {}),
          },
          outcome.status,
        );
      if (request.session) await state.auth.endSession(request.session.tokenHash);
      await startSession(state, request, reply, outcome.user);
      reply.clearCookie(LOGIN_COOKIE, { path: '/login' });
      return reply.redirect(next, 303);
    },
  );

  app.post('/logout', { schema: { hide: true } }, async (request, reply) => {
    if (state.noAuth) return reply.redirect('/', 303);
    await endSession(state, request, reply);
    return reply.redirect('/login?signedOut=1', 303);
  });

  app.get(
    '/api/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Who is signed in, and the CSRF token for state changes',
        response: {
          200: { type: 'object', properties: { user: userShape, csrfToken: { type: 'string', nullable: true } } },
          401: { $ref: 'ErrorBody#' },
        },
      },
    },
    (request, reply) => {
      if (!request.principal)
        return reply
          .code(401)
          .send({ error: 'not signed in', code: 'E_AUTH', hint: 'POST /api/session with {"name", "password"}' });
      return { user: request.principal, csrfToken: request.session?.csrf ?? null };
    },
  );

  app.post(
    '/api/session',
    {
      config: { csrf: 'none' },
      schema: {
        tags: ['session'],
        summary: 'Sign in: sets the session cookie and returns the CSRF token',
        description:
          'JSON only (a cross-site form cannot send it). Failed attempts are limited per address and per account (429 with Retry-After).',
        security: [],
        body: {
          type: 'object',
          required: ['name', 'password'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 64 },
            password: { type: 'string', minLength: 1, maxLength: 200 },
          },
        },
        response: {
          200: { type: 'object', properties: { user: userShape, csrfToken: { type: 'string' } } },
          401: { $ref: 'ErrorBody#' },
          415: { $ref: 'ErrorBody#' },
          429: { $ref: 'ErrorBody#' },
        },
      },
    },
    async (request, reply) => {
      if (
        !String(request.headers['content-type'] ?? '')
          .toLowerCase()
          .startsWith('application/json')
      ) {
        return reply
          .code(415)
          .send({ error: 'send JSON', code: 'E_MEDIA_TYPE', hint: 'Content-Type: application/json' });
      }
      const body = request.body as { name: string; password: string };
      const outcome = await attemptLogin(state, request, body.name.trim(), body.password);
      if (!outcome.ok) {
        if (outcome.retryAfter) reply.header('retry-after', String(outcome.retryAfter));
        return sendError(
          state,
          request,
          reply,
          new SaferError(outcome.message, {
            code: outcome.status === 429 ? 'E_RATE_LIMIT' : 'E_AUTH',
            ...(outcome.retryAfter ? { hint: `try again in ${outcome.retryAfter} s` } : {}),
          }),
        );
      }
      if (request.session) await state.auth.endSession(request.session.tokenHash);
      const csrfToken = await startSession(state, request, reply, outcome.user);
      const user = state.auth.getUser(outcome.user)!;
      return { user: state.auth.principal(user), csrfToken };
    },
  );

  app.delete(
    '/api/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign out',
        response: { 204: { type: 'null' }, 401: { $ref: 'ErrorBody#' }, 403: { $ref: 'ErrorBody#' } },
      },
    },
    async (request, reply) => {
      if (!request.principal) return reply.code(401).send({ error: 'not signed in', code: 'E_AUTH' });
      await endSession(state, request, reply);
      return reply.code(204).send();
    },
  );
}
