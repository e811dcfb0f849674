import { beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', async () => (await import('./electron-mock')).electron);
import { invokeEvent, ipcMain, MockBrowserWindow, MockFrame, MockWebContents, reset } from './electron-mock';
import { registerIpcHandlers } from '../../../electron/main/ipc';
import { APP_ORIGIN } from '../../../electron/main/app-origin';
import { COMPANION_METHODS, IPC_SUBSCRIBE_CHANNEL, IPC_UPDATE_CHANNEL, ipcChannel } from '../../../shared/api/companion-api';
import type { BrowserWindow } from 'electron';
import { FakeCompanion } from '../../support/fake-companion';

let win: MockBrowserWindow;
let companion: FakeCompanion;
let logs: string[];

beforeEach(() => {
  reset();
  logs = [];
  win = new MockBrowserWindow();
  companion = new FakeCompanion();
  registerIpcHandlers({ window: win as unknown as BrowserWindow, origin: APP_ORIGIN, companion, log: (l) => logs.push(l) });
});

const call = (channel: string, event: unknown, input?: unknown) => ipcMain.handlers.get(channel)!(event, input);

describe('IPC handlers', () => {
  it('registers one handler per contract method plus the subscription, and nothing else', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...COMPANION_METHODS.map(ipcChannel), IPC_SUBSCRIBE_CHANNEL].sort());
  });

  it('a call from our main frame on our origin reaches the Companion', async () => {
    const result = await call(ipcChannel('getStatus'), invokeEvent(win.webContents));
    expect(result).toEqual({ ok: true, result: await companion.getStatus() });
    const saved = await call(ipcChannel('saveSettings'), invokeEvent(win.webContents), { retentionDays: 30 });
    expect(saved).toMatchObject({ ok: true, result: { retentionDays: 30 } });
    expect(companion.calls.map((c) => c.method)).toContain('saveSettings');
  });

  const foreign: Array<[string, () => unknown]> = [
    ['a subframe', () => invokeEvent(win.webContents, new MockFrame('app://companion/index.html'))],
    ['a frame that is gone', () => invokeEvent(win.webContents, null)],
    ['another window', () => invokeEvent(new MockBrowserWindow().webContents)],
    ['a webContents without a window', () => invokeEvent(new MockWebContents('app://companion/index.html'))],
    [
      'another origin',
      () => {
        win.webContents.mainFrame.url = 'https://evil.example/';
        return invokeEvent(win.webContents);
      },
    ],
    [
      'a look-alike origin',
      () => {
        win.webContents.mainFrame.url = 'app://companion.evil/index.html';
        return invokeEvent(win.webContents);
      },
    ],
  ];

  it.each(foreign)('refuses %s, logs it, and the Companion is not called', async (what, event) => {
    const result = (await call(ipcChannel('purge'), event(), { all: true })) as { ok: boolean; error: string };
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^Refused: it comes from|^Refused: its frame is gone/);
    expect(companion.calls.map((c) => c.method)).not.toContain('purge');
    expect(logs.some((l) => l.startsWith('refused IPC purge'))).toBe(true);
    void what;
  });

  it('refuses a foreign subscription', async () => {
    const result = await call(IPC_SUBSCRIBE_CHANNEL, invokeEvent(win.webContents, new MockFrame('app://companion/')));
    expect(result).toMatchObject({ ok: false });
  });

  it.each([
    ['getEvent', { eventId: 42 }],
    ['getEvent', undefined],
    ['getStatus', { unexpected: true }],
    ['purge', { all: true, integrationId: 'both' }],
    ['setApiKey', { environment: 'sandbox', key: 'short' }],
    ['listEvents', { limit: -1 }],
    ['startSync', 'not an object'],
  ])('refuses a malformed payload for %s with a sentence', async (method, input) => {
    const result = (await call(ipcChannel(method as never), invokeEvent(win.webContents), input)) as { ok: boolean; code: string; error: string };
    expect(result.ok).toBe(false);
    expect(result.code).toBe('invalid_input');
    expect(result.error).toMatch(/\.$/);
    expect(result.error).not.toContain('\n');
    expect(companion.calls.map((c) => c.method)).not.toContain(method);
  });

  it('a refused setApiKey never echoes the key into the answer or the log', async () => {
    const key = 'sk_live_ABCDEFG'.padEnd(5000, 'x');
    const result = (await call(ipcChannel('setApiKey'), invokeEvent(win.webContents), { environment: 'sandbox', key })) as { error: string };
    expect(result.error).not.toContain('sk_live_ABCDEFG');
    expect(logs.join('\n')).not.toContain('sk_live_ABCDEFG');
  });

  it('a Companion error comes back as one sentence, no stack', async () => {
    companion.getStatus = async () => {
      throw new Error('The data folder is locked by another process.\n    at Store.open (store.ts:1:1)');
    };
    const result = await call(ipcChannel('getStatus'), invokeEvent(win.webContents));
    expect(result).toEqual({ ok: false, code: 'failed', error: 'The data folder is locked by another process.' });
  });

  it('forwards update batches to the window once per subscription, and stops when the window closes', async () => {
    const spy = vi.spyOn(companion, 'subscribe');
    await call(IPC_SUBSCRIBE_CHANNEL, invokeEvent(win.webContents));
    await call(IPC_SUBSCRIBE_CHANNEL, invokeEvent(win.webContents)); // a reload subscribes again
    expect(spy).toHaveBeenCalledTimes(1);
    await companion.saveSettings({ retentionDays: 7 });
    const updates = win.webContents.sent.filter((m) => m.channel === IPC_UPDATE_CHANNEL);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.args).toEqual([expect.objectContaining({ settings: expect.objectContaining({ retentionDays: 7 }) })]);
    win.destroy();
    await companion.saveSettings({ retentionDays: 8 });
    expect(win.webContents.sent.filter((m) => m.channel === IPC_UPDATE_CHANNEL)).toHaveLength(1);
    expect(ipcMain.handlers.size).toBe(0);
  });
});
