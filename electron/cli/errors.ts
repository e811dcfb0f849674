/**
 * CLI exit codes and the one-line error convention (ARCHITECTURE.md "CLI conventions"):
 * 0 success, 1 a failure at run time, 2 a usage error; every failure is one clear line, never a stack trace.
 */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** An error that the CLI prints as one line (`knit-sync: <message>`) and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A usage error: exit 2. */
export const usageError = (message: string): CliError => new CliError(message, EXIT_USAGE);
