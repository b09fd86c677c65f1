import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

// docs/architecture.md says, folder by folder, what each may import: the lint's own table.
test('docs/architecture.md names exactly the imports the lint allows', async () => {
  const doc = readFileSync(new URL('../../docs/architecture.md', import.meta.url), 'utf8');
  const rules = new URL('../../scripts/lint/import-direction.js', import.meta.url).href;
  const { ALLOWED: allowed } = (await import(rules)) as { ALLOWED: Record<string, string[]> };
  for (const [folder, list] of Object.entries(allowed)) {
    const line = new RegExp(`^- \\*\\*${folder}\\*\\* may import: ([^.]+)\\.`, 'm').exec(doc);
    assert.ok(line, `no line for ${folder}`);
    const said = line[1]!;
    if (folder === 'cli') assert.equal(said, 'every folder');
    else if (list.length === 0) assert.equal(said, 'nothing else');
    else assert.deepEqual(said.split(', '), list, folder);
  }
});
