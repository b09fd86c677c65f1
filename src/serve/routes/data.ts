import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SaferError } from '../../core/errors.ts';
import { can, mayUploadTo } from '../auth/roles.ts';
import {
  clientAddress,
  errorBody,
  requirePermission,
  sameOrigin,
  sameToken,
  sendError,
  shell,
  statusOf,
  type ServerState,
} from '../context.ts';
import { importHistory, visibleStatus } from '../data/history.ts';
import { PendingUploads, type PendingUpload } from '../data/pending.ts';
import {
  importUpload,
  previewUpload,
  removeUpload,
  type UploadPreview,
  safeFileName,
  targetsFor,
  uploadFolder,
  uploadTargets,
  type UploadOutcome,
  type UploadedFile,
  MAX_FILES_PER_UPLOAD,
} from '../data/uploads.ts';
import { workingDistrict } from '../data/home.ts';
import { dataBody, dataParts, type UploadFeedback } from '../pages/data.ts';
import { previewUndo, type UndoPreview } from '../../store/vintages.ts';
import { undoAudited } from './local.ts';
import type { Principal } from '../auth/roles.ts';
import { html, type SafeHtml } from '../html.ts';

const PAGE_SIZE = 25;

interface Received {
  fields: Record<string, string>;
  /** the upload's private folder, once a file arrived */
  folder: string | null;
  files: UploadedFile[];
}

/**
 * Reads a multipart upload: the fields first (the CSRF token and the target must come before the
 * file), then the file, streamed to a private temporary folder under a cleaned name, within the
 * size limit. Nothing is saved when the token, the target or the role is wrong.
 */
async function receive(state: ServerState, request: FastifyRequest): Promise<Received> {
  const user = request.principal!;
  const fields: Record<string, string> = {};
  const received: Received = { fields, folder: null, files: [] };
  if (!request.isMultipart())
    throw new SaferError('send the file as multipart/form-data', {
      code: 'E_VALIDATION',
      hint: 'fields: target, then file (and _csrf, or the X-CSRF-Token header)',
    });
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      continue;
    }
    if (received.files.length >= MAX_FILES_PER_UPLOAD) {
      part.file.resume();
      throw new SaferError(`at most ${MAX_FILES_PER_UPLOAD} files in one upload`, {
        code: 'E_VALIDATION',
        hint: 'upload the zip of the police.uk download instead, or the files in smaller groups',
      });
    }
    const token = (request.headers['x-csrf-token'] as string | undefined) ?? fields['_csrf'];
    if (!sameOrigin(request) || !sameToken(token, request.session?.csrf)) {
      part.file.resume();
      throw new SaferError('the form has expired or did not come from this site (CSRF token missing or wrong)', {
        code: 'E_CSRF',
        hint: 'reload the page and try again; API clients send X-CSRF-Token',
      });
    }
    const target = fields['target'];
    if (!target) {
      part.file.resume();
      throw new SaferError('choose the source before the file', {
        code: 'E_VALIDATION',
        hint: 'the "target" field must come before the "file" field',
      });
    }
    const allowed = targetsFor(user, await uploadTargets(state.service)).find((t) => t.id === target);
    if (!allowed || !mayUploadTo(user, allowed.source)) {
      part.file.resume();
      throw new SaferError('you may not upload to this source', {
        value: target,
        code: 'E_FORBIDDEN',
        hint: 'partners upload only to the sources on their account; ask an administrator',
      });
    }
    received.folder ??= uploadFolder();
    // each file in a folder of its own: two files of the same name never overwrite each other
    const own = join(received.folder, String(received.files.length));
    mkdirSync(own, { mode: 0o700 });
    const fileName = safeFileName(part.filename || 'upload');
    const path = join(own, fileName);
    try {
      await pipeline(part.file, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      removeUpload(received.folder);
      throw error;
    }
    if (part.file.truncated) {
      removeUpload(received.folder);
      throw new SaferError(`the file is larger than the ${Math.round(state.maxUploadBytes / 1024 / 1024)} MB allowed`, {
        code: 'E_TOO_LARGE',
        file: fileName,
      });
    }
    received.files.push({ path, fileName, bytes: part.file.bytesRead });
  }
  return received;
}

