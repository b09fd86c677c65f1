/** The server's pure parts: password hashing, the login limiter, escaping, upload names, safe redirects, monthly ranges. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, passwordProblem, verifyPassword } from '../../src/serve/auth/passwords.ts';
import { FailureLimiter } from '../../src/serve/auth/rate-limit.ts';
import { can, mayUploadTo, type Principal } from '../../src/serve/auth/roles.ts';
import { html, path, query, trusted } from '../../src/serve/html.ts';
import { safeFileName } from '../../src/serve/data/uploads.ts';
import { safeNext } from '../../src/serve/routes/auth.ts';
import { monitoring } from '../../src/serve/data/monitoring.ts';
import { monitorDistrict } from '../../src/assess/build/monitoring.ts';
import { withoutRestricted } from '../../src/serve/data/redact.ts';
import type { Assessment } from '../../src/assess/schema.ts';
import { fixtureAssessment } from '../report/helpers.ts';
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
  assert.equal(
    await verifyPassword('correct horse battery', a.replace('$15$', '$30$')),
    false,
    'an absurd cost is refused, not computed',
  );
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
  for (const [password, reason] of refused)
    assert.match(passwordProblem(password, 'alice') ?? 'accepted', reason, password);
  // long and unusual is enough: no digit, capital or symbol is required
  for (const password of [
    'correct horse battery staple',
    'zebra lamp violin',
    'my dog eats carrots',
    'Tr0ub4dor&3x',
    'alice keeps bees in leeds',
  ]) {
    assert.equal(passwordProblem(password, 'alice'), null, password);
  }
  await assert.rejects(
    hashPassword('aaaaaaaaaa'),
    (e: unknown) => e instanceof Error && /repeats/.test(e.message) && (e as { code?: string }).code === 'E_PASSWORD',
  );
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
  assert.equal(
    html`<p title="${evil}">${evil}</p>`.value,
    '<p title="&quot;&gt;&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;&amp;</p>',
  );
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
  for (const bad of [
    '//evil.example',
    '/\\evil.example',
    'https://evil.example',
    'javascript:alert(1)',
    '/a\r\nSet-Cookie: x=1',
    undefined,
    42,
  ])
    assert.equal(safeNext(bad), '/');
});

const sample = (): Assessment => fixtureAssessment();

test('monitoring view: the checks, signals and ward ranges are the Assessment\'s own; "what changed" compares two Assessments', () => {
  const a = sample();
  const before = sample();
  // the Assessment's monitoring section, from the district series it carries (a ward's made-up burst added)
  const inputs = a.measures
    .filter((m) => m.available && m.series && m.id === m.countedAs)
    .map((m) => ({
      measure: { id: m.id, title: m.title },
      area: { code: a.area.code, name: null as string | null, level: 'district' },
      months: m.series!.months,
      counts: m.series!.counts,
    }));
  const months = inputs[0]!.months;
  inputs.push({
    measure: { id: 'robbery', title: 'Robbery' },
    area: { code: 'W1', name: 'Ward one', level: 'ward' },
    months,
    counts: months.map((_, i) => (i >= months.length - 2 ? 30 : 4)),
  });
  a.monitoring = monitorDistrict(inputs, a.period.end, { alpha: 0.05 });
  const risky = a.measures.find((x) => x.risk && x.risk.level === 'Medium')!;
  before.measures.find((x) => x.id === risky.id)!.risk!.level = 'Low';
  before.priorities = before.priorities.slice(1);
  const mon = monitoring(a, before);
  const allCrime = a.monitoring.checks.find((c) => c.measure === 'all-crime' && c.area.level === 'district')!;
  const check = mon.checks.find((c) => c.measure === 'all-crime')!;
  assert.deepEqual(
    [check.count, check.status, check.beyondChance, check.expected!.mean],
    [allCrime.count, allCrime.status, allCrime.beyondChance, allCrime.expected],
  );
  assert.deepEqual(
    mon.agenda.map((x) => x.signal),
    a.monitoring.signals,
  );
  const ward = mon.wards.find((w) => w.signal.area.code === 'W1');
  assert.ok(ward && ward.signal.direction === 'increase');
  assert.equal(mon.wardRanges.tests, 1);
  assert.ok(mon.wardRanges.rows[0]!.beyondChance && mon.wardRanges.rows[0]!.status === 'above-95');
  assert.ok(
    mon.changes.some(
      (c) =>
        c.kind === 'risk-level' &&
        c.measure === risky.id &&
        c.before === 'Low' &&
        c.after === 'Medium' &&
        c.direction === 'worse',
    ),
  );
  assert.ok(mon.changes.some((c) => c.kind === 'priority-added' && c.measure === a.priorities[0]!.measure));
  assert.equal(monitoring(a, null).changes.length, 0);
});

test('redaction: restricted provenance and indicators go; the rest stays', () => {
  const a = sample();
  const first = a.dataQuality.provenance[0]!;
  first.restricted = true;
  const out = withoutRestricted(a);
  assert.equal(
    out.dataQuality.provenance.some((p) => p.importId === first.importId),
    false,
  );
  assert.equal(out.dataQuality.provenance.length, a.dataQuality.provenance.length - 1);
  assert.equal(
    out.measures.some((m) => m.provenance.imports.includes(first.importId)),
    false,
  );
  assert.equal(withoutRestricted(sample()).dataQuality.provenance.length, sample().dataQuality.provenance.length);
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
