import { summarisePopulation, type StoreStatus } from '../../store/status.ts';
import type { ImportResult } from '../../ingest/types.ts';
import type { BatchChange } from '../../ingest/import.ts';
import type { SaferError } from '../../core/errors.ts';
import { formatInt, monthShort } from '../../report/format.ts';
import { html, query, type SafeHtml } from '../html.ts';
import { can, type Principal } from '../auth/roles.ts';
import type { Areas } from '../data/service.ts';
import type { ImportRow } from '../data/history.ts';
import { KIND_LABELS, type UploadTarget } from '../data/uploads.ts';
import { badge, callout, card, dataTable, emptyState, figures } from './components.ts';

export interface UploadFeedback {
  ok: boolean;
  fileName: string;
  target: string;
  results?: ImportResult[];
  error?: SaferError;
  /** a previewed upload waiting for "Import it" or "Cancel" */
  preview?: { changes: BatchChange[]; token: string; source: string };
  cancelled?: boolean;
}

export interface DataPageInput {
  user: Principal;
  csrf: string;
  status: StoreStatus;
  areas: Areas;
  history: { total: number; rows: ImportRow[] };
  page: number;
  pageSize: number;
  targets: UploadTarget[];
  maxUploadMb: number;
  feedback?: UploadFeedback;
  /** the source to select in the upload form (a source just made) */
  selected?: string;
}

/** An import error with where it was found: file, line, column, value and what to do. */
export function errorDetails(error: SaferError): SafeHtml {
  const loc = error.location;
  const rows: [string, string][] = [];
  if (loc.file) rows.push(['File', loc.file]);
  if (loc.line !== undefined) rows.push(['Line', String(loc.line)]);
  if (loc.column !== undefined)
    rows.push(['Column', typeof loc.column === 'number' ? String(loc.column) : `"${loc.column}"`]);
  if (loc.value !== undefined) rows.push(['Value', JSON.stringify(loc.value)]);
  if (error.hint) rows.push(['What to do', error.hint]);
  return html`<p class="error-message">${error.message}</p>${rows.length ? html`<dl class="error-location">${rows.map(([k, v]) => html`<dt>${k}</dt><dd data-field="${k.toLowerCase().replace(/\s+/g, '-')}">${v}</dd>`)}</dl>` : ''}`;
}

const TABLE_LABELS: Record<string, string> = {
  events: 'crimes and records',
  police_outcomes: 'outcomes',
  stop_searches: 'stop and search',
  indicators: 'partner indicators',
  comparator_counts: 'comparator counts',
};

/** A batch id is `<source>/<month or period>`: the user knows the month. */
function batchLabel(batch: string): string {
  const part = batch.slice(batch.lastIndexOf('/') + 1);
  return /^\d{4}-\d{2}$/.test(part) ? monthShort(part) : part;
}

/** One row per file of the upload (a zip: per member): what it is, its months, rows and what it replaces. */
function filesTable(f: UploadFeedback, names: Map<string, string>): SafeHtml {
  const results = f.results ?? [];
  const changes = f.preview?.changes ?? [];
  return dataTable({
    id: 'upload-files',
    caption: `The ${formatInt(results.length)} files of the upload`,
    columns: [
      { head: 'File', sort: 'text' },
      { head: 'What it is', sort: 'text' },
      { head: 'Months or periods', sort: 'text' },
      { head: 'Rows read', sort: 'num' },
      { head: 'Rows stored now', sort: 'num' },
      { head: 'Rows after', sort: 'num' },
      { head: 'Difference', sort: 'num' },
      { head: 'Districts' },
    ],
    rows: results.map((r) => {
      const mine = changes.filter((c) => r.importId !== null && (c.importIds ?? []).includes(r.importId));
      const before = mine.reduce((s, c) => s + c.before, 0);
      const after = mine.reduce((s, c) => s + c.after, 0);
      const districts = [...new Set(mine.flatMap((c) => (c.districts ?? []).map((d) => d.district)))]
        .filter((d): d is string => d !== null)
        .map((d) => names.get(d) ?? d);
      return {
        cells: [
          { html: r.file, value: r.file },
          {
            html: html`${KIND_LABELS[r.kind] ?? r.kind}${r.status === 'unchanged' ? html` ${badge('already loaded')}` : ''}`,
            value: r.kind,
          },
          {
            html: mine.length
              ? mine.map((c) => `${batchLabel(c.batch)}${c.before > 0 ? ' (replaces)' : ' (new)'}`).join(', ')
              : '–',
            value: mine.map((c) => c.batch).join(' '),
          },
          { html: formatInt(r.rowsRead), value: r.rowsRead },
          { html: formatInt(before), value: before },
          { html: formatInt(after), value: after },
          { html: `${after - before > 0 ? '+' : ''}${formatInt(after - before)}`, value: after - before },
          { html: districts.join(', ') || '–' },
        ],
      };
    }),
    exportable: false,
  });
}

