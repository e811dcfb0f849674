/**
 * `knit-sync send (--file F | --type TYPE [--from EVENT_ID] [--set path=value]...) [--to URL] [--integration ID]
 * [--env ENV] [--data DIR]`: POSTs the file's (or the composed event's: workbench/composer.ts) exact
 * bytes as Knit would (X-Knit-Signature, X-Knit-Integration-Id, X-Knit-Execution-Id) and prints the HTTP
 * status and the first line of the response body on stdout. Without --to it posts to the listener of the
 * process holding the data folder (named in its lock file), else to DEFAULT_SEND_URL, and says which on
 * stderr. Exit 0 on 2xx, 1 otherwise. Only for loopback or a URL you own: it signs with your API key.
 */
import { randomUUID } from 'node:crypto';
import { InvalidArgumentError, type Command } from 'commander';
import type { EventDetail } from '../../../shared/api/types';
import { eventTemplate, parseAssignment, setPath } from '../../core/workbench/composer';
import { onFolderCompanion } from '../folder-companion';
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

interface SendOptions {
  file?: string;
  type?: string;
  from?: string;
  set?: Array<{ path: string; value: string }>;
  to?: string;
  integration: string;
  env?: string;
  data?: string;
}

function collectSet(value: string, previous: Array<{ path: string; value: string }> = []): Array<{ path: string; value: string }> {
  try {
    return [...previous, parseAssignment(value)];
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

async function fileBody(options: SendOptions): Promise<Buffer> {
  if (options.type !== undefined || options.from !== undefined || options.set) throw usageError('give either --file or --type/--from (with --set), not both');
  return readBody(options.file!);
}

/** The body composed from --type / --from and --set, as compact JSON; a stored event without --set is sent as received. */
async function composedBody(options: SendOptions, dataDir: string): Promise<Buffer> {
  if (options.type === undefined && options.from === undefined)
    throw usageError('give --file F, or --type TYPE / --from EVENT_ID to compose a body (see knit-sync send --help)');
  let event: Record<string, unknown>;
  if (options.from !== undefined) {
    const eventId = options.from;
    const stored = (await onFolderCompanion(dataDir, 'knit-sync send', { method: 'getEvent', input: { eventId } }, (c) =>
      c.getEvent({ eventId }),
    )) as EventDetail | null;
    if (!stored) throw new CliError(`no stored event has the id ${eventId} in ${dataDir}`);
    if (!options.set && options.type === undefined) return Buffer.from(stored.rawBody, 'utf8');
    event = JSON.parse(stored.rawBody) as Record<string, unknown>;
    if (options.type !== undefined) event.eventType = options.type;
  } else {
    event = eventTemplate(options.type!);
  }
  for (const { path, value } of options.set ?? []) {
    try {
      setPath(event, path, value);
    } catch (error) {
      throw usageError((error as Error).message);
    }
  }
  const text = JSON.stringify(event);
  process.stderr.write(`send: composed ${text.length > 2000 ? `${text.slice(0, 2000)}…` : text}\n`);
  return Buffer.from(text, 'utf8');
}

export function register(program: Command): void {
  dataOption(
    program
      .command('send')
      .description('sign a file (or a composed event) and POST it to a listener the way Knit delivers an event')
      .option('--file <f>', 'the body to send (e.g. test/fixtures/guide/record.new.json)')
      .option('--type <type>', 'compose the body instead: a template of this event type (record.new, sync.heartbeat...)')
      .option('--from <eventId>', "compose from a stored event's body (its eventId and bytes as received, then --set)")
      .option(
        '--set <path=value>',
        'with --type or --from: set a path of the body, e.g. eventData.profile.firstName=Ana (value read as JSON when it parses; repeatable)',
        collectSet,
      )
      .option('--to <url>', `the webhook URL (default: the listener of the process holding the data folder, else ${DEFAULT_SEND_URL})`)
      .option('--integration <id>', 'X-Knit-Integration-Id', DEFAULT_INTEGRATION_ID)
      .option('--env <env>', 'the environment whose API key signs (default: production, or sandbox when only its key is set)')
      .addHelpText(
        'after',
        '\nGive --file, or --type and/or --from to compose (--from a stored event keeps its eventType unless --type says another).\nA composed body is printed on stderr before it is sent. Exit 0 on 2xx, 1 otherwise, 2 on a usage error.',
      ),
  ).action(async (options: SendOptions) => {
    let url: URL;
    try {
      url = new URL(options.to ?? DEFAULT_SEND_URL);
    } catch {
      throw usageError(`--to is not a URL: "${options.to}"`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError('--to must be an http or https URL');
    const dataDir = await dataDirOf(options.data);
    const body = options.file !== undefined ? await fileBody(options) : await composedBody(options, dataDir);
    const { key } = await signingKey(options.env, dataDir);
    if (options.to === undefined) {
      const locked = await readLock(dataDir);
      const holder = locked && (await checkHolder(dataDir, locked)).kind === 'holder' ? locked : null; // a live pid is not proof
      if (holder?.listener) url = new URL(holder.listener);
      process.stderr.write(
        `send: posting to ${url.href} (${holder?.listener ? `the listener of process ${holder.pid}, ${holder.command}, holding ${dataDir}` : `no process with a listener holds ${dataDir}: the default`})\n`,
      );
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
