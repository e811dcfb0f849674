/**
 * Connecting through the emulator over real HTTP on loopback, with a real data folder (issue 15): startConnect
 * calls auth.createSession with the environment's key; the component page of the UI server has its own CSP
 * (one script origin and a nonce, sandboxed) and takes only its own session's events; an activation with
 * validation errors marks the integration failed and starts no sync; a clean one starts it; an activation of
 * an odd shape for an unknown integration is stored and listed, never refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCompanion } from '../../electron/core/companion';
import type { CompanionService } from '../../electron/core/companion';
import { emulatedComponentUrl } from '../../electron/core/emulator/auth-session';
import { Emulator, type RunningEmulator } from '../../electron/core/emulator/emulator';
import { silentLogger } from '../../electron/core/log';
import { createHeadlessSecretStore } from '../../electron/core/secrets/headless-secret-store';
import { startUiServer, type UiServer } from '../../electron/core/ui-server';
import { postSigned, removeDir, tempDir } from '../support/core';

const KEY = 'emulated_key_connect_0001';
let dataDir: string;
let companion: CompanionService;
let knit: RunningEmulator;
let ui: UiServer;

const form = {
  environment: 'emu',
  originOrgId: 'org_1',
  originOrgName: 'Acme',
  originUserEmail: 'a@acme.test',
  originUserName: 'Ana',
  testAccount: true,
  apps: [],
};

beforeAll(async () => {
  dataDir = await tempDir('knit-connect-');
  companion = await openCompanion({ dataDir, secrets: createHeadlessSecretStore(dataDir, {}), port: 0, log: silentLogger, noTunnel: true });
  knit = await Emulator.start({ apiKey: KEY, employees: 4, deltaEverySeconds: null, delivery: { retry: { attempts: 10, baseDelayMs: 5, maxDelayMs: 20 } } });
  knit.emulator.webhookUrl = companion.listenerUrl;
  await companion.saveEnvironment({ name: 'emu', baseUrl: knit.baseUrl });
  await companion.setApiKey({ environment: 'emu', key: KEY });
  await companion.saveConnectSettings({ environment: 'emu', componentUrl: emulatedComponentUrl(knit.baseUrl) });
  ui = await startUiServer({ api: companion, port: 0, staticDir: dataDir, connect: companion.connect });
});

afterAll(async () => {
  await ui?.close();
  await knit?.close();
  await companion?.close();
  await removeDir(dataDir);
});

async function until<T>(what: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await what();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts a session, completes it in the emulated component, and posts onFinish to the page like the browser does. */
async function connect(appId: string, failValidation: boolean): Promise<string> {
  const { pagePath } = await companion.startConnect(form);
  const token = pagePath!.split('/').pop()!;
  const integrationDetails = knit.emulator.auth.complete(companion.connect.page(token)!.sessionToken, appId, failValidation);
  const res = await fetch(`http://127.0.0.1:${ui.port}${pagePath}/event`, {
    method: 'POST',
    headers: { origin: 'null', 'content-type': 'text/plain' },
    body: JSON.stringify({ type: 'onFinish', detail: { integrationDetails } }),
  });
  expect(res.status).toBe(200);
  return integrationDetails.integrationId;
}

