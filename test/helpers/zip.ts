import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * A minimal zip writer for tests (deflate, every entry dated 1980-01-01), which can also hold a
 * member of `zeros` bytes of zeros without ever holding them in memory: one MiB of zeros is
 * deflated once with a full flush (which resets the compressor, so the block stands alone) and
 * repeated, then a final empty block ends the stream. 800 MiB of zeros is then about 800 KB.
 */
export interface TestZipEntry {
  name: string;
  data?: Buffer | string;
  /** this many zero bytes instead of data */
  zeros?: number;
}

const MIB = 1024 * 1024;

function deflated(entry: TestZipEntry): { compressed: Buffer; crc: number; size: number } {
  if (entry.zeros === undefined) {
    const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data ?? '');
    return { compressed: deflateRawSync(data), crc: crc32(data), size: data.length };
  }
  const chunk = Buffer.alloc(MIB);
  const block = deflateRawSync(chunk, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const whole = Math.floor(entry.zeros / MIB);
  const rest = entry.zeros - whole * MIB;
  let crc = 0;
  const parts: Buffer[] = [];
  for (let i = 0; i < whole; i++) {
    parts.push(block);
    crc = crc32(chunk, crc);
  }
  const tail = Buffer.alloc(rest);
  parts.push(deflateRawSync(tail, { level: 9 }));
  crc = crc32(tail, crc);
  return { compressed: Buffer.concat(parts), crc, size: entry.zeros };
}

export function testZip(entries: readonly TestZipEntry[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const DOS_DATE = (0 << 9) | (1 << 5) | 1;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const { compressed, crc, size } = deflated(entry);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    chunks.push(local, name, compressed);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt16LE(0, 12);
    dir.writeUInt16LE(DOS_DATE, 14);
    dir.writeUInt32LE(crc >>> 0, 16);
    dir.writeUInt32LE(compressed.length, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += local.length + name.length + compressed.length;
  }
  const centralSize = central.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}
