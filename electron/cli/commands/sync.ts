/**
 * `knit-sync sync <start|update|pause|resume> --integration ID [--env NAME] [--models a,b]
 * [--frequency standard|medium|high] [--destination URL] [--data DIR]`: one Knit sync call for an integration
 * (issue 3 "CLI for scripting"). Prints the job as one JSON line on stdout, exit 0; a Knit or network error is
 * one line, exit 1; a usage error one line, exit 2. Through the running serve (or demo) that holds the data
 * folder (its control method `sync`), else by opening the folder itself without listening.
 * `start` defaults: the settings' models and frequency; the destination is the current webhook URL.
 */
import type { Command } from 'commander';
import { EMPLOYEE_MODEL_IDS, SYNC_FREQUENCY_IDS, type EmployeeModelId, type SyncFrequency } from '../../../shared/knit/models';
import { ENVIRONMENT_NAME_PATTERN } from '../../../shared/knit/environments';
import { usageError } from '../errors';
import { onFolderCompanion } from '../folder-companion';
import { dataDirOf, dataOption } from '../options';
import { runSync, SYNC_ACTIONS, type SyncRequest } from '../sync-control';

interface SyncOptions {
  data?: string;
  integration?: string;
  env?: string;
  models?: string;
  frequency?: string;
  destination?: string;
}

export function register(program: Command): void {
  dataOption(
    program
      .command('sync')
      .description('start, update, pause or resume the Knit sync of an integration; prints the job as one JSON line')
      .argument('<action>', SYNC_ACTIONS.join(' | '))
      .option('--integration <id>', 'the integration id (X-Knit-Integration-Id)')
      .option('--env <name>', 'start only: the environment whose API and key to use (default: the active one)')
      .option('--models <a,b>', `start/update: employee model ids, comma-separated (default for start: the settings' defaults)`)
      .option('--frequency <f>', `start/update: ${SYNC_FREQUENCY_IDS.join(' | ')}`)
      .option('--destination <url>', 'start/update: the webhook URL (default for start: the tunnel URL, else the listener)')
      .addHelpText('after', `\nModel ids: ${EMPLOYEE_MODEL_IDS.join(', ')}.\nExit 0 with the job on stdout, 1 when Knit or the network failed, 2 on a usage error.`),
  ).action(async (action: string, options: SyncOptions) => {
    const request = syncRequest(action, options);
    const dataDir = await dataDirOf(options.data);
    const job = await onFolderCompanion(dataDir, 'knit-sync sync', { method: 'sync', input: request }, (companion) => runSync(companion, request));
    process.stdout.write(`${JSON.stringify(job)}\n`);
  });
}

/** The request of the command line. @throws a usage error (exit 2). */
function syncRequest(action: string, options: SyncOptions): SyncRequest {
  if (!(SYNC_ACTIONS as readonly string[]).includes(action)) throw usageError(`unknown action "${action}": use ${SYNC_ACTIONS.join(', ')}`);
  const act = action as SyncRequest['action'];
  if (!options.integration?.trim()) throw usageError('--integration ID is required');
  if (options.env !== undefined && act !== 'start') throw usageError('--env applies to start only (a job keeps its environment)');
  if (options.env !== undefined && !ENVIRONMENT_NAME_PATTERN.test(options.env)) throw usageError(`--env "${options.env}" is not an environment name`);
  const given = options.models !== undefined || options.frequency !== undefined || options.destination !== undefined;
  if (given && (act === 'pause' || act === 'resume')) throw usageError(`--models, --frequency and --destination do not apply to ${act}`);
  if (act === 'update' && !given) throw usageError('update needs --models, --frequency or --destination');
  return {
    action: act,
    integrationId: options.integration.trim(),
    ...(options.env !== undefined && { environment: options.env }),
    ...(options.models !== undefined && { models: modelsOf(options.models) }),
    ...(options.frequency !== undefined && { frequency: frequencyOf(options.frequency) }),
    ...(options.destination !== undefined && { destination: destinationOf(options.destination) }),
  };
}

function modelsOf(text: string): EmployeeModelId[] {
  const ids = text.split(',').map((m) => m.trim()).filter(Boolean);
  if (ids.length === 0) throw usageError('--models needs at least one model id');
  for (const id of ids) {
    if (!(EMPLOYEE_MODEL_IDS as readonly string[]).includes(id)) throw usageError(`unknown model id "${id}" (known: ${EMPLOYEE_MODEL_IDS.join(', ')})`);
  }
  return ids as EmployeeModelId[];
}

function frequencyOf(text: string): SyncFrequency {
  if (!(SYNC_FREQUENCY_IDS as readonly string[]).includes(text)) throw usageError(`--frequency must be one of ${SYNC_FREQUENCY_IDS.join(', ')}, got "${text}"`);
  return text as SyncFrequency;
}

function destinationOf(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(`--destination is not a URL: "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError('--destination must be an http or https URL');
  return text;
}

