import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { streetRow, tempDir, writeStreetFile } from '../helpers/police-uk-fixture.ts';

function safer(
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/safer.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('every command has --help', () => {
  for (const command of [[], ['import'], ['status'], ['demo'], ['synth'], ['assess']]) {
    const r = safer([...command, '--help']);
    assert.equal(r.status, 0, `${command.join(' ')} --help: ${r.stderr}`);
    assert.match(r.stdout, /Usage: safer/);
  }
});

test('import then status, as JSON and as tables; SAFER_DB chooses the store', () => {
  const dir = tempDir();
  const file = writeStreetFile(dir, '2021-01-hertfordshire-street.csv', [
    streetRow({ id: 'c1' }),
    streetRow({ type: 'Anti-social behaviour' }),
  ]);
  const db = join(dir, 'store.duckdb');
  const imported = safer(['import', file, '--json'], { SAFER_DB: db });
  assert.equal(imported.status, 0, imported.stderr);
  const report = JSON.parse(imported.stdout) as { results: { rowsLoaded: number; kind: string }[] };
  assert.deepEqual(
    report.results.map((r) => [r.kind, r.rowsLoaded]),
    [['police-uk-street', 2]],
  );

  const status = safer(['--db', db, 'status', '--json']);
  assert.equal(status.status, 0, status.stderr);
  const s = JSON.parse(status.stdout) as {
    totals: { rows: number };
    eventSources: { force: string; months: number; gaps: string[] }[];
  };
  assert.equal(s.totals.rows, 2);
  assert.deepEqual(
    s.eventSources.map((e) => [e.force, e.months, e.gaps]),
    [
      ['Hertfordshire Constabulary', 1, []],
      ['Hertfordshire Constabulary', 1, []],
    ],
  );

  const table = safer(['--db', db, 'status'], { SAFER_TABLES: '1' });
  assert.equal(table.status, 0);
  assert.match(table.stdout, /Record-level data by source and force/);
  assert.match(table.stdout, /Hertfordshire Constabulary/);
});

test('a bad file exits 2 with file, line, column and what to do — and no stack without --debug', () => {
  const dir = tempDir();
  const file = writeStreetFile(dir, '2021-01-hertfordshire-street.csv', [streetRow({ id: 'c1', month: 'Jan-21' })]);
  const r = safer(['--db', join(dir, 'store.duckdb'), 'import', file]);
  assert.equal(r.status, 2);
  assert.match(
    r.stderr,
    /2021-01-hertfordshire-street\.csv:2: column "Month" Month is not a YYYY-MM month \(value "Jan-21"\)/,
  );
  assert.match(r.stderr, /→ /);
  assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
});

test('status on a missing store says how to start', () => {
  const dir = tempDir();
  const r = safer(['--db', join(dir, 'none.duckdb'), 'status']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /No store here yet/);
});

test('an unknown --kind is refused with the list of kinds', () => {
  const dir = tempDir();
  const path = join(dir, 'x.csv');
  writeFileSync(path, 'a,b\n1,2\n');
  const r = safer(['--db', join(dir, 's.duckdb'), 'import', path, '--kind', 'nonsense']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Unknown kind "nonsense"/);
  assert.match(r.stderr, /police-uk-street/);
});

test('assess: bad month, unknown area, missing store and no area each say what to do', () => {
  const dir = tempDir();
  const file = writeStreetFile(dir, '2021-01-hertfordshire-street.csv', [streetRow({ id: 'c1' })]);
  const db = join(dir, 'store.duckdb');
  assert.equal(safer(['--db', db, 'import', file]).status, 0);
  const badEnd = safer(['--db', db, 'assess', '--area', 'E07000096', '--end', '2021-13']);
  assert.equal(badEnd.status, 2);
  assert.match(badEnd.stderr, /--end must be a month as YYYY-MM \(value "2021-13"\)/);
  const unknown = safer(['--db', db, 'assess', '--area', 'Nowhere']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /no district, county or force with this code or name is loaded \(value "Nowhere"\)/);
  const noArea = safer(['--db', db, 'assess']);
  assert.equal(noArea.status, 2);
  assert.match(noArea.stderr, /--all/);
  const missing = safer(['--db', join(dir, 'none.duckdb'), 'assess', '--area', 'x']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /No store here yet/);
  const badConfig = safer(['--db', db, 'assess', '--area', 'x', '--config', join(dir, 'no-such-folder')]);
  assert.equal(badConfig.status, 2);
  assert.match(badConfig.stderr, /the config folder does not exist/);
});

test('assess: an unknown measure in the config is an error naming the file and listing the known ids', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'assessment.yaml'), 'measures:\n  - all-crime\n  - burglery\n');
  const r = safer(['--db', join(dir, 'none.duckdb'), 'assess', '--area', 'x', '--config', dir]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /assessment\.yaml: "measures" names an unknown measure \(value "burglery"\)/);
  assert.match(r.stderr, /known measures: all-crime, asb/);
});
