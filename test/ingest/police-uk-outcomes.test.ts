import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../../src/store/db.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { SaferError } from '../../src/core/errors.ts';
import { tempDir } from '../helpers/police-uk-fixture.ts';

const OUTCOMES_HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type';
const STOP_HEADER =
  'Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,Outcome linked to object of search,Removal of more than just outer clothing';

test('outcomes files load per force-month and a later file of the same month replaces it', async () => {
  const dir = tempDir();
  const path = join(dir, '2021-01-hertfordshire-outcomes.csv');
  writeFileSync(
    path,
    [
      OUTCOMES_HEADER,
      'c1,2021-01,Hertfordshire Constabulary,Hertfordshire Constabulary,-0.47,51.75,On or near X,E01023680,Dacorum 001A,Suspect charged',
      'c2,2021-01,Hertfordshire Constabulary,Hertfordshire Constabulary,,,No location,,,Investigation complete; no suspect identified',
    ].join('\r\n'),
  );
  const store = await Store.open(':memory:');
  const [first] = await importPaths(store, [path]);
  assert.equal(first?.kind, 'police-uk-outcomes');
  assert.equal(first?.rowsLoaded, 2);
  const rows = await store.all(
    'SELECT crime_id, month, force, lsoa, outcome_type FROM police_outcomes ORDER BY crime_id',
  );
  assert.deepEqual(rows[0], {
    crime_id: 'c1',
    month: '2021-01-01',
    force: 'Hertfordshire Constabulary',
    lsoa: 'E01023680',
    outcome_type: 'Suspect charged',
  });

  const later = join(tempDir(), '2021-01-hertfordshire-outcomes.csv');
  writeFileSync(
    later,
    `${OUTCOMES_HEADER}\nc1,2021-01,Hertfordshire Constabulary,Hertfordshire Constabulary,,,No location,,,Suspect charged\n`,
  );
  // two outcomes become one: a shrinking replacement, confirmed (the guard is tested in replace-guard.test.ts)
  const [second] = await importPaths(store, [later], { replace: true });
  assert.equal(second?.rowsReplaced, 2);
  assert.equal((await store.one<{ n: number }>('SELECT count(*) AS n FROM police_outcomes'))?.n, 1);
  store.close();
});

test('stop-and-search files take force and month from the file name', async () => {
  const dir = tempDir();
  const path = join(dir, '2021-02-hertfordshire-stop-and-search.csv');
  writeFileSync(
    path,
    [
      STOP_HEADER,
      'Person search,2021-02-03T21:15:00+00:00,False,,51.75,-0.47,Male,18-24,White - English/Welsh/Scottish/Northern Irish/British,White,Misuse of Drugs Act 1971 (section 23),Controlled drugs,A no further action disposal,False,False',
      'Vehicle search,2021-02-10T09:00:00+00:00,,,,,,,,,Police and Criminal Evidence Act 1984 (section 1),Stolen goods,Arrest,True,',
    ].join('\n'),
  );
  const store = await Store.open(':memory:');
  const [result] = await importPaths(store, [path]);
  assert.equal(result?.kind, 'police-uk-stop-search');
  assert.equal(result?.rowsLoaded, 2);
  const row = await store.one<{ force: string; month: string; datetime: string; object_of_search: string }>(
    "SELECT force, month, datetime, object_of_search FROM stop_searches WHERE search_type = 'Person search'",
  );
  assert.deepEqual(row, {
    force: 'hertfordshire',
    month: '2021-02-01',
    datetime: '2021-02-03T21:15:00.000Z',
    object_of_search: 'Controlled drugs',
  });

  const renamed = join(dir, 'searches.csv');
  writeFileSync(renamed, `${STOP_HEADER}\nPerson search,2021-02-03T21:15:00+00:00,,,,,,,,,,,,,\n`);
  await assert.rejects(
    importPaths(await Store.open(':memory:'), [renamed]),
    (e: unknown) => e instanceof SaferError && /from its name/.test(e.message),
  );

  const badDate = join(tempDir(), '2021-02-hertfordshire-stop-and-search.csv');
  writeFileSync(badDate, `${STOP_HEADER}\nPerson search,yesterday,,,,,,,,,,,,,\n`);
  await assert.rejects(
    importPaths(await Store.open(':memory:'), [badDate]),
    (e: unknown) => e instanceof SaferError && e.location.line === 2 && e.location.value === 'yesterday',
  );
  store.close();
});
