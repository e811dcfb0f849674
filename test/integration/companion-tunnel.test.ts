/**
 * The Companion's tunnel wiring, with a fake ngrok provider (ngrok's cloud cannot be reached here) and the
 * emulator as Knit (its deliveries go to a recording fetch: the fake public URLs lead nowhere): the tunnel's
 * status reaches getStatus and an update batch, the destination follows the public URL, a new public URL marks
 * a job stale and, once the user opts in, updates it without an initial sync; the authtoken is never returned
 * or logged.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CompanionStatus, TunnelState, UpdateBatch } from '../../shared/api/types';
import { DEFAULT_MODEL_IDS } from '../../shared/knit/models';
import { openCompanion } from '../../electron/core/companion';
import type { CompanionService } from '../../electron/core/companion';
import { Emulator, type RunningEmulator } from '../../electron/core/emulator/emulator';
import type { Logger } from '../../electron/core/log';
import { createHeadlessSecretStore } from '../../electron/core/secrets/headless-secret-store';
import { NGROK_AUTHTOKEN_SECRET } from '../../electron/core/secrets/secret-store';
import { FakeNgrokProvider } from '../unit/tunnel/fake-ngrok-provider';
import { removeDir, tempDir } from '../support/core';

const GOOD_TOKEN = '2abcdefGoodToken_1234567890';
const KEY = 'tunnel_test_key_8c1d';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A logger that keeps every line. */
function recordingLogger(lines: string[]): Logger {
  const keep = (m: string) => void lines.push(m);
  return { debug: keep, info: keep, warn: keep, error: keep, close: async () => {} };
}

async function open(token: string | null) {
  const dataDir = await tempDir('knit-companion-tunnel-');
  const secrets = createHeadlessSecretStore(dataDir, {});
  if (token) await secrets.set(NGROK_AUTHTOKEN_SECRET, token);
  const provider = new FakeNgrokProvider();
  const lines: string[] = [];
  const companion = await openCompanion({ dataDir, secrets, port: 0, log: recordingLogger(lines), tunnelProvider: provider });
  const batches: UpdateBatch[] = [];
  companion.subscribe((batch) => batches.push(batch));
  cleanups.push(async () => {
    await companion.close();
    await removeDir(dataDir);
  });
  return { companion, provider, batches, lines };
}

function tunnelState(companion: CompanionService, state: TunnelState): Promise<CompanionStatus> {
  return expect
    .poll(async () => (await companion.getStatus()).tunnel.state, { timeout: 5_000 })
    .toBe(state)
    .then(() => companion.getStatus());
}

describe('Companion tunnel wiring', () => {
  it('reports the tunnel in getStatus and an update batch, with the public webhook URL as destination', async () => {
    const { companion, batches } = await open(GOOD_TOKEN);
    const status = await tunnelState(companion, 'online');
    expect(status.tunnel).toMatchObject({ mode: 'ngrok', state: 'online', publicUrl: 'https://fake1.ngrok-free.app', authtokenSet: true });
    expect(status.destination).toBe('https://fake1.ngrok-free.app/knithook');
    expect(status.destinationWarning).toBeNull();
    await expect.poll(() => batches.some((b) => b.status?.tunnel.state === 'online'), { timeout: 2_000 }).toBe(true);
  });

  it('warns that Knit cannot reach a loopback destination, unless the active environment is a Knit on this machine', async () => {
    const { companion } = await open(null);
    await tunnelState(companion, 'error');
    expect((await companion.getStatus()).destinationWarning).toMatch(/loopback/);
    await companion.saveEnvironment({ name: 'local', baseUrl: 'http://127.0.0.1:9/v1.0' });
    await companion.saveSettings({ activeEnvironment: 'local' });
    expect((await companion.getStatus()).destinationWarning).toBeNull();
  });

  it('marks a job stale when the public URL changes, and updates it (no initial sync) once opted in', async () => {
    const { companion, provider, batches } = await open(GOOD_TOKEN);
    const delivered: string[] = [];
    const knit: RunningEmulator = await Emulator.start({
      apiKey: KEY,
      employees: 3,
      deltaEverySeconds: null,
      delivery: { fetch: async (url) => (delivered.push(String(url)), new Response('ok', { status: 200 })) },
    });
    cleanups.push(() => knit.close());
    await companion.saveEnvironment({ name: 'emulated', baseUrl: knit.baseUrl });
    await companion.setApiKey({ environment: 'emulated', key: KEY });
    await tunnelState(companion, 'online');

    const job = await companion.startSync({ integrationId: 'int_t', environment: 'emulated', models: DEFAULT_MODEL_IDS, frequency: 'standard' });
    expect(job).toMatchObject({ destination: 'https://fake1.ngrok-free.app/knithook', stale: null });
    await knit.emulator.idle();
    expect(delivered.every((url) => url === job.destination)).toBe(true);

    provider.loseNetwork();
    provider.restoreNetwork('https://fake9.ngrok-free.app');
    const stale = { destination: 'https://fake1.ngrok-free.app/knithook', current: 'https://fake9.ngrok-free.app/knithook' };
    await expect.poll(async () => (await companion.listJobs())[0]?.stale, { timeout: 2_000 }).toEqual(stale);
    await expect.poll(() => batches.some((b) => b.jobs?.some((j) => j.stale !== null)), { timeout: 2_000 }).toBe(true);

    await companion.saveSettings({ autoUpdateDestination: true });
    const [updated] = await companion.listJobs();
    expect(updated).toMatchObject({ destination: stale.current, stale: null, initialSyncs: 1 });
    expect(knit.emulator.job('int_t')!.subscription.destination).toBe(stale.current);
    expect(knit.emulator.job('int_t')!.initialSyncs).toBe(1);
  });

  it('setNgrokAuthtoken saves and connects without returning or logging the token', async () => {
    const { companion, lines } = await open(null);
    const missing = await tunnelState(companion, 'error');
    expect(missing.tunnel).toMatchObject({ authtokenSet: false, error: { code: 'ERR_NGROK_4018' } });

    const bad = 'not-a-real-token-0000000';
    const refused = await companion.setNgrokAuthtoken({ token: bad });
    expect(refused.tunnel).toMatchObject({ state: 'error', authtokenSet: true, error: { code: 'ERR_NGROK_105' } });
    const online = await companion.setNgrokAuthtoken({ token: GOOD_TOKEN });
    expect(online.tunnel).toMatchObject({ state: 'online', authtokenSet: true });

    const everything = JSON.stringify([refused, online, await companion.getStatus(), await companion.getSettings()]) + lines.join('\n');
    expect(everything).not.toContain(bad);
    expect(everything).not.toContain(GOOD_TOKEN);
    expect(lines.some((l) => l.includes('ngrok authtoken saved'))).toBe(true);
  });
});
