import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { defaultCatalogue, normalizeCatalogue } from '../../../src/core/measures/catalogue.ts';
import { SaferError } from '../../../src/core/errors.ts';
import { OFFENCE_CODES } from '../../../src/core/taxonomy/offence-codes.ts';
import { POLICE_UK_TYPES } from '../../../src/core/taxonomy/police-uk-types.ts';

test('the default catalogue covers the reference assessment categories with known codes and types', () => {
  const c = defaultCatalogue();
  for (const id of [
    'all-crime',
    'asb',
    'bcs-comparator',
    'serious-acquisitive',
    'dwelling-burglary',
    'distraction-burglary',
    'non-dwelling-burglary',
    'vehicle-crime',
    'robbery',
    'violence',
    'night-time-violence',
    'criminal-damage',
    'arson',
    'shoplifting',
    'theft-from-person',
    'drugs',
    'drug-trafficking',
    'drug-possession',
    'deliberate-fires',
    'road-traffic-collisions',
    'rtc-ksi',
  ]) {
    assert.ok(c.has(id), id);
  }
  const codes = new Set(OFFENCE_CODES.map((o) => o.code));
  const types = new Set<string>(POLICE_UK_TYPES);
  for (const m of c.values()) {
    for (const code of m.filters.offenceCodes ?? []) assert.ok(codes.has(code), `${m.id}: ${code}`);
    for (const t of m.filters.policeUkTypes ?? []) assert.ok(types.has(t), `${m.id}: ${t}`);
  }
  assert.equal(c.get('dwelling-burglary')!.denominator, 'households');
  assert.equal(c.get('dwelling-burglary')!.fallback!.measure, 'burglary');
  assert.ok(!c.get('vehicle-crime')!.filters.offenceCodes!.includes('126'));
  assert.equal(c.get('all-crime')!.filters.offenceCodes!.length, OFFENCE_CODES.length);
});

test('an override adds, replaces fields of, and disables measures', () => {
  const c = normalizeCatalogue(
    parse(`
measures:
  - id: shoplifting
    title: Retail crime
  - id: cycle-theft
    title: Bicycle theft
    kind: crime
    filters: { offenceCodes: ['44'], policeUkTypes: [Bicycle theft] }
disable: [distraction-burglary]
`),
    'csp.yaml',
  );
  assert.equal(c.get('shoplifting')!.title, 'Retail crime');
  assert.deepEqual(c.get('shoplifting')!.filters.offenceCodes, ['46']);
  assert.equal(c.get('cycle-theft')!.denominator, 'population');
  assert.ok(!c.has('distraction-burglary'));
});

test('override errors name the file, field and value, and list known ids', () => {
  const err = (raw: unknown) => {
    try {
      normalizeCatalogue(raw, 'csp.yaml');
    } catch (e) {
      assert.ok(e instanceof SaferError);
      return e;
    }
    assert.fail('expected an error');
  };
  const bad = err({ measures: [{ id: 'robbery', denominator: 'dwellings' }] });
  assert.equal(bad.location.file, 'csp.yaml');
  assert.match(bad.message, /"denominator"/);
  assert.equal(bad.location.value, 'dwellings');
  const unknown = err({ disable: ['burglery'] });
  assert.equal(unknown.location.value, 'burglery');
  assert.match(unknown.hint!, /known measures: .*burglary/);
  const dangling = err({ disable: ['burglary'] });
  assert.match(dangling.message, /fallback\.measure/);
  const time = err({
    measures: [
      {
        id: 'night-time-violence',
        filters: { offenceCodes: ['8N'], time: { evenings: [5], from: '7pm', to: '06:00' } },
      },
    ],
  });
  assert.match(time.message, /filters\.time\.from/);
  assert.equal(time.location.value, '7pm');
  assert.match(err({ measures: [{ title: 'x' }] }).message, /"id"/);
  assert.match(err({ measure: [] }).message, /measure/);
});
