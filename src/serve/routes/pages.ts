import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Assessment } from '../../assess/schema.ts';
import { SaferError } from '../../core/errors.ts';
import { addMonths } from '../../core/periods/index.ts';
import { buildContext } from '../../report/build/context.ts';
import { uniqueMeasures } from '../../report/build/measures.ts';
import { monthLong } from '../../report/format.ts';
import { can } from '../auth/roles.ts';
import { clientAddress, requirePermission, sendError, shell, type ServerState } from '../context.ts';
import type { District } from '../data/service.ts';
import { countyTable } from '../data/peers.ts';
import { monitoring } from '../data/monitoring.ts';
import { EDITIONS, REPORT_FORMATS, type Edition, type ReportFormat } from '../data/reports.ts';
import { query, type SafeHtml } from '../html.ts';
import { areaUrl, type AreaView, type Tab } from '../pages/layout.ts';
import { overviewBody, type AreaPageContext } from '../pages/overview.ts';
import { measureBody } from '../pages/measure.ts';
import { peersBody } from '../pages/peers.ts';
import { monitoringBody } from '../pages/monitoring.ts';
import { reportsBody } from '../pages/reports.ts';
import { preparingBody } from '../pages/auth.ts';
import { ALL_DISTRICTS_COOKIE, AREA_COOKIE, accountHome, landingDistrict } from '../data/home.ts';

export const AREA_CODE = {
  type: 'string',
  pattern: '^[A-Za-z0-9]{1,20}$',
  description: 'district code, e.g. E07990001',
} as const;
export const END_MONTH = {
  type: 'string',
  pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$',
  description: 'last month of the 12-month period, YYYY-MM (default: the latest the district holds)',
} as const;
export const MEASURE_ID = {
  type: 'string',
  pattern: '^[a-z0-9][a-z0-9-]{0,63}$',
  description: 'measure id, e.g. dwelling-burglary',
} as const;

const areaParams = { type: 'object', required: ['code'], properties: { code: AREA_CODE } } as const;
const endQuery = { type: 'object', additionalProperties: false, properties: { end: END_MONTH } } as const;

/** How long a page waits for an Assessment before showing the "preparing" page instead. */
const WAIT_MS = 1500;

interface Loaded {
  district: District;
  end: string;
  endParam: string | undefined;
  a: Assessment;
}

