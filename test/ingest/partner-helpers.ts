import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { SaferError } from '../../src/core/errors.ts';
import { Store } from '../../src/store/db.ts';

/** A scratch folder removed after the test. */
export function scratch(t: { after: (fn: () => void) => void }): {
  dir: string;
  write: (name: string, text: string) => string;
} {
  const dir = mkdtempSync(join(tmpdir(), 'safer-partner-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write(name, text) {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      return path;
    },
  };
}

export async function memoryStore(t: { after: (fn: () => void) => void }): Promise<Store> {
  const store = await Store.open(':memory:');
  t.after(() => store.close());
  return store;
}

/** Writes a workbook: each sheet a list of rows (the first rows may be titles above the header). */
export async function writeXlsx(path: string, sheets: Record<string, unknown[][]>): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  await workbook.xlsx.writeFile(path);
  return path;
}

/** Awaits a SaferError and checks where it points. */
export async function rejectsWith(
  work: Promise<unknown>,
  expected: { message?: RegExp; line?: number; column?: string | number; value?: string; hint?: RegExp },
): Promise<SaferError> {
  try {
    await work;
  } catch (error) {
    assert.ok(error instanceof SaferError, `expected a SaferError, got ${String(error)}`);
    if (expected.message) assert.match(error.message, expected.message);
    if (expected.line !== undefined) assert.equal(error.location.line, expected.line, error.format());
    if (expected.column !== undefined) assert.equal(error.location.column, expected.column, error.format());
    if (expected.value !== undefined) assert.equal(error.location.value, expected.value, error.format());
    if (expected.hint) assert.match(error.hint ?? '', expected.hint);
    return error;
  }
  assert.fail('expected the import to fail');
}

export function csv(rows: readonly (readonly (string | number)[])[]): string {
  return `${rows.map((r) => r.join(',')).join('\n')}\n`;
}
