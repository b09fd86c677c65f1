import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SaferError } from '../../../src/core/errors.ts';
import { defaultCatalogue } from '../../../src/core/measures/catalogue.ts';
import { checkMeasureIds, defaultRiskConfig, parseRiskConfig } from '../../../src/core/risk/config.ts';

function rejects(raw: unknown, field: string, value?: string): SaferError {
  try {
    parseRiskConfig(raw, 'csp.yaml');
  } catch (e) {
    assert.ok(e instanceof SaferError, String(e));
    assert.match(e.message, new RegExp(`"${field.replace(/\./g, '\\.')}"`), e.message);
    assert.equal(e.location.file, 'csp.yaml');
    if (value !== undefined) assert.equal(e.location.value, value);
    return e;
  }
  assert.fail(`expected ${JSON.stringify(raw)} to be rejected`);
}

test('no risk section gives the documented defaults', () => {
  const c = parseRiskConfig(undefined, 'csp.yaml');
  assert.deepEqual(c, parseRiskConfig(null, 'csp.yaml'));
  assert.deepEqual(c, defaultRiskConfig());
  assert.deepEqual(c.thresholds, { medium: 28, high: 48 });
  assert.equal(c.priorityCount, 6);
  assert.deepEqual(c.factors.volume.cutPoints, [0.8, 0.9, 1.1, 1.25]);
  assert.equal(c.factors.volume.requireSignificance, true);
  assert.deepEqual(c.factors.trend.cutPoints, [-20, -5, 5, 20]);
  assert.deepEqual(c.factors.harm.cutPoints, [0.02, 0.05, 0.1, 0.2]);
  assert.equal(c.factors.harm.perThousandCutPoints, null);
  assert.deepEqual(c.factors.rank.cutPoints, [0.2, 0.4, 0.6, 0.8]);
  assert.deepEqual(c.factors.emerging.scores, { increase: 5, none: 3, decrease: 2 });
  assert.deepEqual(Object.fromEntries(Object.entries(c.factors).map(([id, f]) => [id, [f.dimension, f.weight]])), {
    harm: ['harm', 1],
    publicConcern: ['harm', 1],
    volume: ['likelihood', 1],
    trend: ['likelihood', 1],
    emerging: ['likelihood', 1],
    rank: ['likelihood', 1],
    partnerConcern: ['organisational', 1],
  });
  assert.deepEqual([c.concern, c.previousPriorities, c.previousLevels], [{}, [], {}]);
});

test('a YAML override changes only what it names', () => {
  const yaml = parse(`
name: Dacorum
risk:
  factors:
    volume: { weight: 2, requireSignificance: false }
    publicConcern: { dimension: organisational }
    emerging: { scores: { decrease: 1 } }
  thresholds: { high: 60 }
  concern:
    asb: { partner: 4, public: 5, note: Raised by residents at ward panels }
    drugs: { partner: 3 }
  priorityCount: 4
  previousPriorities: [asb, dwelling-burglary]
  previousLevels: { asb: Medium, dwelling-burglary: High }
`) as { risk: unknown };
  const c = parseRiskConfig(yaml.risk, 'csp.yaml');
  assert.equal(c.factors.volume.weight, 2);
  assert.equal(c.factors.volume.requireSignificance, false);
  assert.deepEqual(c.factors.volume.cutPoints, [0.8, 0.9, 1.1, 1.25]);
  assert.equal(c.factors.volume.label, 'Volume compared with peers');
  assert.equal(c.factors.publicConcern.dimension, 'organisational');
  assert.deepEqual(c.factors.emerging.scores, { increase: 5, none: 3, decrease: 1 });
  assert.deepEqual(c.thresholds, { medium: 28, high: 60 });
  assert.deepEqual(c.concern.asb, { partner: 4, public: 5, note: 'Raised by residents at ward panels' });
  assert.deepEqual(c.concern.drugs, { partner: 3 });
  assert.equal(c.priorityCount, 4);
  assert.deepEqual(c.previousLevels, { asb: 'Medium', 'dwelling-burglary': 'High' });
});

