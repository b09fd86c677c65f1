import { Command } from 'commander';
import { IMPORT_KINDS } from '../ingest/types.ts';
import { DEFAULT_OPTIONS } from '../synth/options.ts';
import { FORMATS } from '../report/formats.ts';
import type { ImportFlags } from './commands/import.ts';
import type { DemoFlags } from './commands/demo.ts';
import type { SynthFlags } from './commands/synth.ts';
import type { AssessFlags } from './commands/assess.ts';
import type { ReportFlags } from './commands/report.ts';
import type { BriefFlags } from './commands/brief.ts';
import type { ServeFlags } from './commands/serve.ts';

/**
 * The `safer` command line: every command's name, options and help, and nothing more. Each
 * action imports its command's module (src/cli/commands/) only when that command runs, so parsing
 * arguments, `--help` and errors in flags never load DuckDB, Fastify, docx, Chromium or d3. Keep
 * the static imports of this file light (tested in test/cli/startup.test.ts).
 */
export function buildProgram(): Command {
  const program = new Command('safer')
    .description("Safer: Community Safety Partnership strategic assessments from partners' data")
    .option('--db <path>', 'store file (default: $SAFER_DB or ./safer.duckdb)')
    .option('--debug', 'show stack traces on errors')
    .exitOverride()
    .showHelpAfterError();

  program
    .command('import')
    .description('Import partner files, folders or .zip archives into the store (kind detected; all or nothing)')
    .argument('<paths...>', 'files, folders (searched recursively) or .zip archives')
    .option('--kind <kind>', `force the kind: ${IMPORT_KINDS.join(', ')}`)
    .option('--skip-bad-rows', 'load the good rows and write rejected rows with reasons to a rejects file')
    .option('--rejects <dir>', 'folder for rejects files (default: rejects/ beside the store)')
    .option('--mapping <file>', 'YAML column mapping for a partner extract (see docs/mappings.md)')
    .option('--columns <names>', 'column names for a file without a header row, e.g. code,population')
    .option('--year <year>', 'year a population file refers to, when its rows do not say')
    .option('--period <period>', 'period of an aggregate file whose rows carry none, e.g. 2019/20')
    .option('--source <name>', 'source name for aggregate returns and peer groups')
    .option('--restricted', 'mark what this import loads as restricted (e.g. offender management)')
    .option(
      '--replace',
      'confirm replacing a month or period already loaded with fewer than 90% of its rows (refused without it)',
    )
    .option('--json', 'print the import report as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  safer import ../shared/data/police-uk/hertfordshire\n  safer import 2021-01.zip\n  safer import crimes.csv --mapping crimes.mapping.yaml\n  safer import lsoa-pop.csv.gz --kind population --columns code,population --year 2019',
    )
    .action(async (paths: string[], flags: ImportFlags, command: Command) =>
      (await import('./commands/import.ts')).run(paths, flags, db(command)),
    );

  program
    .command('status')
    .description('What is loaded: kinds, forces and months (gaps flagged), districts, population, imports')
    .option('--json', 'print as JSON')
    .action(async (flags: { json?: boolean }, command: Command) =>
      (await import('./commands/status.ts')).run(flags, db(command)),
    );

  program
    .command('undo')
    .description(
      'Undo an import: its rows are taken out of use and the rows it replaced come back exactly (kept as vintages; audited)',
    )
    .argument('<import-id>', "the import's id (# in safer status)")
    .option('--json', 'print the outcome as JSON')
    .addHelpText(
      'after',
      '\nAn import later imports have replaced in part is undone after them (newest first). Re-import the file to load it again.',
    )
    .action(async (id: string, flags: { json?: boolean }, command: Command) =>
      (await import('./commands/undo.ts')).run(id, flags, db(command)),
    );

  program
    .command('backup')
    .description(
      'A consistent copy of the store and its accounts/audit file in a new folder (safe while safer serve runs: the server takes it)',
    )
    .requiredOption('--out <dir>', 'new folder for the backup (written whole, then renamed: complete or absent)')
    .option('--auth-db <file>', 'accounts file when it is not beside the store')
    .option('--json', 'print the manifest as JSON')
    .addHelpText(
      'after',
      '\nRestore with: safer restore DIR --db NEW.duckdb (see docs/backup.md for disaster recovery).',
    )
    .action(async (flags: { out: string; authDb?: string; json?: boolean }, command: Command) =>
      (await import('./commands/backup.ts')).backup(flags, db(command)),
    );

  program
    .command('restore')
    .description('Restore a backup folder to a new store path (--db NEW), every table checked against the backup')
    .argument('<dir>', 'a folder written by safer backup')
    .option('--auth-db <file>', 'where the accounts file goes (default: beside the new store)')
    .option('--json', 'print the outcome as JSON')
    .action(async (dir: string, flags: { authDb?: string; json?: boolean }, command: Command) =>
      (await import('./commands/backup.ts')).restore(dir, flags, db(command)),
    );

  program
    .command('check')
    .description(
      "Check the store: read every table to the end (DuckDB verifies each block) and compare each import's rows with what it recorded",
    )
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      '\nExit code 0: the store is sound; 1: problems found (each with what to do); 2: the store cannot be opened or found.',
    )
    .action(async (flags: { json?: boolean }, command: Command) =>
      (await import('./commands/check.ts')).run(flags, db(command)),
    );

  program
    .command('demo')
    .description(
      'Generate the synthetic county, import it into a fresh store through the real import path, show what is loaded, assess its focus district and write its report (HTML, Word, PDF)',
    )
    .option('--out <dir>', 'folder for the demo data and store', 'safer-demo')
    .option('--seed <n>', 'seed of the synthetic county', '1')
    .option('--json', 'print the outcome as JSON')
    .action(async (flags: DemoFlags) => (await import('./commands/demo.ts')).run(flags));

  program
    .command('synth')
    .description('Generate a realistic fictional county (deterministic for a seed) in the formats partners send')
    .option(
      '--seed <n>',
      'random seed: the same seed gives the same files, byte for byte',
      String(DEFAULT_OPTIONS.seed),
    )
    .option('--out <dir>', 'output folder (created; a folder from an earlier run is replaced)', './synth-out')
    .option('--years <n>', 'years of records', String(DEFAULT_OPTIONS.years))
    .option('--end <YYYY-MM>', 'last month generated', DEFAULT_OPTIONS.end)
    .option(
      '--districts <n>',
      'districts in the county (8-12 realistic; fewer for quick tests)',
      String(DEFAULT_OPTIONS.districts),
    )
    .option('--scale <x>', 'population scale (1 = about 130,000 residents a district)', String(DEFAULT_OPTIONS.scale))
    .option('--json', 'print the manifest as JSON')
    .addHelpText(
      'after',
      '\nThen import it (reference data first, as listed in manifest.json):\n  safer synth --out synth-out\n  safer import synth-out/data\n\nSee docs/synthetic-county.md for what is generated and the injected events.',
    )
    .action(async (flags: SynthFlags) => (await import('./commands/synth.ts')).run(flags));

  program
    .command('assess')
    .description(
      'The strategic assessment of a district (or every district of a county/force with --all) as the Assessment document',
    )
    .option(
      '--area <code or name>',
      'district, county, force, region or partnership (code or name; a partnership is assessed as one area); omit with --all for every district (or with --all csp every partnership) loaded',
    )
    .option('--end <YYYY-MM>', 'last month of the 12-month period (default: the latest month loaded)')
    .option(
      '--compare <mode>',
      'auto (default): like for like on the months loaded in both years when the 12 + 12 months are incomplete; 12-months: whole 12-month periods only; like-for-like',
      'auto',
    )
    .option('--config <dir>', "the partnership's config folder (see docs/configuration.md)")
    .option(
      '--all [unit]',
      "assess every district of the area (or of the district's county) whose data covers the period; --all csp: every community safety partnership of the area (force, region, country; none: every one loaded) with national and regional ranks and a summary (docs/national.md)",
    )
    .option('--json', 'print the Assessment JSON (one document; with --all, the set of documents)')
    .option(
      '--out <dir>',
      'also write one <district code>.json per district (and assessment-set.json) into this folder',
    )
    .option('--include-restricted', 'include indicators from imports marked restricted')
    .option(
      '--as-of <date>',
      'pin to what was loaded by then (YYYY-MM-DD, the end of that day, or YYYY-MM-DDTHH:MM:SS): earlier vintages and undone imports as they were',
    )
    .action(async (flags: AssessFlags, command: Command) =>
      (await import('./commands/assess.ts')).run(flags, db(command)),
    );

  addReportCommand(program);
  addBriefCommand(program);
  program
    .command('serve')
    .description('The partnership dashboard, JSON API and data uploads in the browser')
    .option('--port <n>', 'port to listen on', '8080')
    .option('--host <host>', 'address to listen on (0.0.0.0 for every interface)', '127.0.0.1')
    .option('--no-auth', 'no sign-in: everyone is an administrator (only on 127.0.0.1 / localhost)')
    .option('--config <dir>', "the partnership's config folder (assessment settings, report words)")
    .option(
      '--create-admin <name>',
      'create the first administrator (password from SAFER_ADMIN_PASSWORD or stdin) and stop',
    )
    .option(
      '--trust-proxy',
      'behind a reverse proxy: trust X-Forwarded-For/-Proto (session cookies become Secure behind TLS)',
    )
    .option('--max-upload-mb <n>', 'largest file a browser upload may send', '50')
    .option('--tls-key <file>', 'serve HTTPS directly: the private key (PEM)')
    .option('--tls-cert <file>', 'serve HTTPS directly: the certificate (PEM)')
    .option('--auth-db <file>', 'accounts, sessions and audit log (default: beside the store, <store>.auth.duckdb)')
    .option('--log', 'log every request (JSON lines on stdout)')
    .option('--backup-every <period>', 'take a backup of the store and accounts on a schedule: 30m, 6h, 1d, 1w')
    .option('--backup-keep <n>', 'scheduled backups kept (the oldest removed)', '7')
    .option('--backup-dir <dir>', 'folder of the scheduled backups (default: backups/ beside the store)')
    .action(async (flags: ServeFlags, command: Command) =>
      (await import('./commands/serve.ts')).run(flags, db(command)),
    );

  return program;
}

