import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { writeXlsx, type Sheet } from '../../src/synth/xlsx.ts';
import { excelSerial } from '../../src/synth/record-kit.ts';
import { tempDir } from './small-county.ts';

const sheet: Sheet = {
  name: 'Incidents',
  columns: [
    { header: 'Number', type: 'text' },
    { header: 'Date', type: 'date' },
    { header: 'Time', type: 'time' },
    { header: 'Class', type: 'text' },
    { header: 'Longitude', type: 'number' },
  ],
  rows: [
    ['A-1', excelSerial(2024, 10, 31), (22 * 60 + 5) / 1440, 'Nuisance & "rowdy" <teens>', -1.23456],
    ['A-2', excelSerial(2024, 2, 29), 0, 'Personal', 0.5],
    ['A-3', excelSerial(2025, 1, 1), (23 * 60 + 59) / 1440, null, 52],
  ],
};
const meta = { title: 'test', creator: 'test', timestamp: '2025-01-01T00:00:00Z' };

test('the workbook is byte-identical for the same rows', () => {
  assert.deepEqual(writeXlsx([sheet], meta), writeXlsx([sheet], meta));
});

test('exceljs reads back text, dates, times of day and numbers', async () => {
  const path = join(tempDir(), 'book.xlsx');
  writeFileSync(path, writeXlsx([sheet, { ...sheet, name: 'Second' }], meta));
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  assert.deepEqual(
    book.worksheets.map((w) => w.name),
    ['Incidents', 'Second'],
  );
  const ws = book.getWorksheet('Incidents')!;
  assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1), ['Number', 'Date', 'Time', 'Class', 'Longitude']);
  const r2 = ws.getRow(2);
  assert.equal(r2.getCell(1).value, 'A-1');
  assert.equal((r2.getCell(2).value as Date).toISOString(), '2024-10-31T00:00:00.000Z');
  assert.equal((r2.getCell(3).value as Date).toISOString(), '1899-12-30T22:05:00.000Z');
  assert.equal(r2.getCell(4).value, 'Nuisance & "rowdy" <teens>');
  assert.equal(r2.getCell(5).value, -1.23456);
  assert.equal((ws.getRow(3).getCell(2).value as Date).toISOString(), '2024-02-29T00:00:00.000Z');
  assert.equal(ws.getRow(4).getCell(4).value, null);
  assert.equal(ws.rowCount, 4);
});
