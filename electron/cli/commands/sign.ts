/**
 * `knit-sync sign --file F [--env ENV] [--data DIR]`: prints the X-Knit-Signature of the file's exact bytes:
 * base64url(HMAC-SHA256(bytes, API key)) without padding (core/signature/sign.ts). The key: cli/keys.ts.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { knitSignature } from '../../core/signature/sign';
import { CliError } from '../errors';
import { signingKey } from '../keys';
import { dataDirOf, dataOption } from '../options';

/** Reads a file's bytes; a missing file is one line, exit 1. */
export async function readBody(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export function register(program: Command): void {
  dataOption(
    program
      .command('sign')
      .description("print Knit's signature of a file's bytes (the X-Knit-Signature header value)")
      .requiredOption('--file <f>', 'the body to sign')
      .option('--env <env>', 'the environment whose API key signs (default: production, or sandbox when only its key is set)'),
  ).action(async (options: { file: string; env?: string; data?: string }) => {
    const body = await readBody(options.file);
    const { key } = await signingKey(options.env, await dataDirOf(options.data));
    process.stdout.write(`${knitSignature(body, key)}\n`);
  });
}