function previewBlock(f: UploadFeedback, csrf: string, names: Map<string, string>): SafeHtml {
  const p = f.preview!;
  const results = f.results ?? [];
  const read = results.reduce((s, r) => s + r.rowsRead, 0);
  const loaded = results.reduce((s, r) => s + r.rowsLoaded, 0);
  const unchanged = results.length > 0 && results.every((r) => r.status === 'unchanged');
  const replaced = p.changes.filter((c) => c.before > 0);
  const shrinking = p.changes.filter((c) => c.before > 0 && c.after < c.before * 0.9);
  const districts = new Map<string, number>();
  for (const c of p.changes)
    for (const d of c.districts ?? [])
      districts.set(d.district ?? 'no district', (districts.get(d.district ?? 'no district') ?? 0) + d.rows);
  const tables = new Set(p.changes.map((c) => c.table)).size;
  // one month of street, outcomes and stop-and-search files is one month
  const periods = new Set(p.changes.map((c) => batchLabel(c.batch))).size;
  const table = dataTable({
    id: 'upload-preview',
    caption: `What ${f.fileName} would change in ${p.source}`,
    columns: [
      { head: 'Month or period', sort: 'text' },
      { head: 'Rows stored now', sort: 'num' },
      { head: 'Rows after the import', sort: 'num' },
      { head: 'Difference', sort: 'num' },
      { head: 'Districts (rows)' },
    ],
    rows: p.changes.map((c) => ({
      className: c.before > 0 && c.after < c.before * 0.9 ? 'highlight' : '',
      cells: [
        {
          html: html`${batchLabel(c.batch)}${tables > 1 ? html`<span class="sub">${TABLE_LABELS[c.table] ?? c.table}</span>` : ''}${c.before === 0 ? html` ${badge('new', 'new')}` : ''}`,
          value: c.batch,
        },
        { html: formatInt(c.before), value: c.before },
        { html: formatInt(c.after), value: c.after },
        { html: `${c.after - c.before > 0 ? '+' : ''}${formatInt(c.after - c.before)}`, value: c.after - c.before },
        {
          html: (c.districts ?? [])
            .map((d) => `${d.district ? (names.get(d.district) ?? d.district) : 'no district'} (${formatInt(d.rows)})`)
            .join(', '),
        },
      ],
    })),
    exportable: false,
  });
  const summary = unchanged
    ? html`<p>This file is already loaded in ${p.source}: importing it would change nothing.</p>`
    : html`<p>${formatInt(read)} rows read, ${formatInt(loaded)} would be loaded: ${formatInt(periods)} month${periods === 1 ? '' : 's'} or period${periods === 1 ? '' : 's'}${results.length > 1 ? ` in ${formatInt(results.length)} files` : ''}, ${replaced.length > 0 ? `${formatInt(replaced.length)} of them replacing what is stored` : 'all new'}${
        [...districts.keys()].some((d) => d !== 'no district')
          ? `, in ${[...districts.keys()]
              .filter((d) => d !== 'no district')
              .map((d) => names.get(d) ?? d)
              .join(', ')}`
          : ''
      }.</p>`;
  // which mapping file was used is the server's business, not the uploader's
  const notes = results.flatMap((r) => r.notes).filter((n) => !/^mapping /.test(n));
  const warn =
    shrinking.length > 0
      ? callout(
          'warning',
          `${shrinking.length === 1 ? 'A month' : `${shrinking.length} months`} would keep fewer than 90% of its rows`,
          html`<p>${shrinking.map((c) => `${batchLabel(c.batch)}: ${formatInt(c.before)} → ${formatInt(c.after)}`).join('; ')}. A partial export or a filter left on are the usual causes: import only if the smaller file is right.</p>`,
        )
      : '';
  return html`<div class="callout info preview" role="status"><strong class="title">Check before importing: ${f.fileName}</strong>${summary}${warn}${results.length > 1 ? filesTable(f, names) : ''}${p.changes.length > 0 ? table : ''}${notes.length ? html`<ul class="plain note">${notes.slice(0, 6).map((n) => html`<li>${n}</li>`)}</ul>` : ''}
<form method="post" action="/data/upload/confirm" class="form-row"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="token" value="${p.token}">
${unchanged ? '' : html`<button class="btn" type="submit" name="action" value="import">Import it</button>`}<button class="btn secondary" type="submit" name="action" value="cancel">${unchanged ? 'Close' : 'Cancel'}</button></form>
<p class="note">Nothing is stored until you import it. The file waits 30 minutes.</p></div>`;
}

