/**
 * The headless shell: `knit-sync <command>`. Each command lives in commands/<name>.ts and registers itself on
 * the commander program; this file only builds the program and turns errors into one line and an exit code.
 */
import { Command, CommanderError } from 'commander';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './errors';
import { COMMANDS } from './commands/index';
import { APP_VERSION } from '../core/version';

/** Builds the program with every command registered. Exported for tests. */
export function buildProgram(): Command {
  const program = new Command('knit-sync')
    .description('Receive, verify, store and inspect Knit employee sync events.')
    .version(APP_VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of COMMANDS) register(program);
  // Every subcommand inherits exitOverride so usage errors come back here.
  for (const sub of program.commands) sub.exitOverride();
  return program;
}

/**
 * Runs the CLI on `argv` (as process.argv) and resolves to the exit code. Never throws.
 */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version arrive here with exit code 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof CliError) {
      process.stderr.write(`knit-sync: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`knit-sync: ${message.split('\n')[0]}\n`);
    return EXIT_FAILURE;
  }
}
