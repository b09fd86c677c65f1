import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Assessment, MeasureAssessment } from '../../assess/schema.ts';
import { SaferError } from '../../core/errors.ts';
import { addMonths } from '../../core/periods/index.ts';
import { uniqueMeasures } from '../../report/build/measures.ts';
import { requirePermission, requireUser, sendError, type ServerState } from '../context.ts';
import { countyTable } from '../data/peers.ts';
import { contract, documentedOnly, registerContractSchemas } from './contract-schemas.ts';
import { monitoring } from '../data/monitoring.ts';
import { EDITIONS, REPORT_FORMATS, type Edition, type ReportFormat } from '../data/reports.ts';
import { AREA_CODE, END_MONTH, MEASURE_ID, sendReport } from './pages.ts';

const areaQuery = {
  type: 'object',
  required: ['area'],
  additionalProperties: false,
  properties: { area: AREA_CODE, end: END_MONTH },
} as const;
const errors = {
  400: { $ref: 'ErrorBody#' },
  401: { $ref: 'ErrorBody#' },
  403: { $ref: 'ErrorBody#' },
  404: { $ref: 'ErrorBody#' },
  422: { $ref: 'ErrorBody#' },
} as const;
const anyObject = (description: string) => ({ type: 'object', additionalProperties: true, description }) as const;