function feedbackBlock(f: UploadFeedback, csrf = '', names = new Map<string, string>()): SafeHtml {
  if (f.preview) return previewBlock(f, csrf, names);
  if (f.cancelled)
    return callout(
      'info',
      `${f.fileName} was not imported`,
      html`<p>The upload was cancelled and the file removed.</p>`,
    );
  if (!f.ok && f.error) {
    return callout(
      'error',
      `The upload of ${f.fileName} was not imported`,
      html`${errorDetails(f.error)}<p class="note">Nothing from the file was kept: an import lands whole or not at all. Correct the file and upload it again.</p>`,
    );
  }
  const results = f.results ?? [];
  const loaded = results.reduce((s, r) => s + r.rowsLoaded, 0);
  const unchanged = results.every((r) => r.status === 'unchanged');
  const shownNotes = results.flatMap((r) => r.notes).filter((n) => !/^mapping /.test(n));
  return callout(
    'success',
    unchanged ? `${f.fileName} is already loaded` : `${f.fileName} imported into ${f.target}`,
    html`${unchanged ? html`<p>The same file is already in the store: nothing changed.</p>` : html`<p>${formatInt(loaded)} rows loaded. The dashboard now uses them.</p>`}${shownNotes.length ? html`<ul class="plain">${shownNotes.slice(0, 8).map((n) => html`<li>${n}</li>`)}</ul>` : ''}`,
  );
}

function uploadCard(input: DataPageInput): SafeHtml {
  const { targets } = input;
  if (!can(input.user.role, 'upload')) return html``;
  const body =
    targets.length === 0
      ? emptyState(
          input.user.role === 'partner'
            ? "No source is assigned to your account yet: ask an administrator to add your organisation's sources."
            : 'No source can take uploads yet: create a partner source below, or load its first file from the command line.',
        )
      : html`<form class="form" method="post" action="/data/upload" enctype="multipart/form-data" data-busy="Importing…">
<input type="hidden" name="_csrf" value="${input.csrf}">
<label>Source <small>the partner dataset the file belongs to; its mapping and checks apply</small>
<select name="target" required>${targets.map((t) => html`<option value="${t.id}"${t.id === (input.feedback?.target ?? input.selected) ? html` selected` : ''}>${t.label}${t.restricted ? ' · restricted' : ''}</option>`)}</select></label>
<input type="hidden" name="preview" value="1">
${input.user.cleared ? html`<label class="check"><input type="checkbox" name="restricted" value="1"> Mark as restricted (only cleared accounts see it)</label>` : ''}
<label>File <small>${targets[0] ? `CSV, CSV.GZ or XLSX as the source takes; for a police.uk download, its zip or several of its files at once; at most ${input.maxUploadMb} MB` : ''}</small>
<input type="file" name="file" required multiple></label>
<div><button class="btn" type="submit">Check the file</button></div>
<p class="note">The file is checked row by row and you see what it would add or replace, month by month, before anything is kept; any error is shown with its line and column.</p>
</form>`;
  const newSource = can(input.user.role, 'create-source')
    ? html`<p class="note">A partner whose files Safer has not read yet? <a href="/data/sources/new">Create a new partner source</a> from a template.</p>`
    : '';
  return card(
    input.feedback?.preview ? 'Upload a partner file: check it' : 'Upload a partner file',
    html`${input.feedback ? feedbackBlock(input.feedback, input.csrf, new Map(input.areas.districts.map((d) => [d.code, d.name]))) : ''}${body}${newSource}`,
    { id: 'upload', span: input.feedback?.preview ? 12 : 5 },
  );
}

