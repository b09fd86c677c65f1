import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Writes `JSON.stringify(value, null, 2)` piece by piece: an Assessment set of every CSP in the
 * country is larger than the longest string V8 can hold, so the top-level object and its arrays are
 * written one member at a time. The bytes are those of JSON.stringify.
 */
export async function writeJson(stream: Writable, value: unknown): Promise<void> {
  for (const piece of pieces(value, '', 2)) {
    if (!stream.write(piece)) await once(stream, 'drain');
  }
  if (!stream.write('\n')) await once(stream, 'drain');
}

export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  const stream = createWriteStream(path);
  await writeJson(stream, value);
  stream.end();
  await once(stream, 'finish');
}

function* pieces(value: unknown, indent: string, depth: number): Generator<string> {
  const plain =
    value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
  if (depth === 0 || !plain) {
    yield (JSON.stringify(value, null, 2) ?? 'null').replaceAll('\n', `\n${indent}`);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return yield '[]';
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? '' : ','}\n${inner}`;
      const item: unknown = value[i];
      yield* pieces(item === undefined || typeof item === 'function' ? null : item, inner, depth - 1);
    }
    return yield `\n${indent}]`;
  }
  const entries = Object.entries(value).filter(
    ([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol',
  );
  if (entries.length === 0) return yield '{}';
  yield '{';
  let first = true;
  for (const [key, v] of entries) {
    yield `${first ? '' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* pieces(v, inner, depth - 1);
  }
  yield `\n${indent}}`;
}
