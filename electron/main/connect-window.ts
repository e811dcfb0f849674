/**
 * Knit's UI component in a window of its own (desktop shell, issue 15): its own non-persistent session
 * partition (no cookie, storage or cache shared with the Companion window), sandboxed, context-isolated, no
 * CompanionApi: a dedicated minimal preload (electron/preload/connect.ts) passes back only the component's
 * events, on one channel whose handler accepts them only from a component window and hands them to the
 * Companion with that window's one-purpose page token. The page is a data: URL (an opaque origin) with its
 * own CSP (core/connect/connect-page.ts). Navigation away, webviews and permissions are refused; window.open
 * goes to the browser for https URLs only (a sign-in page of the HR system).
 */
import { BrowserWindow, ipcMain, shell, type WebContents } from 'electron';
import type { ConnectHost } from '../core/companion';
import { renderConnectPage } from '../core/connect/connect-page';
import type { ConnectPage } from '../core/connect/pages';
import { CONNECT_EVENT_CHANNEL } from '../preload/connect-channel';
import { secureWebPreferences } from './window';

/** The open component windows' webContents → their page token. */
const windows = new Map<WebContents, string>();

/**
 * Registers the one IPC handler of component windows; call once. An event from any other webContents is
 * refused (the Companion window has no business on this channel).
 */
export function registerConnectIpc(connect: ConnectHost, log: (line: string) => void): void {
  ipcMain.handle(CONNECT_EVENT_CHANNEL, async (event: { sender: WebContents }, payload: unknown) => {
    const token = windows.get(event.sender);
    if (!token) {
      log('refused a component event from a window that is not a component window');
      throw new Error('Not a component window.');
    }
    return connect.event(token, payload);
  });
}

/** Opens `page` in a new component window; resolves once its load started. */
export async function openConnectWindow(
  page: ConnectPage,
  options: { preloadPath: string; parent: BrowserWindow | null; log: (line: string) => void },
): Promise<BrowserWindow> {
  const win = new BrowserWindow({
    width: 760,
    height: 720,
    title: `Connect an HR system: ${page.originOrgName}`,
    ...(options.parent && { parent: options.parent }),
    webPreferences: { ...secureWebPreferences(options.preloadPath), partition: `knit-connect-${page.connectId}` },
  });
  const contents = win.webContents;
  windows.set(contents, page.token);
  win.on('closed', () => windows.delete(contents));
  contents.on('will-navigate', (event: { preventDefault(): void }) => event.preventDefault());
  contents.on('will-redirect', (event: { preventDefault(): void }) => event.preventDefault());
  contents.on('will-attach-webview', (event: { preventDefault(): void }) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }: { url: string }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    else options.log('refused a component window.open that is not https');
    return { action: 'deny' };
  });
  contents.session.setPermissionRequestHandler((_wc: unknown, _permission: string, callback: (granted: boolean) => void) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
  const { html } = renderConnectPage(page, null);
  await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
  return win;
}
