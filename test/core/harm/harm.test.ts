import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { SaferError } from '../../../src/core/errors.ts';
import { OFFENCE_CODES } from '../../../src/core/taxonomy/offence-codes.ts';
import {
  DEFAULT_WEIGHTS,
  harmTotal,
  harmWeights,
  loadHarmWeights,
  policeUkTypeWeights,
} from '../../../src/core/harm/index.ts';
import { EDITION_2016, RAPE_BLOCK_2016, median } from '../../../src/core/harm/ons-sources.ts';

const close = (actual: number, expected: number, tol = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${actual} ≠ ${expected}`);

test('every offence code of the taxonomy has exactly one default weight, finite and not negative', () => {
  const codes = OFFENCE_CODES.map((o) => o.code).sort();
  assert.deepEqual(DEFAULT_WEIGHTS.map((w) => w.code).sort(), codes);
  assert.equal(new Set(codes).size, codes.length);
  for (const w of DEFAULT_WEIGHTS) assert.ok(Number.isFinite(w.weight) && w.weight >= 0, w.code);
  assert.equal(harmWeights().byOffenceCode.size, OFFENCE_CODES.length);
});

test('traced ONS weights are where the sources put them', () => {
  const w = harmWeights().byOffenceCode;
  // ONS release of 29 Nov 2016 as reported by the press: homicide 7,979, attempted murder 4,663, cannabis 3
  assert.equal(Math.round(w.get('1')!), 7979);
  assert.equal(Math.round(w.get('2')!), 4663);
  assert.equal(w.get('92E'), 3);
  // later edition, named: assault with injury, without injury, harassment
  assert.equal(w.get('8N'), 203.07);
  assert.equal(w.get('105A'), 12.99);
  assert.equal(w.get('8L'), 39.64);
  // 2016 list in code order (runs of equal weights match the codes' sub-groups)
  const expected: Record<string, number> = {
    '28A': 438,
    '28E': 438,
    '28H': 438,
    '29': 2127,
    '29A': 2127,
    '30A': 117,
    '30D': 117,
    '31': 1513,
    '31A': 1513,
    '34A': 746,
    '34B': 746,
    '39': 86,
    '44': 10,
    '46': 13,
    '49': 33,
    '56A': 837,
    '56B': 185,
    '58A': 7,
    '58D': 7,
    '58E': 19,
    '58J': 19,
    '92A': 497,
    '92C': 11,
    '92D': 9,
    '10A': 635,
    '10B': 327,
    '10C': 58,
    '10D': 55,
    '81': 1365,
    '90': 55,
    '9A': 10,
    '9B': 24,
    '62A': 365,
    '66': 78,
    '76': 4392,
  };
  for (const [code, weight] of Object.entries(expected)) assert.equal(w.get(code), weight, code);
});

test('category medians agree with Python', () => {
  // python3: statistics.median over the same 2-decimal lists (src/core/harm/ons-sources.ts):
  // violence and sexual offences 709.25, other crime 123.22, vehicle crime 26.5,
  // rape block (positions 45–53) 3229.46
  assert.equal(median(EDITION_2016.violenceAndSexualOffences), 709.25);
  assert.equal(median(EDITION_2016.otherCrime), 123.22);
  assert.equal(median(EDITION_2016.vehicleCrime), 26.5);
  assert.equal(
    median(EDITION_2016.violenceAndSexualOffences.slice(RAPE_BLOCK_2016.from, RAPE_BLOCK_2016.to + 1)),
    3229.46,
  );
  const w = harmWeights().byOffenceCode;
  assert.equal(w.get('19C'), 3229.46);
  assert.equal(w.get('20A'), 709.25);
  assert.equal(w.get('45'), 26.5);
  assert.equal(w.get('54'), 123.22);
  assert.throws(() => median([]), RangeError);
});

test('imputed weights copy an offence of the same sub-group that has its own weight', () => {
  const subgroup = new Map(OFFENCE_CODES.map((o) => [o.code, o.subgroup]));
  const weight = new Map(DEFAULT_WEIGHTS.map((w) => [w.code, w]));
  const imputed = DEFAULT_WEIGHTS.filter((w) => w.basis === 'imputed');
  assert.ok(imputed.length > 0);
  for (const w of imputed) {
    const from = weight.get(w.from!)!;
    assert.equal(subgroup.get(w.code), subgroup.get(w.from!), `${w.code} from ${w.from}`);
    assert.notEqual(from.basis, 'imputed');
    assert.equal(w.weight, from.weight);
  }
  assert.equal(harmWeights().byOffenceCode.get('8G'), 203.07);
  assert.equal(harmWeights().byOffenceCode.get('4.1'), harmWeights().byOffenceCode.get('1'));
});

test('police.uk type weights: unweighted means of current codes, or volume-weighted on request', () => {
  const t = harmWeights();
  // Burglary's current codes 28E–28H (438 each), 29A (2127), 30C, 30D (117), 31A (1513):
  // (4×438 + 2127 + 2×117 + 1513) / 8 = 703.25 (python)
  assert.equal(t.byPoliceUkType.get('Burglary'), 703.25);
  assert.equal(t.byPoliceUkType.get('Shoplifting'), 13);
  assert.equal(t.byPoliceUkType.get('Robbery'), 746);
  assert.equal(t.byPoliceUkType.has('Anti-social behaviour'), false);
  assert.equal(t.byPoliceUkType.size, 13);
  // 30 residential burglaries and 10 business ones: (30×438 + 10×117) / 40 = 357.75 (python)
  const weighted = policeUkTypeWeights(
    t.byOffenceCode,
    new Map([
      ['28E', 30],
      ['30C', 10],
    ]),
  );
  assert.equal(weighted.get('Burglary'), 357.75);
  assert.equal(weighted.get('Robbery'), 746);
  assert.ok(t.notes.some((n) => /not the official ONS/.test(n)));
  assert.ok(t.notes.some((n) => /unweighted means/.test(n)));
  assert.match(t.source, /approximation/);
});

test('harmTotal: a hand-checked weighted sum, listing keys with no weight', () => {
  const t = harmWeights();
  // 120×203.07 + 300×12.99 + 15×438 + 200×13 = 37435.4 (python)
  const records = harmTotal(
    new Map([
      ['8N', 120],
      ['105A', 300],
      ['28E', 15],
      ['46', 200],
      ['ZZ9', 3],
      ['X0', 0],
    ]),
    t,
    'records',
  );
  close(records.total, 37435.4);
  assert.deepEqual(records.unweighted, ['ZZ9']);
  // 10 × 703.25 + 4 × 13 = 7084.5 (python); ASB has no weight
  const policeUk = harmTotal(
    new Map([
      ['Burglary', 10],
      ['Anti-social behaviour', 50],
      ['Shoplifting', 4],
    ]),
    t,
    'police-uk',
  );
  close(policeUk.total, 7084.5);
  assert.deepEqual(policeUk.unweighted, ['Anti-social behaviour']);
  assert.deepEqual(harmTotal(new Map(), t, 'records'), { total: 0, unweighted: [] });
  assert.throws(() => harmTotal(new Map([['8N', -1]]), t, 'records'), RangeError);
  assert.throws(() => harmTotal(new Map([['8N', NaN]]), t, 'records'), RangeError);
});

function loadYaml(text: string, base = harmWeights()) {
  return loadHarmWeights(parse(text), 'harm-weights.yaml', base);
}

function refused(fn: () => unknown, pattern: RegExp, value?: string): SaferError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof SaferError, String(e));
    assert.match(e.message, pattern);
    assert.equal(e.location.file, 'harm-weights.yaml');
    if (value !== undefined) assert.equal(e.location.value, value);
    return e;
  }
  assert.fail('expected a SaferError');
}

test('a partnership file overrides codes and types, re-deriving the types of changed codes', () => {
  const t = loadYaml(`
source: ONS Crime Severity Score data tool, partnership copy
weights:
  34B: 900
  8n: 250
  shoplifting: 20
  '4.10': 7000
  Anti-social behaviour: 1
`);
  assert.equal(t.source, 'ONS Crime Severity Score data tool, partnership copy');
  assert.equal(t.edition, harmWeights().edition);
  assert.equal(t.byOffenceCode.get('34B'), 900);
  assert.equal(t.byOffenceCode.get('8N'), 250);
  assert.equal(t.byOffenceCode.get('4.10'), 7000);
  assert.equal(t.byOffenceCode.get('4.1'), harmWeights().byOffenceCode.get('4.1'));
  // (746 + 900) / 2 = 823
  assert.equal(t.byPoliceUkType.get('Robbery'), 823);
  assert.equal(t.byPoliceUkType.get('Shoplifting'), 20);
  assert.equal(t.byPoliceUkType.get('Anti-social behaviour'), 1);
  assert.equal(t.byPoliceUkType.get('Burglary'), 703.25);
  assert.notEqual(
    t.byPoliceUkType.get('Violence and sexual offences'),
    harmWeights().byPoliceUkType.get('Violence and sexual offences'),
  );
  assert.match(t.notes.at(-1)!, /harm-weights\.yaml: 3 offence code weights and 2 police\.uk type weights/);
});

test('a type named in the file wins over its re-derived mean; files chain on a base', () => {
  const first = loadYaml('edition: "2024"\nweights:\n  Burglary: 400\n  28E: 1000\n');
  assert.equal(first.byPoliceUkType.get('Burglary'), 400);
  assert.equal(first.edition, '2024');
  assert.match(first.source, /with 2 weights from harm-weights\.yaml/);
  const second = loadYaml('weights:\n  46: 15\n', first);
  assert.equal(second.byOffenceCode.get('28E'), 1000);
  assert.equal(second.byPoliceUkType.get('Burglary'), 400);
  assert.equal(second.byPoliceUkType.get('Shoplifting'), 15);
});

test('bad harm weights files are refused with the file and the offending value', () => {
  const e = refused(
    () => loadYaml('weights:\n  Burglry: 4\n  99Z: 1\n  8N: 3\n'),
    /2 keys are neither/,
    'Burglry, 99Z',
  );
  assert.match(e.hint!, /Known police\.uk types: Anti-social behaviour, .*Violence and sexual offences/);
  assert.match(e.hint!, /Known offence codes: 1, 4\.1, /);
  assert.match(e.format(), /^harm-weights\.yaml: harm weights/);
  refused(() => loadYaml('weights:\n  8N: -3\n'), /weight of "8N" must be a number of 0 or more/, '-3');
  refused(() => loadYaml('weights:\n  Robbery: ten\n'), /weight of "Robbery"/, 'ten');
  refused(() => loadYaml('weights:\n  Robbery: .inf\n'), /weight of "Robbery"/, 'Infinity');
  refused(() => loadYaml('weights:\n  Robbery:\n'), /weight of "Robbery"/, 'null');
  refused(() => loadYaml('source: ONS\n'), /"weights" is required/);
  refused(() => loadYaml('weights: [1, 2]\n'), /"weights" must be a mapping/, '[1,2]');
  refused(() => loadYaml('weight:\n  8N: 1\n'), /"weight" is not a harm weights setting/, 'weight');
  refused(() => loadYaml('source: ""\nweights: {}\n'), /"source" must be a non-empty piece of text/);
  refused(() => loadHarmWeights(null, 'harm-weights.yaml'), /must hold a mapping/);
});
