import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SaferError } from '../../core/errors.ts';
import { BRIEF_FORMATS, type BriefFormat } from '../../report/brief/write.ts';
import { clientAddress, requirePermission, sendError, type ServerState } from '../context.ts';
import { AREA_CODE, END_MONTH } from './pages.ts';

/**
 * The one-page monthly JAG brief (PDF, Word) of a district and month, from the monthly page's
 * button: `GET /area/{code}/brief?format=pdf|docx&end=YYYY-MM`. It shows what the monthly page
 * shows, so every account that sees the page may download it; audited as a report.
 */
export async function registerBriefRoutes(app: FastifyInstance, state: ServerState): Promise<void> {
  app.get(
    '/area/:code/brief',
    {
      schema: {
        hide: true,
        params: { type: 'object', required: ['code'], properties: { code: AREA_CODE } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['format'],
          properties: { format: { type: 'string', enum: [...BRIEF_FORMATS] }, end: END_MONTH },
        },
      },
    },
    (request, reply) => sendBrief(state, request, reply),
  );
}

async function sendBrief(state: ServerState, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  if (!requirePermission(state, request, reply, 'view')) return reply;
  const user = request.principal!;
  const { code } = request.params as { code: string };
  const { format, end: endParam } = request.query as { format: BriefFormat; end?: string };
  let end: string | null = null;
  try {
    const district = await state.service.district(code);
    end = await state.service.resolveEnd(district, endParam);
    const a = await state.service.assessment(code, end, user.cleared);
    const brief = await state.reports.brief(a, format, user.cleared);
    await state.auth.audit({
      user: user.name,
      action: 'report',
      outcome: 'ok',
      address: clientAddress(request),
      detail: { document: 'jag-brief', area: code, areaName: district.name, end, format },
    });
    return reply
      .type(brief.contentType)
      .header('content-disposition', `attachment; filename="${brief.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
      .header('cache-control', 'private, no-store')
      .send(brief.body);
  } catch (error) {
    await state.auth.audit({
      user: user.name,
      action: 'report',
      outcome: 'failed',
      address: clientAddress(request),
      detail: {
        document: 'jag-brief',
        area: code,
        end,
        format,
        error: error instanceof Error ? error.message : String(error),
      },
    });
    if (error instanceof SaferError) return sendError(state, request, reply, error);
    throw error;
  }
}
