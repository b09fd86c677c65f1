/** The server's pure parts: password hashing, the login limiter, escaping, upload names, safe redirects, monthly ranges. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { hashPassword, passwordProblem, verifyPassword } from '../../src/serve/auth/passwords.ts';
import { FailureLimiter } from '../../src/serve/auth/rate-limit.ts';
import { can, mayUploadTo, type Principal } from '../../src/serve/auth/roles.ts';
import { html, path, query, trusted } from '../../src/serve/html.ts';
import { safeFileName } from '../../src/serve/data/uploads.ts';
import { safeNext } from '../../src/serve/routes/auth.ts';
import { monitoring, rangeStatus, seasonalIndex, wardRanges } from '../../src/serve/data/monitoring.ts';
import { withoutRestricted } from '../../src/serve/data/redact.ts';
import type { Assessment } from '../../src/assess/schema.ts';
import { DataService } from '../../src/serve/data/service.ts';
import type { Store } from '../../src/store/db.ts';
import type { PartnershipConfig } from '../../src/assess/config.ts';
import { noWords } from '../../src/report/words.ts';

test('passwords: scrypt with a per-user salt; the right password matches, a wrong or malformed hash never does', async () => {
  const a = await hashPassword('correct horse battery');
  const b = await hashPassword('correct horse battery');
  assert.match(a, /^scrypt\$15\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  assert.notEqual(a, b, 'a fresh salt each time');
  assert.equal(await verifyPassword('correct horse battery', a), true);
  assert.equal(await verifyPassword('correct horse batterY', a), false);
  assert.equal(await verifyPassword('correct horse battery', 'plain-text'), false);
  assert.equal(await verifyPassword('correct horse battery', a.replace('$15$', '$30$')), false, 'an absurd cost is refused, not computed');
  await assert.rejects(hashPassword('short'), /too short/);
});

test('password policy (NIST SP 800-63B): length, a deny-list, repeats, runs and the account name; no composition rules', async () => {
  const refused: [string, RegExp][] = [
    ['aaaaaaaaaa', /repeats the same few characters/],
    ['abcabcabcabc', /repeats/],
    ['abcdefghijk', /run of neighbouring characters/],
    ['0987654321', /most common passwords/],
    ['1qaz2wsx3edc', /neighbouring/],
    ['qwertyuiop', /most common/],
    ['Password2024!', /most common passwords, or one with digits or symbols added/],
    ['P@ssw0rd1234', /"safer" or "password" with a few characters added/],
    ['Safer-safer-2025', /"safer" or "password"/],
    ['Summer2024!!', /most common/],
    ['Liverpool1892', /most common/],
    ['alice-2024-xx', /the account name with a few characters added/],
    ['short', /too short/],
  ];
  for (const [password, reason] of refused) assert.match(passwordProblem(password, 'alice') ?? 'accepted', reason, password);
  // long and unusual is enough: no digit, capital or symbol is required
  for (const password of ['correct horse battery staple', 'zebra lamp violin', 'my dog eats carrots', 'Tr0ub4dor&3x', 'alice keeps bees in leeds']) {
    assert.equal(passwordProblem(password, 'alice'), null, password);
  }
  await assert.rejects(hashPassword('aaaaaaaaaa'), (e: unknown) => e instanceof Error && /repeats/.test(e.message) && (e as { code?: string }).code === 'E_PASSWORD');
  await assert.rejects(hashPassword('bob-the-builder1', 'bob-the-builder'), /account name/);
});

test('login limiter: the max-th failure inside the window blocks until the oldest leaves it; reset clears', () => {
  let now = 1_000_000;
  const limiter = new FailureLimiter({ max: 3, windowMs: 60_000 }, () => now);
  for (let i = 0; i < 2; i++) limiter.fail('x');
  assert.equal(limiter.retryAfter('x'), 0);
  now += 10_000;
  limiter.fail('x');
  // the first failure (at 1,000,000) leaves the window at 1,060,000: 50 s from now
  assert.equal(limiter.retryAfter('x'), 50);
  now += 50_001;
  assert.equal(limiter.retryAfter('x'), 0);
  limiter.fail('x');
  limiter.reset('x');
  assert.equal(limiter.retryAfter('x'), 0);
  assert.equal(limiter.retryAfter('other'), 0);
});

test('roles: what each may do; partners upload only to their sources', () => {
  const partner: Principal = { name: 'p', role: 'partner', cleared: false, sources: ['fire'], local: false };
  assert.equal(mayUploadTo(partner, 'fire'), true);
  assert.equal(mayUploadTo(partner, 'police'), false);
  assert.equal(mayUploadTo({ ...partner, role: 'analyst' }, 'police'), true);
  assert.equal(mayUploadTo({ ...partner, role: 'viewer', sources: ['fire'] }, 'fire'), false);
  assert.equal(can('viewer', 'report-full'), false);
  assert.equal(can('partner', 'manage-users'), false);
  assert.equal(can('admin', 'manage-users'), true);
});

test('html: every interpolated value is escaped (content and attributes); only trusted markup passes', () => {
  const evil = `"><script>alert('x')</script>&`;
  assert.equal(html`<p title="${evil}">${evil}</p>`.value, '<p title="&quot;&gt;&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;&amp;</p>');
  assert.equal(html`<ul>${['<a>', html`<b>ok</b>`]}</ul>`.value, '<ul>&lt;a&gt;<b>ok</b></ul>');
  assert.equal(html`${trusted('<svg></svg>')}`.value, '<svg></svg>');
  assert.equal(path`/area/${'a/../b?c'}/x`, '/area/a%2F..%2Fb%3Fc/x');
  assert.equal(query({ end: '2025-09', measure: 'a&b', none: undefined }), '?end=2025-09&measure=a%26b');
});

test('upload names: folders, odd characters and leading dots are removed', () => {
  assert.equal(safeFileName('../../etc/passwd'), 'passwd');
  assert.equal(safeFileName('C:\\Users\\me\\fire data (2024).csv'), 'fire_data_2024_.csv');
  assert.equal(safeFileName('.hidden.csv'), 'hidden.csv');
  assert.equal(safeFileName('<img src=x onerror=alert(1)>.csv'), 'img_src_x_onerror_alert_1_.csv');
  assert.equal(safeFileName('...'), 'upload');
});

test('sign-in redirects stay on this site', () => {
  assert.equal(safeNext('/area/E07990001?end=2025-09'), '/area/E07990001?end=2025-09');
  for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '/a\r\nSet-Cookie: x=1', undefined, 42]) assert.equal(safeNext(bad), '/');
});

test('monthly ranges: beyond the 95% interval, beyond the 80% only, or within', () => {
  const p = { lower80: 10, upper80: 20, lower95: 6, upper95: 25 };
  assert.equal(rangeStatus(26, p), 'above-95');
  assert.equal(rangeStatus(25, p), 'above-80');
  assert.equal(rangeStatus(21, p), 'above-80');
  assert.equal(rangeStatus(20, p), 'within');
  assert.equal(rangeStatus(10, p), 'within');
  assert.equal(rangeStatus(9, p), 'below-80');
  assert.equal(rangeStatus(5, p), 'below-95');
});

const sample = (): Assessment => JSON.parse(readFileSync(new URL('../report/fixtures/south-thornden.assessment.json', import.meta.url), 'utf8')) as Assessment;

test('monitoring: the latest month against the earlier Assessment\'s one-month-ahead projection, and what changed', () => {
  const a = sample();
  const before = sample();
  const m = a.measures.find((x) => x.id === 'all-crime')!;
  const month = a.period.end;
  const count = m.series!.counts[m.series!.months.lastIndexOf(month)]!;
  // the earlier Assessment projected this month at 100 ± (80%: 90–110, 95%: 85–115) of the count
  const b = before.measures.find((x) => x.id === 'all-crime')!;
  b.series!.projection = { method: 'holt-winters', note: null, backtest: null, points: [{ month, mean: count / 1.2, lower80: count / 1.3, upper80: count / 1.15, lower95: count / 1.4, upper95: count / 1.1 }], cumulative: [] };
  // and a risk level one step lower, and one priority fewer
  const risky = a.measures.find((x) => x.risk && x.risk.level === 'High')!;
  before.measures.find((x) => x.id === risky.id)!.risk!.level = 'Medium';
  before.priorities = before.priorities.slice(1);
  const mon = monitoring(a, before);
  const check = mon.checks.find((c) => c.measure === 'all-crime')!;
  assert.equal(check.count, count);
  assert.equal(check.status, 'above-95');
  assert.equal(check.expected!.method, 'holt-winters');
  assert.ok(mon.changes.some((c) => c.kind === 'risk-level' && c.measure === risky.id && c.before === 'Medium' && c.after === 'High' && c.direction === 'worse'));
  assert.ok(mon.changes.some((c) => c.kind === 'priority-added' && c.measure === a.priorities[0]!.measure));
  assert.equal(mon.agenda.length, a.emergingIssues.length);
  assert.equal(monitoring(a, null).changes.length, 0);
});

test('redaction: restricted provenance and indicators go; the rest stays', () => {
  const a = sample();
  const first = a.dataQuality.provenance[0]!;
  first.restricted = true;
  const out = withoutRestricted(a);
  assert.equal(out.dataQuality.provenance.some((p) => p.importId === first.importId), false);
  assert.equal(out.dataQuality.provenance.length, a.dataQuality.provenance.length - 1);
  assert.equal(out.measures.some((m) => m.provenance.imports.includes(first.importId)), false);
  assert.equal(withoutRestricted(sample()).dataQuality.provenance.length, sample().dataQuality.provenance.length);
});

test('seasonal index: the same calendar month over the mean of the 12 months before it, averaged over the earlier years', () => {
  // 40 a month, with month 36 at 60 and month 24 at 50; the index of month 48 averages (hand arithmetic)
  // 60 / mean(months 24–35) = 60 / ((50 + 11 × 40) / 12), 50 / mean(months 12–23) = 50 / 40 and 40 / 40
  const counts = Array.from({ length: 49 }, () => 40);
  counts[36] = 60;
  counts[24] = 50;
  assert.ok(Math.abs(seasonalIndex(counts, 48) - (60 / (490 / 12) + 50 / 40 + 40 / 40) / 3) < 1e-12);
  // under 30 a month the index is 1 (too noisy); with one earlier year only, 1
  assert.equal(seasonalIndex(counts.map((x) => x / 2), 48), 1);
  assert.equal(seasonalIndex(counts.slice(24), 24), 1);
});

test('ward ranges: predictive ranges and exact conditional p-values of the latest month against the ward\'s 12 months before (values from SciPy)', () => {
  const a = sample();
  for (const m of a.measures) for (const r of m.local.ward?.rows ?? []) r.latest = null;
  const robbery = a.measures.find((m) => m.id === 'robbery')!;
  assert.ok(robbery.series!.counts.slice(-13, -1).reduce((x, y) => x + y, 0) / 12 < 30, 'a measure under 30 a month: no seasonal index');
  const [high, low, none, newcomer] = robbery.local.ward!.rows;
  high!.latest = { month: a.period.end, count: 9, baselineMean: 2.5 }; // 30 in the 12 months before
  low!.latest = { month: a.period.end, count: 2, baselineMean: 2.5 };
  none!.latest = { month: a.period.end, count: 0, baselineMean: 0 }; // nothing in 13 months: not tested
  newcomer!.latest = { month: a.period.end, count: 2, baselineMean: 0 };
  const r = wardRanges(a);
  assert.equal(r.tests, 3);
  const row = r.rows.find((x) => x.ward.code === high!.code)!;
  // scipy.stats.nbinom(30.5, 12/13): ppf([0.025, 0.1, 0.9, 0.975]) → [0, 1, 5, 6], mean() → 2.5416666666666647
  assert.deepEqual([row.lower95, row.lower80, row.upper80, row.upper95], [0, 1, 5, 6]);
  assert.ok(Math.abs(row.expected - 2.5416666666666647) < 1e-12);
  assert.equal(row.status, 'above-95');
  // scipy.stats.binomtest(9, 39, 1/13).pvalue → 0.0023859028669013264; Benjamini–Hochberg over the three
  // p-values (the other two: binomtest(2, 32, 1/13) → 1.0, binomtest(2, 2, 1/13) → 0.00591715976331361)
  assert.ok(Math.abs(row.pValue - 0.0023859028669013264) < 1e-12);
  assert.ok(Math.abs(row.pAdjusted - 0.007157708600703979) < 1e-12);
  assert.equal(row.beyondChance, true);
  // a ward with none before: nbinom(0.5, 12/13).ppf(0.975) → 1, so 2 is above the range
  const first = r.rows.find((x) => x.ward.code === newcomer!.code)!;
  assert.deepEqual([first.status, first.firstInYear, first.upper95], ['above-95', true, 1]);
  assert.ok(Math.abs(first.pAdjusted - 0.008875739644970414) < 1e-12);
  // outside by chance: 2 × nbinom(30.5, 12/13).sf(6) + nbinom(0.5, 12/13).sf(1) → 0.041639479151011405
  assert.ok(Math.abs(r.expectedByChance - 0.041639479151011405) < 1e-10);
  assert.equal(r.outside95, 2);
  assert.deepEqual(r.rows.map((x) => x.ward.code), [high!.code, newcomer!.code]);
});

test('the server memo keeps the 1,000 most recently used figures and pages, so walking every page cannot grow memory without bound', async () => {
  const service = new DataService({ store: {} as Store, config: {} as PartnershipConfig, words: noWords() });
  let made = 0;
  const make = async () => ++made;
  for (let i = 0; i < 1000; i++) await service.memoise(`k${i}`, make);
  await service.memoise('k0', make); // used again: now the most recent
  await service.memoise('k1000', make); // evicts the least recently used, k1
  assert.equal(made, 1001);
  await service.memoise('k0', make);
  assert.equal(made, 1001, 'k0 was kept');
  await service.memoise('k1', make);
  assert.equal(made, 1002, 'k1 was evicted and made again');
});
