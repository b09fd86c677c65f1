import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { financialPeriod, parsePeriod } from '../../src/ingest/aggregates/periods.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { quoteLiteral, type Store } from '../../src/store/db.ts';
import { SKIP_NO_SHARED, sharedPath } from '../helpers/shared-data.ts';
import { csv, memoryStore, rejectsWith, scratch, writeXlsx } from './partner-helpers.ts';

test('periods: months, years, financial years and both kinds of quarter', () => {
  const p = (s: string): unknown => {
    const r = parsePeriod(s);
    return r && [r.label, r.start, r.end];
  };
  assert.deepEqual(p('2021-02'), ['2021-02', '2021-02-01', '2021-02-28']);
  assert.deepEqual(p('2024-2'), ['2024-02', '2024-02-01', '2024-02-29']);
  assert.deepEqual(p('2021'), ['2021', '2021-01-01', '2021-12-31']);
  assert.deepEqual(p('2019/20'), ['2019/20', '2019-04-01', '2020-03-31']);
  assert.deepEqual(p('1999/00'), ['1999/00', '1999-04-01', '2000-03-31']);
  assert.deepEqual(p('2019/2020'), ['2019/20', '2019-04-01', '2020-03-31']);
  assert.deepEqual(p('2019-20'), ['2019/20', '2019-04-01', '2020-03-31']);
  assert.deepEqual(p('2019/20 Q1'), ['2019/20 Q1', '2019-04-01', '2019-06-30']);
  assert.deepEqual(p('2019/20 q3'), ['2019/20 Q3', '2019-10-01', '2019-12-31']);
  assert.deepEqual(p('2019/20 Q4'), ['2019/20 Q4', '2020-01-01', '2020-03-31']);
  assert.deepEqual(p('2021 Q1'), ['2021 Q1', '2021-01-01', '2021-03-31']);
  assert.deepEqual(p('2021 Q4'), ['2021 Q4', '2021-10-01', '2021-12-31']);
  for (const bad of ['2021-13', '2019/21', '2019/20 Q5', 'Q1 2021', 'FY', '21/22', ''])
    assert.equal(parsePeriod(bad), null, bad);
  assert.deepEqual(financialPeriod('2019/20', 'Q2')?.label, '2019/20 Q2');
  assert.deepEqual(financialPeriod('2019/20', '3')?.start, '2019-10-01');
  assert.deepEqual(financialPeriod('2019/20', '')?.label, '2019/20');
  assert.equal(financialPeriod('2019/20', 'Apr-Jun'), null);
});

async function indicatorRows(store: Store): Promise<unknown[][]> {
  const rows = await store.all<Record<string, unknown>>(
    `SELECT indicator, area_code, period, strftime(period_start, '%Y-%m-%d') AS s, strftime(period_end, '%Y-%m-%d') AS e, value, numerator, denominator, unit
     FROM indicators ORDER BY indicator, area_code, period_start, period`,
  );
  return rows.map((r) => Object.values(r));
}

