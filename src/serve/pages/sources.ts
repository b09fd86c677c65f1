import type { SaferError } from '../../core/errors.ts';
import { DATE_FORMATS, type CanonicalField } from '../../ingest/records/mapping.ts';
import { FIELD_LABELS, suggestColumn, type MappingTemplate } from '../data/sources.ts';
import { html, type SafeHtml } from '../html.ts';
import { card } from './components.ts';
import { errorDetails } from './data.ts';

function head(title: string, sub: string): SafeHtml {
  return html`<div class="page-head"><div><h1>${title}</h1><p class="sub">${sub}</p></div></div>`;
}

function problem(error: SaferError | undefined): SafeHtml | string {
  return error
    ? html`<div class="callout error" role="alert"><strong class="title">The source was not created</strong>${errorDetails(error)}</div>`
    : '';
}

/** Step 1: the template, the source's name and a sample of the partner's file. */
export function newSourceBody(input: {
  csrf: string;
  templates: readonly MappingTemplate[];
  error?: SaferError;
  chosen?: { template?: string; source?: string };
}): SafeHtml {
  const form = html`<form class="form" method="post" action="/data/sources/new" enctype="multipart/form-data" data-busy="Reading the file…">
<input type="hidden" name="_csrf" value="${input.csrf}">
<label for="source-template">Template <small>the kind of extract; its recodings (e.g. fire motives) come with it</small></label>
<select id="source-template" name="template" required>${input.templates.map((t) => html`<option value="${t.id}"${t.id === input.chosen?.template ? html` selected` : ''}>${t.label}</option>`)}</select>
<label for="source-name">Source name <small>letters, digits, dots, dashes and underscores, e.g. county-fire-incidents</small></label>
<input id="source-name" type="text" name="source" required maxlength="64" pattern="[A-Za-z0-9][A-Za-z0-9._\\-]{1,63}" value="${input.chosen?.source ?? ''}">
<label for="source-sample">A file from the partner <small>CSV or CSV.GZ; only its header is read, nothing is imported</small></label>
<input id="source-sample" type="file" name="file" required accept=".csv,.gz">
<div><button class="btn" type="submit">Next: match the columns</button> <a href="/data#upload">Cancel</a></div></form>`;
  return html`${head('New partner source', 'A source for a partner whose files Safer has not read before')}
${problem(input.error)}
<div class="grid start">${card('1. Template, name and a sample file', form, { id: 'new-source', span: 8 })}
${card('How it works', html`<p>Choose the template closest to the partner's extract, then match each of its fields to a column of the partner's file. Safer keeps the choices as the source's settings; the partner's files are then uploaded to the source from the Data page, checked row by row and previewed before anything is kept.</p>`, { id: 'new-source-help', span: 4 })}</div>`;
}

/** Step 2: each field of the template matched to a column of the sample's header. */
export function matchColumnsBody(input: {
  csrf: string;
  token: string;
  template: MappingTemplate;
  source: string;
  fileName: string;
  header: readonly string[];
  error?: SaferError;
  chosen?: Partial<Record<string, string>>;
  dateFormat?: string;
}): SafeHtml {
  const fields = Object.keys(input.template.columns) as CanonicalField[];
  const rows = fields.map((field, i) => {
    const chosen = input.chosen
      ? (input.chosen[field] ?? '')
      : (suggestColumn(input.template, field, input.header) ?? '');
    const id = `col-${i}`;
    return html`<label for="${id}">${FIELD_LABELS[field]} <small>the template calls it "${input.template.columns[field] ?? ''}"</small></label>
<select id="${id}" name="${`col_${field}`}"><option value="">(not in this file)</option>${input.header.map((h) => html`<option value="${h}"${h === chosen ? html` selected` : ''}>${h}</option>`)}</select>`;
  });
  const format = input.dateFormat ?? input.template.dateFormat;
  const form = html`<form class="form" method="post" action="/data/sources" data-busy="Creating the source…">
<input type="hidden" name="_csrf" value="${input.csrf}"><input type="hidden" name="token" value="${input.token}">
${rows}
<label for="date-format">How dates are written</label>
<select id="date-format" name="date_format">${DATE_FORMATS.map((d) => html`<option value="${d}"${d === format ? html` selected` : ''}>${d}</option>`)}</select>
<div><button class="btn" type="submit">Create the source ${input.source}</button> <a href="/data/sources/new">Start again</a></div></form>`;
  return html`${head(`New partner source: ${input.source}`, `Match the template's fields to the columns of ${input.fileName}`)}
${problem(input.error)}
<div class="grid start">${card('2. Match the columns', form, { id: 'match-columns', span: 8 })}
${card(`The columns of ${input.fileName}`, html`<ul class="plain">${input.header.map((h) => html`<li>${h}</li>`)}</ul>`, { id: 'sample-columns', span: 4 })}</div>`;
}
