import { openSync, writeSync, closeSync } from 'node:fs';
import { Store } from '../../src/store/db.ts';

/**
 * Overwrites 4 KB in the middle of a data block that holds the first rows of `table` (found with
 * DuckDB's own storage_info), as a failing disk or a torn copy would: DuckDB's block checksum
 * then refuses the block when it is read. Returns the byte offset written.
 */
export async function corruptTableBlock(path: string, table: string): Promise<number> {
  const store = await Store.open(path, { readOnly: true });
  let blockId: number;
  let blockSize: number;
  try {
    const row = await store.one<{ block_id: number }>(
      `SELECT block_id FROM pragma_storage_info('${table}') WHERE block_id IS NOT NULL AND block_id >= 0 AND persistent ORDER BY row_group_id, column_id LIMIT 1`,
    );
    if (!row) throw new Error(`no persistent block for ${table}`);
    blockId = row.block_id;
    blockSize = (await store.one<{ block_size: number }>('PRAGMA database_size'))!.block_size;
  } finally {
    store.close();
  }
  // three 4 KB headers, then the blocks
  const offset = 3 * 4096 + blockId * blockSize + blockSize / 2;
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, offset);
  } finally {
    closeSync(fd);
  }
  return offset;
}
