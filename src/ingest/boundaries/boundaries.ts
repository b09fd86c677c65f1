import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tempName } from '../lifecycle/temp-names.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaferError } from '../../core/errors.ts';
import { quoteLiteral } from '../../store/db.ts';
import type { FileProbe } from '../files.ts';
import { emptyResult, type ImportContext, type ImportResult, type Importer } from '../types.ts';
import { dropStage } from '../ons/stage.ts';
import { mergeByCode, planProperties, readFeatures, toBoundary } from './features.ts';
import { loadEachFile } from '../each-file.ts';
import { retireRows } from '../../store/vintages.ts';

export const boundariesImporter: Importer = {
  kind: 'boundaries',
  tables: ['boundaries'],
  detect: detectBoundaries,
  load: loadBoundaries,
};

export function detectBoundaries(file: FileProbe): number {
  if (file.format !== 'json') return 0;
  if (/\.(geojson|topojson)$/.test(file.name)) return 90;
  return /"type"\s*:\s*"(FeatureCollection|Topology)"/.test(file.header) ? 80 : 0;
}

async function loadBoundaries(
  ctx: ImportContext,
  files: FileProbe[],
  checksums: Map<FileProbe, string>,
): Promise<ImportResult[]> {
  return loadEachFile(ctx, 'Loading boundaries', files, checksums, (file, sum) => loadOne(ctx, file, sum));
}

/**
 * Each area's boundary is its own batch (`boundaries/<level>/<vintage>/<code>`): a later file
 * holding the same area at the same level and vintage replaces just that area's shape.
 */
async function loadOne(ctx: ImportContext, file: FileProbe, checksum: string): Promise<ImportResult> {
  const { store } = ctx;
  const features = readFeatures(file);
  if (features.length === 0) {
    throw new SaferError('The file holds no features', {
      file: file.displayName,
      hint: 'Export the boundaries again; the collection is empty.',
    });
  }
  const plan = planProperties(file, features);
  const { merged, repeated } = mergeByCode(features.map((f) => toBoundary(file, f, plan)));

  const dir = mkdtempSync(join(tmpdir(), 'safer-boundaries-'));
  const table = tempName('boundaries');
  try {
    const path = join(dir, 'boundaries.ndjson');
    // One line per area, written as it goes: a national file's text would not fit in one string.
    const fd = openSync(path, 'w');
    try {
      for (const b of merged) {
        const row = {
          batch: `boundaries/${b.level}/${b.vintage}/${b.code}`,
          area_code: b.code,
          name: b.name,
          level: b.level,
          vintage: b.vintage,
          geometry: b.geometry,
        };
        writeSync(fd, `${JSON.stringify(row)}\n`);
      }
    } finally {
      closeSync(fd);
    }
    await store.run(`CREATE TEMP TABLE ${table} AS SELECT * FROM read_json(${quoteLiteral(path)}, format = 'newline_delimited',
      columns = {'batch': 'VARCHAR', 'area_code': 'VARCHAR', 'name': 'VARCHAR', 'level': 'VARCHAR', 'vintage': 'VARCHAR', 'geometry': 'JSON'},
      maximum_object_size = 1073741824)`);

    const importId = await ctx.beginImport(file, 'boundaries', ctx.options.source ?? 'ons', checksum);
    const result = emptyResult(file, 'boundaries', importId);
    result.rowsRead = features.length;
    result.duplicatesDropped = repeated;
    const replaced = await store.one<{ n: number }>(
      `SELECT count(*) AS n FROM boundaries WHERE batch IN (SELECT batch FROM ${table})`,
    );
    result.rowsReplaced = replaced?.n ?? 0;
    await retireRows(store, 'boundaries', `batch IN (SELECT batch FROM ${table})`);
    await store.run({
      sql: `INSERT INTO boundaries (import_id, batch, area_code, name, level, vintage, geometry)
            SELECT ?, batch, area_code, name, level, vintage, geometry FROM ${table}`,
      params: [importId],
    });
    result.rowsLoaded = merged.length;
    const levels = [...new Set(merged.map((b) => `${b.level} ${b.vintage}`))];
    result.details = { levels, codeProperty: plan.codeKey, nameProperty: plan.nameKey };
    result.notes.push(`${merged.length} boundaries (${levels.join(', ')}); level and vintage from ${plan.source}`);
    if (repeated > 0)
      result.notes.push(`${repeated} features repeated a code already seen and were merged into one MultiPolygon`);
    if (result.rowsReplaced > 0)
      result.notes.push(
        `replaced ${result.rowsReplaced} boundaries loaded earlier for the same areas, levels and vintages`,
      );
    await ctx.finishImport(importId, result);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await dropStage(store, table);
  }
}
