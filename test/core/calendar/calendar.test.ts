import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calendarLabels, easterSunday, nearCalendarEvent, ukCalendarEvents } from '../../../src/core/calendar/index.ts';

const bankHolidays = (year: number) =>
  ukCalendarEvents(year)
    .filter((e) => e.kind === 'bank-holiday')
    .map((e) => `${e.date} ${e.name}`);

// Expected lists: England and Wales, as published at gov.uk/bank-holidays (and its JSON feed
// gov.uk/bank-holidays.json) for 2019–2026; names follow GOV.UK's titles.
const GOV_UK: Record<number, string[]> = {
  2019: [
    "2019-01-01 New Year's Day",
    '2019-04-19 Good Friday',
    '2019-04-22 Easter Monday',
    '2019-05-06 Early May bank holiday',
    '2019-05-27 Spring bank holiday',
    '2019-08-26 Summer bank holiday',
    '2019-12-25 Christmas Day',
    '2019-12-26 Boxing Day',
  ],
  2020: [
    "2020-01-01 New Year's Day",
    '2020-04-10 Good Friday',
    '2020-04-13 Easter Monday',
    '2020-05-08 Early May bank holiday (VE Day)',
    '2020-05-25 Spring bank holiday',
    '2020-08-31 Summer bank holiday',
    '2020-12-25 Christmas Day',
    '2020-12-28 Boxing Day (substitute day)',
  ],
  2021: [
    "2021-01-01 New Year's Day",
    '2021-04-02 Good Friday',
    '2021-04-05 Easter Monday',
    '2021-05-03 Early May bank holiday',
    '2021-05-31 Spring bank holiday',
    '2021-08-30 Summer bank holiday',
    '2021-12-27 Christmas Day (substitute day)',
    '2021-12-28 Boxing Day (substitute day)',
  ],
  2022: [
    "2022-01-03 New Year's Day (substitute day)",
    '2022-04-15 Good Friday',
    '2022-04-18 Easter Monday',
    '2022-05-02 Early May bank holiday',
    '2022-06-02 Spring bank holiday',
    '2022-06-03 Platinum Jubilee bank holiday',
    '2022-08-29 Summer bank holiday',
    '2022-09-19 Bank holiday for the State Funeral of Queen Elizabeth II',
    '2022-12-26 Boxing Day',
    '2022-12-27 Christmas Day (substitute day)',
  ],
  2023: [
    "2023-01-02 New Year's Day (substitute day)",
    '2023-04-07 Good Friday',
    '2023-04-10 Easter Monday',
    '2023-05-01 Early May bank holiday',
    '2023-05-08 Bank holiday for the coronation of King Charles III',
    '2023-05-29 Spring bank holiday',
    '2023-08-28 Summer bank holiday',
    '2023-12-25 Christmas Day',
    '2023-12-26 Boxing Day',
  ],
  2024: [
    "2024-01-01 New Year's Day",
    '2024-03-29 Good Friday',
    '2024-04-01 Easter Monday',
    '2024-05-06 Early May bank holiday',
    '2024-05-27 Spring bank holiday',
    '2024-08-26 Summer bank holiday',
    '2024-12-25 Christmas Day',
    '2024-12-26 Boxing Day',
  ],
  2025: [
    "2025-01-01 New Year's Day",
    '2025-04-18 Good Friday',
    '2025-04-21 Easter Monday',
    '2025-05-05 Early May bank holiday',
    '2025-05-26 Spring bank holiday',
    '2025-08-25 Summer bank holiday',
    '2025-12-25 Christmas Day',
    '2025-12-26 Boxing Day',
  ],
  2026: [
    "2026-01-01 New Year's Day",
    '2026-04-03 Good Friday',
    '2026-04-06 Easter Monday',
    '2026-05-04 Early May bank holiday',
    '2026-05-25 Spring bank holiday',
    '2026-08-31 Summer bank holiday',
    '2026-12-25 Christmas Day',
    '2026-12-28 Boxing Day (substitute day)',
  ],
};

