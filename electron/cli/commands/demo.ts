/**
 * `knit-sync demo [--data DIR] [--port N] [--ui-port N] [--employees N] [--seed N] [--start] [--exit-after-sync]
 * [--timeout S]`: the whole loop with no account and no network (issue 3 "Demo"). It runs `serve` (no tunnel)
 * with the built-in Knit emulator as the API of a custom environment named `demo` (the emulator's loopback
 * URL, a generated key kept in the demo folder's secrets, the environment made active), in `<default data
 * folder>/demo` unless --data. The emulator delivers to the loopback listener, then a delta every few seconds;
 * demo jobs saved by an earlier run are given back to it (the syncJobId is stable per key and integration).
 * stdout: the same `listening ...` and `ui ...` lines as serve; stderr: where to look and the deliveries.
 * --start starts a sync of `int_demo` with the default models and frequency; --exit-after-sync exits 0 once its
 * initial run is completed (processed = emitted = consumed, every event stored), 1 after --timeout seconds.
 * The emulator's component script is the demo environment's component URL and the listener is the webhook
 * registered in it; --connect [--app APP] connects a new integration through it with no clicks
 * (demo-connect.ts), printing `connected <integrationId> <app>`; with --exit-after-sync, exit 0 once the sync
 * its activation started is completed and stored.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { RunSummary, SyncJob } from '../../../shared/api/types';
import { openCompanion } from '../../core/companion';
import type { CompanionOptions, CompanionService } from '../../core/companion';
import { DEFAULT_DELIVERY_RETRY, type RunResult } from '../../core/emulator/delivery';
import { MAX_EMPLOYEES } from '../../core/emulator/company';
import { Emulator, type RunningEmulator } from '../../core/emulator/emulator';
import { stableSyncJobId } from '../../core/emulator/ids';
import { describeProgress, describeRetry } from '../../core/emulator/progress';
import { ProgressTicker } from '../../core/emulator/scenarios/progress-ticker';
import { createLogger } from '../../core/log';
import { createHeadlessSecretStore } from '../../core/secrets/headless-secret-store';
import { apiKeySecret } from '../../core/secrets/secret-store';
import { resolveDataDir } from '../../core/store/data-dir';
import { FolderLockedError } from '../../core/store/lock';
import { DEFAULT_UI_PORT, uiAttachment } from '../attachments/ui';
import { CliError, usageError } from '../errors';
import { intOption } from '../options';
import { closeAttachments, printAttachmentLines, startAttachments, type Attachment } from '../serve-attachments';
import { syncControlMethods } from '../sync-control';
import { autoStartedJob, connectWithoutClicks, demoApp } from '../demo-connect';
import { EMULATED_APPS, emulatedComponentUrl } from '../../core/emulator/auth-session';
import { scenarioNamed, SCENARIOS } from '../../core/emulator/scenarios/scenarios';
import type { DemoControl } from '../../../shared/api/demo';
import { ApiError, InputError } from '../../../shared/api/reply';

/** The custom environment the demo's emulator is. */
export const DEMO_ENVIRONMENT = 'demo';
/** The integration `--start` syncs. */
export const DEMO_INTEGRATION = 'int_demo';
/** Seconds between the emulator's delta runs. */
const DEMO_DELTA_EVERY_S = 10;

