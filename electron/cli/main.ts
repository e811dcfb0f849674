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
    .exitOverride();
  for (const register of COMMANDS) register(program);
  // Every command, nested ones included, sends usage errors back here as one line.
  oneLineUsageErrors(program, 'knit-sync');
  return program;
}

/**
 * Makes commander's usage errors of `command` and its subcommands one line in the CLI's convention (ARCHITECTURE.md
 * "CLI conventions"): `error: unknown command 'bogus'` becomes `knit-sync: unknown command 'bogus' (see
 * knit-sync --help)`, naming the subcommand's own --help; exitOverride brings the error back to `main` (exit 2).
 */
function oneLineUsageErrors(command: Command, path: string): void {
  command.exitOverride().configureOutput({
    writeErr: (s) => process.stderr.write(s),
    outputError: (message, write) =>
      write(
        `knit-sync: ${message
          .trim()
          .replace(/^error: /, '')
          .replace(/\s*\n\s*/g, ' ')} (see ${path} --help)\n`,
      ),
  });
  for (const sub of command.commands) oneLineUsageErrors(sub, `${path} ${sub.name()}`);
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
