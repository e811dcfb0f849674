import { beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', async () => (await import('../main/electron-mock')).electron);
import { connectRenderer, contextBridge, ipcRenderer, MockBrowserWindow, reset } from '../main/electron-mock';
import { createCompanionBridge } from '../../../electron/preload/bridge';
import { registerIpcHandlers } from '../../../electron/main/ipc';
import { APP_ORIGIN } from '../../../electron/main/app-origin';
import { COMPANION_METHODS, IPC_SUBSCRIBE_CHANNEL, IPC_UPDATE_CHANNEL, type CompanionApi } from '../../../shared/api/companion-api';
import type { UpdateBatch } from '../../../shared/api/types';
import type { BrowserWindow } from 'electron';
import { FakeCompanion } from '../../support/fake-companion';

let companion: FakeCompanion;
let api: CompanionApi;

beforeEach(() => {
  reset();
  const win = new MockBrowserWindow();
  companion = new FakeCompanion();
  registerIpcHandlers({ window: win as unknown as BrowserWindow, origin: APP_ORIGIN, companion, log: () => undefined });
  api = createCompanionBridge(connectRenderer(win));
});

describe('the preload', () => {
  it('exposes window.knitCompanion with exactly the contract methods and subscribe', async () => {
    vi.resetModules();
    await import('../../../electron/preload/index');
    expect([...contextBridge.exposed.keys()]).toEqual(['knitCompanion']);
    const exposed = contextBridge.exposed.get('knitCompanion') as Record<string, unknown>;
    expect(Object.keys(exposed).sort()).toEqual([...COMPANION_METHODS, 'subscribe'].sort());
    for (const value of Object.values(exposed)) expect(typeof value).toBe('function');
    expect(JSON.stringify(Object.keys(exposed))).not.toMatch(/ipc|invoke|send|on\b/i);
  });

  it('each method invokes its own channel with the input', async () => {
    const invoke = vi.fn(async () => ({ ok: true, result: 'v' }));
    const bridge = createCompanionBridge({ invoke, on: vi.fn() });
    expect(await bridge.getEvent({ eventId: 'e_1' })).toBe('v');
    expect(invoke).toHaveBeenCalledWith('companion:getEvent', { eventId: 'e_1' });
    await bridge.getStatus();
    expect(invoke).toHaveBeenLastCalledWith('companion:getStatus', undefined);
    expect(ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('calls reach the Companion through IPC and come back', async () => {
    const settings = await api.saveSettings({ retentionDays: 14 });
    expect(settings.retentionDays).toBe(14);
    expect((await api.getSettings()).retentionDays).toBe(14);
  });

  it('a refusal or failure is a rejected promise with just the sentence', async () => {
    await expect(api.getEvent({ eventId: '' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'This id cannot be empty.',
      fields: [{ field: 'eventId', message: 'This id cannot be empty.' }],
    });
    companion.listRuns = async () => {
      throw new Error('The store is closed.');
    };
    const error = await api.listRuns().catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('The store is closed.');
  });

  it('a listener receives only the batch (no event object), and unsubscribe stops it', async () => {
    const received: unknown[][] = [];
    const unsubscribe = api.subscribe((...args: unknown[]) => received.push(args));
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    await companion.saveSettings({ retentionDays: 3 });
    expect(received).toHaveLength(1);
    expect(received[0]).toHaveLength(1);
    const batch = received[0]![0] as UpdateBatch;
    expect(
      Object.keys(batch).every((k) => ['events', 'eventsChanged', 'employees', 'runs', 'rejected', 'jobs', 'status', 'settings', 'reset'].includes(k)),
    ).toBe(true);
    expect(batch.settings?.retentionDays).toBe(3);
    unsubscribe();
    await companion.saveSettings({ retentionDays: 4 });
    expect(received).toHaveLength(1);
  });

  it('subscribes once over IPC however many listeners there are', async () => {
    const invoke = vi.fn(async () => ({ ok: true, value: null }));
    const on = vi.fn();
    const bridge = createCompanionBridge({ invoke, on });
    bridge.subscribe(() => undefined);
    bridge.subscribe(() => undefined);
    expect(invoke.mock.calls.filter((c) => (c as unknown[])[0] === IPC_SUBSCRIBE_CHANNEL)).toHaveLength(1);
    expect(on).toHaveBeenCalledTimes(1);
    expect(on.mock.calls[0]![0]).toBe(IPC_UPDATE_CHANNEL);
  });
});

describe('secrets never reach the renderer', () => {
  it('after saving an API key and an ngrok authtoken, nothing the renderer can read holds them', async () => {
    const apiKey = 'knit_live_FAKE_test_key_0123456789'; // made up: the test checks it never reaches the renderer
    const authtoken = '2ngrok_FAKE_test_token_abcdefghij'; // made up, likewise
    const seen: unknown[] = [];
    api.subscribe((batch) => seen.push(batch));
    await new Promise((r) => setTimeout(r, 0));
    seen.push(await api.setApiKey({ environment: 'sandbox', key: apiKey }));
    seen.push(await api.setNgrokAuthtoken({ token: authtoken }));
    for (const method of ['getStatus', 'getSettings', 'listEvents', 'listRuns', 'listEmployees', 'listRejected', 'listJobs'] as const) {
      seen.push(await (api[method] as () => Promise<unknown>)());
    }
    seen.push(await api.exportData({ kind: 'events', format: 'ndjson' }));
    const everything = JSON.stringify(seen);
    expect(everything).toContain('6789'); // keyLast4 is all the UI learns
    expect(everything).not.toContain(apiKey);
    expect(everything).not.toContain(authtoken);
  });
});