for (const [year, expected] of Object.entries(GOV_UK)) {
  test(`bank holidays ${year} match gov.uk/bank-holidays`, () => {
    assert.deepEqual(bankHolidays(Number(year)), expected);
  });
}

test('Easter Sunday matches python-dateutil for every year 1990–2100', () => {
  // python3 -c "from dateutil.easter import easter; print(' '.join(easter(y).strftime('%m%d') for y in range(1990, 2101)))"
  // (python-dateutil 2.9.0, EASTER_WESTERN)
  const mmdd = (
    '0415 0331 0419 0411 0403 0416 0407 0330 0412 0404 0423 0415 0331 0420 0411 0327 0416 0408 0323 0412 ' +
    '0404 0424 0408 0331 0420 0405 0327 0416 0401 0421 0412 0404 0417 0409 0331 0420 0405 0328 0416 0401 ' +
    '0421 0413 0328 0417 0409 0325 0413 0405 0425 0410 0401 0421 0406 0329 0417 0409 0325 0414 0405 0418 ' +
    '0410 0402 0421 0406 0329 0418 0402 0422 0414 0330 0418 0410 0326 0415 0406 0329 0411 0403 0422 0414 ' +
    '0330 0419 0410 0326 0415 0407 0419 0411 0403 0423 0407 0330 0419 0404 0326 0415 0331 0420 0411 0403 ' +
    '0416 0408 0330 0412 0404 0424 0415 0331 0420 0412 0328'
  ).split(' ');
  assert.equal(mmdd.length, 111);
  mmdd.forEach((md, i) => {
    const year = 1990 + i;
    assert.equal(easterSunday(year), `${year}-${md.slice(0, 2)}-${md.slice(2)}`, String(year));
  });
  // extremes inside the range, from the same source: earliest 23 March 2008, latest 25 April 2038
  assert.equal(easterSunday(2008), '2008-03-23');
  assert.equal(easterSunday(2038), '2038-04-25');
});

test('substitute days when Christmas, Boxing Day or New Year fall at a weekend', () => {
  // 25 Dec 2027 is a Saturday and 1 Jan 2028 a Saturday (python: date(2027,12,25).strftime('%A'))
  assert.deepEqual(bankHolidays(2027).slice(-2), [
    '2027-12-27 Christmas Day (substitute day)',
    '2027-12-28 Boxing Day (substitute day)',
  ]);
  assert.equal(bankHolidays(2028)[0], "2028-01-03 New Year's Day (substitute day)");
  // 1 Jan 2017 a Sunday → Monday 2 Jan; 25 Dec 2016 a Sunday → Boxing Day Mon 26, Christmas Tue 27
  assert.equal(bankHolidays(2017)[0], "2017-01-02 New Year's Day (substitute day)");
  assert.deepEqual(bankHolidays(2016).slice(-2), [
    '2016-12-26 Boxing Day',
    '2016-12-27 Christmas Day (substitute day)',
  ]);
});

test('moved and one-off bank holidays before 2019', () => {
  assert.deepEqual(calendarLabels('1995-05-08'), ['Early May bank holiday (VE Day)']);
  assert.deepEqual(calendarLabels('1995-05-01'), []);
  assert.deepEqual(calendarLabels('1999-12-31'), ['Millennium Celebrations', "New Year's Eve"]);
  assert.deepEqual(calendarLabels('2002-06-03'), ["Queen's Golden Jubilee"]);
  assert.deepEqual(calendarLabels('2002-06-04'), ['Spring bank holiday']);
  assert.deepEqual(calendarLabels('2002-05-27'), []);
  assert.deepEqual(calendarLabels('2011-04-29'), ['Royal wedding']);
  assert.deepEqual(calendarLabels('2012-06-04'), ['Spring bank holiday']);
  assert.deepEqual(calendarLabels('2012-06-05'), ["Queen's Diamond Jubilee"]);
  assert.deepEqual(calendarLabels('2012-05-28'), []);
  assert.equal(bankHolidays(2012).length, 9);
  assert.equal(bankHolidays(2022).length, 10);
});

