import { beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', async () => (await import('./electron-mock')).electron);
import { MockBrowserWindow, MockEvent, reset, shell } from './electron-mock';
import { createMainWindow, secureWebPreferences } from '../../../electron/main/window';
import { isAllowedExternalUrl } from '../../../electron/main/external-links';
import { APP_ORIGIN, rendererLocation } from '../../../electron/main/app-origin';

const logs: string[] = [];
function open(origin = APP_ORIGIN) {
  const win = createMainWindow({ preloadPath: '/app/dist/electron/preload.cjs', origin, bounds: null, maximized: false, title: 'T', log: (l) => logs.push(l) });
  return win as unknown as MockBrowserWindow;
}

beforeEach(() => {
  reset();
  logs.length = 0;
});

describe('the main window', () => {
  it('has every security option written out', () => {
    const win = open();
    expect(win.options.webPreferences as Record<string, unknown>).toEqual(secureWebPreferences('/app/dist/electron/preload.cjs'));
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    for (const key of ['contextIsolation', 'sandbox', 'nodeIntegration', 'webSecurity']) {
      expect(Object.keys(win.options.webPreferences as object)).toContain(key);
    }
  });

  it('uses remembered bounds and maximizes when it was', () => {
    const win = createMainWindow({
      preloadPath: 'p',
      origin: APP_ORIGIN,
      bounds: { x: 5, y: 6, width: 900, height: 600 },
      maximized: true,
      title: 'T',
      log: () => undefined,
    }) as unknown as MockBrowserWindow;
    expect(win.options).toMatchObject({ x: 5, y: 6, width: 900, height: 600 });
    expect(win.maximized).toBe(true);
  });

  it.each(['will-navigate', 'will-redirect'])('%s: prevents other origins, allows our own', (name) => {
    const win = open();
    const foreign = new MockEvent('https://evil.example/phish');
    win.webContents.emit(name, foreign);
    expect(foreign.defaultPrevented).toBe(true);
    const lookalike = new MockEvent('app://companion.evil/index.html');
    win.webContents.emit(name, lookalike);
    expect(lookalike.defaultPrevented).toBe(true);
    const file = new MockEvent('file:///etc/passwd');
    win.webContents.emit(name, file);
    expect(file.defaultPrevented).toBe(true);
    const own = new MockEvent('app://companion/index.html#/events');
    win.webContents.emit(name, own);
    expect(own.defaultPrevented).toBe(false);
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(logs.some((l) => l.includes('https://evil.example/phish'))).toBe(true);
  });

  it('a navigation to an allowlisted https page is prevented and opened in the browser instead', () => {
    const win = open();
    const docs = new MockEvent('https://developers.getknit.dev/docs/webhooks');
    win.webContents.emit('will-navigate', docs);
    expect(docs.defaultPrevented).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledWith('https://developers.getknit.dev/docs/webhooks');
  });

  it('in development, the dev server is our origin', () => {
    const { origin } = rendererLocation('http://127.0.0.1:5173/');
    const win = open(origin);
    const dev = new MockEvent('http://127.0.0.1:5173/src/main.tsx');
    win.webContents.emit('will-navigate', dev);
    expect(dev.defaultPrevented).toBe(false);
    const app = new MockEvent('http://127.0.0.1:5174/');
    win.webContents.emit('will-navigate', app);
    expect(app.defaultPrevented).toBe(true);
  });

  it('window.open is always denied; only allowlisted https links reach shell.openExternal', () => {
    const win = open();
    const handler = win.webContents.windowOpenHandler!;
    expect(handler({ url: 'https://dashboard.ngrok.com/get-started/your-authtoken' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'https://github.com/knit/x' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'http://dashboard.ngrok.com/' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'app://companion/index.html' })).toEqual({ action: 'deny' });
    expect(shell.openExternal.mock.calls.map((c) => c[0])).toEqual(['https://dashboard.ngrok.com/get-started/your-authtoken', 'https://github.com/knit/x']);
  });

  it('webviews are refused', () => {
    const win = open();
    const event = new MockEvent();
    win.webContents.emit('will-attach-webview', event);
    expect(event.defaultPrevented).toBe(true);
  });

  it('denies every permission request and check', () => {
    const win = open();
    const session = win.webContents.session;
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation']) {
      const callback = vi.fn();
      session.permissionRequestHandler!(win.webContents, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(session.permissionCheckHandler!(win.webContents, permission)).toBe(false);
    }
  });
});

describe('the external link allowlist', () => {
  it.each([
    ['https://developers.getknit.dev/docs', true],
    ['https://dashboard.ngrok.com/', true],
    ['https://github.com/', true],
    ['http://github.com/', false],
    ['https://github.com.evil.example/', false],
    ['https://user:pass@github.com/', false],
    ['https://github.com:8443/', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url)).toBe(allowed);
  });
});
