import { ROLES, ROLE_LABELS } from '../auth/roles.ts';
import type { AuditEntry, PublicUser } from '../auth/store.ts';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import { html, path, query, type SafeHtml } from '../html.ts';
import type { UploadTarget } from '../data/uploads.ts';
import { badge, callout, card, dataTable } from './components.ts';
import { AUDIT_ACTIONS } from '../auth/store.ts';
import type { AuditFilter } from '../routes/admin.ts';

export interface AdminPageInput {
  csrf: string;
  users: PublicUser[];
  audit: AuditEntry[];
  sources: UploadTarget[];
  message?: { ok: boolean; text: string };
  self: string;
  /** covered districts, for the installation's default home district */
  districts?: { code: string; name: string }[];
  installationHome?: string | null;
  auditFilter?: AuditFilter;
}

/** The partner sources as checkboxes (the known upload targets' sources, plus any the account already holds). */
function sourcePicker(input: AdminPageInput, chosen: readonly string[], idPrefix: string): SafeHtml {
  const known = [...new Set([...input.sources.map((s) => s.source), ...chosen])].sort();
  if (known.length === 0)
    return html`<p class="note">No sources are loaded yet: a partner can be given one once its first file is imported.</p>`;
  return html`<fieldset class="sources"><legend>Sources it may upload to (partners)</legend>${known.map(
    (s, i) =>
      html`<label class="check" for="${`${idPrefix}-src-${i}`}"><input type="checkbox" id="${`${idPrefix}-src-${i}`}" name="sources" value="${s}"${chosen.includes(s) ? html` checked` : ''}> ${s}</label>`,
  )}</fieldset>`;
}

function homeDefault(input: AdminPageInput): SafeHtml {
  const districts = input.districts ?? [];
  return html`<form class="form" method="post" action="/admin/home-default">
<input type="hidden" name="_csrf" value="${input.csrf}"><input type="hidden" name="next" value="/admin">
<label>Home district for every account without its own <select name="area"><option value="">None (the first district)</option>${districts.map((d) => html`<option value="${d.code}"${d.code === input.installationHome ? html` selected` : ''}>${d.name}</option>`)}</select></label>
<p class="note">Accounts land on it after signing in; each account can choose its own with "Make … my home district" above the pages.</p>
<div><button class="btn secondary" type="submit">Save home district</button></div></form>`;
}

function roleSelect(selected: string): SafeHtml {
  return html`<select name="role">${ROLES.map((r) => html`<option value="${r}"${r === selected ? html` selected` : ''}>${ROLE_LABELS[r]}</option>`)}</select>`;
}

function userRow(u: PublicUser, input: AdminPageInput): SafeHtml {
  return html`<details><summary>Change</summary><form class="form" method="post" action="${path`/admin/users/${u.name}`}" style="margin-top:8px">
<input type="hidden" name="_csrf" value="${input.csrf}">
<label>Role ${roleSelect(u.role)}</label>
<label class="check"><input type="checkbox" name="cleared" value="1"${u.cleared ? html` checked` : ''}> Cleared for restricted datasets</label>
${sourcePicker(input, u.sources, `u-${u.name.replace(/[^A-Za-z0-9_-]/g, '_')}`)}
<label>New password <small>leave empty to keep</small><input type="password" name="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}"></label>
${u.name !== input.self ? html`<label class="check"><input type="checkbox" name="disabled" value="1"${u.disabled ? html` checked` : ''}> Disabled (cannot sign in)</label>` : ''}
<div><button class="btn secondary" type="submit">Save ${u.name}</button></div></form></details>`;
}

