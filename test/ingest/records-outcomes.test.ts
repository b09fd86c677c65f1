/** A force extract's Home Office outcome types and outcome dates through a mapping. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../../src/store/db.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { SaferError } from '../../src/core/errors.ts';
import { outcomeFamily } from '../../src/core/outcomes/families.ts';
import { tempDir } from '../helpers/police-uk-fixture.ts';

const MAPPING = `kind: crime
source: test-police-crimes
columns:
  record_id: Ref
  date: Committed
  offence_code: HO Code
  lsoa: LSOA
  outcome: Outcome Type
  outcome_date: Outcome Date
date_format: dd/mm/yyyy
`;

function extract(rows: string[]): { dir: string; data: string } {
  const dir = tempDir();
  writeFileSync(join(dir, 'mapping.yaml'), MAPPING);
  const data = join(dir, 'crimes.csv');
  writeFileSync(data, ['Ref,Committed,HO Code,LSOA,Outcome Type,Outcome Date', ...rows].join('\n') + '\n');
  return { dir, data };
}

test('Home Office outcome types and outcome dates are stored and fall in the families', async () => {
  const { dir, data } = extract([
    'C1,01/03/2021,28E,E01000001,1,15/05/2021',
    'C2,02/03/2021,28E,E01000001,OC15,',
    'C3,03/03/2021,46,E01000001,,',
  ]);
  const store = await Store.open(':memory:');
  await importPaths(store, [data], { rejectsDir: dir });
  const rows = await store.all<{ record_id: string; outcome: string | null; d: string | null }>(
    "SELECT record_id, outcome, json_extract_string(attrs, '$.outcome_date') AS d FROM events ORDER BY record_id",
  );
  assert.deepEqual(rows, [
    { record_id: 'C1', outcome: '1', d: '2021-05-15' },
    { record_id: 'C2', outcome: 'OC15', d: null },
    { record_id: 'C3', outcome: null, d: null },
  ]);
  assert.deepEqual(
    rows.map((r) => outcomeFamily(r.outcome)),
    ['charged', 'evidential', 'open'],
  );
  store.close();
});

test('an outcome date that is not a date is refused with its line, column and value', async () => {
  const { dir, data } = extract(['C1,01/03/2021,28E,E01000001,1,15/05/2021', 'C2,02/03/2021,28E,E01000001,3,tomorrow']);
  const store = await Store.open(':memory:');
  await assert.rejects(importPaths(store, [data], { rejectsDir: dir }), (e: unknown) => {
    assert.ok(e instanceof SaferError);
    assert.match(e.message, /outcome date is not a date/);
    assert.equal(e.location.line, 3);
    assert.equal(e.location.column, 'Outcome Date');
    assert.equal(e.location.value, 'tomorrow');
    return true;
  });
  assert.equal((await store.one<{ n: number }>('SELECT count(*) AS n FROM events'))?.n, 0, 'all or nothing');
  store.close();
});