test('indicators, long layout: every period form, numerators and denominators, suppressed values', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  const data = write(
    'iom-returns.csv',
    csv([
      ['indicator', 'area_code', 'area_name', 'period', 'value', 'numerator', 'denominator', 'unit'],
      ['IOM cohort', 'E07000096', 'Dacorum', '2021-03', '42', '', '', 'people'],
      ['IOM cohort', 'E07000096', 'Dacorum', '2021', '"1,040"', '', '', 'people'],
      ['Reoffending rate', 'E07000096', 'Dacorum', '2020/21', '27.5%', '11', '40', '%'],
      ['Reoffending rate', 'E07000096', 'Dacorum', '2020/21 Q4', '*', '', '', '%'],
      ['Reoffending rate', 'E07000096', 'Dacorum', '2021 Q1', '', '3', '12', '%'],
    ]),
  );
  const [r] = await importPaths(store, [data], { rejectsDir: dir });
  assert.equal(r!.kind, 'indicators');
  assert.equal(r!.rowsLoaded, 5);
  assert.deepEqual(await indicatorRows(store), [
    ['IOM cohort', 'E07000096', '2021', '2021-01-01', '2021-12-31', 1040, null, null, 'people'],
    ['IOM cohort', 'E07000096', '2021-03', '2021-03-01', '2021-03-31', 42, null, null, 'people'],
    ['Reoffending rate', 'E07000096', '2020/21', '2020-04-01', '2021-03-31', 27.5, 11, 40, '%'],
    ['Reoffending rate', 'E07000096', '2020/21 Q4', '2021-01-01', '2021-03-31', null, null, null, '%'],
    ['Reoffending rate', 'E07000096', '2021 Q1', '2021-01-01', '2021-03-31', null, 3, 12, '%'],
  ]);
  assert.ok(
    r!.notes.some((n) => /2 values are suppressed/.test(n)),
    r!.notes.join('\n'),
  );
  const batch = await store.one<{ batch: string; source: string }>(
    "SELECT batch, source FROM indicators WHERE period = '2020/21'",
  );
  assert.deepEqual(batch, {
    batch: 'indicators/iom-returns/Reoffending rate/E07000096/2020/21',
    source: 'iom-returns',
  });
});

test('indicators: bad periods, values and conflicting rows are errors with line, column and value', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  const header = ['indicator', 'area_code', 'period', 'value'];
  await rejectsWith(
    importPaths(
      store,
      [write('p.csv', csv([header, ['A', 'E07000096', '2021-03', '1'], ['A', 'E07000096', 'March 2021', '2']]))],
      { rejectsDir: dir },
    ),
    {
      message: /not a period/,
      line: 3,
      column: 'period',
      value: 'March 2021',
    },
  );
  await rejectsWith(
    importPaths(store, [write('v.csv', csv([header, ['A', 'E07000096', '2021-03', 'twelve']]))], { rejectsDir: dir }),
    {
      message: /not a number/,
      line: 2,
      column: 'value',
      value: 'twelve',
    },
  );
  await rejectsWith(
    importPaths(
      store,
      [
        write(
          'c.csv',
          csv([
            header,
            ['A', 'E07000096', '2021-03', '1'],
            ['A', 'E07000096', '2021-03', '1'],
            ['A', 'E07000096', '2021-03', '2'],
          ]),
        ),
      ],
      { rejectsDir: dir },
    ),
    {
      message: /second, different value/,
      line: 4,
      value: '2',
    },
  );
  const [r] = await importPaths(
    store,
    [
      write(
        'c2.csv',
        csv([
          header,
          ['A', 'E07000096', '2021-03', '1'],
          ['A', 'E07000096', '2021-03', '1'],
          ['A', 'E07000096', '2021-04', 'x1'],
        ]),
      ),
    ],
    {
      rejectsDir: join(dir, 'rejects'),
      skipBadRows: true,
    },
  );
  assert.equal(r!.rowsLoaded, 1);
  assert.equal(r!.duplicatesDropped, 1);
  assert.equal(r!.rowsRejected, 1);
  assert.match(
    readFileSync(r!.rejectsFile!, 'utf8'),
    /^4,value,x1,value: the value is not a number,"A,E07000096,2021-04,x1"$/m,
  );
  await rejectsWith(importPaths(store, [write('e.csv', csv([header]))], { rejectsDir: dir }), {
    message: /no data rows/,
  });
});