export function adminBody(input: AdminPageInput): SafeHtml {
  const users = dataTable({
    id: 'users-table',
    columns: [
      { head: 'Account', sort: 'text' },
      { head: 'Role', sort: 'text' },
      { head: 'Restricted data', sort: 'text' },
      { head: 'Upload sources' },
      { head: 'Status', sort: 'text' },
      { head: 'Change', hiddenHead: true },
    ],
    rows: input.users.map((u) => ({
      attrs: { 'data-user': u.name },
      cells: [
        {
          html: html`<strong>${u.name}</strong><span class="sub">since ${u.createdAt.slice(0, 10)}</span>`,
          value: u.name,
        },
        { html: ROLE_LABELS[u.role], value: u.role },
        { html: u.cleared ? badge('cleared', 'restricted') : badge('no'), value: u.cleared ? 'cleared' : 'no' },
        {
          html:
            u.role === 'partner'
              ? u.sources.length
                ? u.sources.join(', ')
                : badge('none yet', 'new')
              : html`<span class="note">${u.role === 'viewer' ? 'cannot upload' : 'any source'}</span>`,
        },
        {
          html: u.disabled ? badge('disabled', 'up') : badge('active', 'down'),
          value: u.disabled ? 'disabled' : 'active',
        },
        { html: userRow(u, input) },
      ],
    })),
  });
  const create = html`<form class="form" method="post" action="/admin/users">
<input type="hidden" name="_csrf" value="${input.csrf}">
<label>Account name <small>letters, digits, . _ @ -</small><input type="text" name="name" required maxlength="64" pattern="[A-Za-z0-9][A-Za-z0-9._@\\-]{0,63}"></label>
<label>Role ${roleSelect('viewer')}</label>
<label>Password <small>at least ${MIN_PASSWORD_LENGTH} characters</small><input type="password" name="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}"></label>
<label class="check"><input type="checkbox" name="cleared" value="1"> Cleared for restricted datasets</label>
${sourcePicker(input, [], 'new')}
<div><button class="btn" type="submit">Create account</button></div></form>`;
  const audit = dataTable({
    id: 'audit-table',
    columns: [
      { head: 'When', sort: 'text' },
      { head: 'Account', sort: 'text' },
      { head: 'Action', sort: 'text' },
      { head: 'Outcome', sort: 'text' },
      { head: 'From', sort: 'text' },
      { head: 'Detail', className: 'wide' },
    ],
    rows: input.audit.map((e) => ({
      cells: [
        { html: e.at.slice(0, 19).replace('T', ' '), value: e.at },
        { html: e.user ?? '–', value: e.user ?? '' },
        { html: e.action, value: e.action },
        { html: badge(e.outcome, e.outcome === 'ok' ? 'down' : 'up'), value: e.outcome },
        { html: e.address ?? '', value: e.address ?? '' },
        {
          html: html`<span class="note">${Object.entries(e.detail)
            .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
            .join('; ')}</span>`,
        },
      ],
    })),
  });
  const f = input.auditFilter ?? {};
  const filters = html`<form class="form form-row audit-filter" method="get" action="/admin#audit" aria-label="Filter the audit log">
<label>Action <select name="action"><option value="">Any</option>${AUDIT_ACTIONS.map((a) => html`<option value="${a}"${f.action === a ? html` selected` : ''}>${a}</option>`)}</select></label>
<label>Account <input type="text" name="user" value="${f.user ?? ''}" maxlength="64"></label>
<label>Outcome <select name="outcome"><option value="">Any</option>${(['ok', 'failed', 'refused'] as const).map((o) => html`<option value="${o}"${f.outcome === o ? html` selected` : ''}>${o}</option>`)}</select></label>
<label>From <input type="date" name="from" value="${f.from ?? ''}"></label>
<label>To <input type="date" name="to" value="${f.to ?? ''}"></label>
<div><button class="btn secondary" type="submit">Filter</button> <a href="/admin#audit">Clear</a> · <a href="${`/admin/audit.csv${query({ ...f })}`}" download>Download the ${Object.keys(f).length > 0 ? 'filtered ' : ''}log as CSV</a></div></form>`;
  const filtered = Object.keys(f).length > 0;
  return html`<div class="page-head"><div><h1>Accounts and audit log</h1><p class="sub">Who may do what, and a record of sign-ins, uploads and report generations</p></div></div>
${input.message ? callout(input.message.ok ? 'success' : 'error', null, input.message.text) : ''}
<div class="grid start">
${card('Accounts', users, { span: 8, id: 'accounts' })}
${card('New account', create, { span: 4, id: 'new-account' })}
${card('Home district', homeDefault(input), { span: 12, id: 'home-district' })}
${card('Audit log', html`${filters}${audit}`, { id: 'audit', aside: `${filtered ? 'matching the filter: ' : ''}the latest ${input.audit.length}` })}
</div>`;
}