interface Handled {
  outcome?: UploadOutcome;
  preview?: UploadPreview;
  pending?: PendingUpload;
  error?: SaferError;
  fileName: string;
  target: string;
}

/**
 * Receives, checks and imports an upload (audited whatever the outcome); or, when the form asks
 * for a preview (field preview=1), checks it and shows what it would change, keeping the file for
 * the confirmation.
 */
async function handleUpload(state: ServerState, request: FastifyRequest, pending: PendingUploads): Promise<Handled> {
  const user = request.principal!;
  let received: Received | null = null;
  let keep = false;
  try {
    received = await receive(state, request);
    if (received.files.length === 0 || !received.folder)
      throw new SaferError('no file was sent', { code: 'E_VALIDATION', hint: 'choose a file to upload' });
    if (received.fields['preview'] === '1' || received.fields['preview'] === 'true') {
      const restricted = received.fields['restricted'] === '1' || received.fields['restricted'] === 'true';
      const preview = await previewUpload(state.service, user, {
        target: received.fields['target'] ?? '',
        files: received.files,
        restricted,
      });
      const item = pending.add({
        user: user.name,
        target: preview.target.id,
        fileName: preview.fileName,
        folder: received.folder,
        files: received.files,
        restricted,
      });
      keep = true;
      return { preview, pending: item, fileName: preview.fileName, target: preview.target.id };
    }
    const outcome = await importUpload(state.service, user, {
      target: received.fields['target'] ?? '',
      files: received.files,
      restricted: received.fields['restricted'] === '1' || received.fields['restricted'] === 'true',
      confirm: received.fields['confirm'] === '1' || received.fields['confirm'] === 'true',
    });
    await state.auth.audit({
      user: user.name,
      action: 'upload',
      outcome: 'ok',
      address: clientAddress(request),
      detail: {
        target: outcome.target.id,
        file: outcome.fileName,
        rows: outcome.results.reduce((s, r) => s + r.rowsLoaded, 0),
        imports: outcome.results.map((r) => r.importId),
      },
    });
    return { outcome, fileName: outcome.fileName, target: outcome.target.id };
  } catch (error) {
    const e = error instanceof SaferError ? error : toSaferError(error, state);
    const fileName = received?.files.length ? received.files.map((f) => f.fileName).join(', ') : 'the file';
    request.refusalAudited = true;
    await state.auth.audit({
      user: user.name,
      action: 'upload',
      outcome: e.code === 'E_FORBIDDEN' || e.code === 'E_CSRF' ? 'refused' : 'failed',
      address: clientAddress(request),
      detail: {
        target: received?.fields['target'] ?? null,
        file: fileName,
        error: e.message,
        line: e.location.line ?? null,
        column: e.location.column ?? null,
      },
    });
    return { error: e, fileName, target: received?.fields['target'] ?? '' };
  } finally {
    if (received?.folder && !keep) removeUpload(received.folder);
  }
}

/** Imports a previewed upload once its account confirms it (a month that shrinks was shown, so it is confirmed too). */
async function confirmUpload(state: ServerState, request: FastifyRequest, item: PendingUpload): Promise<Handled> {
  const user = request.principal!;
  try {
    const outcome = await importUpload(state.service, user, {
      target: item.target,
      files: item.files,
      restricted: item.restricted,
      confirm: true,
    });
    await state.auth.audit({
      user: user.name,
      action: 'upload',
      outcome: 'ok',
      address: clientAddress(request),
      detail: {
        target: outcome.target.id,
        file: outcome.fileName,
        rows: outcome.results.reduce((s, r) => s + r.rowsLoaded, 0),
        imports: outcome.results.map((r) => r.importId),
        previewed: true,
      },
    });
    return { outcome, fileName: outcome.fileName, target: outcome.target.id };
  } catch (error) {
    const e = error instanceof SaferError ? error : toSaferError(error, state);
    await state.auth.audit({
      user: user.name,
      action: 'upload',
      outcome: 'failed',
      address: clientAddress(request),
      detail: { target: item.target, file: item.fileName, error: e.message },
    });
    return { error: e, fileName: item.fileName, target: item.target };
  } finally {
    removeUpload(item.folder);
  }
}

