import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { writeJson } from '../../src/cli/json-stream.ts';

async function written(value: unknown): Promise<string> {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  await writeJson(sink, value);
  return chunks.join('');
}

test('the streamed JSON is byte for byte JSON.stringify(value, null, 2)', async () => {
  const set = {
    generatedAt: '2026-12-03T00:00:00Z',
    skipped: undefined,
    assessments: [{ area: { code: 'E07000096', name: 'Dacorum' }, measures: [{ id: 'all', n: 1.5 }] }, { empty: {} }],
    empty: [],
    when: new Date(0),
    list: [undefined, () => 1, 'x'],
  };
  assert.equal(await written(set), `${JSON.stringify(set, null, 2)}\n`);
});

test('any JSON value streams to the same text (fast-check, 200 values)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.jsonValue(), async (value) => {
      assert.equal(await written(value), `${JSON.stringify(value, null, 2)}\n`);
    }),
    { numRuns: 200, seed: 20261203 },
  );
});