/** The global --db (undefined: $SAFER_DB or ./safer.duckdb, resolved by the command). */
function db(command: Command): string | undefined {
  return command.optsWithGlobals<{ db?: string }>().db;
}

/** safer brief: the one-page monthly JAG brief (docs/report.md). */
function addBriefCommand(program: Command): void {
  program
    .command('brief')
    .description(
      "The one-page monthly brief for the Joint Action Group (PDF, Word): the month's signals, the priorities' trends, partner returns received or missing",
    )
    .requiredOption('--area <code or name>', 'the district (code or name)')
    .option(
      '--month <YYYY-MM>',
      'the month briefed: the last month of the 12 months assessed (default: the latest loaded)',
    )
    .option('--config <dir>', "the partnership's config folder (assessment settings, the marking)")
    .option('--format <list>', 'formats, comma-separated: pdf, docx, html', 'pdf,docx')
    .option('--edition <edition>', 'full (partners) or public (small numbers suppressed)', 'full')
    .requiredOption('--out <dir>', 'folder to write the brief into')
    .option('--include-restricted', 'include partner returns from imports marked restricted (full edition only)')
    .action(async (flags: BriefFlags, command: Command) =>
      (await import('./commands/brief.ts')).run(flags, db(command)),
    );
}

/** safer report: the strategic assessment document (docs/report.md). */
function addReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      'The strategic assessment document of a district (HTML, Word, PDF), or of every district of a county with --all',
    )
    .option(
      '--area <code or name>',
      'district, county, force, region or partnership (code or name; a partnership is one area); required unless --all csp',
    )
    .option('--end <YYYY-MM>', 'last month of the 12-month period (default: the latest month loaded)')
    .option(
      '--compare <mode>',
      'auto (default): like for like on the months loaded in both years when the 12 + 12 months are incomplete; 12-months: whole 12-month periods only; like-for-like',
      'auto',
    )
    .option(
      '--config <dir>',
      "the partnership's config folder: assessment settings and the analysts' words (report.yaml, commentary/*.md; see docs/report.md)",
    )
    .option(
      '--all [unit]',
      "one document per district of the area (or of the district's county) and a county summary; --all csp: one per partnership of the area (none: every one loaded) and the national/regional summary (docs/national.md)",
    )
    .option('--format <list>', `formats, comma-separated: ${FORMATS.join(', ')}`, 'html')
    .option(
      '--edition <edition>',
      'full (partners) or public (small numbers suppressed, sensitive parts left out)',
      'full',
    )
    .requiredOption('--out <dir>', 'folder to write the documents into')
    .option('--include-restricted', 'include partner indicators from imports marked restricted (full edition only)')
    .action(async (flags: ReportFlags, command: Command) =>
      (await import('./commands/report.ts')).run(flags, db(command)),
    );
}
