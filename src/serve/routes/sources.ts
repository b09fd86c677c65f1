import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SaferError } from '../../core/errors.ts';
import { parseCsvHeader } from '../../ingest/csv-header.ts';
import { expandPaths } from '../../ingest/files.ts';
import {
  clientAddress,
  requirePermission,
  sameOrigin,
  sameToken,
  shell,
  statusOf,
  type ServerState,
} from '../context.ts';
import { createSource, mappingTemplates, templateById } from '../data/sources.ts';
import { removeUpload, safeFileName, uploadFolder, uploadTargets } from '../data/uploads.ts';
import { matchColumnsBody, newSourceBody } from '../pages/sources.ts';
import type { SafeHtml } from '../html.ts';

/** A sample's header waiting for its columns to be matched (the file itself is not kept). */
interface Draft {
  user: string;
  template: string;
  source: string;
  fileName: string;
  header: string[];
  createdAt: number;
}

type Drafts = Map<string, Draft>;

const DRAFT_TTL_MS = 30 * 60_000;
const MAX_DRAFTS = 50;

const csrf = (request: FastifyRequest) => request.session?.csrf ?? '';

function send(
  state: ServerState,
  request: FastifyRequest,
  reply: FastifyReply,
  title: string,
  body: SafeHtml,
  code = 200,
) {
  return reply
    .code(code)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(shell(state, request, { title, active: 'data', body }));
}

/** Reads the step-1 form: its fields, then the sample (CSRF checked before a byte is saved), reduced to its header. */
async function readSample(
  request: FastifyRequest,
): Promise<{ fields: Record<string, string>; fileName: string; header: string[] }> {
  if (!request.isMultipart()) throw new SaferError('send the form as multipart/form-data', { code: 'E_VALIDATION' });
  const fields: Record<string, string> = {};
  let sample: { fileName: string; header: string[] } | null = null;
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      continue;
    }
    if (sample || !sameOrigin(request) || !sameToken(fields['_csrf'], request.session?.csrf)) {
      part.file.resume();
      if (sample) continue;
      throw new SaferError('the form has expired or did not come from this site (CSRF token missing or wrong)', {
        code: 'E_CSRF',
        hint: 'reload the page and try again',
      });
    }
    const folder = uploadFolder();
    try {
      const fileName = safeFileName(part.filename || 'sample.csv');
      if (!/\.csv(\.gz)?$/i.test(fileName)) {
        part.file.resume();
        throw new SaferError('the sample must be a CSV (or CSV.GZ) file', {
          file: fileName,
          hint: 'save a copy of the partner file as CSV (UTF-8) to set up the source; later uploads may be XLSX',
          code: 'E_UPLOAD_TYPE',
        });
      }
      const path = join(folder, fileName);
      await pipeline(part.file, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
      const { files, cleanup } = await expandPaths([path]);
      try {
        const header = parseCsvHeader(files[0]?.header ?? '').filter((h) => h !== '');
        if (header.length < 2)
          throw new SaferError('the file has no header row of column names', {
            file: fileName,
            line: 1,
            hint: 'the first line must name the columns, separated by commas',
            code: 'E_VALIDATION',
          });
        sample = { fileName, header: [...new Set(header)] };
      } finally {
        cleanup();
      }
    } finally {
      removeUpload(folder);
    }
  }
  if (!sample)
    throw new SaferError('no file was sent', { code: 'E_VALIDATION', hint: 'choose a file from the partner' });
  return { fields, ...sample };
}

/**
 * A new partner source from the browser (analysts and administrators): a template of the
 * project's mappings, a name and a sample of the partner's file; then each field of the template
 * matched to one of the sample's columns (checked against its header on the server); the mapping
 * is written where the server keeps its sources, and the source is offered for uploads. Audited.
 */
