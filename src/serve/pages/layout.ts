import { html, path, query, trusted, type SafeHtml } from '../html.ts';
import { can, ROLE_LABELS, type Principal } from '../auth/roles.ts';
import type { District } from '../data/service.ts';
import { monthLong } from '../../report/format.ts';
import { VERSION } from '../../version.ts';

export type Tab = 'overview' | 'measure' | 'peers' | 'monthly' | 'reports' | 'data' | 'admin';
/** The views of one district and period, as the area selector keeps them. */
export type AreaView = 'overview' | 'measure' | 'peers' | 'monthly' | 'reports';

export interface AreaNav {
  district: District;
  districts: District[];
  /** the end shown ('' = latest) */
  end: string;
  /** the end asked for in the URL (undefined: latest, so links stay "latest") */
  endParam: string | undefined;
  ends: string[];
  view: AreaView;
  measure?: string;
  /** the account's home district (covered), marked in the picker */
  home?: string;
  /** list the districts without enough data too (the picker's toggle) */
  showStray?: boolean;
  /** this page's URL, to come back to after setting the home district or the toggle */
  here?: string;
}

export interface Shell {
  title: string;
  user: Principal;
  csrf: string;
  county: string | null;
  active: Tab | null;
  nav?: AreaNav;
  /** the district links point at when no area is shown (Data, Admin pages) */
  home?: string;
  body: SafeHtml;
  head?: SafeHtml;
  /** true on the "preparing the assessment" page: `<main data-state>` tells scripts and tests which page they hold */
  preparing?: boolean;
}

export const LOGO = trusted(
  '<svg width="30" height="30" viewBox="0 0 32 32" aria-hidden="true" focusable="false"><path d="M16 2 4 6.5v8.2C4 22.3 9.2 28 16 30c6.8-2 12-7.7 12-15.3V6.5z" fill="#ffbf47"/><path d="M16 5.2 7 8.6v6.2c0 5.9 3.9 10.4 9 12.1 5.1-1.7 9-6.2 9-12.1V8.6z" fill="#1d2b4f"/><path d="m11.5 16.3 3.3 3.3 6.7-7.1" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/></svg>',
);

/** The URL of a district view, keeping the period when one was chosen. */
export function areaUrl(
  code: string,
  view: AreaView,
  end: string | undefined,
  extra: Record<string, string | undefined> = {},
  measure?: string,
): string {
  const base = path`/area/${code}`;
  const suffix = view === 'overview' ? '' : view === 'measure' ? path`/measures/${measure ?? 'all-crime'}` : `/${view}`;
  return `${base}${suffix}${query({ end, ...extra })}`;
}

/**
 * The district picker: the home district first, then every covered district; the districts
 * without enough data to assess (a few stray records) only when the toggle asks for them, as a
 * disabled group at the end.
 */
function districtOptions(nav: AreaNav): SafeHtml {
  const option = (d: AreaNav['districts'][number]) =>
    html`<option value="${d.code}"${d.code === nav.district.code ? html` selected` : ''}${d.covered ? '' : html` disabled`}>${d.name}${d.code === nav.home ? ' (home)' : ''}</option>`;
  const covered = nav.districts.filter((d) => d.covered);
  const home = covered.filter((d) => d.code === nav.home);
  const rest = covered.filter((d) => d.code !== nav.home);
  const stray = nav.districts.filter((d) => !d.covered);
  return html`${home.map(option)}${rest.map(option)}${nav.showStray && stray.length > 0 ? html`<optgroup label="Not enough data to assess">${stray.map(option)}</optgroup>` : ''}`;
}

/** "Make this my home district" and the toggle for districts without enough data. */
function districtTools(nav: AreaNav, csrf: string): SafeHtml {
  const stray = nav.districts.filter((d) => !d.covered).length;
  const next = nav.here ?? '/';
  const home =
    nav.home === nav.district.code
      ? html`<span class="home-mark">Your home district</span>`
      : html`<form method="post" action="/account/home" class="inline-form"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="area" value="${nav.district.code}"><input type="hidden" name="next" value="${next}"><button class="link-button" type="submit">Make ${nav.district.name} my home district</button></form>`;
  const toggle =
    stray > 0
      ? html`<a href="${`/prefs/districts${query({ show: nav.showStray ? 'covered' : 'all', next })}`}">${nav.showStray ? 'List covered districts only' : `Also list ${stray} district${stray === 1 ? '' : 's'} without enough data`}</a>`
      : '';
  return html`<div class="district-tools">${home}${toggle}</div>`;
}

