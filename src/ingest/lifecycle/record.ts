import type { FileProbe } from '../files.ts';
import type { ImportContext, ImportResult, RejectedRow } from '../types.ts';

/** With --skip-bad-rows: the file's rejected rows, in line order, written to its rejects file and counted. */
export async function recordRejects(
  ctx: ImportContext,
  file: FileProbe,
  result: ImportResult,
  rejected: RejectedRow[],
): Promise<void> {
  if (rejected.length === 0) return;
  rejected.sort((x, y) => (x.line ?? 0) - (y.line ?? 0));
  result.rowsRejected = rejected.length;
  result.rejectsFile = await ctx.writeRejects(file, rejected);
  result.notes.push(`${rejected.length} bad rows skipped: see ${result.rejectsFile}`);
}
