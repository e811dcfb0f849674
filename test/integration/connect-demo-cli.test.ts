/**
 * `knit-sync demo --connect [--app APP] --exit-after-sync`, spawned as a user runs it on a temp data folder:
 * the no-click connect path (session, emulated component, activation, auto-start) prints
 * `connected <integrationId> <app>` and exits 0 once that integration's sync is completed and stored; usage
 * errors exit 2 with one line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, removeDir, runCli, tempDir } from '../support/core';

const env = cliEnv({ KNIT_SYNC_LOG_LEVEL: 'warn', NGROK_AUTHTOKEN: undefined });
let dir: string;
beforeAll(async () => {
  dir = await tempDir('knit-demo-connect-');
});
afterAll(async () => {
  await removeDir(dir);
});

describe('knit-sync demo --connect', () => {
  it('connects, activates, auto-starts and exits 0 once the sync of that integration is stored', async () => {
    const result = await runCli(
      ['demo', '--data', dir, '--port', '0', '--ui-port', '0', '--employees', '15', '--connect', '--app', 'personio', '--exit-after-sync', '--timeout', '60'],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    const match = /^connected (int_\w+) personio$/m.exec(result.stdout);
    expect(match).not.toBeNull();
    const integrationId = match![1]!;
    const runs = await runCli(['export', 'runs', '--data', dir], env);
    const run = runs.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((r) => r.integrationId === integrationId);
    expect(run).toMatchObject({ status: 'completed', emitted: 15, consumed: 15 });
    const events = await runCli(['export', 'events', '--data', dir, '--integration', integrationId], env);
    const activation = events.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { eventType: string })
      .find((e) => e.eventType === 'app.integration.activate');
    expect(activation).toBeDefined();
    const companionJson = JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(`${dir}/companion.json`, 'utf8'))) as {
      connect: { integrations: Array<Record<string, unknown>> };
      settings: { integrations: Array<Record<string, unknown>> };
    };
    expect(companionJson.connect.integrations).toEqual([
      expect.objectContaining({
        integrationId,
        appId: 'personio',
        label: 'personio · Demo Company',
        testAccount: true,
        activation: expect.objectContaining({ state: 'activated', autoStart: expect.objectContaining({ syncJobId: expect.stringMatching(/^sj_/) }) }),
      }),
    ]);
    expect(companionJson.settings.integrations).toContainEqual({ integrationId, label: 'personio · Demo Company', environment: 'demo' });
  }, 90_000);

  it('refuses an unknown app and --app without --connect (exit 2, one line)', async () => {
    for (const args of [
      ['--connect', '--app', 'sap'],
      ['--app', 'hibob'],
    ]) {
      const result = await runCli(['demo', '--data', dir, '--port', '0', '--ui-port', '0', ...args], env);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