/** The Assessment the query names (district and end checked against what is loaded). */
async function assessmentFor(
  state: ServerState,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<{ a: Assessment; code: string; end: string } | null> {
  const user = requirePermission(state, request, reply, 'view');
  if (!user) return null;
  const q = request.query as { area: string; end?: string };
  try {
    const district = await state.service.district(q.area);
    const end = await state.service.resolveEnd(district, q.end);
    return { a: await state.service.assessment(district.code, end, user.cleared), code: district.code, end };
  } catch (error) {
    if (error instanceof SaferError) sendError(state, request, reply, error);
    else throw error;
    return null;
  }
}

/** The measure the route's `:id` names in the Assessment the query names (the error sent when there is none). */
async function measureFor(
  state: ServerState,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<MeasureAssessment | null> {
  const found = await assessmentFor(state, request, reply);
  if (!found) return null;
  const id = (request.params as { id: string }).id;
  const m = found.a.measures.find((x) => x.id === id);
  if (m) return m;
  sendError(
    state,
    request,
    reply,
    new SaferError('no such measure in this Assessment', {
      value: id,
      code: 'E_NOT_FOUND',
      hint: `measures: ${found.a.measures.map((x) => x.id).join(', ')}`,
    }),
  );
  return null;
}

export async function registerApiRoutes(app: FastifyInstance, state: ServerState): Promise<void> {
  registerContractSchemas(app);
  app.get('/api/openapi.json', { schema: { hide: true } }, (_request, reply) =>
    reply.header('cache-control', 'no-cache').send(app.swagger()),
  );

  app.get(
    '/api/areas',
    {
      schema: {
        tags: ['assessment'],
        summary: 'The districts loaded, whether each can be assessed, and the months an Assessment may end in',
        response: {
          200: {
            type: 'object',
            properties: {
              county: {
                type: 'object',
                nullable: true,
                properties: {
                  code: { type: 'string' },
                  name: { type: 'string', nullable: true },
                  level: { type: 'string' },
                },
              },
              latest: { type: 'string', nullable: true },
              districts: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    code: { type: 'string' },
                    name: { type: 'string' },
                    rows: { type: 'integer' },
                    firstMonth: { type: 'string' },
                    lastMonth: { type: 'string' },
                    covered: { type: 'boolean' },
                    reason: { type: 'string' },
                    ends: {
                      type: 'array',
                      items: { type: 'string' },
                      description: 'months an Assessment may end in, latest first',
                    },
                  },
                },
              },
            },
          },
          401: { $ref: 'ErrorBody#' },
        },
      },
    },
    async (request, reply) => {
      if (!requirePermission(state, request, reply, 'view')) return reply;
      const areas = await state.service.areas();
      return {
        county: areas.county,
        latest: areas.latest,
        districts: areas.districts.map((d) => ({ ...d, ends: d.covered ? state.service.endsFor(d) : [] })),
      };
    },
  );

  app.get(
    '/api/assessment',
    {
      ...documentedOnly,
      schema: {
        tags: ['assessment'],
        summary:
          'The Assessment of a district for the 12 months ending `end` (docs/assessment.md documents every field)',
        description:
          'Computed on first request (a few seconds) and cached until the next import. Restricted partner indicators are left out for accounts without clearance.',
        querystring: areaQuery,
        response: { 200: contract('Assessment'), ...errors },
      },
    },
    async (request, reply) => {
      const user = requirePermission(state, request, reply, 'view');
      if (!user) return reply;
      const q = request.query as { area: string; end?: string };
      const district = await state.service.district(q.area);
      const end = await state.service.resolveEnd(district, q.end);
      // the whole document is large (about 1 MB): sent compressed to every client that takes it
      const offered = String(request.headers['accept-encoding'] ?? '');
      const { body, encoding } = await state.service.assessmentJson(district.code, end, user.cleared, {
        gzip: /\bgzip\b/.test(offered),
        br: /\bbr\b/.test(offered),
      });
      if (encoding) reply.header('content-encoding', encoding);
      return reply
        .type('application/json; charset=utf-8')
        .header('vary', 'accept-encoding')
        .header('cache-control', 'private, no-cache')
        .send(body);
    },
  );

  app.get(
    '/api/assessment/progress',
    {
      schema: {
        tags: ['assessment'],
        summary: 'Starts the Assessment if needed and says how far it has got',
        querystring: {
          ...areaQuery,
          properties: {
            ...areaQuery.properties,
            also: {
              type: 'string',
              pattern: '^[0-9]{4}-(0[1-9]|1[0-2])(,[0-9]{4}-(0[1-9]|1[0-2])){0,11}$',
              description:
                'other period ends the page also waits for, comma-separated YYYY-MM: ready only when every one is',
            },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              ready: { type: 'boolean' },
              error: { type: 'string', nullable: true },
              done: { type: 'integer' },
              total: { type: 'integer' },
              label: { type: 'string' },
            },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const user = requirePermission(state, request, reply, 'view');
      if (!user) return reply;
      const q = request.query as { area: string; end?: string; also?: string };
      const district = await state.service.district(q.area);
      const end = await state.service.resolveEnd(district, q.end);
      const known = state.service.endsFor(district);
      const ends = [end, ...(q.also?.split(',') ?? []).filter((e) => e !== end && known.includes(e))];
      const entries = ends.map((e) => state.service.entry(district.code, e, user.cleared));
      const failed = entries.find((e) => e.error !== undefined)?.error;
      const error = failed instanceof Error ? failed.message : failed ? String(failed) : null;
      const waiting = entries.find((e) => e.value === undefined);
      return {
        ready: waiting === undefined,
        error,
        done: entries.reduce((s, e) => s + (e.value ? e.progress.total : e.progress.done), 0),
        total: entries.reduce((s, e) => s + e.progress.total, 0),
        label: waiting?.progress.label ?? '',
      };
    },
  );

  app.get(
    '/api/assessment/measures/:id',
    {
      ...documentedOnly,
      schema: {
        tags: ['assessment'],
        summary: "One measure's part of the Assessment (MeasureAssessment)",
        params: { type: 'object', required: ['id'], properties: { id: MEASURE_ID } },
        querystring: areaQuery,
        response: { 200: contract('MeasureAssessment'), ...errors },
      },
    },
    async (request, reply) => {
      return (await measureFor(state, request, reply)) ?? reply;
    },
  );

  app.get(
    '/api/assessment/measures',
    {
      schema: {
        tags: ['assessment'],
        summary: 'Every measure in brief: counts, change and verdict, rate, ranks, risk level',
        querystring: areaQuery,
        response: {
          200: {
            type: 'object',
            properties: {
              measures: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    title: { type: 'string' },
                    available: { type: 'boolean' },
                    current: { type: 'integer', nullable: true },
                    previous: { type: 'integer', nullable: true },
                    pct: { type: 'number', nullable: true },
                    verdict: { type: 'string' },
                    rate: { type: 'number', nullable: true },
                    countyRank: { type: 'integer', nullable: true },
                    peerRank: { type: 'integer', nullable: true },
                    risk: { type: 'string', nullable: true },
                    riskScore: { type: 'number', nullable: true },
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
      const found = await assessmentFor(state, request, reply);
      if (!found) return reply;
      return {
        measures: uniqueMeasures(found.a).map((m) => ({
          id: m.id,
          title: m.title,
          available: m.available,
          current: m.current.count,
          previous: m.previous.count,
          pct: m.change.pct,
          verdict: m.change.verdict,
          rate: m.current.rate,
          countyRank: m.rank.county?.position ?? null,
          peerRank: m.rank.peers?.position ?? null,
          risk: m.risk?.level ?? null,
          riskScore: m.risk?.score ?? null,
        })),
      };
    },
  );

  app.get(
    '/api/assessment/measures/:id/outcomes',
    {
      ...documentedOnly,
      schema: {
        tags: ['assessment'],
        summary:
          "What happened to a crime measure's offences: latest outcomes by police.uk category and family, district and wards, with 95% Wilson intervals; the equal-age comparison (MeasureOutcomes, docs/assessment.md)",
        params: { type: 'object', required: ['id'], properties: { id: MEASURE_ID } },
        querystring: areaQuery,
        response: { 200: contract('MeasureOutcomes'), ...errors },
      },
    },
    async (request, reply) => {
      const m = await measureFor(state, request, reply);
      if (!m) return reply;
      if (!m.outcomes) {
        return sendError(
          state,
          request,
          reply,
          new SaferError(`no outcomes for ${m.title}`, {
            value: m.id,
            code: 'E_NOT_FOUND',
            hint:
              m.kind === 'crime'
                ? 'the measure cannot be counted from the data loaded'
                : 'outcomes are given for crime measures only',
          }),
        );
      }
      return m.outcomes;
    },
  );

  app.get(
    '/api/assessment/police-activity',
    {
      ...documentedOnly,
      schema: {
        tags: ['assessment'],
        summary:
          'Stop and search in the district by object of search, outcome, month and ward (PoliceActivity, docs/assessment.md)',
        querystring: areaQuery,
        response: { 200: contract('PoliceActivity'), ...errors },
      },
    },
    async (request, reply) => {
      const found = await assessmentFor(state, request, reply);
      if (!found) return reply;
      if (!found.a.policeActivity)
        return sendError(
          state,
          request,
          reply,
          new SaferError('no stop-and-search data for this district', {
            code: 'E_NOT_FOUND',
            hint: 'import the data.police.uk stop-and-search files of the force (safer import PATH)',
          }),
        );
      return found.a.policeActivity;
    },
  );

  app.get(
    '/api/assessment/priorities',
    {
      ...documentedOnly,
      schema: {
        tags: ['assessment'],
        summary: 'The recommended priorities and those dropped',
        querystring: areaQuery,
        response: {
          200: {
            type: 'object',
            properties: {
              priorities: { type: 'array', items: contract('Priority') },
              dropped: { type: 'array', items: anyObject('dropped priority') },
            },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const found = await assessmentFor(state, request, reply);
      if (!found) return reply;
      return { priorities: found.a.priorities, dropped: found.a.droppedPriorities };
    },
  );

  app.get(
    '/api/assessment/emerging',
    {
      ...documentedOnly,
      schema: {
        tags: ['assessment'],
        summary: 'Emerging issues (CUSUM signals) of the district',
        querystring: areaQuery,
        response: {
          200: { type: 'object', properties: { emerging: { type: 'array', items: contract('EmergingSignal') } } },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const found = await assessmentFor(state, request, reply);
      if (!found) return reply;
      return { emerging: found.a.emergingIssues };
    },
  );

  app.get(
    '/api/monitoring',
    {
      schema: {
        tags: ['assessment'],
        summary:
          "The month's checks: the latest month against its expected range per measure, wards signalled, changes since the month before, the agenda",
        querystring: areaQuery,
        response: { 200: anyObject('Monitoring (src/serve/data/monitoring.ts)'), ...errors },
      },
    },
    async (request, reply) => {
      const found = await assessmentFor(state, request, reply);
      if (!found) return reply;
      const cleared = request.principal!.cleared;
      // the ward checks cost a few milliseconds of CPU: computed once per Assessment, until the next import
      return state.service.derived(found.code, found.end, cleared, 'monitoring', async (a) => {
        const district = await state.service.district(found.code);
        const prev = addMonths(found.end, -1);
        const before = state.service.endsFor(district).includes(prev)
          ? await state.service.assessment(found.code, prev, cleared)
          : null;
        return monitoring(a, before);
      });
    },
  );

  registerPeersRoute(app, state);

  app.post(
    '/api/reports',
    {
      schema: {
        tags: ['reports'],
        summary: 'Generates the strategic assessment document (HTML, Word or PDF) and returns the file',
        description: 'Viewers may generate the public edition only. Every generation is written to the audit log.',
        body: {
          type: 'object',
          required: ['area', 'format'],
          additionalProperties: false,
          properties: {
            area: AREA_CODE,
            end: END_MONTH,
            edition: { type: 'string', enum: [...EDITIONS], default: 'full' },
            format: { type: 'string', enum: [...REPORT_FORMATS] },
          },
        },
        response: {
          200: { description: 'the document (text/html, application/pdf or .docx)', type: 'string', format: 'binary' },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      if (!requireUser(request, reply)) return reply;
      if (!requirePermission(state, request, reply, 'report-public')) return reply;
      const body = request.body as { area: string; end?: string; edition: Edition; format: ReportFormat };
      return sendReport(state, request, reply, {
        code: body.area,
        end: body.end,
        edition: body.edition,
        format: body.format,
        disposition: 'attachment',
      });
    },
  );
}

/** Every district of the county for one measure, as the Assessment carries it. */
function registerPeersRoute(app: FastifyInstance, state: ServerState): void {
  app.get(
    '/api/peers',
    {
      schema: {
        tags: ['assessment'],
        summary: 'Every district of the county for one measure: rates, ranks and rate ratios with 95% intervals',
        querystring: {
          type: 'object',
          required: ['area'],
          additionalProperties: false,
          properties: { area: AREA_CODE, end: END_MONTH, measure: { ...MEASURE_ID, default: 'all-crime' } },
        },
        response: { 200: anyObject('CountyTable (src/serve/data/peers.ts)'), ...errors },
      },
    },
    async (request, reply) => {
      const found = await assessmentFor(state, request, reply);
      if (!found) return reply;
      return countyTable(found.a, (request.query as { measure: string }).measure);
    },
  );
}