test('indicators, wide layout: one row per period column, empty cells skipped', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  const data = write(
    'yot.csv',
    csv([
      ['Indicator', 'Area Code', 'Area Name', '2019/20', '2020/21', '2021/22 Q1'],
      ['First time entrants', 'E07000096', 'Dacorum', '31', '25', ''],
      ['First time entrants', 'E07000095', 'Broxbourne', '12', '', '4'],
    ]),
  );
  const [r] = await importPaths(store, [data], { rejectsDir: dir, source: 'youth-justice' });
  assert.equal(r!.rowsLoaded, 4);
  assert.deepEqual(await indicatorRows(store), [
    ['First time entrants', 'E07000095', '2019/20', '2019-04-01', '2020-03-31', 12, null, null, null],
    ['First time entrants', 'E07000095', '2021/22 Q1', '2021-04-01', '2021-06-30', 4, null, null, null],
    ['First time entrants', 'E07000096', '2019/20', '2019-04-01', '2020-03-31', 31, null, null, null],
    ['First time entrants', 'E07000096', '2020/21', '2020-04-01', '2021-03-31', 25, null, null, null],
  ]);
  assert.equal((await store.one<{ s: string }>('SELECT any_value(source) AS s FROM indicators'))?.s, 'youth-justice');
  const bad = write(
    'yot-bad.csv',
    csv([
      ['indicator', 'area_code', '2019/20', '2020/21'],
      ['FTE', 'E07000096', '3', 'n'],
    ]),
  );
  await rejectsWith(importPaths(store, [bad], { rejectsDir: dir }), { line: 2, column: '2020/21', value: 'n' });
});

test('indicators from a workbook: every sheet with an indicator header; restricted imports flagged', async (t) => {
  const store = await memoryStore(t);
  const { dir } = scratch(t);
  const path = await writeXlsx(join(dir, 'offender-management.xlsx'), {
    'Read me': [['Offender management returns, 2021'], ['Contact: analyst@example.org']],
    Cohort: [
      ['IOM cohort by quarter'],
      [],
      ['indicator', 'area_code', 'period', 'value'],
      ['IOM cohort', 'E07000096', '2021/22 Q1', 40],
      ['IOM cohort', 'E07000096', '2021/22 Q2', 38],
    ],
    Reoffending: [
      ['indicator', 'area_code', '2019/20', '2020/21'],
      ['Proven reoffending %', 'E07000096', 24.1, 22.5],
    ],
  });
  const [r] = await importPaths(store, [path], { rejectsDir: dir, restricted: true });
  assert.equal(r!.kind, 'indicators');
  assert.equal(r!.rowsLoaded, 4);
  assert.deepEqual(r!.details?.sheets, ['Cohort', 'Reoffending']);
  assert.deepEqual(
    (await indicatorRows(store)).map((x) => [x[0], x[2], x[5]]),
    [
      ['IOM cohort', '2021/22 Q1', 40],
      ['IOM cohort', '2021/22 Q2', 38],
      ['Proven reoffending %', '2019/20', 24.1],
      ['Proven reoffending %', '2020/21', 22.5],
    ],
  );
  assert.equal((await store.one<{ restricted: boolean }>('SELECT restricted FROM imports'))?.restricted, true);
  // A bad cell in a sheet is reported at its sheet row.
  const bad = await writeXlsx(join(dir, 'bad.xlsx'), {
    Cohort: [['title'], ['indicator', 'area_code', 'period', 'value'], ['IOM cohort', 'E07000096', '2021/22 Q5', 1]],
  });
  const error = await rejectsWith(importPaths(store, [bad], { rejectsDir: dir, kind: 'indicators' }), {
    line: 3,
    value: '2021/22 Q5',
  });
  assert.match(error.location.file ?? '', /\[sheet Cohort\]/);
});

test('indicators: re-importing replaces the same indicator, area and period; the same file is a no-op', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  const header = ['indicator', 'area_code', 'period', 'value'];
  const first = write(
    'returns-a.csv',
    csv([header, ['A', 'E07000096', '2020/21', '10'], ['A', 'E07000096', '2021/22', '12']]),
  );
  await importPaths(store, [first], { rejectsDir: dir, source: 'returns' });
  const [same] = await importPaths(store, [first], { rejectsDir: dir, source: 'returns' });
  assert.equal(same!.status, 'unchanged');
  const second = write(
    'returns-b.csv',
    csv([header, ['A', 'E07000096', '2021/22', '13'], ['A', 'E07000096', '2022/23', '9']]),
  );
  const [r] = await importPaths(store, [second], { rejectsDir: dir, source: 'returns' });
  assert.equal(r!.rowsReplaced, 1);
  assert.ok(
    r!.notes.some((n) => /replaced 1 values .*1 of them changed/.test(n)),
    r!.notes.join('\n'),
  );
  assert.deepEqual(
    (await indicatorRows(store)).map((x) => [x[2], x[5]]),
    [
      ['2020/21', 10],
      ['2021/22', 13],
      ['2022/23', 9],
    ],
  );
});

