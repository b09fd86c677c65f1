import { existsSync } from 'node:fs';
import pc from 'picocolors';
import { SaferError } from '../../core/errors.ts';
import { resolveDbPath } from '../../store/db.ts';
import { callServer, onStoreOrServer } from '../server-client.ts';
import { readStatus, summarisePopulation, type StoreStatus } from '../../store/status.ts';
import { printJson, renderTable, wantsJson } from '../output.ts';

/** safer status: the command's options are in ../program.ts. */
export async function run(flags: { json?: boolean }, db: string | undefined): Promise<void> {
  const path = resolveDbPath(db);
  if (!existsSync(path)) {
    throw new SaferError('No store here yet', { file: path, hint: 'Import something first (safer import PATH), or point --db / SAFER_DB at your store.' });
  }
  const status = await onStoreOrServer(path, {}, (owner) => callServer<StoreStatus>(owner, 'GET', '/api/local/status'), (store) => readStatus(store));
  if (wantsJson(flags.json)) printJson(status);
  else process.stdout.write(formatStatus(status));
}

export function formatStatus(s: StoreStatus): string {
  const out: string[] = [];
  const section = (title: string) => out.push('', pc.bold(title));
  out.push(`${pc.bold('Store')} ${s.store} (schema v${s.schemaVersion})`);
  out.push(
    `${s.totals.rows.toLocaleString('en-GB')} records; ${s.totals.rowsWithoutLocation.toLocaleString('en-GB')} without location; ` +
      `${s.totals.rowsUnattributed.toLocaleString('en-GB')} not attributed to a district; ` +
      `${s.totals.duplicatesDropped.toLocaleString('en-GB')} duplicates removed; ${s.totals.rowsRejected.toLocaleString('en-GB')} rows rejected`,
  );
  if (s.imports.length > 0) {
    section('Imports by kind');
    out.push(renderTable(['kind', 'files', 'replaced files', 'rows loaded', 'rejected', 'duplicates', 'last import'], s.imports.map((i) => [i.kind, i.files, i.replaced, i.rowsLoaded, i.rowsRejected, i.duplicatesDropped, i.lastImport])));
  }
  if (s.eventSources.length > 0) {
    section('Record-level data by source and force (months; gaps flagged)');
    out.push(
      renderTable(
        ['source', 'force', 'kind', 'rows', 'no location', 'months', 'from', 'to', 'gaps'],
        s.eventSources.map((e) => [e.source, e.force ?? '', e.kind, e.rows, e.rowsWithoutLocation, e.months, e.firstMonth, e.lastMonth, e.gaps.length ? pc.yellow(e.gaps.join(', ')) : pc.green('none')]),
      ),
    );
  }
  if (s.districts.length > 0) {
    section(`Districts covered (${s.districts.length})`);
    const shown = s.districts.slice(0, 40);
    out.push(renderTable(['code', 'name', 'rows', 'from', 'to'], shown.map((d) => [d.code, d.name ?? '', d.rows, d.firstMonth, d.lastMonth])));
    if (s.districts.length > shown.length) out.push(pc.dim(`… and ${s.districts.length - shown.length} more (see --json)`));
  }
  if (s.geography.length > 0) {
    section('Geography');
    out.push(renderTable(['level', 'vintage', 'areas'], s.geography.map((g) => [g.level, g.vintage, g.areas])));
  }
  if (s.boundaries.length > 0) {
    section('Boundaries');
    out.push(renderTable(['level', 'vintage', 'areas'], s.boundaries.map((g) => [g.level, g.vintage, g.areas])));
  }
  if (s.population.length > 0) {
    section('Population and households');
    out.push(renderTable(['measure', 'years', 'areas (latest year)', 'total (latest year, level with most areas)'], summarisePopulation(s.population).map((p) => [p.label, p.years, p.areas, `${Math.round(p.total).toLocaleString('en-GB')} (${p.latestYear}, ${p.level})`])));
  }
  if (s.indicators.length > 0) {
    section('Partner indicators');
    out.push(renderTable(['source', 'indicators', 'areas', 'from', 'to', 'rows'], s.indicators.map((i) => [i.source, i.indicators, i.areas, i.firstPeriod, i.lastPeriod, i.rows])));
  }
  if (s.comparators.length > 0) {
    section('Comparator counts');
    out.push(renderTable(['source', 'areas', 'categories', 'from', 'to', 'rows'], s.comparators.map((c) => [c.source, c.areas, c.categories, c.firstPeriod, c.lastPeriod, c.rows])));
  }
  if (s.peerGroups.length > 0) {
    section('Peer groups');
    out.push(renderTable(['source', 'areas', 'rows'], s.peerGroups.map((p) => [p.source, p.areas, p.rows])));
  }
  if (s.recentImports.length > 0) {
    section('Last imports');
    out.push(
      renderTable(
        ['#', 'kind', 'file', 'loaded', 'replaced rows', 'rejected', 'finished'],
        s.recentImports.map((i) => [
          i.id,
          i.kind,
          i.file.length > 50 ? `…${i.file.slice(-49)}` : i.file,
          i.undone ? pc.dim('undone') : i.replacedBy ? pc.dim(`replaced by #${i.replacedBy}`) : i.rowsLoaded,
          i.rowsReplaced,
          i.rowsRejected,
          i.finishedAt ?? pc.red('unfinished'),
        ]),
      ),
    );
  }
  if (s.vintages && s.vintages.length > 0) {
    section('Months loaded again: what changed between vintages (newest used; safer undo ID goes back)');
    out.push(
      renderTable(
        ['month', 'force / source', 'earlier import', 'newer import', 'rows before', 'rows after', 'added', 'removed', 'reclassified', 'outcome changed'],
        s.vintages.map((v) => [v.month, v.force ?? v.source, v.olderImports.map((i) => `#${i}`).join(', '), `#${v.newerImport}`, v.rowsBefore, v.rowsAfter, v.added, v.removed, v.reclassified, v.outcomeChanged]),
      ),
    );
  }
  if (s.imports.length === 0) out.push('', 'Nothing imported yet: try `safer import PATH` (see README).');
  return `${out.join('\n')}\n`;
}