function toSaferError(error: unknown, state: ServerState): SaferError {
  const e = error as { code?: string; statusCode?: number; message?: string };
  if (e.code === 'FST_REQ_FILE_TOO_LARGE' || e.statusCode === 413)
    return new SaferError(`the file is larger than the ${Math.round(state.maxUploadBytes / 1024 / 1024)} MB allowed`, {
      code: 'E_TOO_LARGE',
    });
  if (e.code?.startsWith('FST_') && e.statusCode && e.statusCode < 500)
    return new SaferError(e.message ?? 'the upload could not be read', { code: 'E_VALIDATION' });
  throw error;
}

async function renderData(
  state: ServerState,
  request: FastifyRequest,
  reply: FastifyReply,
  page: number,
  feedback?: UploadFeedback,
  status = 200,
): Promise<FastifyReply> {
  const user = request.principal!;
  const [statusValue, areas, history, targets] = await Promise.all([
    visibleStatus(state.service, user.cleared),
    state.service.areas(),
    importHistory(state.service, user.cleared, PAGE_SIZE, (page - 1) * PAGE_SIZE),
    uploadTargets(state.service),
  ]);
  if (state.county === null) state.county = areas.county?.name ?? null;
  const home = await workingDistrict(state, request);
  const withUpload = can(user.role, 'upload');
  // the tables change only with an import: made once (number formatting is the costly part)
  const parts = await state.service.memoise(`page|data|${user.cleared}|${page}|${withUpload}`, async () =>
    dataParts({ status: statusValue, areas, history, page, pageSize: PAGE_SIZE }, withUpload),
  );
  const body = dataBody({
    user,
    csrf: request.session?.csrf ?? '',
    status: statusValue,
    areas,
    history,
    page,
    pageSize: PAGE_SIZE,
    targets: targetsFor(user, targets),
    maxUploadMb: Math.round(state.maxUploadBytes / 1024 / 1024),
    parts,
    selected: request.method === 'GET' ? ((request.query as { target?: string }).target ?? '') : '',
    ...(feedback ? { feedback } : {}),
  });
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'private, no-cache')
    .send(shell(state, request, { title: 'Data', active: 'data', ...(home ? { home } : {}), body }));
}

const importResult = {
  type: 'object',
  properties: {
    file: { type: 'string' },
    kind: { type: 'string' },
    importId: { type: 'integer', nullable: true },
    status: { type: 'string', enum: ['loaded', 'unchanged'] },
    rowsRead: { type: 'integer' },
    rowsLoaded: { type: 'integer' },
    rowsRejected: { type: 'integer' },
    rowsReplaced: { type: 'integer' },
    duplicatesDropped: { type: 'integer' },
    rowsWithoutLocation: { type: 'integer' },
    notes: { type: 'array', items: { type: 'string' } },
  },
} as const;

const dataPageQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    page: { type: 'integer', minimum: 1, maximum: 100000 },
    /** the source to select in the upload form */
    target: { type: 'string', maxLength: 200 },
  },
} as const;

