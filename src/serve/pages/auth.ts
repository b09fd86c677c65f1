import { html, type SafeHtml } from '../html.ts';
import { barePage, LOGO } from './layout.ts';
import { callout } from './components.ts';

export function loginPage(input: {
  csrf: string;
  next: string;
  error?: string;
  name?: string;
  retryAfter?: number;
  notice?: string;
}): string {
  const body = html`<div class="login"><div class="card">
<h1>${LOGO} Sign in to Safer</h1>
<p class="note">Community Safety Partnership strategic assessment.</p>
${input.notice ? callout('success', null, input.notice) : ''}
${input.error ? callout('error', null, html`${input.error}${input.retryAfter ? html` Try again in ${Math.ceil(input.retryAfter / 60)} minute${Math.ceil(input.retryAfter / 60) === 1 ? '' : 's'}.` : ''}`) : ''}
<form class="form" method="post" action="/login">
<input type="hidden" name="_csrf" value="${input.csrf}">
<input type="hidden" name="next" value="${input.next}">
<label>Account name <input type="text" name="name" autocomplete="username" required maxlength="64" value="${input.name ?? ''}" autofocus></label>
<label>Password <input type="password" name="password" autocomplete="current-password" required maxlength="200"></label>
<div><button class="btn" type="submit">Sign in</button></div>
</form>
<p class="note" style="margin-top:16px">No account? Ask your partnership's Safer administrator.</p>
</div></div>`;
  return barePage('Sign in', body);
}

export function messageBody(
  title: string,
  message: string,
  detail?: SafeHtml,
  links: { href: string; label: string }[] = [],
): SafeHtml {
  return html`<div class="page-head"><div><h1>${title}</h1></div></div><div class="card">${callout('error', null, html`<p>${message}</p>${detail ?? ''}`)}${links.length ? html`<p>${links.map((l, i) => html`${i > 0 ? ' · ' : ''}<a href="${l.href}">${l.label}</a>`)}</p>` : ''}</div>`;
}

/** Shown while an Assessment is being computed: it follows the progress and reloads when ready. */
export function preparingBody(input: {
  areaName: string;
  period: string;
  progressUrl: string;
  done: number;
  total: number;
  label: string;
}): SafeHtml {
  const pct = input.total ? Math.round((100 * input.done) / input.total) : 0;
  return html`<div class="preparing card" data-progress-url="${input.progressUrl}" aria-live="polite">
<h1>Preparing the assessment</h1>
<p>${input.areaName}, 12 months ending ${input.period}: every measure is being counted, tested and ranked. This takes a few seconds the first time; afterwards the page opens at once.</p>
<div class="progress-bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${pct}"><span style="width:${pct}%"></span></div>
<p class="note progress-label">${input.label ? `Working on: ${input.label}` : ''}</p>
<noscript><p>This page reloads every few seconds.</p></noscript>
</div>`;
}
