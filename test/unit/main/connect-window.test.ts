import { beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', async () => (await import('./electron-mock')).electron);
import { contextBridge, invokeEvent, ipcMain, ipcRenderer, MockBrowserWindow, MockEvent, reset, shell } from './electron-mock';
import { openConnectWindow, registerConnectIpc } from '../../../electron/main/connect-window';
import type { ConnectHost } from '../../../electron/core/companion';
import type { ConnectPage } from '../../../electron/core/connect/pages';
import { CONNECT_EVENT_CHANNEL } from '../../../electron/preload/connect-channel';

const page: ConnectPage = {
  token: 'tok_one_purpose_0123456789',
  connectId: 'cn_1',
  environment: 'demo',
  componentUrl: 'https://af1.getknit.dev/knit-ui-comp.js',
  sessionToken: 'ks_session',
  originOrgName: 'Acme <Corp>',
  expiresAt: Date.now() + 60_000,
};
const events: Array<[string, unknown]> = [];
const host: ConnectHost = { page: () => page, event: async (token, event) => (events.push([token, event]), { ok: true }), setWindowOpener: () => undefined };

beforeEach(() => {
  reset();
  events.length = 0;
});

async function open() {
  return (await openConnectWindow(page, {
    preloadPath: '/app/dist/electron/connect-preload.cjs',
    parent: null,
    log: () => undefined,
  })) as unknown as MockBrowserWindow;
}

describe("Knit's UI component window (desktop)", () => {
  it('is sandboxed, isolated, in its own partition, with the dedicated preload', async () => {
    const win = await open();
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/dist/electron/connect-preload.cjs',
      partition: 'knit-connect-cn_1',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(String((win.options.webPreferences as { partition: string }).partition)).not.toMatch(/^persist:/);
  });

  it('loads the component page as a data: URL with its own CSP and the component element', async () => {
    const win = await open();
    expect(win.loadedUrl).toMatch(/^data:text\/html/);
    const html = decodeURIComponent(win.loadedUrl!.slice(win.loadedUrl!.indexOf(',') + 1));
    expect(html).toContain('<script type="module" src="https://af1.getknit.dev/knit-ui-comp.js"></script>');
    expect(html).toContain('<knit-auth authsessiontoken="ks_session"><button slot="trigger"');
    expect(html).toMatch(/http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src https:\/\/af1\.getknit\.dev &#39;nonce-/);
    expect(html).toContain('Acme &#60;Corp&#62;');
    expect(html).toContain('window.knitConnect.send(type, detail)');
    expect(html).not.toContain(page.token); // the token stays in the main process
  });

  it('refuses navigation, webviews and permissions; only https popups go to the browser', async () => {
    const win = await open();
    const nav = new MockEvent('https://evil.example/');
    win.webContents.emit('will-navigate', nav);
    expect(nav.defaultPrevented).toBe(true);
    expect(win.webContents.windowOpenHandler!({ url: 'http://evil.example/' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(win.webContents.windowOpenHandler!({ url: 'https://hr.example/login' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://hr.example/login');
    let granted: boolean | null = null;
    win.webContents.session.permissionRequestHandler!(null, 'media', (g) => (granted = g));
    expect(granted).toBe(false);
  });

  it('passes events from a component window to the Companion with its page token, and refuses other senders', async () => {
    registerConnectIpc(host, () => undefined);
    const win = await open();
    const handler = ipcMain.handlers.get(CONNECT_EVENT_CHANNEL)!;
    await handler(invokeEvent(win.webContents), { type: 'onFinish', detail: { integrationDetails: { integrationId: 'int_1' } } });
    expect(events).toEqual([[page.token, { type: 'onFinish', detail: { integrationDetails: { integrationId: 'int_1' } } }]]);
    const companionWindow = new MockBrowserWindow();
    await expect(handler(invokeEvent(companionWindow.webContents), { type: 'onFinish' })).rejects.toThrow(/Not a component window/);
    win.destroy();
    await expect(handler(invokeEvent(win.webContents), { type: 'onKnitClose' })).rejects.toThrow(/Not a component window/);
    expect(events).toHaveLength(1);
  });
});

describe('the component window preload', () => {
  it('exposes only knitConnect.send, invoking the one channel, and no CompanionApi', async () => {
    await import('../../../electron/preload/connect');
    expect([...contextBridge.exposed.keys()]).toEqual(['knitConnect']);
    const bridge = contextBridge.exposed.get('knitConnect') as Record<string, unknown>;
    expect(Object.keys(bridge)).toEqual(['send']);
    await (bridge.send as (t: string, d: unknown) => Promise<unknown>)('onKnitClose', { knitClosed: true });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(CONNECT_EVENT_CHANNEL, { type: 'onKnitClose', detail: { knitClosed: true } });
  });
});