function coverageCard(status: StoreStatus, span: number): SafeHtml {
  if (status.eventSources.length === 0)
    return card('Record-level data', emptyState('No record-level data is loaded.'), { id: 'coverage', span });
  const table = dataTable({
    id: 'sources-table',
    columns: [
      { head: 'Source', sort: 'text' },
      { head: 'Kind', sort: 'text' },
      { head: 'Rows', sort: 'num' },
      { head: 'From', sort: 'text' },
      { head: 'To', sort: 'text' },
      { head: 'Gaps', sort: 'num' },
    ],
    rows: status.eventSources.map((s) => ({
      cells: [
        { html: html`${s.source}${s.force ? html`<span class="sub">${s.force}</span>` : ''}`, value: s.source },
        { html: s.kind, value: s.kind },
        { html: formatInt(s.rows), value: s.rows },
        { html: monthShort(s.firstMonth), value: s.firstMonth },
        { html: monthShort(s.lastMonth), value: s.lastMonth },
        {
          html: s.gaps.length
            ? html`${badge(`${s.missingMonths.length} month${s.missingMonths.length === 1 ? '' : 's'} missing`, 'up')}<span class="sub">${s.gaps.join(', ')}</span>`
            : badge('none', 'down'),
          value: s.missingMonths.length,
        },
      ],
    })),
    note: 'A gap is a month with no rows between the first and last month of a source: the measures that use it are not compared over those months.',
  });
  return card('Record-level data and coverage gaps', table, { id: 'coverage', span });
}

function districtsCard(areas: Areas): SafeHtml {
  return card(
    'Districts',
    dataTable({
      id: 'districts-table',
      columns: [
        { head: 'District', sort: 'text' },
        { head: 'Rows', sort: 'num' },
        { head: 'From', sort: 'text' },
        { head: 'To', sort: 'text' },
        { head: 'Assessable', sort: 'text' },
      ],
      rows: areas.districts.map((d) => ({
        cells: [
          { html: html`${d.name}<span class="sub">${d.code}</span>`, value: d.name },
          { html: formatInt(d.rows), value: d.rows },
          { html: monthShort(d.firstMonth), value: d.firstMonth },
          { html: monthShort(d.lastMonth), value: d.lastMonth },
          {
            html: d.covered ? badge('yes', 'down') : html`${badge('no', 'up')}<span class="sub">${d.reason}</span>`,
            value: d.covered ? 'yes' : 'no',
          },
        ],
      })),
      note: 'A district is assessable when its own data covers every one of the 24 months compared.',
    }),
    { id: 'districts', span: 6 },
  );
}

