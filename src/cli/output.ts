import Table from 'cli-table3';
import pc from 'picocolors';

/** JSON when asked (--json) or when stdout is not a terminal; tables for people. */
export function wantsJson(flag: boolean | undefined): boolean {
  return flag === true || (flag === undefined && !process.stdout.isTTY && process.env.SAFER_TABLES !== '1');
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function renderTable(
  head: string[],
  rows: (string | number | null | undefined)[][],
  align?: ('left' | 'right')[],
): string {
  const table = new Table({
    head: head.map((h) => pc.bold(h)),
    style: { head: [], border: [], compact: true },
    colAligns: align ?? head.map((_, i) => (rows.some((r) => typeof r[i] === 'number') ? 'right' : 'left')),
  });
  for (const row of rows)
    table.push(row.map((c) => (c === null || c === undefined ? '' : typeof c === 'number' ? formatNumber(c) : c)));
  return table.toString();
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-GB') : n.toLocaleString('en-GB', { maximumFractionDigits: 2 });
}