test('bad settings name the field and the value', () => {
  rejects({ thresholds: { medium: 50, high: 40 } }, 'risk.thresholds.high', '40');
  rejects({ thresholds: { medium: 0 } }, 'risk.thresholds.medium', '0');
  rejects({ factors: { volume: { cutPoints: [1, 0.5, 2, 3] } } }, 'risk.factors.volume.cutPoints', '[1,0.5,2,3]');
  rejects({ factors: { trend: { cutPoints: [-20, 20] } } }, 'risk.factors.trend.cutPoints', '[-20,20]');
  rejects({ factors: { rank: { weight: -1 } } }, 'risk.factors.rank.weight', '-1');
  rejects({ factors: { harm: { dimension: 'impact' } } }, 'risk.factors.harm.dimension', 'impact');
  rejects({ factors: { emerging: { scores: { increase: 6 } } } }, 'risk.factors.emerging.scores.increase', '6');
  rejects({ concern: { asb: { partner: 6 } } }, 'risk.concern.asb.partner', '6');
  rejects({ concern: { asb: { public: 2.5 } } }, 'risk.concern.asb.public', '2.5');
  rejects({ concern: { asb: { public: 'high' } } }, 'risk.concern.asb.public', 'high');
  rejects({ priorityCount: 0 }, 'risk.priorityCount', '0');
  rejects({ previousPriorities: 'asb' }, 'risk.previousPriorities', 'asb');
  rejects({ previousPriorities: ['asb', 'asb'] }, 'risk.previousPriorities');
  const level = rejects({ previousLevels: { asb: 'high' } }, 'risk.previousLevels.asb', 'high');
  assert.match(level.message, /"Low"\|"Medium"\|"High"/);
  rejects('hello', 'risk', 'hello');
});

test('an unknown setting is named with the settings known at that place', () => {
  const e = rejects({ factors: { volume: { wieght: 2 } } }, 'risk.factors.volume.wieght', 'wieght');
  assert.match(e.hint!, /label, dimension, weight, cutPoints, requireSignificance/);
  const top = rejects({ prioritys: 3 }, 'risk.prioritys', 'prioritys');
  assert.match(top.hint!, /priorityCount/);
  const concern = rejects({ concern: { asb: { partners: 3 } } }, 'risk.concern.asb.partners', 'partners');
  assert.match(concern.hint!, /partner, public, note/);
  rejects({ factors: { victimVulnerability: {} } }, 'risk.factors.victimVulnerability', 'victimVulnerability');
});

test('every dimension needs a factor with weight', () => {
  const e = rejects({ factors: { partnerConcern: { weight: 0 } } }, 'risk.factors');
  assert.match(e.message, /organisational dimension/);
  // moving public concern into the organisational dimension keeps it scorable
  const c = parseRiskConfig(
    { factors: { partnerConcern: { weight: 0 }, publicConcern: { dimension: 'organisational' } } },
    'csp.yaml',
  );
  assert.equal(c.factors.partnerConcern.weight, 0);
  rejects({ factors: { harm: { weight: 0 }, publicConcern: { weight: 0 } } }, 'risk.factors');
});

test('checkMeasureIds lists unknown ids and the known ones', () => {
  const known = ['asb', 'dwelling-burglary', 'drugs'];
  const ok = parseRiskConfig(
    { concern: { asb: { partner: 2 } }, previousPriorities: ['drugs'], previousLevels: { 'dwelling-burglary': 'Low' } },
    'csp.yaml',
  );
  checkMeasureIds(ok, known, 'csp.yaml');
  for (const [raw, field, value] of [
    [{ concern: { 'asb ': { partner: 2 } } }, 'risk.concern', 'asb '],
    [{ previousPriorities: ['drugs', 'burglary', 'reassurance'] }, 'risk.previousPriorities', 'burglary, reassurance'],
    [{ previousLevels: { vehicle: 'Low' } }, 'risk.previousLevels', 'vehicle'],
  ] as const) {
    assert.throws(
      () => checkMeasureIds(parseRiskConfig(raw, 'csp.yaml'), known, 'csp.yaml'),
      (e: unknown) =>
        e instanceof SaferError &&
        e.message.includes(`"${field}"`) &&
        e.location.value === value &&
        e.location.file === 'csp.yaml' &&
        e.hint === 'Use measure ids from the catalogue: asb, drugs, dwelling-burglary.',
    );
  }
});

test('the example in docs/risk.md is a valid config for the default catalogue', () => {
  const doc = readFileSync(new URL('../../../docs/risk.md', import.meta.url), 'utf8');
  const yaml = doc.split('```yaml')[1]!.split('```')[0]!;
  const config = parseRiskConfig((parse(yaml) as { risk: unknown }).risk, 'docs/risk.md');
  checkMeasureIds(config, [...defaultCatalogue().keys()], 'docs/risk.md');
  assert.equal(config.factors.publicConcern.dimension, 'organisational');
  assert.deepEqual(config.concern.drugs, { partner: 5 });
});