test('indicators: area codes are checked against the kinds of area the store holds', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  await store.append(
    'areas',
    ['import_id', 'batch', 'code', 'name', 'level', 'vintage'],
    [[0, 't', 'E07000096', 'Dacorum', 'district', '2019']],
  );
  const header = ['indicator', 'area_code', 'period', 'value'];
  const [r] = await importPaths(
    store,
    [
      write(
        'ok.csv',
        csv([header, ['A', 'E07000096', '2021', '1'], ['A', 'dacorum', '2022', '1'], ['A', 'E92000001', '2021', '5']]),
      ),
    ],
    { rejectsDir: dir },
  );
  assert.deepEqual(
    (await store.all<{ a: string }>('SELECT DISTINCT area_code AS a FROM indicators ORDER BY 1')).map((x) => x.a),
    ['E07000096', 'E92000001'],
  );
  assert.ok(
    r!.notes.some((n) => /1 area codes not checked \(e.g. E92000001\)/.test(n)),
    r!.notes.join('\n'),
  );
  await rejectsWith(
    importPaths(store, [write('bad.csv', csv([header, ['A', 'E07999999', '2021', '1']]))], { rejectsDir: dir }),
    {
      message: /unknown area code/,
      line: 2,
      column: 'area_code',
      value: 'E07999999',
    },
  );
});

test('Home Office crime rates and Crime Severity Scores import as indicators', { skip: SKIP_NO_SHARED }, async (t) => {
  const store = await memoryStore(t);
  const { dir } = scratch(t);
  const results = await importPaths(
    store,
    [sharedPath('home-office', 'crime_rate.csv'), sharedPath('home-office', 'crime_severity.csv')],
    { rejectsDir: dir },
  );
  // wc -l: 274 and 211 lines with the header.
  assert.deepEqual(
    results.map((r) => [r.kind, r.rowsLoaded, r.rowsRejected]),
    [
      ['indicators', 273, 0],
      ['indicators', 210, 0],
    ],
  );
  const trafford = await store.one<{ value: number; unit: string; s: string; e: string }>(
    `SELECT value, unit, strftime(period_start, '%Y-%m-%d') AS s, strftime(period_end, '%Y-%m-%d') AS e FROM indicators
     WHERE indicator = 'Offence rate: Total recorded crime' AND area_code = 'E22000107' AND period = '2008/09'`,
  );
  assert.deepEqual(trafford, { value: 78.624537858031815, unit: 'Rate per 1,000', s: '2008-04-01', e: '2009-03-31' });
  const css = await store.one<{ n: number; indicators: number }>(
    "SELECT count(*) AS n, count(DISTINCT indicator) AS indicators FROM indicators WHERE indicator LIKE 'Crime Severity Score: %'",
  );
  assert.deepEqual(css, { n: 210, indicators: 7 });
  // grep -c ',:,' crime_rate.csv → 28 values the publisher marks ':' (not available).
  const missing = await store.one<{ n: number }>('SELECT count(*) AS n FROM indicators WHERE value IS NULL');
  assert.equal(missing?.n, 28);
});

async function comparatorRows(store: Store, where = 'true'): Promise<unknown[][]> {
  const rows = await store.all<Record<string, unknown>>(
    `SELECT area_code, category, offence_code, period, strftime(period_start, '%Y-%m-%d') AS s, count FROM comparator_counts WHERE ${where}
     ORDER BY area_code, period_start, period, category, offence_code`,
  );
  return rows.map((r) => Object.values(r));
}

