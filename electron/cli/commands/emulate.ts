/**
 * `knit-sync emulate --to URL [--key-env VAR | --key-file F] [--employees N] [--integration ID]
 * [--delta-every S] [--seed N]`: plays Knit against any webhook, offline. It delivers an initial sync of a
 * generated company (electron/core/emulator) the way Knit does, signed with the API key (from KNIT_API_KEY
 * by default, never from argv), then with --delta-every a delta sync every S seconds until SIGINT/SIGTERM.
 * stdout: one JSON line per run (`"type":"run"`) and a final `"type":"total"` line; stderr: progress, every
 * retry and every event given up on. Exit 0 when every event got a 200, 1 when some never did (or a signal cut a
 * run short), 2 on usage.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { DEFAULT_MODEL_IDS } from '../../../shared/knit/models';
import { Company, MAX_EMPLOYEES } from '../../core/emulator/company';
import type { DeliveryRetryPolicy, RunResult } from '../../core/emulator/delivery';
import { EmulatedJob } from '../../core/emulator/job';
import { describeProgress, describeRetry } from '../../core/emulator/progress';
import { EXIT_FAILURE, usageError } from '../errors';
import { keyFromOptions } from '../key-source';
import { combineScenarios, scenarioNamed, SCENARIOS, type Scenario } from '../../core/emulator/scenarios/scenarios';
import { describeRetrySchedule, ProgressTicker } from '../../core/emulator/scenarios/progress-ticker';

/** Shorter than Knit's days of retries: a handler under test should get its verdict within seconds. */
export const EMULATE_RETRY: DeliveryRetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 4_000 };

