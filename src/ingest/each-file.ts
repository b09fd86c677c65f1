import type { FileProbe } from './files.ts';
import type { ImportContext, ImportResult } from './types.ts';

/** Loads the files of one kind one after another, with a progress bar counting files. */
export async function loadEachFile(
  ctx: ImportContext,
  label: string,
  files: readonly FileProbe[],
  checksums: Map<FileProbe, string>,
  loadOne: (file: FileProbe, checksum: string) => Promise<ImportResult>,
): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  ctx.progress.start(label, files.length);
  try {
    for (const [i, file] of files.entries()) {
      results.push(await loadOne(file, checksums.get(file)!));
      ctx.progress.update(i + 1);
    }
  } finally {
    ctx.progress.stop();
  }
  return results;
}