export async function registerSourceRoutes(app: FastifyInstance, state: ServerState): Promise<void> {
  const drafts: Drafts = new Map();
  const expire = () => {
    const now = Date.now();
    for (const [token, d] of drafts) if (d.createdAt + DRAFT_TTL_MS < now) drafts.delete(token);
    while (drafts.size >= MAX_DRAFTS) drafts.delete(drafts.keys().next().value!);
  };
  app.get('/data/sources/new', { schema: { hide: true } }, async (request, reply) => {
    if (!requirePermission(state, request, reply, 'create-source')) return reply;
    const body = newSourceBody({ csrf: csrf(request), templates: mappingTemplates() });
    return send(state, request, reply, 'New partner source', body);
  });

  app.post('/data/sources/new', { config: { csrf: 'manual' }, schema: { hide: true } }, async (request, reply) => {
    const user = requirePermission(state, request, reply, 'create-source');
    if (!user) return reply;
    let fields: Record<string, string> = {};
    try {
      const sample = await readSample(request);
      fields = sample.fields;
      const template = templateById(fields['template'] ?? '');
      expire();
      const token = randomBytes(18).toString('base64url');
      const source = (fields['source'] ?? '').trim();
      drafts.set(token, { user: user.name, template: template.id, source, ...sample, createdAt: Date.now() });
      const body = matchColumnsBody({ csrf: csrf(request), token, template, source, ...sample });
      return send(state, request, reply, `New partner source: ${source}`, body);
    } catch (error) {
      if (!(error instanceof SaferError)) throw error;
      const body = newSourceBody({
        csrf: csrf(request),
        templates: mappingTemplates(),
        error,
        chosen: {
          ...(fields['template'] ? { template: fields['template'] } : {}),
          ...(fields['source'] ? { source: fields['source'] } : {}),
        },
      });
      return send(state, request, reply, 'New partner source', body, statusOf(error));
    }
  });

  app.post(
    '/data/sources',
    {
      schema: {
        hide: true,
        body: {
          type: 'object',
          required: ['token'],
          additionalProperties: { type: 'string', maxLength: 200 },
          properties: { token: { type: 'string', maxLength: 100 }, date_format: { type: 'string', maxLength: 40 } },
        },
      },
    },
    async (request, reply) => finishSource(state, request, reply, drafts),
  );
}

/** Step 2: the column choices checked against the sample's header, the mapping written, the source offered. */
async function finishSource(
  state: ServerState,
  request: FastifyRequest,
  reply: FastifyReply,
  drafts: Drafts,
): Promise<FastifyReply> {
  const user = requirePermission(state, request, reply, 'create-source');
  if (!user) return reply;
  const b = request.body as Record<string, string>;
  const draft = drafts.get(b['token'] ?? '');
  if (!draft || draft.user !== user.name) {
    const error = new SaferError('this new source is no longer waiting (created already, or older than 30 minutes)', {
      code: 'E_NOT_FOUND',
      hint: 'start again',
    });
    const body = newSourceBody({ csrf: csrf(request), templates: mappingTemplates(), error });
    return send(state, request, reply, 'New partner source', body, 404);
  }
  const columns = Object.fromEntries(
    Object.entries(b)
      .filter(([k]) => k.startsWith('col_'))
      .map(([k, v]) => [k.slice(4), v]),
  );
  try {
    const existing = (await uploadTargets(state.service)).map((t) => t.source);
    const created = createSource(state.service.store.path, {
      template: draft.template,
      source: draft.source,
      columns,
      dateFormat: b['date_format'] ?? '',
      header: draft.header,
      existing,
    });
    drafts.delete(b['token']!);
    state.service.invalidate();
    await state.auth.audit({
      user: user.name,
      action: 'source-created',
      outcome: 'ok',
      address: clientAddress(request),
      detail: { source: created.source, kind: created.kind, template: draft.template, sample: draft.fileName, columns },
    });
    return reply.redirect(`/data?target=${encodeURIComponent(`records:${created.source}`)}#upload`, 303);
  } catch (error) {
    if (!(error instanceof SaferError)) throw error;
    await state.auth.audit({
      user: user.name,
      action: 'source-created',
      outcome: 'failed',
      address: clientAddress(request),
      detail: { source: draft.source, template: draft.template, error: error.message },
    });
    const body = matchColumnsBody({
      csrf: csrf(request),
      token: b['token']!,
      template: templateById(draft.template),
      source: draft.source,
      fileName: draft.fileName,
      header: draft.header,
      error,
      chosen: columns,
      ...(b['date_format'] ? { dateFormat: b['date_format'] } : {}),
    });
    return send(state, request, reply, `New partner source: ${draft.source}`, body, statusOf(error));
  }
}
