// Numbers in risk explanations: the one vocabulary of src/core/format (docs/formatting.md).
export {
  formatInt as formatCount,
  formatPctSize as formatPercent,
  formatRate,
  formatRatio,
  formatScore,
  ordinal,
} from '../format/numbers.ts';
import { formatPctSize } from '../format/numbers.ts';

/** A share (0–1) as the size of a percentage: 0.081 → 8.1%. */
export function formatShare(share: number): string {
  return formatPctSize(100 * share);
}
