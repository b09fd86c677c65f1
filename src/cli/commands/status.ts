import pc from 'picocolors';
import { existingStore } from '../store-path.ts';
import { resolveDbPath } from '../../store/db.ts';
import { callServer, onStoreOrServer } from '../server-client.ts';
import { monthRanges, readStatus, summarisePopulation, type StoreStatus } from '../../store/status.ts';
import { printJson, renderTable, wantsJson } from '../output.ts';
import { forceMonthGate, PARTIAL_SHARE, type ForceGate } from '../../store/force-months.ts';

/** safer status: the command's options are in ../program.ts. */
export async function run(flags: { json?: boolean }, db: string | undefined): Promise<void> {
  const path = resolveDbPath(db);
  existingStore(path);
  const status = await onStoreOrServer(
    path,
    {},
    (owner) => callServer<StoreStatus & { forceMonths: ForceGate[] }>(owner, 'GET', '/api/local/status'),
    async (store) => ({ ...(await readStatus(store)), forceMonths: await forceMonthGate(store) }),
  );
  const { forceMonths, ...rest } = status;
  if (wantsJson(flags.json)) printJson(status);
  else process.stdout.write(formatStatus(rest, forceMonths));
}

export function formatStatus(s: StoreStatus, forceMonths: readonly ForceGate[] = []): string {
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
    out.push(
      renderTable(
        ['kind', 'files', 'replaced files', 'rows loaded', 'rejected', 'duplicates', 'last import'],
        s.imports.map((i) => [
          i.kind,
          i.files,
          i.replaced,
          i.rowsLoaded,
          i.rowsRejected,
          i.duplicatesDropped,
          i.lastImport,
        ]),
      ),
    );
  }
  if (s.eventSources.length > 0) {
    section('Record-level data by source and force (months; gaps flagged)');
    out.push(
      renderTable(
        ['source', 'force', 'kind', 'rows', 'no location', 'months', 'from', 'to', 'gaps'],
        s.eventSources.map((e) => [
          e.source,
          e.force ?? '',
          e.kind,
          e.rows,
          e.rowsWithoutLocation,
          e.months,
          e.firstMonth,
          e.lastMonth,
          e.gaps.length ? pc.yellow(e.gaps.join(', ')) : pc.green('none'),
        ]),
      ),
    );
  }
  if (forceMonths.length > 0) {
    section(
      `Force-months (each force against its own median month; under ${Math.round(PARTIAL_SHARE * 100)}% is partial)`,
    );
    out.push(
      renderTable(
        ['force', 'force area', 'median month', 'months', 'partial', 'missing', 'own districts', 'stray rows'],
        forceMonths.map((g) => {
          const partial = g.flagged.filter((m) => m.status === 'partial');
          const missing = g.flagged.filter((m) => m.status === 'missing').map((m) => m.month);
          return [
            g.force,
            g.home?.name ?? g.home?.code ?? pc.dim('no district → force lookup'),
            Math.round(g.typical),
            g.monthsLoaded,
            partial.length
              ? pc.yellow(partial.map((m) => `${m.month} (${Math.round((m.share ?? 0) * 100)}%)`).join(', '))
              : pc.green('none'),
            missing.length ? pc.yellow(monthRanges(missing).join(', ')) : pc.green('none'),
            g.ownDistricts,
            g.strayRows ? `${g.strayRows.toLocaleString('en-GB')} in ${g.strayDistricts.length} other districts` : '0',
          ];
        }),
      ),
    );
  }
  if (s.districts.length > 0) {
    // a district is the force's own when its force area is the force's home; districts only
    // other forces' stray rows reach are listed apart (never assessed on them)
    const stray = new Set(forceMonths.flatMap((g) => g.strayDistricts.map((d) => d.code)));
    const own = new Set(forceMonths.flatMap((g) => g.ownDistrictCodes));
    const strayOnly = s.districts.filter((d) => stray.has(d.code) && !own.has(d.code));
    const covered = s.districts.filter((d) => !strayOnly.includes(d));
    section(
      `Districts covered (${covered.length})${strayOnly.length ? `, and ${strayOnly.length} reached only by stray rows of other forces` : ''}`,
    );
    const shown = covered.slice(0, 40);
    out.push(
      renderTable(
        ['code', 'name', 'rows', 'from', 'to'],
        shown.map((d) => [d.code, d.name ?? '', d.rows, d.firstMonth, d.lastMonth]),
      ),
    );
    if (covered.length > shown.length) out.push(pc.dim(`… and ${covered.length - shown.length} more (see --json)`));
    if (strayOnly.length > 0) {
      out.push(
        pc.dim(
          `Stray: ${strayOnly.length} districts hold only rows other forces filed (${strayOnly.reduce((n, d) => n + d.rows, 0).toLocaleString('en-GB')} rows; their own force's data is not loaded): not covered, never assessed on them (see --json forceMonths)`,
        ),
      );
    }
  }
  if (s.geography.length > 0) {
    section('Geography');
    out.push(
      renderTable(
        ['level', 'vintage', 'areas'],
        s.geography.map((g) => [g.level, g.vintage, g.areas]),
      ),
    );
  }
  if (s.boundaries.length > 0) {
    section('Boundaries');
    out.push(
      renderTable(
        ['level', 'vintage', 'areas'],
        s.boundaries.map((g) => [g.level, g.vintage, g.areas]),
      ),
    );
  }
  if (s.population.length > 0) {
    section('Population and households');
    out.push(
      renderTable(
        ['measure', 'years', 'areas (latest year)', 'total (latest year, level with most areas)'],
        summarisePopulation(s.population).map((p) => [
          p.label,
          p.years,
          p.areas,
          `${Math.round(p.total).toLocaleString('en-GB')} (${p.latestYear}, ${p.level})`,
        ]),
      ),
    );
  }
  if (s.indicators.length > 0) {
    section('Partner indicators');
    out.push(
      renderTable(
        ['source', 'indicators', 'areas', 'from', 'to', 'rows'],
        s.indicators.map((i) => [i.source, i.indicators, i.areas, i.firstPeriod, i.lastPeriod, i.rows]),
      ),
    );
  }
  if (s.comparators.length > 0) {
    section('Comparator counts');
    out.push(
      renderTable(
        ['source', 'areas', 'categories', 'from', 'to', 'rows'],
        s.comparators.map((c) => [c.source, c.areas, c.categories, c.firstPeriod, c.lastPeriod, c.rows]),
      ),
    );
  }
  if (s.peerGroups.length > 0) {
    section('Peer groups');
    out.push(
      renderTable(
        ['source', 'areas', 'rows'],
        s.peerGroups.map((p) => [p.source, p.areas, p.rows]),
      ),
    );
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
        [
          'month',
          'force / source',
          'earlier import',
          'newer import',
          'rows before',
          'rows after',
          'added',
          'removed',
          'reclassified',
          'outcome changed',
        ],
        s.vintages.map((v) => [
          v.month,
          v.force ?? v.source,
          v.olderImports.map((i) => `#${i}`).join(', '),
          `#${v.newerImport}`,
          v.rowsBefore,
          v.rowsAfter,
          v.added,
          v.removed,
          v.reclassified,
          v.outcomeChanged,
        ]),
      ),
    );
  }
  if (s.imports.length === 0) out.push('', 'Nothing imported yet: try `safer import PATH` (see README).');
  return `${out.join('\n')}\n`;
}