test('seasonal days are labelled and every year has eight regular bank holidays or more', () => {
  assert.deepEqual(calendarLabels('2021-10-31'), ['Halloween']);
  assert.deepEqual(calendarLabels('2021-11-05'), ['Bonfire Night']);
  assert.deepEqual(calendarLabels('2021-12-24'), ['Christmas Eve']);
  assert.deepEqual(calendarLabels('2021-12-31'), ["New Year's Eve"]);
  assert.deepEqual(calendarLabels('2021-11-06'), []);
  const seasonal = ukCalendarEvents(2030)
    .filter((e) => e.kind === 'seasonal')
    .map((e) => e.name);
  assert.deepEqual(seasonal, ['Halloween', 'Bonfire Night', 'Christmas Eve', "New Year's Eve"]);
  for (let year = 1990; year <= 2100; year++) {
    const events = ukCalendarEvents(year);
    assert.ok(events.filter((e) => e.kind === 'bank-holiday').length >= 8, String(year));
    assert.ok(
      events.every((e, i) => i === 0 || e.date >= events[i - 1]!.date),
      `sorted ${year}`,
    );
    assert.ok(
      events.every((e) => e.date.startsWith(`${year}-`)),
      `inside ${year}`,
    );
  }
});

test('nearCalendarEvent gives offsets, nearest first, across a year end', () => {
  assert.deepEqual(nearCalendarEvent('2021-11-06'), [{ name: 'Bonfire Night', date: '2021-11-05', offsetDays: 1 }]);
  assert.deepEqual(nearCalendarEvent('2021-11-04'), [{ name: 'Bonfire Night', date: '2021-11-05', offsetDays: -1 }]);
  assert.deepEqual(nearCalendarEvent('2021-11-01', 0), []);
  assert.deepEqual(nearCalendarEvent('2021-11-01'), [{ name: 'Halloween', date: '2021-10-31', offsetDays: 1 }]);
  // 1 Jan 2022 was a Saturday: New Year's Eve is the day before, the substitute Monday two days on
  assert.deepEqual(nearCalendarEvent('2022-01-01', 1), [{ name: "New Year's Eve", date: '2021-12-31', offsetDays: 1 }]);
  assert.deepEqual(nearCalendarEvent('2022-01-02', 1), [
    { name: "New Year's Day (substitute day)", date: '2022-01-03', offsetDays: -1 },
  ]);
  const around = nearCalendarEvent('2021-12-25', 3).map((e) => `${e.offsetDays} ${e.name}`);
  assert.deepEqual(around, ['1 Christmas Eve', '-2 Christmas Day (substitute day)', '-3 Boxing Day (substitute day)']);
  // equal distance: the event before the date comes first
  assert.deepEqual(
    nearCalendarEvent('2019-12-25').map((e) => `${e.offsetDays} ${e.name}`),
    ['0 Christmas Day', '1 Christmas Eve', '-1 Boxing Day'],
  );
});

test('labels and events are copies, so callers cannot corrupt the cache', () => {
  calendarLabels('2021-10-31').push('Mischief');
  ukCalendarEvents(2021)[0]!.name = 'changed';
  assert.deepEqual(calendarLabels('2021-10-31'), ['Halloween']);
  assert.equal(ukCalendarEvents(2021)[0]!.name, "New Year's Day");
});

test('bad input is refused; years outside 1990–2100 have no labels', () => {
  assert.throws(() => ukCalendarEvents(1989), /1990 to 2100/);
  assert.throws(() => ukCalendarEvents(2020.5), /1990 to 2100/);
  assert.throws(() => calendarLabels('2021-02-30'), /YYYY-MM-DD/);
  assert.throws(() => calendarLabels('31/10/2021'), /YYYY-MM-DD/);
  assert.throws(() => nearCalendarEvent('2021-10-31', -1), /withinDays/);
  assert.deepEqual(calendarLabels('1985-10-31'), []);
  assert.deepEqual(nearCalendarEvent('1990-01-01', 2), [{ name: "New Year's Day", date: '1990-01-01', offsetDays: 0 }]);
});
