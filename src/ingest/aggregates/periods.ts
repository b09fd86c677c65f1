/**
 * Periods of aggregate returns. Financial years run April to March (`2019/20` is 1 April 2019 to
 * 31 March 2020) and their quarters are Q1 April–June … Q4 January–March; calendar quarters
 * (`2019 Q1`) are January–March … October–December.
 */
export interface Period {
  /** Normalised label, e.g. `2019/20 Q1`. */
  label: string;
  kind: 'month' | 'quarter' | 'financial-quarter' | 'year' | 'financial-year';
  /** ISO dates, inclusive. */
  start: string;
  end: string;
}

export const PERIOD_EXAMPLES =
  '2021-03 (month), 2021 (calendar year), 2020/21 (financial year), 2020/21 Q1 (financial quarter) or 2021 Q1 (calendar quarter)';

export function parsePeriod(text: string): Period | null {
  const t = text.trim().replace(/\s+/g, ' ');
  let m = /^(\d{4})-(\d{1,2})$/.exec(t);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    // `2019-20` is not a month: it is read below as the financial year 2019/20.
    if (mo >= 1 && mo <= 12)
      return { label: `${y}-${pad(mo)}`, kind: 'month', start: iso(y, mo, 1), end: iso(y, mo, daysIn(y, mo)) };
  }
  m = /^(\d{4})$/.exec(t);
  if (m) {
    const y = Number(m[1]);
    return { label: `${y}`, kind: 'year', start: iso(y, 1, 1), end: iso(y, 12, 31) };
  }
  m = /^(?:FY\s?)?(\d{4})\s?[/-]\s?(\d{2}|\d{4})(?:\s?Q([1-4]))?$/i.exec(t);
  if (m) {
    const y = Number(m[1]);
    const next = Number(m[2]);
    // `2019-12` is a month (handled above); here the second part must be the following year.
    if (!(next === y + 1 || next === (y + 1) % 100)) return null;
    const fy = `${y}/${pad((y + 1) % 100)}`;
    if (!m[3]) return { label: fy, kind: 'financial-year', start: iso(y, 4, 1), end: iso(y + 1, 3, 31) };
    const q = Number(m[3]);
    const startMonth = q === 4 ? 1 : 4 + (q - 1) * 3;
    const year = q === 4 ? y + 1 : y;
    return {
      label: `${fy} Q${q}`,
      kind: 'financial-quarter',
      start: iso(year, startMonth, 1),
      end: iso(year, startMonth + 2, daysIn(year, startMonth + 2)),
    };
  }
  m = /^(\d{4})\s?Q([1-4])$/i.exec(t);
  if (m) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    const startMonth = 1 + (q - 1) * 3;
    return {
      label: `${y} Q${q}`,
      kind: 'quarter',
      start: iso(y, startMonth, 1),
      end: iso(y, startMonth + 2, daysIn(y, startMonth + 2)),
    };
  }
  return null;
}

/** A financial year and a quarter as published separately (`2019/20`, `Q1` or `1`) → one period. */
export function financialPeriod(year: string, quarter: string | null): Period | null {
  const q = (quarter ?? '').trim();
  if (q === '') return parsePeriod(year);
  const n = /^(?:Q\s?)?([1-4])$/i.exec(q);
  if (!n) return null;
  const p = parsePeriod(`${year.trim()} Q${n[1]}`);
  return p && p.kind === 'financial-quarter' ? p : null;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function iso(y: number, m: number, d: number): string {
  return `${y}-${pad(m)}-${pad(d)}`;
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