test('comparator, canonical layout: categories named or derived from offence codes', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  const data = write(
    'msg-counts.csv',
    csv([
      ['area_code', 'area_name', 'category', 'offence_code', 'period', 'count'],
      ['E22000107', 'Trafford', 'Burglary', '', '2019/20', '1500'],
      ['E22000107', 'Trafford', '', '28E', '2019/20', '1200'],
      ['E22000107', 'Trafford', 'Anti-social behaviour', '', '2019-05', '310'],
      ['E22000107', 'Trafford', 'violent crime', '', '2019/20 Q1', '900'],
    ]),
  );
  const [r] = await importPaths(store, [data], { rejectsDir: dir });
  assert.equal(r!.kind, 'comparator');
  assert.deepEqual(await comparatorRows(store), [
    ['E22000107', 'Burglary', '28E', '2019/20', '2019-04-01', 1200],
    ['E22000107', 'Burglary', null, '2019/20', '2019-04-01', 1500],
    ['E22000107', 'Violence and sexual offences', null, '2019/20 Q1', '2019-04-01', 900],
    ['E22000107', 'Anti-social behaviour', null, '2019-05', '2019-05-01', 310],
  ]);
  await rejectsWith(
    importPaths(
      store,
      [
        write(
          'bad.csv',
          csv([
            ['area_code', 'category', 'period', 'count'],
            ['E22000107', 'Burglary', '2019/20', '1'],
            ['E22000107', 'Car crime', '2019/20', '2'],
          ]),
        ),
      ],
      { rejectsDir: dir },
    ),
    {
      message: /not a data.police.uk crime type/,
      line: 3,
      column: 'category',
      value: 'Car crime',
    },
  );
  await rejectsWith(
    importPaths(
      store,
      [
        write(
          'code.csv',
          csv([
            ['area_code', 'offence_code', 'period', 'count'],
            ['E22000107', '28Q', '2019/20', '1'],
          ]),
        ),
      ],
      { rejectsDir: dir },
    ),
    {
      message: /unknown Home Office offence code/,
      line: 2,
      value: '28Q',
    },
  );
});

test('comparator, Home Office CSP layout: names resolved to codes, financial quarters, rows added up', async (t) => {
  const store = await memoryStore(t);
  const { write, dir } = scratch(t);
  const header = [
    'Financial Year',
    'Financial Quarter',
    'Force Name',
    'CSP Name',
    'Offence Description',
    'Offence Group',
    'Offence Subgroup',
    'Offence Code',
    'Number of Offences',
  ];
  const row = (fy: string, q: string, force: string, csp: string, code: string, n: string): string[] => [
    fy,
    q,
    force,
    csp,
    'x',
    'Theft offences',
    'Domestic burglary',
    code,
    n,
  ];
  const data = write(
    'prc-csp-tables.csv',
    csv([
      header,
      row('2019/20', '1', 'Hertfordshire', 'Dacorum', '28A', '10'),
      row('2019/20', 'Q2', 'Hertfordshire', 'DACORUM', '28A', '7'),
      row('2019/20', '2', 'Other force', 'Dacorum', '28A', '-1'),
      row('2019/20', '1', 'Hertfordshire', 'Rushmoor', '30A', '3'),
    ]),
  );
  await rejectsWith(importPaths(store, [data], { rejectsDir: dir }), {
    message: /no Community Safety Partnerships/,
    hint: /csp19-names\.csv/,
  });
  await store.append(
    'areas',
    ['import_id', 'batch', 'code', 'name', 'level', 'vintage'],
    [
      [0, 't', 'E22000254', 'Dacorum', 'csp', '2019'],
      [0, 't', 'E07000092', 'Rushmoor', 'district', '2019'],
    ],
  );
  const [r] = await importPaths(store, [data], { rejectsDir: dir });
  assert.equal(r!.rowsLoaded, 3);
  assert.deepEqual(await comparatorRows(store), [
    ['E07000092', 'Burglary', '30A', '2019/20 Q1', '2019-04-01', 3],
    ['E22000254', 'Burglary', '28A', '2019/20 Q1', '2019-04-01', 10],
    ['E22000254', 'Burglary', '28A', '2019/20 Q2', '2019-07-01', 6],
  ]);
  assert.ok(
    r!.notes.some((n) => /districts listed apart from their CSP \(e.g. Rushmoor → E07000092\)/.test(n)),
    r!.notes.join('\n'),
  );
  assert.ok(r!.notes.some((n) => /negative counts/.test(n)));
  const batch = await store.one<{ b: string; s: string }>(
    "SELECT batch AS b, source AS s FROM comparator_counts WHERE area_code = 'E07000092'",
  );
  assert.deepEqual(batch, { b: 'comparator/home-office-csp/E07000092/2019/20 Q1/30A', s: 'home-office-csp' });
  const bad = write('prc-bad.csv', csv([header, row('2019/20', '5', 'H', 'Dacorum', '28A', '1')]));
  await rejectsWith(importPaths(store, [bad], { rejectsDir: dir }), {
    message: /not a period/,
    line: 2,
    value: '2019/20 Q5',
  });
});