interface EmulateOptions {
  to: string;
  keyEnv?: string;
  keyFile?: string;
  employees: string;
  integration: string;
  deltaEvery?: string;
  seed: string;
  scenario?: string[];
  retry?: string;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Adds `emulate` to the program. */
export function register(program: Command): void {
  program
    .command('emulate')
    .description('deliver a generated company to a webhook the way Knit does (signed, one POST per employee, retries), to test a handler offline')
    .requiredOption('--to <url>', 'the webhook URL to deliver to')
    .option('--key-env <var>', 'the environment variable holding the API key that signs deliveries', 'KNIT_API_KEY')
    .option('--key-file <f>', 'a file holding the API key (instead of --key-env)')
    .option('--employees <n>', 'employees in the generated company', '100')
    .option('--integration <id>', 'the X-Knit-Integration-Id to send', 'int_emulated')
    .option('--delta-every <s>', 'after the initial sync, a delta sync every S seconds until Ctrl-C')
    .option('--seed <n>', 'the company seed: the same seed gives the same company and deltas', '1')
    .option('--scenario <name>', 'a situation to play (repeatable, they combine; see below)', collect)
    .option(
      '--retry <n:base_ms:max_ms>',
      `deliveries per event, first backoff and longest backoff (default ${EMULATE_RETRY.attempts}:${EMULATE_RETRY.baseDelayMs}:${EMULATE_RETRY.maxDelayMs})`,
    )
    .addHelpText(
      'after',
      `\nScenarios (--scenario NAME, with any --employees N):\n${SCENARIOS.map((sc) => `  ${sc.name.padEnd(16)} ${sc.description}`).join('\n')}\n\nEach event is delivered ${describeRetry(EMULATE_RETRY)}: ${describeRetrySchedule(EMULATE_RETRY)} (Knit's own schedule spans 4 days; --retry changes it); only HTTP 200 counts.\nLong deliveries print a progress line every 3 s on stderr.\nExit 0 when every event got a 200, 1 when some never did, 2 on a usage error.`,
    )
    .action(async (options: EmulateOptions, command: Command) => {
      const destination = parseUrl(options.to);
      const employees = parseInteger('--employees', options.employees, 1, MAX_EMPLOYEES);
      const seed = parseInteger('--seed', options.seed, -2_147_483_648, 4_294_967_295);
      const deltaEvery = options.deltaEvery === undefined ? null : parseSeconds(options.deltaEvery);
      const scenario = combineScenarios((options.scenario ?? []).map(scenarioOf));
      const retry = options.retry === undefined ? { ...EMULATE_RETRY, ...scenario.retry } : parseRetry(options.retry);
      const apiKey = await keyFromOptions(options, command);

      const company = new Company({ seed, employees });
      scenario.prepareCompany?.(company);
      const runs: RunResult[] = [];
      const ticker = new ProgressTicker((line) => process.stderr.write(`emulate: ${line}\n`), 'events answered');
      const job = new EmulatedJob({
        integrationId: options.integration,
        apiKey,
        company,
        subscription: {
          models: [...(scenario.models ?? DEFAULT_MODEL_IDS)],
          frequency: 'standard',
          destination,
          includeInactiveRecords: scenario.includeInactiveRecords,
        },
        deltaEverySeconds: null,
        shapeChanges: scenario.changes,
        delivery: {
          retry,
          faults: scenario.faults,
          ...(scenario.sequential && { concurrency: 1 }),
          onProgress: (progress) => {
            ticker.observe(progress);
            const line = describeProgress(progress);
            if (line) process.stderr.write(`emulate: ${line}\n`);
          },
        },
        onRun: (result) => {
          runs.push(result);
          process.stdout.write(`${JSON.stringify(runLine(result))}\n`);
        },
      });

      const stop = new AbortController();
      const onSignal = () => {
        process.stderr.write('emulate: stopping\n');
        stop.abort();
        job.close();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        process.stderr.write(
          `emulate: ${employees} employees (seed ${seed}) for integration ${options.integration} to ${destination}${options.scenario ? `, scenario ${options.scenario.join(' + ')}` : ''}\n`,
        );
        process.stderr.write(`emulate: retry schedule ${describeRetrySchedule(retry)} (Knit's spans 4 days)\n`);
        job.startInitialSync();
        await job.idle();
        while (deltaEvery !== null && !stop.signal.aborted) {
          try {
            await sleep(deltaEvery * 1000, undefined, { signal: stop.signal });
          } catch {
            break;
          }
          job.startDeltaSync();
          await job.idle();
        }
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      const total = totalLine(runs);
      process.stdout.write(`${JSON.stringify(total)}\n`);
      if (total.failed > 0) process.stderr.write(`emulate: ${total.failed} event(s) never got a 200\n`);
      if (total.stopped > 0) process.stderr.write('emulate: stopped in the middle of a run: not every event was delivered\n');
      if (total.failed > 0 || total.stopped > 0) process.exitCode = EXIT_FAILURE;
    });
}

/** The stdout line of one run. */
function runLine(r: RunResult) {
  return {
    type: 'run',
    syncRunId: r.syncRunId,
    syncJobId: r.syncJobId,
    syncType: r.syncType,
    processed: r.processed,
    emitted: r.emitted,
    consumed: r.consumed,
    answers: r.answers,
    retries: r.retries,
    failed: r.failed.length,
    processedDelivered: r.processedDelivered,
    allConsumedDelivered: r.allConsumedDelivered,
    aborted: r.aborted,
  };
}

/** The final stdout line: the sums over every run. */
function totalLine(runs: RunResult[]) {
  const answers: Record<string, number> = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.answers)) answers[k] = (answers[k] ?? 0) + v;
  const sum = (f: (r: RunResult) => number) => runs.reduce((n, r) => n + f(r), 0);
  return {
    type: 'total',
    runs: runs.length,
    emitted: sum((r) => r.emitted),
    consumed: sum((r) => r.consumed),
    answers,
    retries: sum((r) => r.retries),
    failed: sum((r) => r.failed.length),
    /** Runs cut short by SIGINT/SIGTERM. */
    stopped: sum((r) => (r.aborted ? 1 : 0)),
  };
}

/** `text` as an http(s) URL; a usage error naming --to otherwise. */
export function parseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(`--to is not a URL: "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError('--to must be an http or https URL');
  return url.href;
}

function parseInteger(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || n < min || n > max) throw usageError(`${flag} must be a whole number from ${min} to ${max}, not "${text}"`);
  return n;
}

function parseSeconds(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > 86_400) throw usageError(`--delta-every must be a number of seconds above 0 (at most 86400), not "${text}"`);
  return n;
}

function scenarioOf(name: string): Scenario {
  const scenario = scenarioNamed(name);
  if (!scenario) throw usageError(`no scenario named "${name}" (known: ${SCENARIOS.map((s) => s.name).join(', ')})`);
  return scenario;
}

/** `--retry N:BASE_MS:MAX_MS`, e.g. `8:500:30000`. */
function parseRetry(text: string): DeliveryRetryPolicy {
  const [attempts = '', base = '', max = ''] = text.split(':');
  return {
    attempts: parseInteger('--retry attempts', attempts, 1, 100),
    baseDelayMs: parseInteger('--retry base_ms', base, 1, 86_400_000),
    maxDelayMs: parseInteger('--retry max_ms', max, 1, 86_400_000),
  };
}
