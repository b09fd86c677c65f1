import { decimalsFor, formatNumber } from '../core/format/numbers.ts';
import type { Block, TableCell } from './model.ts';

type TableBlock = Extract<Block, { type: 'table' }>;

/** An empty value, in every format. */
export const NO_VALUE = '\u2013';

/**
 * The text of every cell of a table, the same in HTML, Word and the dashboard: `display` when
 * given, else a number with its column's decimals (docs/formatting.md), else the text, else "–".
 */
export function cellTexts(block: Pick<TableBlock, 'rows'>): string[][] {
  const columns = Math.max(0, ...block.rows.map((r) => r.length));
  const decimals = Array.from({ length: columns }, (_, c) =>
    decimalsFor(block.rows.map((row) => row[c]?.value).filter((v): v is number => typeof v === 'number')),
  );
  return block.rows.map((row) => row.map((cell, c) => cellText(cell, decimals[c] ?? 0)));
}

function cellText(cell: TableCell, decimals: number): string {
  if (cell.display !== undefined) return cell.display;
  if (typeof cell.value === 'number') return formatNumber(cell.value, decimals);
  return cell.value ?? NO_VALUE;
}