interface DemoOptions {
  data?: string;
  port: string;
  uiPort: string;
  employees: string;
  seed: string;
  start?: boolean;
  exitAfterSync?: boolean;
  timeout: string;
  connect?: boolean;
  app?: string;
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('serve with the built-in Knit emulator as the "demo" environment: the whole loop, no account, no network')
    .option('--data <dir>', 'data folder (default: demo/ inside the default data folder)')
    .option('--port <n>', 'listener port on 127.0.0.1 (0 takes a free one)', '8787')
    .option('--ui-port <n>', 'UI port on 127.0.0.1 (0 takes a free one)', String(DEFAULT_UI_PORT))
    .option('--employees <n>', 'employees in the emulated company', '100')
    .option('--seed <n>', 'the company seed: the same seed gives the same company', '1')
    .option('--start', `start a sync of ${DEMO_INTEGRATION} at once (default models and frequency)`)
    .option('--connect', 'connect a new integration through the emulated Knit UI component, no clicks; its activation starts the sync')
    .option('--app <app>', `with --connect: the emulated HR app (${EMULATED_APPS.map((a) => a.appId).join(', ')})`)
    .option('--exit-after-sync', 'with --start or --connect: exit 0 once that sync is completed and stored')
    .option('--timeout <s>', 'with --exit-after-sync: exit 1 if the sync is not completed after this many seconds', '300')
    .addHelpText(
      'after',
      `\nThe emulator delivers each event ${describeRetry(DEFAULT_DELIVERY_RETRY)}, like Knit; only HTTP 200 counts.\nExit 0 when stopped (Ctrl-C) or, with --exit-after-sync, once the sync completed; 1 on a failure or a timeout; 2 on a usage error.`,
    )
    .action(async (options: DemoOptions) => {
      const port = intOption('--port', options.port, 0, 65_535)!;
      intOption('--ui-port', options.uiPort, 0, 65_535);
      const employees = intOption('--employees', options.employees, 1, MAX_EMPLOYEES)!;
      const seed = intOption('--seed', options.seed, 0, 4_294_967_295)!;
      const timeoutS = intOption('--timeout', options.timeout, 1, 86_400)!;
      if (options.exitAfterSync && !options.start && !options.connect) throw usageError('--exit-after-sync needs --start or --connect');
      if (options.start && options.connect && options.exitAfterSync)
        throw usageError('--exit-after-sync waits for one sync: give --start or --connect, not both');
      if (options.app !== undefined && !options.connect) throw usageError('--app needs --connect');
      const app = options.connect ? demoApp(options.app) : null;
      const dataDir = options.data ? resolveDataDir(options.data) : join(resolveDataDir(), 'demo');
      const log = createLogger({ dataDir });
      const say = (line: string) => process.stderr.write(`demo: ${line}\n`);

      let companion: CompanionService | null = null;
      let emulator: RunningEmulator | null = null;
      let attachments: Attachment[] = [];
      const runs: RunResult[] = [];
      const runEnded = new Set<(run: RunResult) => void>();
      try {
        const secrets = createHeadlessSecretStore(dataDir);
        companion = await openDemoCompanion({ dataDir, secrets, port, log, demo: scenarioMenu(() => emulator?.emulator ?? null, say) }, () => companion);
        const saved = await secrets.get(apiKeySecret(DEMO_ENVIRONMENT));
        const key = saved ?? `demo_${randomBytes(24).toString('base64url')}`;
        const ticker = new ProgressTicker(say, 'events answered');
        emulator = await Emulator.start({
          apiKey: key,
          employees,
          seed,
          deltaEverySeconds: DEMO_DELTA_EVERY_S,
          delivery: {
            onProgress: (progress) => {
              ticker.observe(progress);
              const line = describeProgress(progress);
              if (line) say(line);
            },
          },
          onRun: (run) => {
            runs.push(run);
            for (const listener of runEnded) listener(run);
          },
          log: (line) => log.debug(line),
        });
        await companion.saveEnvironment({ name: DEMO_ENVIRONMENT, baseUrl: emulator.baseUrl });
        emulator.emulator.webhookUrl = companion.listenerUrl; // the demo's "dashboard" registration
        await companion.saveConnectSettings({
          environment: DEMO_ENVIRONMENT,
          componentUrl: emulatedComponentUrl(emulator.baseUrl),
          registeredWebhookUrl: companion.listenerUrl,
        });
        if (!saved) await companion.setApiKey({ environment: DEMO_ENVIRONMENT, key });
        await companion.saveSettings({ activeEnvironment: DEMO_ENVIRONMENT });
        await restoreJobs(companion, emulator.emulator, key, say);

        attachments = await startAttachments([uiAttachment], { companion, dataDir, log, options: { ...options } });
        process.stdout.write(`listening ${companion.listenerUrl}\n`);
        printAttachmentLines(attachments);
        say(
          `Knit emulator at ${emulator.baseUrl} is the "${DEMO_ENVIRONMENT}" environment (${employees} employees, seed ${seed}); it delivers to ${companion.listenerUrl}`,
        );
        say(`open the ui link above in a browser, or run: npx knit-sync export employees --data ${dataDir}`);
        if (!options.start && !options.connect)
          say(`start a sync in the UI (Setup), or run: npx knit-sync sync start --integration ${DEMO_INTEGRATION} --data ${dataDir}`);

        const stopped = new Promise<string>((resolve) => {
          process.once('SIGINT', () => resolve('SIGINT'));
          process.once('SIGTERM', () => resolve('SIGTERM'));
        });
        /** The stored run of `job`'s initial sync once completed; rejects on a signal or after --timeout. */
        const completedWithin = (job: Promise<SyncJob>) =>
          Promise.race([
            job.then((j) => completion(companion!, j, runs, runEnded)),
            stopped.then((signal) => Promise.reject(new CliError(`${signal} before the sync completed`))),
            new Promise<never>((_, reject) =>
              setTimeout(() => reject(new CliError(`the sync was not completed within ${timeoutS} s`)), timeoutS * 1000).unref(),
            ),
          ]);
        if (app) {
          const integrationId = await connectWithoutClicks(companion, emulator.emulator, DEMO_ENVIRONMENT, app);
          process.stdout.write(`connected ${integrationId} ${app}\n`);
          if (options.exitAfterSync) {
            const outcome = await completedWithin(autoStartedJob(companion, integrationId));
            say(
              `sync run ${outcome.syncRunId} of ${integrationId} completed: processed ${outcome.processed}, emitted ${outcome.emitted}, consumed ${outcome.consumed}, all stored`,
            );
            return;
          }
        }
        if (options.start) {
          const settings = await companion.getSettings();
          const started = companion
            .startSync({
              integrationId: DEMO_INTEGRATION,
              environment: DEMO_ENVIRONMENT,
              models: settings.defaultModels,
              frequency: settings.defaultFrequency,
            })
            .then((job) => {
              say(`sync job ${job.syncJobId} started for ${DEMO_INTEGRATION} (initial sync ${job.initialSyncs})`);
              return job;
            });
          if (options.exitAfterSync) {
            const outcome = await completedWithin(started);
            say(
              `sync run ${outcome.syncRunId} completed: processed ${outcome.processed}, emitted ${outcome.emitted}, consumed ${outcome.consumed}, all stored`,
            );
            return;
          }
          await started;
        }
        const signal = await stopped;
        log.info(`${signal}: stopping the emulator, finishing in-flight requests and flushing`);
      } catch (error) {
        if (error instanceof FolderLockedError) throw new CliError(error.message);
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new CliError(`port ${port} is in use on 127.0.0.1`);
        if (error instanceof CliError) throw error;
        throw new CliError(error instanceof Error ? error.message : String(error));
      } finally {
        await emulator?.close();
        await closeAttachments(attachments, log);
        await companion?.close();
        await log.close();
      }
    });
}

