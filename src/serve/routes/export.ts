import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SaferError } from '../../core/errors.ts';
import { requirePermission, sendError, type ServerState } from '../context.ts';
import { exportables, extractChart, extractTable } from '../export/extract.ts';
import { chartCsv, chartPng, fileStem, tableCsv, tableXlsx } from '../export/formats.ts';

/** The dashboard pages whose tables and charts may be exported (never /export itself). */
export const EXPORT_PAGE =
  '^/(area/[A-Za-z0-9]{1,20}(/[A-Za-z0-9_/-]{0,120})?|data|admin)(\\?[A-Za-z0-9=&%._@+-]{0,300})?$';

export const TABLE_FORMATS = ['csv', 'xlsx'] as const;
export const CHART_FORMATS = ['svg', 'png', 'csv'] as const;

const TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  svg: 'image/svg+xml',
  png: 'image/png',
};

const ID = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,120}$' } as const;
const exportQuery = {
  type: 'object',
  required: ['page', 'format'],
  additionalProperties: false,
  properties: {
    page: {
      type: 'string',
      pattern: EXPORT_PAGE,
      description: 'the dashboard page, e.g. /area/E07000096/peers?measure=all-crime',
    },
    table: { ...ID, description: 'the table id on that page (GET /api/exports lists them)' },
    chart: { ...ID, description: 'the chart id on that page' },
    format: {
      type: 'string',
      enum: ['csv', 'xlsx', 'svg', 'png'],
      description: 'csv or xlsx for a table; svg, png or csv (its figures) for a chart',
    },
  },
} as const;

/**
 * The page as the asking account would see it: requested inside the server with the same cookie,
 * so an export never shows more than the page (roles, clearance and the public edition hold).
 */
async function pageAsSeen(app: FastifyInstance, request: FastifyRequest, page: string): Promise<string> {
  const res = await app.inject({
    method: 'GET',
    url: page,
    headers: { cookie: request.headers.cookie ?? '', accept: 'text/html' },
  });
  if (res.statusCode === 202)
    throw new SaferError('the figures for this page are still being prepared', {
      code: 'E_PREPARING',
      hint: 'open the page, wait until it shows, then export again',
    });
  if (res.statusCode === 403)
    throw new SaferError('your role may not see this page', { code: 'E_FORBIDDEN', value: page });
  if (res.statusCode === 303 || res.statusCode === 302 || res.statusCode === 401)
    throw new SaferError('sign in first', { code: 'E_AUTH' });
  if (res.statusCode !== 200)
    throw new SaferError(`the page ${page} cannot be shown (${res.statusCode})`, {
      code: res.statusCode === 404 ? 'E_NOT_FOUND' : 'E_VALIDATION',
      value: page,
    });
  return res.body;
}

function attachment(reply: FastifyReply, stem: string, format: string): FastifyReply {
  return reply
    .type(TYPES[format]!)
    .header('content-disposition', `attachment; filename="${stem}.${format}"`)
    .header('cache-control', 'private, no-store');
}

export async function registerExportRoutes(app: FastifyInstance, state: ServerState): Promise<void> {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!requirePermission(state, request, reply, 'view')) return reply;
    const q = request.query as { page: string; table?: string; chart?: string; format: string };
    try {
      if ((q.table === undefined) === (q.chart === undefined))
        throw new SaferError('name one table or one chart', {
          code: 'E_VALIDATION',
          hint: 'table=<id> or chart=<id>; GET /api/exports?page=… lists them',
        });
      const page = await pageAsSeen(app, request, q.page);
      if (q.table !== undefined) {
        if (!(TABLE_FORMATS as readonly string[]).includes(q.format))
          throw new SaferError(`a table exports as csv or xlsx, not ${q.format}`, {
            code: 'E_VALIDATION',
            value: q.format,
          });
        const table = extractTable(page, q.table);
        if (!table)
          throw new SaferError(`there is no table "${q.table}" on ${q.page}`, {
            code: 'E_NOT_FOUND',
            value: q.table,
            hint: 'GET /api/exports?page=… lists the tables of a page',
          });
        const stem = fileStem(`${q.page.split('?')[0]!.split('/').slice(2).join('-')}-${q.table}`);
        if (q.format === 'csv') return attachment(reply, stem, 'csv').send(tableCsv(table));
        return attachment(reply, stem, 'xlsx').send(await tableXlsx(table, table.title));
      }
      const chart = extractChart(page, q.chart!);
      if (!chart)
        throw new SaferError(`there is no chart "${q.chart}" on ${q.page}`, {
          code: 'E_NOT_FOUND',
          value: q.chart,
          hint: 'GET /api/exports?page=… lists the charts of a page',
        });
      const stem = fileStem(chart.title);
      if (q.format === 'svg') return attachment(reply, stem, 'svg').send(chart.svg);
      if (q.format === 'png') return attachment(reply, stem, 'png').send(await chartPng(chart.svg));
      if (q.format === 'csv') {
        if (!chart.data)
          throw new SaferError('this chart has no figures to export', { code: 'E_NOT_FOUND', value: q.chart });
        return attachment(reply, `${stem}-data`, 'csv').send(chartCsv(chart.data));
      }
      throw new SaferError(`a chart exports as svg, png or csv, not ${q.format}`, {
        code: 'E_VALIDATION',
        value: q.format,
      });
    } catch (error) {
      if (error instanceof SaferError) return sendError(state, request, reply, error);
      throw error;
    }
  };
  app.get('/export', { schema: { hide: true, querystring: exportQuery } }, handler);
  app.get(
    '/api/export',
    {
      schema: {
        tags: ['assessment'],
        summary:
          'A table (CSV, XLSX) or chart (SVG, PNG, its figures as CSV) of a dashboard page, as the account sees it',
        querystring: exportQuery,
      },
    },
    handler,
  );
  app.get(
    '/api/exports',
    {
      schema: {
        tags: ['assessment'],
        summary: 'The tables and charts of a dashboard page that /api/export can export',
        querystring: {
          type: 'object',
          required: ['page'],
          additionalProperties: false,
          properties: { page: exportQuery.properties.page },
        },
      },
    },
    async (request, reply) => {
      if (!requirePermission(state, request, reply, 'view')) return reply;
      const q = request.query as { page: string };
      try {
        return reply.send({ page: q.page, ...exportables(await pageAsSeen(app, request, q.page)) });
      } catch (error) {
        if (error instanceof SaferError) return sendError(state, request, reply, error);
        throw error;
      }
    },
  );
}
