import { Command, CommanderError } from 'commander';
import pc from 'picocolors';
import { SaferError } from '../core/errors.ts';

/** Runs the CLI; returns the exit code. Commands are loaded on demand to keep start-up quick. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('safer')
    .description('Safer: Community Safety Partnership strategic assessments from partners\' data')
    .option('--db <path>', 'store file (default: $SAFER_DB or ./safer.duckdb)')
    .option('--debug', 'show stack traces on errors')
    .exitOverride()
    .showHelpAfterError();

  (await import('./commands/import.ts')).register(program);
  (await import('./commands/status.ts')).register(program);
  for (const extra of await optionalCommands()) extra(program);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return reportError(error, program.opts<{ debug?: boolean }>().debug === true || argv.includes('--debug'));
  }
}

/** Commands added by later modules register themselves here. */
async function optionalCommands(): Promise<((p: Command) => void)[]> {
  const modules = await Promise.all(commandModules.map((load) => load()));
  return modules.map((m) => m.register);
}

/** One entry per further command module (synth, demo, assess, report, serve …). */
const commandModules: (() => Promise<{ register: (p: Command) => void }>)[] = [
  () => import('./commands/demo.ts'),
  () => import('./commands/synth.ts'),
  () => import('./commands/assess.ts'),
  () => import('./commands/report.ts'),
  () => import('./commands/serve.ts'),
  () => import('./commands/check.ts'),
];

function reportError(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    return error.exitCode;
  }
  if (error instanceof SaferError) {
    process.stderr.write(`${pc.red('error')} ${error.format()}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${pc.red('error')} ${message}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write('  (run again with --debug for details)\n');
  return 1;
}
