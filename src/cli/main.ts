import { CommanderError } from 'commander';
import pc from 'picocolors';
import { SaferError } from '../core/errors.ts';
import { buildProgram } from './program.ts';

/**
 * Runs the CLI; returns the exit code. Only the light modules are loaded here: each command's
 * module, with its dependencies, is imported when that command runs (program.ts).
 */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return reportError(error, program.opts<{ debug?: boolean }>().debug === true || argv.includes('--debug'));
  }
}

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
