import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', async () => (await import('./electron-mock')).electron);
import { app, clipboard, dialog, Menu, MockBrowserWindow, MockEvent, reset, shell } from './electron-mock';
import { aboutText, copyWebhookUrl, exportToFile, installMenu, menuTemplate, type MenuContext } from '../../../electron/main/menu';
import { holdQuitUntilClosed, takeSingleInstanceLock } from '../../../electron/main/lifecycle';
import { applyDevelopmentCsp, devServerUrlOf } from '../../../electron/main/dev-server';
import type { BrowserWindow, MenuItemConstructorOptions, Session } from 'electron';
import { FakeCompanion } from '../../support/fake-companion';

let dir: string;
let companion: FakeCompanion;
let ctx: MenuContext;
beforeEach(async () => {
  reset();
  dir = await mkdtemp(path.join(os.tmpdir(), 'knit-menu-'));
  companion = new FakeCompanion();
  const win = new MockBrowserWindow() as unknown as BrowserWindow;
  ctx = { companion, dataDir: dir, window: () => win, log: () => undefined, packaged: false };
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Finds a menu item by label anywhere in the template. */
function item(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions | undefined {
  for (const entry of template) {
    if (entry.label === label) return entry;
    if (Array.isArray(entry.submenu)) {
      const found = item(entry.submenu, label);
      if (found) return found;
    }
  }
  return undefined;
}

describe('the menu', () => {
  it('has copy webhook URL, open data folder, both exports and about', () => {
    installMenu(ctx);
    const template = (Menu.buildFromTemplate.mock.results[0]!.value as { template: MenuItemConstructorOptions[] }).template;
    expect(Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    for (const label of ['Copy Webhook URL', 'Open Data Folder', 'Export Employees (CSV)…', 'Export Events (NDJSON)…', 'About Knit Sync Companion']) {
      expect(item(template, label)?.click).toBeTypeOf('function');
    }
  });

  it('a packaged build has no developer tools (nor reload) in View; a development run keeps the viewMenu role', () => {
    const view = (packaged: boolean) => menuTemplate({ ...ctx, packaged }).find((m) => m.label === 'View' || m.role === 'viewMenu')!;
    expect(view(false)).toEqual({ role: 'viewMenu' });
    const packaged = view(true);
    const roles = (packaged.submenu as MenuItemConstructorOptions[]).map((i) => i.role).filter(Boolean);
    expect(roles).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(JSON.stringify(menuTemplate({ ...ctx, packaged: true }))).not.toMatch(/toggleDevTools|viewMenu|reload/i);
  });

  it('honours VITE_DEV_SERVER_URL only when the app is not packaged', () => {
    const env = { VITE_DEV_SERVER_URL: 'http://localhost:5173/' };
    expect(devServerUrlOf(env, false)).toBe('http://localhost:5173/');
    expect(devServerUrlOf(env, true)).toBeUndefined();
    expect(devServerUrlOf({ VITE_DEV_SERVER_URL: '' }, false)).toBeUndefined();
  });

  it('copy webhook URL puts CompanionStatus.destination on the clipboard', async () => {
    const destination = (await companion.getStatus()).destination;
    expect(destination).toBeTruthy();
    expect(await copyWebhookUrl(ctx)).toBe(destination);
    expect(clipboard.writeText).toHaveBeenCalledWith(destination);
  });

  it('open data folder opens the data folder', () => {
    (item(menuTemplate(ctx), 'Open Data Folder')!.click as () => void)();
    expect(shell.openPath).toHaveBeenCalledWith(dir);
  });

  it('export asks where to save and writes the Companion’s export (0600)', async () => {
    const target = path.join(dir, 'employees.csv');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    expect(await exportToFile(ctx, { kind: 'employees', format: 'csv' })).toBe(target);
    const expected = await companion.exportData({ kind: 'employees', format: 'csv' });
    expect(await readFile(target, 'utf8')).toBe(expected.content);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    const options = dialog.showSaveDialog.mock.calls[0]![1] as { defaultPath: string };
    expect(path.basename(options.defaultPath)).toBe(expected.filename);
  });

  it('a cancelled export writes nothing; a failed one says why', async () => {
    expect(await exportToFile(ctx, { kind: 'events', format: 'ndjson' })).toBeNull();
    companion.exportData = async () => {
      throw new Error('The store is closed.');
    };
    expect(await exportToFile(ctx, { kind: 'events', format: 'ndjson' })).toBeNull();
    expect(dialog.showMessageBox).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ type: 'error', detail: 'The store is closed.' }));
  });

  it('about shows the app, Electron, Chrome and Node versions', () => {
    const text = aboutText();
    expect(text).toContain('Version 0.1.0');
    expect(text).toMatch(/Electron \S+\nChrome \S+\nNode \S+/);
  });
});

describe('quit and single instance', () => {
  it('holds the quit until the Companion has closed, then exits', async () => {
    let finishClose!: () => void;
    const close = vi.fn(() => new Promise<void>((resolve) => (finishClose = resolve)));
    const saveState = vi.fn(async () => undefined);
    holdQuitUntilClosed([saveState, close], () => undefined);
    const first = new MockEvent();
    app.emit('before-quit', first);
    expect(first.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(close).toHaveBeenCalledTimes(1));
    expect(saveState).toHaveBeenCalledTimes(1);
    expect(app.exit).not.toHaveBeenCalled();
    const second = new MockEvent();
    app.emit('before-quit', second); // pressed quit again while closing
    expect(second.defaultPrevented).toBe(true);
    expect(close).toHaveBeenCalledTimes(1);
    finishClose();
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(0));
  });

  it('a failing close step is logged and the app still exits', async () => {
    const logs: string[] = [];
    holdQuitUntilClosed([async () => Promise.reject(new Error('flush failed')), async () => undefined], (l) => logs.push(l));
    app.emit('before-quit', new MockEvent());
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(0));
    expect(logs).toEqual(['quit: flush failed']);
  });

  it('closing the last window quits (through the held quit)', () => {
    holdQuitUntilClosed([], () => undefined);
    app.emit('window-all-closed');
    expect(app.quit).toHaveBeenCalled();
  });

  it('a second launch focuses the first window; without the lock this instance must quit', () => {
    const win = new MockBrowserWindow();
    win.minimized = true;
    expect(takeSingleInstanceLock(() => win as unknown as BrowserWindow)).toBe(true);
    app.emit('second-instance');
    expect(win.minimized).toBe(false);
    expect(win.focused).toBe(1);
    app.singleInstance = false;
    expect(takeSingleInstanceLock(() => null)).toBe(false);
  });
});

describe('development CSP', () => {
  it('replaces the dev server’s CSP header with the relaxed development policy, only for its origin', () => {
    const win = new MockBrowserWindow();
    const session = win.webContents.session;
    applyDevelopmentCsp(session as unknown as Session, 'http://127.0.0.1:5173/');
    expect(session.headersFilter).toEqual({ urls: ['http://127.0.0.1:5173/*'] });
    const callback = vi.fn();
    session.headersListener!({ responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } }, callback);
    const headers = callback.mock.calls[0]![0].responseHeaders as Record<string, string[]>;
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['X-Other']).toEqual(['1']);
    expect(headers['Content-Security-Policy']![0]).toMatch(/^default-src 'none'; script-src 'self' 'unsafe-inline'/);
  });
});
