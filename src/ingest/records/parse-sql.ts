import type { DateFormat } from './mapping.ts';

/*
 * SQL expressions that parse text cells inside DuckDB, so that a million-row extract is one
 * vectorised query and not a million JS calls. `v` is an expression yielding trimmed VARCHAR
 * (NULL for an empty cell); every parser yields NULL for a value it cannot read, and the
 * loader turns "value present, parse NULL" into an error naming line, column and value.
 * Nothing here interpolates data: `v` is built from quoted identifiers.
 */

const ISO = String.raw`\d{4}-\d{1,2}-\d{1,2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?Z?`;
const DMY = String.raw`\d{1,2}[/.-]\d{1,2}[/.-]\d{4}( \d{1,2}:\d{2}(:\d{2})?)?`;
const SERIAL = String.raw`\d+(\.\d+)?`;

/** Highest serial Excel accepts (31 December 9999). */
const EXCEL_MAX = 2958466;

function isoSql(v: string): string {
  return `CASE WHEN regexp_full_match(${v}, '${ISO}') THEN TRY_CAST(replace(rtrim(${v}, 'Z'), 'T', ' ') AS TIMESTAMP) END`;
}

/** Day-first dates, with or without a time. The shape picks the one format tried: a failed parse costs more than a regex. */
function dmySql(v: string): string {
  const d = String.raw`\d{1,2}[/.-]\d{1,2}[/.-]\d{4}`;
  const slashed = `translate(${v}, '.-', '//')`;
  return `CASE
    WHEN regexp_full_match(${v}, '${d}') THEN try_strptime(${slashed}, '%d/%m/%Y')
    WHEN regexp_full_match(${v}, '${d} \\d{1,2}:\\d{2}') THEN try_strptime(${slashed}, '%d/%m/%Y %H:%M')
    WHEN regexp_full_match(${v}, '${d} \\d{1,2}:\\d{2}:\\d{2}') THEN try_strptime(${slashed}, '%d/%m/%Y %H:%M:%S')
  END`;
}

/**
 * Excel's 1900 date system: serial 1 is 1 January 1900 and, after Lotus 1-2-3, serial 60 is a
 * 29 February 1900 that never existed; so serials from 61 count from 30 December 1899 and those
 * below 60 from 31 December 1899. Serial 60 itself is rejected. A fraction is the time of day.
 */
export function excelSerialSql(v: string, plausibleOnly = false): string {
  const n = `TRY_CAST(${v} AS DOUBLE)`;
  const plus = (n0: string): string => `${n0} + to_microseconds(CAST(round(${n} * 86400) * 1000000 AS BIGINT))`;
  // Guessing (auto), a bare number is a date only between 1950 and 2100: a year such as 2019
  // must not become 11 July 1905.
  const [low, high] = plausibleOnly ? [AUTO_SERIAL_MIN, AUTO_SERIAL_MAX] : [61, EXCEL_MAX];
  return `CASE WHEN regexp_full_match(${v}, '${SERIAL}') THEN CASE
    WHEN ${n} >= ${low} AND ${n} < ${high} THEN ${plus("TIMESTAMP '1899-12-30'")}
    ${plausibleOnly ? '' : `WHEN ${n} >= 1 AND ${n} < 60 THEN ${plus("TIMESTAMP '1899-12-31'")}`}
  END END`;
}

/** Serials of 1 January 1950 and 1 January 2100. */
const AUTO_SERIAL_MIN = 18264;
const AUTO_SERIAL_MAX = 73051;

/**
 * A date or date-time cell → TIMESTAMP. `alsoIso` (workbooks): date cells arrive as ISO text and
 * cells that lost their date format as serial numbers, whatever the mapping's format says.
 */
export function dateSql(format: DateFormat, v: string, alsoIso: boolean): string {
  const parts: string[] = [];
  switch (format) {
    case 'iso':
      parts.push(isoSql(v));
      if (alsoIso) parts.push(excelSerialSql(v, true));
      break;
    case 'dd/mm/yyyy':
    case 'dd/mm/yyyy hh:mm':
    case 'dd/mm/yyyy hh:mm:ss':
      parts.push(dmySql(v));
      if (alsoIso) parts.push(isoSql(v), excelSerialSql(v, true));
      break;
    case 'excel':
      parts.push(excelSerialSql(v));
      if (alsoIso) parts.push(isoSql(v));
      break;
    case 'auto':
      parts.push(isoSql(v), dmySql(v), excelSerialSql(v, true));
      break;
  }
  return parts.length === 1 ? parts[0]! : `coalesce(${parts.join(', ')})`;
}

