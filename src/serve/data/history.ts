import type { StoreStatus } from '../../store/status.ts';
import type { DataService } from './service.ts';
import { undoneImports } from '../../store/vintages.ts';

export type ImportRow = {
  id: number;
  kind: string;
  source: string;
  file: string;
  rowsLoaded: number;
  rowsRejected: number;
  rowsReplaced: number;
  replacedBy: number | null;
  restricted: boolean;
  startedAt: string;
  finishedAt: string | null;
  /** taken out of use by an undo */
  undone: boolean;
  /** the earlier imports whose rows this one replaced (an undo brings them back) */
  replaces: number[];
};

/** The import history, newest first; restricted imports only for cleared roles. */
export async function importHistory(
  service: DataService,
  cleared: boolean,
  limit: number,
  offset: number,
): Promise<{ total: number; rows: ImportRow[] }> {
  const all = await service.memoise('import-history', () =>
    service.withStore(async (store) => {
      const undone = await undoneImports(store);
      const rows = await store.all<Omit<ImportRow, 'undone' | 'replaces'>>(`
        SELECT import_id AS id, kind, source, file, rows_loaded AS "rowsLoaded", rows_rejected AS "rowsRejected", rows_replaced AS "rowsReplaced",
               replaced_by AS "replacedBy", restricted, strftime(started_at, '%Y-%m-%d %H:%M:%S') AS "startedAt", strftime(finished_at, '%Y-%m-%d %H:%M:%S') AS "finishedAt"
        FROM imports ORDER BY import_id DESC`);
      const replaces = new Map<number, number[]>();
      for (const r of rows)
        if (r.replacedBy !== null) replaces.set(r.replacedBy, [...(replaces.get(r.replacedBy) ?? []), r.id]);
      return rows.map((r) => ({
        ...r,
        undone: undone.has(r.id),
        replaces: (replaces.get(r.id) ?? []).sort((a, b) => a - b),
      }));
    }),
  );
  const visible = all.filter((r) => cleared || !r.restricted).map((r) => ({ ...r, file: displayFile(r.file) }));
  return { total: visible.length, rows: visible.slice(offset, offset + limit) };
}

/** Folders of the machine that imported are not shown: the file name (and archive member) only. */
function displayFile(file: string): string {
  const [outer, member] = file.split('!');
  const name = (outer ?? '').split(/[\\/]/).pop() ?? outer ?? '';
  return member ? `${name}!${member}` : name;
}

/** Sources whose every import is restricted: hidden from roles without clearance. */
export async function restrictedSources(service: DataService): Promise<Set<string>> {
  const rows = await service.memoise('restricted-sources', () =>
    service.withStore((store) =>
      store.all<{ source: string }>('SELECT source FROM imports GROUP BY source HAVING bool_and(restricted)'),
    ),
  );
  return new Set(rows.map((r) => r.source));
}

/** The store status as a role may see it. */
export async function visibleStatus(service: DataService, cleared: boolean): Promise<StoreStatus> {
  const status = await service.status();
  // the store's path and the unfiltered recent imports are never shown (the import history is)
  const rest: StoreStatus = { ...status, store: '', recentImports: [] };
  if (cleared) return rest;
  const hidden = await restrictedSources(service);
  return {
    ...rest,
    eventSources: rest.eventSources.filter((s) => !hidden.has(s.source)),
    indicators: rest.indicators.filter((s) => !hidden.has(s.source)),
    comparators: rest.comparators.filter((s) => !hidden.has(s.source)),
    peerGroups: rest.peerGroups.filter((s) => !hidden.has(s.source)),
    ...(rest.vintages ? { vintages: rest.vintages.filter((v) => !hidden.has(v.source)) } : {}),
  };
}