async function settle<T>(promise: Promise<T>, ms: number): Promise<'ready' | 'waiting'> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<'waiting'>((ok) => (timer = setTimeout(() => ok('waiting'), ms)));
  try {
    return await Promise.race([
      promise.then(
        () => 'ready' as const,
        () => 'ready' as const,
      ),
      waited,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The district and period of an area page, and its Assessment: at once when cached; otherwise
 * after a short wait, or a "preparing" page that follows the computation and reloads.
 */
async function loadArea(
  state: ServerState,
  request: FastifyRequest,
  reply: FastifyReply,
  extraEnds: (end: string) => string[] = () => [],
): Promise<(Loaded & { extra: Assessment[] }) | null> {
  const user = request.principal!;
  const { code } = request.params as { code: string };
  const endParam = (request.query as { end?: string }).end;
  try {
    const district = await state.service.district(code);
    const end = await state.service.resolveEnd(district, endParam);
    if (state.county === null) state.county = (await state.service.areas()).county?.name ?? null;
    const ends = [end, ...extraEnds(end).filter((e) => state.service.endsFor(district).includes(e))];
    const entries = ends.map((e) => state.service.entry(code, e, user.cleared));
    if (entries.some((e) => !e.value && !e.error)) {
      const status = await settle(Promise.all(entries.map((e) => e.promise)), WAIT_MS);
      if (status === 'waiting') {
        const total = entries.reduce((s, e) => s + e.progress.total, 0);
        const done = entries.reduce((s, e) => s + (e.value ? e.progress.total : e.progress.done), 0);
        const label = entries.find((e) => !e.value)?.progress.label ?? '';
        // the progress follows every Assessment this page waits for, so the page reloads only when all are ready
        const also = ends.slice(1).join(',') || undefined;
        const body = preparingBody({
          areaName: district.name,
          period: monthLong(end),
          progressUrl: `/api/assessment/progress${query({ area: code, end, also })}`,
          done,
          total,
          label,
        });
        reply
          .code(202)
          .header('cache-control', 'no-store')
          .header('refresh', '4')
          .type('text/html; charset=utf-8')
          .send(shell(state, request, { title: `Preparing ${district.name}`, active: null, body, preparing: true }));
        return null;
      }
    }
    const [a, ...extra] = await Promise.all(entries.map((e) => e.promise));
    // the next visit to / opens this district again (a preference, not a secret)
    reply.setCookie(AREA_COOKIE, district.code, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 365 * 86400 });
    return { district, end, endParam, a: a!, extra };
  } catch (error) {
    if (error instanceof SaferError) sendError(state, request, reply, error);
    else throw error;
    return null;
  }
}

async function navFor(state: ServerState, loaded: Loaded, view: AreaView, measure?: string, request?: FastifyRequest) {
  const areas = await state.service.areas();
  const home = request ? await accountHome(state, request) : undefined;
  const here = request?.url ?? '/';
  return {
    district: loaded.district,
    districts: areas.districts,
    end: loaded.end,
    endParam: loaded.endParam,
    ends: state.service.endsFor(loaded.district),
    view,
    ...(measure ? { measure } : {}),
    ...(home ? { home } : {}),
    showStray: request?.cookies[ALL_DISTRICTS_COOKIE] === '1',
    here,
  };
}

function sendPage(reply: FastifyReply, text: string): FastifyReply {
  return reply.type('text/html; charset=utf-8').header('cache-control', 'private, no-cache').send(text);
}

/** A page body made once per (view, district, period, clearance, extra) until the next import. */
function cachedBody(state: ServerState, key: string, make: () => Promise<SafeHtml> | SafeHtml): Promise<SafeHtml> {
  return state.service.memoise(`page|${key}`, async () => make());
}

export async function registerPageRoutes(app: FastifyInstance, state: ServerState): Promise<void> {
  const guard = (view: Tab) => async (request: FastifyRequest, reply: FastifyReply) => {
    if (!requirePermission(state, request, reply, view === 'reports' ? 'report-public' : 'view')) return reply;
    return undefined;
  };

  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    if (!requirePermission(state, request, reply, 'view')) return reply;
    const first = await landingDistrict(state, request);
    if (!first) {
      if (can(request.principal!.role, 'data')) return reply.redirect('/data', 303);
      return sendError(
        state,
        request,
        reply,
        new SaferError('no district has enough data to assess yet', {
          code: 'E_NOT_COVERED',
          hint: 'an analyst needs to import 24 months of records first',
        }),
      );
    }
    return reply.redirect(areaUrl(first, 'overview', undefined), 303);
  });

  app.get(
    '/go',
    {
      schema: {
        hide: true,
        querystring: {
          type: 'object',
          required: ['area'],
          properties: {
            area: AREA_CODE,
            end: { anyOf: [END_MONTH, { type: 'string', maxLength: 0 }] },
            view: { type: 'string', enum: ['overview', 'measure', 'peers', 'monthly', 'reports'] },
            measure: MEASURE_ID,
          },
        },
      },
    },
    async (request, reply) => {
      if (!requirePermission(state, request, reply, 'view')) return reply;
      const q = request.query as { area: string; end?: string; view?: AreaView; measure?: string };
      const view = q.view ?? 'overview';
      const extra = view === 'peers' && q.measure ? { measure: q.measure } : {};
      return reply.redirect(areaUrl(q.area, view, q.end || undefined, extra, q.measure), 303);
    },
  );

  app.get(
    '/area/:code',
    { schema: { hide: true, params: areaParams, querystring: endQuery }, preHandler: guard('overview') },
    async (request, reply) => {
      const loaded = await loadArea(state, request, reply);
      if (!loaded) return reply;
      const { a, endParam } = loaded;
      const body = await cachedBody(
        state,
        `overview|${a.area.code}|${a.period.end}|${request.principal!.cleared}|${endParam ?? ''}`,
        () => overviewBody({ a, ctx: buildContext(a, { edition: 'full', words: state.words }), endParam }),
      );
      return sendPage(
        reply,
        shell(state, request, {
          title: `${loaded.district.name}: overview`,
          active: 'overview',
          nav: await navFor(state, loaded, 'overview', undefined, request),
          body,
        }),
      );
    },
  );

  app.get(
    '/area/:code/measures/:measure',
    {
      schema: {
        hide: true,
        params: { type: 'object', required: ['code', 'measure'], properties: { code: AREA_CODE, measure: MEASURE_ID } },
        querystring: endQuery,
      },
      preHandler: guard('measure'),
    },
    async (request, reply) => {
      const loaded = await loadArea(state, request, reply);
      if (!loaded) return reply;
      const { a, endParam } = loaded;
      const id = (request.params as { measure: string }).measure;
      const asked = a.measures.find((m) => m.id === id);
      const m = asked ? (uniqueMeasures(a).find((u) => u.countedAs === asked.countedAs) ?? asked) : undefined;
      if (!m)
        return sendError(
          state,
          request,
          reply,
          new SaferError('no such measure in this assessment', {
            value: id,
            code: 'E_NOT_FOUND',
            hint: `measures: ${uniqueMeasures(a)
              .map((x) => x.id)
              .join(', ')}`,
          }),
        );
      const body = await cachedBody(
        state,
        `measure|${a.area.code}|${a.period.end}|${request.principal!.cleared}|${endParam ?? ''}|${m.id}`,
        async () => {
          const boundaries = await state.service.boundaries(a);
          return measureBody(
            { a, ctx: buildContext(a, { edition: 'full', words: state.words, boundaries }), endParam },
            m,
          );
        },
      );
      return sendPage(
        reply,
        shell(state, request, {
          title: `${m.title}: ${loaded.district.name}`,
          active: 'measure',
          nav: await navFor(state, loaded, 'measure', m.id, request),
          body,
        }),
      );
    },
  );

  app.get(
    '/area/:code/peers',
    {
      schema: {
        hide: true,
        params: areaParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { end: END_MONTH, measure: MEASURE_ID },
        },
      },
      preHandler: guard('peers'),
    },
    async (request, reply) => {
      const loaded = await loadArea(state, request, reply);
      if (!loaded) return reply;
      const { a, endParam } = loaded;
      const asked = (request.query as { measure?: string }).measure;
      const measures = uniqueMeasures(a);
      const m =
        asked === undefined
          ? (measures.find((x) => x.id === 'all-crime' && x.available) ?? measures.find((x) => x.available))
          : measures.find((x) => x.id === asked && x.available);
      if (!m)
        return sendError(
          state,
          request,
          reply,
          new SaferError('no such measure with data in this assessment', {
            value: asked ?? 'all-crime',
            code: 'E_NOT_FOUND',
          }),
        );
      const body = await cachedBody(
        state,
        `peers|${a.area.code}|${a.period.end}|${request.principal!.cleared}|${endParam ?? ''}|${m.id}`,
        async () => {
          const table = countyTable(a, m.id);
          const names = new Map(Object.entries(m.rank.peers?.memberNames ?? {}));
          return peersBody(
            { a, ctx: buildContext(a, { edition: 'full', words: state.words }), endParam },
            m,
            table,
            names,
          );
        },
      );
      return sendPage(
        reply,
        shell(state, request, {
          title: `Peers: ${loaded.district.name}`,
          active: 'peers',
          nav: await navFor(state, loaded, 'peers', m.id, request),
          body,
        }),
      );
    },
  );

  // the breadcrumb level above a measure: every measure of the district is the overview's table
  app.get(
    '/area/:code/measures',
    { schema: { hide: true, params: areaParams, querystring: endQuery }, preHandler: guard('overview') },
    async (request, reply) => {
      const { code } = request.params as { code: string };
      const { end } = request.query as { end?: string };
      return reply.redirect(`${areaUrl(code, 'overview', end)}#measures`, 303);
    },
  );

  app.get(
    '/area/:code/monthly',
    { schema: { hide: true, params: areaParams, querystring: endQuery }, preHandler: guard('monthly') },
    async (request, reply) => {
      const loaded = await loadArea(state, request, reply, (end) => [addMonths(end, -1)]);
      if (!loaded) return reply;
      const { a, endParam, extra } = loaded;
      const body = await cachedBody(
        state,
        `monthly|${a.area.code}|${a.period.end}|${request.principal!.cleared}|${endParam ?? ''}`,
        () =>
          monitoringBody(
            { a, ctx: buildContext(a, { edition: 'full', words: state.words }), endParam },
            monitoring(a, extra[0] ?? null),
          ),
      );
      return sendPage(
        reply,
        shell(state, request, {
          title: `Monthly monitoring: ${loaded.district.name}`,
          active: 'monthly',
          nav: await navFor(state, loaded, 'monthly', undefined, request),
          body,
        }),
      );
    },
  );

  app.get(
    '/area/:code/reports',
    { schema: { hide: true, params: areaParams, querystring: endQuery }, preHandler: guard('reports') },
    async (request, reply) => {
      const loaded = await loadArea(state, request, reply);
      if (!loaded) return reply;
      const { a, endParam } = loaded;
      const recent = (await state.auth.recentOf(request.principal!.name, 'report')).slice(0, 10);
      const p: AreaPageContext = { a, ctx: buildContext(a, { edition: 'full', words: state.words }), endParam };
      const body = reportsBody(p, {
        user: request.principal!,
        csrf: request.session?.csrf ?? '',
        words: state.words,
        recent,
      });
      return sendPage(
        reply,
        shell(state, request, {
          title: `Reports: ${loaded.district.name}`,
          active: 'reports',
          nav: await navFor(state, loaded, 'reports', undefined, request),
          body,
        }),
      );
    },
  );

  app.post(
    '/area/:code/reports',
    {
      schema: {
        hide: true,
        params: areaParams,
        body: {
          type: 'object',
          required: ['edition', 'format'],
          properties: {
            edition: { type: 'string', enum: [...EDITIONS] },
            format: { type: 'string', enum: [...REPORT_FORMATS] },
            end: END_MONTH,
            disposition: { type: 'string', enum: ['attachment', 'inline'] },
            _csrf: { type: 'string', maxLength: 100 },
          },
        },
      },
      preHandler: guard('reports'),
    },
    async (request, reply) => {
      const body = request.body as {
        edition: Edition;
        format: ReportFormat;
        end?: string;
        disposition?: 'attachment' | 'inline';
      };
      const { code } = request.params as { code: string };
      return sendReport(state, request, reply, {
        code,
        end: body.end,
        edition: body.edition,
        format: body.format,
        disposition: body.disposition ?? 'attachment',
      });
    },
  );
}

