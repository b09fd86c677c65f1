import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SaferError } from '../../core/errors.ts';
import { ROLES, type Role } from '../auth/roles.ts';
import { AUDIT_ACTIONS, type AuditAction } from '../auth/store.ts';
import { clientAddress, requirePermission, shell, statusOf, type ServerState } from '../context.ts';
import { uploadTargets } from '../data/uploads.ts';
import { adminBody } from '../pages/admin.ts';
import { workingDistrict } from '../data/home.ts';
import { registerAuditExportRoutes } from './audit-export.ts';

function sourcesFrom(value: string | string[] | undefined): string[] {
  // a list of checkboxes (one field per source) or, from older forms and scripts, comma-separated text
  return (Array.isArray(value) ? value.join(',') : (value ?? ''))
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface AuditFilter {
  action?: AuditAction;
  user?: string;
  outcome?: 'ok' | 'failed' | 'refused';
  from?: string;
  to?: string;
}

const DAY = { type: 'string', pattern: '^$|^[0-9]{4}-[0-9]{2}-[0-9]{2}$' } as const;
export const auditQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    action: { type: 'string', enum: ['', ...AUDIT_ACTIONS] },
    user: { type: 'string', maxLength: 64 },
    outcome: { type: 'string', enum: ['', 'ok', 'failed', 'refused'] },
    from: DAY,
    to: DAY,
  },
} as const;

export function auditFilter(query: unknown): AuditFilter {
  const q = (query ?? {}) as Record<string, string | undefined>;
  const out: AuditFilter = {};
  if (q['action']) out.action = q['action'] as AuditAction;
  if (q['user']) out.user = q['user'];
  if (q['outcome']) out.outcome = q['outcome'] as AuditFilter['outcome'];
  if (q['from']) out.from = q['from'];
  if (q['to']) out.to = q['to'];
  return out;
}

async function renderAdmin(
  state: ServerState,
  request: FastifyRequest,
  reply: FastifyReply,
  message?: { ok: boolean; text: string },
  status = 200,
): Promise<FastifyReply> {
  const filter = request.method === 'GET' ? auditFilter(request.query) : {};
  const [audit, sources] = await Promise.all([
    state.auth.auditLog({ limit: 500, ...filter }),
    uploadTargets(state.service),
  ]);
  const home = await workingDistrict(state, request);
  const districts = (await state.service.areas()).districts
    .filter((d) => d.covered)
    .map((d) => ({ code: d.code, name: d.name }));
  const body = adminBody({
    csrf: request.session?.csrf ?? '',
    users: state.auth.listUsers(),
    audit,
    sources,
    self: request.principal!.name,
    districts,
    installationHome: state.auth.installationHome(),
    auditFilter: filter,
    ...(message ? { message } : {}),
  });
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(shell(state, request, { title: 'Accounts', active: 'admin', ...(home ? { home } : {}), body }));
}

const userBody = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 64 },
    role: { type: 'string', enum: [...ROLES] },
    password: { type: 'string', maxLength: 200 },
    cleared: { type: 'string', enum: ['1', 'true', 'on'] },
    disabled: { type: 'string', enum: ['1', 'true', 'on'] },
    sources: {
      anyOf: [
        { type: 'string', maxLength: 2000 },
        { type: 'array', maxItems: 200, items: { type: 'string', maxLength: 100 } },
      ],
    },
    _csrf: { type: 'string', maxLength: 100 },
  },
} as const;

const publicUser = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    role: { type: 'string' },
    cleared: { type: 'boolean' },
    sources: { type: 'array', items: { type: 'string' } },
    disabled: { type: 'boolean' },
    createdAt: { type: 'string' },
  },
} as const;
const errors = {
  400: { $ref: 'ErrorBody#' },
  401: { $ref: 'ErrorBody#' },
  403: { $ref: 'ErrorBody#' },
  404: { $ref: 'ErrorBody#' },
  409: { $ref: 'ErrorBody#' },
  422: { $ref: 'ErrorBody#' },
} as const;

/** The Accounts page again, saying what was wrong with the form (errors that are not the user's are thrown on). */
function renderAdminError(
  state: ServerState,
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
): Promise<FastifyReply> {
  if (!(error instanceof SaferError)) throw error;
  const text = `${error.message}${error.hint ? `: ${error.hint}` : ''}`;
  return renderAdmin(state, request, reply, { ok: false, text }, statusOf(error));
}

