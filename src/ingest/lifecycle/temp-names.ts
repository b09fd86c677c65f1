let counter = 0;

/**
 * A unique name for a temporary table of the import (staged rows, reader rejects, snapshots):
 * one counter for every importer, with the process id so that two processes never collide.
 */
export function tempName(what: string): string {
  counter += 1;
  return `_safer_${what}_${process.pid}_${counter}`;
}