function referenceCard(status: StoreStatus): SafeHtml {
  const rows: { what: string; detail: string; n: number }[] = [
    ...status.geography.map((g) => ({ what: `Geography: ${g.level}`, detail: `vintage ${g.vintage}`, n: g.areas })),
    ...status.boundaries.map((g) => ({ what: `Boundaries: ${g.level}`, detail: `vintage ${g.vintage}`, n: g.areas })),
    ...summarisePopulation(status.population).map((p) => ({
      what: `${p.label}, ${p.years}`,
      detail: `${formatInt(p.total)} in ${p.latestYear} (${p.level}); areas: ${p.areas}`,
      n: status.population.find((r) => r.measure === p.measure && r.year === p.latestYear)!.areas,
    })),
    ...status.indicators.map((i) => ({
      what: `Partner indicators: ${i.source}`,
      detail: `${i.indicators} indicators, ${i.firstPeriod} to ${i.lastPeriod}`,
      n: i.areas,
    })),
    ...status.comparators.map((c) => ({
      what: `Comparator counts: ${c.source}`,
      detail: `${c.categories} categories, ${c.firstPeriod} to ${c.lastPeriod}`,
      n: c.areas,
    })),
    ...status.peerGroups.map((p) => ({ what: `Peer groups: ${p.source}`, detail: `${p.rows} peer links`, n: p.areas })),
  ];
  return card(
    'Reference data and partner returns',
    rows.length
      ? dataTable({
          id: 'reference-table',
          className: 'scroll',
          columns: [{ head: 'What', sort: 'text' }, { head: 'Detail' }, { head: 'Areas', sort: 'num' }],
          rows: rows.map((r) => ({
            cells: [{ html: r.what, value: r.what }, { html: r.detail }, { html: formatInt(r.n), value: r.n }],
          })),
        })
      : emptyState('No reference data is loaded.'),
    { id: 'reference', span: 6 },
  );
}

/** Months loaded again: what changed between the earlier vintage and the newer one (the newer is used). */
function vintagesCard(s: DataPageInput['status']): SafeHtml {
  const vintages = s.vintages ?? [];
  if (vintages.length === 0) return html``;
  const table = dataTable({
    id: 'vintages-table',
    columns: [
      { head: 'Month', sort: 'text' },
      { head: 'Force or source', sort: 'text' },
      { head: 'Earlier', sort: 'text' },
      { head: 'Newer (in use)', sort: 'num' },
      { head: 'Rows before', sort: 'num' },
      { head: 'Rows after', sort: 'num' },
      { head: 'Added', sort: 'num' },
      { head: 'Removed', sort: 'num' },
      { head: 'Reclassified', sort: 'num' },
      { head: 'Outcome changed', sort: 'num' },
    ],
    rows: vintages.map((v) => ({
      cells: [
        { html: v.month, value: v.month },
        { html: v.force ?? v.source, value: v.force ?? v.source },
        { html: v.olderImports.map((i) => `#${i}`).join(', '), value: v.olderImports.join(',') },
        { html: `#${v.newerImport}`, value: v.newerImport },
        { html: formatInt(v.rowsBefore), value: v.rowsBefore },
        { html: formatInt(v.rowsAfter), value: v.rowsAfter },
        { html: formatInt(v.added), value: v.added },
        { html: formatInt(v.removed), value: v.removed },
        { html: formatInt(v.reclassified), value: v.reclassified },
        { html: formatInt(v.outcomeChanged), value: v.outcomeChanged },
      ],
    })),
  });
  return card(
    'Months loaded again',
    html`${table}<p class="note">Each row compares a month as first loaded with the file that replaced it, record by record (Crime ID; rows without one as whole rows). The newer vintage is in use; the earlier one is kept, and undoing the newer import brings it back.</p>`,
    { id: 'vintages', aside: `${formatInt(vintages.length)} replaced` },
  );
}

