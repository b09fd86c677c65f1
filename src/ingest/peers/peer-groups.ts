import { SaferError } from '../../core/errors.ts';
import type { RowCheck } from '../lifecycle/row-check.ts';
import { tempName } from '../lifecycle/temp-names.ts';
import { quoteLiteral, type Store } from '../../store/db.ts';
import { normaliseHeader, parseCsvHeader } from '../csv-header.ts';
import type { FileProbe } from '../files.ts';
import { emptyResult, type ImportContext, type ImportResult, type Importer } from '../types.ts';
import { GSS_CODE, NI_SOA_CODE } from '../ons/geography.ts';
import {
  applyRowChecks,
  dropStage,
  emptyFileError,
  fileStem,
  handleMalformed,
  noRowsError,
  stageColumn,
  stageCsv,
  writeRejectsIfAny,
} from '../ons/stage.ts';
import { loadEachFile } from '../each-file.ts';
import { retireRows } from '../../store/vintages.ts';

export const peerGroupsImporter: Importer = {
  kind: 'peer-groups',
  tables: ['peer_groups'],
  detect: (file) => (file.format === 'csv' && readPeerLayout(headersOf(file)) ? 95 : 0),
  load: loadPeerGroups,
};

function headersOf(file: FileProbe): string[] {
  return parseCsvHeader(file.header.replace(/\r$/, ''));
}

/**
 * Long: `area_code,peer_code,position[,group_name]` (position optional).
 * Wide: `area_code,peer_1,peer_2,…` (also `Peer 1`, `MSG 1`): the number in the header is the position.
 */
interface PeerLayout {
  area: number;
  group: number | null;
  long: { peer: number; position: number | null } | null;
  wide: { index: number; position: number }[];
}

const AREA_HEADERS = ['areacode', 'code', 'cspcode', 'areacd'];
const WIDE_PEER = /^(?:peer|peercode|msg|neighbour|nn|similar)(\d{1,2})$/;

export function readPeerLayout(headers: readonly string[]): PeerLayout | null {
  const norm = headers.map(normaliseHeader);
  const area = norm.findIndex((h) => AREA_HEADERS.includes(h));
  if (area < 0) return null;
  const groupIndex = norm.findIndex((h) => h === 'groupname' || h === 'group');
  const group = groupIndex >= 0 ? groupIndex : null;
  const peer = norm.findIndex((h) => h === 'peercode' || h === 'peer');
  if (peer >= 0) {
    const position = norm.findIndex((h) => h === 'position' || h === 'rank');
    return { area, group, long: { peer, position: position >= 0 ? position : null }, wide: [] };
  }
  const wide = norm.flatMap((h, index) => {
    const m = WIDE_PEER.exec(h);
    return m ? [{ index, position: Number(m[1]) }] : [];
  });
  return wide.length > 0 ? { area, group, long: null, wide } : null;
}

async function loadPeerGroups(
  ctx: ImportContext,
  files: FileProbe[],
  checksums: Map<FileProbe, string>,
): Promise<ImportResult[]> {
  return loadEachFile(ctx, 'Loading peer groups', files, checksums, (file, sum) => loadOne(ctx, file, sum));
}

const v = (index: number) => `NULLIF(trim(${stageColumn(index)}), '')`;
const CODE = `${GSS_CODE}|${NI_SOA_CODE}`;

/** The staged rows as (source, area, peer, position, line): one row per cell of a wide layout. */
function peerRowsSql(layout: PeerLayout, staged: string, defaultSource: string): string {
  const source =
    layout.group !== null
      ? `coalesce(${v(layout.group)}, ${quoteLiteral(defaultSource)})`
      : quoteLiteral(defaultSource);
  const selects = layout.long
    ? [
        `SELECT ${source} AS source, ${v(layout.area)} AS area_code, ${v(layout.long.peer)} AS peer_code,
               ${layout.long.position === null ? 'NULL' : `TRY_CAST(${v(layout.long.position)} AS INTEGER)`} AS position, _line
        FROM ${staged}`,
      ]
    : layout.wide.map(
        (w) =>
          `SELECT ${source} AS source, ${v(layout.area)} AS area_code, ${v(w.index)} AS peer_code, ${w.position} AS position, _line
           FROM ${staged} WHERE ${v(w.index)} IS NOT NULL`,
      );
  return selects.join(' UNION ALL ');
}

/** A peer listed twice for an area with different positions stops the import (exact repeats are dropped on insert). */
async function settlePeerDuplicates(store: Store, table: string, file: FileProbe): Promise<void> {
  const conflict = await store.one<{ area_code: string; peer_code: string; first: number; second: number }>(
    `SELECT area_code, peer_code, min(_line) AS first, max(_line) AS second FROM ${table}
     GROUP BY source, area_code, peer_code HAVING count(DISTINCT position) > 1 ORDER BY first LIMIT 1`,
  );
  if (!conflict) return;
  throw new SaferError(
    `${conflict.peer_code} appears twice among the peers of ${conflict.area_code} with different positions (lines ${conflict.first} and ${conflict.second})`,
    {
      file: file.displayName,
      line: conflict.second,
      value: conflict.peer_code,
      hint: 'List each peer once per area and group.',
    },
  );
}

