/**
 * The API key of commands that talk to any webhook without a data folder (`emulate`, `check`): from an
 * environment variable (`--key-env VAR`, default KNIT_API_KEY) or a file (`--key-file F`), never from argv.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { usageError } from './errors';

/** The options' key: `--key-file` when given, else the variable of `--key-env`. Usage error when both or none. */
export async function keyFromOptions(options: { keyEnv?: string; keyFile?: string }, command: Command): Promise<string> {
  if (command.getOptionValueSource('keyEnv') === 'cli' && options.keyFile) throw usageError('give either --key-env or --key-file, not both');
  return options.keyFile ? keyFromFile(options.keyFile) : keyFromEnv(options.keyEnv ?? 'KNIT_API_KEY');
}

function keyFromEnv(variable: string): string {
  const key = process.env[variable]?.trim();
  if (!key) throw usageError(`no API key: set the ${variable} environment variable (or give --key-file)`);
  return key;
}

async function keyFromFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw usageError(`cannot read --key-file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  const key = text.trim();
  if (!key) throw usageError(`--key-file ${path} is empty`);
  return key;
}
