/** `safer serve` on the command line: the refusals that protect a deployment, and the first administrator. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuthStore } from '../../src/serve/auth/store.ts';
import { verifyPassword } from '../../src/serve/auth/passwords.ts';

const BIN = fileURLToPath(new URL('../../bin/safer.js', import.meta.url));

function safer(args: string[], input = '', env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', SAFER_ADMIN_PASSWORD: '', ...env },
  });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

test('--no-auth is refused on a network address, and without a store the server says how to get one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'safer-serve-cli-'));
  try {
    const open = safer(['--db', join(dir, 'store.duckdb'), 'serve', '--no-auth', '--host', '0.0.0.0']);
    assert.equal(open.code, 2);
    assert.match(open.stderr, /--no-auth is allowed only on this machine/);
    const none = safer(['--db', join(dir, 'store.duckdb'), 'serve', '--no-auth']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /No store here yet[\s\S]*safer demo/);
    const port = safer(['--db', join(dir, 'store.duckdb'), 'serve', '--port', 'eighty']);
    assert.equal(port.code, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--create-admin reads the password from stdin (or SAFER_ADMIN_PASSWORD), refuses a short one, and stores only a scrypt hash', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'safer-serve-cli-'));
  try {
    const db = join(dir, 'store.duckdb');
    const short = safer(['--db', db, 'serve', '--create-admin', 'chief'], 'short\n');
    assert.equal(short.code, 2);
    assert.match(short.stderr, /too short/);
    const ok = safer(['--db', db, 'serve', '--create-admin', 'chief'], 'a long enough pass phrase\n');
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stderr, /administrator chief created in .*store\.auth\.duckdb/);
    const again = safer(['--db', db, 'serve', '--create-admin', 'CHIEF'], '', {
      SAFER_ADMIN_PASSWORD: 'another long pass phrase',
    });
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists/);
    const auth = await AuthStore.open(join(dir, 'store.auth.duckdb'));
    try {
      const user = auth.getUser('chief')!;
      assert.equal(user.role, 'admin');
      assert.doesNotMatch(user.passwordHash, /long enough/);
      assert.equal(await verifyPassword('a long enough pass phrase', user.passwordHash), true);
      assert.equal((await auth.auditLog({ limit: 5 }))[0]!.action, 'user-created');
    } finally {
      auth.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