async function loadOne(ctx: ImportContext, file: FileProbe, checksum: string): Promise<ImportResult> {
  const { store } = ctx;
  if (file.header.trim() === '')
    throw emptyFileError(file, 'a peer-group CSV: area_code,peer_code,position[,group_name]');
  const headers = headersOf(file);
  const layout = readPeerLayout(headers);
  if (!layout) {
    throw new SaferError('Not a peer-group header', {
      file: file.displayName,
      line: 1,
      value: file.header,
      hint: 'A peer-group CSV starts with area_code,peer_code,position[,group_name] (or area_code,peer_1,peer_2,… one row per area).',
    });
  }
  const staged = await stageCsv(store, file, headers, { header: true });
  const table = tempName('peers');
  try {
    const rejected = handleMalformed(ctx, file, staged.malformed);
    if (staged.rows === 0 && rejected.length === 0) throw noRowsError(file);
    rejected.push(...(await applyRowChecks(ctx, file, staged.table, peerChecks(layout, headers))));

    await store.run(
      `CREATE TEMP TABLE ${table} AS ${peerRowsSql(layout, staged.table, ctx.options.source ?? fileStem(file))}`,
    );
    await settlePeerDuplicates(store, table, file);

    const importId = await ctx.beginImport(file, 'peer-groups', ctx.options.source ?? fileStem(file), checksum);
    const result = emptyResult(file, 'peer-groups', importId);
    result.rowsRead = staged.rows + staged.malformed.length;
    result.rowsRejected = rejected.length;
    const batch = `'peer-groups/' || source || '/' || area_code`;
    const replaced = await store.one<{ n: number }>(
      `SELECT count(*) AS n FROM peer_groups WHERE batch IN (SELECT DISTINCT ${batch} FROM ${table})`,
    );
    result.rowsReplaced = replaced?.n ?? 0;
    await retireRows(store, 'peer_groups', `batch IN (SELECT DISTINCT ${batch} FROM ${table})`);
    await store.run({
      sql: `INSERT INTO peer_groups (import_id, batch, source, area_code, peer_code, position)
            SELECT DISTINCT ?, ${batch}, source, area_code, peer_code, position FROM ${table}`,
      params: [importId],
    });
    const summary = await store.one<{ n: number; areas: number; groups: string }>({
      sql: "SELECT count(*) AS n, count(DISTINCT area_code) AS areas, string_agg(DISTINCT source, ', ') AS groups FROM peer_groups WHERE import_id = ?",
      params: [importId],
    });
    result.rowsLoaded = summary?.n ?? 0;
    result.duplicatesDropped =
      (await store.one<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n - result.rowsLoaded;
    result.notes.push(`${result.rowsLoaded} peers of ${summary?.areas ?? 0} areas (group: ${summary?.groups ?? ''})`);
    if (result.rowsReplaced > 0)
      result.notes.push(`replaced ${result.rowsReplaced} peers loaded earlier for the same areas and groups`);
    result.rejectsFile = await writeRejectsIfAny(ctx, file, rejected);
    await ctx.finishImport(importId, result);
    return result;
  } finally {
    await dropStage(store, staged.table);
    await dropStage(store, table);
  }
}

function peerChecks(layout: PeerLayout, headers: readonly string[]): RowCheck[] {
  const codeCheck = (index: number, required: boolean): RowCheck => ({
    column: headers[index]!,
    when: `${required ? `${v(index)} IS NULL OR ` : `${v(index)} IS NOT NULL AND `}NOT regexp_full_match(${v(index)}, ${quoteLiteral(CODE)})`,
    value: v(index),
    reason: 'Not an area code',
    hint: 'Peers are named by GSS code, e.g. E22000001 for a CSP or E07000096 for a district.',
  });
  const checks = [codeCheck(layout.area, true)];
  if (layout.long) {
    checks.push(codeCheck(layout.long.peer, true));
    const p = layout.long.position;
    if (p !== null) {
      checks.push({
        column: headers[p]!,
        when: `${v(p)} IS NOT NULL AND coalesce(TRY_CAST(${v(p)} AS INTEGER), 0) < 1`,
        value: v(p),
        reason: 'The position is not a whole number from 1',
        hint: 'Positions rank the peers 1, 2, 3 … (or leave them empty).',
      });
    }
  } else {
    for (const w of layout.wide) checks.push(codeCheck(w.index, false));
  }
  return checks;
}