/**
 * Gives the new emulator the demo jobs saved in the folder, as Knit keeps its jobs while we are away: their
 * deltas resume (unless paused), and a job whose destination is an earlier listener URL is pointed at this one
 * with `sync.update` (destination only: no initial sync).
 */
async function restoreJobs(companion: CompanionService, emulator: Emulator, key: string, say: (line: string) => void): Promise<void> {
  for (const job of await companion.listJobs()) {
    if (job.environment !== DEMO_ENVIRONMENT || job.syncJobId !== stableSyncJobId(key, job.integrationId)) continue;
    emulator.restoreJob(job.integrationId, { models: job.models, frequency: job.frequency, destination: job.destination }, job.state === 'paused');
    if (job.destination !== companion.listenerUrl) await companion.updateSync({ integrationId: job.integrationId, destination: companion.listenerUrl });
    say(`sync job ${job.syncJobId} of ${job.integrationId} restored (${job.state})`);
  }
}

/** Opens the Companion of the demo folder: no tunnel (the emulator delivers to loopback), `sync` control. */
function openDemoCompanion(
  options: Pick<CompanionOptions, 'dataDir' | 'secrets' | 'port' | 'log' | 'demo'>,
  self: () => CompanionService | null,
): Promise<CompanionService> {
  return openCompanion({
    ...options,
    command: 'knit-sync demo',
    noTunnel: true,
    controlMethods: syncControlMethods(self),
  });
}

/** The UI's Scenario menu over the demo's emulator (null while it starts): the emulator's scenarios for its next runs. */
function scenarioMenu(emulator: () => Emulator | null, say: (line: string) => void): DemoControl {
  const view = () => ({
    scenarios: SCENARIOS.map(({ name, description }) => ({ name, description })),
    active: (emulator()?.scenarios ?? []).map((s) => s.name),
  });
  return {
    view,
    setScenarios(names) {
      const unknown = names.filter((name) => !scenarioNamed(name));
      if (unknown.length > 0) throw new InputError(`No scenario named ${unknown.join(', ')} (known: ${SCENARIOS.map((s) => s.name).join(', ')}).`, 'names');
      const running = emulator();
      if (!running) throw new ApiError('failed', 'The emulator is still starting: try again in a moment.');
      running.scenarios = [...new Set(names)].map((name) => scenarioNamed(name)!);
      say(names.length > 0 ? `scenario ${names.join(' + ')} from the next run` : 'no scenario from the next run');
      return view();
    },
  };
}

/**
 * Resolves with the stored run of the job's first initial sync once the emulator delivered it and the store
 * shows it completed with processed = emitted = consumed and every record event stored.
 * @throws CliError when the emulator gave up on some event.
 */
async function completion(companion: CompanionService, job: SyncJob, runs: RunResult[], runEnded: Set<(run: RunResult) => void>): Promise<RunSummary> {
  const isOurs = (run: RunResult) => run.syncJobId === job.syncJobId && run.syncType === 'initial_sync';
  const delivered =
    runs.find(isOurs) ??
    (await new Promise<RunResult>((resolve) => {
      const listener = (run: RunResult) => {
        if (!isOurs(run)) return;
        runEnded.delete(listener);
        resolve(run);
      };
      runEnded.add(listener);
    }));
  if (!delivered.allConsumedDelivered)
    throw new CliError(`the sync run ${delivered.syncRunId} did not complete: ${delivered.failed.length} event(s) were never accepted`);
  const stored = (await companion.listRuns()).find((run) => run.syncRunId === delivered.syncRunId);
  const complete =
    stored?.status === 'completed' &&
    stored.processed === delivered.processed &&
    stored.emitted === delivered.emitted &&
    stored.consumed === delivered.emitted &&
    (stored.counts['record.new'] ?? 0) === delivered.emitted;
  if (!stored || !complete)
    throw new CliError(`the sync run ${delivered.syncRunId} was delivered but is not stored as completed (${JSON.stringify(stored?.counts ?? {})})`);
  return stored;
}