/** Whether a parsed date cell carried a time of day. */
export function hasTimeSql(v: string): string {
  return `(contains(${v}, ':') OR (regexp_full_match(${v}, '\\d+\\.\\d+') AND TRY_CAST(${v} AS DOUBLE) <> floor(TRY_CAST(${v} AS DOUBLE))))`;
}

/** A month cell (`2021-03`, `2021/03`, `03/2021`, `Mar 2021`, `March 2021`, or any date) → first day of the month. */
export function monthSql(format: DateFormat, v: string, alsoIso: boolean): string {
  return `CAST(date_trunc('month', coalesce(
    CASE WHEN regexp_full_match(${v}, '\\d{4}[-/]\\d{1,2}') THEN try_strptime(replace(${v}, '/', '-'), '%Y-%m') END,
    CASE WHEN regexp_full_match(${v}, '\\d{1,2}/\\d{4}') THEN try_strptime(${v}, '%m/%Y') END,
    CASE WHEN regexp_full_match(${v}, '[A-Za-z]{3,9}[ -]\\d{4}') THEN coalesce(try_strptime(replace(${v}, '-', ' '), '%b %Y'), try_strptime(replace(${v}, '-', ' '), '%B %Y')) END,
    ${dateSql(format, v, alsoIso)}
  )) AS DATE)`;
}

/** A time cell: `hh:mm`, `hh:mm:ss`, `hhmm`, an Excel day fraction, or a date-time → TIME. */
export function timeSql(v: string): string {
  return `CASE
    WHEN regexp_full_match(${v}, '([01]?\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d+)?)?') THEN TRY_CAST(${v} AS TIME)
    WHEN regexp_full_match(${v}, '([01]\\d|2[0-3])[0-5]\\d') THEN make_time(CAST(substr(${v}, 1, 2) AS BIGINT), CAST(substr(${v}, 3, 2) AS BIGINT), 0)
    WHEN regexp_full_match(${v}, '0?\\.\\d+|0') THEN CAST(TIMESTAMP '2000-01-01' + to_microseconds(CAST(least(round(TRY_CAST(${v} AS DOUBLE) * 86400), 86399) * 1000000 AS BIGINT)) AS TIME)
    WHEN regexp_full_match(${v}, '${ISO}') THEN CAST(TRY_CAST(replace(rtrim(${v}, 'Z'), 'T', ' ') AS TIMESTAMP) AS TIME)
  END`;
}

/** What a well-formed value looks like, for error hints. */
export const FORMAT_EXAMPLES: Record<DateFormat, string> = {
  auto: '2021-03-31, 31/03/2021, 31/03/2021 14:05 or an Excel serial such as 44286 (1950 to 2099)',
  iso: '2021-03-31 or 2021-03-31T14:05:00',
  'dd/mm/yyyy': '31/03/2021',
  'dd/mm/yyyy hh:mm': '31/03/2021 14:05',
  'dd/mm/yyyy hh:mm:ss': '31/03/2021 14:05:00',
  excel: 'an Excel serial day number such as 44286 (31/03/2021), 44286.5 for noon',
};

/** Regular expressions (DuckDB syntax) the auto format uses to tell day-first from month-first slash dates. */
export const SLASH_DATE = String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}`;

/** A guess at the format a value is in, for the hint of an unparseable date. */
export function guessFormat(value: string): string | null {
  const v = value.trim();
  if (new RegExp(`^${ISO}$`).test(v)) return 'iso';
  if (new RegExp(`^${DMY}$`).test(v)) return 'dd/mm/yyyy (with or without hh:mm)';
  if (/^\d{1,2}\/\d{1,2}\/\d{2}$/.test(v)) return null;
  if (new RegExp(`^${SERIAL}$`).test(v)) return 'excel';
  return null;
}