function selectors(nav: AreaNav): SafeHtml {
  return html`<form class="selectors" method="get" action="/go" aria-label="Area and period">
<input type="hidden" name="view" value="${nav.view}">${nav.measure ? html`<input type="hidden" name="measure" value="${nav.measure}">` : ''}
<label>District
<select name="area">${districtOptions(nav)}</select></label>
<label>12 months ending
<select name="end"><option value=""${nav.endParam === undefined ? html` selected` : ''}>Latest (${nav.ends[0] ? monthLong(nav.ends[0]) : 'n/a'})</option>${nav.ends.slice(0, 36).map((m) => html`<option value="${m}"${nav.endParam === m ? html` selected` : ''}>${monthLong(m)}</option>`)}</select></label>
<button class="btn ghost" type="submit">Show</button>
</form>`;
}

function tabs(shell: Shell): SafeHtml {
  const nav = shell.nav;
  const code = nav?.district.code ?? shell.home;
  const end = nav?.endParam;
  const items: { tab: Tab; label: string; href: string }[] = [];
  if (code) {
    items.push({ tab: 'overview', label: 'Overview', href: areaUrl(code, 'overview', end) });
    items.push({
      tab: 'measure',
      label: 'Measures',
      href: areaUrl(code, 'measure', end, {}, nav?.measure ?? 'all-crime'),
    });
    items.push({ tab: 'peers', label: 'Peers', href: areaUrl(code, 'peers', end) });
    items.push({ tab: 'monthly', label: 'Monthly monitoring', href: areaUrl(code, 'monthly', end) });
  }
  if (can(shell.user.role, 'data')) items.push({ tab: 'data', label: 'Data', href: '/data' });
  if (code) items.push({ tab: 'reports', label: 'Reports', href: areaUrl(code, 'reports', end) });
  if (can(shell.user.role, 'manage-users')) items.push({ tab: 'admin', label: 'Accounts', href: '/admin' });
  return html`<nav class="tabs" aria-label="Sections"><ul>${items.map((i) => html`<li><a href="${i.href}"${i.tab === shell.active ? html` aria-current="page"` : ''}>${i.label}</a></li>`)}</ul></nav>`;
}

function userBox(shell: Shell): SafeHtml {
  const u = shell.user;
  const role = `${ROLE_LABELS[u.role]}${u.cleared && u.role !== 'admin' ? ', cleared for restricted data' : ''}`;
  if (u.local)
    return html`<div class="user"><div class="who">Local use<small>no sign-in (--no-auth)</small></div></div>`;
  return html`<div class="user"><div class="who">${u.name}<small>${role}</small></div>
<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${shell.csrf}"><button class="btn ghost" type="submit">Sign out</button></form></div>`;
}

export function page(shell: Shell): string {
  const county = shell.county
    ? html`<small>${shell.county} Community Safety Partnerships</small>`
    : html`<small>Community Safety Partnership</small>`;
  return html`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${shell.title} · Safer</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/app.css?v=${VERSION}">
${shell.head ?? ''}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="topbar"><div class="topbar-inner">
<a class="brand" href="/">${LOGO}<span>Safer${county}</span></a>
${shell.nav ? html`<div class="pickers">${selectors(shell.nav)}${districtTools(shell.nav, shell.csrf)}</div>` : ''}
${userBox(shell)}
</div></header>
${tabs(shell)}
<main id="main" data-state="${shell.preparing ? 'preparing' : 'ready'}">
${shell.body}
</main>
<footer class="site"><div><span>Safer ${VERSION}: strategic assessments for Community Safety Partnerships. Figures are produced from the data loaded; see the Data page for what that is.</span><span><a href="/api/openapi.json">API (OpenAPI)</a></span></div></footer>
<script src="/assets/app.js?v=${VERSION}" defer></script>
</body>
</html>
`.value;
}

/** A page without the signed-in frame (sign-in, errors before sign-in). */
export function barePage(title: string, body: SafeHtml): string {
  return html`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Safer</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/app.css?v=${VERSION}">
</head>
<body>
<main id="main" data-state="ready">${body}</main>
<script src="/assets/app.js?v=${VERSION}" defer></script>
</body>
</html>
`.value;
}
