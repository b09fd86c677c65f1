import type { FastifyInstance } from 'fastify';
import { requirePermission, type ServerState } from '../context.ts';
import { safeText, tableCsv } from '../export/formats.ts';
import { auditFilter, auditQuery } from './admin.ts';

/** Rows per read: the whole filtered log is sent, read a page at a time. */
const PAGE = 5000;
/** The export stops here (a log this long is exported a date range at a time). */
const MAX_ROWS = 200_000;

/**
 * The audit log as CSV with the Accounts page's filters (action, account, outcome, days): every
 * matching entry, newest first, each text cell guarded against formula injection.
 */
export async function registerAuditExportRoutes(app: FastifyInstance, state: ServerState): Promise<void> {
  app.get('/admin/audit.csv', { schema: { hide: true, querystring: auditQuery } }, async (request, reply) => {
    if (!requirePermission(state, request, reply, 'manage-users')) return reply;
    const filter = auditFilter(request.query);
    const rows: (string | number | null)[][] = [];
    for (let offset = 0; offset < MAX_ROWS; offset += PAGE) {
      const entries = await state.auth.auditLog({ limit: PAGE, offset, ...filter });
      for (const e of entries)
        rows.push([
          e.id,
          e.at,
          safeText(e.user ?? ''),
          e.action,
          e.outcome,
          safeText(e.address ?? ''),
          safeText(JSON.stringify(e.detail)),
        ]);
      if (entries.length < PAGE) break;
    }
    const columns = ['id', 'when', 'account', 'action', 'outcome', 'from', 'detail'];
    const stamp = new Date().toISOString().slice(0, 10);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="safer-audit-${stamp}.csv"`)
      .header('cache-control', 'no-store')
      .send(tableCsv({ columns, rows }));
  });
}
