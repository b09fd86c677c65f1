import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SaferError } from '../../core/errors.ts';
import { buildContext } from '../../report/build/context.ts';
import { uniqueMeasures } from '../../report/build/measures.ts';
import { requirePermission, sendError, shell, type ServerState } from '../context.ts';
import { wardProfile, wardsOf } from '../data/ward.ts';
import { wardUrl } from '../pages/links.ts';
import { wardBody, wardsBody, type WardSlice } from '../pages/ward.ts';
import { AREA_CODE, END_MONTH, MEASURE_ID, cachedBody, loadArea, navFor, sendPage } from './pages.ts';

const WARD_CODE = { type: 'string', pattern: '^[A-Za-z0-9]{1,20}$', description: 'ward code, e.g. E05990001' } as const;
const MONTH = { ...END_MONTH, description: 'a month, YYYY-MM' } as const;

const sliceQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { end: END_MONTH, measure: MEASURE_ID, from: MONTH, to: MONTH, ward: WARD_CODE },
} as const;

interface SliceQuery {
  end?: string;
  measure?: string;
  from?: string;
  to?: string;
  ward?: string;
}

function checkRange(q: SliceQuery): void {
  if (q.from && q.to && q.from > q.to)
    throw new SaferError('the month range starts after it ends', {
      code: 'E_VALIDATION',
      value: `from=${q.from}, to=${q.to}`,
      hint: 'choose a "From" month no later than the "To" month',
    });
}

/**
 * Ward pages: `/area/{code}/wards` (every ward for one measure; the breadcrumb level) and
 * `/area/{code}/wards/{ward}` (the ward's profile), sliced by measure and month range through
 * query parameters. The slicer form posts (GET) to the list, which redirects to the chosen ward.
 */
export async function registerWardRoutes(app: FastifyInstance, state: ServerState): Promise<void> {
  const guard = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!requirePermission(state, request, reply, 'view')) return reply;
    return undefined;
  };

  app.get(
    '/area/:code/wards',
    {
      schema: {
        hide: true,
        params: { type: 'object', required: ['code'], properties: { code: AREA_CODE } },
        querystring: sliceQuery,
      },
      preHandler: guard,
    },
    (request, reply) => listPage(state, request, reply),
  );

  app.get(
    '/area/:code/wards/:ward',
    {
      schema: {
        hide: true,
        params: { type: 'object', required: ['code', 'ward'], properties: { code: AREA_CODE, ward: WARD_CODE } },
        querystring: { ...sliceQuery, properties: { end: END_MONTH, measure: MEASURE_ID, from: MONTH, to: MONTH } },
      },
      preHandler: guard,
    },
    (request, reply) => wardPage(state, request, reply),
  );
}

async function listPage(state: ServerState, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const q = request.query as SliceQuery;
  const { code } = request.params as { code: string };
  if (q.ward) return reply.redirect(wardUrl(code, q.ward, q.end, { measure: q.measure, from: q.from, to: q.to }), 303);
  const loaded = await loadArea(state, request, reply);
  if (!loaded) return reply;
  const { a, endParam } = loaded;
  const measures = uniqueMeasures(a).filter((m) => m.available && m.local.ward);
  const chosen = q.measure
    ? measures.find((m) => m.id === q.measure || m.countedAs === q.measure)
    : (measures.find((m) => m.id === 'all-crime') ?? measures[0]);
  if (!chosen)
    return fail(
      state,
      request,
      reply,
      new SaferError('no such measure with ward figures in this assessment', {
        code: 'E_NOT_FOUND',
        value: q.measure ?? 'all-crime',
        hint: `measures: ${measures.map((m) => m.id).join(', ')}`,
      }),
    );
  const body = await cachedBody(
    state,
    `wards|${a.area.code}|${a.period.end}|${request.principal!.cleared}|${endParam ?? ''}|${chosen.id}`,
    () => {
      const signals = a.monitoring?.signals ?? [];
      const rows = (chosen.local.ward?.rows ?? []).map((row) => ({
        row,
        signals: signals.filter((s) => s.area.code === row.code).length,
      }));
      return wardsBody({ a, ctx: buildContext(a, { edition: 'full', words: state.words }), endParam }, rows, chosen);
    },
  );
  return sendPage(
    reply,
    shell(state, request, {
      title: `Wards: ${loaded.district.name}`,
      active: null,
      nav: await navFor(state, loaded, 'overview', undefined, request),
      body,
    }),
  );
}

async function wardPage(state: ServerState, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const q = request.query as SliceQuery;
  try {
    checkRange(q);
  } catch (error) {
    return fail(state, request, reply, error);
  }
  const loaded = await loadArea(state, request, reply);
  if (!loaded) return reply;
  const { a, endParam } = loaded;
  const code = (request.params as { ward: string }).ward;
  const ward = wardProfile(a, code);
  if (!ward)
    return fail(
      state,
      request,
      reply,
      new SaferError(`no ward ${code} in ${loaded.district.name}`, {
        code: 'E_NOT_FOUND',
        value: code,
        hint: `open the district's wards: /area/${a.area.code}/wards`,
      }),
    );
  if (q.measure && !ward.measures.some((w) => w.measure.id === q.measure || w.measure.countedAs === q.measure))
    return fail(
      state,
      request,
      reply,
      new SaferError('no such measure with ward figures in this assessment', {
        code: 'E_NOT_FOUND',
        value: q.measure,
        hint: `measures: ${ward.measures.map((w) => w.measure.id).join(', ')}`,
      }),
    );
  const slice: WardSlice = { measure: q.measure, from: q.from, to: q.to };
  const body = await cachedBody(
    state,
    `ward|${a.area.code}|${a.period.end}|${request.principal!.cleared}|${endParam ?? ''}|${code}|${q.measure ?? ''}|${q.from ?? ''}|${q.to ?? ''}`,
    () =>
      wardBody({ a, ctx: buildContext(a, { edition: 'full', words: state.words }), endParam }, ward, wardsOf(a), slice),
  );
  return sendPage(
    reply,
    shell(state, request, {
      title: `${ward.name}: ${loaded.district.name}`,
      active: null,
      nav: await navFor(state, loaded, 'overview', undefined, request),
      body,
    }),
  );
}

function fail(state: ServerState, request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof SaferError) return sendError(state, request, reply, error);
  throw error;
}