/** The CSP and district names of the ONS lookups, loaded straight into `areas` (independent of the ONS importer). */
async function loadCspNames(store: Store): Promise<void> {
  const insert = async (file: string, code: string, name: string, level: string, vintage: string): Promise<void> => {
    await store.run(`INSERT INTO areas (import_id, batch, code, name, level, vintage)
      SELECT DISTINCT 0, 'test', ${code}, ${name}, '${level}', '${vintage}' FROM read_csv(${quoteLiteral(sharedPath('ons', file))}, header = true, all_varchar = true)`);
  };
  await insert('csp19-names.csv', 'CSP19CD', 'CSP19NM', 'csp', '2019');
  await insert('lad19-csp19-pfa19.csv', 'LAD19CD', 'LAD19NM', 'district', '2019');
  await insert('lad17-csp17-pfa17.csv', 'LAD17CD', 'LAD17NM', 'district', '2017');
}

test(
  'the real Home Office CSP sample: refused without --period, loaded with it',
  { skip: SKIP_NO_SHARED },
  async (t) => {
    const store = await memoryStore(t);
    const { dir } = scratch(t);
    const path = sharedPath('home-office', 'csp-offences-burglary-robbery-theft-sample.csv');
    await loadCspNames(store);
    await rejectsWith(importPaths(store, [path], { rejectsDir: dir }), {
      message: /no Financial Year/,
      hint: /--period 2019\/20/,
    });
    // Every name but one resolves (to a 2019 CSP, or to a district the Home Office lists apart); Northern Devon is no ONS name.
    await rejectsWith(importPaths(store, [path], { rejectsDir: dir, period: '2019/20' }), {
      message: /unknown CSP name/,
      value: 'Northern Devon',
      line: 3325,
      hint: /CSP code list/,
    });
    const [r] = await importPaths(store, [path], { rejectsDir: dir, period: '2019/20', skipBadRows: true });
    // python3 -c "import csv; r=[x for x in csv.DictReader(open('csp-offences-burglary-robbery-theft-sample.csv')) if x['CSP Name']!='Northern Devon'];
    //   print(len(r), sum(int(x['Number of Offences']) for x in r))"                                  → 15489 666481
    //   … burglary codes 28A-28D, 29, 30A, 30B, 31                                                   → 499615
    //   … CSP Name == 'Rushmoor' and Offence Code == '28A'                                            → 216
    assert.equal(r!.rowsRead, 15577);
    assert.equal(r!.rowsRejected, 88);
    const totals = await store.one<{ total: number; burglary: number; periods: string }>(
      "SELECT sum(count) AS total, sum(count) FILTER (WHERE category = 'Burglary') AS burglary, string_agg(DISTINCT period) AS periods FROM comparator_counts",
    );
    assert.deepEqual(totals, { total: 666481, burglary: 499615, periods: '2019/20' });
    const rushmoor = await store.one<{ n: number }>(
      "SELECT count AS n FROM comparator_counts WHERE area_code = 'E07000092' AND offence_code = '28A'",
    );
    assert.equal(rushmoor?.n, 216);
    const [again] = await importPaths(store, [path], { rejectsDir: dir, period: '2019/20', skipBadRows: true });
    assert.equal(again!.status, 'unchanged');
  },
);
