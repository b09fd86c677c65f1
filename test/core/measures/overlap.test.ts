import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCatalogue } from '../../../src/core/measures/catalogue.ts';
import {
  offenceBreadth,
  offenceKeys,
  offencesOverlap,
  type CountedDefinition,
} from '../../../src/core/measures/overlap.ts';

const catalogue = defaultCatalogue();
function counted(id: string, source: 'records' | 'police-uk' = 'records'): CountedDefinition {
  const m = catalogue.get(id);
  assert.ok(m, id);
  return { kind: m.kind, source, filters: m.filters };
}

test('overlap is decided from the declared offences of the source counted, not from a hand list', () => {
  // data.police.uk: "Burglary" is one of the three types of burglary, robbery and vehicle crime
  assert.ok(offencesOverlap(counted('burglary', 'police-uk'), counted('burglary-robbery-vehicle', 'police-uk')));
  assert.ok(offencesOverlap(counted('violence-and-sexual', 'police-uk'), counted('violence', 'records')));
  // records: the offence codes of dwelling burglary are among those of all burglary; night-time violence narrows violence by time only
  assert.ok(offencesOverlap(counted('dwelling-burglary'), counted('burglary')));
  assert.ok(offencesOverlap(counted('distraction-burglary'), counted('dwelling-burglary')));
  assert.ok(offencesOverlap(counted('night-time-violence'), counted('violence')));
  assert.ok(offencesOverlap(counted('serious-acquisitive'), counted('robbery')));
  // disjoint offences, and different kinds, never overlap
  assert.ok(!offencesOverlap(counted('burglary', 'police-uk'), counted('robbery', 'police-uk')));
  assert.ok(!offencesOverlap(counted('dwelling-burglary'), counted('non-dwelling-burglary')));
  assert.ok(!offencesOverlap(counted('shoplifting', 'police-uk'), counted('drugs', 'police-uk')));
  assert.ok(!offencesOverlap(counted('asb', 'police-uk'), counted('all-crime', 'police-uk')));
  // incidents: a category overlaps its own sub-categories, not another category
  const asb = { kind: 'incident', source: 'records', filters: { categories: ['Anti-social behaviour'] } };
  const nuisance = {
    kind: 'incident',
    source: 'records',
    filters: { categories: ['Anti-social behaviour'], subCategories: ['Nuisance'] },
  };
  const fires = { kind: 'incident', source: 'records', filters: { categories: ['Fire'] } };
  assert.ok(offencesOverlap(asb, nuisance));
  assert.ok(!offencesOverlap(asb, fires));
});

test('breadth: the number of offence codes counted (a data.police.uk type counts every code it covers)', () => {
  assert.ok(
    offenceBreadth(counted('burglary-robbery-vehicle', 'police-uk')) > offenceBreadth(counted('burglary', 'police-uk')),
  );
  assert.ok(offenceBreadth(counted('burglary')) > offenceBreadth(counted('dwelling-burglary')));
  assert.equal(offenceKeys(counted('robbery')).size, 2);
  assert.equal(offenceKeys({ kind: 'crime', source: 'records', filters: {} }).size, 0);
});
