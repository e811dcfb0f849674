/**
 * `knit-sync replay [--data DIR] --to URL (--run ID | --event ID...) [--resign-with-env ENV]`: sends stored
 * events again to a handler, in their original arrival order, with Knit's original signature or re-signed with
 * the API key of ENV (issue 7). Through the running serve (or demo) that holds the data folder (its control
 * method `replay`), else by opening the folder itself without listening.
 * stdout: one JSON line per event `{"eventId","status","ms"}` (plus `"error"` when it failed), then a summary
 * `{"replayId","sent","ok","failed"}`. Exit 0 when every event was answered 2xx, 1 when any was not (or no
 * stored event matched, or ENV has no key), 2 on a usage error.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { ReplayInput } from '../../../shared/api/companion-api';
import type { ReplayResult } from '../../../shared/api/types';
import { ENVIRONMENT_NAME_PATTERN } from '../../../shared/knit/environments';
import { targetUrl } from '../../core/forward/targets';
import { CliError, usageError } from '../errors';
import { onFolderCompanion } from '../folder-companion';
import type { CompanionService } from '../../core/companion';
import { ProgressTicker } from '../../core/emulator/scenarios/progress-ticker';
import { dataDirOf, dataOption } from '../options';

interface ReplayOptions {
  data?: string;
  to: string;
  run?: string;
  event?: string[];
  resignWithEnv?: string;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function urlArgument(value: string): string {
  try {
    return targetUrl(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

export function register(program: Command): void {
  dataOption(
    program
      .command('replay')
      .description('send stored events again to a URL in their original order, as Knit sent them (or re-signed)')
      .requiredOption('--to <url>', 'the handler to send them to, e.g. http://localhost:3000/knithook', urlArgument)
      .option('--run <syncRunId>', 'every stored event of this sync run')
      .option('--event <eventId>', 'this stored event (repeatable)', collect)
      .option('--resign-with-env <env>', "re-sign each body with this environment's API key instead of sending Knit's signature")
      .addHelpText('after', '\nExit 0 when every event was answered 2xx, 1 when any was not, 2 on a usage error.'),
  ).action(async (options: ReplayOptions) => {
    const input = replayInput(options);
    const dataDir = await dataDirOf(options.data, true);
    const result = (await onFolderCompanion(dataDir, 'knit-sync replay', { method: 'replay', input }, (companion) =>
      replayWithProgress(companion, input),
    )) as ReplayResult;
    for (const a of result.attempts) {
      process.stdout.write(`${JSON.stringify({ eventId: a.eventId, status: a.status, ms: a.durationMs, ...(a.error !== null && { error: a.error }) })}\n`);
    }
    process.stdout.write(`${JSON.stringify({ replayId: result.replayId, sent: result.sent, ok: result.ok, failed: result.failed })}\n`);
    if (result.failed > 0) throw new CliError(`${result.failed} of ${result.sent} replayed event(s) were not answered 2xx`);
  });
}

/** The request of the command line. @throws a usage error (exit 2). */
function replayInput(options: ReplayOptions): ReplayInput {
  const events = options.event ?? [];
  if ((options.run !== undefined) === events.length > 0) throw usageError('give either --run ID or --event ID');
  if (options.run !== undefined && !options.run.trim()) throw usageError('--run needs a sync run id');
  if (events.some((id) => !id.trim())) throw usageError('--event needs an event id');
  const env = options.resignWithEnv;
  if (env !== undefined && !ENVIRONMENT_NAME_PATTERN.test(env)) throw usageError(`--resign-with-env "${env}" is not an environment name`);
  return {
    to: options.to,
    ...(options.run !== undefined ? { syncRunId: options.run.trim() } : { eventIds: events.map((id) => id.trim()) }),
    ...(env !== undefined && { resignWithEnvironment: env }),
  };
}

/** Replays on a folder opened for this call, with a progress line (sent/total, rate) every 3 s on stderr. */
async function replayWithProgress(companion: CompanionService, input: ReplayInput): Promise<ReplayResult> {
  const ticker = new ProgressTicker((line) => process.stderr.write(`replay: ${line}\n`), 'events sent');
  let started = false;
  const unsubscribe = companion.subscribe((batch) => {
    for (const job of batch.replays ?? []) {
      if (!started) ticker.start(job.total);
      started = true;
      ticker.set(job.sent);
    }
  });
  try {
    return await companion.replay(input);
  } finally {
    unsubscribe();
    ticker.stop();
  }
}
