import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SaferError } from '../../core/errors.ts';
import { clientAddress, requirePermission, sendError, type ServerState } from '../context.ts';
import { ALL_DISTRICTS_COOKIE, homeScope } from '../data/home.ts';
import { AREA_CODE } from './pages.ts';

/** A path on this site to come back to (never another site: no scheme, no `//`). */
function localPath(next: string | undefined): string {
  return next && /^\/(?![/\\])[^\s]*$/.test(next) && next.length <= 600 ? next : '/';
}

async function coveredDistrict(state: ServerState, code: string): Promise<void> {
  const district = (await state.service.areas()).districts.find((d) => d.code === code);
  if (!district) throw new SaferError('there is no such district in the store', { code: 'E_NOT_FOUND', value: code });
  if (!district.covered)
    throw new SaferError(`${district.name} has too little data to assess, so it cannot be a home district`, {
      code: 'E_VALIDATION',
      value: code,
      hint: 'choose a district the picker lists',
    });
}

/** Home districts (per account, and the installation's default) and the district picker's toggle. */
export async function registerPreferenceRoutes(app: FastifyInstance, state: ServerState): Promise<void> {
  const setHome = async (request: FastifyRequest, reply: FastifyReply, scope: 'account' | 'installation') => {
    const user = requirePermission(state, request, reply, scope === 'installation' ? 'manage-users' : 'view');
    if (!user) return reply;
    const b = request.body as { area?: string; next?: string };
    const area = b.area && b.area !== '' ? b.area : null;
    try {
      if (area !== null) await coveredDistrict(state, area);
      await state.auth.setHome(scope === 'installation' ? 'installation' : homeScope(request), area);
      await state.auth.audit({
        user: user.local ? 'local' : user.name,
        action: 'user-changed',
        outcome: 'ok',
        address: clientAddress(request),
        detail: { home: area, scope },
      });
    } catch (error) {
      if (error instanceof SaferError) return sendError(state, request, reply, error);
      throw error;
    }
    if (request.url.startsWith('/api/')) return reply.send({ home: area, scope });
    return reply.redirect(localPath(b.next), 303);
  };
  const formBody = {
    type: 'object',
    properties: {
      area: { anyOf: [AREA_CODE, { type: 'string', maxLength: 0 }] },
      next: { type: 'string', maxLength: 600 },
      _csrf: { type: 'string', maxLength: 100 },
    },
  } as const;
  app.post('/account/home', { schema: { hide: true, body: formBody } }, (request, reply) =>
    setHome(request, reply, 'account'),
  );
  app.post('/admin/home-default', { schema: { hide: true, body: formBody } }, (request, reply) =>
    setHome(request, reply, 'installation'),
  );
  const apiBody = {
    type: 'object',
    additionalProperties: false,
    properties: {
      area: { anyOf: [AREA_CODE, { type: 'string', maxLength: 0 }], description: 'district code; empty to clear' },
    },
  } as const;
  app.put(
    '/api/account/home',
    {
      schema: {
        tags: ['accounts'],
        summary: "Sets the signed-in account's home district (where it lands after sign-in)",
        body: apiBody,
      },
    },
    (request, reply) => setHome(request, reply, 'account'),
  );
  app.put(
    '/api/settings/home',
    {
      schema: {
        tags: ['accounts'],
        summary: "Sets the installation's default home district (administrators)",
        body: apiBody,
      },
    },
    (request, reply) => setHome(request, reply, 'installation'),
  );
  app.get(
    '/api/account/home',
    { schema: { tags: ['accounts'], summary: "The account's home district and the installation's default" } },
    async (request, reply) => {
      if (!requirePermission(state, request, reply, 'view')) return reply;
      return reply.send({
        home: state.auth.ownHome(homeScope(request).user),
        installation: state.auth.installationHome(),
      });
    },
  );
  app.get(
    '/prefs/districts',
    {
      schema: {
        hide: true,
        querystring: {
          type: 'object',
          required: ['show'],
          properties: { show: { type: 'string', enum: ['all', 'covered'] }, next: { type: 'string', maxLength: 600 } },
        },
      },
    },
    async (request, reply) => {
      if (!requirePermission(state, request, reply, 'view')) return reply;
      const q = request.query as { show: 'all' | 'covered'; next?: string };
      reply.setCookie(ALL_DISTRICTS_COOKIE, q.show === 'all' ? '1' : '0', {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        maxAge: 365 * 86400,
      });
      return reply.redirect(localPath(q.next), 303);
    },
  );
}
