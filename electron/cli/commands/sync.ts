/**
 * `knit-sync sync <start|update|pause|resume> --integration ID [--env NAME] [--models a,b]
 * [--frequency standard|medium|high] [--destination URL] [--data DIR]`, and for start
 * `[--sync-type initial_sync|delta_sync] [--honor-scheduler] [--include-inactive] [--start-hour H --start-minute M]
 * [--dashboard-webhook]` (Knit's current "Start a Sync" reference; `--dashboard-webhook` sends no destination
 * and no frequency: Knit delivers to the webhook registered in its dashboard): one Knit sync call for an integration
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
import { dataDirOf, dataOption, intOption } from '../options';
import { runSync, SYNC_ACTIONS, type SyncRequest } from '../sync-control';

interface SyncOptions {
  data?: string;
  integration?: string;
  env?: string;
  models?: string;
  frequency?: string;
  destination?: string;
  syncType?: string;
  honorScheduler?: boolean;
  includeInactive?: boolean;
  startHour?: string;
  startMinute?: string;
  dashboardWebhook?: boolean;
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
      .option('--sync-type <type>', 'start: initial_sync (default) or delta_sync (an ad-hoc delta)')
      .option('--honor-scheduler', 'start: an ad-hoc sync does not shift the next scheduled one')
      .option('--include-inactive', 'start: also sync inactive records (includeInactiveRecords)')
      .option('--start-hour <h>', 'start: the hour (0-23) the schedule runs at; with --start-minute')
      .option('--start-minute <m>', 'start: the minute (0-59); with --start-hour')
      .option('--dashboard-webhook', 'start: send no destination (nor frequency): Knit delivers to the webhook registered in its dashboard')
      .addHelpText(
        'after',
        `\nModel ids: ${EMPLOYEE_MODEL_IDS.join(', ')}.\nExit 0 with the job on stdout, 1 when Knit or the network failed, 2 on a usage error.`,
      ),
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
  const start = startOptions(act, options);
  return {
    ...start,
    action: act,
    integrationId: options.integration.trim(),
    ...(options.env !== undefined && { environment: options.env }),
    ...(options.models !== undefined && { models: modelsOf(options.models) }),
    ...(options.frequency !== undefined && { frequency: frequencyOf(options.frequency) }),
    ...(options.destination !== undefined && { destination: destinationOf(options.destination) }),
  };
}

/** The options only `start` takes, checked. @throws a usage error (exit 2). */
function startOptions(action: SyncRequest['action'], options: SyncOptions): Partial<SyncRequest> {
  const { syncType, honorScheduler, includeInactive, startHour, startMinute, dashboardWebhook } = options;
  const given = [syncType, honorScheduler, includeInactive, startHour, startMinute, dashboardWebhook].some((v) => v !== undefined);
  if (!given) return {};
  if (action !== 'start')
    throw usageError('--sync-type, --honor-scheduler, --include-inactive, --start-hour, --start-minute and --dashboard-webhook apply to start only');
  if (syncType !== undefined && syncType !== 'initial_sync' && syncType !== 'delta_sync')
    throw usageError(`--sync-type must be initial_sync or delta_sync, got "${syncType}"`);
  if ((startHour === undefined) !== (startMinute === undefined)) throw usageError('--start-hour and --start-minute go together');
  if (dashboardWebhook && options.destination !== undefined) throw usageError('--dashboard-webhook sends no destination: drop --destination');
  return {
    ...(syncType !== undefined && { syncType }),
    ...(honorScheduler && { honorScheduler: true }),
    ...(includeInactive && { includeInactiveRecords: true }),
    ...(startHour !== undefined && { startHour: intOption('--start-hour', startHour, 0, 23)!, startMinute: intOption('--start-minute', startMinute, 0, 59)! }),
    ...(dashboardWebhook && { dashboardWebhook: true }),
  };
}

function modelsOf(text: string): EmployeeModelId[] {
  const ids = text
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
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