function historyCard(input: Pick<DataPageInput, 'history' | 'page' | 'pageSize'>, withUndo = false): SafeHtml {
  const { history, page, pageSize } = input;
  const pages = Math.max(1, Math.ceil(history.total / pageSize));
  const pager =
    pages > 1
      ? html`<p class="note">Page ${page} of ${pages} · ${page > 1 ? html`<a href="${`/data${query({ page: page - 1 })}#history`}">newer</a>` : 'newer'} · ${page < pages ? html`<a href="${`/data${query({ page: page + 1 })}#history`}">older</a>` : 'older'}</p>`
      : '';
  const table = dataTable({
    id: 'history-table',
    columns: [
      { head: '#', sort: 'num' },
      { head: 'Finished', sort: 'text' },
      { head: 'Kind', sort: 'text' },
      { head: 'Source', sort: 'text' },
      { head: 'File', sort: 'text' },
      { head: 'Rows loaded', sort: 'num' },
      { head: 'Rejected', sort: 'num' },
      { head: 'Replaced', sort: 'num' },
      { head: 'Status', sort: 'text' },
      ...(withUndo ? [{ head: '' }] : []),
    ],
    rows: history.rows.map((r) => ({
      cells: [
        { html: String(r.id), value: r.id },
        {
          html: r.finishedAt
            ? html`${r.finishedAt.slice(0, 10)}<span class="sub">${r.finishedAt.slice(11)}</span>`
            : 'unfinished',
          value: r.finishedAt ?? '',
        },
        { html: r.kind, value: r.kind },
        { html: html`${r.source}${r.restricted ? html` ${badge('restricted', 'restricted')}` : ''}`, value: r.source },
        { html: r.file, value: r.file },
        { html: formatInt(r.rowsLoaded), value: r.rowsLoaded },
        { html: formatInt(r.rowsRejected), value: r.rowsRejected },
        {
          html:
            r.rowsReplaced > 0
              ? html`${formatInt(r.rowsReplaced)} rows<span class="sub">${r.replaces.length ? `of ${r.replaces.map((i) => `#${i}`).join(', ')}` : ''}</span>`
              : 'nothing',
          value: r.rowsReplaced,
        },
        r.undone
          ? { html: badge('undone'), value: 'undone' }
          : {
              html:
                r.replacedBy !== null
                  ? badge(`replaced by #${r.replacedBy}`)
                  : r.finishedAt
                    ? badge('current', 'down')
                    : badge('failed', 'up'),
              value: r.replacedBy !== null ? 'replaced' : 'current',
            },
        ...(withUndo
          ? [
              {
                html:
                  r.finishedAt && !r.undone && r.replacedBy === null
                    ? html`<a class="btn small" href="${`/data/imports/${r.id}/undo`}">Undo</a>`
                    : '',
                value: '',
              },
            ]
          : []),
      ],
    })),
  });
  return card('Import history', html`${table}${pager}`, {
    id: 'history',
    aside: `${formatInt(history.total)} imports`,
  });
}

/** The parts of the page that depend only on the store (and clearance): made once per import. */
export interface DataParts {
  figures: SafeHtml;
  coverage: SafeHtml;
  rest: SafeHtml;
}

export function dataParts(
  input: Pick<DataPageInput, 'status' | 'areas' | 'history' | 'page' | 'pageSize'>,
  withUpload: boolean,
): DataParts {
  const s = input.status;
  const last = input.history.rows.find((r) => r.finishedAt)?.finishedAt ?? null;
  const gaps = s.eventSources.filter((e) => e.gaps.length > 0).length;
  return {
    figures: figures([
      {
        label: 'Records',
        value: formatInt(s.totals.rows),
        sub: `${formatInt(s.totals.rowsWithoutLocation)} without location`,
      },
      {
        label: 'Sources',
        value: formatInt(s.eventSources.length),
        sub: gaps ? `${gaps} with gaps` : 'no gaps',
        tone: gaps ? 'up' : 'down',
      },
      {
        label: 'Districts assessable',
        value: `${formatInt(input.areas.districts.filter((d) => d.covered).length)} of ${formatInt(input.areas.districts.length)}`,
        sub: input.areas.latest ? `data to ${monthShort(input.areas.latest)}` : '',
      },
      { label: 'Last import', value: last ? last.slice(0, 10) : 'none', sub: last ? last.slice(11, 16) : '' },
    ]),
    coverage: coverageCard(s, withUpload ? 7 : 12),
    rest: html`${districtsCard(input.areas)}
${referenceCard(s)}
${vintagesCard(s)}
${historyCard(input, withUpload)}`,
  };
}

export function dataBody(input: DataPageInput & { parts?: DataParts }): SafeHtml {
  const parts = input.parts ?? dataParts(input, can(input.user.role, 'upload'));
  return html`<div class="page-head"><div><h1>Data</h1><p class="sub">What is loaded, where the gaps are, and the history of imports${can(input.user.role, 'upload') ? '; upload partner files' : ''}</p></div></div>
<div class="stack">
${parts.figures}
<div class="grid start">
${uploadCard(input)}
${parts.coverage}
${parts.rest}
</div></div>`;
}
