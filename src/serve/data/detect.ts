import { SaferError } from '../../core/errors.ts';
import { normaliseHeader, parseCsvHeader } from '../../ingest/csv-header.ts';
import { expandPaths, type FileProbe } from '../../ingest/files.ts';
import { importers } from '../../ingest/registry.ts';
import { loadMapping } from '../../ingest/records/mapping.ts';
import type { ImportKind } from '../../ingest/types.ts';
import { KIND_LABELS, POLICE_UK_KINDS, type UploadTarget } from './uploads.ts';

/** The kind a file's header and name say it is, among the kinds read without a mapping, or null. */
function detectedKind(probe: FileProbe): ImportKind | null {
  let best: { kind: ImportKind; score: number } | null = null;
  for (const importer of importers) {
    if (importer.kind === 'records') continue;
    const score = importer.detect(probe, {});
    if (score > 0 && (!best || score > best.score)) best = { kind: importer.kind, score };
  }
  return best?.kind ?? null;
}

/** Every column a record source's mapping reads is in the header (compared loosely). */
function mappingFits(target: UploadTarget, header: readonly string[]): boolean {
  if (!target.mapping) return false;
  try {
    const mapping = loadMapping(target.mapping);
    const have = new Set(header.map(normaliseHeader));
    const wanted = Object.values(mapping.columns).filter((c): c is string => typeof c === 'string');
    return wanted.length > 0 && wanted.every((c) => have.has(normaliseHeader(c)));
  } catch {
    return false;
  }
}

function fits(target: UploadTarget, kind: ImportKind | null, header: readonly string[]): boolean {
  if (target.auto) return kind !== null && POLICE_UK_KINDS.includes(kind);
  if (target.kind === 'records') return mappingFits(target, header);
  return kind === target.kind;
}

function describe(target: UploadTarget): string {
  return target.auto ? 'police.uk download' : `${target.source} (${KIND_LABELS[target.kind]})`;
}

/**
 * A file whose header belongs to another source than the one chosen is refused before any check
 * of its rows, in the user's terms: "this looks like a police.uk street crimes file, not
 * county-fire (record-level extract)", naming the source to choose when one exists. Applies to a
 * source never loaded before and to a file already stored elsewhere alike; a header that fits no
 * source is left to the import, which lists the columns the chosen source expects.
 */
export async function mismatchedHeader(
  target: UploadTarget,
  targets: readonly UploadTarget[],
  fileName: string,
  path: string,
  usable: readonly UploadTarget[] = targets,
): Promise<void> {
  if (/\.(zip|xlsx)$/i.test(fileName)) return;
  const { files, cleanup } = await expandPaths([path]);
  try {
    const probe = files[0];
    if (!probe || probe.header === '') return;
    const header = parseCsvHeader(probe.header);
    const kind = detectedKind({ ...probe, displayName: fileName, name: fileName.toLowerCase().replace(/\.gz$/, '') });
    if (fits(target, kind, header)) return;
    const records = targets.find((t) => t.kind === 'records' && t.id !== target.id && mappingFits(t, header));
    const other =
      records ??
      (kind && POLICE_UK_KINDS.includes(kind) ? targets.find((t) => t.auto) : undefined) ??
      targets.find((t) => !t.auto && t.kind === kind && t.id !== target.id);
    const looksLike = other ? describe(other) : kind ? KIND_LABELS[kind] : null;
    if (!looksLike) return;
    throw new SaferError(`this looks like a ${looksLike} file, not ${target.auto ? 'a ' : ''}${describe(target)}`, {
      file: fileName,
      value: target.source,
      hint: !other
        ? `no source takes ${looksLike} files yet: an analyst can set one up, or check that you picked the right file`
        : usable.some((t) => t.id === other.id)
          ? `choose the source "${other.label}" for it, or check that you picked the right file`
          : `it belongs to "${other.label}", which your account does not upload to: send it to an analyst, or check that you picked the right file`,
      code: 'E_WRONG_SOURCE',
    });
  } finally {
    cleanup();
  }
}