export async function registerDataRoutes(app: FastifyInstance, state: ServerState): Promise<void> {
  app.get(
    '/data',
    {
      schema: {
        hide: true,
        querystring: dataPageQuery,
      },
    },
    async (request, reply) => {
      if (!requirePermission(state, request, reply, 'data')) return reply;
      return renderData(state, request, reply, (request.query as { page?: number }).page ?? 1);
    },
  );

  const pending = new PendingUploads();
  app.addHook('onClose', async () => pending.clear());

  app.post('/data/upload', { config: { csrf: 'manual' }, schema: { hide: true } }, async (request, reply) => {
    if (!requirePermission(state, request, reply, 'upload')) return reply;
    const result = await handleUpload(state, request, pending);
    if (result.error)
      return renderData(
        state,
        request,
        reply,
        1,
        { ok: false, fileName: result.fileName, target: result.target, error: result.error },
        statusOf(result.error),
      );
    if (result.preview)
      return renderData(state, request, reply, 1, {
        ok: true,
        fileName: result.fileName,
        target: result.target,
        results: result.preview.results,
        preview: {
          changes: result.preview.changes,
          token: result.pending!.token,
          source: result.preview.target.source,
        },
      });
    return renderData(state, request, reply, 1, {
      ok: true,
      fileName: result.fileName,
      target: result.target,
      results: result.outcome!.results,
    });
  });

  app.post(
    '/data/upload/confirm',
    {
      schema: {
        hide: true,
        body: {
          type: 'object',
          required: ['token', 'action'],
          properties: {
            token: { type: 'string', maxLength: 100 },
            action: { type: 'string', enum: ['import', 'cancel'] },
            _csrf: { type: 'string', maxLength: 100 },
          },
        },
      },
    },
    async (request, reply) => {
      const user = requirePermission(state, request, reply, 'upload');
      if (!user) return reply;
      const b = request.body as { token: string; action: 'import' | 'cancel' };
      const item = pending.take(b.token, user.name);
      if (!item)
        return renderData(
          state,
          request,
          reply,
          1,
          {
            ok: false,
            fileName: 'the file',
            target: '',
            error: new SaferError(
              'this upload is no longer waiting (confirmed already, cancelled, or older than 30 minutes)',
              { code: 'E_NOT_FOUND', hint: 'upload the file again' },
            ),
          },
          404,
        );
      if (b.action === 'cancel') {
        removeUpload(item.folder);
        return renderData(state, request, reply, 1, {
          ok: true,
          fileName: item.fileName,
          target: item.target,
          cancelled: true,
        });
      }
      const result = await confirmUpload(state, request, item);
      if (result.error)
        return renderData(
          state,
          request,
          reply,
          1,
          { ok: false, fileName: result.fileName, target: result.target, error: result.error },
          statusOf(result.error),
        );
      return renderData(state, request, reply, 1, {
        ok: true,
        fileName: result.fileName,
        target: result.target,
        results: result.outcome!.results,
      });
    },
  );

  app.post(
    '/api/imports/confirm',
    {
      schema: {
        tags: ['data'],
        summary: 'Imports (or cancels) an upload previewed with preview=1',
        body: {
          type: 'object',
          required: ['token'],
          additionalProperties: false,
          properties: { token: { type: 'string', maxLength: 100 }, cancel: { type: 'boolean' } },
        },
      },
    },
    async (request, reply) => {
      const user = requirePermission(state, request, reply, 'upload');
      if (!user) return reply;
      const b = request.body as { token: string; cancel?: boolean };
      const item = pending.take(b.token, user.name);
      if (!item)
        return reply
          .code(404)
          .send(
            errorBody(
              new SaferError(
                'this upload is no longer waiting (confirmed already, cancelled, or older than 30 minutes)',
                { code: 'E_NOT_FOUND', hint: 'upload the file again with preview=1' },
              ),
            ),
          );
      if (b.cancel) {
        removeUpload(item.folder);
        return reply.send({ cancelled: true, file: item.fileName });
      }
      const result = await confirmUpload(state, request, item);
      if (result.error) return reply.code(statusOf(result.error) as 422).send(errorBody(result.error));
      return reply.code(201).send({ target: result.target, file: result.fileName, results: result.outcome!.results });
    },
  );

  app.post(
    '/api/imports',
    {
      config: { csrf: 'manual' },
      schema: {
        tags: ['data'],
        summary: 'Upload a partner file into one of its sources (multipart/form-data: target, then file)',
        description:
          'Fields in this order: `target` (an id from GET /api/sources), optionally `restricted` ("1", cleared accounts only), `preview` ("1": check the file and answer what it would change, keeping nothing; then POST /api/imports/confirm with the token) and `confirm` ("1": replace a month already loaded even with fewer than 90% of its rows; without it such an upload is refused with 409), then `file`. The CSRF token goes in X-CSRF-Token. ' +
          'The file is checked and imported in one transaction: on any error nothing is kept and the answer is 422 with the file, line, column and value of the first problem.',
        consumes: ['multipart/form-data'],
        response: {
          200: {
            type: 'object',
            additionalProperties: true,
            description:
              'preview=1: what the import would do (results, changes per month or period) and the token for POST /api/imports/confirm',
          },
          201: {
            type: 'object',
            properties: {
              target: { type: 'string' },
              file: { type: 'string' },
              results: { type: 'array', items: importResult },
            },
          },
          400: { $ref: 'ErrorBody#' },
          401: { $ref: 'ErrorBody#' },
          403: { $ref: 'ErrorBody#' },
          409: { $ref: 'ErrorBody#' },
          413: { $ref: 'ErrorBody#' },
          422: { $ref: 'ErrorBody#' },
        },
      },
    },
    async (request, reply) => {
      if (!requirePermission(state, request, reply, 'upload')) return reply;
      const result = await handleUpload(state, request, pending);
      if (result.error) return reply.code(statusOf(result.error) as 422).send(errorBody(result.error));
      if (result.preview)
        return reply.code(200).send({
          target: result.target,
          file: result.fileName,
          preview: true,
          token: result.pending!.token,
          results: result.preview.results,
          changes: result.preview.changes,
        });
      return reply
        .code(201)
        .send({ target: result.outcome!.target.id, file: result.fileName, results: result.outcome!.results });
    },
  );

  app.get(
    '/api/imports',
    {
      schema: {
        tags: ['data'],
        summary: 'Import history, newest first (restricted imports only for cleared accounts)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            offset: { type: 'integer', minimum: 0, maximum: 1000000, default: 0 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              total: { type: 'integer' },
              imports: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'integer' },
                    kind: { type: 'string' },
                    source: { type: 'string' },
                    file: { type: 'string' },
                    rowsLoaded: { type: 'integer' },
                    rowsRejected: { type: 'integer' },
                    rowsReplaced: { type: 'integer' },
                    replacedBy: { type: 'integer', nullable: true },
                    restricted: { type: 'boolean' },
                    startedAt: { type: 'string' },
                    finishedAt: { type: 'string', nullable: true },
                  },
                },
              },
            },
          },
          400: { $ref: 'ErrorBody#' },
          401: { $ref: 'ErrorBody#' },
          403: { $ref: 'ErrorBody#' },
        },
      },
    },
    async (request, reply) => {
      const user = requirePermission(state, request, reply, 'data');
      if (!user) return reply;
      const q = request.query as { limit: number; offset: number };
      const h = await importHistory(state.service, user.cleared, q.limit, q.offset);
      return { total: h.total, imports: h.rows };
    },
  );

  app.get(
    '/api/sources',
    {
      schema: {
        tags: ['data'],
        summary: 'The sources this account may upload to',
        response: {
          200: {
            type: 'object',
            properties: {
              sources: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    kind: { type: 'string' },
                    source: { type: 'string' },
                    label: { type: 'string' },
                    files: { type: 'integer' },
                    lastImport: { type: 'string', nullable: true },
                    restricted: { type: 'boolean' },
                    extensions: { type: 'array', items: { type: 'string' } },
                  },
                },
              },
            },
          },
          401: { $ref: 'ErrorBody#' },
          403: { $ref: 'ErrorBody#' },
        },
      },
    },
    async (request, reply) => {
      const user = requirePermission(state, request, reply, 'data');
      if (!user) return reply;
      return { sources: targetsFor(user, await uploadTargets(state.service)).map(({ mapping: _m, ...t }) => t) };
    },
  );

  app.get(
    '/api/status',
    {
      schema: {
        tags: ['data'],
        summary:
          'What is loaded: sources and their months (gaps), districts, reference data (safer status); the roles that see the Data page',
        response: {
          200: { type: 'object', additionalProperties: true },
          401: { $ref: 'ErrorBody#' },
          403: { $ref: 'ErrorBody#' },
        },
      },
    },
    async (request, reply) => {
      // the same role as the Data page, which shows the same status
      if (!requirePermission(state, request, reply, 'data')) return reply;
      return visibleStatus(state.service, request.principal!.cleared);
    },
  );

  // undo an import: a confirm page (what would change), the form it posts, and the API route
  const idParams = {
    type: 'object',
    required: ['id'],
    additionalProperties: false,
    properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647 } },
  } as const;

  app.get('/data/imports/:id/undo', { schema: { hide: true, params: idParams } }, async (request, reply) => {
    const user = requirePermission(state, request, reply, 'upload');
    if (!user) return reply;
    const preview = await mayUndo(state, user, (request.params as { id: number }).id);
    if (preview instanceof SaferError) return sendError(state, request, reply, preview);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(
        shell(state, request, {
          title: `Undo import #${preview.importId}`,
          active: 'data',
          body: undoBody(preview, request.session?.csrf ?? ''),
        }),
      );
  });

  app.post('/data/imports/:id/undo', { schema: { hide: true, params: idParams } }, async (request, reply) => {
    const user = requirePermission(state, request, reply, 'upload');
    if (!user) return reply;
    const id = (request.params as { id: number }).id;
    const allowed = await mayUndo(state, user, id);
    if (allowed instanceof SaferError) return sendError(state, request, reply, allowed);
    try {
      await undoAudited(state, id, user.local ? 'local' : user.name, clientAddress(request));
    } catch (error) {
      if (error instanceof SaferError) return sendError(state, request, reply, error);
      throw error;
    }
    return reply.redirect('/data#history', 303);
  });

  app.post(
    '/api/imports/:id/undo',
    {
      schema: {
        tags: ['data'],
        summary: 'Undo an import: its rows are taken out of use and the rows it replaced come back exactly (audited)',
        description:
          "Allowed to those who may upload to the import's source (restricted imports: cleared accounts). Refused with 409 when a later import replaces some of its rows (undo that first) or it was undone already. The CSRF token goes in X-CSRF-Token.",
        params: idParams,
        response: {
          200: {
            type: 'object',
            properties: {
              importId: { type: 'integer' },
              kind: { type: 'string' },
              rowsRemoved: { type: 'integer' },
              rowsRestored: { type: 'integer' },
              restoredImports: { type: 'array', items: { type: 'integer' } },
              undoneAt: { type: 'string' },
            },
          },
          400: { $ref: 'ErrorBody#' },
          401: { $ref: 'ErrorBody#' },
          403: { $ref: 'ErrorBody#' },
          404: { $ref: 'ErrorBody#' },
          409: { $ref: 'ErrorBody#' },
        },
      },
    },
    async (request, reply) => {
      const user = requirePermission(state, request, reply, 'upload');
      if (!user) return reply;
      const id = (request.params as { id: number }).id;
      const allowed = await mayUndo(state, user, id);
      if (allowed instanceof SaferError) return sendError(state, request, reply, allowed);
      // the response schema leaves out the file (a path on the server)
      return reply.send(await undoAudited(state, id, user.local ? 'local' : user.name, clientAddress(request)));
    },
  );
}

