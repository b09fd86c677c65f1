import type { AuditEntry } from '../auth/store.ts';
import { can, type Principal } from '../auth/roles.ts';
import { periodLong } from '../../report/format.ts';
import { markingFor } from '../../report/build/index.ts';
import type { AnalystWords } from '../../report/words.ts';
import { reportChecklist } from '../../report/checklist.ts';
import { html, path, type SafeHtml } from '../html.ts';
import { areaUrl } from './layout.ts';
import { badge, card, dataTable, emptyState } from './components.ts';
import type { AreaPageContext } from './overview.ts';

export interface ReportsPageInput {
  user: Principal;
  csrf: string;
  words: AnalystWords;
  recent: AuditEntry[];
}

const FORMAT_LABELS = {
  html: 'HTML (opens in any browser)',
  docx: 'Word (.docx)',
  pdf: 'PDF (A4, printed by Chromium)',
} as const;

export function reportsBody(p: AreaPageContext, input: ReportsPageInput): SafeHtml {
  const { a } = p;
  const name = a.area.name ?? a.area.code;
  const full = can(input.user.role, 'report-full');
  const action = path`/area/${a.area.code}/reports`;
  const form = html`<form class="form" method="post" action="${action}" data-busy="Generating…" data-download>
<input type="hidden" name="_csrf" value="${input.csrf}">
<input type="hidden" name="end" value="${a.period.end}">
<label>Edition <select name="edition">${full ? html`<option value="full">Full edition (partners) · ${markingFor('full', input.words)}</option>` : ''}<option value="public">Public edition (small numbers suppressed) · ${markingFor('public', input.words)}</option></select></label>
<fieldset class="form" style="border:0;padding:0;margin:0"><legend style="font-weight:600;font-size:0.9rem;margin-bottom:4px">Format</legend>
${(['docx', 'pdf', 'html'] as const).map((f, i) => html`<label class="check"><input type="radio" name="format" value="${f}"${i === 0 ? html` checked` : ''}> ${FORMAT_LABELS[f]}</label>`)}</fieldset>
<div class="form-row"><button class="btn" type="submit" name="disposition" value="attachment">Download</button><button class="btn secondary" type="submit" name="disposition" value="inline" formtarget="_blank">Open in a new tab</button></div>
<p class="report-progress" role="status" aria-live="polite" hidden></p>
<p class="note">Generating takes a few seconds (a PDF longer: Chromium prints it). Every document generated is recorded in the audit log with your name.</p>
</form>`;
  const recent = input.recent.length
    ? dataTable({
        id: 'recent-reports',
        columns: [
          { head: 'When', sort: 'text' },
          { head: 'Area', sort: 'text' },
          { head: 'Period', sort: 'text' },
          { head: 'Edition', sort: 'text' },
          { head: 'Format', sort: 'text' },
        ],
        rows: input.recent.map((e) => ({
          cells: [
            { html: e.at.slice(0, 16).replace('T', ' '), value: e.at },
            { html: String(e.detail['areaName'] ?? e.detail['area'] ?? ''), value: String(e.detail['area'] ?? '') },
            { html: String(e.detail['end'] ?? '') },
            { html: String(e.detail['edition'] ?? '') },
            { html: String(e.detail['format'] ?? '') },
          ],
        })),
      })
    : emptyState('You have not generated a report yet.');
  const todo = reportChecklist(a, input.words);
  const todoBody = todo.length
    ? html`<p class="note">The document fills these with a neutral default; supply them in the partnership's config folder and generate again. This list never appears in the document.</p>
<ul class="plain todo">${todo.map((item) => html`<li data-item="${item.id}">${item.text}<br><small>Where: ${item.where}.</small></li>`)}</ul>`
    : emptyState('Nothing to do: the config folder supplies everything the document asks for.');
  return html`<div class="page-head"><div><div class="crumbs"><a href="${areaUrl(a.area.code, 'overview', p.endParam)}">${name}</a> › Reports</div>
<h1>Strategic assessment documents</h1><p class="sub">${name}, ${periodLong(a.period)} compared with ${periodLong(a.previousPeriod)}</p></div></div>
<div class="grid">
${card('Generate a document', form, { span: 6, id: 'generate' })}
${card(
  'What the document holds',
  html`<ul class="plain"><li>Executive summary with the recommended priorities and the risk matrix's reasons</li><li>Introduction, background and a look back at last year's priorities</li><li>One section per measure: risk, change and significance, county and peer position, trend with projection, seasonality, ward map and table, sub-types, emerging signals, recommendations</li><li>Partner indicators, emerging issues, conclusion and appendices (methods, definitions, data quality)</li></ul>
<p>${full ? html`${badge('full edition', 'info')} for partner organisations; ` : ''}${badge('public edition', 'neutral')} suppresses counts below the partnership's threshold and leaves out sensitive sections.${a.restrictedWithheld > 0 ? ' Restricted datasets your account may not see are left out of every edition you generate.' : ''}</p>
<p class="note">The same charts and sentences as this dashboard: both come from the report's builder.</p>`,
  { span: 6, id: 'contents' },
)}
${full ? card('To do before the board', todoBody, { id: 'todo', aside: todo.length ? `${todo.length} item${todo.length === 1 ? '' : 's'}` : '' }) : ''}
${card('Your recent documents', recent, { id: 'recent' })}
</div>`;
}
