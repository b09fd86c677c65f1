import { ROLES, ROLE_LABELS } from '../auth/roles.ts';
import type { AuditEntry, PublicUser } from '../auth/store.ts';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import { html, path, type SafeHtml } from '../html.ts';
import type { UploadTarget } from '../data/uploads.ts';
import { badge, callout, card, dataTable } from './components.ts';

export interface AdminPageInput {
  csrf: string;
  users: PublicUser[];
  audit: AuditEntry[];
  sources: UploadTarget[];
  message?: { ok: boolean; text: string };
  self: string;
}

function roleSelect(selected: string): SafeHtml {
  return html`<select name="role">${ROLES.map((r) => html`<option value="${r}"${r === selected ? html` selected` : ''}>${ROLE_LABELS[r]}</option>`)}</select>`;
}

function userRow(u: PublicUser, input: AdminPageInput): SafeHtml {
  return html`<details><summary>Change</summary><form class="form" method="post" action="${path`/admin/users/${u.name}`}" style="margin-top:8px">
<input type="hidden" name="_csrf" value="${input.csrf}">
<label>Role ${roleSelect(u.role)}</label>
<label class="check"><input type="checkbox" name="cleared" value="1"${u.cleared ? html` checked` : ''}> Cleared for restricted datasets</label>
<label>Sources it may upload to (partners) <input type="text" name="sources" value="${u.sources.join(', ')}" placeholder="e.g. wendleshire-fire-incidents"></label>
<label>New password <small>leave empty to keep</small><input type="password" name="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}"></label>
${u.name !== input.self ? html`<label class="check"><input type="checkbox" name="disabled" value="1"${u.disabled ? html` checked` : ''}> Disabled (cannot sign in)</label>` : ''}
<div><button class="btn secondary" type="submit">Save ${u.name}</button></div></form></details>`;
}

export function adminBody(input: AdminPageInput): SafeHtml {
  const users = dataTable({
    id: 'users-table',
    columns: [{ head: 'Account', sort: 'text' }, { head: 'Role', sort: 'text' }, { head: 'Restricted data', sort: 'text' }, { head: 'Upload sources' }, { head: 'Status', sort: 'text' }, { head: 'Change', hiddenHead: true }],
    rows: input.users.map((u) => ({
      attrs: { 'data-user': u.name },
      cells: [
        { html: html`<strong>${u.name}</strong><span class="sub">since ${u.createdAt.slice(0, 10)}</span>`, value: u.name },
        { html: ROLE_LABELS[u.role], value: u.role },
        { html: u.cleared ? badge('cleared', 'restricted') : badge('no'), value: u.cleared ? 'cleared' : 'no' },
        { html: u.role === 'partner' ? (u.sources.length ? u.sources.join(', ') : badge('none yet', 'new')) : html`<span class="note">${u.role === 'viewer' ? 'cannot upload' : 'any source'}</span>` },
        { html: u.disabled ? badge('disabled', 'up') : badge('active', 'down'), value: u.disabled ? 'disabled' : 'active' },
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
<label>Upload sources <small>partners only; comma-separated. Known: ${input.sources.map((s) => s.source).filter((s, i, all) => all.indexOf(s) === i).join(', ') || 'none yet'}</small><input type="text" name="sources"></label>
<div><button class="btn" type="submit">Create account</button></div></form>`;
  const audit = dataTable({
    id: 'audit-table',
    columns: [{ head: 'When', sort: 'text' }, { head: 'Account', sort: 'text' }, { head: 'Action', sort: 'text' }, { head: 'Outcome', sort: 'text' }, { head: 'From', sort: 'text' }, { head: 'Detail', className: 'wide' }],
    rows: input.audit.map((e) => ({
      cells: [
        { html: e.at.slice(0, 19).replace('T', ' '), value: e.at },
        { html: e.user ?? '–', value: e.user ?? '' },
        { html: e.action, value: e.action },
        { html: badge(e.outcome, e.outcome === 'ok' ? 'down' : 'up'), value: e.outcome },
        { html: e.address ?? '', value: e.address ?? '' },
        { html: html`<span class="note">${Object.entries(e.detail).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('; ')}</span>` },
      ],
    })),
  });
  return html`<div class="page-head"><div><h1>Accounts and audit log</h1><p class="sub">Who may do what, and a record of sign-ins, uploads and report generations</p></div></div>
${input.message ? callout(input.message.ok ? 'success' : 'error', null, input.message.text) : ''}
<div class="grid start">
${card('Accounts', users, { span: 8, id: 'accounts' })}
${card('New account', create, { span: 4, id: 'new-account' })}
${card('Audit log', audit, { id: 'audit', aside: `the latest ${input.audit.length}` })}
</div>`;
}
