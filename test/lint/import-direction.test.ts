import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESLint } from 'eslint';

// The lint that keeps the stages in order: a file of one layer importing a layer it may not.
const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function messagesFor(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

test('ingest may not import the CLI, core may not import the store', async () => {
  const ingest = await messagesFor('src/ingest/example.ts', "import { x } from '../cli/progress.ts';\nexport { x };\n");
  assert.equal(ingest.length, 1);
  assert.match(ingest[0]!, /src\/ingest\/ may import only core, store/);
  const core = await messagesFor(
    'src/core/stats/example.ts',
    "import { x } from '../../store/db.ts';\nexport { x };\n",
  );
  assert.equal(core.length, 1);
});

test('the report and the server may not import statistics', async () => {
  const found = await messagesFor(
    'src/report/build/example.ts',
    "import { x } from '../../core/stats/poisson.ts';\nexport { x };\n",
  );
  assert.equal(found.length, 1);
  assert.match(found[0]!, /statistics belong to the analysis stage/);
});

test('imports the layers allow pass', async () => {
  assert.deepEqual(
    await messagesFor('src/serve/routes/example.ts', "import { x } from '../../report/model.ts';\nexport { x };\n"),
    [],
  );
  assert.deepEqual(
    await messagesFor('src/assess/example.ts', "import { x } from '../store/db.ts';\nexport { x };\n"),
    [],
  );
});

test('the analysis stage (read and build) may import the Assessment contract', async () => {
  assert.deepEqual(
    await messagesFor(
      'src/assess/read/example.ts',
      "import type { x } from '../contract/common.ts';\nexport type { x };\n",
    ),
    [],
  );
});

test('the contract imports core and zod only', async () => {
  assert.deepEqual(
    await messagesFor(
      'src/assess/contract/example.ts',
      "import { z } from 'zod';\nimport { x } from '../../core/errors.ts';\nimport { y } from './common.ts';\nexport { x, y, z };\n",
    ),
    [],
  );
  const found = await messagesFor(
    'src/assess/contract/example.ts',
    "import { x } from '../read/counts.ts';\nexport { x };\n",
  );
  assert.equal(found.length, 1);
  assert.match(found[0]!, /may import core and zod only/);
  const sibling = await messagesFor(
    'src/assess/contract/example.ts',
    "import { x } from '../engine.ts';\nexport { x };\n",
  );
  assert.equal(sibling.length, 1);
});

test('the build step of the analysis stage reads nothing: no store, no read step, no file system', async () => {
  for (const source of [
    "import { x } from '../../store/db.ts';",
    "import { x } from '../read/cells.ts';",
    "import { x } from 'node:fs';",
  ]) {
    const found = await messagesFor('src/assess/build/example.ts', `${source}\nexport { x };\n`);
    assert.equal(found.length, 1, source);
    assert.match(found[0]!, /pure builders/);
  }
  assert.deepEqual(
    await messagesFor('src/assess/build/example.ts', "import { x } from './counts.ts';\nexport { x };\n"),
    [],
  );
  // the layer's own rule still holds inside build/
  assert.equal(
    (await messagesFor('src/assess/build/example.ts', "import { x } from '../../serve/html.ts';\nexport { x };\n"))
      .length,
    1,
  );
});
