/**
 * `knit-sync send --file F [--to URL] [--integration ID] [--env ENV] [--data DIR]`: POSTs the file's exact
 * bytes as Knit would (X-Knit-Signature, X-Knit-Integration-Id, X-Knit-Execution-Id) and prints the HTTP
 * status and the first line of the response body on stdout. Without --to it posts to the listener of the
 * process holding the data folder (named in its lock file), else to DEFAULT_SEND_URL, and says which on
 * stderr. Exit 0 on 2xx, 1 otherwise. Only for loopback or a URL you own: it signs with your API key.
 */
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { KNIT_HEADERS } from '../../../shared/knit/events';
import { knitSignature } from '../../core/signature/sign';
import { CliError, EXIT_FAILURE, usageError } from '../errors';
import { readLock } from '../../core/store/lock';
import { checkHolder } from '../../core/store/lock-holder';
import { signingKey } from '../keys';
import { dataDirOf, dataOption } from '../options';
import { readBody } from './sign';

export const DEFAULT_SEND_URL = 'http://127.0.0.1:8787/knithook';
export const DEFAULT_INTEGRATION_ID = 'int_local';

export function register(program: Command): void {
  dataOption(
    program
      .command('send')
      .description('sign a file and POST it to a listener the way Knit delivers an event')
      .requiredOption('--file <f>', 'the body to send (e.g. test/fixtures/guide/record.new.json)')
      .option('--to <url>', `the webhook URL (default: the listener of the process holding the data folder, else ${DEFAULT_SEND_URL})`)
      .option('--integration <id>', 'X-Knit-Integration-Id', DEFAULT_INTEGRATION_ID)
      .option('--env <env>', 'the environment whose API key signs (default: production, or sandbox when only its key is set)'),
  ).action(async (options: { file: string; to?: string; integration: string; env?: string; data?: string }) => {
    let url: URL;
    try {
      url = new URL(options.to ?? DEFAULT_SEND_URL);
    } catch {
      throw usageError(`--to is not a URL: "${options.to}"`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError('--to must be an http or https URL');
    const body = await readBody(options.file);
    const dataDir = await dataDirOf(options.data);
    const { key } = await signingKey(options.env, dataDir);
    if (options.to === undefined) {
      const locked = await readLock(dataDir);
      const holder = locked && (await checkHolder(dataDir, locked)).kind === 'holder' ? locked : null; // a live pid is not proof
      if (holder?.listener) url = new URL(holder.listener);
      process.stderr.write(`send: posting to ${url.href} (${holder?.listener ? `the listener of process ${holder.pid}, ${holder.command}, holding ${dataDir}` : `no process with a listener holds ${dataDir}: the default`})\n`);
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          [KNIT_HEADERS.signature]: knitSignature(body, key),
          [KNIT_HEADERS.integrationId]: options.integration,
          [KNIT_HEADERS.executionId]: `exec_${randomUUID()}`,
        },
        body,
      });
    } catch (error) {
      const cause = (error as { cause?: NodeJS.ErrnoException }).cause;
      throw new CliError(`cannot reach ${url.href}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
    }
    const text = await response.text().catch(() => '');
    process.stdout.write(`${response.status} ${text.split('\n')[0] ?? ''}`.trimEnd() + '\n');
    if (!response.ok) process.exitCode = EXIT_FAILURE;
  });
}
