/**
 * Both of Knit's `sync.start` bodies against the built-in emulator, through the CompanionApi and the CLI, over
 * real HTTP on loopback: the guide's (frequency, destination) and the current reference's (no destination, no
 * frequency; syncType, honorScheduler, includeInactiveRecords, startHour/startMinute), whose run goes to the
 * webhook registered in the emulator and is stored like any other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_IDS } from '../../shared/knit/models';
import { openCompanion } from '../../electron/core/companion';
import type { CompanionService } from '../../electron/core/companion';
import type { SyncStartBody } from '../../electron/core/emulator/api-server';
import { Emulator, type RunningEmulator } from '../../electron/core/emulator/emulator';
import { silentLogger } from '../../electron/core/log';
import { createHeadlessSecretStore } from '../../electron/core/secrets/headless-secret-store';
import { cliEnv, removeDir, runCli, tempDir } from '../support/core';

const KEY = 'emulated_key_contracts_01';
let dataDir: string;
let companion: CompanionService;
let knit: RunningEmulator;
const bodies: SyncStartBody[] = [];

beforeAll(async () => {
  dataDir = await tempDir('knit-sync-contracts-');
  companion = await openCompanion({ dataDir, secrets: createHeadlessSecretStore(dataDir, {}), port: 0, log: silentLogger, noTunnel: true });
  knit = await Emulator.start({ apiKey: KEY, employees: 5, deltaEverySeconds: null, delivery: { retry: { attempts: 10, baseDelayMs: 5, maxDelayMs: 20 } } });
  const original = knit.emulator.syncStart.bind(knit.emulator);
  knit.emulator.syncStart = (integrationId, body) => {
    bodies.push(body);
    return original(integrationId, body);
  };
  await companion.saveEnvironment({ name: 'emulated', baseUrl: knit.baseUrl });
  await companion.setApiKey({ environment: 'emulated', key: KEY });
});

afterAll(async () => {
  await knit?.close();
  await companion?.close();
  await removeDir(dataDir);
});

async function completedRun(integrationId: string): Promise<void> {
  await knit.emulator.idle();
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if ((await companion.listRuns()).some((r) => r.integrationId === integrationId && r.status === 'completed')) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no completed run for ${integrationId}`);
}

describe('sync.start: both contracts', () => {
  it("sends the guide's body: frequency and destination", async () => {
    const job = await companion.startSync({
      integrationId: 'int_guide',
      environment: 'emulated',
      models: DEFAULT_MODEL_IDS,
      frequency: 'high',
      destination: companion.listenerUrl,
    });
    expect(bodies.at(-1)).toMatchObject({ dataType: 'employee', frequency: 'high', destination: companion.listenerUrl });
    expect(job.dashboardWebhook).toBeUndefined();
    await completedRun('int_guide');
  });

  it('refuses the reference body when no webhook is registered in the emulator, with its sentence', async () => {
    knit.emulator.webhookUrl = null;
    await expect(
      companion.startSync({ integrationId: 'int_ref0', environment: 'emulated', models: DEFAULT_MODEL_IDS, frequency: 'standard', dashboardWebhook: true }),
    ).rejects.toThrow(/no webhook registered/);
  });

  it("sends the reference's body (no destination, no frequency) and the emulator delivers to its registered webhook", async () => {
    knit.emulator.webhookUrl = companion.listenerUrl;
    const job = await companion.startSync({
      integrationId: 'int_ref',
      environment: 'emulated',
      models: DEFAULT_MODEL_IDS,
      frequency: 'standard',
      dashboardWebhook: true,
      includeInactiveRecords: true,
      honorScheduler: true,
      startHour: 2,
      startMinute: 30,
    });
    const body = bodies.at(-1)!;
    expect(body).not.toHaveProperty('destination');
    expect(body).not.toHaveProperty('frequency');
    expect(body).toMatchObject({ dataType: 'employee', honorScheduler: true, includeInactiveRecords: true, startHour: 2, startMinute: 30 });
    expect(job).toMatchObject({ dashboardWebhook: true, stale: null });
    await completedRun('int_ref');
    expect((await companion.listEmployees({ integrationId: 'int_ref' })).length).toBeGreaterThan(0);
  });

  it('refuses startHour without startMinute and a destination with dashboardWebhook', async () => {
    await expect(companion.startSync({ integrationId: 'x', models: DEFAULT_MODEL_IDS, frequency: 'standard', startHour: 1 } as never)).rejects.toThrow(
      /together/,
    );
    await expect(
      companion.startSync({
        integrationId: 'x',
        models: DEFAULT_MODEL_IDS,
        frequency: 'standard',
        dashboardWebhook: true,
        destination: 'http://127.0.0.1:1/x',
      }),
    ).rejects.toThrow(/no destination/);
  });
});

describe('knit-sync sync start: the reference options', () => {
  const env = cliEnv({ KNIT_SYNC_LOG_LEVEL: 'warn', NGROK_AUTHTOKEN: undefined });
  it('checks them as usage errors (exit 2, one line)', async () => {
    const dir = await tempDir('knit-sync-contracts-cli-');
    try {
      const cases: Array<[string[], RegExp]> = [
        [['--sync-type', 'full'], /--sync-type must be initial_sync or delta_sync/],
        [['--start-hour', '3'], /go together/],
        [['--start-hour', '24', '--start-minute', '0'], /--start-hour must be a whole number from 0 to 23/],
        [['--dashboard-webhook', '--destination', 'http://127.0.0.1:1/x'], /sends no destination/],
      ];
      for (const [args, pattern] of cases) {
        const result = await runCli(['sync', 'start', '--integration', 'int_x', '--data', dir, ...args], env);
        expect(result.code, args.join(' ')).toBe(2);
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
        expect(result.stderr).toMatch(pattern);
      }
      const pause = await runCli(['sync', 'pause', '--integration', 'int_x', '--data', dir, '--dashboard-webhook'], env);
      expect(pause.code).toBe(2);
      expect(pause.stderr).toMatch(/apply to start only/);
    } finally {
      await removeDir(dir);
    }
  });
});