/** The preview of an undo when this account may undo the import (it may upload to its source; restricted: cleared), else the refusal. */
async function mayUndo(state: ServerState, user: Principal, id: number): Promise<UndoPreview | SaferError> {
  const preview = await state.service.withStore((store) => previewUndo(store, id));
  if (!preview || (preview.restricted && !user.cleared))
    return new SaferError(`There is no import #${id} to undo`, { code: 'E_NOT_FOUND', value: String(id) });
  if (!mayUploadTo(user, preview.source))
    return new SaferError('you may not undo imports of this source', {
      code: 'E_FORBIDDEN',
      value: preview.source,
      hint: 'those who may upload to a source may undo its imports; ask an administrator',
    });
  return preview;
}

function undoBody(p: UndoPreview, csrf: string): SafeHtml {
  const fmt = (n: number) => n.toLocaleString('en-GB');
  const file = p.file
    .split('!')
    .map((part) => part.split(/[\\/]/).pop() ?? part)
    .join('!');
  const blocked = p.undone
    ? html`<p>This import was undone already. Import its file again to load it again.</p>`
    : p.blockedBy.length > 0
      ? html`<p>Later imports replace some of its rows: undo ${p.blockedBy.map((i) => `#${i}`).join(', then ')} first (newest first).</p>`
      : null;
  const what = html`<p>Import #${p.importId} (${p.kind}, ${file}): its ${fmt(p.rowsToRemove)} rows are taken out of use${p.rowsToRestore > 0 ? html`, and the ${fmt(p.rowsToRestore)} rows it replaced (import${p.restoredImports.length === 1 ? '' : 's'} ${p.restoredImports.map((i) => `#${i}`).join(', ')}) come back exactly as they were` : ' (it replaced nothing)'}. The rows stay in the store as an earlier vintage, and the undo is in the audit log.</p>`;
  return html`<div class="page-head"><div><h1>Undo import #${p.importId}</h1></div></div><section class="card">${what}${
    blocked ??
    html`<form class="form" method="post" action="${`/data/imports/${p.importId}/undo`}" data-busy="Undoing…"><input type="hidden" name="_csrf" value="${csrf}"><div><button class="btn" type="submit">Undo import #${p.importId}</button> <a href="/data#history">Cancel</a></div></form>`
  }</section>`;
}
