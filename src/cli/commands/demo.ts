import type { Command } from 'commander';
import { existsSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import pc from 'picocolors';
import { importPaths } from '../../ingest/import.ts';
import { Store } from '../../store/db.ts';
import { readStatus } from '../../store/status.ts';
import { DEFAULT_OPTIONS, synthesize } from '../../synth/index.ts';
import { terminalProgress } from '../progress.ts';
import { formatStatus } from './status.ts';
import { printJson, wantsJson } from '../output.ts';

export function register(program: Command): void {
  program
    .command('demo')
    .description('Generate the synthetic county, import it into a fresh store through the real import path, and show what is loaded')
    .option('--out <dir>', 'folder for the demo data and store', 'safer-demo')
    .option('--seed <n>', 'seed of the synthetic county', '1')
    .option('--json', 'print the outcome as JSON')
    .action(async (flags: { out: string; seed: string; json?: boolean }) => {
      const out = resolve(flags.out);
      const started = Date.now();
      const progress = terminalProgress();
      const say = (text: string) => process.stderr.write(`${text}\n`);

      say(pc.bold('1/3 Generating the synthetic county'));
      const { manifest } = synthesize({ ...DEFAULT_OPTIONS, seed: Number(flags.seed), out: join(out, 'county') });
      say(`    ${manifest.county.name}: ${manifest.county.districts.length} districts, ${manifest.window.first}..${manifest.window.last}, ${manifest.import_order.length} files`);

      say(pc.bold('2/3 Importing every file through `safer import`'));
      const dbPath = join(out, 'safer.duckdb');
      for (const stale of [dbPath, `${dbPath}.wal`]) if (existsSync(stale)) rmSync(stale);
      const store = await Store.open(dbPath);
      try {
        progress.start('Importing', manifest.import_order.length);
        let rows = 0;
        for (const [i, file] of manifest.import_order.entries()) {
          progress.update(i, `Importing ${file.split('/').pop()}`);
          const results = await importPaths(store, [join(out, 'county', file)]);
          rows += results.reduce((s, r) => s + r.rowsLoaded, 0);
        }
        progress.update(manifest.import_order.length, 'Imported');
        progress.stop();
        say(`    ${rows.toLocaleString('en-GB')} rows from ${manifest.import_order.length} files`);

        say(pc.bold('3/3 What is loaded'));
        const status = await readStatus(store);
        const seconds = (Date.now() - started) / 1000;
        if (wantsJson(flags.json)) {
          printJson({ seconds, store: dbPath, data: join(out, 'county'), focusDistrict: manifest.focus_district, status });
          return;
        }
        process.stdout.write(formatStatus(status));
        const rel = (p: string) => relative(process.cwd(), p) || '.';
        process.stdout.write(
          [
            '',
            pc.bold(`Demo ready in ${seconds.toFixed(1)} s`),
            `  synthetic county files   ${rel(join(out, 'county'))}/ (manifest.json, ground-truth.json)`,
            `  store                    ${rel(dbPath)}`,
            `  focus district           ${manifest.focus_district.name} (${manifest.focus_district.code})`,
            `  next                     npx safer --db ${rel(dbPath)} status`,
            '',
          ].join('\n'),
        );
      } finally {
        progress.stop();
        store.close();
      }
    });
}