describe('connecting an HR system', () => {
  it('serves the component page with its own CSP: one script origin, a nonce, sandboxed', async () => {
    const { pagePath } = await companion.startConnect(form);
    const res = await fetch(`http://127.0.0.1:${ui.port}${pagePath}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    const origin = new URL(knit.baseUrl).origin;
    expect(csp).toMatch(new RegExp(`script-src ${origin} 'nonce-[A-Za-z0-9+/=]+'(;|$)`));
    expect(csp).toContain('sandbox allow-scripts');
    expect(csp).not.toContain('allow-same-origin');
    const html = await res.text();
    expect(html).toContain(`<script type="module" src="${origin}/knit-ui-comp.js"></script>`);
    expect(html).toMatch(/<knit-auth authsessiontoken="ks_[\w-]+"><button slot="trigger"/);
  });

  it('takes events only with a live page token, bounded, and the token opens no API', async () => {
    const { pagePath } = await companion.startConnect(form);
    const base = `http://127.0.0.1:${ui.port}`;
    expect((await fetch(`${base}/connect/${'x'.repeat(32)}/event`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${base}${pagePath}/event`, { method: 'POST', body: '{"type":"onHack"}' })).status).toBe(400);
    expect((await fetch(`${base}${pagePath}/event`, { method: 'POST', body: 'x'.repeat(20_000) })).status).toBe(413);
    expect((await fetch(`${base}${pagePath}/event`, { method: 'POST', headers: { origin: 'http://evil.test' }, body: '{}' })).status).toBe(403);
    const token = pagePath!.split('/').pop()!;
    expect((await fetch(`${base}/api/getSettings`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it('marks a failed activation with its errors and starts no sync', async () => {
    const integrationId = await connect('workday', true);
    const entry = await until(async () =>
      (await companion.getConnections()).integrations.find((i) => i.integrationId === integrationId && i.activation?.autoStart),
    );
    expect(entry).toMatchObject({
      label: 'workday · Acme',
      testAccount: true,
      activation: {
        state: 'failed',
        errors: [expect.stringContaining('INVALID_CREDENTIALS')],
        autoStart: { skipped: expect.stringContaining('validation errors') },
      },
    });
    expect((await companion.listJobs()).some((j) => j.integrationId === integrationId)).toBe(false);
    const detail = await companion.getEvent({ eventId: entry.activation!.eventId });
    expect(detail?.activation).toMatchObject({ state: 'failed', integrationId });
  });

  it('starts the sync on a clean activation, with the default models', async () => {
    const integrationId = await connect('bamboohr', false);
    const job = await until(async () => (await companion.listJobs()).find((j) => j.integrationId === integrationId));
    expect(job.environment).toBe('emu');
    expect((await companion.getSettings()).integrations).toContainEqual({ integrationId, label: 'bamboohr · Acme', environment: 'emu' });
    const entry = await until(async () =>
      (await companion.getConnections()).integrations.find((i) => i.integrationId === integrationId && i.activation?.autoStart),
    );
    expect(entry.activation).toMatchObject({ state: 'activated', autoStart: { syncJobId: job.syncJobId } });
  });

  it('an onDeactivate marks the integration deactivated', async () => {
    const integrationId = await connect('hibob', false);
    const { pagePath } = await companion.startConnect(form);
    const res = await fetch(`http://127.0.0.1:${ui.port}${pagePath}/event`, {
      method: 'POST',
      body: JSON.stringify({ type: 'onDeactivate', detail: { isDeactivated: true, integrationDetails: { integrationId } } }),
    });
    expect(res.status).toBe(200);
    expect((await companion.getConnections()).integrations.find((i) => i.integrationId === integrationId)?.deactivatedAt).toEqual(expect.any(String));
    // a page cannot deactivate what is not connected in its environment
    const other = await fetch(`http://127.0.0.1:${ui.port}${pagePath}/event`, {
      method: 'POST',
      body: JSON.stringify({ type: 'onDeactivate', detail: { integrationDetails: { integrationId: 'int_elsewhere' } } }),
    });
    expect(other.status).toBe(400);
  });

  it('stores an activation of an odd shape for an unknown integration, and lists the integration', async () => {
    const res = await postSigned(companion.listenerUrl, '{"eventType":"app.integration.activate","data":{"errors":"token expired"}}', KEY, {
      'X-Knit-Integration-Id': 'int_odd',
    });
    expect(res.status).toBe(200);
    const entry = await until(async () => (await companion.getConnections()).integrations.find((i) => i.integrationId === 'int_odd' && i.activation));
    expect(entry.activation).toMatchObject({ state: 'failed', errors: ['token expired'], eventId: expect.stringMatching(/^sha256:/) });
  });
});
