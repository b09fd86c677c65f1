import { EXPORT_PAGE_TOKEN } from './pages/components.ts';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SaferError } from '../core/errors.ts';
import type { PartnershipConfig } from '../assess/config.ts';
import type { AnalystWords } from '../report/words.ts';
import type { AuthStore, SessionRecord } from './auth/store.ts';
import { can, type Permission, type Principal } from './auth/roles.ts';
import type { FailureLimiter } from './auth/rate-limit.ts';
import type { DataService } from './data/service.ts';
import type { ReportMaker } from './data/reports.ts';
import { page, type Shell } from './pages/layout.ts';
import { messageBody } from './pages/auth.ts';
import { html } from './html.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    session: SessionRecord | null;
    /** the refusal (403) this request is answered with, for the audit log */
    refusal: SaferError | null;
    /** true once a route has written its own audit entry for the refusal (uploads) */
    refusalAudited: boolean;
  }
  interface FastifyContextConfig {
    /** 'login': checked against the sign-in form's cookie; 'manual': the handler checks (uploads); default: the session's token */
    csrf?: 'session' | 'login' | 'manual' | 'none';
  }
}

export const SESSION_COOKIE = 'safer_session';
export const LOGIN_COOKIE = 'safer_login';

export interface ServerState {
  service: DataService;
  auth: AuthStore;
  reports: ReportMaker;
  noAuth: boolean;
  config: PartnershipConfig;
  words: AnalystWords;
  limits: { address: FailureLimiter; account: FailureLimiter };
  sessionTtlMs: number;
  idleMs: number;
  maxUploadBytes: number;
  /** the county name for the page header, once known */
  county: string | null;
}

export function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The HTTP status of an error the user can act on. */
export function statusOf(error: SaferError): number {
  switch (error.code) {
    case 'E_NOT_FOUND':
      return 404;
    case 'E_FORBIDDEN':
      return 403;
    case 'E_AUTH':
      return 401;
    case 'E_CSRF':
      return 403;
    case 'E_RATE_LIMIT':
      return 429;
    case 'E_TOO_LARGE':
      return 413;
    case 'E_MEDIA_TYPE':
      return 415;
    case 'E_VALIDATION':
    case 'E_PERIOD':
    case 'E_REQUEST':
      return 400;
    case 'E_USER_EXISTS':
    case 'E_REPLACE_SHRINKS':
    case 'E_UNDO_LATER':
    case 'E_UNDONE':
    case 'E_EXISTS':
      return 409;
    case 'E_PREPARING':
      return 503;
    default:
      return 422;
  }
}

export function errorBody(error: SaferError): Record<string, unknown> {
  const body: Record<string, unknown> = { error: error.message, code: error.code };
  const { file, line, column, value } = error.location;
  if (file !== undefined) body['file'] = file;
  if (line !== undefined) body['line'] = line;
  if (column !== undefined) body['column'] = column;
  if (value !== undefined) body['value'] = value;
  if (error.hint !== undefined) body['hint'] = error.hint;
  return body;
}

export function shell(
  state: ServerState,
  request: FastifyRequest,
  fields: Omit<Shell, 'user' | 'csrf' | 'county'>,
): string {
  // export links name the page they sit on (bodies are cached across URLs, so it is filled in here)
  return page({
    ...fields,
    user: request.principal!,
    csrf: request.session?.csrf ?? '',
    county: state.county,
  }).replaceAll(EXPORT_PAGE_TOKEN, encodeURIComponent(request.url));
}

/** An error as the page or API caller should see it. */
export function sendError(
  state: ServerState,
  request: FastifyRequest,
  reply: FastifyReply,
  error: SaferError,
): FastifyReply {
  const status = statusOf(error);
  if (status === 403) request.refusal = error;
  if (isApi(request) || !request.principal) {
    if (!isApi(request) && !request.principal)
      return reply.code(status).type('text/plain; charset=utf-8').send(error.message);
    return reply.code(status).send(errorBody(error));
  }
  const titles: Record<number, string> = {
    400: 'That request is not valid',
    403: 'Not allowed',
    404: 'Not found',
    413: 'Too large',
    429: 'Too many attempts',
  };
  const detail = error.hint ? html`<p class="note">${error.hint}</p>` : undefined;
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(
      shell(state, request, {
        title: titles[status] ?? 'Something needs attention',
        active: null,
        body: messageBody(titles[status] ?? 'Something needs attention', error.message, detail, [
          { href: '/', label: 'Back to the overview' },
        ]),
      }),
    );
}

/** The signed-in principal, or a refusal (401 for the API; the sign-in page for pages). */
export function requireUser(request: FastifyRequest, reply: FastifyReply): Principal | null {
  if (request.principal) return request.principal;
  if (isApi(request)) {
    void reply.code(401).send({
      error: 'sign in first',
      code: 'E_AUTH',
      hint: 'POST /api/session with {"name", "password"}, then send the cookie it sets',
    });
  } else {
    const next = request.url.startsWith('/') && !request.url.startsWith('//') ? request.url : '/';
    void reply.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
  }
  return null;
}

export function requirePermission(
  state: ServerState,
  request: FastifyRequest,
  reply: FastifyReply,
  permission: Permission,
): Principal | null {
  const user = requireUser(request, reply);
  if (!user) return null;
  if (can(user.role, permission)) return user;
  sendError(
    state,
    request,
    reply,
    new SaferError(`your role (${user.role}) may not do this`, {
      hint: 'ask an administrator if you need it',
      code: 'E_FORBIDDEN',
      value: request.url.split('?')[0],
    }),
  );
  return null;
}

/** False when the browser says the request came from a page of another site. */
export function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return true;
  try {
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}

/** Whether a request came over TLS (directly, or through a trusted proxy's X-Forwarded-Proto). */
export function isSecure(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

export function clientAddress(request: FastifyRequest): string {
  return request.ip;
}