export async function registerAdminRoutes(app: FastifyInstance, state: ServerState): Promise<void> {
  await registerAuditExportRoutes(app, state);
  app.get('/admin', { schema: { hide: true, querystring: auditQuery } }, async (request, reply) => {
    if (!requirePermission(state, request, reply, 'manage-users')) return reply;
    return renderAdmin(state, request, reply);
  });

  app.post(
    '/admin/users',
    { schema: { hide: true, body: { ...userBody, required: ['name', 'role', 'password'] } } },
    async (request, reply) => {
      const admin = requirePermission(state, request, reply, 'manage-users');
      if (!admin) return reply;
      const b = request.body as {
        name: string;
        role: Role;
        password: string;
        cleared?: string;
        sources?: string | string[];
      };
      try {
        const user = await state.auth.createUser({
          name: b.name.trim(),
          role: b.role,
          password: b.password,
          cleared: b.cleared !== undefined,
          sources: sourcesFrom(b.sources),
        });
        await state.auth.audit({
          user: admin.name,
          action: 'user-created',
          outcome: 'ok',
          address: clientAddress(request),
          detail: { account: user.name, role: user.role, cleared: user.cleared, sources: user.sources },
        });
        return renderAdmin(state, request, reply, { ok: true, text: `Account ${user.name} created (${user.role}).` });
      } catch (error) {
        return renderAdminError(state, request, reply, error);
      }
    },
  );

  app.post(
    '/admin/users/:name',
    {
      schema: {
        hide: true,
        params: { type: 'object', properties: { name: { type: 'string', maxLength: 64 } } },
        body: userBody,
      },
    },
    async (request, reply) => {
      const admin = requirePermission(state, request, reply, 'manage-users');
      if (!admin) return reply;
      const name = (request.params as { name: string }).name;
      const b = request.body as {
        role?: Role;
        password?: string;
        cleared?: string;
        disabled?: string;
        sources?: string | string[];
      };
      try {
        if (name.toLowerCase() === admin.name.toLowerCase() && b.role && b.role !== 'admin')
          throw new SaferError('you cannot take the administrator role from your own account', {
            code: 'E_VALIDATION',
            hint: 'another administrator can',
          });
        const user = await state.auth.updateUser(name, {
          ...(b.role ? { role: b.role } : {}),
          cleared: b.cleared !== undefined,
          disabled: name.toLowerCase() === admin.name.toLowerCase() ? false : b.disabled !== undefined,
          sources: sourcesFrom(b.sources),
          ...(b.password ? { password: b.password } : {}),
        });
        await state.auth.audit({
          user: admin.name,
          action: b.password ? 'password-changed' : 'user-changed',
          outcome: 'ok',
          address: clientAddress(request),
          detail: {
            account: user.name,
            role: user.role,
            cleared: user.cleared,
            disabled: user.disabled,
            sources: user.sources,
          },
        });
        return renderAdmin(state, request, reply, { ok: true, text: `Account ${user.name} saved.` });
      } catch (error) {
        return renderAdminError(state, request, reply, error);
      }
    },
  );

  app.get(
    '/api/users',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Every account (administrators)',
        response: { 200: { type: 'object', properties: { users: { type: 'array', items: publicUser } } }, ...errors },
      },
    },
    async (request, reply) => {
      if (!requirePermission(state, request, reply, 'manage-users')) return reply;
      return { users: state.auth.listUsers() };
    },
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Creates an account (administrators)',
        body: {
          type: 'object',
          required: ['name', 'role', 'password'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 64 },
            role: { type: 'string', enum: [...ROLES] },
            password: { type: 'string', minLength: 1, maxLength: 200 },
            cleared: { type: 'boolean' },
            sources: { type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: 100 },
          },
        },
        response: { 201: publicUser, ...errors },
      },
    },
    async (request, reply) => {
      const admin = requirePermission(state, request, reply, 'manage-users');
      if (!admin) return reply;
      const b = request.body as { name: string; role: Role; password: string; cleared?: boolean; sources?: string[] };
      const user = await state.auth.createUser(b);
      await state.auth.audit({
        user: admin.name,
        action: 'user-created',
        outcome: 'ok',
        address: clientAddress(request),
        detail: { account: user.name, role: user.role },
      });
      return reply.code(201).send(user);
    },
  );

  app.patch(
    '/api/users/:name',
    {
      schema: {
        tags: ['accounts'],
        summary: "Changes an account's role, clearance, sources, password or status (administrators)",
        params: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 64 } } },
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            role: { type: 'string', enum: [...ROLES] },
            password: { type: 'string', minLength: 1, maxLength: 200 },
            cleared: { type: 'boolean' },
            disabled: { type: 'boolean' },
            sources: { type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: 100 },
          },
        },
        response: { 200: publicUser, ...errors },
      },
    },
    async (request, reply) => {
      const admin = requirePermission(state, request, reply, 'manage-users');
      if (!admin) return reply;
      const name = (request.params as { name: string }).name;
      const b = request.body as {
        role?: Role;
        password?: string;
        cleared?: boolean;
        disabled?: boolean;
        sources?: string[];
      };
      if (name.toLowerCase() === admin.name.toLowerCase() && ((b.role && b.role !== 'admin') || b.disabled))
        throw new SaferError('you cannot demote or disable your own account', { code: 'E_VALIDATION' });
      const user = await state.auth.updateUser(name, b);
      await state.auth.audit({
        user: admin.name,
        action: b.password ? 'password-changed' : 'user-changed',
        outcome: 'ok',
        address: clientAddress(request),
        detail: { account: user.name },
      });
      return user;
    },
  );

  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['accounts'],
        summary: 'The audit log: sign-ins, uploads, report generations, account changes (administrators)',
        description:
          'Filter by action, account (user), outcome and days (from, to: YYYY-MM-DD, inclusive). The same filters give a CSV at /admin/audit.csv.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            offset: { type: 'integer', minimum: 0, default: 0 },
            ...auditQuery.properties,
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              entries: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'integer' },
                    at: { type: 'string' },
                    user: { type: 'string', nullable: true },
                    action: { type: 'string' },
                    outcome: { type: 'string' },
                    address: { type: 'string', nullable: true },
                    detail: { type: 'object', additionalProperties: true },
                  },
                },
              },
            },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      if (!requirePermission(state, request, reply, 'manage-users')) return reply;
      const q = request.query as { limit: number; offset: number };
      return { entries: await state.auth.auditLog({ limit: q.limit, offset: q.offset, ...auditFilter(q) }) };
    },
  );
}