/** Generates and sends a report document (pages and API), audited. */
export async function sendReport(
  state: ServerState,
  request: FastifyRequest,
  reply: FastifyReply,
  asked: {
    code: string;
    end: string | undefined;
    edition: Edition;
    format: ReportFormat;
    disposition: 'attachment' | 'inline';
  },
): Promise<FastifyReply> {
  const user = request.principal!;
  const { code, edition, format, disposition } = asked;
  if (edition === 'full' && !can(user.role, 'report-full')) {
    return sendError(
      state,
      request,
      reply,
      new SaferError('your role may generate the public edition only', { code: 'E_FORBIDDEN', value: edition }),
    );
  }
  const endParam = asked.end;
  let end: string | null = null;
  try {
    const district = await state.service.district(code);
    end = await state.service.resolveEnd(district, endParam);
    const a = await state.service.assessment(code, end, user.cleared);
    const report = await state.reports.make(a, edition, format, user.cleared);
    await state.auth.audit({
      user: user.name,
      action: 'report',
      outcome: 'ok',
      address: clientAddress(request),
      detail: { area: code, areaName: district.name, end, edition, format },
    });
    const name = report.fileName.replace(/[^A-Za-z0-9._-]/g, '_');
    return reply
      .type(report.contentType)
      .header(
        'content-disposition',
        `${disposition === 'inline' && format !== 'docx' ? 'inline' : 'attachment'}; filename="${name}"`,
      )
      .header('cache-control', 'private, no-store')
      .send(report.body);
  } catch (error) {
    await state.auth.audit({
      user: user.name,
      action: 'report',
      outcome: 'failed',
      address: clientAddress(request),
      detail: { area: code, end, edition, format, error: error instanceof Error ? error.message : String(error) },
    });
    if (error instanceof SaferError) return sendError(state, request, reply, error);
    throw error;
  }
}
